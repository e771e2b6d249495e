// The checker: units, names, coverage of matches, tables, cycles, citations, layers.

import Testing

@testable import PolicyLanguage

@Suite struct CheckerTests {
    @Test func aDailyRateTimesDaysIsYuan() throws {
        let (program, diagnostics) = check(
            """
            input 培训天数: days
            rule 补贴: yuan cite "五(六)" = 150 yuan/day * 培训天数
            """)
        #expect(diagnostics.isEmpty)
        let rule = try #require(program?.rules.first)
        #expect(rule.body.type == .yuan)
    }

    @Test(arguments: [
        ("150 yuan + 培训天数", "unit-mismatch"),
        ("150 yuan/day * 培训天数 + 3", "unit-mismatch"),
        ("150 yuan/day * 缴费月数", "rule-type"),
        ("150 yuan/day * 培训天数 at most 1000", "bound-unit"),
        ("if 就业率 >= 0.8 then 1 yuan else 0 yuan", "incomparable"),
        ("if 就业率 then 1 yuan else 0 yuan", "condition-type"),
        ("if 就业率 >= 80% then 1 yuan else 2 days", "branch-types"),
        ("1000 yuan / 3", "unrounded-division"),
        ("(1000 yuan / 3) rounded to 0.01", "rounding-unit"),
    ])
    func unitErrors(expression: String, code: String) {
        let codes = errorCodes(
            """
            input 培训天数: days
            input 缴费月数: months
            input 就业率: percent
            rule 补贴: yuan cite "x" = \(expression)
            """)
        #expect(codes == [code])
    }

    @Test(arguments: [
        "1000 yuan / 4",
        "(1000 yuan / 3) rounded to 0.01 yuan",
        "80% * 2500 yuan",
        "1000 yuan * 就业率",
        "min(1000 yuan, 150 yuan/day * 培训天数)",
    ])
    func wellFormedMoney(expression: String) {
        #expect(
            errorCodes(
                """
                input 培训天数: days
                input 就业率: percent
                rule 补贴: yuan cite "x" = \(expression)
                """) == [])
    }

    @Test func cyclesAreNamed() {
        let (_, diagnostics) = check(
            """
            rule 甲: yuan cite "x" = 乙
            rule 乙: yuan cite "x" = 丙 + 1 yuan
            rule 丙: yuan cite "x" = 甲
            rule 丁: yuan cite "x" = 丁
            """)
        #expect(diagnostics.map(\.code.rawValue) == ["cycle", "cycle"])
        #expect(diagnostics[0].message.english.hasSuffix("甲 → 乙 → 丙 → 甲"))
        #expect(diagnostics[1].message.english.hasSuffix("丁 → 丁"))
    }

    @Test func matchOverAnEnumMustPriceEveryCase() {
        let enumeration = "enum 等级 { 初级, 中级, 高级 }\ninput 等级: 等级\n"
        let missing = check(
            enumeration + """
                rule 补贴: yuan cite "x" = match 等级 { 初级 => 1 yuan, 高级 => 3 yuan }
                """
        ).1
        #expect(missing.map(\.code.rawValue) == ["non-exhaustive"])
        #expect(missing[0].message.english.contains("中级"))
        #expect(
            errorCodes(
                enumeration + """
                    rule 补贴: yuan cite "x" = match 等级 { 初级 => 1 yuan, else => 3 yuan }
                    """) == [])
        #expect(
            errorCodes(
                enumeration + """
                    rule 补贴: yuan cite "x" = match 等级 { 初级, 中级 => 1 yuan, 高级 => 3 yuan }
                    """) == [])
        #expect(
            errorCodes(
                enumeration + """
                    rule 补贴: yuan cite "x" = match 等级 { 初级 => 1 yuan, 初级 => 2 yuan, else => 3 yuan }
                    """) == ["duplicate-pattern"])
    }

    @Test(arguments: [
        ("below 100 persons => 1 yuan, from 100 persons => 2 yuan", true),
        ("below 100 persons => 1 yuan, above 100 persons => 2 yuan", false),
        ("up to 100 persons => 1 yuan, above 100 persons => 2 yuan", true),
        ("below 100 persons => 1 yuan, from 50 persons up to 200 persons => 2 yuan, above 150 persons => 3 yuan", true),
        ("from 0 persons => 1 yuan", false),
    ])
    func matchOverRangesMustCoverTheLine(arms: String, covers: Bool) {
        let codes = errorCodes(
            """
            input 人数: persons
            rule 补贴: yuan cite "x" = match 人数 { \(arms) }
            """)
        #expect(codes == (covers ? [] : ["non-exhaustive"]))
    }

    @Test func tableShape() {
        let codes = errorCodes(
            """
            enum 等级 { 初级, 中级 }
            table 标准 by 等级 cite "x" {
              等级 | 补贴
              初级 | 400 yuan
              中级 | 600 yuan | 1
              初级 | 500 yuan
              中级 | 7 days
            }
            """)
        #expect(codes == ["ragged-row", "duplicate-key", "cell-type"])
    }

    @Test func lookupsAreTyped() {
        let table = """
            enum 等级 { 初级, 中级 }
            input 等级: 等级
            input 文本: text
            table 标准 by 等级 cite "x" {
              等级 | 补贴
              初级 | 400 yuan
            }

            """
        #expect(errorCodes(table + "rule a: yuan cite \"x\" = 标准[等级].补贴") == [])
        #expect(errorCodes(table + "rule a: yuan cite \"x\" = 标准[文本].补贴") == ["key-type"])
        #expect(errorCodes(table + "rule a: yuan cite \"x\" = 标准[等级].金额") == ["unknown-column"])
        #expect(errorCodes(table + "rule a: yuan cite \"x\" = 标准[等级]") == ["lookup-column"])
        #expect(errorCodes(table + "rule a: yuan cite \"x\" = 标准") == ["table-as-value"])
    }

    @Test func moneyMustCiteItsClause() {
        #expect(errorCodes("rule a: yuan = 1 yuan") == ["missing-citation"])
        #expect(errorCodes("rule a: yuan/day = 1 yuan/day") == ["missing-citation"])
        #expect(errorCodes("rule a: days = 1 days") == [])
        #expect(
            errorCodes(
                """
                table t by k {
                  k | v
                  a | 1 yuan
                }
                """) == ["missing-citation"])
    }

    @Test func enumCasesResolveByTheirEnum() {
        let enums = "enum 甲 { 初级, 中级 }\nenum 乙 { 初级, 高级 }\ninput 等级: 甲\n"
        #expect(errorCodes(enums + "rule a: bool = 等级 == 初级") == [])
        #expect(errorCodes(enums + "rule a: bool = 初级 == 等级") == [])
        #expect(errorCodes(enums + "rule a: 乙 = 初级") == [])
        #expect(errorCodes(enums + "rule a: bool = 高级 == 乙.高级") == [])
        #expect(errorCodes(enums + "rule a: bool = 初级 == 初级") == ["ambiguous-case", "ambiguous-case"])
        #expect(errorCodes(enums + "rule a: bool = 等级 == 甲.特级") == ["unknown-case"])
    }

    @Test func misspeltNamesGetASuggestion() {
        let (_, diagnostics) = check("input 培训天数: days\nrule a: days = 培训天")
        #expect(diagnostics.map(\.code.rawValue) == ["unknown-name"])
        #expect(diagnostics[0].hint?.english == "did you mean '培训天数'?")
    }

    /// The suggestion, which stops measuring a candidate once it cannot be close enough, is the
    /// one the whole table of every candidate gives: over random names of a few letters and
    /// characters, with candidates repeated, empty and equal to the name.
    @Test func theClosestNameIsTheOneTheWholeTableGives() {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var table = (0...a.count).map { i in (0...b.count).map { j in i == 0 ? j : j == 0 ? i : 0 } }
            for i in a.indices {
                for j in b.indices {
                    table[i + 1][j + 1] = min(table[i][j + 1] + 1, table[i + 1][j] + 1, table[i][j] + (a[i] == b[j] ? 0 : 1))
                }
            }
            return table[a.count][b.count]
        }
        func reference(_ name: String, _ candidates: [String]) -> String? {
            let near = Set(candidates).filter { $0 != name }.compactMap { candidate -> (String, Int)? in
                let d = distance(Array(name), Array(candidate))
                return d <= max(1, min(name.count, candidate.count) / 3) ? (candidate, d) : nil
            }
            return near.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
        }
        var generator = SplitMix(seed: 31)
        let letters: [Character] = ["a", "b", "c", "培", "训", "天", "数", "é"]
        func word() -> String {
            String((0..<generator.next(below: 9)).map { _ in letters[generator.next(below: letters.count)] })
        }
        var suggested = 0
        for _ in 0..<3000 {
            let name = word()
            var candidates = (0..<generator.next(below: 12)).map { _ in word() }
            if generator.next(below: 4) == 0 { candidates.append(name) }
            if generator.next(below: 4) == 0, let first = candidates.first { candidates.append(first) }
            let got = closest(to: name, among: candidates)
            #expect(got == reference(name, candidates), "\(name) among \(candidates)")
            if got != nil { suggested += 1 }
        }
        #expect(suggested > 300)
    }
}
