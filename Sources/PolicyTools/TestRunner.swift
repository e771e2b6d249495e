// Runs the worked examples written beside the rules (`test "…" { given … expect … }`). Each
// test evaluates its expectations in a fresh frame holding only what it gives; a failure keeps
// the derivation, so the reader sees why the rule produced what it did.

import PolicyLanguage

package struct PolicyTestResult: Sendable {
    package struct Failure: Sendable {
        package let expectation: TestCase.Expectation
        package let expected: Phrase
        package let actual: Phrase
        package let trace: TraceNode?
    }

    package let test: TestCase
    package let failures: [Failure]
    /// The coverage points the test's evaluations passed, by index into the program's `coverage`.
    package let covered: Set<Int>
    package var passed: Bool { failures.isEmpty }
}

extension CompiledProgram {
    package func run(_ test: TestCase) -> PolicyTestResult {
        let frame = Frame(program: program)
        let formatter = ValueFormatter(program: program, frame: frame)
        var failures: [PolicyTestResult.Failure] = []
        var covered: Set<Int> = []
        func evaluate(_ expectation: TestCase.Expectation) -> Evaluation {
            frame.reset()
            if let date = test.claimDate { frame.setClaimDate(date) }
            if let date = test.applicationDate { frame.setApplicationDate(date) }
            // A given above an `open` parameter's ceiling is reduced to it, as a claim's fact is.
            for (slot, value) in test.givenInputs {
                let input = program.inputs[slot]
                let ceiling = input.isOpen ? input.upper : nil
                frame.setInput(slot, ceiling.map { ExactDecimal.minimum(value.decimal, $0) } ?? value.decimal)
            }
            for (slot, value) in test.givenRules { frame.setRule(slot, value.decimal) }
            return self.evaluate(rule: expectation.rule, in: frame)
        }
        for expectation in test.expectations {
            let type = program.rules[expectation.rule].type
            let evaluation = evaluate(expectation)
            covered.formUnion(evaluation.covered)
            let actual = Self.describe(evaluation.outcome, formatter: formatter)
            let expected: Phrase
            let matches: Bool
            switch (expectation.outcome, evaluation.outcome) {
            case (.value(let want), .granted(let got, _)):
                expected = formatter.phrase(want, as: type)
                matches = want.decimal == got
            case (.refused(let reason), .refused(let refusals)):
                expected = Self.refused(reason)
                // The engine words its own reasons (a table's missing row, a limit) in both
                // languages; a test may quote them in either, and passes or fails the same in both.
                matches =
                    reason.map { wanted in
                        refusals.contains { $0.reason.english == wanted || $0.reason.chinese == wanted }
                    } ?? true
            case (.value(let want), _):
                expected = formatter.phrase(want, as: type)
                matches = false
            case (.refused(let reason), _):
                expected = Self.refused(reason)
                matches = false
            }
            if !matches {
                failures.append(.init(expectation: expectation, expected: expected, actual: actual, trace: evaluation.trace))
            }
        }
        return PolicyTestResult(test: test, failures: failures, covered: covered)
    }

    package func runTests() -> [PolicyTestResult] {
        program.tests.map(run)
    }

    static func describe(_ outcome: Outcome, formatter: ValueFormatter) -> Phrase {
        switch outcome {
        case .granted(let value, let type): formatter.phrase(value, as: type)
        case .refused(let refusals): Phrase("refused: ", "拒绝：") + refusals.map(\.reason).joined("; ", "；")
        case .invalid(let problems): Phrase("invalid: ", "无效：") + problems.joined("; ", "；")
        }
    }

    /// What a test expects of a refusal, as its report shows it: `refused: REASON`, `拒绝：REASON`.
    static func refused(_ reason: String?) -> Phrase {
        guard let reason else { return Phrase("refused", "拒绝") }
        return Phrase("refused: \(reason)", "拒绝：\(reason)")
    }
}

/// What a library's tests left unexercised, file by file: rules, both arms of every `if`, every
/// arm of every `match`, every tier bracket and every table row. A point is counted once however
/// many programs compile it (a province's rules are compiled into each county's program too).
package struct CoverageReport: Sendable {
    package struct File: Sendable {
        package let policy: String
        package let path: String
        package let total: Int
        /// In the order they appear in the file.
        package let missed: [CoveragePoint]
    }

    package let files: [File]

    /// `results` are the library's test results, each with the program that ran it.
    package init(library: PolicyLibrary, results: [(compiled: CompiledProgram, result: PolicyTestResult)]) {
        var points: [String: CoveragePoint] = [:]
        for entry in library.entries {
            for point in library.compiled(entry, traced: true).coverage { points[point.key] = points[point.key] ?? point }
        }
        var hit: Set<String> = []
        for (compiled, result) in results {
            for index in result.covered { hit.insert(compiled.coverage[index].key) }
        }
        let byFile = Dictionary(grouping: points.values, by: \.span.file.path)
        files = library.entries.map { entry in
            let path = entry.info.source.path
            let all = byFile[path] ?? []
            let missed = all.filter { !hit.contains($0.key) }
                .sorted { ($0.span.range.start, $0.english) < ($1.span.range.start, $1.english) }
            return File(policy: entry.info.name, path: path, total: all.count, missed: missed)
        }
    }
}
