// The deep checks of rules over time (issue 15, item 6): a policy in force on days its parent of
// another jurisdiction is not, a worked example dated outside its policy, an override that drops
// a requirement of the definition it replaces, and a comment quoting an amount the declaration
// below it does not hold. Each is shown firing on the mistake, and keeping quiet on what is right.

import Testing

@testable import PolicyLanguage

@Suite struct OverTimeCheckTests {
    /// The deep checks of the policies, which must check without errors.
    private func review(_ texts: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let sources = texts.enumerated().map { SourceFile(path: "p\($0.offset).policy", text: $0.element) }
        let library = PolicyLibrary.load(sources: sources)
        if library.hasErrors {
            Issue.record(
                "the policies do not check:\n\(DiagnosticRenderer(useColor: false).render(library.diagnostics))",
                sourceLocation: sourceLocation)
        }
        return Analyzer.review(library)
    }

    /// `severity code line:column message` of the diagnostics with the codes of this suite.
    private func summary(_ diagnostics: [Diagnostic]) -> [String] {
        let codes: Set<DiagnosticCode> = [
            .outlivesParent, .precedesParent, .testOutsidePeriod, .droppedRequirement, .quotedAmount,
        ]
        return diagnostics.filter { codes.contains($0.code) }.map {
            "\($0.severity) \($0.code.rawValue) \($0.location.map { "\($0)" } ?? "-") \($0.message.english)"
        }
    }

    private func header(_ name: String, jurisdiction: String, period: String, extends parent: String? = nil) -> String {
        """
        policy \(name) {
          title "\(name)方案"
          document "\(name)〔2022〕1号"
          jurisdiction \(jurisdiction)
        \(parent.map { "  extends \($0)\n" } ?? "")  in force \(period)
        }

        """
    }

    /// The province's plan, with the e-voucher every training subsidy requires.
    private func province(_ period: String = "2022-01-01 to 2022-12-31", name: String = "省2022") -> String {
        header(name, jurisdiction: "山西省", period: period)
            + """
            input 培训天数: days
            input 已使用电子培训券: bool
            rule 电子券核验: bool cite "二(八)" = 已使用电子培训券
            program 普惠制培训补贴: yuan cite "二(七)" =
              require 电子券核验 else "没有电子培训券不予兑现补贴"
              100 yuan/day * 培训天数 at most 1000 yuan
            program 省外输出培训补贴: yuan cite "二(七)" = 50 yuan/day * 培训天数
            """
    }

    private func county(_ body: String, period: String = "2022-01-01 to 2022-12-31", parent: String = "省2022") -> String {
        header("县2022", jurisdiction: "山西省/晋城市/陵川县", period: period, extends: parent) + body
    }

    // MARK: Parents' periods

    @Test func aCountyInForcePastItsProvincesEndIsReportedWithTheStretchAndThePrograms() throws {
        let found = review(
            province("2021-12-01 to 2022-11-30"),
            county(
                """
                program 品牌培训补贴: yuan cite "五(二)" =
                  require 电子券核验 else "没有电子培训券不予兑现补贴"
                  3800 yuan
                program 建档立卡经费: yuan cite "五(一)" = 4 yuan
                """))
        #expect(
            summary(found) == [
                "warning outlives-parent 1:8 县2022 is in force after its parent 省2022 ends on 2022-11-30: from 2022-12-01 to 2022-12-31, claims that need 省2022's rules are refused"
            ])
        let warning = try #require(found.first { $0.code == .outlivesParent })
        #expect(
            warning.notes.map(\.english).prefix(2) == [
                "only 省2022 prices 普惠制培训补贴, 省外输出培训补贴: every claim for them is refused then",
                "县2022's own 品牌培训补贴 reads rules of 省2022 (a fallback, `inherited`, a rule used): a claim that reaches them is refused then",
            ])
        #expect(warning.hint?.english == "make 县2022 extend the plan that succeeds 省2022, or end it when 省2022 ends")
        #expect(warning.file?.path == "p1.policy")
    }

    @Test func aCountyWithinItsProvincesPeriodOrTakenOverByItsSuccessorIsNoWarning() {
        #expect(summary(review(province(), county("program 甲: yuan cite \"一\" = 4 yuan"))) == [])
        // The county's next plan takes its claims from 2022-12-01: the stretch is empty.
        let successor = header("县2022下", jurisdiction: "山西省/晋城市/陵川县", period: "2022-12-01 to 2023-11-30")
        #expect(
            summary(
                review(
                    province("2021-12-01 to 2022-11-30"), county("program 甲: yuan cite \"一\" = 4 yuan"),
                    successor + "program 乙: yuan cite \"一\" = 5 yuan")) == [])
        // A later plan of the same province carries its parent's rules over: no gap.
        #expect(
            summary(
                review(
                    province("2021-01-01 to 2021-12-31", name: "省2021"),
                    header("省2022", jurisdiction: "山西省", period: "2022-01-01 to 2022-12-31", extends: "省2021")
                        + "program 甲: yuan cite \"一\" = 4 yuan")) == [])
    }

    @Test func aCountyWithNoEndSaysFromWhenOn() {
        let found = review(
            province("2021-12-01 to 2022-11-30"), county("program 甲: yuan cite \"一\" = 4 yuan", period: "from 2022-01-01"))
        #expect(
            summary(found) == [
                "warning outlives-parent 1:8 县2022 is in force after its parent 省2022 ends on 2022-11-30: from 2022-12-01 on, claims that need 省2022's rules are refused"
            ])
        #expect(found.first?.message.chinese.contains("自2022-12-01起") == true)
    }

    @Test func aCountyThatTakesForceBeforeItsProvinceGetsANote() throws {
        let found = review(
            province("2021-01-01 to 2025-12-31", name: "省2021"),
            county("program 甲: yuan cite \"一\" = 4 yuan", period: "2020-09-10 to 2021-12-31", parent: "省2021"))
        #expect(
            summary(found) == [
                "note precedes-parent 1:8 县2022 takes force on 2020-09-10, before its parent 省2021 does on 2021-01-01: until 2020-12-31, claims that need 省2021's rules are refused"
            ])
        let note = try #require(found.first)
        #expect(note.notes.map(\.english) == ["only 省2021 prices 普惠制培训补贴, 省外输出培训补贴: every claim for them is refused then"])
    }

    @Test func lingchuanTakesForceBeforeTheProvincesPlanAsANote() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let found = Analyzer.review(library).filter { $0.code == .precedesParent || $0.code == .outlivesParent }
        #expect(
            summary(found) == [
                "note precedes-parent 8:4 陵川县2020 takes force on 2020-09-10, before its parent 山西省2021 does on 2021-01-01: until 2020-12-31, claims that need 山西省2021's rules are refused"
            ])
        #expect(found.first?.notes.last?.english.hasPrefix("陵川县2020's own 职业技能等级证书补贴 reads rules of 山西省2021") == true)
    }

    // MARK: Tests

    @Test func aTestDatedOutsideItsPolicysPeriodIsReported() throws {
        let found = review(
            province()
                + """

                test "去年的普惠制" {
                  given 已使用电子培训券 = true, 培训天数 = 5 days, claim date = 2021-06-01
                  expect 普惠制培训补贴 = 500 yuan
                }
                test "今年的普惠制" {
                  given 已使用电子培训券 = true, 培训天数 = 5 days, claim date = 2022-12-31
                  expect 普惠制培训补贴 = 500 yuan
                }
                test "不写日期" {
                  given 已使用电子培训券 = true, 培训天数 = 5 days
                  expect 普惠制培训补贴 = 500 yuan
                }
                """)
        #expect(
            summary(found) == [
                "warning test-outside-period 15:41 the test \"去年的普惠制\" is dated 2021-06-01, outside the period of 省2022 (2022-01-01 to 2022-12-31)"
            ])
        let warning = try #require(found.first)
        #expect(warning.file?.text(of: try #require(warning.range)) == "claim date = 2021-06-01")
    }

    // MARK: Dropped requirements

    @Test func aCountyOverrideThatDropsTheProvincesVoucherIsAWarning() throws {
        let found = review(
            province(), county("program 普惠制培训补贴: yuan cite \"五(六)\" = 150 yuan/day * 培训天数 at most 1000 yuan"))
        #expect(
            summary(found) == [
                "warning dropped-requirement 8:9 this definition of 普惠制培训补贴 drops what 省2022's definition requires: \"没有电子培训券不予兑现补贴\" (省2022〔2022〕1号 二(七))"
            ])
        let warning = try #require(found.first)
        #expect(warning.notes.map(\.english) == ["省2022's requirement is at p0.policy:11:3"])
        #expect(warning.hint?.english == "keep it by reading `inherited` in this definition, or restate the `require`")
        // Conditions of its own do not excuse a county: it cannot waive its province's.
        let own = review(
            province(),
            county(
                """
                input 重点群体: bool
                program 普惠制培训补贴: yuan cite "五(六)" =
                  require 重点群体 else "面向重点群体"
                  150 yuan/day * 培训天数 at most 1000 yuan
                """))
        #expect(summary(own).map { $0.prefix(31) } == ["warning dropped-requirement 9:9"])
    }

    @Test func anOverrideThatKeepsTheRequirementIsNoWarning() {
        // Through `inherited`, through the rule that requires it, or restated with a clause of its own.
        for body in [
            "program 普惠制培训补贴: yuan cite \"五(六)\" = inherited at most 800 yuan",
            """
            rule 核验后: yuan cite "五(六)" =
              require 电子券核验 else "没有电子培训券不予兑现补贴"
              150 yuan/day * 培训天数
            program 普惠制培训补贴: yuan cite "五(六)" = 核验后 at most 1000 yuan
            """,
            """
            program 普惠制培训补贴: yuan cite "五(六)" =
              require 已使用电子培训券 else "没有电子培训券不予兑现补贴"
              150 yuan/day * 培训天数 at most 1000 yuan
            """,
        ] {
            #expect(summary(review(province(), county(body))) == [], "\(body)")
        }
    }

    @Test func aLaterPlanOfTheSameProvinceRestatingItsConditionsGetsANote() throws {
        let found = review(
            province("2021-01-01 to 2021-12-31", name: "省2021"),
            header("省2022", jurisdiction: "山西省", period: "2022-01-01 to 2022-12-31", extends: "省2021")
                + """
                input 就业率: percent
                program 普惠制培训补贴: yuan cite "二(四)" =
                  require 就业率 >= 80% else "就业率不低于80%"
                  100 yuan/day * 培训天数 at most 1000 yuan
                """)
        #expect(summary(found).map { $0.prefix(28) } == ["note dropped-requirement 9:9"])
        #expect(
            found.first?.notes.last?.english
                == "省2022, a later plan of the same jurisdiction, states conditions of its own in 二(四)")
        // Without a condition of its own, the later plan only lost the earlier one's.
        let bare = review(
            province("2021-01-01 to 2021-12-31", name: "省2021"),
            header("省2022", jurisdiction: "山西省", period: "2022-01-01 to 2022-12-31", extends: "省2021")
                + "program 普惠制培训补贴: yuan cite \"二(四)\" = 100 yuan/day * 培训天数 at most 1000 yuan")
        #expect(summary(bare).map { $0.prefix(31) } == ["warning dropped-requirement 8:9"])
    }

    @Test func aCountyPlanWrittenBeforeTheProvincesGetsANoteAndADateItsPeriodMeetsIsKept() throws {
        let province =
            header("省2021", jurisdiction: "山西省", period: "2021-01-01 to 2025-12-31")
                + """
                input 已使用电子培训券: bool
                input 月数: months
                program 以工代训补贴: yuan cite "二(二)" =
                  require 已使用电子培训券 else "没有电子培训券不予兑现补贴"
                  require claim date <= 2021-12-31 else "以工代训政策延长至2021年12月底"
                  300 yuan/month * 月数
                """
        let found = review(
            province,
            county(
                "program 以工代训补贴: yuan cite \"五(十)\" = 300 yuan/month * 月数", period: "2020-09-10 to 2021-12-31", parent: "省2021"))
        let dropped = found.filter { $0.code == .droppedRequirement }
        #expect(
            summary(dropped) == [
                "note dropped-requirement 8:9 this definition of 以工代训补贴 drops what 省2021's definition requires: \"没有电子培训券不予兑现补贴\" (省2021〔2022〕1号 二(二))"
            ])
        #expect(
            dropped.first?.notes.last?.english
                == "县2022 took force before 省2021 did (2021-01-01): its document was written before the requirement existed")
        // A county plan running into 2022 no longer meets the date requirement by its period.
        let longer = review(
            province,
            county(
                "program 以工代训补贴: yuan cite \"五(十)\" = 300 yuan/month * 月数", period: "2020-09-10 to 2022-06-30", parent: "省2021"))
        #expect(longer.first { $0.code == .droppedRequirement }?.message.english.contains("以工代训政策延长至2021年12月底") == true)
    }

    // MARK: Quoted amounts

    private func single(_ body: String) -> String {
        header("县2022", jurisdiction: "山西省/晋城市/陵川县", period: "2022-01-01 to 2022-12-31") + body
    }

    @Test func aStaleAmountQuotedAboveATableIsReported() throws {
        let found = review(
            single(
                """
                enum 劳务品牌 { 棋源叉车工, 陵川焊工 }
                input 劳务品牌: 劳务品牌

                // "棋源叉车工"补贴标准为每人3500元; "陵川焊工"补贴标准为每人4000 元.
                table 品牌培训标准 by 劳务品牌 cite "五(二)" {
                  劳务品牌   | 补贴
                  棋源叉车工 | 3800 yuan
                  陵川焊工   | 4000 yuan
                }

                program 品牌培训补贴: yuan cite "五(二)" = 品牌培训标准[劳务品牌].补贴
                """))
        #expect(
            summary(found) == [
                "warning quoted-amount 10:18 the comment above 品牌培训标准 quotes 3500 yuan, an amount it does not hold"
            ])
        let warning = try #require(found.first)
        #expect(warning.file?.text(of: try #require(warning.range)) == "3500元")
        #expect(warning.notes.map(\.english) == ["the amounts below it are 3800 yuan, 4000 yuan"])
    }

    @Test func amountsInTenThousandsCommasAndYuanAreRead() {
        let found = review(
            single(
                """
                input 人数: persons
                // "市级每个10万元", a ceiling of 1,000 yuan a day, 0.5万元 a month, and 2亿元 in all.
                rule 甲: yuan cite "一" = 100000 yuan + 1000 yuan/person * 人数 at most 5000 yuan
                program 乙: yuan cite "一" = 甲
                """))
        #expect(
            summary(found) == [
                "warning quoted-amount 8:66 the comment above 甲, 乙 quotes 200000000 yuan, an amount they do not hold"
            ])
    }

    @Test func whatAQuotedAmountIsComparedWithIsTheGroupBelowAndWhatItReplaces() {
        let found = review(
            province(),
            county(
                """
                // "按照每人不超过3000元的标准给予创业实训补贴; 再按照每人不超过2000元的标准给予续补."
                open 创业实训补贴标准: yuan at most 3000 yuan cite "五(九)"
                open 创业实训续补标准: yuan at most 2000 yuan cite "五(九)"
                program 创业实训补贴: yuan cite "五(九)" = 创业实训补贴标准 + 创业实训续补标准

                // The county narrows the province's 1000 yuan to 800 yuan.
                program 普惠制培训补贴: yuan cite "五(六)" = inherited at most 800 yuan

                // "最高补贴标准每人1000元": the county sets only the daily rate, the claim gives it.
                open 日标准: yuan/day cite "五(六)"
                program 省外输出培训补贴: yuan cite "五(六)" = 日标准 * 培训天数

                // "每人3000元", with a blank line before the declaration: not its comment.

                program 丙: yuan cite "五(九)" = 2500 yuan
                """))
        #expect(summary(found) == [])
    }
}
