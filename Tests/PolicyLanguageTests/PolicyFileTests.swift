// The bundled policies: they check, every test written beside their rules passes, and no
// document's rate, program name, clause or date is written in Swift.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct PolicyFileTests {
    @Test func theBundledPoliciesCheckAndPassTheirTests() {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        #expect(library.diagnostics.isEmpty, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        #expect(!library.entries.isEmpty)
        var count = 0
        for entry in library.entries {
            for result in library.compiled(entry, traced: true).runTests() {
                count += 1
                for failure in result.failures {
                    Issue.record(
                        "\(entry.info.name): \(result.test.name): expected \(failure.expected.english), got \(failure.actual.english)\n\(failure.trace?.rendered(in: .en) ?? "")"
                    )
                }
            }
        }
        #expect(count >= 10)
    }

    @Test func sourcesNameNoDocumentRateOrClause() throws {
        let sources = Repository.path("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
        let forbidden = ["〔20", "棋源", "陵川焊工", "古陵淘宝客", "晋技能组发", "陵政办发", "普惠制", "就业率", "二(七)", "五(二)"]
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            let text = try String(contentsOfFile: "\(sources)/\(path)", encoding: .utf8)
            for word in forbidden {
                #expect(!text.contains(word), "Sources/\(path) contains \(word): rules and rates belong in policies/")
            }
        }
    }
}
