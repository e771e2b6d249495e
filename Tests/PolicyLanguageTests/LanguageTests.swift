// What the engine says is a phrase in both languages until it is written: one library and its
// compiled programs serve an English and a Chinese reader alike, and a Chinese batch's results
// are Chinese throughout. (Before, the language was read when a text was made: a program
// compiled for an English batch kept its English limit refusals for a Chinese one, and the batch
// wrote some reasons in English whatever the language.)

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct LanguageTests {
    /// Certificates (a limit on claims: one per person per level) and a course's resource subsidy
    /// (a limit on an amount: 4000 yuan per course).
    static let claims =
        "id,date,jurisdiction,program,身份证号,证书等级,初次取证,已使用电子培训券,线上平台,课程编号,课程等级,课程资源补贴申请额\n"
        + "D1,2022-03-01,山西省,职业技能等级证书补贴,140524199203150018,初级工,true,true,,,,\n"
        + "D2,2022-04-01,山西省,职业技能等级证书补贴,140524199203150018,初级工,true,true,,,,\n"
        + "R1,2022-03-01,山西省,线上课程资源补贴,,,,,平台甲,K-01,中级工,4000\n"
        + "R2,2022-05-01,山西省,线上课程资源补贴,,,,,平台甲,K-01,中级工,10\n"

    private func run(_ library: PolicyLibrary, _ language: Language, _ text: String = claims) -> [[String]] {
        var source = BytesSource(Array(text.utf8))
        var written: [UInt8] = []
        let runner = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv, language: language)
        _ = runner.run(&source, inputFormat: .csv, write: { written.append(contentsOf: $0) })
        var reader = CSVReader(bytes: written)
        var rows: [[String]] = []
        while case .success(let record)? = reader.next() { rows.append(record.fields) }
        return rows
    }

    @Test func aLibraryCompiledForOneLanguageSpeaksTheOtherToo() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let english = run(library, .en)
        let chinese = run(library, .zh)
        try #require(english.count == 5 && chinese.count == 5, "\(english) \(chinese)")
        let reasons = 6
        // The same decisions, each reason in its reader's language.
        #expect(english.map { $0[4] } == chinese.map { $0[4] })
        #expect(english[2][reasons].contains("the limit"), "\(english[2])")
        #expect(english[4][reasons].contains("the limit"), "\(english[4])")
        #expect(chinese[2][reasons].hasPrefix("限额"), "\(chinese[2])")
        #expect(chinese[4][reasons].hasPrefix("限额"), "\(chinese[4])")
        for row in chinese.dropFirst() { #expect(!row[reasons].contains("the limit"), "\(row)") }
        // And back: an English batch after the Chinese one on the same library.
        #expect(run(library, .en) == english)
    }

    @Test func anExplainedDecisionIsRenderedInEitherLanguage() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let json = try String(contentsOfFile: Repository.path("examples/forklift.json"), encoding: .utf8)
        let decision = Engine(library: library).decide(json: Array(json.utf8))
        let trace = try #require(decision.trace)
        let english = trace.rendered(in: .en)
        let chinese = trace.rendered(in: .zh)
        #expect(english != chinese)
        #expect(english.contains("yuan"), "\(english)")
        #expect(chinese.contains("元"), "\(chinese)")
        #expect(!chinese.contains(" yuan"), "\(chinese)")
    }

    @Test func aChineseBatchWritesEveryReasonInChinese() throws {
        let header = "id,date,jurisdiction,program,身份证号\n"
        // A row without an id, a row with too few fields, a bad date and an unknown program: the
        // reasons the batch itself gives, each in Chinese.
        let text =
            header + ",2022-03-01,山西省,职业技能等级证书补贴,140524199203150018\n" + "A2,2022-03-01\n"
            + "A3,2022-02-30,山西省,职业技能等级证书补贴,140524199203150018\n"
            + "A4,2022-03-01,山西省,没有这个项目,140524199203150018\n"
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let rows = run(library, .zh, text)
        try #require(rows.count == 5, "\(rows)")
        let reasons = rows.dropFirst().map { $0.count > 6 ? $0[6] : "" }
        #expect(reasons[0].contains("该行没有编号"), "\(reasons[0])")
        #expect(reasons[1].contains("该行有 2 个字段，表头有 5 个"), "\(reasons[1])")
        for reason in reasons {
            #expect(reason.hasPrefix("第"), "\(reason)")
            #expect(reason.range(of: "[A-Za-z]{4,}", options: .regularExpression) == nil, "an English word in: \(reason)")
        }
    }
}
