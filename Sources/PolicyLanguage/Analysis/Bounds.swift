// How high and how low an amount can go, read from the policy alone: constants, the declared
// bounds of inputs (a quantity is never negative), table columns, caps and floors, through
// sums and products. An end that cannot be bounded this way is nil. The deep checks compare a
// county's amounts with the caps its province sets.

struct Bounds {
    struct Range {
        var low: ExactDecimal?
        var high: ExactDecimal?

        static let unknown = Range(low: nil, high: nil)

        /// The smallest range holding both.
        func widened(_ other: Range) -> Range {
            Range(
                low: low.flatMap { a in other.low.map { ExactDecimal.minimum(a, $0) } },
                high: high.flatMap { a in other.high.map { ExactDecimal.maximum(a, $0) } })
        }
    }

    let program: Program
    private var rules: [Int: Range] = [:]

    init(program: Program) {
        self.program = program
    }

    mutating func range(of node: Node) -> Range {
        switch node.kind {
        case .constant(.number(let value)):
            return Range(low: value, high: value)
        case .input(let slot):
            let input = program.inputs[slot]
            guard case .quantity = input.type else { return .unknown }
            return Range(low: input.lower ?? .zero, high: input.upper)
        case .rule(let slot):
            if let known = rules[slot] { return known }
            rules[slot] = .unknown  // the checker rejects cycles; this only guards the recursion
            let found = range(of: program.rules[slot].body)
            rules[slot] = found
            return found
        case .negate(let a):
            let r = range(of: a)
            return Range(low: r.high.flatMap { try? $0.negated() }, high: r.low.flatMap { try? $0.negated() })
        case .arithmetic(let op, let a, let b):
            return arithmetic(op, range(of: a), range(of: b))
        case .bound(let kind, let value, let limit):
            let v = range(of: value)
            let l = range(of: limit)
            switch kind {
            case .atMost:
                return Range(
                    low: Self.pick(v.low, l.low, ExactDecimal.minimum), high: Self.either(v.high, l.high, ExactDecimal.minimum))
            case .atLeast:
                return Range(
                    low: Self.either(v.low, l.low, ExactDecimal.maximum), high: Self.pick(v.high, l.high, ExactDecimal.maximum))
            }
        case .conditional(_, let a, let b), .otherwise(let a, let b):
            return range(of: a).widened(range(of: b))
        case .require(_, let body):
            return range(of: body)
        case .match(_, let arms):
            guard let first = arms.first else { return .unknown }
            return arms.dropFirst().reduce(range(of: first.body)) { $0.widened(range(of: $1.body)) }
        case .lookup(let index, _, let column):
            let values = program.tables[index].rows.compactMap { row -> ExactDecimal? in
                if case .number(let value) = row[column] { return value }
                return nil
            }
            guard let low = values.min(), let high = values.max() else { return .unknown }
            return Range(low: low, high: high)
        case .call(.min, let arguments):
            let ranges = arguments.map { range(of: $0) }
            return Range(
                low: Self.all(ranges.map(\.low), ExactDecimal.minimum), high: Self.any(ranges.map(\.high), ExactDecimal.minimum))
        case .call(.max, let arguments):
            let ranges = arguments.map { range(of: $0) }
            return Range(
                low: Self.any(ranges.map(\.low), ExactDecimal.maximum), high: Self.all(ranges.map(\.high), ExactDecimal.maximum))
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
            return Self.all(caps, ExactDecimal.maximum)
        default: return nil
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ a: Range, _ b: Range) -> Range {
        func apply(_ x: ExactDecimal?, _ y: ExactDecimal?) -> ExactDecimal? {
            guard let x, let y else { return nil }
            return try? op.apply(x, y)
        }
        switch op {
        case .add: return Range(low: apply(a.low, b.low), high: apply(a.high, b.high))
        case .subtract:
            return Range(
                low: a.low.flatMap { x in b.high.flatMap { try? ExactDecimal.subtracting(x, $0) } },
                high: a.high.flatMap { x in b.low.flatMap { try? ExactDecimal.subtracting(x, $0) } })
        case .multiply:
            // Amounts are rates times quantities, both at least zero: the ends multiply.
            guard let al = a.low, let bl = b.low, !al.isNegative, !bl.isNegative else { return .unknown }
            return Range(low: apply(al, bl), high: apply(a.high, b.high))
        case .divide:
            return .unknown
        }
    }

    /// Both known: combined; otherwise unknown.
    private static func pick(_ a: ExactDecimal?, _ b: ExactDecimal?, _ f: (ExactDecimal, ExactDecimal) -> ExactDecimal)
        -> ExactDecimal?
    {
        guard let a, let b else { return nil }
        return f(a, b)
    }

    /// Whichever is known, combined when both are.
    private static func either(_ a: ExactDecimal?, _ b: ExactDecimal?, _ f: (ExactDecimal, ExactDecimal) -> ExactDecimal)
        -> ExactDecimal?
    {
        guard let a else { return b }
        guard let b else { return a }
        return f(a, b)
    }

    private static func all(_ values: [ExactDecimal?], _ f: (ExactDecimal, ExactDecimal) -> ExactDecimal) -> ExactDecimal? {
        guard !values.isEmpty, !values.contains(where: { $0 == nil }) else { return nil }
        return values.compactMap { $0 }.reduce(values[0]!, f)
    }

    private static func any(_ values: [ExactDecimal?], _ f: (ExactDecimal, ExactDecimal) -> ExactDecimal) -> ExactDecimal? {
        let known = values.compactMap { $0 }
        guard let first = known.first else { return nil }
        return known.reduce(first, f)
    }
}
