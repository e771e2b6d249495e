// The properties of a generated policy (PolicyGenerator.swift), checked by the `generated` fuzz
// target (Tests/Fuzz/generated.swift) on the fuzzer's bytes and by GeneratedPolicyTests on seeded
// ones: the policy checks; formatting is idempotent and converting to Chinese keywords and back
// gives the English text again; the explained and the batch compilations decide every claim alike;
// and the reference evaluator (ReferenceEvaluator.swift) agrees with them on the outcome and the
// exact amount, limits across claims included.

import Foundation

#if !FUZZING
    @testable import PolicyLanguage
#endif

extension FuzzHarness {
    /// Every property above on the policy and claims generated from `bytes`; returns those broken.
    static func generated(_ bytes: [UInt8]) -> [String] {
        GeneratedRun(choices: GeneratorChoices(bytes), seed: 0).broken
    }
}

/// One generated policy, its claims, and what they broke.
struct GeneratedRun {
    private(set) var broken: [String] = []
    private(set) var policy: GeneratedPolicy
    /// How many claims the reference and the engine compared, and how many each outcome.
    private(set) var compared = (granted: 0, refused: 0, invalid: 0)
    private(set) var library: PolicyLibrary?

    init(choices: GeneratorChoices, seed: Int, claims count: Int = 6) {
        var generator = PolicyGenerator(choices)
        var policy = generator.policy(seed: seed)
        let claims = (0..<count).map { _ in generator.claim(for: policy) }
        policy = Self.withTests(policy, claims: claims)
        self.policy = policy
        // The files as they are loaded: in the keyword set chosen.
        var sources: [SourceFile] = []
        for file in policy.files {
            let english = SourceFile(path: file.path, text: file.text)
            guard policy.keywords == .zh else {
                sources.append(english)
                continue
            }
            guard let chinese = Formatter.format(english, keywords: .zh).text else {
                broken.append("\(file.path): the formatter does not convert it to Chinese keywords:\n\(file.text)")
                return
            }
            sources.append(SourceFile(path: file.path, text: chinese))
        }
        let library = PolicyLibrary.load(sources: sources)
        self.library = library
        let errors = (library.diagnostics + Analyzer.review(library)).filter(\.isError)
        guard errors.isEmpty else {
            broken.append(
                "the generated policy does not check:\n\(DiagnosticRenderer(useColor: false).render(errors))\n"
                    + sources.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n"))
            return
        }
        for source in sources { checkFormatting(source, keywords: policy.keywords) }
        let files = sources.map { Parser.parse($0).0 }
        for entry in library.entries {
            guard let chain = Reference.Policy.chain(entry.info.name, in: files) else {
                broken.append("\(entry.info.name): no chain of layers")
                continue
            }
            compare(entry, in: library, reference: Reference.Policy(layers: chain), claims: claims)
        }
    }

    /// `fmt` is idempotent, and the text in Chinese keywords converted back to English keywords is
    /// the text in English keywords.
    private mutating func checkFormatting(_ source: SourceFile, keywords: KeywordSet) {
        guard let formatted = Formatter.format(source).text else {
            broken.append("\(source.path): the formatter refuses it")
            return
        }
        if Formatter.format(SourceFile(path: source.path, text: formatted)).text != formatted {
            broken.append("\(source.path): formatting twice changes it")
        }
        let english = keywords == .en ? formatted : Formatter.format(source, keywords: .en).text
        let chinese =
            keywords == .zh
            ? formatted : english.flatMap { Formatter.format(SourceFile(path: source.path, text: $0), keywords: .zh).text }
        let back = chinese.flatMap { Formatter.format(SourceFile(path: source.path, text: $0), keywords: .en).text }
        if english == nil || back != english {
            let (a, b) = ((english ?? "").split(separator: "\n"), (back ?? "").split(separator: "\n"))
            let line = zip(a, b).first { $0 != $1 }.map { "«\($0)» became «\($1)»" } ?? "\(a.count) lines became \(b.count)"
            broken.append("\(source.path): Chinese keywords and back do not give the English text: \(line)")
        }
    }

    /// Each claim for each program of the policy, in order through one ledger: explained, batch and reference.
    private mutating func compare(
        _ entry: PolicyLibrary.Entry, in library: PolicyLibrary, reference: Reference.Policy, claims: [Reference.Claim]
    ) {
        let program = entry.program
        let (explained, batch) = (library.compiled(entry, traced: true), library.compiled(entry, traced: false))
        let (explainedLedger, batchLedger, referenceLedger) = (Ledger(), Ledger(), Reference.Ledger())
        for (index, claim) in claims.enumerated() {
            let engineClaim = Self.engineClaim(claim, of: policy, jurisdiction: entry.info.jurisdiction)
            for (slot, rule) in program.rules.enumerated() where program.programs[rule.name] == slot {
                let id = "c\(index)-\(rule.name)"
                var outcomes: [Outcome] = []
                for (compiled, ledger) in [(explained, explainedLedger), (batch, batchLedger)] {
                    let frame = Frame(program: program)
                    let problems = FactDecoder(program: program).write(engineClaim, into: frame)
                    outcomes.append(
                        problems.isEmpty
                            ? compiled.evaluate(rule: slot, in: frame, ledger: ledger, recordingAs: id).outcome
                            : .invalid(problems.map(\.message)))
                }
                let (byExplained, byBatch) = (Self.describe(outcomes[0]), Self.describe(outcomes[1]))
                if byExplained != byBatch {
                    broken.append(
                        "\(entry.info.name) · \(rule.name) · claim \(index): explained \(byExplained), batch \(byBatch)")
                }
                let verdict: Reference.Verdict
                switch reference.admit(claim) {
                case .success(let admitted):
                    verdict = Reference.Evaluation(policy: reference, claim: admitted).decide(rule.name, ledger: referenceLedger)
                case .failure(let stop): verdict = Reference.Verdict(stop)
                }
                if let disagreement = Self.disagreement(verdict, outcomes[1]) {
                    if !broken.contains(where: { $0.hasPrefix("the policy:") }) {
                        broken.append("the policy:\n" + policy.files.map(\.text).joined(separator: "\n"))
                    }
                    broken.append(
                        "\(entry.info.name) · \(rule.name) · claim \(index) \(Self.describe(claim)): reference \(verdict), engine \(byBatch) (\(disagreement))"
                    )
                }
                switch verdict {
                case .granted: compared.granted += 1
                case .refused: compared.refused += 1
                default: compared.invalid += 1
                }
            }
        }
    }

    // MARK: Outcomes

    static func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .granted(let value, _): "granted \(value.significand)e\(value.exponent)"
        case .refused(let refusals): "refused \(refusals.map { $0.reason.english })"
        case .invalid(let problems): "invalid \(problems.map(\.english))"
        }
    }

    static func describe(_ claim: Reference.Claim) -> String {
        let facts = claim.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let dates = [claim.claimDate, claim.applicationDate].map { $0.map { CalendarDate(dayNumber: $0).description } ?? "-" }
        return "{\(facts) date=\(dates[0]) applied=\(dates[1])}"
    }

    /// Why the reference's verdict and the engine's outcome differ, or nil when they agree.
    static func disagreement(_ verdict: Reference.Verdict, _ outcome: Outcome) -> String? {
        switch (verdict, outcome) {
        case (.unsupported(let what), _):
            return "the reference does not support \(what)"
        case (.granted(.number(let expected)), .granted(let value, _)):
            // The engine's decimal read as a rational by its digits alone.
            let written = "\(value.significand)e\(value.exponent)"
            guard let actual = Reference.Rational(parsing: written) else { return "an amount the reference cannot read" }
            return actual == expected ? nil : "amounts differ: \(expected) against \(actual)"
        case (.refused(let reasons), .refused(let refusals)):
            guard reasons.count == refusals.count,
                zip(reasons, refusals).allSatisfy({ $0.matches($1.reason.english, $1.reason.chinese) })
            else { return "reasons differ" }
            return nil
        case (.invalid(let why), .invalid(let problems)):
            let text = problems.map(\.english).joined(separator: "; ")
            let expected: Bool
            if why.hasPrefix("missing ") {
                expected = text.contains("does not give the fact \(why.dropFirst("missing ".count)) ")
            } else if why.hasPrefix("fact ") {
                expected = text.contains("the fact \(why.dropFirst("fact ".count))")
            } else if why == "out of range" {
                expected = text.contains("more than 18 significant digits")
            } else if why == "division by zero" {
                expected = text.contains("division by zero")
            } else if why == "not a date" {
                expected = text.contains("is not a day")
            } else {
                expected = text.contains("has no date")
            }
            return expected ? nil : "problems differ"
        default:
            return "outcomes differ"
        }
    }

    // MARK: Claims and worked examples

    static func engineClaim(_ claim: Reference.Claim, of policy: GeneratedPolicy, jurisdiction: [String]) -> Claim {
        let facts = claim.facts.sorted { $0.key < $1.key }.map { name, value in
            let percent = policy.inputs.first { $0.name == name }?.type == .quantity(.percent)
            return Fact(name: name, value: factValue(value, percent: percent))
        }
        return Claim(
            id: "generated", date: CalendarDate(dayNumber: claim.claimDate ?? 0), jurisdiction: jurisdiction, program: "",
            facts: facts, applied: claim.applicationDate.map { CalendarDate(dayNumber: $0) })
    }

    /// A value as a claim writes it (a percent as its figure, `85` for 85%, or `"85%"`).
    private static func factValue(_ value: Reference.Value, percent: Bool) -> Fact.Value {
        switch value {
        case .number(let number):
            guard percent, let figure = try? number * Reference.Rational(100) else { return .number(number.description) }
            return figure.numerator % 2 == 0 ? .number(figure.description) : .text(figure.description + "%")
        case .bool(let flag): return .bool(flag)
        case .date(let day): return .text(CalendarDate(dayNumber: day).description)
        case .text(let text), .enumCase(let text), .identity(let text): return .text(text)
        }
    }

    /// The policy with a worked example for some of the claims a reference decides whole: given
    /// every fact, and expecting what the reference computes (a test refuted by the engine then
    /// fails `policy test`, a fourth witness).
    static func withTests(_ policy: GeneratedPolicy, claims: [Reference.Claim]) -> GeneratedPolicy {
        var policy = policy
        let files = policy.files.map { Parser.parse(SourceFile(path: $0.path, text: $0.text)).0 }
        for fileIndex in policy.files.indices {
            guard let name = files[fileIndex].header?.name.name, let chain = Reference.Policy.chain(name, in: files) else {
                continue
            }
            let reference = Reference.Policy(layers: chain)
            var tests: [String] = []
            for (index, claim) in claims.enumerated().prefix(3) {
                guard case .success(let admitted) = reference.admit(claim) else { continue }
                for program in policy.programs[fileIndex].names {
                    let expectation: String
                    switch Reference.Evaluation(policy: reference, claim: admitted).decide(program) {
                    case .granted(.number(let amount)):
                        // An amount the engine holds but a policy cannot write (a literal has at
                        // most 18 significant digits, a result up to a 64-bit significand) is
                        // left without a worked example.
                        guard (try? ExactDecimal(parsing: "\(amount)")) != nil else { continue }
                        expectation = "= \(amount) yuan"
                    case .refused(let reasons):
                        if case .exactly(let reason)? = reasons.first, reasons.count == 1 {
                            expectation = "refused \"\(reason)\""
                        } else {
                            expectation = "refused"
                        }
                        policy.constructs.insert(.testRefused)
                    default: continue
                    }
                    var givens = admitted.facts.sorted { $0.key < $1.key }.map {
                        "\($0.key) = \(literal($0.value, of: policy, $0.key))"
                    }
                    if let date = admitted.claimDate { givens.append("claim date = \(CalendarDate(dayNumber: date))") }
                    if let date = admitted.applicationDate {
                        givens.append("application date = \(CalendarDate(dayNumber: date))")
                    }
                    tests.append(
                        "test \"例\(index) \(program)\" {\n  given \(givens.joined(separator: ",\n    "))\n  expect \(program) \(expectation)\n}"
                    )
                    policy.constructs.insert(.test)
                }
            }
            if !tests.isEmpty { policy.files[fileIndex].text += "\n" + tests.joined(separator: "\n\n") + "\n" }
        }
        return policy
    }

    /// A value as a policy's text writes it, for a given.
    private static func literal(_ value: Reference.Value, of policy: GeneratedPolicy, _ name: String) -> String {
        let type = policy.inputs.first { $0.name == name }?.type
        switch value {
        case .number(let number):
            guard case .quantity(let unit)? = type else { return number.description }
            if unit == .percent { return ((try? number * Reference.Rational(100)) ?? number).description + "%" }
            return unit.written(number.description)
        case .bool(let flag): return flag ? "true" : "false"
        case .date(let day): return CalendarDate(dayNumber: day).description
        case .text(let text), .identity(let text): return "\"\(text)\""
        case .enumCase(let name): return name
        }
    }
}
