// Runs a compiled program for one claim's frame and turns the way it stopped into an outcome:
// granted with an amount, refused with reasons, or invalid with what is wrong with the claim.

/// The result of evaluating one rule for one claim.
package enum Outcome: Sendable {
    case granted(ExactDecimal, ValueType)
    case refused([Refusal])
    case invalid([Phrase])
}

package struct Evaluation: Sendable {
    package let outcome: Outcome
    /// The derivation, when the program was compiled for explanation.
    package let trace: TraceNode?
    /// How limits reduced a granted amount, in words.
    package let notes: [Phrase]
    /// The input slot of the fact whose absence made the claim invalid, if that was why.
    package let missingFact: Int?
    /// The coverage points the evaluation passed, by index into the program's `coverage`.
    package var covered: [Int] = []
}

extension CompiledProgram {
    /// Evaluates the rule in `slot` over the facts already written into `frame`. Given a ledger,
    /// the program's limits are checked against it, and with `recordingAs` a grant is written to it
    /// under that claim id. Without one, the rule is evaluated alone, as a policy's tests do.
    package func evaluate(rule slot: Int, in frame: Frame, ledger: Ledger? = nil, recordingAs id: String? = nil) -> Evaluation {
        // A `dated` program is decided by its own date, when the claim gives it.
        if let input = program.rules[slot].decidingInput { frame.setDecidingDate(fromInput: input) }
        let recorder = isTraced ? TraceRecorder() : nil
        frame.recorder = recorder
        defer { frame.recorder = nil }
        var outcome: Outcome
        var notes: [Phrase] = []
        var missingFact: Int?
        do throws(Stop) {
            var bytes = Array((id ?? "").utf8)
            let grant = try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Stop) -> LimitedGrant in
                try decide(rule: slot, in: frame, ledger: ledger, recordingAs: id == nil ? nil : UnsafeBufferPointer(buffer))
            }
            notes = grant.notes
            outcome = .granted(grant.amount, program.rules[slot].type)
        } catch {
            outcome = describe(error, in: frame)
            if case .missingFact(let slot, _) = error { missingFact = slot }
        }
        return Evaluation(
            outcome: outcome, trace: recorder?.roots.first, notes: notes, missingFact: missingFact,
            covered: recorder?.covered ?? [])
    }

    /// What deciding a claim is, the one definition the explained path and the batch share: the
    /// rule's value; then, given a ledger, the limits across claims, which may refuse the claim or
    /// reduce its amount; then, given the claim's id, the grant recorded in the ledger. `tables`
    /// are the ledger's tables for this program when the caller has found them already (a batch).
    @inline(__always)
    func decide(
        rule slot: Int, in frame: Frame, ledger: Ledger?, tables: [Ledger.Table]? = nil,
        recordingAs id: UnsafeBufferPointer<UInt8>?
    ) throws(Stop) -> LimitedGrant {
        let value: ExactDecimal
        if _slowPath(hasDeadlines) {
            value = try valueWithinDeadlines(rule: slot, in: frame)
        } else {
            value = try ruleValue(slot, in: frame)
        }
        guard let ledger, !limitsByRule[slot].isEmpty else { return LimitedGrant(amount: value, notes: []) }
        return try limit(value, rule: slot, in: frame, ledger: ledger, tables: tables, recordingAs: id)
    }

    /// The limits across claims on a granted `value`, and the grant recorded: the part of
    /// `decide` only a program with limits runs.
    @inline(never)
    private func limit(
        _ value: ExactDecimal, rule slot: Int, in frame: Frame, ledger: Ledger, tables: [Ledger.Table]?,
        recordingAs id: UnsafeBufferPointer<UInt8>?
    ) throws(Stop) -> LimitedGrant {
        // Explained, the limits are recorded under the rule's own node, which keeps its value
        // (the amount a limit leaves, when one reduces it).
        let recorder = frame.recorder
        let depth = recorder?.depth ?? 0
        let root = recorder?.roots.first
        var shown = root?.value
        if let root { recorder?.reopen(root) }
        defer {
            recorder?.unwind(to: depth, marking: .empty)
            root?.value = shown
        }
        let grant = try applyLimits(to: value, rule: slot, in: frame, ledger: ledger, tables: tables)
        if grant.amount != value, root != nil {
            shown = ValueFormatter(program: program, frame: frame).phrase(grant.amount, as: program.rules[slot].type)
        }
        if let id {
            do throws(ArithmeticError) {
                try ledger.commit(frame, amount: grant.amount, id: id)
            } catch {
                throw Stop.arithmetic(error, program.limits[limitsByRule[slot][0]].span)
            }
        }
        return grant
    }

    /// The fast path for a batch: the outcome alone, with no trace.
    @inline(__always)
    package func run(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        try ruleValue(slot, in: frame)
    }

    /// The values of claims whose facts are decoded already, one after another in `frame`, a
    /// frame of this program: each claim's rule's value alone, as `run(rule:in:)` gives it (before
    /// limits and deadlines), in the frame begun afresh with the claim's date and facts, and a
    /// `dated` program's date among them. Writes each value to `values`, in order, nil where the
    /// claim stopped (refused, or a fact it needs missing: `run(rule:in:)` on the claim says
    /// why); returns how many have a value. Claims of one program in one call: what the frame
    /// and the program hold is read once, not once a claim, and no claim's rule is memoised.
    package func run(
        _ claims: UnsafeBufferPointer<DecodedClaim>, facts: UnsafeBufferPointer<DecodedFact>, in frame: Frame,
        into values: UnsafeMutableBufferPointer<ExactDecimal?>
    ) -> Int {
        precondition(values.count >= claims.count, "room for \(values.count) values, not \(claims.count)")
        var valued = 0
        // Read once: the frame's writes below could otherwise change them, for all the compiler knows.
        let (machine, dated) = (self.machine, hasDecidingDates)
        for (index, claim) in claims.enumerated() {
            let range = Int(claim.firstFact)..<Int(claim.endFact)
            precondition(range.lowerBound >= 0 && range.upperBound <= facts.count, "facts \(range) of \(facts.count)")
            frame.begin(onDay: Int(claim.day), facts: UnsafeBufferPointer(rebasing: facts[range]))
            let rule = Int(claim.rule)
            if dated, let input = program.rules[rule].decidingInput { frame.setDecidingDate(fromInput: input) }
            do throws(Stop) {
                // A frame just begun fixes no rule's value: the steps decide, if the program has them.
                if let machine {
                    values[index] = try machine.runStepsAfresh(rule: rule, in: frame)
                } else {
                    values[index] = try rules[rule](frame)
                }
                valued &+= 1
            } catch {
                values[index] = nil
            }
        }
        return valued
    }

    /// The value of the rule in `slot`: by the flat form's steps when the program has one
    /// (untraced), by its instruction tree when a rule's value was fixed (the steps lay small
    /// rules out in place, where a fixed value would not be read), else by its closure.
    @inline(__always)
    func ruleValue(_ slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        if let machine {
            return try frame.fixesRules ? machine.run(rule: slot, in: frame) : machine.runSteps(rule: slot, in: frame)
        }
        return try rules[slot](frame)
    }

    /// How an evaluation that stopped came out; `frame` is the evaluation's.
    package func describe(_ stop: Stop, in frame: Frame) -> Outcome {
        switch stop {
        case .refused(let refusals):
            return .refused(refusals)
        case .gap(let gap):
            return .refused([gap.refusal(in: frame)])
        case .missingFact(let slot, let neededBy):
            let input = program.inputs[slot]
            return .invalid([
                Phrase(
                    "the claim does not give the fact \(input.name) (\(input.type)), which \(neededBy?.english ?? "this program") needs",
                    "申领未给出\(neededBy.map { $0.chinese + " " } ?? "本项目")所需的事实 \(input.name)（\(input.type.name.chinese)）")
            ])
        case .missingClaimDate:
            return .invalid([Phrase("the claim has no date, which this program needs", "申领未给出本项目所需的业务日期")])
        case .notADate(let parts):
            let written = parts.map(\.description).joined(separator: ", ")
            let reason = Self.notADay(parts)
            return .invalid([
                Phrase(
                    "date(\(written)) is not a day: \(reason.english)", "日期(\(written))不是有效的日期：\(reason.chinese)")
            ])
        case .arithmetic(let error, let span):
            let what: Phrase
            switch error {
            case .outOfRange: what = Phrase("a result has more than 18 significant digits", "计算结果超过 18 位有效数字")
            case .divisionByZero: what = Phrase("a division by zero", "除数为零")
            case .inexactDivision: what = Phrase("a division that does not come out exact", "除法除不尽")
            }
            let code = span.file.oneLineText(of: span.range)
            return .invalid([
                Phrase("\(what.english) at \(span.description) (\(code))", "\(span.description) 处\(what.chinese)（\(code)）")
            ])
        }
    }
}
