// `policy changes` and the rule-level part of `policy diff`: what a policy changes relative to
// another, rule by rule, on small invented policies written here (a province's two years, a
// county on each) and on the bundled ones (陵川县's brand table with 棋源叉车工 at 3500 and at
// 3800 yuan), in both languages, and under each change the claims of a batch it moved.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct ChangesTests {
    private func run(_ arguments: [String], input: String = "") -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8))
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    /// A directory holding the given files, removed by the caller.
    private func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    // MARK: Invented policies

    /// A province's year: a daily rate and universal training priced by it.
    static func province(_ year: Int, rate: String = "100", cap: String = "") -> String {
        """
        policy 省\(year) {
          title        "示例省\(year)年方案"
          document     "省〔\(year)〕1号"
          jurisdiction 山西省
          in force     \(year)-01-01 to \(year)-12-31
        }
        input 培训天数: days
        input 身份证号: identity
        rule 日标准: yuan/day cite "一" = \(rate) yuan/day
        program 普惠补贴: yuan cite "二" = 日标准 * 培训天数\(cap)

        """
    }

    /// The county's 2021 plan on the province's 2021 plan, in English keywords.
    static func county2021(forklift: String = "3500 yuan | true") -> String {
        """
        policy 县2021 {
          title        "示例县方案"
          document     "县〔2021〕1号"
          jurisdiction 山西省/晋城市/陵川县
          extends      省2021
          in force     2021-01-01 to 2021-12-31
        }
        enum 品牌 { 叉车工, 焊工 }
        input 劳务品牌: 品牌
        input 就业: bool
        // The brands' rates; 限就业: paid only to a trainee who found work.
        table 品牌标准 by 品牌 cite "三" {
          品牌   | 补贴      | 限就业
          叉车工 | \(forklift)
          焊工   | 3000 yuan | false
        }
        program 品牌补贴: yuan cite "三" =
          require 就业 or not 品牌标准[劳务品牌].限就业 else "须就业"
          品牌标准[劳务品牌].补贴
        limit 每人一次 cite "四" {
          for 品牌补贴
          per 身份证号
          at most 1 claim
        }

        """
    }

    /// The county's 2022 plan, a copy of 2021's in Chinese keywords on the province's 2022 plan:
    /// 叉车工 raised to 3800 yuan for anyone, 厨师 added, the limit dropped. Its program
    /// reads as 2021's, in other words and another layout.
    static let county2022 = """
        政策 县2022 {
          标题 "示例县方案"
          文号 "县〔2022〕1号"
          辖区 山西省/晋城市/陵川县
          依据 省2022
          施行 2022-01-01 至 2022-12-31
        }
        枚举 品牌 { 叉车工, 焊工, 厨师 }
        输入 劳务品牌: 品牌
        输入 就业: 是否
        表 品牌标准 按 品牌 引用 "三" {
          品牌   | 补贴    | 限就业
          叉车工 | 3800 元 | 否
          厨师   | 3000 元 | 是
          焊工   | 3000 元 | 否
        }
        项目 品牌补贴: 元 引用 "三" = 要求 就业 或 非 品牌标准[劳务品牌].限就业 否则 "须就业"
          品牌标准[劳务品牌].补贴

        """

    private func inventedLibrary() throws -> URL {
        try directory([
            "p2021.policy": Self.province(2021), "p2022.policy": Self.province(2022, rate: "120"),
            "c2021.policy": Self.county2021(), "c2022.policy": Self.county2022,
        ])
    }

    @Test func aCountysNextPlanRuleByRule() throws {
        let library = try inventedLibrary()
        defer { try? FileManager.default.removeItem(at: library) }
        let arguments = ["changes", "县2022", "县2021", "--policies", library.path]
        let (code, english) = run(arguments)
        #expect(code == .success, "\(english.errors)")
        #expect(
            english.output == """
                县2022 against 县2021:
                  document: 县〔2021〕1号 → 县〔2022〕1号
                  in force: 2021-01-01 to 2021-12-31 → 2022-01-01 to 2022-12-31
                  parent: 省2021 → 省2022
                  enum 品牌: cases added: 厨师
                  品牌标准 row 叉车工: 补贴 3500 yuan → 3800 yuan; 限就业 true → false   [县〔2022〕1号 三]
                  品牌标准 row 厨师 added: 补贴 3000 yuan, 限就业 true   [县〔2022〕1号 三]
                  limit 每人一次 removed   [县〔2021〕1号 四]
                inherited definitions that moved because a parent changed (neither 县2022 nor 县2021 writes them):
                  rule 日标准 redefined   [省〔2022〕1号 一]
                    was  rule 日标准: yuan/day cite "一" = 100 yuan/day
                    now  rule 日标准: yuan/day cite "一" = 120 yuan/day

                """)
        let chinese = run(arguments + ["--lang", "zh"]).1
        #expect(
            chinese.output == """
                县2022 相对于 县2021 的变化：
                  文号：县〔2021〕1号 → 县〔2022〕1号
                  施行期间：2021-01-01 至 2021-12-31 → 2022-01-01 至 2022-12-31
                  上级政策：省2021 → 省2022
                  枚举 品牌：新增 厨师
                  品牌标准 “叉车工”行：补贴 3500 元 → 3800 元；限就业 是 → 否   [县〔2022〕1号 三]
                  品牌标准 “厨师”行 新增：补贴 3000 元，限就业 是   [县〔2022〕1号 三]
                  限额 每人一次 删除   [县〔2021〕1号 四]
                因上级政策变化而改变的沿用规定（县2022 与 县2021 均未自行规定）：
                  规则 日标准 重新定义   [省〔2022〕1号 一]
                    原为  rule 日标准: yuan/day cite "一" = 100 yuan/day
                    现为  rule 日标准: yuan/day cite "一" = 120 yuan/day

                """)

        let json = try JSONParser.parse(Array(run(arguments + ["--json"]).1.output.utf8))
        #expect(json["new"] == .string("县2022"))
        #expect(json["old"] == .string("县2021"))
        guard case .array(let changes)? = json["changes"] else {
            Issue.record("no changes")
            return
        }
        let row = try #require(changes.first { $0["subject"] == .string("row") && $0["key"] == .string("叉车工") })
        #expect(row["name"] == .string("品牌标准"))
        #expect(row["change"] == .string("changed"))
        #expect(row["inherited"] == .bool(false))
        #expect(row["citation"] == .string("县〔2022〕1号 三"))
        #expect(
            row["values"]
                == .array([
                    .object([
                        JSONMember(key: "label", value: .string("补贴")), JSONMember(key: "before", value: .string("3500 yuan")),
                        JSONMember(key: "after", value: .string("3800 yuan")),
                    ]),
                    .object([
                        JSONMember(key: "label", value: .string("限就业")), JSONMember(key: "before", value: .string("true")),
                        JSONMember(key: "after", value: .string("false")),
                    ]),
                ]))
        let rate = try #require(changes.last)
        #expect(rate["subject"] == .string("rule") && rate["name"] == .string("日标准") && rate["inherited"] == .bool(true))
    }

    @Test func theSameRulesInOtherWordsAreNoChange() throws {
        // The 2021 county plan converted to Chinese keywords and laid out again by `policy fmt`,
        // then read from another directory as the earlier version of itself.
        let english = Self.county2021()
        let converted = try #require(Formatter.format(SourceFile(path: "c2021.policy", text: english), keywords: .zh).text)
        #expect(converted.contains("项目 品牌补贴"))
        let before = try directory(["p2021.policy": Self.province(2021), "c2021.policy": english])
        let after = try directory(["p2021.policy": Self.province(2021), "c2021.policy": converted])
        defer {
            try? FileManager.default.removeItem(at: before)
            try? FileManager.default.removeItem(at: after)
        }
        let arguments = ["changes", "县2021", "--policies", after.path, "--before", before.path]
        let (code, console) = run(arguments)
        #expect(code == .success)
        #expect(console.output == "no changes: 县2021 defines the same rules as 县2021\n")
        #expect(run(arguments + ["--lang", "zh"]).1.output == "没有变化：县2021 与 县2021 的规则相同\n")
    }

    @Test func withoutAnEarlierPolicyItSaysWhatToName() throws {
        let library = try inventedLibrary()
        defer { try? FileManager.default.removeItem(at: library) }
        // 县2022's parent is the province's: it succeeds nothing of its own jurisdiction.
        let (code, console) = run(["changes", "县2022", "--policies", library.path])
        #expect(code == .usage)
        #expect(
            console.errors
                == "error: 县2022 succeeds no policy of its jurisdiction: name the policy to compare it with (policy changes 县2022 OLD)\n"
        )
        let unknown = run(["changes", "县2023", "--policies", library.path, "--lang", "zh"])
        #expect(unknown.0 == .usage)
        #expect(unknown.1.errors == "错误: \(library.path) 中没有政策 县2023；现有政策：县2021、县2022、省2021、省2022\n")
        #expect(run(["changes", "--policies", library.path]).0 == .usage)
        #expect(run(["changes", "县2022", "县2021", "县2020", "--policies", library.path]).0 == .usage)
    }

    @Test func theProvincesPlanAgainstTheOneItSucceeds() {
        // 山西省2022 extends 山西省2021, of the same jurisdiction: that is what it is compared with.
        let (code, console) = run(["changes", "山西省2022", "--policies", Repository.path("policies")])
        #expect(code == .success)
        #expect(console.output.hasPrefix("山西省2022 against 山西省2021:\n"))
        #expect(console.output.contains("  in force: 2021-01-01 to 2025-12-31 → 2022-01-01 to 2022-12-31\n"))
        #expect(
            console.output.contains(
                """
                  rule 电子券核验 redefined   [晋技能组发〔2022〕1号 二(八)]
                    was  rule 电子券核验: bool cite "五(十七)" = 已使用电子培训券
                    now  rule 电子券核验: bool cite "二(八)" = 已使用电子培训券 or 涉密单位

                """))
        #expect(!console.output.contains("inherited"), "山西省2021 is its own parent: nothing is inherited from elsewhere")
    }

    // MARK: The bundled policies, two versions of one file

    /// The bundled policies with 棋源叉车工's rate at `rate`, in a directory of their own.
    private func policies(forklift rate: String) throws -> URL {
        try copyOfPolicies(editing: [
            "lingchuan-2020.policy": {
                $0.replacingOccurrences(of: "  棋源叉车工 | 20 天    | 3500 元", with: "  棋源叉车工 | 20 天    | \(rate) 元")
            }
        ])
    }

    @Test func theBrandRateRaisedIsOneRow() throws {
        let (before, after) = (try policies(forklift: "3500"), try policies(forklift: "3800"))
        defer {
            try? FileManager.default.removeItem(at: before)
            try? FileManager.default.removeItem(at: after)
        }
        let arguments = ["changes", "陵川县2020", "--policies", after.path, "--before", before.path]
        let (code, console) = run(arguments)
        #expect(code == .success)
        #expect(
            console.output == """
                陵川县2020 against 陵川县2020:
                  品牌培训标准 row 棋源叉车工: 补贴 3500 yuan → 3800 yuan   [陵政办发〔2020〕62号 五(二)]

                """)
        #expect(
            run(arguments + ["--lang", "zh"]).1.output == """
                陵川县2020 相对于 陵川县2020 的变化：
                  品牌培训标准 “棋源叉车工”行：补贴 3500 元 → 3800 元   [陵政办发〔2020〕62号 五(二)]

                """)
    }

    @Test func theDiffOfTheBrandRateNamesTheRowAndTheClaimsItMoved() throws {
        let (before, after) = (try policies(forklift: "3500"), try policies(forklift: "3800"))
        defer {
            try? FileManager.default.removeItem(at: before)
            try? FileManager.default.removeItem(at: after)
        }
        let arguments = ["diff", "--before", before.path, "--after", after.path, Repository.path("examples/batch-lingchuan.csv")]
        let (code, english) = run(arguments)
        #expect(code == .invalidClaim)
        #expect(
            english.output == """
                rules changed, 陵川县2020 before → 陵川县2020 after:
                  品牌培训标准 row 棋源叉车工: 补贴 3500 yuan → 3800 yuan   [陵政办发〔2020〕62号 五(二)]
                    1 claim of the batch moved: +300 yuan

                line 2  LC-21-001  品牌培训补贴
                  before   陵川县2020: granted 3500 yuan
                  after    陵川县2020: granted 3800 yuan   (+300 yuan)
                  changed  品牌培训补贴: 3500 yuan → 3800 yuan
                           品牌培训标准 row 棋源叉车工 · 补贴: 3500 yuan → 3800 yuan

                claims changed 1 of 7; yuan delta +300
                yuan delta by policy:
                  陵川县2020  +300
                yuan delta by program:
                  陵川县2020 · 品牌培训补贴  +300

                """)
        #expect(
            run(arguments + ["--lang", "zh"]).1.output == """
                规则变化，变更前 陵川县2020 → 变更后 陵川县2020：
                  品牌培训标准 “棋源叉车工”行：补贴 3500 元 → 3800 元   [陵政办发〔2020〕62号 五(二)]
                    本批 1 件申领因此变化：+300 元

                第 2 行  LC-21-001  品牌培训补贴
                  变更前  陵川县2020：核准 3500 元
                  变更后  陵川县2020：核准 3800 元（+300 元）
                  变化    品牌培训补贴：3500 元 → 3800 元
                          品牌培训标准 “棋源叉车工”行 · 补贴：3500 元 → 3800 元

                发生变化的申领 1 件，共 7 件；金额变化 +300 元
                金额变化（元），按政策：
                  陵川县2020  +300
                金额变化（元），按项目：
                  陵川县2020 · 品牌培训补贴  +300

                """)
        let json = try JSONParser.parse(Array(run(arguments + ["--json"]).1.output.utf8))
        guard case .array(let pairs)? = json["ruleChanges"], case .array(let changes)? = pairs.first?["changes"] else {
            Issue.record("no rule changes")
            return
        }
        #expect(pairs.count == 1)
        #expect(changes.count == 1)
        #expect(changes[0]["key"] == .string("棋源叉车工"))
        #expect(changes[0]["claims"] == .number("1"))
        #expect(changes[0]["lines"] == .array([.number("2")]))
        #expect(changes[0]["delta"] == .string("300"))
        #expect(json["claimsUnderSeveralChanges"] == .number("0"))
    }

    // MARK: A diff over invented policies

    @Test func eachChangeCountsTheClaimsItMovedAndAClaimMayCountTwice() throws {
        let before = try directory(["p2021.policy": Self.province(2021), "c2021.policy": Self.county2021()])
        // The province's rate raised and its universal training capped; the county's forklift
        // brand raised and paid to anyone.
        let after = try directory([
            "p2021.policy": Self.province(2021, rate: "120", cap: " at most 1100 yuan"),
            "c2021.policy": Self.county2021(forklift: "3800 yuan | false"),
        ])
        defer {
            try? FileManager.default.removeItem(at: before)
            try? FileManager.default.removeItem(at: after)
        }
        var claims = "id,date,jurisdiction,program,身份证号,培训天数,劳务品牌,就业\n"
        claims += "A1,2021-03-01,陵川县,普惠补贴,\(person(1)),5,,\n"
        claims += "A2,2021-03-02,陵川县,普惠补贴,\(person(2)),10,,\n"
        claims += "B1,2021-04-01,陵川县,品牌补贴,\(person(3)),,叉车工,false\n"
        claims += "B2,2021-04-02,陵川县,品牌补贴,\(person(4)),,叉车工,true\n"
        claims += "B3,2021-04-03,陵川县,品牌补贴,\(person(5)),,焊工,true\n"
        let arguments = ["diff", "--before", before.path, "--after", after.path, "-"]
        let (code, english) = run(arguments, input: claims)
        #expect(code == .invalidClaim)
        #expect(
            english.output == """
                rules changed, 县2021 before → 县2021 after:
                  品牌标准 row 叉车工: 补贴 3500 yuan → 3800 yuan; 限就业 true → false   [县〔2021〕1号 三]
                    2 claims of the batch moved: +4100 yuan
                inherited definitions that moved because a parent changed (neither 县2021 nor 县2021 writes them):
                  rule 日标准 redefined   [省〔2021〕1号 一]
                    was  rule 日标准: yuan/day cite "一" = 100 yuan/day
                    now  rule 日标准: yuan/day cite "一" = 120 yuan/day
                    2 claims of the batch moved: +200 yuan
                  program 普惠补贴 redefined   [省〔2021〕1号 二]
                    was  program 普惠补贴: yuan cite "二" = 日标准 * 培训天数
                    now  program 普惠补贴: yuan cite "二" = 日标准 * 培训天数 at most 1100 yuan
                    2 claims of the batch moved: +200 yuan
                a claim counts under every change its derivations read: 2 claims count under more than one

                line 2  A1  普惠补贴
                  before   县2021: granted 500 yuan
                  after    县2021: granted 600 yuan   (+100 yuan)
                  changed  普惠补贴: 500 yuan → 600 yuan
                           日标准: 100 yuan/day → 120 yuan/day

                line 3  A2  普惠补贴
                  before   县2021: granted 1000 yuan
                  after    县2021: granted 1100 yuan   (+100 yuan)
                  changed  普惠补贴: 1000 yuan → 1100 yuan
                           日标准: 100 yuan/day → 120 yuan/day

                line 4  B1  品牌补贴
                  before   县2021: refused: 须就业 [县〔2021〕1号 三]
                  after    县2021: granted 3800 yuan   (+3800 yuan)
                  changed  品牌补贴: refused → 3800 yuan
                           品牌标准 row 叉车工 · 限就业: true → false
                           品牌标准 row 叉车工 · 补贴: (not used) → 3800 yuan

                line 5  B2  品牌补贴
                  before   县2021: granted 3500 yuan
                  after    县2021: granted 3800 yuan   (+300 yuan)
                  changed  品牌补贴: 3500 yuan → 3800 yuan
                           品牌标准 row 叉车工 · 补贴: 3500 yuan → 3800 yuan

                claims changed 4 of 5; yuan delta +4300
                yuan delta by policy:
                  县2021  +4300
                yuan delta by program:
                  县2021 · 普惠补贴   +200
                  县2021 · 品牌补贴  +4100

                """)
        let chinese = run(arguments + ["--lang", "zh"], input: claims).1.output
        #expect(
            chinese.hasPrefix(
                """
                规则变化，变更前 县2021 → 变更后 县2021：
                  品牌标准 “叉车工”行：补贴 3500 元 → 3800 元；限就业 是 → 否   [县〔2021〕1号 三]
                    本批 2 件申领因此变化：+4100 元
                因上级政策变化而改变的沿用规定（县2021 与 县2021 均未自行规定）：
                  规则 日标准 重新定义   [省〔2021〕1号 一]
                    原为  rule 日标准: yuan/day cite "一" = 100 yuan/day
                    现为  rule 日标准: yuan/day cite "一" = 120 yuan/day
                    本批 2 件申领因此变化：+200 元
                  项目 普惠补贴 重新定义   [省〔2021〕1号 二]
                    原为  program 普惠补贴: yuan cite "二" = 日标准 * 培训天数
                    现为  program 普惠补贴: yuan cite "二" = 日标准 * 培训天数 at most 1100 yuan
                    本批 2 件申领因此变化：+200 元
                申领计入其推导读取的每一项变化：其中 2 件计入不止一项

                """))
        #expect(chinese.contains("          品牌标准 “叉车工”行 · 限就业：是 → 否\n"))
    }

    // MARK: Inputs, programs, limits

    @Test func openParametersProgramsAndLimitsAddedRemovedAndRestated() throws {
        func library(_ body: String) -> PolicyLibrary {
            PolicyLibrary.load(sources: [SourceFile(path: "p.policy", text: testHeader + body)])
        }
        let old = library(
            """
            input 天数: days at least 1 day
            open 标准: yuan/day at most 200 yuan/day cite "一"
            program 普惠: yuan cite "二" = 标准 * 天数
            program 旧项目: yuan cite "三" = 100 yuan
            limit 每人 cite "四" {
              for 普惠
              per 天数
              at most 2 claims
            }
            """)
        let new = library(
            """
            input 天数: days at least 1 day
            open 标准: yuan/day between 100 yuan/day and 180 yuan/day cite "一"
            program 普惠: yuan cite "二" = 标准 * 天数
            program 新项目: yuan cite "五" = 200 yuan
            limit 每人 cite "四" {
              for 普惠
              per 天数
              at most 1 claim
            }
            """)
        #expect(
            !old.hasErrors && !new.hasErrors, "\(old.diagnostics.map(\.message.english) + new.diagnostics.map(\.message.english))"
        )
        let changes = RuleChanges.compare(
            new: try #require(new.entries.first).program, old: try #require(old.entries.first).program)
        #expect(
            changes.changes.map(\.summary.english) == [
                "open parameter 标准: yuan/day, open, at most 200 yuan/day → yuan/day, open, between 100 yuan/day and 180 yuan/day",
                "program 新项目 added", "program 旧项目 removed", "limit 每人 redefined",
            ])
        #expect(
            changes.changes.map(\.summary.chinese) == [
                "待定参数 标准：元/天，待定，至多 200 元/天 → 元/天，待定，介于 100 元/天 与 180 元/天",
                "项目 新项目 新增", "项目 旧项目 删除", "限额 每人 重新定义",
            ])
        #expect(changes.changes.map { $0.citation?.clause } == ["一", "五", "三", "四"])
        #expect(changes.inherited.isEmpty)
    }

    @Test func aYesOrNoAndAnEnumCaseReadAsTheLanguageWritesThem() throws {
        let policy = """
            policy 测试 {
              title        "测试办法"
              document     "测试〔2022〕1号"
              jurisdiction 山西省
              in force     2022-01-01 to 2022-12-31
            }
            enum 等级 { 初级, 中级 }
            input 天数: days
            program 合格: bool cite "一" = 天数 >= 5 days
            program 等级判定: 等级 cite "二" = if 天数 >= 10 days then 中级 else 初级

            """
        let before = try directory(["x.policy": policy])
        let after = try directory([
            "x.policy": policy.replacingOccurrences(of: ">= 5 days", with: ">= 3 days")
                .replacingOccurrences(of: ">= 10 days", with: ">= 4 days")
        ])
        defer {
            try? FileManager.default.removeItem(at: before)
            try? FileManager.default.removeItem(at: after)
        }
        let claims = "id,date,jurisdiction,program,天数\nA,2022-03-01,山西省,合格,4\nB,2022-03-01,山西省,等级判定,4\n"
        let arguments = ["diff", "--before", before.path, "--after", after.path, "-", "--lang", "zh"]
        let (code, console) = run(arguments, input: claims)
        #expect(code == .invalidClaim)
        #expect(
            console.output.hasSuffix(
                """
                第 2 行  A  合格
                  变更前  测试：核准 否
                  变更后  测试：核准 是
                  变化    合格：否 → 是

                第 3 行  B  等级判定
                  变更前  测试：核准 初级
                  变更后  测试：核准 中级
                  变化    等级判定：初级 → 中级

                发生变化的申领 2 件，共 2 件；金额变化 0 元

                """))
        #expect(console.output.contains("  项目 合格 重新定义   [测试〔2022〕1号 一]\n"))
        let english = run(Array(arguments.dropLast(2)), input: claims).1.output
        #expect(english.contains("  before   测试: granted false\n  after    测试: granted true\n"))
        let json = try JSONParser.parse(Array(run(Array(arguments.dropLast(2)) + ["--json"], input: claims).1.output.utf8))
        guard case .array(let changes)? = json["changes"] else {
            Issue.record("no changes")
            return
        }
        #expect(changes.map { $0["after"]?["value"] } == [.string("true"), .string("中级")])
    }
}
