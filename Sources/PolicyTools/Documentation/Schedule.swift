// The amount schedules a proof-reading page draws, found in a rule's checked form: tiers
// (`marginal QUANTITY { … }`, `banded QUANTITY { … }`), a constant rate times a quantity, each
// with the cap written after it (`… at most AMOUNT`), and a rate times a capped quantity. Only
// schedules whose rates, bracket edges and cap are constants are drawn: a rate left open or read
// from a table has no single curve.

import PolicyLanguage

struct Schedule {
    enum Shape: String {
        /// Each band's rate applies to the part of the quantity inside it.
        case marginal
        /// The band holding the whole quantity sets the rate for all of it.
        case banded
        /// A rate times the quantity: one band, counted as a marginal one, with an edge only
        /// where the quantity stops counting.
        case rate
    }

    struct Edge {
        let value: ExactDecimal
        let inclusive: Bool
    }

    struct Band {
        let lower: Edge?
        let upper: Edge?
        let rate: ExactDecimal

        func contains(_ quantity: ExactDecimal) -> Bool {
            if let lower, lower.inclusive ? quantity < lower.value : quantity <= lower.value { return false }
            if let upper, upper.inclusive ? quantity > upper.value : quantity >= upper.value { return false }
            return true
        }
    }

    /// The most the schedule pays, and how the policy says so: `at most 4000 yuan`.
    struct Cap {
        let amount: ExactDecimal
        /// The limit as written (`1000 yuan`, `30 days`, a name), its value and type.
        let limit: String
        let limitValue: ExactDecimal
        let limitType: ValueType
        /// Whether the limit is on the quantity, so the label adds the amount it comes to.
        var amountType: ValueType? = nil

        /// `at most 1000 yuan`; for a limit on the quantity, `at most 30 days: 3000 yuan`. In
        /// Chinese a number is written in the formatter's words (`至多 1000 元`) whatever the
        /// file's keywords; a name stays as written.
        func label(_ formatter: ValueFormatter, in language: Language) -> String {
            let numeric = language == .zh && limit.first.map { $0.isNumber } == true
            let written = numeric ? formatter.format(limitValue, as: limitType) : limit
            let words = Phrase("at most \(written)", "至多 \(written)")
            guard let amountType else { return words.text(in: language) }
            return (words + Phrase(": ", "：")).text(in: language) + formatter.format(amount, as: amountType)
        }
    }

    let shape: Shape
    /// The schedule as written, for the chart's caption.
    let text: String
    /// The quantity as written: a name, or an expression.
    let quantity: String
    let quantityType: ValueType
    let amountType: ValueType
    let bands: [Band]
    let cap: Cap?
    /// For `RATE * (QUANTITY at most LIMIT)`: the limit, past which the quantity no longer counts.
    var quantityLimit: ExactDecimal? = nil

    /// The band edges above zero, ascending, each once.
    var edges: [ExactDecimal] {
        var values: [ExactDecimal] = []
        for band in bands {
            for edge in [band.lower, band.upper].compactMap(\.self) where edge.value > .zero && !values.contains(edge.value) {
                values.append(edge.value)
            }
        }
        return values.sorted()
    }

    /// The amount before the cap, as the compiler computes it; nil where no band of a banded
    /// schedule holds the quantity.
    func amount(at quantity: ExactDecimal) throws(ArithmeticError) -> ExactDecimal? {
        switch shape {
        case .marginal, .rate:
            var total = ExactDecimal.zero
            for band in bands {
                let low = band.lower?.value ?? .zero
                guard quantity > low else { continue }
                let top = band.upper.map { ExactDecimal.minimum(quantity, $0.value) } ?? quantity
                total = try .adding(total, try .multiplying(band.rate, try .subtracting(top, low)))
            }
            return total
        case .banded:
            guard let band = bands.first(where: { $0.contains(quantity) }) else { return nil }
            return try .multiplying(band.rate, quantity)
        }
    }

    /// The rate that applies above the highest edge: what the curve does off to the right.
    var finalRate: ExactDecimal {
        switch shape {
        case .marginal, .rate: bands.filter { $0.upper == nil }.reduce(ExactDecimal.zero) { (try? .adding($0, $1.rate)) ?? $0 }
        case .banded: bands.first { $0.upper == nil }?.rate ?? .zero
        }
    }
}

extension Schedule {
    /// Every drawable schedule in a rule's definition, in the order written.
    static func all(in node: Node) -> [Schedule] {
        var found: [Schedule] = []
        func walk(_ node: Node) {
            if let schedule = schedule(node) {
                found.append(schedule)
                return
            }
            node.children.forEach(walk)
        }
        walk(node)
        return found
    }

    /// The schedule a node is, when it is one.
    private static func schedule(_ node: Node) -> Schedule? {
        switch node.kind {
        case .bound(.atMost, let operand, let limit):
            guard let cap = constant(limit), let schedule = tiers(operand, in: node) ?? rateTimesQuantity(operand, in: node)
            else { return nil }
            return schedule.capped(at: Cap(amount: cap, limit: text(of: limit), limitValue: cap, limitType: limit.type))
        case .tiers:
            return tiers(node, in: node)
        case .arithmetic(.multiply, let a, let b):
            // `RATE * (QUANTITY at most LIMIT)`: the amount stops growing at the limit.
            guard let (rate, capped) = constant(a).map({ ($0, b) }) ?? constant(b).map({ ($0, a) }),
                case .bound(.atMost, let quantity, let limitNode) = capped.kind, let limit = constant(limitNode),
                constant(quantity) == nil, let amount = try? ExactDecimal.multiplying(rate, limit)
            else { return nil }
            return Schedule(
                shape: .rate, text: text(of: node), quantity: text(of: quantity), quantityType: quantity.type,
                amountType: node.type, bands: [Band(lower: nil, upper: Edge(value: limit, inclusive: true), rate: rate)],
                cap: Cap(
                    amount: amount, limit: text(of: limitNode), limitValue: limit, limitType: limitNode.type,
                    amountType: node.type),
                quantityLimit: limit)
        default:
            return nil
        }
    }

    /// Tiers whose edges and rates are all constants.
    private static func tiers(_ node: Node, in whole: Node) -> Schedule? {
        guard case .tiers(let kind, let quantity, let brackets) = node.kind, !brackets.isEmpty else { return nil }
        var bands: [Band] = []
        for bracket in brackets {
            func edge(_ limit: CheckedRange.Limit?) -> Edge?? {
                guard let limit else { return .some(nil) }
                return constant(limit.value).map { Edge(value: $0, inclusive: limit.inclusive) }
            }
            guard let lower = edge(bracket.range.lower), let upper = edge(bracket.range.upper),
                let rate = constant(bracket.rate)
            else { return nil }
            bands.append(Band(lower: lower, upper: upper, rate: rate))
        }
        return Schedule(
            shape: kind == .marginal ? .marginal : .banded, text: text(of: whole), quantity: text(of: quantity),
            quantityType: quantity.type, amountType: node.type, bands: bands, cap: nil)
    }

    /// `RATE * QUANTITY` with a constant rate, drawn only when capped.
    private static func rateTimesQuantity(_ node: Node, in whole: Node) -> Schedule? {
        guard case .arithmetic(.multiply, let a, let b) = node.kind,
            let (rate, quantity) = constant(a).map({ ($0, b) }) ?? constant(b).map({ ($0, a) }),
            constant(quantity) == nil, case .quantity = quantity.type
        else { return nil }
        return Schedule(
            shape: .rate, text: text(of: whole), quantity: text(of: quantity), quantityType: quantity.type,
            amountType: node.type, bands: [Band(lower: nil, upper: nil, rate: rate)], cap: nil)
    }

    private func capped(at cap: Cap) -> Schedule {
        Schedule(
            shape: shape, text: text, quantity: quantity, quantityType: quantityType, amountType: amountType, bands: bands,
            cap: cap, quantityLimit: quantityLimit)
    }

    private static func constant(_ node: Node) -> ExactDecimal? {
        if case .number(let value)? = node.constantValue { return value }
        return nil
    }

    /// A node's source text on one line, its runs of spaces and line breaks made one space.
    private static func text(of node: Node) -> String {
        node.file.oneLineText(of: node.range)
    }
}

extension Node {
    /// The nodes directly inside this one.
    var children: [Node] {
        switch kind {
        case .constant, .input, .rule, .claimDate: []
        case .negate(let a), .not(let a): [a]
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
            .otherwise(let a, let b):
            [a, b]
        case .divideRounded(let a, let b, let quantum): [a, b, quantum]
        case .rounded(let a, let quantum): [a, quantum]
        case .within(let a, let low, let high): [a, low, high]
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise]
        case .require(let requirements, let body): requirements.map(\.condition) + [body]
        case .match(let subject, let arms): [subject] + arms.map(\.body)
        case .tiers(_, let quantity, let brackets): [quantity] + brackets.map(\.rate)
        case .bound(_, let a, let limit): [a, limit]
        case .lookup(_, let keys, _): keys
        case .call(_, let arguments): arguments
        }
    }
}
