// Keeps Grammar/ honest: the EBNF names every keyword and symbol the lexer knows, every
// snippet in the guide parses, and the example policies check and pass their own tests.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct GrammarTests {
    @Test func theGrammarNamesEveryKeywordAndSymbol() throws {
        let grammar = try Repository.read("Grammar/policy.ebnf")
        // Terminals are quoted on one line: "rule", '"'.
        let pattern = try Regex(#""([^"\n]+)"|'([^'\n]+)'"#)
        var terminals: Set<String> = []
        for match in grammar.matches(of: pattern) {
            if let quoted = match.output[1].substring ?? match.output[2].substring { terminals.insert(String(quoted)) }
        }
        let missingKeywords = Keyword.allCases.map(\.rawValue).filter { !terminals.contains($0) }
        let missingSymbols = Symbol.allCases.map(\.rawValue).filter { !terminals.contains($0) }
        #expect(missingKeywords.isEmpty, "Grammar/policy.ebnf does not mention the keywords \(missingKeywords)")
        #expect(missingSymbols.isEmpty, "Grammar/policy.ebnf does not mention the symbols \(missingSymbols)")
    }

    @Test func everySnippetInTheGuideParses() throws {
        let guide = try Repository.read("Grammar/README.md")
        let snippets = guide.components(separatedBy: "```policy\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(snippets.count >= 8)
        for (index, snippet) in snippets.enumerated() {
            // A snippet with a header of its own, in either keyword set, parses as written.
            let hasHeader =
                snippet.contains("policy ") && snippet.contains("in force") || snippet.hasPrefix("政策 ") && snippet.contains("施行")
            let text = hasHeader ? snippet : testHeader + snippet
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
                        "\(entry.info.name): \(result.test.name): expected \(failure.expected.english), got \(failure.actual.english)\n\(failure.trace?.rendered(in: .en) ?? "")"
                    )
                }
            }
        }
    }
}
