// Regression testing of rule changes: `policy test` runs the worked examples beside the rules
// and says which failed and why; `policy diff` shows exactly which claims a rule change moves.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct RegressionTests {
    @Test func theBundledPoliciesPassTheirTestsAndTheLastLineCountsThem() throws {
        let console = Console()
        #expect(PolicyCommandLine.run(["test", Repository.path("policies")], console: console) == .success)
        let last = try #require(console.output.split(separator: "\n").last)
        let counts = last.split(separator: " ")
        #expect(counts.count == 4 && counts[1] == "passed," && counts[2] == "0" && counts[3] == "failed")
        #expect((Int(counts[0]) ?? 0) >= 100)
        #expect(!console.output.contains("FAIL"))
    }

    @Test func aFailingTestShowsItsClaimTheOutcomesAndTheDerivation() throws {
        let copy = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": {
                $0.replacingOccurrences(of: "棋源叉车工 | 20 天    | 3500 元", with: "棋源叉车工 | 20 天    | 3600 元")
            }
        ])
        defer { try? FileManager.default.removeItem(at: copy) }
        let console = Console()
        #expect(PolicyCommandLine.run(["test", copy.path], console: console) == .invalidClaim)
        let output = console.output
        #expect(output.contains("FAIL 陵川县2020: \"棋源叉车工 20 天, 就业率 85%: 3500 元\"  (\(copy.path)/lingchuan-2020.policy:"))
        #expect(output.contains("  given    劳务品牌 = 棋源叉车工, 培训天数 = 20 days, 就业率 = 85%\n"))
        #expect(output.contains("  expect   品牌培训补贴 = 3500 yuan  ("))
        #expect(output.contains("  actual   3600 yuan\n"))
        #expect(output.contains("    └─ 品牌培训标准[劳务品牌].补贴 = 3600 yuan  (row 棋源叉车工"))
        #expect(output.hasSuffix(" passed, 1 failed\n"))

        let filtered = Console()
        #expect(PolicyCommandLine.run(["test", copy.path, "--filter", "棋源叉车工 20 天"], console: filtered) == .invalidClaim)
        let last = try #require(filtered.output.split(separator: "\n").last)
        #expect(last.hasPrefix("0 passed, 1 failed, ") && last.hasSuffix(" skipped"))
    }

    @Test func theBundledPoliciesTestsExerciseEveryRuleArmBracketAndRow() {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let results = library.entries.flatMap { entry in
            let compiled = library.compiled(entry, traced: true)
            return entry.program.tests.map { (compiled: compiled, result: compiled.run($0)) }
        }
        let report = CoverageReport(library: library, results: results)
        #expect(report.files.count == library.entries.count)
        for file in report.files {
            #expect(file.total > 0, "\(file.policy) has nothing to cover")
            for point in file.missed {
                Issue.record(
                    "\(file.policy): no test exercises \(point.kind.rawValue) \(point.label) at \(point.span.description)")
            }
        }
        let kinds = Set(library.entries.flatMap { library.compiled($0, traced: true).coverage.map(\.kind) })
        #expect(kinds == [.rule, .branch, .arm, .bracket, .row], "every kind of point appears in the bundled policies")
    }

    @Test func coverageNamesWhatNoTestExercisedWithItsLocation() throws {
        let copy = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": {
                $0.replacingOccurrences(
                    of: "测试 \"市级技能大师工作室 10 万元\" {\n  给定 工作室级别 = 市级\n  期望 技能大师工作室奖励 = 100000 元\n}\n", with: "")
            }
        ])
        defer { try? FileManager.default.removeItem(at: copy) }
        let console = Console()
        #expect(PolicyCommandLine.run(["test", copy.path, "--coverage"], console: console) == .success)
        let path = "\(copy.path)/lingchuan-2020.policy"
        #expect(console.output.contains("  陵川县2020  46 of 47 (97%)  \(path)\n"))
        #expect(console.output.contains(": not exercised: row 市级 of table 技能大师工作室奖励标准\n"))
        let line = try #require(console.output.split(separator: "\n").first { $0.contains("市级 of table") })
        #expect(line.hasPrefix("    \(path):"))
        #expect(console.output.split(separator: "\n").last?.hasSuffix("passed, 0 failed") == true)
    }

    @Test func aFileIsTestedWithThePoliciesBesideIt() throws {
        let file = Repository.path("policies/lingchuan-2020.policy")
        let count = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n测试 \"").count - 1
        let console = Console()
        #expect(PolicyCommandLine.run(["test", file], console: console) == .success)
        #expect(console.output == "\(count) passed, 0 failed\n")
    }

    @Test func brokenPoliciesRunNoTest() throws {
        let copy = try copyOfPolicies(editing: ["shanxi-2022.policy": { $0 + "\nrule 坏: yuan = 1 yuan + 1 days\n" }])
        defer { try? FileManager.default.removeItem(at: copy) }
        let console = Console()
        #expect(PolicyCommandLine.run(["test", copy.path], console: console) == .invalidPolicy)
        #expect(console.output.isEmpty)
        #expect(console.errors.contains("no test is run"))
        #expect(PolicyCommandLine.run(["test", "--filter"], console: Console()) == .usage)
    }

    /// 陵川县's universal training at 180 yuan a day instead of 150.
    static func raisedDailyRate() throws -> URL {
        try copyOfPolicies(editing: [
            "lingchuan-2020.policy": {
                $0.replacingOccurrences(
                    of: "  150 元/天 * 培训天数 至多 1000 元", with: "  180 元/天 * 培训天数 至多 1000 元")
            }
        ])
    }

    /// Universal training of 3 to 9 days for different people, a brand course, and a provincial
    /// order course the county's rate does not touch.
    static let claims: String = {
        var csv = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,劳务品牌,培训天数,就业率,就业群体\n"
        for days in 3...9 { csv += "U\(days),2021-04-10,陵川县,普惠制培训补贴,\(person(days)),电工,初级,,\(days),,退役军人\n" }
        csv += "B1,2021-05-01,陵川县,品牌培训补贴,\(person(20)),叉车司机,初级,棋源叉车工,20,85%,\n"
        csv += "B2,2021-05-01,陵川县,品牌培训补贴,\(person(21)),焊工,初级,陵川焊工,25,60%,\n"
        return csv
    }()

    @Test func aChangedRateReportsExactlyTheClaimsItMovesWithTheirDelta() throws {
        let after = try Self.raisedDailyRate()
        defer { try? FileManager.default.removeItem(at: after) }
        let console = Console(input: Array(Self.claims.utf8))
        let code = PolicyCommandLine.run(
            ["diff", "--before", Repository.path("policies"), "--after", after.path, "-", "--json"], console: console)
        #expect(code == .invalidClaim, "something changed: exit 1")
        let report = try JSONParser.parse(Array(console.output.utf8))
        guard case .array(let changes)? = report["changes"] else { Issue.record("no changes"); return }
        // 3, 4, 5 days: 30 yuan a day more; 6 days: 900 to the cap of 1000; 7 days and more were
        // and stay at the cap; the brand courses, at or below 80%, are not moved.
        #expect(changes.map { $0["id"] } == ["U3", "U4", "U5", "U6"].map { .string($0) })
        #expect(changes.map { $0["delta"] } == ["90", "120", "150", "100"].map { .string($0) })
        #expect(changes.first?["before"]?["amount"] == .string("450"))
        #expect(changes.first?["after"]?["amount"] == .string("540"))
        guard case .array(let rules)? = changes.first?["rules"] else { Issue.record("no rules"); return }
        #expect(rules.contains { $0["rule"] == .string("普惠制补贴标准") && $0["after"] == .string("540 yuan") })
        #expect(report["claims"] == .number("9"))
        #expect(report["changed"] == .number("4"))
        #expect(report["delta"] == .string("460"))
        #expect(
            report["byProgram"]
                == .array([
                    .object([
                        JSONMember(key: "policy", value: .string("陵川县2020")),
                        JSONMember(key: "program", value: .string("普惠制培训补贴")),
                        JSONMember(key: "delta", value: .string("460")),
                    ])
                ]))

        let text = Console(input: Array(Self.claims.utf8))
        _ = PolicyCommandLine.run(["diff", "--before", Repository.path("policies"), "--after", after.path, "-"], console: text)
        #expect(
            text.output.contains(
                "line 2  U3  普惠制培训补贴\n  before   陵川县2020: granted 450 yuan\n  after    陵川县2020: granted 540 yuan   (+90 yuan)\n"))
        #expect(text.output.contains("claims changed 4 of 9; yuan delta +460\n"))
    }

    @Test func anUnchangedCopyReportsNothing() throws {
        let copy = try copyOfPolicies()
        defer { try? FileManager.default.removeItem(at: copy) }
        let console = Console(input: Array(Self.claims.utf8))
        let code = PolicyCommandLine.run(
            ["diff", "--before", Repository.path("policies"), "--after", copy.path, "-"], console: console)
        #expect(code == .success)
        #expect(console.output == "no claim changed: 9 claims are decided the same under both rule sets\n")
        #expect(PolicyCommandLine.run(["diff", "--before", copy.path, "-"], console: Console()) == .usage)
        #expect(
            PolicyCommandLine.run(["diff", "--before", copy.path, "--after", copy.path, "/no/such.csv"], console: Console())
                == .usage)
    }

    @Test func aChangeThatMovesALimitIsReportedOnTheLaterClaims() throws {
        // A rule that now refuses a claim it granted frees the allowance the claim used: a
        // person's first training becomes a refusal, so their fourth, refused before by the limit
        // of three a year, is granted, though none of its own rules changed.
        let after = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": { $0.replacingOccurrences(of: "要求 就业群体 != 其他劳动者", with: "要求 就业群体 != 退役军人") }
        ])
        defer { try? FileManager.default.removeItem(at: after) }
        var csv = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        csv += "L1,2021-01-10,陵川县,普惠制培训补贴,\(person(1)),电工,初级,5,退役军人\n"
        for (index, trade) in ["焊工", "厨师", "育婴员"].enumerated() {
            csv += "L\(index + 2),2021-0\(index + 2)-10,陵川县,普惠制培训补贴,\(person(1)),\(trade),初级,5,贫困劳动力\n"
        }
        let console = Console(input: Array(csv.utf8))
        _ = PolicyCommandLine.run(
            ["diff", "--before", Repository.path("policies"), "--after", after.path, "-", "--json"], console: console)
        let report = try JSONParser.parse(Array(console.output.utf8))
        guard case .array(let changes)? = report["changes"] else { Issue.record("no changes"); return }
        #expect(changes.map { $0["id"] } == [.string("L1"), .string("L4")])
        #expect(changes.map { $0["delta"] } == [.string("-750"), .string("750")])
        #expect(report["delta"] == .string("0"))
        #expect(changes.last?["rules"] == .array([]), "L4's own rules did not change; the limit did")
    }
}
