// A batch's input, read in chunks into one buffer: lines, and CSV records split into fields that
// point into the buffer, so reading a claim copies nothing. A field is valid until the next
// record is read.
//
// A line ends at LF, CRLF or a lone CR, so a file saved with old Mac line ends loses nothing. A
// CSV record is one line, unless a quoted field holds a line break (RFC 4180): then the record
// runs on to the line where the quote closes, if that makes a well-formed record with the
// header's number of fields. If it does not (a quote never closed, or one that swallows lines
// into a ragged record), the line where the quote opened is an invalid record and the lines after
// it are read on their own, so a stray quote never hides claims and a fragment is never decided.
// A record longer than `InputLimits.maximumRecordBytes` is an invalid record, read past without
// being kept in memory.

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

struct InputRecord {
    enum Status { case ok, malformed(String) }
    let line: Int
    let status: Status
    let fields: UnsafeBufferPointer<FieldBytes>
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
    private var atEnd = false
    private var checkedForMark = false
    private var line = 1
    private let limit: Int
    /// Bytes read from the source so far.
    private(set) var bytesRead = 0
    private static let chunk = 1 << 20
    /// The header's number of fields, once known: a record that spans lines must have it.
    var expectedFields: Int?

    /// The current record's fields, and the unescaped bytes of its quoted fields.
    private var fields: UnsafeMutablePointer<FieldBytes>
    private var fieldCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024

    init(limits: InputLimits = InputLimits()) {
        limit = limits.maximumRecordBytes
        capacity = Self.chunk * 2
        storage = .allocate(capacity: capacity)
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        storage.deallocate()
        fields.deallocate()
        scratch.deallocate()
    }

    /// Reads more input after what is buffered; false at the end of the input. Buffered bytes
    /// move to the front, so positions are kept relative to `start`.
    private mutating func fill(_ source: inout some ByteSource) -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            storage.update(from: storage + start, count: end - start)
            end -= start
            start = 0
        }
        if capacity - end < Self.chunk / 2 {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            larger.update(from: storage, count: end)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        let count = source.read(into: UnsafeMutableRawBufferPointer(start: storage + end, count: capacity - end))
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
    private enum LineEnd {
        case found(contentEnd: Int, next: Int)
        /// None before `resumeAt` (relative to `start`): read more and look again from there.
        case notYet(resumeAt: Int)
    }

    /// The first line end at or after `from` (relative to `start`): the first LF, unless a CR
    /// comes before it. A CR at the end of the buffered bytes waits for the next byte, which may
    /// be its LF.
    private func lineEnd(from relative: Int) -> LineEnd {
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

    /// The next line, without its line end; nil at the end.
    mutating func nextLine(_ source: inout some ByteSource) -> InputLine? {
        var searched = 0
        while true {
            switch lineEnd(from: searched) {
            case .found(let contentEnd, let next):
                defer {
                    line += 1
                    start += next
                }
                let bytes = FieldBytes(start: storage + start, count: contentEnd)
                return contentEnd > limit
                    ? InputLine(line: line, bytes: FieldBytes(start: storage, count: 0), overlong: contentEnd)
                    : InputLine(line: line, bytes: bytes, overlong: nil)
            case .notYet(let resumeAt):
                searched = resumeAt
            }
            if end - start > limit { return skipOverlongLine(&source) }
            if !fill(&source) {
                guard start < end else { return nil }
                // At the end: a CR that ends the last line, or a last line without a line end.
                if case .found = lineEnd(from: searched) { continue }
                let count = end - start
                defer {
                    line += 1
                    start = end
                }
                return InputLine(line: line, bytes: FieldBytes(start: storage + start, count: count), overlong: nil)
            }
        }
    }

    /// Reads past a line longer than the limit, keeping none of it.
    private mutating func skipOverlongLine(_ source: inout some ByteSource) -> InputLine {
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

    // MARK: CSV records

    /// The next CSV record; nil at the end. Blank lines are skipped.
    mutating func nextCSVRecord(_ source: inout some ByteSource) -> InputRecord? {
        while true {
            // The first line of the record, left unread until the record is known.
            var searched = 0
            var firstLine: (contentEnd: Int, next: Int)?
            while firstLine == nil {
                switch lineEnd(from: searched) {
                case .found(let contentEnd, let next):
                    firstLine = (contentEnd, next)
                case .notYet(let resumeAt):
                    searched = resumeAt
                    if end - start > limit { return overlongRecord(skipOverlongLine(&source)) }
                    if !fill(&source) {
                        guard start < end else { return nil }
                        // At the end: a CR that ends the last line, or a last line without one.
                        if case .found = lineEnd(from: searched) { continue }
                        firstLine = (end - start, end - start)
                    }
                }
            }
            let (contentEnd, next) = firstLine!
            if contentEnd == 0 {
                start += next
                line += 1
                continue
            }
            if contentEnd > limit { return overlongRecord(skipOverlongLine(&source)) }
            reserveFields(for: contentEnd)
            // The common case: a line without a quote is a record.
            if let count = Self.splitUnquoted(storage + start, count: contentEnd, into: fields) {
                return take(lines: 1, next: next, fields: count, status: .ok)
            }
            return quotedRecord(&source, firstLine: (contentEnd, next))
        }
    }

    /// A record whose first line holds a quote: it may run on over line breaks inside quotes.
    private mutating func quotedRecord(_ source: inout some ByteSource, firstLine: (contentEnd: Int, next: Int))
        -> InputRecord
    {
        let scan = scanQuoted(&source)
        if case .record(let contentEnd, let next, let breaks) = scan {
            reserveFields(for: contentEnd)
            let (count, status) = split(FieldBytes(start: storage + start, count: contentEnd))
            guard breaks > 0 else { return take(lines: 1, next: next, fields: count, status: status) }
            if case .ok = status, expectedFields.map({ $0 == count }) ?? true {
                return take(lines: breaks + 1, next: next, fields: count, status: .ok)
            }
            let why: String
            if case .malformed(let problem) = status {
                why = problem
            } else {
                why = localized(
                    "the record it makes has \(count) fields, the header \(expectedFields ?? 0)",
                    "由此得到的记录有 \(count) 个字段，表头有 \(expectedFields ?? 0) 个")
            }
            return rejectFirstLine(
                firstLine,
                localized(
                    "a quoted field opens on this line and runs to line \(line + breaks), but \(why); the lines after this one are read on their own",
                    "本行有带引号的字段，一直延续到第\(line + breaks)行，但\(why)；其后各行单独读取"))
        }
        let reason =
            if case .unclosed = scan {
                localized(
                    "a quoted field opens on this line and is not closed before the end of the file; the lines after this one are read on their own",
                    "本行有带引号的字段，直到文件末尾仍未以引号结束；其后各行单独读取")
            } else {
                localized(
                    "a quoted field opens on this line and is not closed within \(limit) bytes; the lines after this one are read on their own",
                    "本行有带引号的字段，在 \(limit) 字节之内未以引号结束；其后各行单独读取")
            }
        return rejectFirstLine(firstLine, reason)
    }

    private enum QuotedScan {
        case record(contentEnd: Int, next: Int, lineBreaks: Int)
        case unclosed, overlong
    }

    /// Finds where the record at `start` ends: at the first line break outside quotes. A quote
    /// opens a quoted field only at the start of a field; `""` inside one is a quote.
    private mutating func scanQuoted(_ source: inout some ByteSource) -> QuotedScan {
        var index = 0
        var quoted = false
        var fieldStart = true
        var breaks = 0
        while true {
            if index >= end - start {
                if index > limit { return .overlong }
                if !fill(&source) {
                    return quoted ? .unclosed : .record(contentEnd: index, next: index, lineBreaks: breaks)
                }
                continue
            }
            let byte = storage[start + index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    // A quote doubled, or the one that closes the field: the next byte tells.
                    if index + 1 >= end - start, !atEnd {
                        _ = fill(&source)
                        continue
                    }
                    if index + 1 < end - start, storage[start + index + 1] == UInt8(ascii: "\"") {
                        index += 2
                        continue
                    }
                    quoted = false
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D, index + 1 >= end - start, !atEnd {
                        _ = fill(&source)
                        continue
                    }
                    let crlf = byte == 0x0D && index + 1 < end - start && storage[start + index + 1] == 0x0A
                    breaks += 1
                    index += crlf ? 2 : 1
                    if index > limit { return .overlong }
                    continue
                }
                index += 1
                continue
            }
            switch byte {
            case 0x0A, 0x0D:
                if index > limit { return .overlong }
                if case .found(let contentEnd, let next) = lineEnd(from: index) {
                    return .record(contentEnd: contentEnd, next: next, lineBreaks: breaks)
                }
                // A CR at the end of the buffer: read on to see whether an LF follows.
                _ = fill(&source)
                continue
            case UInt8(ascii: "\""):
                if fieldStart { quoted = true }
                fieldStart = false
            case UInt8(ascii: ","):
                fieldStart = true
            default:
                fieldStart = false
            }
            index += 1
        }
    }

    /// The first line of a record that could not be read whole, as an invalid record on its own.
    private mutating func rejectFirstLine(_ firstLine: (contentEnd: Int, next: Int), _ reason: String) -> InputRecord {
        take(lines: 1, next: firstLine.next, fields: 0, status: .malformed(reason))
    }

    private mutating func overlongRecord(_ skipped: InputLine) -> InputRecord {
        InputRecord(
            line: skipped.line, status: .malformed(Self.overlongReason(skipped.overlong ?? 0, limit: limit)),
            fields: UnsafeBufferPointer(start: fields, count: 0))
    }

    /// Why a record longer than the limit is not read.
    static func overlongReason(_ length: Int, limit: Int) -> String {
        localized(
            "the record is longer than \(limit) bytes (\(length) bytes); it is not read (--max-record-bytes allows longer)",
            "该记录超过 \(limit) 字节（共 \(length) 字节），不予读取（可用 --max-record-bytes 放宽）")
    }

    /// Hands out the record split into `fields`, and moves past its `lines` lines.
    private mutating func take(lines: Int, next: Int, fields count: Int, status: InputRecord.Status) -> InputRecord {
        let record = InputRecord(line: line, status: status, fields: UnsafeBufferPointer(start: fields, count: count))
        line += lines
        start += next
        return record
    }

    /// Room for the fields of a record of `length` bytes: at most one more than its bytes, and
    /// unescaping never lengthens a field.
    @inline(__always)
    private mutating func reserveFields(for length: Int) {
        if length + 1 > fieldCapacity || length > scratchCapacity { makeRoom(for: length) }
    }

    private mutating func makeRoom(for length: Int) {
        if length + 1 > fieldCapacity {
            fields.deallocate()
            fieldCapacity = max(fieldCapacity * 2, length + 1)
            fields = .allocate(capacity: fieldCapacity)
        }
        if length > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(scratchCapacity * 2, length)
            scratch = .allocate(capacity: scratchCapacity)
        }
    }

    private func split(_ line: FieldBytes) -> (Int, InputRecord.Status) {
        let base = line.baseAddress!
        if let count = Self.splitUnquoted(base, count: line.count, into: fields) { return (count, .ok) }
        var count = 0
        var used = 0
        var index = 0
        let stop = line.count
        while true {
            if index < stop, base[index] == UInt8(ascii: "\"") {
                // Quoted: "" stands for a quote; the field is unescaped into the scratch space.
                let fieldStart = used
                index += 1
                var closed = false
                while index < stop {
                    if base[index] == UInt8(ascii: "\"") {
                        if index + 1 < stop, base[index + 1] == UInt8(ascii: "\"") {
                            scratch[used] = UInt8(ascii: "\"")
                            used += 1
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    scratch[used] = base[index]
                    used += 1
                    index += 1
                }
                guard closed else {
                    return (count, .malformed(localized("a quoted field is not closed", "带引号的字段未以引号结束")))
                }
                index += 1  // the closing quote
                fields[count] = FieldBytes(start: scratch + fieldStart, count: used - fieldStart)
                count += 1
                if index < stop, base[index] != UInt8(ascii: ",") {
                    return (count, .malformed(CSVReader.textAfterQuote))
                }
            } else {
                let fieldStart = index
                index = Self.nextComma(base, from: index, to: stop)
                if memchr(base + fieldStart, Int32(UInt8(ascii: "\"")), index - fieldStart) != nil {
                    return (count, .malformed(Self.quoteInsideField))
                }
                fields[count] = FieldBytes(start: base + fieldStart, count: index - fieldStart)
                count += 1
            }
            if index >= stop { break }
            index += 1  // the comma
            if index == stop {
                fields[count] = FieldBytes(start: base + index, count: 0)
                count += 1
                break
            }
        }
        return (count, .ok)
    }

    /// Splits a line that holds no quote at its commas, eight bytes at a time: each word's commas
    /// become one bit a byte, and each bit ends a field. Nil when the line holds a quote.
    @inline(__always)
    private static func splitUnquoted(
        _ base: UnsafePointer<UInt8>, count stop: Int, into fields: UnsafeMutablePointer<FieldBytes>
    )
        -> Int?
    {
        var count = 0
        var index = 0
        var fieldStart = 0
        while index + 8 <= stop {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if zeroBytes(word ^ quotes) != 0 { return nil }
            var commasFound = zeroBytes(word ^ commas)
            while commasFound != 0 {
                let comma = index + commasFound.trailingZeroBitCount / 8
                fields[count] = FieldBytes(start: base + fieldStart, count: comma - fieldStart)
                count += 1
                fieldStart = comma + 1
                commasFound &= commasFound - 1
            }
            index += 8
        }
        while index < stop {
            if base[index] == UInt8(ascii: "\"") { return nil }
            if base[index] == UInt8(ascii: ",") {
                fields[count] = FieldBytes(start: base + fieldStart, count: index - fieldStart)
                count += 1
                fieldStart = index + 1
            }
            index += 1
        }
        fields[count] = FieldBytes(start: base + fieldStart, count: stop - fieldStart)
        return count + 1
    }

    static var quoteInsideField: String {
        localized(
            "a quote inside a field that does not start with one; quote the whole field and double the quotes inside it",
            "字段中间出现引号；应将整个字段用引号括起，并将其中的引号写两遍")
    }

    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let quotes: UInt64 = 0x2222_2222_2222_2222

    /// 0x80 in each byte of `word` that is zero, and 0 in every other: exact, with no carry from
    /// one byte into the next.
    @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((word & low) &+ low) | word | low)
    }

    /// The index of the next comma at or after `start`, or `stop`, eight bytes at a time.
    @inline(__always)
    static func nextComma(_ base: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> Int {
        var index = start
        while index + 8 <= stop {
            let found = zeroBytes(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ commas)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < stop, base[index] != UInt8(ascii: ",") { index += 1 }
        return index
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
