// Which bracket of a schedule first holds which quantities, for the schedule checks of
// `Reachability.swift`: whether earlier brackets already hold all of a bracket, the earliest one
// that shares some of it, and what no bracket holds. The brackets' edges are sorted once and cut
// the line into cells, so each bracket is a run of cells found by binary search; a cell is marked
// with the first bracket that holds it. A schedule of n brackets is checked in n log n steps,
// where comparing each bracket with every earlier one took n².

struct BracketCoverage {
    /// The finite edges of every bracket and of the domain, sorted, each once. Cell 2k+1 is the
    /// point values[k]; cell 2k holds the values strictly between values[k-1] and values[k], cell
    /// 0 those below values[0] and cell 2K those above the last. Every set of the schedule is a
    /// union of runs of cells, and no cell is empty.
    private let values: [ExactDecimal]
    private let domain: NumberSet
    /// For each cell, the first bracket that holds it: the minimum of a run of cells is the
    /// earliest bracket holding any of them.
    private var firstHolders: MinimumTree
    /// Leads past held cells to the next cell no bracket holds yet (a union-find), so each cell
    /// is marked once however many brackets hold it.
    private var nextFree: [Int]

    init(_ brackets: [NumberSet], within domain: NumberSet) {
        var edges: [ExactDecimal] = []
        for interval in (brackets + [domain]).flatMap(\.intervals) {
            if let lower = interval.lower { edges.append(lower.value) }
            if let upper = interval.upper { edges.append(upper.value) }
        }
        edges.sort()
        var values: [ExactDecimal] = []
        for value in edges where values.last != value { values.append(value) }
        self.values = values
        self.domain = domain
        let cells = 2 * values.count + 1
        firstHolders = MinimumTree(count: cells)
        nextFree = Array(0...cells)
    }

    /// Whether earlier brackets hold every value of `set`.
    mutating func holdsAll(of set: NumberSet) -> Bool {
        cells(of: set).allSatisfy { free(from: $0.lowerBound) > $0.upperBound }
    }

    /// The earliest bracket that holds a value of `set`.
    func firstHolder(of set: NumberSet) -> Int? {
        let first = cells(of: set).map { firstHolders.minimum(in: $0) }.min() ?? Int.max
        return first == Int.max ? nil : first
    }

    /// Marks the values of `set` that no earlier bracket holds as held by `bracket`.
    mutating func cover(_ set: NumberSet, by bracket: Int) {
        for run in cells(of: set) {
            var cell = free(from: run.lowerBound)
            while cell <= run.upperBound {
                firstHolders.set(cell, to: bracket)
                nextFree[cell] = cell + 1
                cell = free(from: cell + 1)
            }
        }
    }

    /// The values of the domain that no bracket holds.
    mutating func uncovered() -> NumberSet {
        var gaps: [NumberSet.Interval] = []
        for run in cells(of: domain) {
            var start = free(from: run.lowerBound)
            while start <= run.upperBound {
                var end = start
                while end < run.upperBound, free(from: end + 1) == end + 1 { end += 1 }
                gaps.append(interval(start...end))
                start = free(from: end + 1)
            }
        }
        return NumberSet(gaps)
    }

    // MARK: Cells

    /// The first cell at or after `cell` that no bracket holds (halving the paths it follows).
    private mutating func free(from cell: Int) -> Int {
        var cell = cell
        while nextFree[cell] != cell {
            nextFree[cell] = nextFree[nextFree[cell]]
            cell = nextFree[cell]
        }
        return cell
    }

    /// The runs of cells a set covers, one for each of its intervals.
    private func cells(of set: NumberSet) -> [ClosedRange<Int>] {
        set.intervals.compactMap { interval in
            let first = interval.lower.map { 2 * index(of: $0.value) + ($0.inclusive ? 1 : 2) } ?? 0
            let last = interval.upper.map { 2 * index(of: $0.value) + ($0.inclusive ? 1 : 0) } ?? 2 * values.count
            return first <= last ? first...last : nil
        }
    }

    /// The interval a run of cells covers.
    private func interval(_ cells: ClosedRange<Int>) -> NumberSet.Interval {
        let (first, last) = (cells.lowerBound, cells.upperBound)
        let lower: NumberSet.Edge? =
            first == 0 ? nil : .init(value: values[(first - 1) / 2], inclusive: first % 2 == 1)
        let upper: NumberSet.Edge? =
            last == 2 * values.count ? nil : .init(value: values[last / 2], inclusive: last % 2 == 1)
        return .init(lower: lower, upper: upper)
    }

    /// Where an edge's value is among the sorted values (it is always there).
    private func index(of value: ExactDecimal) -> Int {
        var (low, high) = (0, values.count)
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The minimum over any run of slots of an array, kept as slots change: a segment tree, each
/// change and each question in log n steps. Slots start at Int.max.
struct MinimumTree {
    private var nodes: [Int]
    private let count: Int

    init(count: Int) {
        self.count = count
        nodes = Array(repeating: Int.max, count: 2 * count)
    }

    mutating func set(_ slot: Int, to value: Int) {
        var node = slot + count
        nodes[node] = value
        while node > 1 {
            node /= 2
            nodes[node] = min(nodes[2 * node], nodes[2 * node + 1])
        }
    }

    func minimum(in slots: ClosedRange<Int>) -> Int {
        var (low, high) = (slots.lowerBound + count, slots.upperBound + count + 1)
        var result = Int.max
        while low < high {
            if low % 2 == 1 {
                result = min(result, nodes[low])
                low += 1
            }
            if high % 2 == 1 {
                high -= 1
                result = min(result, nodes[high])
            }
            low /= 2
            high /= 2
        }
        return result
    }
}
