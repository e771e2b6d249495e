// Generated policies (PolicyGenerator.swift) against the engine and the reference evaluator
// (ReferenceEvaluator.swift), on seeded choices: see FuzzHarness+Generated.swift for the properties.
// Also the generator's own test (every construct it knows, within a thousand policies) and the
// reference's (it agrees with the bundled policies' worked examples).

// The fuzz build compiles this folder into the library's own module, without Swift Testing: this
// file is for `swift test` alone.
#if !FUZZING

    import Foundation
    import PolicyTools
    import Testing

    @testable import PolicyLanguage

    @Suite struct GeneratedPolicyTests {
        /// Seeded policies: each checks, formats to itself and back from Chinese keywords, and its
        /// claims are decided alike by the explained and batch compilations and by the reference.
        @Test func generatedPoliciesHoldEveryProperty() {
            var compared = (granted: 0, refused: 0, invalid: 0)
            var testsRun = 0
            for seed in 0..<150 {
                let run = GeneratedRun(choices: GeneratorChoices(seed: UInt64(seed)), seed: seed)
                #expect(run.broken.isEmpty, "seed \(seed):\n\(run.broken.joined(separator: "\n"))")
                compared.granted += run.compared.granted
                compared.refused += run.compared.refused
                compared.invalid += run.compared.invalid
                // The worked examples the reference wrote pass under the engine.
                guard let library = run.library, run.broken.isEmpty else { continue }
                for entry in library.entries {
                    for result in library.compiled(entry, traced: true).runTests() {
                        testsRun += 1
                        #expect(
                            result.passed,
                            "seed \(seed) \(entry.info.name) \(result.test.name): \(result.failures.map { "\($0.expected.english) ≠ \($0.actual.english)" })"
                        )
                    }
                }
            }
            // Enough of every outcome that the comparison means something.
            #expect(compared.granted > 300 && compared.refused > 100 && compared.invalid > 100, "\(compared)")
            #expect(testsRun > 200, "\(testsRun) worked examples")
        }

        /// The generator writes every construct it knows within a thousand policies.
        @Test func everyConstructIsGenerated() {
            var seen: [GeneratedConstruct: Int] = [:]
            for seed in 0..<1000 {
                var generator = PolicyGenerator(GeneratorChoices(seed: UInt64(seed) &+ 1_000_000))
                let policy = generator.policy(seed: seed)
                let claim = generator.claim(for: policy)
                for construct in GeneratedRun.withTests(policy, claims: [claim]).constructs { seen[construct, default: 0] += 1 }
            }
            let missing = GeneratedConstruct.allCases.filter { seen[$0] == nil }
            #expect(missing.isEmpty, "never generated: \(missing)")
        }

        /// Found by the generated fuzz target (Fixtures/fuzz/generated/all-none-column): a table
        /// column every cell of which is `none` had no type, and a rule reading it checked without a
        /// diagnostic and granted 0 yuan, whatever the key. The checker now reports the column
        /// (`empty-column`).
        @Test func emptyColumn() {
            let text = """
                enum 等级 { 初级, 中级 }
                input 等级: 等级
                input 天数: days
                table 标准 by 等级 cite "一" {
                  等级 | 补贴
                  初级 | none
                }
                program 补贴: yuan cite "一" = 标准[等级].补贴 * 天数
                """
            let (_, diagnostics) = check(text)
            #expect(diagnostics.contains { $0.isError && $0.code == .emptyColumn }, "\(diagnostics.map(\.message.english))")
        }

        /// Found by the generated fuzz target (Fixtures/fuzz/generated/limit-key-missing): when the
        /// first of two limits on a program refuses a claim and the second's key needs a fact the
        /// claim does not give, the explained compilation refused (it applies the limits one at a
        /// time) and the batch said the claim was invalid (it built every key before applying any).
        /// Both refuse now, as the reference does.
        @Test func limitKeys() {
            let text = """
                enum 等级 { 初级, 中级 }
                input 身份: text
                input 等级: 等级
                input 天数: days
                program 补贴: yuan cite "一" = 100 yuan/day * 天数
                limit 每人一次 cite "一" {
                  for 补贴
                  per 身份
                  at most 1 claim
                }
                limit 每级一次 cite "一" {
                  for 补贴
                  per 等级
                  at most 1 claim
                }
                """
            let library = PolicyLibrary.load(sources: [SourceFile(path: "test.policy", text: testHeader + text)])
            guard let entry = library.entries.first else {
                Issue.record("the policy does not check")
                return
            }
            let program = entry.program
            let claims = [
                [
                    Fact(name: "身份", value: .text("甲")), Fact(name: "等级", value: .text("初级")),
                    Fact(name: "天数", value: .number("2")),
                ],
                [Fact(name: "身份", value: .text("甲")), Fact(name: "天数", value: .number("2"))],
            ]
            var outcomes: [[String]] = []
            for traced in [true, false] {
                let (compiled, ledger) = (library.compiled(entry, traced: traced), Ledger())
                outcomes.append(
                    claims.enumerated().map { index, facts in
                        let frame = Frame(program: program)
                        let claim = Claim(
                            id: "\(index)", date: CalendarDate(year: 2022, month: 3, day: 1)!, jurisdiction: ["山西省"],
                            program: "补贴", facts: facts)
                        #expect(FactDecoder(program: program).write(claim, into: frame).isEmpty)
                        let outcome = compiled.evaluate(
                            rule: program.programs["补贴"]!, in: frame, ledger: ledger, recordingAs: "\(index)"
                        ).outcome
                        return GeneratedRun.describe(outcome)
                    })
            }
            #expect(outcomes[0][0] == "granted 200e0" && outcomes[0][1].hasPrefix("refused"), "\(outcomes[0])")
            #expect(outcomes[0] == outcomes[1])
        }

        /// The reference agrees with every worked example of the bundled policies.
        @Test func referenceAgreesWithTheBundledExamples() throws {
            let paths = try Listing.paths(under: ["policies"], endingWith: ".policy").map(Repository.path)
            let files = try paths.map {
                Parser.parse(SourceFile(path: $0, text: try String(contentsOfFile: $0, encoding: .utf8))).0
            }
            var checked = 0
            var skipped: [String] = []
            for file in files {
                guard let name = file.header?.name.name, let chain = Reference.Policy.chain(name, in: files) else {
                    Issue.record("\(file.source.path): no chain of layers")
                    continue
                }
                let policy = Reference.Policy(layers: chain)
                for declaration in file.declarations {
                    guard case .test(let test) = declaration else { continue }
                    let outcome = Self.run(test, under: policy)
                    if let skip = outcome.skipped {
                        skipped.append("\(name) \(test.name.text): \(skip)")
                        continue
                    }
                    checked += 1
                    #expect(outcome.failures.isEmpty, "\(name) «\(test.name.text)»: \(outcome.failures)")
                }
            }
            // None is skipped: the reference supports everything the bundled policies use.
            #expect(skipped.isEmpty, "\(skipped)")
            #expect(checked > 140, "\(checked) worked examples")
        }

        /// The reference's own arithmetic at its edges: half away from zero, and what the engine's
        /// decimals hold.
        @Test func rationalArithmetic() throws {
            func r(_ text: String) -> Reference.Rational { Reference.Rational(parsing: text)! }
            let one = Reference.Rational(1)
            #expect(try r("2.5").rounded(to: one) == Reference.Rational(3))
            #expect(try r("-2.5").rounded(to: one) == Reference.Rational(-3))
            #expect(try r("2.49").rounded(to: one) == Reference.Rational(2))
            #expect(try r("7.5").rounded(to: r("5")) == Reference.Rational(10))
            #expect(try (one / Reference.Rational(3)).rounded(to: r("0.01")) == r("0.33"))
            #expect(r("1e3") == Reference.Rational(1000) && r("-0.25").description == "-0.25")
            #expect(r("9223372036854775807").fitsDecimal && r("999999999999999999e-20").fitsDecimal)
            #expect(!r("9223372036854775808").fitsDecimal && !r("0.10000000000000000001").fitsDecimal)
            let third = try one / Reference.Rational(3)
            #expect(r("1e38").fitsDecimal && !third.fitsDecimal)
            #expect(throws: Reference.Stop.arithmetic(.divisionByZero)) { try one / Reference.Rational.zero }
            #expect(throws: Reference.Stop.referenceOverflow) { try r("1e30") * r("1e30") }
        }

        /// A worked example run by the reference: its givens as facts (or fixed rules), each expectation
        /// decided and compared.
        static func run(_ test: TestDeclaration, under policy: Reference.Policy) -> (failures: [String], skipped: String?) {
            var claim = Reference.Claim()
            var fixed: [String: Reference.Value] = [:]
            let constants = Reference.Evaluation(policy: policy, claim: Reference.Claim())
            let site = Reference.Evaluation.Site(rule: nil, layer: policy.layers.count - 1)
            do throws(Reference.Stop) {
                for given in test.givens {
                    let value = try constants.evaluate(given.value, site)
                    guard let name = given.name?.name else {
                        guard case .date(let day) = value else { return ([], "a date given as \(value)") }
                        if given.isApplicationDate { claim.applicationDate = day } else { claim.claimDate = day }
                        continue
                    }
                    if policy.isRule(name) == true { fixed[name] = value } else { claim.facts[name] = value }
                }
            } catch {
                return ([], "a given the reference cannot read: \(error)")
            }
            // A given above an `open` parameter's ceiling is reduced to it, as a claim's fact is.
            guard case .success(let admitted) = policy.admit(claim) else { return (["a given out of its input's bounds"], nil) }
            var failures: [String] = []
            for expectation in test.expectations {
                let verdict = Reference.Evaluation(policy: policy, claim: admitted, fixed: fixed).decide(expectation.name.name)
                if case .unsupported(let what) = verdict { return ([], what) }
                switch (expectation.outcome, verdict) {
                case (.value(let expression), .granted(let value)):
                    do throws(Reference.Stop) {
                        let expected = try constants.evaluate(expression, site)
                        if !Reference.Evaluation.same(expected, value) {
                            failures.append("\(expectation.name.name): expected \(expected), the reference gives \(value)")
                        }
                    } catch {
                        return ([], "an expectation the reference cannot read: \(error)")
                    }
                case (.refused(let reason), .refused(let reasons)):
                    if let reason, !reasons.contains(where: { $0.matches(reason.text, reason.text) }) {
                        failures.append(
                            "\(expectation.name.name): expected refused «\(reason.text)», the reference refuses \(reasons)")
                    }
                default:
                    failures.append("\(expectation.name.name): expected \(expectation.outcome), the reference gives \(verdict)")
                }
            }
            return (failures, nil)
        }
    }

#endif
