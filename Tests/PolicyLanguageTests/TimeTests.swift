// Time made explicit: the claim date and the application date, counting years, dates made from
// numbers, programs decided by a date of their own (`dated`), and deadlines for applying.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct TimeTests {
    /// An inline policy whose header starts its counting year on `countingYearFrom`.
    private func policy(_ body: String, countingYearFrom start: String?) -> String {
        """
        policy 示例 {
          title "测试办法"
          document "测试〔2022〕1号"
          jurisdiction 山西省
          in force 2022-01-01 to 2022-12-31
          \(start.map { "counting year from \($0)" } ?? "")
        }
        \(body)
        """
    }

    private func countingYear(on date: String, from start: String?) -> ExactDecimal? {
        evaluate(
            policy("rule 年度: number cite \"四(三)\" = counting year", countingYearFrom: start), "年度", date: CalendarDate(iso: date))?
            .amount
    }

    // MARK: Counting years

    @Test(arguments: [("2021-11-30", 2021), ("2021-12-01", 2022), ("2022-11-30", 2022), ("2022-12-31", 2023)])
    func aCountingYearFromDecemberCountsDecemberTowardsTheNextYear(date: String, year: Int) {
        #expect(countingYear(on: date, from: "2021-12-01") == ExactDecimal(year))
    }

    @Test(arguments: [("2022-03-31", 2021), ("2022-04-01", 2022), ("2023-01-01", 2022)])
    func aCountingYearStartingInTheFirstHalfIsNamedByTheYearItStartsIn(date: String, year: Int) {
        #expect(countingYear(on: date, from: "2022-04-01") == ExactDecimal(year))
    }

    @Test func withoutACountingYearItIsTheCalendarYear() {
        #expect(countingYear(on: "2022-12-31", from: nil) == ExactDecimal(2022))
    }

    @Test func theNearestDeclarationUpTheChainWins() {
        func library(child: String?) -> PolicyLibrary {
            let parent = provincePolicy("省甲", "2022-01-01 to 2022-12-31").replacingOccurrences(
                of: "in force 2022-01-01 to 2022-12-31",
                with: "in force 2022-01-01 to 2022-12-31\n  counting year from 2021-12-01")
            let county = """
                policy 县乙 {
                  title "县乙"
                  document "县乙〔2022〕1号"
                  jurisdiction 山西省/甲市/乙县
                  extends 省甲
                  in force 2022-01-01 to 2022-12-31
                  \(child.map { "counting year from \($0)" } ?? "")
                }
                """
            return PolicyLibrary.load(sources: [
                SourceFile(path: "a.policy", text: parent), SourceFile(path: "b.policy", text: county),
            ])
        }
        #expect(library(child: nil).entry(named: "县乙")?.program.countingYear == CountingYear(month: 12, day: 1))
        #expect(library(child: "2022-01-01").entry(named: "县乙")?.program.countingYear == .calendar)
        #expect(library(child: nil).entry(named: "省甲")?.program.countingYear == CountingYear(month: 12, day: 1))
    }

    // MARK: Dates from numbers

    @Test func aDateFromNumbersAndANonDayAtRunTime() {
        let text = """
            input 月: number
            rule 期限: date cite "x" = date(2022, 月, 30)
            """
        #expect(evaluate(text, "期限", ["月": ExactDecimal(1)])?.amount == ExactDecimal(CalendarDate(iso: "2022-01-30")!.dayNumber))
        guard case .invalid(let problems)? = evaluate(text, "期限", ["月": ExactDecimal(2)]) else {
            Issue.record("a non-day is invalid")
            return
        }
        #expect(problems.map { $0.english } == ["date(2022, 2, 30) is not a day: 2022-02 has 28 days"])
        #expect(problems.map { $0.chinese } == ["日期(2022, 2, 30)不是有效的日期：2022年2月只有28天"])
    }

    @Test func aConstantNonDayIsAnErrorWhenChecked() {
        #expect(errorCodes("rule 期限: date cite \"x\" = date(2022, 2, 30)") == ["invalid-date"])
        #expect(errorCodes("rule 期限: date cite \"x\" = date(2022, 2)") == ["arguments"])
        #expect(errorCodes("rule 期限: date cite \"x\" = date(2022, 2, 1 yuan)") == ["type-mismatch"])
        #expect(errorCodes("rule 期限: date cite \"x\" = date(2022, 2, 28)").isEmpty)
    }

    // MARK: Deciding dates

    @Test func datedNamesADateInput() {
        #expect(errorCodes("input 评价日期: number\nprogram 甲: yuan cite \"x\" dated 评价日期 = 1 yuan") == ["dated-input"])
        #expect(errorCodes("program 甲: yuan cite \"x\" dated 评价日 = 1 yuan") == ["dated-input"])
        #expect(errorCodes("input 评价日期: date\nprogram 甲: yuan cite \"x\" dated 评价日期 = 1 yuan").isEmpty)
        #expect(errorCodes("input 评价日期: date\nrule 甲: yuan cite \"x\" dated 评价日期 = 1 yuan") == ["syntax"])
    }

    /// Two province plans, the later one deciding 证书 by 评价日期; the earlier one does when `alsoDated`.
    private func datedLibrary(alsoDated: Bool) -> PolicyLibrary {
        func plan(_ name: String, _ period: String, _ rate: Int, dated: Bool) -> String {
            """
            policy \(name) {
              title "\(name)"
              document "\(name)〔2022〕1号"
              jurisdiction 山西省
              in force \(period)
            }
            input 评价日期: date
            program 证书: yuan cite "一" \(dated ? "dated 评价日期" : "")= \(rate) yuan
            """
        }
        return PolicyLibrary.load(sources: [
            SourceFile(path: "a.policy", text: plan("省2021", "2021-01-01 to 2021-12-31", 600, dated: alsoDated)),
            SourceFile(path: "b.policy", text: plan("省2022", "2022-01-01 to 2022-12-31", 400, dated: true)),
        ])
    }

    private func claim(_ date: String, facts: String, applied: String? = nil, program: String = "证书", place: String = "山西省")
        -> String
    {
        #"{"id":"T1","date":"\#(date)","jurisdiction":"\#(place)","program":"\#(program)","facts":{\#(facts)}"#
            + (applied.map { #","applied":"\#($0)""# } ?? "") + "}"
    }

    @Test func aDatedProgramIsSelectedAgainByItsOwnDate() {
        let engine = Engine(library: datedLibrary(alsoDated: true))
        let decided = engine.decide(json: Array(claim("2022-01-05", facts: #""评价日期":"2021-12-20""#).utf8))
        #expect(decided.policy?.name == "省2021")
        #expect(decided.outcome.amount == yuan("600"))
        // Without the date, the claim date decides.
        let undated = engine.decide(json: Array(claim("2022-01-05", facts: "").utf8))
        #expect(undated.policy?.name == "省2022")
        #expect(undated.outcome.amount == yuan("400"))
    }

    @Test func aReselectedDefinitionDecidedByAnotherDateMakesTheClaimInvalid() {
        let decided = Engine(library: datedLibrary(alsoDated: false))
            .decide(json: Array(claim("2022-01-05", facts: #""评价日期":"2021-12-20""#).utf8))
        #expect(
            decided.outcome.problems == [
                "省2022 decides 证书 by 评价日期, 2021-12-20: that date selects 省2021, which decides 证书 by the claim date; the claim cannot be decided by both"
            ])
        guard case .invalid(let problems) = decided.outcome else { return }
        #expect(
            problems.map(\.chinese) == ["省2022按评价日期（2021-12-20）审核证书：该日期选中省2021，而该政策按业务日期审核证书；无法同时按两个日期审核此件申领"])
    }

    @Test func theBatchSelectsByTheDecidingDateAsEvalDoes() {
        for alsoDated in [true, false] {
            let library = datedLibrary(alsoDated: alsoDated)
            let csv = "id,date,jurisdiction,program,评价日期\nA,2022-01-05,山西省,证书,2021-12-20\nB,2022-01-05,山西省,证书,\n"
            var source = BytesSource(Array(csv.utf8))
            var written: [UInt8] = []
            _ = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv)
                .run(&source, inputFormat: .csv, write: { written.append(contentsOf: $0) })
            let results = rows(String(decoding: written, as: UTF8.self))
            let engine = Engine(library: library)
            let evaluated = engine.decide(json: Array(claim("2022-01-05", facts: #""评价日期":"2021-12-20""#).utf8))
            #expect(results[0]["status"] == evaluated.status.rawValue)
            #expect(results[0]["amount"] == (alsoDated ? "600" : ""))
            #expect(results[0]["reasons"] == (evaluated.outcome.problems?.map { "line 2: \($0)" }.first ?? ""))
            #expect(results[1]["policy"] == "省2022")
            #expect(results[1]["amount"] == "400")
            // JSON lines select as CSV does.
            var lines = BytesSource(Array((claim("2022-01-05", facts: #""评价日期":"2021-12-20""#) + "\n").utf8))
            var json: [UInt8] = []
            _ = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv)
                .run(&lines, inputFormat: .jsonl, write: { json.append(contentsOf: $0) })
            let fromJSON = rows(String(decoding: json, as: UTF8.self))
            #expect(fromJSON[0]["policy"] == (alsoDated ? "省2021" : ""))
            #expect(fromJSON[0]["amount"] == (alsoDated ? "600" : ""))
            #expect(fromJSON[0]["status"] == evaluated.status.rawValue)
        }
    }

    // MARK: 陵川县 and 太原市 on 2021-12-10

    @Test func lingchuanAndTaiyuanAgreeOnTheTenthOfDecember2021() {
        let engine = Engine(library: PolicyLibrary.load(paths: [Repository.path("policies")]))
        let certificate = #""证书等级":"中级工","初次取证":false,"已使用电子培训券":true"#
        let cluster = #""已使用电子培训券":true,"培训月数":4,"取得技能等级证书":true,"定向式培训补贴标准":10000,"就业率":50"#
        for (program, facts, amount) in [("职业技能等级证书补贴", certificate, "600"), ("产业集群定向式培训补贴", cluster, "10000")] {
            let county = engine.decide(json: Array(claim("2021-12-10", facts: facts, program: program, place: "陵川县").utf8))
            let city = engine.decide(json: Array(claim("2021-12-10", facts: facts, program: program, place: "山西省/太原市").utf8))
            #expect(county.outcome.amount == yuan(amount), "\(program): \(county.outcome)")
            #expect(city.outcome.amount == yuan(amount), "\(program): \(city.outcome)")
            #expect(county.policy?.name == "陵川县2020")
            #expect(city.policy?.name == "山西省2021")
        }
        // From 2022 the 2022 plan decides in 太原市: cluster training asks for 80% employment.
        let later = engine.decide(
            json: Array(
                claim(
                    "2022-01-10", facts: cluster.replacingOccurrences(of: "10000", with: "8000"), program: "产业集群定向式培训补贴",
                    place: "山西省/太原市"
                ).utf8))
        #expect(later.policy?.name == "山西省2022")
        #expect(later.outcome.refusalReasons == ["定向式培训参训人员就业率不低于80%"])
    }

    // MARK: Deadlines and the application date

    private let certificate = #""证书等级":"初级工","初次取证":true,"已使用电子培训券":true,"身份证号":"140100199001010014""#

    @Test func aClaimAppliedForAfterTheDeadlineIsRefusedWithItsClause() {
        let engine = Engine(library: PolicyLibrary.load(paths: [Repository.path("policies")]))
        let late = engine.decide(
            json: Array(claim("2022-06-01", facts: certificate, applied: "2023-01-05", program: "职业技能等级证书补贴").utf8))
        #expect(late.outcome.refusalReasons == ["applied on 2023-01-05, after the deadline 2022-12-31 (补贴申领期限)"])
        guard case .refused(let refusals) = late.outcome else { return }
        #expect(refusals.map(\.reason.chinese) == ["于 2023-01-05 申领，已过申领期限 2022-12-31（补贴申领期限）"])
        #expect(refusals.first?.citation?.description == "晋技能组发〔2022〕1号 四(三)")
        let inTime = engine.decide(
            json: Array(claim("2022-06-01", facts: certificate, applied: "2022-12-31", program: "职业技能等级证书补贴").utf8))
        #expect(inTime.outcome.amount == yuan("400"))
        // December counts towards the next year, and so does its deadline.
        let december = engine.decide(
            json: Array(claim("2022-12-15", facts: certificate, applied: "2023-01-05", program: "职业技能等级证书补贴").utf8))
        #expect(december.outcome.amount == yuan("400"))
        // A claim refused anyway says both.
        let noVoucher = certificate.replacingOccurrences(
            of: "\"已使用电子培训券\":true", with: "\"已使用电子培训券\":false,\"涉密单位\":false")
        let refusedLate = engine.decide(
            json: Array(claim("2022-06-01", facts: noVoucher, applied: "2023-01-05", program: "职业技能等级证书补贴").utf8))
        #expect(refusedLate.outcome.refusalReasons?.count == 2)
        #expect(refusedLate.outcome.refusalReasons?.last == "applied on 2023-01-05, after the deadline 2022-12-31 (补贴申领期限)")
    }

    @Test func aMalformedApplicationDateIsInvalidInEveryPath() {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let json = claim("2022-06-01", facts: certificate, applied: "2022-02-30", program: "职业技能等级证书补贴")
        let decided = Engine(library: library).decide(json: Array(json.utf8))
        #expect(
            decided.outcome.problems == ["the claim's application date (applied) 2022-02-30 is not a day: 2022-02 has 28 days"])
        let csv =
            "id,date,jurisdiction,program,applied,证书等级,初次取证,已使用电子培训券,身份证号\n"
            + "A,2022-06-01,山西省,职业技能等级证书补贴,2022-02-30,初级工,true,true,\(person(1))\n"
            + "B,2022-06-01,山西省,职业技能等级证书补贴,2023-01-05,初级工,true,true,\(person(2))\n"
            + "C,2022-06-01,山西省,职业技能等级证书补贴,,初级工,true,true,\(person(3))\n"
        for (format, input) in [(BatchFormat.csv, csv), (.jsonl, json + "\n")] {
            var source = BytesSource(Array(input.utf8))
            var written: [UInt8] = []
            _ = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv, language: .zh)
                .run(&source, inputFormat: format, write: { written.append(contentsOf: $0) })
            let results = rows(String(decoding: written, as: UTF8.self))
            #expect(results[0]["status"] == "invalid")
            #expect(results[0]["reasons"] == "第2行：申领日期（applied）2022-02-30不是有效的日期：2022-02只有28天" || format == .jsonl)
            if format == .csv {
                #expect(results[1]["status"] == "refused")
                #expect(results[1]["reasons"] == "于 2023-01-05 申领，已过申领期限 2022-12-31（补贴申领期限） [晋技能组发〔2022〕1号 四(三)]")
                #expect(results[2]["amount"] == "400")
            }
        }
    }

    // MARK: Syntax

    @Test func theTimeKeywordsRoundTripThroughChinese() throws {
        let english = policy(
            """
            input 评价日期: date
            program 证书补贴: yuan cite "二(七)" dated 评价日期 = 400 yuan
            rule 年度: number cite "四(三)" = counting year
            rule 申领日: date cite "四(三)" = application date
            rule 业务日: date cite "四(三)" = claim date
            deadline 补贴申领期限 cite "四(三)" {
              for 证书补贴
              until date(counting year, 12, 31)
            }
            test "期限" {
              given claim date = 2022-06-01, application date = 2022-12-20
              expect 证书补贴 = 400 yuan
            }
            """, countingYearFrom: "2021-12-01")
        let chinese = try #require(Formatter.format(SourceFile(path: "t.policy", text: english), keywords: .zh).text)
        #expect(chinese.contains("计数年度 自 2021-12-01"))
        #expect(chinese.contains("项目 证书补贴: 元 引用 \"二(七)\" 按日期 评价日期 = 400 元"))
        #expect(chinese.contains("申领期限 补贴申领期限 引用 \"四(三)\" {"))
        #expect(chinese.contains("  截至 日期(计数年度, 12, 31)"))
        #expect(chinese.contains("给定 业务日期 = 2022-06-01, 申领日期 = 2022-12-20"))
        #expect(chinese.contains("= 申领日期\n"))
        let back = try #require(Formatter.format(SourceFile(path: "t.policy", text: chinese), keywords: .en).text)
        let canonical = try #require(Formatter.format(SourceFile(path: "t.policy", text: english)).text)
        #expect(back == canonical)
        let library = PolicyLibrary.load(sources: [SourceFile(path: "t.policy", text: chinese)])
        #expect(!library.diagnostics.hasErrors, "\(library.diagnostics)")
        let program = library.entries.first?.program
        #expect(program?.deadlines.map(\.name) == ["补贴申领期限"])
        #expect(program?.countingYear == CountingYear(month: 12, day: 1))
        #expect(program?.rules[program!.ruleSlots["证书补贴"]!].decidingInput == program?.inputSlots["评价日期"])
    }
}
