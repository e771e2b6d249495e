// The ledger: what earlier claims have used of each limit a policy declares (at most 3 trainings
// per person per year, one certificate subsidy per person per level, a platform's 3,000,000 yuan
// a year). A batch keeps one ledger in memory; `--ledger FILE` carries it from one batch to the
// next, written atomically so a run killed half way leaves the previous file intact.

import Foundation

public final class Ledger: @unchecked Sendable {
    /// What a key of a limit has used so far.
    public struct Usage: Sendable, Equatable {
        public var claims: Int
        public var amount: ExactDecimal
        /// The ids of the claims that used it: every one for a limit on claims, the latest few
        /// for a limit on an amount.
        public var ids: [String]
    }

    /// Usage by limit identity and key, the key's parts joined by U+001F.
    public private(set) var usage: [String: [String: Usage]] = [:]

    /// How many ids an amount limit remembers: enough to say who used it.
    static let rememberedIDs = 5

    public init() {}

    public var isEmpty: Bool { usage.isEmpty }

    func usage(of limit: String, key: String) -> Usage? { usage[limit]?[key] }

    func record(_ limit: String, key: String, amount: ExactDecimal, id: String, keepsAllIDs: Bool) throws(ArithmeticError) {
        var entry = usage[limit]?[key] ?? Usage(claims: 0, amount: .zero, ids: [])
        entry.claims += 1
        entry.amount = try ExactDecimal.adding(entry.amount, amount)
        entry.ids.append(id)
        if !keepsAllIDs, entry.ids.count > Self.rememberedIDs { entry.ids.removeFirst(entry.ids.count - Self.rememberedIDs) }
        usage[limit, default: [:]][key] = entry
    }

    // MARK: The ledger file

    /// One JSON object a line, sorted by limit and key, so the same ledger is the same bytes:
    /// `{"limit":"陵川县2020/每人每年培训次数","key":["…","2021"],"claims":2,"amount":"4500","ids":["…"]}`.
    public func serialized() -> [UInt8] {
        var out = ""
        for limit in usage.keys.sorted() {
            for key in usage[limit]!.keys.sorted() {
                let entry = usage[limit]![key]!
                let parts = key.split(separator: Self.separator, omittingEmptySubsequences: false).map {
                    JSONValue.string(String($0))
                }
                out += JSONWriter.write(
                    .object([
                        JSONMember(key: "limit", value: .string(limit)),
                        JSONMember(key: "key", value: .array(parts)),
                        JSONMember(key: "claims", value: .number(String(entry.claims))),
                        JSONMember(key: "amount", value: .string(entry.amount.description)),
                        JSONMember(key: "ids", value: .array(entry.ids.map(JSONValue.string))),
                    ]))
                out += "\n"
            }
        }
        return Array(out.utf8)
    }

    static let separator: Character = "\u{1F}"

    public struct FileError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads a ledger file; a missing file is an empty ledger (the first batch of a year).
    public static func load(from path: String) -> Result<Ledger, FileError> {
        let ledger = Ledger()
        guard FileManager.default.fileExists(atPath: path) else { return .success(ledger) }
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
                case .number(let claimsText)? = value["claims"], let claims = Int(claimsText),
                case .string(let amountText)? = value["amount"], let amount = try? ExactDecimal(parsing: amountText),
                case .array(let idValues)? = value["ids"]
            else { return broken("expected limit, key, claims, amount and ids") }
            let key = parts.compactMap { if case .string(let part) = $0 { part } else { nil } }
            let ids = idValues.compactMap { if case .string(let id) = $0 { id } else { nil } }
            guard key.count == parts.count, ids.count == idValues.count else { return broken("keys and ids are text") }
            ledger.usage[limit, default: [:]][key.joined(separator: String(separator))] = Usage(
                claims: claims, amount: amount, ids: ids)
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
