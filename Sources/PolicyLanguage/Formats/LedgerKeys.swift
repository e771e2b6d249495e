// A ledger written before its keys were read the way claims are read now: an identity number
// padded, in full-width digits or with a lower-case x, a trade with a full-width letter. Each such
// key would be a person of its own, and that person's earlier trainings would not count. Loading a
// ledger under the policies rewrites its keys in the form claims now give them, merging keys that
// turn out to be one, so a year's limits hold across the change.

extension Ledger {
    /// What rewriting one limit's keys did.
    package struct KeyRewrite: Sendable, Equatable {
        package let limit: String
        /// Keys now written in the canonical form.
        package let rewritten: Int
        /// Of those, how many joined a key already there.
        package let merged: Int
        /// Keys with an identity number no claim can give (a wrong check character): kept as
        /// they are, and no claim will use them.
        package let unreadable: Int
    }

    /// Rewrites the keys of `limits` (the policies' declarations) in the canonical form claims
    /// now give: identity numbers as 18 characters with an upper-case X, text trimmed and
    /// full-width folded. Keys already in that form, nearly all of them, are checked in place.
    package func canonicalizeKeys(of limits: [Limit]) -> [KeyRewrite] {
        var rewrites: [KeyRewrite] = []
        var done: Set<String> = []
        for limit in limits where done.insert(limit.identity).inserted {
            let kinds = limit.keys.map(\.type)
            guard kinds.contains(where: { $0 == .text || $0 == .identity }), let table = tables[limit.identity] else { continue }
            var changes: [(entry: Int, key: [UInt8])] = []
            var unreadable = 0
            for entry in table.occupied {
                let key = table.keyBytes(entry)
                switch Self.canonical(key, kinds: kinds) {
                case .same: break
                case .unreadable: unreadable += 1
                case .rewritten(let canonical): changes.append((entry, canonical))
                }
            }
            guard !changes.isEmpty || unreadable > 0 else { continue }
            var merged = 0
            if !changes.isEmpty {
                let rewritten = Dictionary(changes.map { ($0.entry, $0.key) }, uniquingKeysWith: { first, _ in first })
                let replacement = Table()
                // In the order of the old keys, so that the ids of keys now joined are listed
                // the same way whatever the table's size.
                for entry in table.entriesByKey(usedOnly: false) {
                    let before = replacement.count
                    let target: Int
                    if let key = rewritten[entry] {
                        target = key.withUnsafeBufferPointer { replacement.entry(for: $0) }
                    } else {
                        target = replacement.entry(for: table.keyBytes(entry))
                    }
                    let joined = replacement.count == before
                    if joined { merged += 1 }
                    let claims = (joined ? replacement.claims(target) : 0) + table.claims(entry)
                    let amount =
                        joined
                        ? ((try? ExactDecimal.adding(replacement.amount(target), table.amount(entry))) ?? table.amount(entry))
                        : table.amount(entry)
                    var ids: [[UInt8]] = []
                    if joined { replacement.forEachID(of: target) { ids.append(Array($0)) } }
                    table.forEachID(of: entry) { ids.append(Array($0)) }
                    replacement.set(target, claims: claims, amount: amount)
                    for id in ids { id.withUnsafeBufferPointer { replacement.remember($0, in: target) } }
                }
                replace(limit.identity, with: replacement)
            }
            rewrites.append(KeyRewrite(limit: limit.identity, rewritten: changes.count, merged: merged, unreadable: unreadable))
        }
        return rewrites
    }

    private enum CanonicalKey {
        case same
        case rewritten([UInt8])
        case unreadable
    }

    /// A key in the form claims give it now, part by part.
    private static func canonical(_ key: UnsafeBufferPointer<UInt8>, kinds: [ValueType]) -> CanonicalKey {
        if isCanonical(key, kinds: kinds) { return .same }
        let parts = key.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == kinds.count else { return .same }
        var rewritten: [UInt8] = []
        for (index, (part, kind)) in zip(parts, kinds).enumerated() {
            if index > 0 { rewritten.append(separator) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: part), as: UTF8.self)
            switch kind {
            case .identity:
                do throws(IdentityNumber.Problem) {
                    rewritten += Array(try IdentityNumber(reading: text).description.utf8)
                } catch {
                    return .unreadable
                }
            case .text: rewritten += Array(FactText.fold(text).utf8)
            default: rewritten += Array(part)
            }
        }
        return rewritten.elementsEqual(key) ? .same : .rewritten(rewritten)
    }

    /// Whether every part of a key is already as a claim gives it, checked in place: what nearly
    /// every key of a ledger is, so loading one costs a pass over its bytes and nothing more.
    private static func isCanonical(_ key: UnsafeBufferPointer<UInt8>, kinds: [ValueType]) -> Bool {
        var start = 0
        for (index, kind) in kinds.enumerated() {
            var end = start
            while end < key.count, key[end] != separator { end += 1 }
            guard (end == key.count) == (index == kinds.count - 1) else { return true }  // another shape: left alone
            let part = UnsafeBufferPointer(rebasing: key[start..<end])
            switch kind {
            case .identity:
                if IdentityNumber.canonical(part) == nil || part.last == UInt8(ascii: "x") { return false }
            case .text:
                if !FactText.isFolded(part) { return false }
            default: break
            }
            start = end + 1
        }
        return true
    }
}
