// The values an expression can still have at a point of a rule: a union of intervals for
// numbers, percents and dates, a set of cases for enums and booleans. The deep checks of
// `policy check` narrow these along the conditions of `if`, `require` and `match` to find the
// branches no claim can reach, and cover brackets with them to find gaps and overlaps.
//
// A set narrowed by a long run of `require`s or `match` cases can hold thousands of pieces while
// each condition speaks of one or two, so the operations look the few pieces up by binary search
// instead of walking them all, and narrowing changes a set in place.

/// A set of decimals: sorted, disjoint intervals, never touching (a point lies between any two).
struct NumberSet: Hashable {
    struct Edge: Hashable {
        let value: ExactDecimal
        let inclusive: Bool

        var flipped: Edge { Edge(value: value, inclusive: !inclusive) }
    }

    /// Nil edges are unbounded.
    struct Interval: Hashable {
        let lower: Edge?
        let upper: Edge?

        var isEmpty: Bool {
            guard let lower, let upper else { return false }
            return lower.value > upper.value || (lower.value == upper.value && !(lower.inclusive && upper.inclusive))
        }

        func intersection(_ other: Interval) -> Interval {
            Interval(lower: Self.tighter(lower, other.lower, above: true), upper: Self.tighter(upper, other.upper, above: false))
        }

        /// Whether every value of the interval is below those a lower edge admits.
        func lies(below edge: Edge?) -> Bool {
            guard let upper, let edge else { return false }
            return upper.value < edge.value || (upper.value == edge.value && !(upper.inclusive && edge.inclusive))
        }

        /// Whether every value of the interval is above those an upper edge admits.
        func lies(above edge: Edge?) -> Bool {
            guard let lower, let edge else { return false }
            return lower.value > edge.value || (lower.value == edge.value && !(lower.inclusive && edge.inclusive))
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

    /// Intervals already sorted, disjoint and apart.
    private init(normalized intervals: [Interval]) {
        self.intervals = intervals
    }

    static func point(_ value: ExactDecimal) -> NumberSet {
        NumberSet([Interval(lower: Edge(value: value, inclusive: true), upper: Edge(value: value, inclusive: true))])
    }

    var isEmpty: Bool { intervals.isEmpty }

    /// Each piece of the smaller set meets a run of the larger one's, found by binary search.
    func intersection(_ other: NumberSet) -> NumberSet {
        let (small, large) = intervals.count <= other.intervals.count ? (self, other) : (other, self)
        var result: [Interval] = []
        for piece in small.intervals {
            var index = large.firstIndex(reaching: piece.lower)
            while index < large.intervals.count, !large.intervals[index].lies(above: piece.upper) {
                let shared = piece.intersection(large.intervals[index])
                if !shared.isEmpty { result.append(shared) }
                index += 1
            }
        }
        return NumberSet(normalized: result)
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

    /// Removes `other` in place: a binary search for each of its pieces, and the pieces of this
    /// set it cuts replaced by what is left of them.
    mutating func subtract(_ other: NumberSet) {
        var start = 0
        for cut in other.intervals {
            let first = start + Self.firstIndex(in: intervals[start...], reaching: cut.lower)
            var end = first
            while end < intervals.count, !intervals[end].lies(above: cut.upper) { end += 1 }
            guard first < end else {
                start = first
                continue
            }
            var rest: [Interval] = []
            if let lower = cut.lower {
                let below = Interval(lower: intervals[first].lower, upper: lower.flipped)
                if !below.isEmpty { rest.append(below) }
            }
            if let upper = cut.upper {
                let above = Interval(lower: upper.flipped, upper: intervals[end - 1].upper)
                if !above.isEmpty { rest.append(above) }
            }
            intervals.replaceSubrange(first..<end, with: rest)
            start = first  // what is left above the cut may meet the next one
        }
    }

    /// Keeps only what `other` holds, in place.
    mutating func formIntersection(_ other: NumberSet) {
        subtract(other.complement)
    }

    func intersects(_ other: NumberSet) -> Bool {
        let (small, large) = intervals.count <= other.intervals.count ? (self, other) : (other, self)
        return small.intervals.contains { piece in
            let index = large.firstIndex(reaching: piece.lower)
            return index < large.intervals.count && !piece.intersection(large.intervals[index]).isEmpty
        }
    }

    func isSubset(of other: NumberSet) -> Bool {
        guard intervals.count <= other.intervals.count else { return !intersects(other.complement) }
        // A piece of this set lies inside one interval of the other, as the other's never touch.
        return intervals.allSatisfy { piece in
            let index = other.firstIndex(reaching: piece.lower)
            return index < other.intervals.count && piece.intersection(other.intervals[index]) == piece
        }
    }

    /// The index of the first interval that is not wholly below a lower edge.
    private func firstIndex(reaching edge: Edge?) -> Int {
        Self.firstIndex(in: intervals[...], reaching: edge)
    }

    private static func firstIndex(in intervals: ArraySlice<Interval>, reaching edge: Edge?) -> Int {
        var (low, high) = (intervals.startIndex, intervals.endIndex)
        while low < high {
            let middle = (low + high) / 2
            if intervals[middle].lies(below: edge) { low = middle + 1 } else { high = middle }
        }
        return low - intervals.startIndex
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
enum ValueSet: Hashable {
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
        case (.cases(let a), .cases(let b)): .cases(a.count <= b.count ? a.filter(b.contains) : b.filter(a.contains))
        default: self
        }
    }

    func subtracting(_ other: ValueSet) -> ValueSet {
        var result = self
        result.subtract(other)
        return result
    }

    func union(_ other: ValueSet) -> ValueSet {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): .numbers(a.union(b))
        case (.cases(let a), .cases(let b)): .cases(a.union(b))
        default: self
        }
    }

    /// Removes what `other` holds, in place when this set is the only copy: narrowing along a
    /// long run of conditions then costs what each condition touches, not the whole set.
    mutating func subtract(_ other: ValueSet) {
        switch other {
        case .numbers(let b):
            guard case .numbers(var a) = self else { return }
            self = .cases([])  // let go of this copy, so that `a` is the only one and changes in place
            a.subtract(b)
            self = .numbers(a)
        case .cases(let b):
            guard case .cases(var a) = self else { return }
            self = .cases([])
            a.subtract(b)
            self = .cases(a)
        }
    }

    /// Keeps only what `other` holds, in place when this set is the only copy.
    mutating func formIntersection(_ other: ValueSet) {
        switch other {
        case .numbers(let b):
            guard case .numbers(var a) = self else { return }
            self = .cases([])
            a.formIntersection(b)
            self = .numbers(a)
        case .cases:
            self = intersection(other)
        }
    }

    func intersects(_ other: ValueSet) -> Bool {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): a.intersects(b)
        case (.cases(let a), .cases(let b)): a.count <= b.count ? a.contains(where: b.contains) : b.contains(where: a.contains)
        default: !isEmpty
        }
    }

    func isSubset(of other: ValueSet) -> Bool {
        switch (self, other) {
        case (.numbers(let a), .numbers(let b)): a.isSubset(of: b)
        case (.cases(let a), .cases(let b)): a.isSubset(of: b)
        default: isEmpty
        }
    }

    /// How a message names the set, in the words of a bracket: `from 3 days up to 10 days`,
    /// `below 80%`, `中级工, 高级工`; in Chinese with the keywords' twins, `自 3 天 不超过 10 天`,
    /// `低于 80%`, `中级工、高级工`. A long case name is abbreviated, as messages quote names.
    func phrase(as type: ValueType, program: Program?) -> Phrase {
        Phrase(description(as: type, program: program, in: .en), description(as: type, program: program, in: .zh))
    }

    private func description(as type: ValueType, program: Program?, in language: Language) -> String {
        let formatter = ValueFormatter(program: program, language: language)
        func say(_ english: String, _ chinese: String) -> String { Phrase(english, chinese).text(in: language) }
        let (from, above, upTo, below) = (say("from", "自"), say("above", "超过"), say("up to", "不超过"), say("below", "低于"))
        switch self {
        case .cases(let set):
            return set.sorted().map { formatter.format(ExactDecimal($0), as: type).abbreviated(in: language) }
                .joined(separator: say(", ", "、"))
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
                case (nil, nil): return say("any value", "任意值")
                }
            }.joined(separator: say(" or ", " 或 "))
        }
    }
}
