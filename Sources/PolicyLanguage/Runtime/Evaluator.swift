// Runs a compiled program for one claim's frame and turns the way it stopped into an outcome:
// granted with an amount, refused with reasons, or invalid with what is wrong with the claim.

/// The result of evaluating one rule for one claim.
public enum Outcome: Sendable {
    case granted(ExactDecimal, ValueType)
    case refused([Refusal])
    case invalid([String])
}

public struct Evaluation: Sendable {
    public let outcome: Outcome
    /// The derivation, when the program was compiled for explanation.
    public let trace: TraceNode?
}

extension CompiledProgram {
    /// Evaluates the rule in `slot` over the facts already written into `frame`.
    public func evaluate(rule slot: Int, in frame: Frame) -> Evaluation {
        let recorder = isTraced ? TraceRecorder() : nil
        frame.recorder = recorder
        defer { frame.recorder = nil }
        let outcome: Outcome
        do {
            let value = try rules[slot](frame)
            outcome = .granted(value, program.rules[slot].type)
        } catch {
            outcome = describe(error)
        }
        return Evaluation(outcome: outcome, trace: recorder?.roots.first)
    }

    /// The fast path for a batch: the outcome alone, with no trace.
    @inline(__always)
    public func run(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        try rules[slot](frame)
    }

    public func describe(_ stop: Stop) -> Outcome {
        switch stop {
        case .refused(let refusals):
            return .refused(refusals)
        case .gap(let refusal):
            return .refused([refusal])
        case .missingFact(let slot):
            let input = program.inputs[slot]
            return .invalid(["the claim does not give the fact \(input.name) (\(input.type)), which this program needs"])
        case .missingClaimDate:
            return .invalid(["the claim has no date, which this program needs"])
        case .arithmetic(let error, let span):
            let what: String
            switch error {
            case .outOfRange: what = "a result has more than 18 significant digits"
            case .divisionByZero: what = "a division by zero"
            case .inexactDivision: what = "a division that does not come out exact"
            }
            return .invalid(["\(what) at \(span.description) (\(Compiler.collapse(span.file.text(of: span.range))))"])
        }
    }
}
