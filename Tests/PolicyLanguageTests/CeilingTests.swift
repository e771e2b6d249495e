// An `open` parameter's upper bound is a ceiling: a claim asking more is decided with the
// ceiling and says so, citing the clause, in the engine, `eval` (text and JSON) and a batch, in
// both languages. A floor is not a cap, and an ordinary input's bounds still make a claim invalid.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct CeilingTests {
    private static let library = PolicyLibrary.load(paths: [Repository.path("policies")])
    private let policies = ["--policies", Repository.path("policies")]

    private static let english =
        "定向式培训补贴标准 requested 12000 yuan, reduced to the ceiling 10000 yuan [晋办发〔2021〕6号 二(一)]"
    private static let chinese = "定向式培训补贴标准申请12000 元，按上限核减为10000 元 [晋办发〔2021〕6号 二(一)]"

    /// A 定向式 claim of 2021 in 山西省 asking `standard` yuan a person.
    private func claim(_ standard: String, id: String = "D-1") -> String {
        """
        {"id": "\(id)", "date": "2021-06-01", "jurisdiction": "山西省", "program": "产业集群定向式培训补贴",
         "facts": {"已使用电子培训券": true, "培训月数": 4, "取得技能等级证书": true, "定向式培训补贴标准": \(standard)}}
        """
    }

    private func run(_ arguments: [String], input: String, environment: [String: String] = [:]) -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8), environment: environment)
        return (PolicyCommandLine.run(arguments, console: console), console)
    }

    @Test func aRequestAboveTheCeilingIsGrantedTheCeilingWithANote() {
        let decision = Engine(library: Self.library).decide(json: Array(claim("12000").utf8))
        guard case .granted(let amount, _) = decision.outcome else {
            Issue.record("not granted: \(decision.outcome)")
            return
        }
        #expect(amount == ExactDecimal(10000))
        #expect(decision.notes.map(\.english) == [Self.english])
        #expect(decision.notes.map(\.chinese) == [Self.chinese])
    }

    @Test func aRequestWithinTheCeilingHasNoNote() {
        let decision = Engine(library: Self.library).decide(json: Array(claim("10000").utf8))
        guard case .granted(let amount, _) = decision.outcome else {
            Issue.record("not granted: \(decision.outcome)")
            return
        }
        #expect(amount == ExactDecimal(10000))
        #expect(decision.notes.isEmpty)
    }

    @Test func aFloorIsNotACap() {
        // 新型学徒制年补贴标准 is "不低于4000元": 3000 is not reduced or raised, it is invalid.
        let json = """
            {"id": "A-1", "date": "2021-06-01", "jurisdiction": "山西省", "program": "企业新型学徒制培训补贴",
             "facts": {"已使用电子培训券": true, "新型学徒制年补贴标准": 3000}}
            """
        let decision = Engine(library: Self.library).decide(json: Array(json.utf8))
        guard case .invalid(let problems) = decision.outcome else {
            Issue.record("not invalid: \(decision.outcome)")
            return
        }
        #expect(problems.map(\.english) == ["the fact 新型学徒制年补贴标准 is 3000 yuan, below the lowest allowed value, 4000 yuan"])
        #expect(decision.notes.isEmpty)
    }

    @Test func anOrdinaryInputsBoundStillMakesTheClaimInvalid() throws {
        let policy = """
            policy 甲 {
              title "甲"
              document "甲〔2021〕1号"
              jurisdiction 甲省
              in force 2021-01-01 to 2021-12-31
            }

            input 人数: persons at most 100 persons
            open 标准: yuan at most 500 yuan cite "一"

            program 补贴: yuan cite "一" = 标准 * 人数 / 1 person
            """
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try policy.write(to: directory.appendingPathComponent("a.policy"), atomically: true, encoding: .utf8)
        let library = PolicyLibrary.load(paths: [directory.path])
        func decide(_ facts: String) -> Decision {
            Engine(library: library).decide(
                json: Array(
                    #"{"id": "X", "date": "2021-06-01", "jurisdiction": "甲省", "program": "补贴", "facts": {\#(facts)}}"#.utf8))
        }
        let over = decide(#""人数": 101, "标准": 400"#)
        guard case .invalid(let problems) = over.outcome else {
            Issue.record("not invalid: \(over.outcome)")
            return
        }
        #expect(problems.map(\.english) == ["the fact 人数 is 101 persons, above the highest allowed value, 100 persons"])
        let capped = decide(#""人数": 2, "标准": 600"#)
        guard case .granted(let amount, _) = capped.outcome else {
            Issue.record("not granted: \(capped.outcome)")
            return
        }
        #expect(amount == ExactDecimal(1000))
        #expect(capped.notes.map(\.english) == ["标准 requested 600 yuan, reduced to the ceiling 500 yuan [甲〔2021〕1号 一]"])
    }

    @Test func evalSaysSoInTextAndJSONInBothLanguages() throws {
        let (code, console) = run(["eval", "-"] + policies, input: claim("12000"))
        #expect(code == .success)
        #expect(console.output.hasPrefix("D-1  granted  10000 yuan\n"))
        #expect(console.output.contains("\n  note        \(Self.english)\n"))
        let (zhCode, zh) = run(["eval", "-", "--lang", "zh"] + policies, input: claim("12000"))
        #expect(zhCode == .success)
        #expect(zh.output.contains("\n  说明      \(Self.chinese)\n"))

        for (language, expected) in [("en", Self.english), ("zh", Self.chinese)] {
            let (jsonCode, json) = run(["eval", "-", "--json", "--lang", language] + policies, input: claim("12000"))
            #expect(jsonCode == .success)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
            #expect(object["amount"] as? String == "10000")
            #expect(object["notes"] as? [String] == [expected])
        }
        // No reduction, no `notes`.
        let (_, plain) = run(["eval", "-", "--json"] + policies, input: claim("9000"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(plain.output.utf8)) as? [String: Any])
        #expect(object["notes"] == nil)
    }

    @Test func aBatchSaysSoInItsReasonsInBothLanguagesOnBothPaths() {
        let csv =
            "id,date,jurisdiction,program,已使用电子培训券,培训月数,取得技能等级证书,定向式培训补贴标准\n"
            + "C1,2021-06-01,山西省,产业集群定向式培训补贴,true,4,true,12000\n"
            + "C2,2021-06-01,山西省,产业集群定向式培训补贴,true,4,true,9000\n"
            + "C3,2021-06-01,山西省,产业集群定向式培训补贴,true,4,true,10000\n"
        for (language, expected) in [(Language.en, Self.english), (.zh, Self.chinese)] {
            let (code, console) = run(["run", "-", "--lang", language == .en ? "en" : "zh"] + policies, input: csv)
            #expect(code == .success)
            let results = rows(console.output)
            #expect(results.map { $0["amount"] ?? "?" } == ["10000", "9000", "10000"])
            #expect(results.map { $0["reasons"] ?? "?" } == [expected, "", ""])
        }
        // JSON lines go through the engine's own fact decoding: the same amount and words.
        let lines = claim("12000").replacingOccurrences(of: "\n", with: "") + "\n"
        let (code, console) = run(["run", "-", "--format", "jsonl"] + policies, input: lines)
        #expect(code == .success)
        let object = try? JSONSerialization.jsonObject(with: Data(console.output.utf8)) as? [String: Any]
        #expect(object?["amount"] as? String == "10000")
        #expect(object?["reasons"] as? [String] == [Self.english])
    }
}
