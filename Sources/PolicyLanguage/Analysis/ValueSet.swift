// The values an expression can still have at a point of a rule: a union of intervals for
// numbers, percents and dates, a set of cases for enums and booleans. The deep checks of
// `policy check` narrow these along the conditions of `if`, `require` and `match` to find the
// branches no claim can reach, and cover brackets with them to find gaps and overlaps.

/// A set of decimals: sorted, disjoint intervals.
struct NumberSet: Equatable {
    struct Edge: Equatable {
        let value: ExactDecimal
        let inclusive: Bool

        var flipped: Edge { Edge(value: value, inclusive: !inclusive) }
    }

    /// Nil edges are unbounded.
    struct Interval: Equatable {
        let lower: Edge?
        let upper: Edge?

        var isEmpty: Bool {
            guard let lower, let upper else { return false }
            return lower.value > upper.value || (lower.value == upper.value && !(lower.inclusive && upper.inclusive))
        }

        func intersection(_ other: Interval) -> Interval {
            Interval(lower: Self.tighter(lower, other.lower, above: true), upper: Self.tighter(upper, other.upper, above: false))
        }

        /// The tighter of two lower (`above`) or upper edges.
        private static func tighter(_ a: Edge?, _ b: Edge?, above: Bool) -> Edge? {
            guard let a else { return b }
            guard let b else { return a }
            if a.value == b.value { return Edge(value: a.value, inclusive: a.inclusive && b.inclusive) }
            return (a.value > b.value) == above ? a : b
        }
    }

    private(set) var intervals: [Interval]

    static let everything = NumberSet([Interval(lower: nil, upper: nil)])
    static let nothing = NumberSet([])

    init(_ intervals: [Interval]) {
        self.intervals = Self.normalized(intervals)
    }

    static func point(_ value: ExactDecimal) -> NumberSet {
        NumberSet([Interval(lower: Edge(value: value, inclusive: true), upper: Edge(value: value, inclusive: true))])
    }

    var isEmpty: Bool { intervals.isEmpty }

    func intersection(_ other: NumberSet) -> NumberSet {
        NumberSet(intervals.flatMap { a in other.intervals.map { a.intersection($0) } })
    }

    func union(_ other: NumberSet) -> NumberSet {
        NumberSet(intervals + other.intervals)
    }

    var complement: NumberSet {
        var result: [Interval] = []
        var lower: Edge? = nil  // where the next gap starts; nil at first, for minus infinity
        for interval in intervals {
            if let edge = interval.lower { result.append(Interval(lower: lower, upper: edge.flipped)) }
            guard let upper = interval.upper else { return NumberSet(result) }
            lower = upper.flipped
        }
        result.append(Interval(lower: lower, upper: nil))
        return NumberSet(result)
    }

    func subtracting(_ other: NumberSet) -> NumberSet {
        intersection(other.complement)
    }

    func isSubset(of other: NumberSet) -> Bool {
        subtracting(other).isEmpty
    }

    /// Sorted by lower edge, empty pieces dropped, touching and overlapping pieces merged.
    private static func normalized(_ intervals: [Interval]) -> [Interval] {
        let pieces = intervals.filter { !$0.isEmpty }.sorted { a, b in
            guard let x = a.lower else { return b.lower != nil }
            guard let y = b.lower else { return false }
            return x.value < y.value || (x.value == y.value && x.inclusive && !y.inclusive)
        }
        var merged: [Interval] = []
        for piece in pieces {
            guard let last = merged.last else {
                merged.append(piece)
                continue
            }
            guard let reach = last.upper else { break }  // the last piece runs to infinity: it holds the rest
            let joins =
                piece.lower.map { $0.value < reach.value || ($0.value == reach.value && ($0.inclusive || reach.inclusive)) }
                ?? true
            guard joins else {
                merged.append(piece)
                continue
            }
            let upper: Edge?
            if let pieceUpper = piece.upper {
                upper =
                    pieceUpper.value > reach.value || (pieceUpper.value == reach.value && pieceUpper.inclusive)
                    ? pieceUpper : reach
            } else {
                upper = nil
            }
            merged[merged.count - 1] = Interval(lower: last.lower, upper: upper)
        }
        return merged
    }
}

/// What an expression can be: numbers (quantities, percents, dates as day numbers) or cases
/// (enum ordinals, and 0 and 1 for booleans).
enum ValueSet: Equatable {
    case numbers(NumberSet)
    case cases(Set<Int>)

    var isEmpty: Bool {
        switch self {
        case .numbers(let set): set.isEmpty
        case .cases(let set): set.isEmpty
        }
    }

    func intersection(_ other: ValueSet) -> ValueSet {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): .numbers(a.intersection(b))
        case (.cases(let a), .cases(let b)): .cases(a.intersection(b))
        default: self
        }
    }

    func subtracting(_ other: ValueSet) -> ValueSet {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): .numbers(a.subtracting(b))
        case (.cases(let a), .cases(let b)): .cases(a.subtracting(b))
        default: self
        }
    }

    func union(_ other: ValueSet) -> ValueSet {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): .numbers(a.union(b))
        case (.cases(let a), .cases(let b)): .cases(a.union(b))
        default: self
        }
    }

    func isSubset(of other: ValueSet) -> Bool {
        subtracting(other).isEmpty
    }

    /// How a message names the set, in the words of a bracket: `from 3 days up to 10 days`,
    /// `below 80%`, `中级工, 高级工`; in Chinese with the keywords' twins, `自 3 天 不超过 10 天`,
    /// `低于 80%`, `中级工、高级工`. A long case name is abbreviated, as messages quote names.
    func description(as type: ValueType, formatter: ValueFormatter) -> String {
        let (from, above, upTo, below) = (
            localized("from", "自"), localized("above", "超过"), localized("up to", "不超过"), localized("below", "低于")
        )
        switch self {
        case .cases(let set):
            return set.sorted().map { formatter.format(ExactDecimal($0), as: type).abbreviated }
                .joined(separator: localized(", ", "、"))
        case .numbers(let set):
            return set.intervals.map { interval in
                let low = interval.lower.map { formatter.format($0.value, as: type) }
                let high = interval.upper.map { formatter.format($0.value, as: type) }
                switch (interval.lower, interval.upper) {
                case (let l?, let u?) where l.value == u.value: return low!
                case (let l?, let u?):
                    return "\(l.inclusive ? from : above) \(low!) \(u.inclusive ? upTo : below) \(high!)"
                case (let l?, nil): return "\(l.inclusive ? from : above) \(low!)"
                case (nil, let u?): return "\(u.inclusive ? upTo : below) \(high!)"
                case (nil, nil): return localized("any value", "任意值")
                }
            }.joined(separator: localized(" or ", " 或 "))
        }
    }
}
