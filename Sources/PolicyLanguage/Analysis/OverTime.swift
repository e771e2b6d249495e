// The deep checks of rules over time (issue 15): what goes wrong when a policy is written for a
// new year on top of others. A policy in force on days its parent of another jurisdiction is not
// (its fallback to the parent's rules then refuses), a worked example dated where no claim reaches
// its policy, and an override that drops a `require` of the definition it replaces. The comments
// that quote an amount the declaration below them no longer holds are in QuotedAmounts.swift.

extension Analyzer {
    /// The checks of this file and of QuotedAmounts.swift, for one policy of the library.
    static func overTime(_ entry: PolicyLibrary.Entry, among entries: [PolicyLibrary.Entry]) -> [Diagnostic] {
        let program = entry.program
        var diagnostics = parentPeriods(of: program, among: entries)
        diagnostics += testsOutsidePeriod(in: program)
        diagnostics += droppedRequirements(in: program)
        diagnostics += QuotedAmounts(program: program).review()
        // Left for the lead (core): a successor that changes nothing (`succeeds` with no change of
        // its own, `PolicyInfo.predecessor`) is reported here too, as a check of its own beside
        // these, with its code appended to the block "Rules over time (issue 15)" of DiagnosticCode.
        return diagnostics
    }

    // MARK: Parents' periods

    /// The days a policy is in force while a parent of another jurisdiction it falls back to is
    /// not: the engine refuses a claim then wherever it needs that parent's rules (a rule a
    /// county takes from its province applies only while the province's plan is in force). Past
    /// the parent's end it is a warning: the parent has usually been succeeded, and the policy
    /// should sit on the successor or end with it. Before the parent's start it is a note: a
    /// county plan issued before the province's plan took force cannot sit on it earlier, and its
    /// own rates decide alone until then.
    static func parentPeriods(of program: Program, among entries: [PolicyLibrary.Entry]) -> [Diagnostic] {
        let own = program.policy
        var diagnostics: [Diagnostic] = []
        let parents = program.chain.dropFirst().filter {
            $0.jurisdiction != own.jurisdiction && !$0.period.contains(own.period)
        }
        guard !parents.isEmpty else { return [] }
        var reached: [String: Set<Int>] = [:]
        for (name, slot) in program.programs { reached[name] = rulesReached(from: slot, in: program) }
        for parent in parents {
            var only: [String] = []
            var reading: [String] = []
            for (name, slots) in reached where slots.contains(where: { program.rules[$0].policy == parent.name }) {
                if program.rules[program.programs[name]!].policy == own.name { reading.append(name) } else { only.append(name) }
            }
            guard !only.isEmpty || !reading.isEmpty else { continue }
            let affected = Messages.needParent(parent.name, only: only.sorted(), reading: reading.sorted(), own: own.name)
            if own.period.end > parent.period.end {
                let from = max(CalendarDate(dayNumber: parent.period.end.dayNumber + 1), own.period.start)
                // A later policy of the place takes the claims from the day it takes force.
                let next = entries.map(\.info).filter {
                    $0.jurisdiction == own.jurisdiction && $0.name != own.name && from <= $0.period.start
                        && $0.period.start <= own.period.end
                }.map(\.period.start).min()
                let to = next.map { CalendarDate(dayNumber: $0.dayNumber - 1) } ?? own.period.end
                if from <= to {
                    diagnostics.append(Messages.outlivesParent(own, parent: parent, from: from, to: to, affected: affected))
                }
            }
            if own.period.start < parent.period.start {
                let to = min(CalendarDate(dayNumber: parent.period.start.dayNumber - 1), own.period.end)
                diagnostics.append(Messages.precedesParent(own, parent: parent, to: to, affected: affected))
            }
        }
        return diagnostics
    }

    /// The rule slots a rule's definition reads, directly or through the rules it reads, itself included.
    static func rulesReached(from slot: Int, in program: Program) -> Set<Int> {
        var seen: Set<Int> = []
        var pending = [slot]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            program.rules[next].body.forEachRuleReference { pending.append($0) }
        }
        return seen
    }

    // MARK: Tests

    /// Worked examples whose claim date is outside their policy's period: no claim dated then is
    /// decided by the policy, so the example shows nothing a claim meets.
    static func testsOutsidePeriod(in program: Program) -> [Diagnostic] {
        let own = program.policy
        return program.tests.compactMap { test in
            guard let date = test.claimDate, !own.period.contains(date) else { return nil }
            // A predecessor's example carried over is reported on the successor, which can
            // restate or retire it.
            if let predecessor = test.inheritedFrom {
                return Messages.inheritedTestOutsidePeriod(test.name, of: predecessor, date: date, policy: own)
            }
            guard test.policy == own.name else { return nil }
            let range = test.givens.first { $0.name == nil }?.range ?? test.span.range
            return Messages.testOutsidePeriod(test.span.file, range, test.name, date: date, policy: own)
        }
    }

    // MARK: Overrides

    /// Definitions that replace a parent's and no longer reach a `require` the replaced one
    /// reaches (its own, or one of a rule it reads), compared by the reason a claim is refused
    /// with: an override that reads `inherited`, or reads the rule that requires, or restates the
    /// `require`, keeps it. A requirement on the claim date alone that every day of the
    /// overriding policy's period meets (`claim date <= D` under a policy that ends by D) is kept
    /// by the period itself.
    ///
    /// A requirement can be dropped on purpose only by the authority that set it, or by a
    /// document written before it existed; those drops are notes (`DroppedRequirement.Reason`),
    /// every other one a warning: a county cannot waive its province's condition.
    static func droppedRequirements(in program: Program) -> [Diagnostic] {
        let own = program.policy
        var diagnostics: [Diagnostic] = []
        var definitions: [Pair: Int] = [:]
        for (slot, rule) in program.rules.enumerated() { definitions[Pair(rule.policy, rule.name)] = slot }
        for (slot, rule) in program.rules.enumerated() where rule.policy == own.name {
            guard
                let replaced = program.chain.dropFirst().lazy.compactMap({ definitions[Pair($0.name, rule.name)] }).first,
                let parent = program.chain.first(where: { $0.name == program.rules[replaced].policy })
            else { continue }
            let kept = Set(requirements(from: slot, in: program).map(\.refusal.reason))
            let dropped = requirements(from: replaced, in: program).filter {
                !kept.contains($0.refusal.reason) && !alwaysMet($0.condition, within: own.period)
            }
            guard !dropped.isEmpty else { continue }
            let ownConditions = requirements(from: slot, in: program, following: false).contains {
                $0.place.file === rule.span.file
            }
            let why: DroppedRequirement =
                own.period.start < parent.period.start
                ? .predates(parent.period.start)
                : parent.jurisdiction == own.jurisdiction && ownConditions ? .restated : .unexplained
            diagnostics.append(Messages.droppedRequirement(rule, parent: parent.name, dropped: dropped, why: why))
        }
        return diagnostics
    }

    /// A policy and a name: where a definition is found.
    struct Pair: Hashable {
        let policy: String
        let name: String

        init(_ policy: String, _ name: String) {
            self.policy = policy
            self.name = name
        }
    }

    /// Why an override may drop a requirement of the definition it replaces.
    enum DroppedRequirement {
        /// The override's policy took force before the parent's did: its document was written
        /// before the requirement existed and could not keep it.
        case predates(CalendarDate)
        /// A later version of the same jurisdiction's plan restates the conditions in a clause of
        /// its own: the authority that set them changed them.
        case restated
        /// Neither: a warning.
        case unexplained
    }

    /// Whether a condition on the claim date alone (`claim date <= D`) holds on every
    /// day of a period.
    static func alwaysMet(_ condition: Node, within period: Period) -> Bool {
        guard case .compare(let comparison, let left, let right) = condition.kind else { return false }
        let holds: (CalendarDate) -> Bool
        switch (left.kind, right.kind) {
        case (.claimDate, .constant(.number(let day))):
            holds = { compare(ExactDecimal($0.dayNumber), comparison, day) }
        case (.constant(.number(let day)), .claimDate):
            holds = { compare(day, comparison, ExactDecimal($0.dayNumber)) }
        default:
            return false
        }
        // An order comparison that holds at both ends of a period holds on every day between.
        guard comparison != .equal, comparison != .notEqual else { return false }
        return holds(period.start) && holds(period.end)
    }

    private static func compare(_ a: ExactDecimal, _ comparison: ComparisonOperator, _ b: ExactDecimal) -> Bool {
        switch comparison {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessEqual: a <= b
        case .greater: a > b
        case .greaterEqual: a >= b
        }
    }

    /// A `require` a definition reaches: the refusal it gives and where it is written.
    struct Requirement {
        let refusal: Refusal
        let condition: Node
        let place: SourceSpan
    }

    /// The `require`s a rule's definition reaches, in the order they are met, each reason once:
    /// its own and, when `following`, those of the rules it reads.
    static func requirements(from slot: Int, in program: Program, following: Bool = true) -> [Requirement] {
        var found: [Requirement] = []
        var reasons: Set<Phrase> = []
        var seen: Set<Int> = [slot]
        var pending = [slot]
        func visit(_ node: Node) {
            switch node.kind {
            case .require(let requirements, _):
                for requirement in requirements {
                    let refusal = program.reasons[requirement.reason]
                    if reasons.insert(refusal.reason).inserted {
                        found.append(
                            Requirement(
                                refusal: refusal, condition: requirement.condition,
                                place: SourceSpan(file: requirement.condition.file, range: requirement.range)))
                    }
                }
            case .rule(let other) where following:
                if seen.insert(other).inserted { pending.append(other) }
            default: break
            }
            node.forEachChild(visit)
        }
        // The rules read are visited one after another, not inside each other: a long chain of
        // rules does not make a deep recursion.
        var next = 0
        while next < pending.count {
            visit(program.rules[pending[next]].body)
            next += 1
        }
        return found
    }

}
