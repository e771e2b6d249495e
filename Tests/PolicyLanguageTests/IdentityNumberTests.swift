// Identity numbers: one person is one limit key however a claim writes the number (padded,
// quoted with a space, full-width, a lower-case x), on the CSV and the JSON paths and through
// the engine; a number that is not one (a wrong check character, a JSON number, a spreadsheet's
// scientific notation) makes the claim invalid naming the fact; text facts are folded the same
// way; and the language's `identity` type checks, compares, converts and formats.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct IdentityNumberTests {
    /// A person born on 2000-02-29, whose check character is X.
    static let person = "14052420000229001X"

    /// The same person as claims write it.
    static let forms = [
        " 14052420000229001X ",  // padded by an export
        "14052420000229001x ",  // a lower-case x, a space left behind
        "１４０５２４２００００２２９００１Ｘ",  // typed in a Chinese input method
        "\u{3000}14052420000229001ｘ",  // an ideographic space, a full-width lower-case x
    ]

    // MARK: The number

    @Test(arguments: [
        ("11010519491231002X", true),  // GB 11643's own example
        ("140524199203150018", true), ("140524198807220027", true), ("14052420000229001X", true),
        ("140524199203150017", false), ("11010519491231002０", false), ("110105194912310021", false),
    ])
    func theCheckCharacterIsISO7064(number: String, valid: Bool) {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let digits = number.prefix(17).compactMap(\.wholeNumberValue)
        let expected = Array("10X98765432")[zip(digits, weights).map { $0 * $1 }.reduce(0, +) % 11]
        #expect((number.last == expected) == valid)
        #expect(((try? IdentityNumber(reading: number)) != nil) == valid)
    }

    @Test func theCheckCharacterAgreesWithTheWeightsForManyNumbers() {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        var state: UInt64 = 11_643
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let sequence = Int64(state >> 33) % 1000
            let day = CalendarDate(dayNumber: Int(state >> 20) % 40_000 - 20_000).components
            let body = Int64(140_524) * 100_000_000_000 + Int64(day.year * 10_000 + day.month * 100 + day.day) * 1000 + sequence
            let number = IdentityNumber(body: body)!
            let text = number.description
            let digits = text.prefix(17).compactMap(\.wholeNumberValue)
            #expect(text.count == 18)
            #expect(text.last == Array("10X98765432")[zip(digits, weights).map { $0 * $1 }.reduce(0, +) % 11], "\(text)")
            #expect((try? IdentityNumber(reading: text)) == number)
            #expect(text.utf8.withContiguousStorageIfAvailable { IdentityNumber.canonical($0) } == number)
            #expect(number.birthDate == CalendarDate(year: day.year, month: day.month, day: day.day))
        }
    }

    @Test(arguments: forms + [person, "14052420000229001x"])
    func everyFormIsOneNumber(form: String) throws {
        let number = try IdentityNumber(reading: form)
        #expect(number.description == Self.person)
        #expect(number.birthDate == CalendarDate(year: 2000, month: 2, day: 29))
    }

    @Test func theBatchReadsOnlyTheCanonicalFormInPlace() {
        func canonical(_ text: String) -> IdentityNumber? {
            Array(text.utf8).withUnsafeBufferPointer { IdentityNumber.canonical($0) }
        }
        #expect(canonical(Self.person)?.description == Self.person)
        #expect(canonical("14052420000229001x")?.description == Self.person)
        // Padded, full-width or wrong: the engine's decoding folds it or says what is wrong.
        #expect(Self.forms.filter { $0 != "14052420000229001x " }.allSatisfy { canonical($0) == nil })
        #expect(canonical("14052420000229001x ") == nil)
        #expect(canonical("140524199203150017") == nil)
        #expect(canonical("140524199213150011") == nil, "month 13")
    }

    @Test(arguments: [
        ("140524199203150017", IdentityNumber.Problem.checkCharacter(expected: "8")),
        ("14052419920315001", .length(17)),
        ("140524920315001", .length(15)),
        ("", .length(0)),
        ("1405241992031500A8", .notADigit(position: 17, character: "A")),
        ("14052419920315001B", .notADigit(position: 18, character: "B")),
        ("1.40524199203150017e17", .scientificNotation),
        ("1.405241992031E+17", .scientificNotation),
        ("140524199213150011", .birthDate("19921315")),
    ])
    func whatIsWrongIsSaid(text: String, problem: IdentityNumber.Problem) {
        #expect(throws: problem) { try IdentityNumber(reading: text) }
    }

    // MARK: One person, one key

    /// Four universal trainings of one person in 2021, in four trades, the number written four ways.
    static func fourTrainingsCSV(_ forms: [String]) -> String {
        var csv = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        for (index, (form, trade)) in zip(forms, ["电工", "焊工", "厨师", "育婴员"]).enumerated() {
            let quoted = form.contains(" ") ? "\"\(form)\"" : form
            csv += "A\(index + 1),2021-0\(index + 3)-01,陵川县,普惠制培训补贴,\(quoted),\(trade),初级,5,退役军人\n"
        }
        return csv
    }

    static func fourTrainingsJSONLines(_ forms: [String]) throws -> String {
        zip(forms, ["电工", "焊工", "厨师", "育婴员"]).enumerated().map { index, pair in
            let claim = JSONValue.object([
                JSONMember(key: "id", value: .string("A\(index + 1)")),
                JSONMember(key: "date", value: .string("2021-0\(index + 3)-01")),
                JSONMember(key: "jurisdiction", value: .string("陵川县")),
                JSONMember(key: "program", value: .string("普惠制培训补贴")),
                JSONMember(
                    key: "facts",
                    value: .object([
                        JSONMember(key: "身份证号", value: .string(pair.0)), JSONMember(key: "培训工种", value: .string(pair.1)),
                        JSONMember(key: "培训等级", value: .string("初级")), JSONMember(key: "培训天数", value: .number("5")),
                        JSONMember(key: "就业群体", value: .string("退役军人")),
                    ])),
            ])
            return JSONWriter.write(claim)
        }.joined(separator: "\n") + "\n"
    }

    /// `policy run` on standard input, with the bundled policies.
    private func policyRun(_ input: String, _ extra: [String] = []) -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8))
        let code = PolicyCommandLine.run(["run", "-", "--policies", Repository.path("policies")] + extra, console: console)
        return (code, console)
    }

    /// What the fourth training's refusal says: the limit, the canonical key and the three claims.
    static let fourthRefused =
        "the limit 每人每年补贴性培训次数 allows 3 claims per 身份证号, 年(业务日期); 身份证号 = 14052420000229001X, 年(业务日期) = 2021 has used them: A1, A2, A3 [陵政办发〔2020〕62号 三(一)2、五(六)]"

    @Test func aFourthTrainingUnderAnyFormIsRefusedOnCSV() {
        let (code, console) = policyRun(Self.fourTrainingsCSV(Self.forms))
        #expect(code == .success, "\(console.errors)")
        let results = rows(console.output)
        #expect(results.map { $0["status"]! } == ["granted", "granted", "granted", "refused"], "\(console.output)")
        #expect(results.last?["reasons"] == Self.fourthRefused)
    }

    @Test func aFourthTrainingUnderAnyFormIsRefusedOnJSONLines() throws {
        let (code, console) = policyRun(try Self.fourTrainingsJSONLines(Self.forms), ["--format", "csv"])
        #expect(code == .success, "\(console.errors)")
        let results = rows(console.output)
        #expect(results.map { $0["status"]! } == ["granted", "granted", "granted", "refused"], "\(console.output)")
        #expect(results.last?["reasons"] == Self.fourthRefused)
    }

    @Test func aFourthTrainingUnderAnyFormIsRefusedByTheEngine() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let ledger = Ledger()
        var outcomes: [Outcome] = []
        for (index, (form, trade)) in zip(Self.forms, ["电工", "焊工", "厨师", "育婴员"]).enumerated() {
            let claim = Claim(
                id: "A\(index + 1)", date: CalendarDate(year: 2021, month: index + 3, day: 1)!, jurisdiction: ["陵川县"],
                program: "普惠制培训补贴",
                facts: [
                    Fact(name: "身份证号", value: .text(form)), Fact(name: "培训工种", value: .text(trade)),
                    Fact(name: "培训等级", value: .text("初级")), Fact(name: "培训天数", value: .number("5")),
                    Fact(name: "就业群体", value: .text("退役军人")),
                ])
            // A claim is judged against the ledger by `decide`, and recorded as a batch records it.
            let decision = Engine(library: library).decide(claim, ledger: ledger)
            outcomes.append(decision.outcome)
            let (entry, slot) = try library.select(program: claim.program, at: claim.jurisdiction, on: claim.date).get()
            let frame = Frame(program: entry.program)
            #expect(FactDecoder(program: entry.program).write(claim, into: frame).isEmpty)
            _ = library.compiled(entry, traced: false).evaluate(rule: slot, in: frame, ledger: ledger, recordingAs: claim.id)
        }
        #expect(outcomes.prefix(3).allSatisfy { $0.amount == ExactDecimal(750) })
        #expect(outcomes.last?.refusalReasons == [String(Self.fourthRefused.split(separator: " [")[0])])
        #expect(ledger.usage(of: "陵川县2020/每人每年补贴性培训次数", key: "\(Self.person)\u{1F}2021")?.ids == ["A1", "A2", "A3"])
    }

    @Test func theDerivationShowsTheCanonicalForm() {
        let claim = """
            {"id": "A1", "date": "2021-03-01", "jurisdiction": "陵川县", "program": "普惠制培训补贴",
             "facts": {"身份证号": " １４０５２４２００００２２９００１ｘ ", "培训工种": "电工", "培训等级": "初级", "培训天数": 5, "就业群体": "退役军人"}}
            """
        let console = Console(input: Array(claim.utf8))
        let code = PolicyCommandLine.run(
            ["eval", "-", "--explain", "--policies", Repository.path("policies")], console: console)
        #expect(code == .success, "\(console.output)")
        #expect(console.output.contains("身份证号 = 14052420000229001X  (fact)"), "\(console.output)")
        #expect(console.output.contains("→ 14052420000229001X, 2021: 0 used"), "\(console.output)")
    }

    // MARK: Numbers that are not one

    @Test func aJSONNumberIsRefused() {
        let claim = """
            {"id": "A1", "date": "2021-03-01", "jurisdiction": "陵川县", "program": "普惠制培训补贴",
             "facts": {"身份证号": 140524199203150018, "培训工种": "电工", "培训等级": "初级", "培训天数": 5, "就业群体": "退役军人"}}
            """
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let decision = Engine(library: library).decide(json: Array(claim.utf8))
        #expect(
            decision.outcome.problems == [
                "the fact 身份证号 is the number 140524199203150018: give it as text, in quotes, since a number this long loses digits"
            ])
        let chinese: [String]? =
            if case .invalid(let problems) = decision.outcome { problems.map(\.chinese) } else { nil }
        #expect(chinese == ["事实身份证号给出的是数值140524199203150018：请加引号以文本给出，这么长的数值会丢失位数"])
        let (code, console) = policyRun(claim.replacingOccurrences(of: "\n", with: "") + "\n", ["--format", "csv"])
        #expect(code == .invalidClaim)
        #expect(rows(console.output).first?["reasons"]?.contains("a number this long loses digits") == true)
    }

    @Test func aWrongCheckCharacterIsInvalidNamingTheFact() {
        let csv = Self.fourTrainingsCSV([
            "140524199203150017", "1.40524199203150017e17", "１４０５２４１９９２０３１５００１", "14052419920315001B",
        ])
        let (code, console) = policyRun(csv)
        #expect(code == .invalidClaim)
        #expect(
            rows(console.output).map { $0["reasons"]! } == [
                "the fact 身份证号 is 140524199203150017, but its check character should be 8, so a digit or the check character is mistyped",
                "the fact 身份证号 is 1.40524199203150017e17, but it is a number in scientific notation, which has lost digits; give it as text (format a spreadsheet's column as text)",
                "the fact 身份证号 is １４０５２４１９９２０３１５００１, but it has 17 characters, not 18 (17 digits and a check character)",
                "the fact 身份证号 is 14052419920315001B, but its check character, B, is neither a digit nor X",
            ])
        let chinese = Console(input: Array(csv.utf8))
        _ = PolicyCommandLine.run(["run", "-", "--lang", "zh", "--policies", Repository.path("policies")], console: chinese)
        #expect(
            rows(chinese.output).first?["reasons"] == "事实身份证号为140524199203150017，但其校验码应为8，可见有数字或校验码录入有误")
    }

    // MARK: Text facts are folded

    @Test func aPaddedOrFullWidthTextKeyIsOneKey() {
        // The same trade at the same level once a year: `　焊工　` and ` 焊工` are 焊工.
        let trades = [
            "A1,2021-03-01,陵川县,普惠制培训补贴,\(Self.person),焊工,初级,5,退役军人",
            "A2,2021-04-01,陵川县,普惠制培训补贴,\(Self.person),\u{3000}焊工\u{3000},初级,5,退役军人",
            "A3,2021-05-01,陵川县,普惠制培训补贴,\(Self.person),\" 焊工\",初级,5,退役军人",
        ]
        let (_, console) = policyRun(
            "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n" + trades.joined(separator: "\n") + "\n")
        let results = rows(console.output)
        #expect(results.map { $0["status"]! } == ["granted", "refused", "refused"], "\(console.output)")
        #expect(results[1]["reasons"]!.contains("培训工种 = 焊工, 培训等级 = 初级 has used it: A1"))

        // A course's cap counts `Ｋ－０１` and ` K-01 ` as the course K-01, on CSV and JSON lines.
        let csv =
            "id,date,jurisdiction,program,线上平台,课程编号,课程等级,课程资源补贴申请额\n"
            + "R1,2022-03-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,2500\n"
            + "R2,2022-04-01,山西省,线上课程资源补贴,平台甲,Ｋ－０１,中级工,1000\n"
            + "R3,2022-05-01,山西省,线上课程资源补贴,平台甲,\" K-01 \",中级工,1000\n"
        let (_, batch) = policyRun(csv)
        let amounts = rows(batch.output).map { $0["status"]! + "/" + $0["amount"]! }
        #expect(amounts == ["granted/2500", "granted/1000", "granted/500"], "\(batch.output)")
        #expect(rows(batch.output).last?["reasons"]?.hasPrefix("reduced from 1000 yuan to 500 yuan") == true)

        let lines = [
            #"{"id":"R1","date":"2022-03-01","jurisdiction":"山西省","program":"线上课程资源补贴","facts":{"线上平台":"平台甲","课程编号":"K-01","课程等级":"中级工","课程资源补贴申请额":2500}}"#,
            #"{"id":"R2","date":"2022-04-01","jurisdiction":"山西省","program":"线上课程资源补贴","facts":{"线上平台":"平台甲 ","课程编号":"Ｋ－０１","课程等级":"中级工","课程资源补贴申请额":1000}}"#,
        ]
        let (_, json) = policyRun(lines.joined(separator: "\n") + "\n", ["--format", "csv"])
        #expect(rows(json.output).map { $0["status"]! + "/" + $0["amount"]! } == ["granted/2500", "granted/1000"])
    }

    @Test(arguments: [
        ("ＡＢ１２", "AB12"), ("\u{3000}AB 12\u{3000}", "AB 12"), ("  甲　乙  ", "甲 乙"), ("焊工", "焊工"), ("Ｋ－０１", "K-01"),
        ("\t", ""),
    ])
    func textIsFoldedAndTrimmed(text: String, folded: String) {
        #expect(FactText.fold(text) == folded)
        // The batch's in-place path takes only what folding leaves as it is.
        #expect(Array(text.utf8).withUnsafeBufferPointer { FactText.isFolded($0) } == (text == folded))
    }

    // MARK: The language

    static let policy = """
        input 身份证号: identity
        input 本人: identity
        rule 是本人: bool = 身份证号 == 本人
        rule 是示例: bool = "11010519491231002X" == 身份证号
        rule 生日: date = birthdate(身份证号)
        rule 出生年份: number = year(birthdate(身份证号))
        program 补贴: yuan cite "一" = if 身份证号 != "11010519491231002x" then 100 yuan else 0 yuan

        test "示例号码" {
          given 身份证号 = "１１０１０５１９４９１２３１００２ｘ", 本人 = " 11010519491231002X "
          expect 是本人 = true
          expect 是示例 = true
          expect 生日 = 1949-12-31
          expect 出生年份 = 1949
          expect 补贴 = 0 yuan
        }
        """

    @Test func theTypeComparesAndGivesItsBirthDate() throws {
        let (program, diagnostics) = check(Self.policy)
        #expect(diagnostics.filter(\.isError).isEmpty, "\(DiagnosticRenderer(useColor: false).render(diagnostics))")
        let checked = try #require(program)
        let results = Compiler.compile(checked, traced: true).runTests()
        #expect(results.count == 1)
        let failures = results.flatMap(\.failures).map { "\($0.expected.english) ≠ \($0.actual.english)" }
        #expect(failures.isEmpty, "\(failures)")
        let person = try IdentityNumber(reading: Self.person).value
        #expect(
            evaluate(Self.policy, "生日", ["身份证号": person])?.amount
                == ExactDecimal(CalendarDate(year: 2000, month: 2, day: 29)!.dayNumber))
        #expect(evaluate(Self.policy, "补贴", ["身份证号": person])?.amount == ExactDecimal(100))
    }

    @Test(arguments: [
        ("input 甲: identity\nrule 乙: bool = 甲 == \"140524199203150017\"", "invalid-identity"),
        ("input 甲: identity\nrule 乙: bool = 甲 < \"140524199203150018\"", "not-ordered"),
        ("input 甲: identity\nrule 乙: number = 甲 * 2", "not-a-number"),
        ("input 甲: identity\ninput 丙: text\nrule 乙: bool = 甲 == 丙", "incomparable"),
        ("input 甲: identity\nrule 乙: bool = 甲 == 140524199203150018", "incomparable"),
        ("input 甲: date\nrule 乙: date = birthdate(甲)", "type-mismatch"),
        ("input 甲: identity\nrule 乙: date = birthdate(甲, 甲)", "arguments"),
        ("input 甲: identity\nrule 乙: number = match 甲 { \"11010519491231002X\" => 1 }", "non-exhaustive"),
    ])
    func whatTheTypeCannotDoIsAnError(text: String, code: String) {
        #expect(errorCodes(text) == [code])
    }

    @Test func theKeywordsConvertBothWays() throws {
        let english = """
            policy 甲 {
              title        "甲"
              document     "测试〔2022〕1号"
              jurisdiction 山西省
              in force     2022-01-01 to 2022-12-31
            }

            input 身份证号: identity
            rule 生日: date = birthdate(身份证号)

            """
        let chinese = try #require(Formatter.format(SourceFile(path: "x.policy", text: english), keywords: .zh).text)
        #expect(chinese.contains("输入 身份证号: 身份号码\n规则 生日: 日期 = 出生日期(身份证号)\n"), "\(chinese)")
        let back = try #require(Formatter.format(SourceFile(path: "x.policy", text: chinese), keywords: .en).text)
        #expect(back == english)
    }
}
