// The ledger: what earlier claims have used of each limit a policy declares (at most 3 trainings
// per person per year, one certificate subsidy per person per level, a platform's 3,000,000 yuan
// a year). A batch keeps one ledger in memory; `--ledger FILE` carries it from one batch to the
// next, written atomically so a run killed half way leaves the previous file intact. Keys are
// bytes (a limit's key parts joined by U+001F), so the batch's hot path makes no String.

import Foundation

public final class Ledger: @unchecked Sendable {
    /// What a key of a limit has used so far.
    public struct Usage: Sendable, Equatable {
        public var claims: Int
        public var amount: ExactDecimal
        /// The ids of the last few claims that used it.
        public var ids: [String]
    }

    typealias Table = LedgerTable

    /// Tables by limit identity (`POLICY/LIMIT`).
    private var tables: [String: Table] = [:]
    /// Each compiled program's tables, by limit index.
    var resolved: [ObjectIdentifier: [Table]] = [:]

    static let separator: UInt8 = 0x1F

    public init() {}

    public var isEmpty: Bool { tables.values.allSatisfy { $0.count == 0 } }

    func table(for identity: String) -> Table {
        if let table = tables[identity] { return table }
        let table = Table()
        tables[identity] = table
        return table
    }

    /// The usage of a limit by a key whose parts are joined by U+001F: for tests and tools.
    public func usage(of limit: String, key: String) -> Usage? {
        guard let table = tables[limit] else { return nil }
        var bytes = Array(key.utf8)
        guard let entry = bytes.withUnsafeMutableBufferPointer({ table.existingEntry(for: UnsafeBufferPointer($0)) }) else {
            return nil
        }
        return Usage(claims: table.claims(entry), amount: table.amount(entry), ids: table.ids(entry))
    }

    /// Records one claim's use of a limit by a key given as text: for tools and tests. A batch
    /// records through `commit`.
    public func record(_ limit: String, key: String, amount: ExactDecimal, id: String) throws(ArithmeticError) {
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

    // MARK: The ledger file

    /// One JSON object a line, sorted by limit and key, so the same ledger is the same bytes:
    /// `{"limit":"陵川县2020/每人每年培训次数","key":["…","2021"],"claims":2,"amount":"4500","ids":["…"]}`.
    public func serialized() -> [UInt8] {
        var out = ""
        for identity in tables.keys.sorted() {
            let table = tables[identity]!
            let keyed = table.occupied
                .filter { table.claims($0) > 0 }
                .map { (key: table.key($0), entry: $0) }
                .sorted { $0.key < $1.key }
            for (key, entry) in keyed {
                let parts = key.split(separator: Character(Unicode.Scalar(Self.separator)), omittingEmptySubsequences: false)
                out += JSONWriter.write(
                    .object([
                        JSONMember(key: "limit", value: .string(identity)),
                        JSONMember(key: "key", value: .array(parts.map { .string(String($0)) })),
                        JSONMember(key: "claims", value: .number(String(table.claims(entry)))),
                        JSONMember(key: "amount", value: .string(table.amount(entry).description)),
                        JSONMember(key: "ids", value: .array(table.ids(entry).map(JSONValue.string))),
                    ]))
                out += "\n"
            }
        }
        return Array(out.utf8)
    }

    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads a ledger file. A missing file is an error here: only `policy run`, which writes the
    /// ledger, may start a new one, and it says so.
    public static func load(from path: String) -> Result<Ledger, FileError> {
        let ledger = Ledger()
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(FileError(message: "there is no ledger at \(path)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(FileError(message: "cannot read the ledger \(path)"))
        }
        var line = 0
        for text in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            line += 1
            if text.isEmpty { continue }
            func broken(_ why: String) -> Result<Ledger, FileError> {
                .failure(FileError(message: "the ledger \(path) is damaged at line \(line): \(why)"))
            }
            let value: JSONValue
            do { value = try JSONParser.parse(Array(text)) } catch { return broken("\(error)") }
            guard case .string(let limit)? = value["limit"], case .array(let parts)? = value["key"],
                case .number(let claimsText)? = value["claims"], let claims = Int(claimsText), claims >= 0,
                case .string(let amountText)? = value["amount"], let amount = try? ExactDecimal(parsing: amountText),
                case .array(let idValues)? = value["ids"]
            else { return broken("expected limit, key, claims, amount and ids") }
            let key = parts.compactMap { if case .string(let part) = $0 { part } else { nil } }
            let ids = idValues.compactMap { if case .string(let id) = $0 { id } else { nil } }
            guard key.count == parts.count, ids.count == idValues.count else { return broken("keys and ids are text") }
            let table = ledger.table(for: limit)
            var bytes = Array(key.joined(separator: String(Unicode.Scalar(separator))).utf8)
            let duplicate = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
                let key = UnsafeBufferPointer(buffer)
                guard table.existingEntry(for: key) == nil else { return true }
                table.set(table.entry(for: key), claims: claims, amount: amount, ids: ids)
                return false
            }
            if duplicate { return broken("the key \(key) of \(limit) appears twice") }
        }
        return .success(ledger)
    }

    /// Writes the ledger to a temporary file beside `path`, flushes it to disk, then renames it
    /// over `path`: a reader sees the old ledger or the new one, never half of one.
    public func save(to path: String) -> Result<Void, FileError> {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        let bytes = serialized()
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return .failure(FileError(message: "cannot write the ledger beside \(path)")) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result <= 0 { return false }
                written += result
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary.path, path) == 0 else {
            unlink(temporary.path)
            return .failure(FileError(message: "cannot write the ledger \(path)"))
        }
        return .success(())
    }
}
