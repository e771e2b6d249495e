// "Did you mean": the name closest to a misspelt one, by edit distance over characters (a Chinese
// name's characters count one each). Every stage that reports an unknown name (the checker, the
// claim decoder, the quota report) suggests through here.

/// The candidate closest to a misspelt name, if any is close enough to be a likely typo: within
/// a third of the shorter name's characters (at least one). Of equally close ones, the first in
/// Unicode order.
package func closest(to name: String, among candidates: [String]) -> String? {
    let target = Array(name)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let other = Array(candidate)
        // Farther than the allowance, or than the best so far, is of no use: the edit distance
        // is at least the difference in length, and the rows of its table only grow past it.
        let limit = min(max(1, min(target.count, other.count) / 3), best?.distance ?? .max)
        guard abs(target.count - other.count) <= limit, let distance = editDistance(target, other, atMost: limit) else {
            continue
        }
        if let known = best, distance == known.distance, known.name <= candidate { continue }
        best = (candidate, distance)
    }
    return best?.name
}

/// The edit distance of `a` and `b` (insertions, deletions and substitutions of a character),
/// or nil when it is more than `limit`.
func editDistance(_ a: [Character], _ b: [Character], atMost limit: Int) -> Int? {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var smallest = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            smallest = min(smallest, current[j])
        }
        // Every way on passes through this row, and no step makes a distance smaller.
        if smallest > limit { return nil }
        swap(&previous, &current)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
}
