// How high and how low an amount can go, read from the policy alone: constants, the declared
// bounds of inputs (a quantity is never negative), table columns, caps and floors, through
// sums, differences, products and rounding. Each end is a value, goes on without limit, or is
// unknown where the bounds cannot tell (a division, a value these checks do not read). The deep
// checks compare a county's amounts with the caps its province sets, and the walk of
// Reachability.swift combines the same way what it knows at each point of a rule, to find a
// program that can grant less than nothing.

struct Bounds {
    struct Range: Equatable {
        /// How far one end of a range goes.
        enum End: Equatable {
            case at(ExactDecimal)
            /// Without limit: an input with no upper bound, or something less one.
            case unlimited
            case unknown

            var value: ExactDecimal? {
                if case .at(let value) = self { return value }
                return nil
            }
        }

        var lower: End
        var upper: End

        /// The lowest value, where there is a known one.
        var low: ExactDecimal? { lower.value }
        /// The highest value, where there is a known one.
        var high: ExactDecimal? { upper.value }

        static let unknown = Range(lower: .unknown, upper: .unknown)

        static func exactly(_ value: ExactDecimal) -> Range { Range(lower: .at(value), upper: .at(value)) }

        /// The smallest range holding both.
        func widened(_ other: Range) -> Range {
            Range(
                lower: .outer(lower, other.lower, ExactDecimal.minimum), upper: .outer(upper, other.upper, ExactDecimal.maximum))
        }

        /// The range of a value known to lie in both.
        func narrowed(to other: Range) -> Range {
            Range(
                lower: .inner(lower, other.lower, ExactDecimal.maximum), upper: .inner(upper, other.upper, ExactDecimal.minimum))
        }
    }

    let program: Program
    private var rules: [Int: Range] = [:]

    init(program: Program) {
        self.program = program
    }

    /// What an input's declaration allows: a quantity is never negative unless its bounds say so.
    static func range(of input: Input) -> Range {
        guard case .quantity = input.type else { return .unknown }
        return Range(lower: .at(input.lower ?? .zero), upper: input.upper.map(Range.End.at) ?? .unlimited)
    }

    mutating func range(of node: Node) -> Range {
        switch node.kind {
        case .input(let slot):
            return Self.range(of: program.inputs[slot])
        case .rule(let slot):
            if let known = rules[slot] { return known }
            rules[slot] = .unknown  // the checker rejects cycles; this only guards the recursion
            let found = range(of: program.rules[slot].body)
            rules[slot] = found
            return found
        case .conditional(_, let a, let b):
            return range(of: a).widened(range(of: b))
        case .require(_, let body):
            return range(of: body)
        case .match(_, let arms):
            guard let first = arms.first else { return .unknown }
            return arms.dropFirst().reduce(range(of: first.body)) { $0.widened(range(of: $1.body)) }
        default:
            var operands: [Range] = []
            node.forEachChild { operands.append(range(of: $0)) }
            return combine(node, operands)
        }
    }

    /// The range of a node from those of its operands, in the order `forEachChild` gives them.
    /// Conditions, matches and requirements, which the walk of a rule narrows with what it
    /// knows, and leaves are `range(of:)`'s to read.
    func combine(_ node: Node, _ operands: [Range]) -> Range {
        switch node.kind {
        case .constant(.number(let value)):
            return .exactly(value)
        case .negate:
            return Range(lower: operands[0].upper.negated, upper: operands[0].lower.negated)
        case .arithmetic(let op, _, _):
            return arithmetic(op, operands[0], operands[1])
        case .rounded:
            // Rounding half up never moves one value past another: the ends round.
            guard let step = operands[1].low, step == operands[1].high, step > .zero else { return .unknown }
            return Range(lower: operands[0].lower.rounded(to: step), upper: operands[0].upper.rounded(to: step))
        case .bound(let kind, _, _):
            let (value, limit) = (operands[0], operands[1])
            switch kind {
            case .atMost:
                return Range(
                    lower: .outer(value.lower, limit.lower, ExactDecimal.minimum),
                    upper: .inner(value.upper, limit.upper, ExactDecimal.minimum))
            case .atLeast:
                return Range(
                    lower: .inner(value.lower, limit.lower, ExactDecimal.maximum),
                    upper: .outer(value.upper, limit.upper, ExactDecimal.maximum))
            }
        case .otherwise:
            return operands[0].widened(operands[1])
        case .lookup(let index, _, let column):
            let values = program.tables[index].rows.compactMap { row -> ExactDecimal? in
                if case .number(let value) = row[column] { return value }
                return nil
            }
            guard let low = values.min(), let high = values.max() else { return .unknown }
            return Range(lower: .at(low), upper: .at(high))
        case .call(.min, _):
            guard let first = operands.first else { return .unknown }
            return operands.dropFirst().reduce(first) {
                Range(
                    lower: .outer($0.lower, $1.lower, ExactDecimal.minimum),
                    upper: .inner($0.upper, $1.upper, ExactDecimal.minimum))
            }
        case .call(.max, _):
            guard let first = operands.first else { return .unknown }
            return operands.dropFirst().reduce(first) {
                Range(
                    lower: .inner($0.lower, $1.lower, ExactDecimal.maximum),
                    upper: .outer($0.upper, $1.upper, ExactDecimal.maximum))
            }
        default:
            return .unknown
        }
    }

    /// The cap a definition sets explicitly (`at most`, `min`, an input's upper bound), as
    /// opposed to a ceiling that merely follows from its numbers.
    mutating func explicitCap(of node: Node) -> ExactDecimal? {
        switch node.kind {
        case .bound(.atMost, _, let limit): return range(of: limit).high
        case .call(.min, _): return range(of: node).high
        case .input(let slot): return program.inputs[slot].upper
        case .rule(let slot): return explicitCap(of: program.rules[slot].body)
        case .require(_, let body): return explicitCap(of: body)
        case .conditional(_, let a, let b), .otherwise(let a, let b):
            guard let x = explicitCap(of: a), let y = explicitCap(of: b) else { return nil }
            return ExactDecimal.maximum(x, y)
        case .match(_, let arms):
            let caps = arms.map { explicitCap(of: $0.body) }
            guard !caps.isEmpty, !caps.contains(where: { $0 == nil }) else { return nil }
            return caps.compactMap { $0 }.reduce(caps[0]!, ExactDecimal.maximum)
        default: return nil
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ a: Range, _ b: Range) -> Range {
        switch op {
        case .add:
            return Range(
                lower: .combined(a.lower, b.lower, ExactDecimal.adding), upper: .combined(a.upper, b.upper, ExactDecimal.adding))
        case .subtract:
            return Range(
                lower: .combined(a.lower, b.upper, ExactDecimal.subtracting),
                upper: .combined(a.upper, b.lower, ExactDecimal.subtracting))
        case .multiply:
            // Amounts are mostly rates times quantities, both at least zero: the product grows
            // with each, and its ends are the products of theirs even where a top is unknown.
            if let x = a.low, let y = b.low, !x.isNegative, !y.isNegative {
                return Range(lower: .product(a.lower, b.lower, lower: true), upper: .product(a.upper, b.upper, lower: false))
            }
            // Otherwise the ends are the least and the greatest of the products of the factors' ends.
            let corners = [(a.lower, b.lower), (a.lower, b.upper), (a.upper, b.lower), (a.upper, b.upper)].enumerated().map {
                index, ends in
                Extended.product(Extended(ends.0, lower: index < 2), Extended(ends.1, lower: index % 2 == 0))
            }
            guard corners.allSatisfy({ $0 != nil }) else { return .unknown }
            let values = corners.compactMap { $0 }
            return Range(lower: values.min()!.end, upper: values.max()!.end)
        case .divide:
            return .unknown
        }
    }
}

extension Bounds.Range.End {
    /// An end of the union of two ranges (of `min`'s lower end, of `max`'s upper end): without
    /// limit if either goes without limit, unknown if either is unknown.
    static func outer(_ a: Self, _ b: Self, _ pick: (ExactDecimal, ExactDecimal) -> ExactDecimal) -> Self {
        switch (a, b) {
        case (.unlimited, _), (_, .unlimited): .unlimited
        case (.at(let x), .at(let y)): .at(pick(x, y))
        default: .unknown
        }
    }

    /// An end that two bounds both set (a cap on a value, `min`'s upper end): whichever is
    /// known holds, the tighter if both are.
    static func inner(_ a: Self, _ b: Self, _ pick: (ExactDecimal, ExactDecimal) -> ExactDecimal) -> Self {
        switch (a, b) {
        case (.at(let x), .at(let y)): .at(pick(x, y))
        case (.at, _): a
        case (_, .at): b
        case (.unlimited, .unlimited): .unlimited
        default: .unknown
        }
    }

    /// An end of a sum or a difference, from the operands' ends that make it.
    static func combined(
        _ a: Self, _ b: Self, _ operation: (ExactDecimal, ExactDecimal) throws(ArithmeticError) -> ExactDecimal
    ) -> Self {
        switch (a, b) {
        case (.unknown, _), (_, .unknown): .unknown
        case (.at(let x), .at(let y)): (try? operation(x, y)).map(Self.at) ?? .unknown
        default: .unlimited
        }
    }

    /// The product of two lower (or two upper) ends of factors that are at least zero.
    static func product(_ a: Self, _ b: Self, lower: Bool) -> Self {
        Bounds.Extended.product(Bounds.Extended(a, lower: lower), Bounds.Extended(b, lower: lower))?.end ?? .unknown
    }

    var negated: Self {
        switch self {
        case .at(let value): (try? value.negated()).map(Self.at) ?? .unknown
        case .unlimited, .unknown: self
        }
    }

    func rounded(to step: ExactDecimal) -> Self {
        switch self {
        case .at(let value): (try? value.rounded(to: step)).map(Self.at) ?? .unknown
        case .unlimited, .unknown: self
        }
    }
}

extension Bounds {
    /// A value or an infinity, for multiplying ends that go without limit.
    fileprivate enum Extended: Comparable {
        case minusInfinity
        case finite(ExactDecimal)
        case plusInfinity

        /// A lower end without limit is minus infinity, an upper one plus infinity; nil for unknown.
        init?(_ end: Range.End, lower: Bool) {
            switch end {
            case .at(let value): self = .finite(value)
            case .unlimited: self = lower ? .minusInfinity : .plusInfinity
            case .unknown: return nil
            }
        }

        var end: Range.End {
            if case .finite(let value) = self { return .at(value) }
            return .unlimited
        }

        /// Nil when a factor is unknown or the product does not fit. An infinity times zero is
        /// zero: the values themselves are finite.
        static func product(_ a: Extended?, _ b: Extended?) -> Extended? {
            guard let a, let b else { return nil }
            switch (a, b) {
            case (.finite(let x), .finite(let y)): return (try? ExactDecimal.multiplying(x, y)).map(Extended.finite)
            case (.finite(let x), let infinity), (let infinity, .finite(let x)):
                if x.isZero { return .finite(.zero) }
                return x.isNegative == (infinity == .plusInfinity) ? .minusInfinity : .plusInfinity
            default:
                return a == b ? .plusInfinity : .minusInfinity
            }
        }
    }
}
