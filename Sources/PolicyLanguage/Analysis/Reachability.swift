// The branches no claim can reach. One rule's body is walked with what is known at each point:
// an input's declared bounds (a quantity is never negative), the policy's period for the claim
// date, and every condition passed on the way (the `if` taken, the `require`s met, the `match`
// cases already tried). A condition that is always false or always true there, a case that
// nothing is left for, a bracket that never applies or a quantity no bracket holds is reported.
// Conditions are understood when they compare a fact, a rule or the claim date (or its year)
// with constants; anything else is taken to be possible either way, so no warning is a guess.
//
// The walk also reads how low and how high each value can go there (Bounds.swift), with the
// facts narrowed by the conditions on the way, so that a program that can grant a negative
// amount is reported while `if 天数 > 10 days then 100 yuan/day * (天数 - 10 days) else 0 yuan`
// is not.

struct BranchAnalysis {
    /// What a condition speaks about: a fact, a rule's value, the claim date, or a date's part.
    indirect enum Subject: Hashable {
        case input(Int)
        case rule(Int)
        case claimDate
        case part(Builtin, of: Subject)
    }

    typealias Facts = [Subject: ValueSet]

    /// A rule used where `facts` are known.
    private struct RuleUse: Hashable {
        let slot: Int
        let facts: Facts
    }

    let program: Program
    let formatter: ValueFormatter
    private let bounds: Bounds
    /// How far each rule's value goes where it is used, for each set of facts it is used with.
    private var amounts: [RuleUse: Bounds.Range] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    init(program: Program) {
        self.program = program
        self.formatter = ValueFormatter(program: program)
        self.bounds = Bounds(program: program)
    }

    mutating func analyze(_ rule: Rule) {
        let grantsMoney = rule.kind == .program && rule.type.unit?.involvesMoney == true
        let amount = walk(rule.body, [:], measuring: grantsMoney)
        if grantsMoney { checkSign(of: rule, amount) }
    }

    /// A program grants what its amount is: one that can be below zero for a claim the bounds
    /// allow takes money back, which no subsidy does.
    private mutating func checkSign(of rule: Rule, _ amount: Bounds.Range) {
        let lowest: Phrase?
        switch amount.lower {
        case .at(let value) where value.isNegative: lowest = formatter.phrase(value, as: rule.type)
        case .unlimited: lowest = nil
        default: return
        }
        report(
            Messages.negativeAmount(
                rule.span.file, rule.nameRange, rule.name, lowest: lowest, zero: formatter.phrase(.zero, as: rule.type)))
    }

    // MARK: The walk

    /// The walk owns its facts: narrowing them along a run of `require`s or `match` cases changes
    /// them in place, so each condition costs what it touches rather than a copy of all that is
    /// known. A branch that needs the facts as they were before the narrowing takes a copy.
    /// Returns how far the node's value goes where it is reached, if `measuring`: a condition's
    /// parts are walked for what they report alone.
    @discardableResult
    private mutating func walk(_ node: Node, _ facts: consuming Facts, measuring: Bool = true) -> Bounds.Range {
        switch node.kind {
        case .conditional(let condition, let then, let otherwise):
            walk(condition, copy facts, measuring: false)
            switch truth(of: condition, facts) {
            case false?:
                report(Messages.conditionNeverTrue(node.file, condition.range, known: known(in: condition, facts)))
                return walk(otherwise, facts, measuring: measuring)
            case true?:
                report(Messages.conditionAlwaysTrue(node.file, condition.range, known: known(in: condition, facts)))
                return walk(then, facts, measuring: measuring)
            case nil:
                var whenTrue = copy facts
                assume(condition, true, &whenTrue)
                let whenThen = walk(then, consume whenTrue, measuring: measuring)
                assume(condition, false, &facts)
                return whenThen.widened(walk(otherwise, facts, measuring: measuring))
            }
        case .require(let requirements, let body):
            for requirement in requirements {
                walk(requirement.condition, copy facts, measuring: false)
                switch truth(of: requirement.condition, facts) {
                case false?:
                    report(
                        Messages.requirementNeverMet(
                            node.file, requirement.condition.range, known: known(in: requirement.condition, facts)))
                    return .unknown  // every claim is refused: there is no amount to speak of
                case true?:
                    report(
                        Messages.requirementAlwaysMet(
                            node.file, requirement.condition.range, known: known(in: requirement.condition, facts)))
                case nil:
                    assume(requirement.condition, true, &facts)
                }
            }
            return walk(body, facts, measuring: measuring)
        case .match(let subject, let arms):
            walk(subject, copy facts, measuring: false)
            return walkArms(of: subject, arms, facts, measuring: measuring)
        case .tiers(let kind, let quantity, let brackets):
            walk(quantity, copy facts, measuring: false)
            checkSchedule(kind, quantity, brackets, in: node, facts)
            for bracket in brackets { walk(bracket.rate, copy facts, measuring: false) }
            return .unknown
        case .input(let slot):
            let declared = Bounds.range(of: program.inputs[slot])
            return Self.hull(of: facts[.input(slot)]).map(declared.narrowed) ?? declared
        case .rule(let slot):
            guard measuring else { return .unknown }
            let amount = amount(of: slot, facts)
            return Self.hull(of: facts[.rule(slot)]).map(amount.narrowed) ?? amount
        default:
            // Only quantities have ranges: below a comparison nothing is measured.
            let measuring = measuring && node.type.unit != nil
            let shared = facts
            var operands: [Bounds.Range] = []
            node.forEachChild { operands.append(walk($0, shared, measuring: measuring)) }
            return measuring ? bounds.combine(node, operands) : .unknown
        }
    }

    /// How far a rule's value goes where it is used: its body walked with what is known there,
    /// so that a condition around the use narrows what the rule computes. What that walk finds
    /// is reported where the rule itself is analyzed, not here.
    private mutating func amount(of slot: Int, _ facts: Facts) -> Bounds.Range {
        let use = RuleUse(slot: slot, facts: facts)
        if let known = amounts[use] { return known }
        amounts[use] = .unknown  // the checker rejects cycles; this only guards the recursion
        let reported = diagnostics.count
        let found = walk(program.rules[slot].body, facts)
        diagnostics.removeSubrange(reported...)
        amounts[use] = found
        return found
    }

    /// The smallest range holding what the facts leave of a quantity, if they speak of it.
    private static func hull(of known: ValueSet?) -> Bounds.Range? {
        guard case .numbers(let set)? = known, let first = set.intervals.first, let last = set.intervals.last else {
            return nil
        }
        return Bounds.Range(
            lower: first.lower.map { .at($0.value) } ?? .unlimited, upper: last.upper.map { .at($0.value) } ?? .unlimited)
    }

    /// How far the value of the match goes: as far as any arm a value reaches.
    private mutating func walkArms(
        of subject: Node, _ arms: [CheckedArm], _ facts: consuming Facts, measuring: Bool
    ) -> Bounds.Range {
        let key = Self.subject(of: subject)
        var known: ValueSet?
        if let key { known = facts[key] }
        var amount: Bounds.Range?
        func include(_ range: Bounds.Range) { amount = amount.map { $0.widened(range) } ?? range }
        guard var left = known ?? universe(of: subject) else {
            for arm in arms { include(walk(arm.body, copy facts, measuring: measuring)) }
            return amount ?? .unknown
        }
        for arm in arms {
            let matched = arm.patterns.isEmpty ? left : patternSet(arm.patterns, type: subject.type)
            guard let matched else {
                include(walk(arm.body, copy facts, measuring: measuring))
                continue
            }
            let reached = left.intersection(matched)
            if reached.isEmpty {
                report(
                    Messages.caseNeverReached(
                        arm.body.file, arm.range, isElse: arm.patterns.isEmpty, subject: text(of: subject),
                        left: left.isEmpty ? nil : left.phrase(as: subject.type, program: formatter.program)))
                continue
            }
            var armFacts = copy facts
            if let key { armFacts[key] = reached }
            include(walk(arm.body, consume armFacts, measuring: measuring))
            left.subtract(matched)
        }
        return amount ?? .unknown
    }

    // MARK: Tier schedules

    /// Brackets that overlap, never apply, or leave quantities that no bracket holds.
    private mutating func checkSchedule(
        _ kind: TierKind, _ quantity: Node, _ brackets: [CheckedBracket], in node: Node, _ facts: Facts
    ) {
        var sets: [NumberSet] = []
        for bracket in brackets {
            guard case .numbers(let set)? = Self.set(of: bracket.range) else { return }
            sets.append(set)
        }
        // A marginal schedule is paid from zero up; a banded one applies to whatever the quantity can be.
        let nonNegative = NumberSet([.init(lower: .init(value: .zero, inclusive: true), upper: nil)])
        var domain = nonNegative
        if case .numbers(let known)? = Self.subject(of: quantity).flatMap({ facts[$0] }) ?? universe(of: quantity) {
            domain = kind == .marginal ? known.intersection(nonNegative) : known
        }
        let type = quantity.type
        var coverage = BracketCoverage(sets, within: domain)
        for (index, bracket) in brackets.enumerated() {
            let holds = sets[index].intersection(domain)
            if holds.isEmpty {
                report(
                    Messages.bracketNeverApplies(
                        node.file, bracket.range.range, holdsNothing: sets[index].isEmpty, quantity: text(of: quantity),
                        domain: ValueSet.numbers(domain).phrase(as: type, program: formatter.program)))
            } else if kind == .banded, coverage.holdsAll(of: holds) {
                report(Messages.bracketShadowed(node.file, bracket.range.range))
            } else if let earlier = coverage.firstHolder(of: holds) {
                let shared = ValueSet.numbers(sets[earlier].intersection(holds)).phrase(as: type, program: formatter.program)
                report(
                    Messages.bracketsOverlap(
                        node.file, bracket.range.range, earlier: brackets[earlier].range.range, shared: shared, kind: kind))
            }
            coverage.cover(holds, by: index)
        }
        let gap = coverage.uncovered()
        if !gap.isEmpty {
            let head = SourceRange(start: node.range.start, end: quantity.range.end)
            report(
                Messages.scheduleGap(
                    node.file, head, gap: ValueSet.numbers(gap).phrase(as: type, program: formatter.program), kind: kind))
        }
    }

    // MARK: Conditions

    /// A condition on one subject against constants: the subject and its node, and the values
    /// for which the condition holds or, when `negated`, fails. `x != c` is `x == c` negated, so
    /// narrowing by it removes one value rather than building the set of all the others.
    struct Atom {
        let subject: Subject
        let node: Node
        let values: ValueSet
        let negated: Bool

        /// Whether the condition holds for all the values the subject can have, for none, or depends.
        func truth(for possible: ValueSet) -> Bool? {
            if negated {
                if possible.isSubset(of: values) { return false }
                if !possible.intersects(values) { return true }
            } else {
                if !possible.intersects(values) { return false }
                if possible.isSubset(of: values) { return true }
            }
            return nil
        }
    }

    /// Whether a condition holds whatever the facts are, fails whatever they are, or depends.
    private func truth(of condition: Node, _ facts: Facts) -> Bool? {
        switch condition.kind {
        case .constant(.boolean(let value)):
            return value
        case .not(let inner):
            return truth(of: inner, facts).map { !$0 }
        case .and(let a, let b):
            let first = truth(of: a, facts)
            if first == false { return false }
            var assumed = facts
            assume(a, true, &assumed)
            let second = truth(of: b, assumed)
            if second == false { return false }
            return first == true && second == true ? true : nil
        case .or(let a, let b):
            let first = truth(of: a, facts)
            if first == true { return true }
            var assumed = facts
            assume(a, false, &assumed)
            let second = truth(of: b, assumed)
            if second == true { return true }
            return first == false && second == false ? false : nil
        default:
            guard let atom = atom(condition), let possible = facts[atom.subject] ?? universe(of: atom.node) else { return nil }
            return atom.truth(for: possible)
        }
    }

    /// Narrows the facts by knowing that `condition` has `value`.
    private func assume(_ condition: Node, _ value: Bool, _ facts: inout Facts) {
        switch condition.kind {
        case .not(let inner):
            assume(inner, !value, &facts)
        case .and(let a, let b) where value:
            assume(a, true, &facts)
            assume(b, true, &facts)
        case .or(let a, let b) where !value:
            assume(a, false, &facts)
            assume(b, false, &facts)
        default:
            // Taken out of the facts while it narrows, so that it is the only copy and changes in place.
            guard let atom = atom(condition),
                var possible = facts.removeValue(forKey: atom.subject) ?? universe(of: atom.node)
            else { return }
            if value != atom.negated {
                possible.formIntersection(atom.values)
            } else {
                possible.subtract(atom.values)
            }
            facts[atom.subject] = possible
        }
    }

    private func atom(_ condition: Node) -> Atom? {
        switch condition.kind {
        case .input, .rule:
            guard condition.type == .bool, let subject = Self.subject(of: condition) else { return nil }
            return Atom(subject: subject, node: condition, values: .cases([1]), negated: false)
        case .compare(let op, let left, let right):
            if let value = right.constantValue, let subject = Self.subject(of: left),
                let (values, negated) = satisfying(op, value, type: left.type)
            {
                return Atom(subject: subject, node: left, values: values, negated: negated)
            }
            if let value = left.constantValue, let subject = Self.subject(of: right),
                let (values, negated) = satisfying(op.mirrored, value, type: right.type)
            {
                return Atom(subject: subject, node: right, values: values, negated: negated)
            }
            return nil
        case .within(let value, let low, let high):
            guard let subject = Self.subject(of: value), case .number(let l)? = low.constantValue,
                case .number(let h)? = high.constantValue
            else { return nil }
            let values = NumberSet([.init(lower: .init(value: l, inclusive: true), upper: .init(value: h, inclusive: true))])
            return Atom(subject: subject, node: value, values: .numbers(values), negated: false)
        default:
            return nil
        }
    }

    /// The values for which `subject op value` holds, or for `!=` those for which it fails.
    private func satisfying(_ op: ComparisonOperator, _ value: RuntimeValue, type: ValueType) -> (ValueSet, negated: Bool)? {
        guard !value.isAbsent else { return nil }
        let constant = value.decimal
        switch type {
        case .enumeration, .bool:
            guard let ordinal = constant.integerValue else { return nil }
            switch op {
            case .equal: return (.cases([ordinal]), false)
            case .notEqual: return (.cases([ordinal]), true)
            default: return nil
            }
        case .quantity, .date:
            let set: NumberSet
            switch op {
            case .equal, .notEqual: set = NumberSet.point(constant)
            case .less: set = NumberSet([.init(lower: nil, upper: .init(value: constant, inclusive: false))])
            case .lessEqual: set = NumberSet([.init(lower: nil, upper: .init(value: constant, inclusive: true))])
            case .greater: set = NumberSet([.init(lower: .init(value: constant, inclusive: false), upper: nil)])
            case .greaterEqual: set = NumberSet([.init(lower: .init(value: constant, inclusive: true), upper: nil)])
            }
            return (.numbers(set), op == .notEqual)
        case .text, .identity, .error:
            return nil
        }
    }

    private func patternSet(_ patterns: [CheckedArm.Pattern], type: ValueType) -> ValueSet? {
        var result: ValueSet?
        for pattern in patterns {
            let set: ValueSet?
            switch pattern {
            case .equals(let value): set = satisfying(.equal, value, type: type)?.0
            case .range(let range): set = Self.set(of: range)
            }
            guard let set else { return nil }
            result = result.map { $0.union(set) } ?? set
        }
        return result
    }

    private static func set(of range: CheckedRange) -> ValueSet? {
        func edge(_ limit: CheckedRange.Limit?) -> NumberSet.Edge?? {
            guard let limit else { return .some(nil) }
            guard case .number(let value)? = limit.value.constantValue else { return nil }
            return .some(NumberSet.Edge(value: value, inclusive: limit.inclusive))
        }
        guard let lower = edge(range.lower), let upper = edge(range.upper) else { return nil }
        return .numbers(NumberSet([.init(lower: lower, upper: upper)]))
    }

    // MARK: Subjects and what they can be

    static func subject(of node: Node) -> Subject? {
        switch node.kind {
        case .input(let slot): .input(slot)
        case .rule(let slot): .rule(slot)
        case .claimDate: .claimDate
        case .call(let builtin, let arguments) where arguments.count == 1 && builtin != .min && builtin != .max:
            subject(of: arguments[0]).map { .part(builtin, of: $0) }
        default: nil
        }
    }

    /// Everything a subject can be before any condition: its type's values, narrowed by an
    /// input's bounds and, for the claim date, by the policy's period in force.
    private func universe(of node: Node) -> ValueSet? {
        guard let all = universe(of: node.type) else { return nil }
        switch node.kind {
        case .input(let slot):
            let input = program.inputs[slot]
            guard case .quantity = input.type else { return all }
            let lower = input.lower ?? .zero
            return .numbers(
                NumberSet([
                    .init(
                        lower: .init(value: lower, inclusive: true), upper: input.upper.map { .init(value: $0, inclusive: true) })
                ]))
        case .claimDate:
            let period = program.policy.period
            return .numbers(
                NumberSet([
                    .init(
                        lower: .init(value: ExactDecimal(period.start.dayNumber), inclusive: true),
                        upper: .init(value: ExactDecimal(period.end.dayNumber), inclusive: true))
                ]))
        case .call(.year, let arguments) where arguments.count == 1 && arguments[0].kind.isClaimDate:
            let period = program.policy.period
            return .numbers(
                NumberSet([
                    .init(
                        lower: .init(value: ExactDecimal(period.start.year), inclusive: true),
                        upper: period.isOpenEnded ? nil : .init(value: ExactDecimal(period.end.year), inclusive: true))
                ]))
        default:
            return all
        }
    }

    private func universe(of type: ValueType) -> ValueSet? {
        switch type {
        case .enumeration(let enumType): .cases(Set(enumType.cases.indices))
        case .bool: .cases([0, 1])
        case .quantity, .date: .numbers(.everything)
        case .text, .identity, .error: nil
        }
    }

    /// What is known, where it narrows, about the subjects of a condition: for the message.
    private func known(in condition: Node, _ facts: Facts) -> [Phrase] {
        var lines: [Phrase] = []
        var seen: Set<Subject> = []
        func visit(_ node: Node) {
            if let atom = atom(node), seen.insert(atom.subject).inserted,
                let possible = facts[atom.subject] ?? universe(of: atom.node), possible != universe(of: atom.node.type)
            {
                let subjectNode = atom.node
                lines.append(
                    Messages.knownValues(
                        of: text(of: subjectNode), possible.phrase(as: subjectNode.type, program: formatter.program)))
            }
            node.forEachChild(visit)
        }
        visit(condition)
        return lines
    }

    private func text(of node: Node) -> String {
        node.file.oneLineText(of: node.range)
    }

    private mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}

extension Node.Kind {
    var isClaimDate: Bool {
        if case .claimDate = self { return true }
        return false
    }
}

extension ComparisonOperator {
    /// The operator with its operands swapped: `a < b` is `b > a`.
    var mirrored: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        }
    }
}
