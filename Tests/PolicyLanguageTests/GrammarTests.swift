// Keeps Grammar/ honest: the EBNF names every keyword and symbol the lexer knows, every
// snippet in the guide parses, and the example policies check and pass their own tests.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct GrammarTests {
    @Test func theGrammarNamesEveryKeywordAndSymbol() throws {
        let grammar = try Repository.read("Grammar/policy.ebnf")
        // Terminals are written between double or single quotes.
        var terminals: Set<String> = []
        for quote in ["\"", "'"] {
            let parts = grammar.components(separatedBy: quote)
            for index in stride(from: 1, to: parts.count, by: 2) { terminals.insert(parts[index]) }
        }
        for keyword in Keyword.allCases {
            #expect(terminals.contains(keyword.rawValue), "Grammar/policy.ebnf does not mention the keyword \(keyword.rawValue)")
        }
        for symbol in Symbol.allCases {
            #expect(terminals.contains(symbol.rawValue), "Grammar/policy.ebnf does not mention the symbol \(symbol.rawValue)")
        }
    }

    @Test func everySnippetInTheGuideParses() throws {
        let guide = try Repository.read("Grammar/README.md")
        let snippets = guide.components(separatedBy: "```policy\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(snippets.count >= 8)
        for (index, snippet) in snippets.enumerated() {
            let text = snippet.contains("policy ") && snippet.contains("in force") ? snippet : testHeader + snippet
            let (_, diagnostics) = Parser.parse(SourceFile(path: "Grammar/README.md snippet \(index + 1)", text: text))
            #expect(
                diagnostics.isEmpty,
                "snippet \(index + 1) does not parse:\n\(DiagnosticRenderer(useColor: false).render(diagnostics))\n\(snippet)")
        }
    }

    @Test func theExamplePoliciesCheckAndPassTheirTests() {
        let library = PolicyLibrary.load(paths: [Repository.path("Grammar/examples")])
        #expect(library.diagnostics.isEmpty, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        #expect(library.entries.count == 2)
        for entry in library.entries {
            let results = library.compiled(entry, traced: true).runTests()
            #expect(!results.isEmpty)
            for result in results {
                for failure in result.failures {
                    Issue.record(
                        "\(entry.info.name): \(result.test.name): expected \(failure.expected), got \(failure.actual)\n\(failure.trace?.rendered() ?? "")"
                    )
                }
            }
        }
    }
}
