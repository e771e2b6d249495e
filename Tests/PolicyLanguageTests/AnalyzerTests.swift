// The deep checks of `policy check`: each mistake people make in rule tables, written inline,
// gets its code, severity, place and message; what is right gets nothing; the bundled policies
// are clean under --strict; and the command prints them for people and as JSON for editors.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct AnalyzerTests {
    /// The deep checks of policies written inline (the test header is added to a single one).
    private func review(_ texts: String..., sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let sources = texts.enumerated().map { index, text in
            SourceFile(path: "p\(index).policy", text: texts.count == 1 && !text.contains("in force") ? testHeader + text : text)
        }
        let library = PolicyLibrary.load(sources: sources)
        if library.hasErrors {
            Issue.record(
                "the policies do not check:\n\(DiagnosticRenderer(useColor: false).render(library.diagnostics))",
                sourceLocation: sourceLocation)
        }
        return Analyzer.review(library)
    }

    /// `code line:column message` for each diagnostic, the way the tests compare them.
    private func summary(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.severity) \($0.code.rawValue) \($0.location.map { "\($0)" } ?? "-") \($0.message.english)" }
    }

    // MARK: Tiers

    @Test func aGapBetweenBracketsIsReported() {
        let found = review(
            """
            input 天数: days
            program 甲: yuan cite "一" =
              marginal 天数 {
                up to 10 days => 150 yuan/day
                from 12 days  => 100 yuan/day
              }
            """)
        #expect(summary(found) == ["warning schedule-gap 9:3 no bracket of this schedule holds above 10 days below 12 days"])
        #expect(found.first?.hint?.english.contains("earns nothing") == true)
    }

    @Test func overlappingBracketsAreReportedWithTheEarlierOne() {
        let found = review(
            """
            input 天数: days
            program 甲: yuan cite "一" =
              marginal 天数 {
                up to 10 days => 150 yuan/day
                from 10 days  => 100 yuan/day
              }
            """)
        #expect(summary(found) == ["warning brackets-overlap 11:5 this bracket overlaps an earlier one: both hold 10 days"])
        #expect(found.first?.labels.map { testHeader.utf8.count <= $0.range.start } == [true])
        #expect(found.first?.hint?.english.contains("pay that part twice") == true)
        #expect(found.first?.notes.map(\.english) == ["the earlier bracket is `up to 10 days`, line 10"])
    }

    @Test func bracketsThatNeverApplyAreReported() {
        let found = review(
            """
            input 人数: persons at most 150 persons
            program 甲: yuan cite "一" =
              banded 人数 {
                below 100 persons                    => 1000 yuan/person
                from 50 persons up to 80 persons     => 1200 yuan/person
                from 100 persons                     => 1500 yuan/person
                from 200 persons                     => 2000 yuan/person
                from 90 persons below 80 persons     => 1 yuan/person
              }
            """)
        #expect(
            summary(found) == [
                "warning bracket-never-applies 11:5 this bracket never applies: the brackets before it take every quantity it holds",
                "warning bracket-never-applies 13:5 this bracket never applies: 人数 can only be from 0 persons up to 150 persons",
                "warning bracket-never-applies 14:5 this bracket holds no quantity: its lower end is not below its upper end",
            ])
    }

    @Test func aCompleteScheduleGetsNothing() {
        let found = review(
            """
            input 天数: days
            input 人数: persons
            rule 甲: yuan cite "一" =
              marginal 天数 {
                up to 10 days => 150 yuan/day
                above 10 days => 100 yuan/day
              } at most 4000 yuan
            rule 乙: yuan cite "一" =
              banded 人数 {
                below 100 persons => 1000 yuan/person
                from 100 persons  => 1500 yuan/person
              }
            program 丙: yuan cite "一" = 甲 + 乙
            """)
        #expect(summary(found) == [])
    }

    // MARK: Branches

    @Test func conditionsDecidedByEarlierOnesAreReported() {
        let found = review(
            """
            input 就业率: percent between 0% and 100%
            input 天数: days
            program 甲: yuan cite "一" =
              require 就业率 >= 80% else "就业率不足"
              if 就业率 < 50% then 1 yuan else 2 yuan
            program 乙: yuan cite "一" = if 就业率 > 100% then 1 yuan else 2 yuan
            program 丙: yuan cite "一" =
              require 天数 >= 0 days else "天数为负"
              require 就业率 > 100% else "不可能"
              1 yuan
            program 丁: yuan cite "一" = if 就业率 >= 0% or 天数 > 3 days then 1 yuan else 2 yuan
            """)
        #expect(
            summary(found) == [
                "warning branch-never-taken 11:6 this condition is never true here, so the branch after `then` is never taken",
                "warning branch-never-taken 12:31 this condition is never true here, so the branch after `then` is never taken",
                "warning requirement-always-met 14:11 this requirement is always met here, so it never refuses a claim",
                "warning requirement-never-met 15:11 this requirement can never be met here, so every claim is refused",
                "warning branch-never-taken 17:31 this condition is always true here, so the branch after `else` is never taken",
            ])
        #expect(found.first?.notes.map(\.english) == ["here 就业率 is from 80% up to 100%"])
    }

    @Test func casesThatNothingIsLeftForAreReported() {
        let found = review(
            """
            enum 群体 { 贫困劳动力, 退役军人, 其他劳动者 }
            input 群体: 群体
            input 天数: days
            program 甲: yuan cite "一" =
              require 群体 != 其他劳动者 else "面向重点群体"
              match 群体 {
                贫困劳动力 => 1 yuan
                退役军人   => 2 yuan
                其他劳动者 => 3 yuan
              }
            program 乙: yuan cite "一" =
              match 群体 {
                贫困劳动力, 退役军人 => 1 yuan
                其他劳动者           => 2 yuan
                else                 => 3 yuan
              }
            program 丙: yuan cite "一" =
              match 天数 {
                below 3 days => 1 yuan
                below 2 days => 2 yuan
                else         => 3 yuan
              }
            """)
        #expect(
            summary(found) == [
                "warning case-never-reached 15:5 this case is never reached: the cases and conditions before it leave no value of 群体",
                "warning case-never-reached 21:5 this else is never reached: the cases above take every value 群体 can have",
                "warning case-never-reached 26:5 this case is never reached: by here 天数 can only be from 3 days",
            ])
    }

    @Test func theClaimDateIsKnownToFallInThePeriodInForce() {
        let found = review(
            """
            program 甲: yuan cite "一" = if claim date < 2021-06-01 then 1 yuan else 2 yuan
            program 乙: yuan cite "一" = if year(claim date) == 2022 then 1 yuan else 2 yuan
            program 丙: yuan cite "一" = if claim date <= 2022-06-30 then 1 yuan else 2 yuan
            """)
        #expect(
            summary(found) == [
                "warning branch-never-taken 7:31 this condition is never true here, so the branch after `then` is never taken",
                "warning branch-never-taken 8:31 this condition is always true here, so the branch after `else` is never taken",
            ])
        #expect(found.first?.notes.map(\.english) == ["here claim date is from 2022-01-01 up to 2022-12-31"])
    }

    // MARK: Amounts

    @Test func aProgramThatCanGrantANegativeAmountIsReported() {
        let found = review(
            """
            input 培训天数: days
            input 天数: days at most 20 days
            program 甲: yuan cite "一" = -100 yuan/day * 培训天数
            program 乙: yuan cite "一" = 100 yuan - 10 yuan/day * 天数
            program 丙: yuan/person cite "一" = (50 yuan/person - 60 yuan/person) rounded to 1 yuan/person
            program 丁: yuan cite "一" =
              if 天数 > 10 days then 100 yuan/day * (天数 - 5 days) else 10 yuan/day * (天数 - 5 days)
            rule 超出部分: yuan cite "一" = 100 yuan/day * (培训天数 - 10 days)
            program 戊: yuan cite "一" = 超出部分 at most 3000 yuan
            """)
        #expect(
            summary(found) == [
                "warning negative-amount 9:9 the program 甲 can grant a negative amount, with no limit below",
                "warning negative-amount 10:9 the program 乙 can grant a negative amount: as low as -100 yuan",
                "warning negative-amount 11:9 the program 丙 can grant a negative amount: as low as -10 yuan/person",
                "warning negative-amount 12:9 the program 丁 can grant a negative amount: as low as -50 yuan",
                "warning negative-amount 15:9 the program 戊 can grant a negative amount: as low as -1000 yuan",
            ])
        #expect(found.first?.hint?.english.contains("`max(0 yuan, …)` or `at least 0 yuan`") == true)
        #expect(found[2].hint?.english.contains("`at least 0 yuan/person`") == true)
        let chinese = review("input 天数: days\nprogram 甲: yuan cite \"一\" = 5 yuan - 天数 * 1 yuan/day")
        #expect(chinese.map(\.message.chinese) == ["项目甲可能核发负数金额，且没有下限"])
        #expect(chinese.first?.hint?.chinese.contains("`较大值(0 元, …)`或`至少 0 元`") == true)
    }

    @Test func aSubtractionKeptAtZeroOrAboveIsNoWarning() {
        let found = review(
            """
            input 天数: days
            input 就业率: percent between 0% and 100%
            rule 扣减: yuan cite "一" = -50 yuan
            program 甲: yuan cite "一" = max(0 yuan, 100 yuan - 10 yuan/day * 天数)
            program 乙: yuan cite "一" = if 天数 > 10 days then 100 yuan/day * (天数 - 10 days) else 0 yuan
            program 丙: yuan cite "一" = (100 yuan - 10 yuan/day * 天数) at least 0 yuan
            program 丁: yuan cite "一" =
              require 天数 <= 10 days else "超过 10 天"
              100 yuan - 10 yuan/day * 天数
            program 戊: yuan cite "一" = match 天数 {
                below 10 days => 100 yuan + 扣减
                else          => 0 yuan
              }
            program 己: yuan cite "一" = 就业率 * (2000 yuan + 扣减 * 2)
            rule 超出部分: yuan cite "一" = 100 yuan/day * (天数 - 10 days)
            program 庚: yuan cite "一" = if 天数 > 10 days then 超出部分 else 0 yuan
            rule 超出十天: yuan cite "一" = if 天数 > 10 days then 超出部分 else 0 yuan
            program 辛: yuan cite "一" = 超出十天 + 5 yuan
            """)
        // A rule may be negative (a deduction); a program grants what it comes to, and the
        // conditions around a rule's use narrow what it computes.
        #expect(summary(found) == [])
    }

    // MARK: Tables, declarations, tests

    @Test func unpricedCasesNameTheFallbackOrTheRefusal() {
        let found = review(
            """
            enum 等级 { 初级, 中级, 高级 }
            input 等级: 等级
            table 标准 by 等级 cite "一" {
              等级 | 补贴
              初级 | 300 yuan
              高级 | 600 yuan
            }
            program 甲: yuan cite "一" = 标准[等级].补贴 otherwise 100 yuan
            program 乙: yuan cite "一" = 标准[等级].补贴
            """)
        #expect(summary(found) == ["warning unpriced-case 9:7 the table 标准 has no row for 等级 中级"])
        #expect(
            found.first?.notes.map(\.english) == [
                "甲 (line 14) reads 补贴 and falls back to `100 yuan`",
                "乙 (line 15) reads 补贴 and refuses such a claim: it has no `otherwise`",
            ])
    }

    @Test func aCaseWrittenAsNoneOrCaughtEverywhereIsNoWarning() {
        let found = review(
            """
            enum 等级 { 初级, 中级 }
            input 等级: 等级
            table 标准 by 等级 cite "一" {
              等级 | 补贴
              初级 | 300 yuan
              中级 | none
            }
            table 另表 by 等级 cite "一" {
              等级 | 补贴
              初级 | 300 yuan
            }
            program 甲: yuan cite "一" = 标准[等级].补贴
            program 乙: yuan cite "一" = 另表[等级].补贴 otherwise 0 yuan
            """)
        #expect(summary(found) == ["note unpriced-case 14:7 the table 另表 has no row for 等级 中级"])
    }

    @Test func lingchuansCertificateTableNamesTheProvinceAsItsFallback() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let note = try #require(Analyzer.review(library).first { $0.message.english.contains("取证培训补贴标准") })
        #expect(note.severity == .note)
        #expect(note.message.english == "the table 取证培训补贴标准 has no row for 证书等级 中级工, 技师, 高级技师")
        #expect(
            note.notes.contains {
                $0.english.hasSuffix(
                    "falls back to inherited: 山西省2021's 职业技能等级证书补贴, in force from 2021-01-01: before then such a claim is refused"
                )
            })
    }

    @Test func declarationsNothingUsesAreReported() {
        let found = review(
            """
            input 天数: days
            input 人数: persons
            enum 等级 { 初级 }
            table 标准 by 等级 cite "一" {
              等级 | 补贴
              初级 | 300 yuan
            }
            rule 日标准: yuan/day cite "一" = 150 yuan/day
            rule 闲置: yuan cite "一" = 1 yuan
            program 甲: yuan cite "一" = 日标准 * 天数
            """)
        #expect(
            summary(found) == [
                "warning unused-input 8:7 nothing uses the input 人数",
                "warning unused-table 10:7 nothing uses the table 标准",
                "warning unused-rule 15:6 nothing uses the rule 闲置",
            ])
    }

    @Test func testsThatCheckNothingAreReported() {
        let found = review(
            """
            input 天数: days
            input 人数: persons
            program 甲: yuan cite "一" = 150 yuan/day * 天数
            program 乙: yuan cite "一" = 10 yuan/person * 人数
            test "空" {
              given 天数 = 3 days
            }
            test "多给" {
              given 天数 = 3 days, 人数 = 2 persons, claim date = 2022-05-01
              expect 甲 = 450 yuan
            }
            """)
        #expect(
            summary(found) == [
                "warning test-expects-nothing 11:1 this test expects nothing, so it checks nothing",
                "warning given-unused 15:22 the test gives 人数, but nothing it expects reads it (甲)",
            ])
    }

    // MARK: Layers and periods

    private let province = """
        policy 省 {
          title "省方案"
          document "省〔2022〕1号"
          jurisdiction 山西省
          in force 2022-01-01 to 2022-12-31
        }
        input 天数: days
        open 订单标准: yuan at most 4000 yuan cite "二"
        rule 日补贴: yuan cite "一" = 150 yuan/day * 天数 at most 1000 yuan
        program 普惠: yuan cite "一" = 日补贴
        program 订单: yuan cite "二" = 订单标准
        """

    private func county(_ rules: String, jurisdiction: String = "山西省/晋城市/陵川县", from start: String = "2022-01-01") -> String {
        """
        policy 县 {
          title "县方案"
          document "县〔2022〕1号"
          jurisdiction \(jurisdiction)
          extends 省
          in force \(start) to 2022-12-31
        }
        \(rules)
        """
    }

    @Test func aCountyAmountAboveItsProvincesCapIsReported() {
        let found = review(
            province,
            county(
                """
                rule 日补贴: yuan cite "三" = 150 yuan/day * 天数 at most 1200 yuan
                rule 订单标准: yuan cite "三" = 4500 yuan
                """))
        #expect(
            summary(found) == [
                "warning above-parent-cap 8:6 日补贴 can reach 1200 yuan, above the 1000 yuan that 省 sets as its cap",
                "warning above-parent-cap 9:6 订单标准 can reach 4500 yuan, above the 4000 yuan that 省 sets as its cap",
            ])
        #expect(found.first?.notes.map(\.english) == ["省's cap is at p0.policy:9:1"])
    }

    @Test func aCountyWithinItsProvincesCapOrANewYearIsNoWarning() {
        #expect(summary(review(province, county("rule 日补贴: yuan cite \"三\" = 100 yuan/day * 天数 at most 800 yuan"))) == [])
        // A later year of the same jurisdiction may raise what the earlier one capped.
        #expect(
            summary(review(province, county("rule 日补贴: yuan cite \"三\" = 2000 yuan", jurisdiction: "山西省", from: "2022-07-01")))
                == [])
    }

    @Test func aCountyRateBelowItsProvincesIsANote() {
        let found = review(province, county("program 普惠: yuan cite \"三\" = 500 yuan\nprogram 订单: yuan cite \"三\" = 3000 yuan"))
        // Neither is constant in the province (a daily rate, an open standard): only constants on both sides compare.
        #expect(summary(found) == [])
        let constant = review(
            province.replacingOccurrences(
                of: "program 普惠: yuan cite \"一\" = 日补贴", with: "program 普惠: yuan cite \"一\" = 800 yuan"),
            county("program 普惠: yuan cite \"三\" = 500 yuan"))
        #expect(
            summary(constant.filter { $0.code == .belowParentRate }) == [
                "note below-parent-rate 8:9 普惠 pays less than 省 does for the same program: 500 yuan against 800 yuan"
            ])
    }

    @Test func theBundledCountysCertificateRatesAreBelowTheProvincesRows() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let found = Analyzer.review(library).filter { $0.code == .belowParentRate }
        #expect(
            found.map { "\($0.file?.path.split(separator: "/").last ?? "") \($0.message.english)" } == [
                "lingchuan-2020.policy 职业技能等级证书补贴 pays less than 山西省2021 does for the same program: 专项职业能力证书 150 yuan against 200 yuan, 初级工 300 yuan against 400 yuan, 高级工 600 yuan against 800 yuan, 特种作业操作证 300 yuan against 400 yuan, 特种设备作业人员证 300 yuan against 400 yuan"
            ])
        #expect(found.first?.severity == .note)
    }

    @Test func overlappingPeriodsOfUnrelatedPoliciesAreReported() {
        let found = review(provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2021-07-01 to 2022-06-30"))
        #expect(
            summary(found) == [
                "warning period-overlap 1:8 乙 and 甲 are both in force for 山西省 from 2021-07-01 to 2021-12-31, and both define 普惠"
            ])
        #expect(found.first?.file?.path == "p1.policy")
        // A policy that extends the other takes over on purpose.
        #expect(
            summary(
                review(
                    provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2021-07-01 to 2022-06-30", extends: "甲")
                )) == [])
    }

    @Test func aGapBetweenConsecutiveYearsIsReported() {
        let found = review(
            provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2022-03-01 to 2022-12-31", extends: "甲"))
        #expect(
            summary(found) == [
                "warning period-gap 1:8 from 2022-01-01 to 2022-02-28, between 甲 and 乙, no policy for 山西省 defines 普惠"
            ])
        #expect(
            summary(review(provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2022-01-01 to 2022-12-31")))
                == [])
    }

    // MARK: The command

    private func run(_ arguments: [String]) -> (ExitCode, Console) {
        let console = Console()
        return (PolicyCommandLine.run(arguments, console: console), console)
    }

    @Test func theBundledPoliciesPassTheStrictCheck() {
        let (code, console) = run(["check", "--strict", Repository.path("policies")])
        #expect(code == .success)
        #expect(console.output.hasPrefix("checked 5 policies: no errors, 8 notes\n"))
    }

    @Test func strictMakesWarningsErrorsAndJSONListsThemForEditors() throws {
        let directory = try copyOfPolicies(editing: [
            "shanxi-2022.policy": {
                $0.replacingOccurrences(of: "above 10 days => 100 yuan/day", with: "above 12 days => 100 yuan/day")
            }
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let (plainCode, plain) = run(["check", directory.path])
        #expect(plainCode == .success)
        #expect(plain.output.hasPrefix("checked 5 policies: no errors, 1 warning, 8 notes\n"))
        #expect(
            plain.errors.contains(
                "shanxi-2022.policy:71:3: warning: no bracket of this schedule holds above 10 days up to 12 days [schedule-gap]"))

        let (strictCode, strict) = run(["check", "--strict", directory.path])
        #expect(strictCode == .invalidPolicy)
        #expect(strict.errors.contains("error: no bracket of this schedule holds above 10 days up to 12 days [schedule-gap]"))
        #expect(strict.errors.hasSuffix("1 error, 8 notes\n"))

        let (jsonCode, json) = run(["check", "--json", directory.path])
        #expect(jsonCode == .success)
        let report = try JSONParser.parse(Array(json.output.utf8))
        #expect(report["warnings"] == .number("1"))
        #expect(report["notes"] == .number("8"))
        guard case .array(let diagnostics)? = report["diagnostics"] else {
            Issue.record("no diagnostics array in \(json.output)")
            return
        }
        let gap = try #require(diagnostics.first { $0["code"] == .string("schedule-gap") })
        #expect(gap["severity"] == .string("warning"))
        #expect(gap["file"] == .string("\(directory.path)/shanxi-2022.policy"))
        #expect(gap["line"] == .number("71"))
        #expect(gap["column"] == .number("3"))
        #expect(gap["endLine"] == .number("71"))
        #expect(gap["hint"]?.stringValue?.contains("earns nothing") == true)
    }
}

extension JSONValue {
    fileprivate var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
