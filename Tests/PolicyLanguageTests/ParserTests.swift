// The parser: the shape of the tree, error recovery, and a golden file of rendered diagnostics.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct ParserTests {
    private func parse(_ text: String) -> (PolicyFile, [Diagnostic]) {
        Parser.parse(SourceFile(path: "t.policy", text: testHeader + text))
    }

    @Test func headerFields() throws {
        let (file, diagnostics) = Parser.parse(
            SourceFile(
                path: "t",
                text: """
                    policy 陵川县2020 {
                      title "陵川县方案"
                      document "陵政办发〔2020〕62号"
                      jurisdiction 山西省/晋城市/陵川县
                      extends 山西省2021
                      in force 2020-09-10 to 2021-12-31
                    }
                    """))
        #expect(diagnostics.isEmpty)
        let header = try #require(file.header)
        #expect(header.name.name == "陵川县2020")
        #expect(header.jurisdiction?.map(\.name) == ["山西省", "晋城市", "陵川县"])
        #expect(header.extends?.name == "山西省2021")
        #expect(header.period?.start.date == CalendarDate(year: 2020, month: 9, day: 10))
    }

    @Test func capsBindAfterArithmeticAndIfExtendsRight() throws {
        let (file, diagnostics) = parse("rule a: yuan cite \"x\" = if b then 150 yuan/day * c at most 1000 yuan else d")
        #expect(diagnostics.isEmpty)
        guard case .rule(let rule) = file.declarations[0],
            case .conditional(_, let whenTrue, _) = rule.body.kind,
            case .bound(.atMost, let capped, _) = whenTrue.kind,
            case .binary(.multiply, _, _) = capped.kind
        else {
            Issue.record("unexpected tree: \(file.declarations)")
            return
        }
    }

    @Test func requireListsPrecedeTheValue() throws {
        let (file, diagnostics) = parse(
            """
            rule a: yuan cite "x" =
              require b >= 12 months else "不足12个月"
              require c else "无电子券"
              400 yuan
            """)
        #expect(diagnostics.isEmpty)
        guard case .rule(let rule) = file.declarations[0], case .require(let requirements, _) = rule.body.kind else {
            Issue.record("expected a require")
            return
        }
        #expect(requirements.map(\.reason.text) == ["不足12个月", "无电子券"])
    }

    @Test func tableRowsAreLines() throws {
        let (file, diagnostics) = parse(
            """
            table t by k cite "x" {
              k    | v
              甲   | 1 yuan
              乙   | -2 yuan
            }
            """)
        #expect(diagnostics.isEmpty)
        guard case .table(let table) = file.declarations[0] else { return }
        #expect(table.columns.map(\.name) == ["k", "v"])
        #expect(table.rows.count == 2)
        #expect(table.rows.allSatisfy { $0.cells.count == 2 })
    }

    @Test func oneRunReportsEveryBrokenDeclaration() {
        let (file, diagnostics) = parse(
            """
            rule a: yuan cite "x" = 3 yuan +
            rule b: yuan cite "x" = 4 yuan
            input c days
            rule d yuan = 1 yuan
            rule e: yuan cite "x" = (1 yuan
            enum f { 甲, 乙 }
            """)
        #expect(diagnostics.map(\.code.rawValue) == ["syntax", "syntax", "syntax", "syntax"])
        // Each error is reported where the unexpected token is: the line after an unfinished rule.
        #expect(diagnostics.map { $0.location!.line } == [8, 9, 10, 12])
        // The well-formed declarations between the broken ones survive.
        #expect(file.declarations.compactMap(\.name?.name) == ["b", "f"])
    }

    @Test func deepNestingIsADiagnosticNotACrash() {
        let text = "rule a: number = " + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let (_, diagnostics) = parse(text)
        #expect(diagnostics.map(\.code.rawValue) == ["nested-too-deeply"])
    }

    @Test func singleEqualsInAComparisonIsExplained() {
        let (_, diagnostics) = parse("rule a: bool = b = 3")
        #expect(diagnostics.map(\.code.rawValue) == ["single-equal"])
        #expect(diagnostics[0].hint?.english == "write == to compare two values")
    }

    /// Renders the diagnostics of every broken policy under Fixtures/diagnostics, in each language,
    /// and compares them with the recorded `.expected` (English) or `.zh.expected` (Chinese) file.
    /// Re-record after an intended change with `RECORD_GOLDENS=1 swift test --filter goldenDiagnostics`.
    @Test(arguments: Language.allCases) func goldenDiagnostics(in language: Language) throws {
        let directory = Repository.path("Tests/PolicyLanguageTests/Fixtures/diagnostics")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".policy") }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let path = "\(directory)/\(name)"
            let library = PolicyLibrary.load(sources: [
                SourceFile(path: "Fixtures/diagnostics/\(name)", bytes: [UInt8](FileManager.default.contents(atPath: path)!))
            ])
            let rendered = DiagnosticRenderer(useColor: false, language: language).render(library.diagnostics)
            let suffix = language == .en ? ".expected" : ".\(language.rawValue).expected"
            let expectedPath = path.replacingOccurrences(of: ".policy", with: suffix)
            if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
                try rendered.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
            #expect(rendered == expected, "diagnostics of \(name) changed:\n\(rendered)")
            #expect(library.hasErrors, "\(name) should be broken")
        }
    }
}
