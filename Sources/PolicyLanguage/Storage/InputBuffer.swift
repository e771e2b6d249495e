// A batch's input, read in chunks into one buffer and handed out a line at a time, the bytes
// pointing into the buffer, so reading a claim copies nothing. A line is valid until the next
// one is read. What the lines hold (CSV records, JSON claims) is the formats' business
// (`Formats/CSV.swift` splits CSV records on top of this buffer).
//
// A line ends at LF, CRLF or a lone CR, so a file saved with old Mac line ends loses nothing. A
// line longer than `InputLimits.maximumRecordBytes` is read past without being kept in memory.

/// One field's bytes: a range of the input buffer, or of the scratch space where a quoted field
/// was unescaped.
typealias FieldBytes = UnsafeBufferPointer<UInt8>

/// How much of the input one record may hold.
package struct InputLimits: Sendable {
    /// The longest record (a CSV record, a JSON line) that is read, in bytes.
    package var maximumRecordBytes: Int

    package static let defaultMaximumRecordBytes = 1 << 20

    package init(maximumRecordBytes: Int = InputLimits.defaultMaximumRecordBytes) {
        self.maximumRecordBytes = max(maximumRecordBytes, 1)
    }
}

/// One line of input: its number, its bytes without the line end, and whether it was longer
/// than the limit (its bytes are then empty: they were not kept).
struct InputLine {
    let line: Int
    let bytes: FieldBytes
    let overlong: Int?
}

struct InputBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    /// Whether the source has no more to give.
    private(set) var atEnd = false
    private var checkedForMark = false
    /// Whether the bytes are the buffer's own, or borrowed (`init(borrowing:…)`).
    private var ownsStorage = true
    /// The number of the line that starts at the first unread byte.
    private(set) var line = 1
    /// The longest record (line) that is kept, in bytes.
    let limit: Int
    /// Bytes read from the source so far.
    private(set) var bytesRead = 0
    /// How much a read asks for once the source has shown it has that much to give.
    private static let chunk = 1 << 20
    /// The buffer starts small and doubles, up to two chunks, while each read fills it: a small
    /// input never takes the memory of a large one, and a large one is soon read a chunk at a
    /// time.
    private static let initialCapacity = 1 << 14
    /// Whether the last read filled all the room it was given: the source may have more.
    private var filledRoom = false

    /// `firstLine` numbers the first line read, and `dropsByteOrderMark` says whether the source
    /// is the start of the input, where a byte-order mark is dropped: a part of a batch decided
    /// on another core is read from its own line on, and keeps what it holds.
    init(limits: InputLimits = InputLimits(), firstLine: Int = 1, dropsByteOrderMark: Bool = true) {
        limit = limits.maximumRecordBytes
        capacity = Self.initialCapacity
        storage = .allocate(capacity: capacity)
        line = firstLine
        checkedForMark = !dropsByteOrderMark
    }

    /// Reads `bytes`, all of the input there is, where they are: nothing is copied, and the
    /// caller keeps them alive while the buffer is read.
    init(borrowing bytes: UnsafeBufferPointer<UInt8>, limits: InputLimits, firstLine: Int, dropsByteOrderMark: Bool) {
        limit = limits.maximumRecordBytes
        // An empty input is given a byte of its own to point at.
        ownsStorage = bytes.baseAddress == nil
        storage = bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0) } ?? .allocate(capacity: 1)
        capacity = bytes.count
        end = bytes.count
        bytesRead = bytes.count
        atEnd = true
        line = firstLine
        checkedForMark = true
        if dropsByteOrderMark, end >= 3, storage[0] == 0xEF, storage[1] == 0xBB, storage[2] == 0xBF { start = 3 }
    }

    deinit { if ownsStorage { storage.deallocate() } }

    /// The bytes buffered and not yet handed out; they move when more are read.
    @inline(__always)
    var unread: UnsafePointer<UInt8> { UnsafePointer(storage + start) }

    /// How many bytes are buffered and not yet handed out.
    @inline(__always)
    var unreadCount: Int { end - start }

    /// Moves past `bytes` bytes that hold `lines` line ends.
    @inline(__always)
    mutating func consume(bytes: Int, lines: Int) {
        start += bytes
        line += lines
    }

    /// Reads more input after what is buffered; false at the end of the input. Buffered bytes
    /// move to the front, so positions are kept relative to `start`.
    mutating func fill(_ source: inout some ByteSource) -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            storage.update(from: storage + start, count: end - start)
            end -= start
            start = 0
        }
        // Room for half of what is buffered at least (a line longer than the buffer makes room
        // for itself), and more while the source fills what it is given.
        if capacity - end < min(capacity, Self.chunk) / 2 || (filledRoom && capacity < Self.chunk * 2) {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: end)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        let count = source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
        filledRoom = count == capacity - end
        if count == 0 {
            atEnd = true
            return false
        }
        end += count
        bytesRead += count
        // A byte-order mark, once the first three bytes are in, however few each read brought.
        if !checkedForMark, end - start >= 3 {
            checkedForMark = true
            let unread = bytesRead - (end - start) == 0
            if unread, storage[start] == 0xEF, storage[start + 1] == 0xBB, storage[start + 2] == 0xBF { start += 3 }
        }
        return true
    }

    // MARK: Lines

    /// Where a line break is: the end of the line's content and the start of what follows.
    enum LineEnd {
        case found(contentEnd: Int, next: Int)
        /// None before `resumeAt` (relative to `start`): read more and look again from there.
        case notYet(resumeAt: Int)
    }

    /// The first line end at or after `from` (relative to `start`): the first LF, unless a CR
    /// comes before it. A CR at the end of the buffered bytes waits for the next byte, which may
    /// be its LF.
    func lineEnd(from relative: Int) -> LineEnd {
        let base = storage + start
        let stop = end - start
        guard relative < stop else { return .notYet(resumeAt: stop) }
        let feed = memchr(base + relative, 0x0A, stop - relative).map {
            base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
        }
        let searchEnd = feed ?? stop
        if let found = memchr(base + relative, 0x0D, searchEnd - relative) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if index + 1 < stop { return .found(contentEnd: index, next: base[index + 1] == 0x0A ? index + 2 : index + 1) }
            return atEnd ? .found(contentEnd: index, next: index + 1) : .notYet(resumeAt: index)
        }
        if let feed { return .found(contentEnd: feed, next: feed + 1) }
        return .notYet(resumeAt: stop)
    }

    /// Where the next line is, left unread: a line within the limit, or one longer than it,
    /// already read past. Nil at the end.
    enum NextLine {
        case line(contentEnd: Int, next: Int)
        case overlong(InputLine)
    }

    /// Finds the next line, reading more as needed, without handing it out.
    mutating func peekLine(_ source: inout some ByteSource) -> NextLine? {
        var searched = 0
        while true {
            switch lineEnd(from: searched) {
            case .found(let contentEnd, let next):
                return contentEnd > limit ? .overlong(skipOverlongLine(&source)) : .line(contentEnd: contentEnd, next: next)
            case .notYet(let resumeAt):
                searched = resumeAt
            }
            if end - start > limit { return .overlong(skipOverlongLine(&source)) }
            if !fill(&source) {
                guard start < end else { return nil }
                // At the end: a CR that ends the last line, or a last line without a line end.
                if case .found = lineEnd(from: searched) { continue }
                return .line(contentEnd: end - start, next: end - start)
            }
        }
    }

    /// The next line, without its line end; nil at the end.
    mutating func nextLine(_ source: inout some ByteSource) -> InputLine? {
        switch peekLine(&source) {
        case nil: return nil
        case .overlong(let skipped): return skipped
        case .line(let contentEnd, let next):
            let found = InputLine(line: line, bytes: FieldBytes(start: storage + start, count: contentEnd), overlong: nil)
            consume(bytes: next, lines: 1)
            return found
        }
    }

    /// Reads past a line longer than the limit, keeping none of it.
    mutating func skipOverlongLine(_ source: inout some ByteSource) -> InputLine {
        let number = line
        var length = 0
        while true {
            switch lineEnd(from: 0) {
            case .found(let contentEnd, let next):
                length += contentEnd
                start += next
                line += 1
                return InputLine(line: number, bytes: FieldBytes(start: storage, count: 0), overlong: length)
            case .notYet(let resumeAt):
                // Drop what has been looked at; a CR waiting for its LF stays.
                length += resumeAt
                start += resumeAt
            }
            if !fill(&source), start >= end {
                line += 1
                return InputLine(line: number, bytes: FieldBytes(start: storage, count: 0), overlong: length)
            }
        }
    }

    /// Why a record longer than the limit is not read.
    static func overlongReason(_ length: Int, limit: Int) -> Phrase {
        message(
            "the record is longer than \(limit) bytes (\(length) bytes); it is not read (--max-record-bytes allows longer)",
            "该记录超过 \(limit) 字节（共 \(length) 字节），不予读取（可用 --max-record-bytes 放宽）")
    }

    /// 0x80 in each byte of `word` that is zero, and 0 in every other: exact, with no carry from
    /// one byte into the next.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((word & low) &+ low) | word | low)
    }
}

extension FieldBytes {
    /// The bytes as text, with invalid UTF-8 replaced and surrounding white space trimmed: for
    /// messages and the header.
    var text: String { String(decoding: self, as: UTF8.self).trimmed }

    /// Whether the bytes are UTF-8: eight ASCII bytes at a time, then each longer sequence by its
    /// lead byte, rejecting overlong forms, surrogates and anything past U+10FFFF. A batch checks
    /// each field it uses as text; fields it matches byte for byte against the policies' own
    /// names, or reads as numbers, are UTF-8 when they match.
    var isValidUTF8: Bool {
        guard let bytes = baseAddress else { return true }
        var index = 0
        while index < count {
            if index + 8 <= count, UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Chinese text is three-byte sequences: checked without the general loop.
            if lead >= 0xE1, lead <= 0xEC || lead >= 0xEE, lead <= 0xEF, index + 3 <= count,
                bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80
            {
                index += 3
                continue
            }
            guard let (_, length) = decodeUTF8(self, at: index) else { return false }
            index += length
        }
        return true
    }

    /// Whether the bytes are at most eight and all ASCII, as most claims' ids are: UTF-8 at a
    /// glance.
    @inline(__always)
    var isShortASCII: Bool {
        guard let base = baseAddress, count <= 8 else { return false }
        var bits: UInt8 = 0
        for index in 0..<count { bits |= base[index] }
        return bits < 0x80
    }

    func equals(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { equals($0) }
    }

    /// Whether the bytes equal `other`'s.
    @inline(__always)
    func equals(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
