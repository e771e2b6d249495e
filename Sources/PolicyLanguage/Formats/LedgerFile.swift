// The ledger file: one JSON object a line, sorted by limit and by key, so the same ledger is the
// same bytes and two ledgers diff line by line:
//
//   {"limit":"陵川县2020/每人每年补贴性培训次数","key":["…","2021"],"claims":2,"amount":"4500","ids":["…"]}
//
// A province's year is millions of keys, so both ways stream: lines are written from the tables
// through the batch's output buffer and read through its input buffer. Reading takes the lines
// this file writes on a fast path, and any other valid JSON of the same shape (a line edited by
// hand) through the general parser.

import Foundation

extension Ledger {
    package typealias FileError = PolicyLanguage.FileError

    /// The whole file, for tests and tools; `save` streams it instead.
    package func serialized() -> [UInt8] {
        var bytes: [UInt8] = []
        withoutActuallyEscaping({
            bytes.append(contentsOf: $0)
            return true
        }) { writeLines($0) }
        return bytes
    }

    /// Replaces the file at `path` with the ledger, whole (`ReplacementFile`): written beside
    /// it, flushed to disk and renamed over it, so a reader sees the old ledger or the new one. A
    /// new ledger is readable by its owner alone: it holds identity numbers.
    package func save(to path: String) -> Result<Void, FileError> {
        do throws(FileError) {
            let file = try ReplacementFile(replacing: path, newFileMode: 0o600)
            var failure: FileError?
            withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) -> Bool in
                do throws(FileError) {
                    try file.write(chunk)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }) { writeLines($0) }
            if let failure {
                file.abandon()
                throw failure
            }
            try file.commit()
            return .success(())
        } catch {
            return .failure(
                FileError(
                    message: Phrase(
                        "the ledger \(path) is not saved: \(error.message.english)", "台账\(path)未保存：\(error.message.chinese)"),
                    code: error.code))
        }
    }

    /// What is wrong with `path` as a ledger, before any claim is decided: it must be a regular
    /// file (links followed) that can be read, and, for a run that saves it, in a directory that
    /// can be written. A ledger that does not exist yet is fine for a run, and an error otherwise.
    package static func problem(with path: String, forWriting: Bool) -> FileError? {
        let target: String
        do throws(FileError) { target = try ReplacementFile.resolvingLinks(path) } catch { return error }
        var status = stat()
        if stat(target, &status) != 0 {
            let code = errno
            guard code == ENOENT, forWriting else {
                return code == ENOENT
                    ? FileError(message: Phrase("there is no ledger at \(path)", "台账\(path)不存在"), code: code)
                    : FileError(Phrase("cannot read the ledger \(path)", "无法读取台账\(path)"), code: code)
            }
        } else {
            guard status.st_mode & S_IFMT == S_IFREG else {
                return FileError(
                    message: Phrase(
                        "the ledger \(path) is not a regular file (\(kind(of: status.st_mode).english))",
                        "台账\(path)不是普通文件（\(kind(of: status.st_mode).chinese)）"))
            }
            guard access(target, R_OK) == 0 else {
                return FileError(Phrase("cannot read the ledger \(path)", "无法读取台账\(path)"), code: errno)
            }
        }
        guard forWriting else { return nil }
        let directory = ReplacementFile.directory(of: target)
        var directoryStatus = stat()
        guard stat(directory, &directoryStatus) == 0, directoryStatus.st_mode & S_IFMT == S_IFDIR else {
            return FileError(
                message: Phrase(
                    "cannot write the ledger \(path): there is no directory \(directory)",
                    "无法写入台账\(path)：目录\(directory)不存在"), code: ENOENT)
        }
        guard access(directory, W_OK | X_OK) == 0 else {
            return FileError(
                Phrase("cannot write the ledger \(path) in \(directory)", "无法在\(directory)中写入台账\(path)"), code: errno)
        }
        return nil
    }

    /// What a file that is not a regular file is, in words.
    static func kind(of mode: mode_t) -> Phrase {
        switch mode & S_IFMT {
        case S_IFDIR: Phrase("a directory", "目录")
        case S_IFCHR: Phrase("a character device", "字符设备")
        case S_IFBLK: Phrase("a block device", "块设备")
        case S_IFIFO: Phrase("a pipe", "管道")
        case S_IFSOCK: Phrase("a socket", "套接字")
        default: Phrase("not a regular file", "非普通文件")
        }
    }

    /// Calls `emit` with the file's bytes, a megabyte or so at a time, until it returns false.
    private func writeLines(_ emit: @escaping (UnsafeRawBufferPointer) -> Bool) {
        var out = OutputBuffer(flush: emit)
        for identity in tables.keys.sorted() where !out.failed {
            let table = tables[identity]!
            let limit = Array(identity.utf8)
            for entry in table.entriesByKey(usedOnly: true) {
                out.append(#"{"limit":"#)
                out.appendJSONString(limit)
                out.append(#","key":["#)
                let key = table.keyBytes(entry)
                var partStart = 0
                for index in 0...key.count where index == key.count || key[index] == Self.separator {
                    if partStart > 0 { out.append(UInt8(ascii: ",")) }
                    out.appendJSONString(UnsafeBufferPointer(rebasing: key[partStart..<index]))
                    partStart = index + 1
                }
                out.append(#"],"claims":"#)
                out.append(table.claims(entry))
                out.append(#","amount":""#)
                out.append(table.amount(entry))
                out.append(#"","ids":["#)
                var first = true
                table.forEachID(of: entry) { id in
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.appendJSONString(id)
                }
                out.append("]}\n")
                out.endResult()
            }
        }
        out.flushAll()
    }

    /// Reads a ledger file. A missing file is an error here: only `policy run`, which writes the
    /// ledger, may start a new one, and it says so.
    package static func load(from path: String) -> Result<Ledger, FileError> {
        if let problem = problem(with: path, forWriting: false) { return .failure(problem) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let missing = errno == ENOENT
            return .failure(
                FileError(
                    message: missing
                        ? Phrase("there is no ledger at \(path)", "台账\(path)不存在")
                        : Phrase("cannot read the ledger \(path)", "无法读取台账\(path)")))
        }
        defer { close(descriptor) }
        var reader = LedgerReader(ledger: Ledger())
        var source = FileDescriptorSource(descriptor: descriptor)
        // A ledger's line is a key and a few ids: one far longer than any claim is damage.
        var input = InputBuffer(limits: InputLimits(maximumRecordBytes: 4 * InputLimits.defaultMaximumRecordBytes))
        while let next = input.nextLine(&source) {
            let (line, bytes) = (next.line, next.bytes)
            let problem =
                next.overlong.map {
                    Phrase("the line is \($0) bytes long", "该行长达 \($0) 字节")
                } ?? reader.read(bytes)
            if let problem {
                return .failure(
                    FileError(
                        message: Phrase(
                            "the ledger \(path) is damaged at line \(line): \(problem.english)",
                            "台账\(path)第\(line)行已损坏：\(problem.chinese)")))
            }
        }
        return .success(reader.ledger)
    }
}

/// Reads the ledger file's lines into a ledger, one at a time.
private struct LedgerReader {
    let ledger: Ledger
    /// The table of the line before, which is most often this line's too.
    private var lastLimit: [UInt8] = []
    private var lastTable: Ledger.Table?
    private let key = ByteBuffer()
    private let ids = ByteBuffer()
    private var idEnds: [Int] = []

    init(ledger: Ledger) { self.ledger = ledger }

    /// Reads one line into the ledger; the problem with it, if any.
    mutating func read(_ line: UnsafeBufferPointer<UInt8>) -> Phrase? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        guard line.isValidUTF8 else { return Phrase("the line is not UTF-8 text", "该行不是 UTF-8 文本") }
        key.removeAll()
        ids.removeAll()
        idEnds.removeAll(keepingCapacity: true)
        guard let (limit, claims, amount) = readAsWritten(line) else { return readAsJSON(line) }
        return store(limit: limit, claims: claims, amount: amount)
    }

    /// The line as `save` writes it; nil for anything else, which the general parser then reads.
    private mutating func readAsWritten(_ line: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, Int, ExactDecimal)? {
        var scanner = Scanner(bytes: line)
        guard scanner.take(#"{"limit":"#), let limit = scanner.plainString(), scanner.take(#","key":["#) else { return nil }
        var firstPart = true
        while !scanner.take("]") {
            guard firstPart || scanner.take(","), let part = scanner.plainString() else { return nil }
            if !firstPart { key.append(Ledger.separator) }
            key.append(part)
            firstPart = false
        }
        guard scanner.take(#","claims":"#), let claims = scanner.digits(), scanner.take(#","amount":"#),
            let amountBytes = scanner.plainString(), let amount = try? ExactDecimal(parsing: amountBytes),
            scanner.take(#","ids":["#)
        else { return nil }
        while !scanner.take("]") {
            guard idEnds.isEmpty || scanner.take(","), let id = scanner.plainString() else { return nil }
            ids.append(id)
            idEnds.append(ids.count)
        }
        guard scanner.take("}"), scanner.atEnd else { return nil }
        return (limit, claims, amount)
    }

    /// Any JSON object with the members of a ledger line.
    private mutating func readAsJSON(_ line: UnsafeBufferPointer<UInt8>) -> Phrase? {
        let value: JSONValue
        do throws(JSONError) { value = try JSONParser.parse(Array(line)) } catch { return error.located }
        guard case .string(let limit)? = value["limit"], case .array(let parts)? = value["key"],
            case .number(let claimsText)? = value["claims"], let claims = Int(claimsText), claims >= 0,
            case .string(let amountText)? = value["amount"], let amount = try? ExactDecimal(parsing: amountText),
            case .array(let idValues)? = value["ids"]
        else { return Phrase("expected limit, key, claims, amount and ids", "应含有 limit、key、claims、amount 和 ids") }
        key.removeAll()
        ids.removeAll()
        idEnds.removeAll(keepingCapacity: true)
        for (index, part) in parts.enumerated() {
            guard case .string(let text) = part else { return Self.keysAreText }
            if index > 0 { key.append(Ledger.separator) }
            key.append(Array(text.utf8))
        }
        for id in idValues {
            guard case .string(let text) = id else { return Self.keysAreText }
            ids.append(Array(text.utf8))
            idEnds.append(ids.count)
        }
        let limitBytes = Array(limit.utf8)
        return limitBytes.withUnsafeBufferPointer { store(limit: $0, claims: claims, amount: amount) }
    }

    private static var keysAreText: Phrase { Phrase("keys and ids are text", "key 和 ids 应为文本") }

    private mutating func store(limit: UnsafeBufferPointer<UInt8>, claims: Int, amount: ExactDecimal) -> Phrase? {
        // A limit counts claims and adds up what they were granted: neither can be negative,
        // and a negative amount would hand the key its allowance again.
        guard amount >= .zero else {
            return Phrase("the amount \(amount) is negative", "金额\(amount)为负数")
        }
        if lastTable == nil || !lastLimit.withUnsafeBufferPointer({ limit.equals($0) }) {
            lastLimit = Array(limit)
            lastTable = ledger.table(for: String(decoding: limit, as: UTF8.self))
        }
        let table = lastTable!
        let before = table.count
        let entry = table.entry(for: key.bytes)
        guard table.count > before else {
            let parts = key.bytes.split(separator: Ledger.separator, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            let name = String(decoding: limit, as: UTF8.self)
            return Phrase("the key \(parts) of \(name) appears twice", "\(name)的键\(parts)出现了两次")
        }
        table.set(entry, claims: claims, amount: amount)
        var start = 0
        for end in idEnds {
            table.remember(UnsafeBufferPointer(rebasing: ids.bytes[start..<end]), in: entry)
            start = end
        }
        return nil
    }
}

/// Reads the fixed shape of a ledger line: literal bytes, strings without escapes, digits.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count, memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0 else {
            return false
        }
        offset += count
        return true
    }

    /// A string's bytes between its quotes; nil for a string with an escape or a control
    /// character, which the general parser reads.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
        let end = OutputBuffer.firstJSONEscape(in: bytes, from: offset + 1)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        defer { offset = end + 1 }
        return UnsafeBufferPointer(rebasing: bytes[offset + 1..<end])
    }

    mutating func digits() -> Int? {
        var value = 0
        let start = offset
        while offset < bytes.count, bytes[offset] >= UInt8(ascii: "0"), bytes[offset] <= UInt8(ascii: "9"), offset - start < 18 {
            value = value * 10 + Int(bytes[offset] - UInt8(ascii: "0"))
            offset += 1
        }
        return offset > start ? value : nil
    }
}
