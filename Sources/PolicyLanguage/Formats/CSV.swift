// CSV as the product reads it, in one grammar for every reader: the batch's streaming reader
// (`CSVRecordReader`, fields pointing into the input buffer) and the whole-file one the tools use
// (`CSVReader`, fields as text), which is the streaming reader over bytes in memory.
//
// RFC 4180: a field that starts with a quote runs to its closing quote, `""` standing for a
// quote; a quote anywhere else in a field is malformed. A record is one line, unless a quoted
// field holds a line break: then the record runs on to the line where the quote closes, if that
// makes a well-formed record with the header's number of fields. If it does not (a quote never
// closed, or one that swallows lines into a ragged record), the line where the quote opened is an
// invalid record and the lines after it are read on their own, so a stray quote never hides
// claims and a fragment is never decided. Lines end at LF, CRLF or a lone CR; blank lines are
// skipped; a byte-order mark is dropped; a record longer than `InputLimits.maximumRecordBytes` is
// an invalid record, read past without being kept in memory.

/// One record's fields, as ranges of the input buffer or of the scratch space where a quoted
/// field was unescaped; valid until the next record is read.
struct CSVFields {
    /// `indirect`: a record is made and dropped per claim, and a boxed reason keeps it small and
    /// cheap to drop when there is none.
    enum Status { case ok; indirect case malformed(Phrase) }
    let line: Int
    let status: Status
    let fields: UnsafeBufferPointer<FieldBytes>
}

/// Reads CSV records from a byte source, one at a time, without copying their fields.
struct CSVRecordReader: ~Copyable {
    private(set) var input: InputBuffer
    /// The header's number of fields, once known: a record that spans lines must have it.
    var expectedFields: Int?

    /// The current record's fields, and the unescaped bytes of its quoted fields.
    private var fields: UnsafeMutablePointer<FieldBytes>
    private var fieldCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024

    /// A reader of the whole input, or (`firstLine`, no byte-order mark) of a part of it.
    init(limits: InputLimits = InputLimits(), firstLine: Int = 1, dropsByteOrderMark: Bool = true) {
        input = InputBuffer(limits: limits, firstLine: firstLine, dropsByteOrderMark: dropsByteOrderMark)
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// A reader of `bytes` where they are (`InputBuffer.init(borrowing:…)`).
    init(borrowing bytes: UnsafeBufferPointer<UInt8>, limits: InputLimits, firstLine: Int, dropsByteOrderMark: Bool) {
        input = InputBuffer(borrowing: bytes, limits: limits, firstLine: firstLine, dropsByteOrderMark: dropsByteOrderMark)
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        fields.deallocate()
        scratch.deallocate()
    }

    /// Bytes read from the source so far.
    var bytesRead: Int { input.bytesRead }

    /// The next record; nil at the end. Blank lines are skipped.
    mutating func next(_ source: inout some ByteSource) -> CSVFields? {
        while true {
            // The first line of the record, left unread until the record is known.
            guard let first = input.peekLine(&source) else { return nil }
            guard case .line(let contentEnd, let next) = first else {
                if case .overlong(let skipped) = first { return overlongRecord(skipped) }
                return nil
            }
            if contentEnd == 0 {
                input.consume(bytes: next, lines: 1)
                continue
            }
            reserveFields(for: contentEnd)
            // The common case: a line without a quote is a record.
            if let count = Self.splitUnquoted(input.unread, count: contentEnd, into: fields) {
                return take(lines: 1, next: next, fields: count, status: .ok)
            }
            return quotedRecord(&source, firstLine: (contentEnd, next))
        }
    }

    /// A record whose first line holds a quote: it may run on over line breaks inside quotes.
    private mutating func quotedRecord(_ source: inout some ByteSource, firstLine: (contentEnd: Int, next: Int))
        -> CSVFields
    {
        let scan = scanQuoted(&source)
        if case .record(let contentEnd, let next, let breaks) = scan {
            reserveFields(for: contentEnd)
            let (count, status) = split(FieldBytes(start: input.unread, count: contentEnd))
            guard breaks > 0 else { return take(lines: 1, next: next, fields: count, status: status) }
            if case .ok = status, expectedFields.map({ $0 == count }) ?? true {
                return take(lines: breaks + 1, next: next, fields: count, status: .ok)
            }
            let why: Phrase
            if case .malformed(let problem) = status {
                why = problem
            } else {
                why = message(
                    "the record it makes has \(count) fields, the header \(expectedFields ?? 0)",
                    "由此得到的记录有 \(count) 个字段，表头有 \(expectedFields ?? 0) 个")
            }
            return rejectFirstLine(
                firstLine,
                message(
                    "a quoted field opens on this line and runs to line \(input.line + breaks), but \(why); the lines after this one are read on their own",
                    "本行有带引号的字段，一直延续到第\(input.line + breaks)行，但\(why)；其后各行单独读取"))
        }
        let reason =
            if case .unclosed = scan {
                message(
                    "a quoted field opens on this line and is not closed before the end of the file; the lines after this one are read on their own",
                    "本行有带引号的字段，直到文件末尾仍未以引号结束；其后各行单独读取")
            } else {
                message(
                    "a quoted field opens on this line and is not closed within \(input.limit) bytes; the lines after this one are read on their own",
                    "本行有带引号的字段，在 \(input.limit) 字节之内未以引号结束；其后各行单独读取")
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
            if index >= input.unreadCount {
                if index > input.limit { return .overlong }
                if !input.fill(&source) {
                    return quoted ? .unclosed : .record(contentEnd: index, next: index, lineBreaks: breaks)
                }
                continue
            }
            let byte = input.unread[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    // A quote doubled, or the one that closes the field: the next byte tells.
                    if index + 1 >= input.unreadCount, !input.atEnd {
                        _ = input.fill(&source)
                        continue
                    }
                    if index + 1 < input.unreadCount, input.unread[index + 1] == UInt8(ascii: "\"") {
                        index += 2
                        continue
                    }
                    quoted = false
                } else if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D, index + 1 >= input.unreadCount, !input.atEnd {
                        _ = input.fill(&source)
                        continue
                    }
                    let crlf = byte == 0x0D && index + 1 < input.unreadCount && input.unread[index + 1] == 0x0A
                    breaks += 1
                    index += crlf ? 2 : 1
                    if index > input.limit { return .overlong }
                    continue
                }
                index += 1
                continue
            }
            switch byte {
            case 0x0A, 0x0D:
                if index > input.limit { return .overlong }
                if case .found(let contentEnd, let next) = input.lineEnd(from: index) {
                    return .record(contentEnd: contentEnd, next: next, lineBreaks: breaks)
                }
                // A CR at the end of the buffer: read on to see whether an LF follows.
                _ = input.fill(&source)
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
    private mutating func rejectFirstLine(_ firstLine: (contentEnd: Int, next: Int), _ reason: Phrase) -> CSVFields {
        take(lines: 1, next: firstLine.next, fields: 0, status: .malformed(reason))
    }

    private mutating func overlongRecord(_ skipped: InputLine) -> CSVFields {
        CSVFields(
            line: skipped.line, status: .malformed(InputBuffer.overlongReason(skipped.overlong ?? 0, limit: input.limit)),
            fields: UnsafeBufferPointer(start: fields, count: 0))
    }

    /// Hands out the record split into `fields`, and moves past its `lines` lines.
    private mutating func take(lines: Int, next: Int, fields count: Int, status: CSVFields.Status) -> CSVFields {
        let record = CSVFields(line: input.line, status: status, fields: UnsafeBufferPointer(start: fields, count: count))
        input.consume(bytes: next, lines: lines)
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

    private func split(_ line: FieldBytes) -> (Int, CSVFields.Status) {
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
                    return (count, .malformed(message("a quoted field is not closed", "带引号的字段未以引号结束")))
                }
                index += 1  // the closing quote
                fields[count] = FieldBytes(start: scratch + fieldStart, count: used - fieldStart)
                count += 1
                if index < stop, base[index] != UInt8(ascii: ",") {
                    return (count, .malformed(Self.textAfterQuote))
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
            if InputBuffer.zeroBytes(word ^ quotes) != 0 { return nil }
            var commasFound = InputBuffer.zeroBytes(word ^ commas)
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

    static var textAfterQuote: Phrase {
        message("text follows a closing quote; a quoted field ends at its quote", "右引号之后还有文字；带引号的字段应在其右引号处结束")
    }

    static var quoteInsideField: Phrase {
        message(
            "a quote inside a field that does not start with one; quote the whole field and double the quotes inside it",
            "字段中间出现引号；应将整个字段用引号括起，并将其中的引号写两遍")
    }

    private static let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
    private static let quotes: UInt64 = 0x2222_2222_2222_2222

    /// The index of the next comma at or after `start`, or `stop`, eight bytes at a time.
    @inline(__always)
    static func nextComma(_ base: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> Int {
        var index = start
        while index + 8 <= stop {
            let found = InputBuffer.zeroBytes(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ commas)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < stop, base[index] != UInt8(ascii: ",") { index += 1 }
        return index
    }
}

/// A CSV record with its fields as text.
package struct CSVRecord: Sendable {
    package let fields: [String]
    /// The 1-based line the record starts on.
    package let line: Int
}

package struct CSVError: Error, Sendable {
    package let line: Int
    package let message: Phrase
    /// The message with the line it was found on: `line 3: …`.
    package var located: Phrase { Phrase("line \(line): \(message.english)", "第\(line)行：\(message.chinese)") }

    package init(line: Int, message: Phrase) {
        self.line = line
        self.message = message
    }
}

/// A CSV file in memory, one record at a time with the line it started on, so a caller can
/// report a bad record and go on. The first record read whole is the header: a record that spans
/// lines must have its number of fields.
package struct CSVReader: ~Copyable {
    private var records: CSVRecordReader
    private var source: BytesSource

    package init(bytes: [UInt8], limits: InputLimits = InputLimits()) {
        records = CSVRecordReader(limits: limits)
        source = BytesSource(bytes)
    }

    /// The next record, an error for a malformed one (the reader then continues after it), or nil
    /// at the end.
    package mutating func next() -> Result<CSVRecord, CSVError>? {
        guard let record = records.next(&source) else { return nil }
        if case .malformed(let why) = record.status { return .failure(CSVError(line: record.line, message: why)) }
        var fields: [String] = []
        fields.reserveCapacity(record.fields.count)
        for field in record.fields {
            guard let text = String(validating: field, as: UTF8.self) else {
                return .failure(
                    CSVError(
                        line: record.line,
                        message: message("the line is not UTF-8 text; save the file as UTF-8", "该行不是 UTF-8 文本；请将文件另存为 UTF-8 编码")
                    )
                )
            }
            fields.append(text)
        }
        if records.expectedFields == nil { records.expectedFields = fields.count }
        return .success(CSVRecord(fields: fields, line: record.line))
    }
}

// MARK: - Writing

extension OutputBuffer {
    /// A CSV field: as it is, or quoted with its quotes doubled when it holds a comma, a quote or
    /// a line break.
    mutating func appendCSVField(_ field: UnsafeBufferPointer<UInt8>) {
        guard Self.needsQuotes(field) else { return append(field) }
        append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { append(byte) }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    /// Whether a field holds a comma, a quote or a line break: eight bytes at a time.
    @inline(__always)
    static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = field.baseAddress else { return false }
        var index = 0
        while index + 8 <= field.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let found =
                InputBuffer.zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C) | InputBuffer.zeroBytes(word ^ 0x2222_2222_2222_2222)
                | InputBuffer.zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | InputBuffer.zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
            if found != 0 { return true }
            index += 8
        }
        while index < field.count {
            let byte = base[index]
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
            index += 1
        }
        return false
    }

    mutating func appendCSVField(_ field: [UInt8]) {
        field.withUnsafeBufferPointer { appendCSVField($0) }
    }

    mutating func appendCSVField(_ text: String) {
        appendCSVField(Array(text.utf8))
    }

    /// Text as one CSV field, as bytes.
    static func csvField(_ text: String) -> [UInt8] {
        bytes { $0.appendCSVField(text) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
