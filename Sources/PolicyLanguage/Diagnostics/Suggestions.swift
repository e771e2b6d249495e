// "Did you mean": the name closest to a misspelt one, by edit distance over characters (a Chinese
// name's characters count one each). Every stage that reports an unknown name (the checker, the
// claim decoder, the quota report) suggests through here.

/// The candidate closest to a misspelt name, if any is close enough to be a likely typo.
package func closest(to name: String, among candidates: [String]) -> String? {
    let target = Array(name)
    var best: (String, Int)?
    for candidate in Set(candidates) where candidate != name {
        let distance = editDistance(target, Array(candidate))
        let allowed = max(1, min(target.count, candidate.count) / 3)
        if distance <= allowed, best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
            best = (candidate, distance)
        }
    }
    return best?.0
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
