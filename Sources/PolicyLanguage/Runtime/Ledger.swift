// The ledger: what earlier claims have used of each limit a policy declares (at most 3 trainings
// per person per year, one certificate subsidy per person per level, a platform's 3,000,000 yuan
// a year). A batch keeps one ledger in memory; `--ledger FILE` carries it from one batch to the
// next, written atomically so a run killed half way leaves the previous file intact. Keys are
// bytes (a limit's key parts joined by U+001F), so the batch's hot path makes no String. A ledger
// belongs to one command at a time (the file's lock sees to that across processes) and is changed
// without a lock, so it is not `Sendable`: the compiler keeps it on the task that owns it.

import Foundation

package final class Ledger {
    /// What a key of a limit has used so far.
    package struct Usage: Sendable, Equatable {
        package var claims: Int
        package var amount: ExactDecimal
        /// The ids of the last few claims that used it.
        package var ids: [String]
    }

    typealias Table = LedgerTable

    /// Tables by limit identity (`POLICY/LIMIT`).
    private(set) var tables: [String: Table] = [:]
    /// Each compiled program's tables, by limit index.
    var resolved: [ObjectIdentifier: [Table]] = [:]

    static let separator = Limit.keySeparator

    package init() {}

    package var isEmpty: Bool { tables.values.allSatisfy { $0.count == 0 } }

    /// How many keys the ledger holds, in how many bytes: what a batch's memory grows with.
    package var footprint: (keys: Int, bytes: Int) {
        tables.values.reduce((0, 0)) { ($0.0 + $1.count, $0.1 + $1.byteCount) }
    }

    /// The limits the ledger holds keys of that none of `declared` (limit identities) names, with
    /// how many keys each: a policy renamed or removed since. Their keys are kept on save.
    package func limits(notIn declared: Set<String>) -> [(limit: String, keys: Int)] {
        tables.filter { !declared.contains($0.key) && $0.value.count > 0 }.map { ($0.key, $0.value.count) }
            .sorted { $0.limit < $1.limit }
    }

    /// Puts `table` in the place of a limit's table (keys rewritten on load).
    func replace(_ identity: String, with table: Table) {
        tables[identity] = table
        resolved.removeAll()
    }

    func table(for identity: String) -> Table {
        if let table = tables[identity] { return table }
        let table = Table()
        tables[identity] = table
        return table
    }

    /// The usage of a limit by a key whose parts are joined by U+001F: for tests and tools.
    package func usage(of limit: String, key: String) -> Usage? {
        guard let table = tables[limit] else { return nil }
        var bytes = Array(key.utf8)
        guard let entry = bytes.withUnsafeMutableBufferPointer({ table.existingEntry(for: UnsafeBufferPointer($0)) }) else {
            return nil
        }
        return Usage(claims: table.claims(entry), amount: table.amount(entry), ids: table.ids(entry))
    }

    /// Records one claim's use of a limit by a key given as text: for tools and tests. A batch
    /// records through `commit`.
    package func record(_ limit: String, key: String, amount: ExactDecimal, id: String) throws(ArithmeticError) {
        let table = table(for: limit)
        var bytes = Array(key.utf8)
        let entry = bytes.withUnsafeMutableBufferPointer { table.entry(for: UnsafeBufferPointer($0)) }
        var idBytes = Array(id.utf8)
        try idBytes.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<UInt8>) throws(ArithmeticError) in
            try table.record(entry, amount: amount, id: UnsafeBufferPointer(buffer))
        }
    }

    /// Writes the usages a granted claim's limits left pending in its frame.
    func commit(_ frame: Frame, amount: ExactDecimal, id: UnsafeBufferPointer<UInt8>) throws(ArithmeticError) {
        for pending in frame.pendingUsages {
            try pending.table.record(pending.entry, amount: amount, id: id)
        }
        frame.pendingUsages.removeAll(keepingCapacity: true)
    }

    func commit(_ frame: Frame, amount: ExactDecimal, id: String) throws(ArithmeticError) {
        var bytes = Array(id.utf8)
        try bytes.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<UInt8>) throws(ArithmeticError) in
            try commit(frame, amount: amount, id: UnsafeBufferPointer(buffer))
        }
    }
}
