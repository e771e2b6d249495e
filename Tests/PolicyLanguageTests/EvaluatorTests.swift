// The evaluator: tiers at their boundaries, the 80% fallback, caps, rounding, refusals,
// gaps and `otherwise`, dates, and the derivation it records.

import Testing

@testable import PolicyLanguage

@Suite struct EvaluatorTests {
    let orderTraining = """
        input 培训天数: days
        input 就业率: percent between 0% and 100%
        rule 阶梯式补贴: yuan cite "二(七)" =
          marginal 培训天数 {
            up to 10 days => 150 yuan/day
            above 10 days => 100 yuan/day
          } at most 4000 yuan
        rule 普惠制培训补贴: yuan cite "二(七)" = 100 yuan/day * 培训天数 at most 1000 yuan
        program 订单式项目制培训补贴: yuan cite "二(七)" =
          if 就业率 >= 80% then 阶梯式补贴 else 普惠制培训补贴
        """

    @Test(arguments: [
        ("0", "80", "0"), ("1", "80", "150"), ("10", "80", "1500"), ("11", "80", "1600"), ("12", "80", "1700"),
        ("34", "80", "3900"), ("35", "80", "4000"), ("36", "80", "4000"), ("10.5", "80", "1550"),
        ("11", "79.99", "1000"), ("7", "79.99", "700"), ("11", "100", "1600"), ("11", "0", "1000"),
    ])
    func orderTrainingTiersAndTheEightyPercentFallback(days: String, rate: String, expected: String) {
        let outcome = evaluate(
            orderTraining, "订单式项目制培训补贴",
            [
                "培训天数": yuan(days), "就业率": ExactDecimal(significand: yuan(rate).significand, exponent: yuan(rate).exponent - 2),
            ])
        #expect(outcome?.amount == yuan(expected))
    }

    @Test(arguments: [("99", "99000"), ("100", "150000"), ("0", "0"), ("250", "375000")])
    func bandedTiersPriceTheWholeQuantityAtOneRate(hires: String, expected: String) {
        let outcome = evaluate(
            """
            input 新吸纳人数: persons
            program 吸纳就业补助: yuan cite "三(六)" =
              banded 新吸纳人数 {
                below 100 persons => 1000 yuan/person
                from 100 persons  => 1500 yuan/person
              }
            """, "吸纳就业补助", ["新吸纳人数": yuan(hires)])
        #expect(outcome?.amount == yuan(expected))
    }

    @Test func aBandedGapRefusesAndOtherwiseCatchesIt() {
        let policy = """
            input 人数: persons
            rule 有档: yuan cite "x" = banded 人数 { from 10 persons => 1 yuan/person }
            program 兜底: yuan cite "x" = 有档 otherwise 5 yuan
            """
        #expect(evaluate(policy, "有档", ["人数": yuan("3")])?.refusalReasons?.first?.contains("no bracket") == true)
        #expect(evaluate(policy, "兜底", ["人数": yuan("3")])?.amount == yuan("5"))
        #expect(evaluate(policy, "兜底", ["人数": yuan("12")])?.amount == yuan("12"))
    }

    @Test(arguments: [("11", true), ("12", false), ("13", false)])
    func requireRefusesWithEveryFailingReason(months: String, refused: Bool) {
        let outcome = evaluate(
            """
            input 缴费月数: months
            input 有电子券: bool
            program 职工取证补贴: yuan cite "五(七)" =
              require 缴费月数 >= 12 months else "缴纳失业保险不足12个月"
              require 有电子券 else "没有电子券不予兑现"
              1000 yuan
            """, "职工取证补贴", ["缴费月数": yuan(months), "有电子券": months == "13" ? .zero : .one])
        switch months {
        case "11": #expect(outcome?.refusalReasons == ["缴纳失业保险不足12个月"])
        case "12": #expect(outcome?.amount == yuan("1000"))
        default: #expect(outcome?.refusalReasons == ["没有电子券不予兑现"])
        }
        _ = refused
    }

    @Test func aMissingTableRowRefusesNamingTheGap() {
        let outcome = evaluate(
            """
            enum 等级 { 专项, 初级, 中级, 高级 }
            input 等级: 等级
            table 取证补贴 by 等级 cite "五(七)" {
              等级 | 补贴
              专项 | 150 yuan
              初级 | 300 yuan
              高级 | 600 yuan
            }
            program 补贴: yuan cite "五(七)" = 取证补贴[等级].补贴
            """, "补贴", ["等级": ExactDecimal(2)])
        #expect(outcome?.refusalReasons == ["the table 取证补贴 has no row for 等级 = 中级"])
    }

    @Test func roundingIsWrittenAndHalfUp() {
        let policy = """
            input 总额: yuan
            input 人数: persons
            program 人均: yuan/person cite "x" = (总额 / 人数) rounded to 0.01 yuan/person
            program 取整: yuan cite "x" = 总额 rounded to 10 yuan
            """
        #expect(evaluate(policy, "人均", ["总额": yuan("1000"), "人数": yuan("3")])?.amount == yuan("333.33"))
        #expect(evaluate(policy, "人均", ["总额": yuan("2000"), "人数": yuan("3")])?.amount == yuan("666.67"))
        #expect(evaluate(policy, "人均", ["总额": yuan("0.05"), "人数": yuan("2")])?.amount == yuan("0.03"))
        #expect(evaluate(policy, "取整", ["总额": yuan("1235")])?.amount == yuan("1240"))
        #expect(
            evaluate(policy, "人均", ["总额": yuan("1"), "人数": yuan("0")])?.problems?.first?.contains("division by zero") == true)
    }

    @Test func capsAndFloors() {
        let policy = """
            input x: yuan
            program 封顶: yuan cite "x" = x at most 4000 yuan at least 100 yuan
            """
        #expect(evaluate(policy, "封顶", ["x": yuan("5000")])?.amount == yuan("4000"))
        #expect(evaluate(policy, "封顶", ["x": yuan("4000")])?.amount == yuan("4000"))
        #expect(evaluate(policy, "封顶", ["x": yuan("3999.99")])?.amount == yuan("3999.99"))
        #expect(evaluate(policy, "封顶", ["x": yuan("50")])?.amount == yuan("100"))
    }

    @Test(arguments: [("2021-12-01", 2022), ("2022-11-30", 2022), ("2022-12-31", 2023), ("2022-01-01", 2022)])
    func aPolicyDefinesItsOwnTrainingYear(date: String, year: Int) {
        let outcome = evaluate(
            """
            rule 培训年度: number cite "四(三)" =
              if month(claim date) == 12 then year(claim date) + 1 else year(claim date)
            """, "培训年度", date: CalendarDate(iso: date))
        #expect(outcome?.amount == ExactDecimal(year))
    }

    @Test func aMissingFactIsInvalidOnlyWhenTheEvaluationNeedsIt() {
        let brand = """
            input 就业率: percent
            input 培训天数: days
            program 补贴: yuan cite "x" = if 就业率 >= 80% then 3500 yuan else 150 yuan/day * 培训天数
            """
        #expect(evaluate(brand, "补贴", ["就业率": yuan("0.85")])?.amount == yuan("3500"))
        #expect(evaluate(brand, "补贴", ["就业率": yuan("0.5")])?.problems?.first?.contains("培训天数") == true)
    }

    @Test func derivationShowsRulesFactsBranchesAndTiers() throws {
        let outcome = evaluate(orderTraining, "订单式项目制培训补贴", ["培训天数": yuan("41"), "就业率": yuan("0.9")], traced: true)
        #expect(outcome?.amount == yuan("4000"))
        let (program, _) = check(orderTraining)
        let compiled = Compiler.compile(try #require(program), traced: true)
        let frame = Frame(program: program!)
        frame.setInput(program!.inputSlots["培训天数"]!, yuan("41"))
        frame.setInput(program!.inputSlots["就业率"]!, yuan("0.9"))
        let trace = try #require(compiled.evaluate(rule: program!.programs["订单式项目制培训补贴"]!, in: frame).trace)
        #expect(
            trace.rendered(in: .en) == """
                订单式项目制培训补贴 = 4000 yuan   [测试〔2022〕1号 二(七)]
                ├─ if 就业率 >= 80% → true
                │  └─ 就业率 = 90%  (fact)
                └─ 阶梯式补贴 = 4000 yuan   [测试〔2022〕1号 二(七)]
                   ├─ marginal 培训天数 = 4600 yuan
                   │  ├─ 培训天数 = 41 days  (fact)
                   │  ├─ up to 10 days: 10 days × 150 yuan/day = 1500 yuan
                   │  └─ above 10 days: 31 days × 100 yuan/day = 3100 yuan
                   └─ at most 4000 yuan: 4600 yuan capped to 4000 yuan
                """)
        #expect(trace.citations.map(\.description) == ["测试〔2022〕1号 二(七)"])
    }

    @Test func batchAndExplainedCompilationsAgree() throws {
        let (program, _) = check(orderTraining)
        let program_ = try #require(program)
        let fast = Compiler.compile(program_, traced: false)
        let traced = Compiler.compile(program_, traced: true)
        let slot = program_.programs["订单式项目制培训补贴"]!
        let frame = Frame(program: program_)
        for days in 0...40 {
            for rate in [0, 50, 79, 80, 81, 100] {
                frame.reset()
                frame.setInput(program_.inputSlots["培训天数"]!, ExactDecimal(days))
                frame.setInput(program_.inputSlots["就业率"]!, ExactDecimal(significand: Int64(rate), exponent: -2))
                let a = try fast.run(rule: slot, in: frame)
                frame.reset()
                frame.setInput(program_.inputSlots["培训天数"]!, ExactDecimal(days))
                frame.setInput(program_.inputSlots["就业率"]!, ExactDecimal(significand: Int64(rate), exponent: -2))
                #expect(traced.evaluate(rule: slot, in: frame).outcome.amount == a)
            }
        }
    }
}
