// Regression testing of rule changes: `policy test` runs the worked examples beside the rules
// and says which failed and why.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

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
                $0.replacingOccurrences(of: "棋源叉车工 | 20 days  | 3500 yuan", with: "棋源叉车工 | 20 days  | 3600 yuan")
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

    @Test func brokenPoliciesRunNoTest() throws {
        let copy = try copyOfPolicies(editing: ["shanxi-2022.policy": { $0 + "\nrule 坏: yuan = 1 yuan + 1 days\n" }])
        defer { try? FileManager.default.removeItem(at: copy) }
        let console = Console()
        #expect(PolicyCommandLine.run(["test", copy.path], console: console) == .invalidPolicy)
        #expect(console.output.isEmpty)
        #expect(console.errors.contains("no test is run"))
        #expect(PolicyCommandLine.run(["test", "--filter"], console: Console()) == .usage)
    }
}
