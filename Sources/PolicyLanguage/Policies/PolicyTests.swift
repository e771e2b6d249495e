// Runs the worked examples written beside the rules (`test "…" { given … expect … }`). Each
// test evaluates its expectations in a fresh frame holding only what it gives; a failure keeps
// the derivation, so the reader sees why the rule produced what it did.

public struct PolicyTestResult: Sendable {
    public struct Failure: Sendable {
        public let expectation: TestCase.Expectation
        public let expected: String
        public let actual: String
        public let trace: TraceNode?
    }

    public let test: TestCase
    public let failures: [Failure]
    public var passed: Bool { failures.isEmpty }
}

extension CompiledProgram {
    public func run(_ test: TestCase) -> PolicyTestResult {
        let frame = Frame(program: program)
        let formatter = ValueFormatter(program: program, frame: frame)
        var failures: [PolicyTestResult.Failure] = []
        for expectation in test.expectations {
            frame.reset()
            if let date = test.claimDate { frame.setClaimDate(date) }
            for (slot, value) in test.givenInputs { frame.setInput(slot, value.decimal) }
            for (slot, value) in test.givenRules { frame.setRule(slot, value.decimal) }
            let type = program.rules[expectation.rule].type
            let evaluation = evaluate(rule: expectation.rule, in: frame)
            let actual = Self.describe(evaluation.outcome, formatter: formatter)
            let expected: String
            let matches: Bool
            switch (expectation.outcome, evaluation.outcome) {
            case (.value(let want), .granted(let got, _)):
                expected = formatter.format(want, as: type)
                matches = want.decimal == got
            case (.refused(let reason), .refused(let refusals)):
                expected = reason.map { "refused: \($0)" } ?? "refused"
                matches = reason.map { wanted in refusals.contains { $0.reason == wanted } } ?? true
            case (.value(let want), _):
                expected = formatter.format(want, as: type)
                matches = false
            case (.refused(let reason), _):
                expected = reason.map { "refused: \($0)" } ?? "refused"
                matches = false
            }
            if !matches {
                failures.append(.init(expectation: expectation, expected: expected, actual: actual, trace: evaluation.trace))
            }
        }
        return PolicyTestResult(test: test, failures: failures)
    }

    public func runTests() -> [PolicyTestResult] {
        program.tests.map(run)
    }

    static func describe(_ outcome: Outcome, formatter: ValueFormatter) -> String {
        switch outcome {
        case .granted(let value, let type): formatter.format(value, as: type)
        case .refused(let refusals): "refused: " + refusals.map(\.reason).joined(separator: "; ")
        case .invalid(let problems): "invalid: " + problems.joined(separator: "; ")
        }
    }
}
