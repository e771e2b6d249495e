// A batch's input, read in chunks into one buffer: lines, and CSV records split into fields that
// point into the buffer, so reading a claim copies nothing. A field is valid until the next
// record is read.

/// One field's bytes: a range of the input buffer, or of the scratch space where a quoted field
/// was unescaped.
typealias FieldBytes = UnsafeBufferPointer<UInt8>

struct InputRecord {
    enum Status { case ok, malformed(String) }
    let line: Int
    let status: Status
    let fields: UnsafeBufferPointer<FieldBytes>
}

struct InputBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var line = 1
    /// Bytes read from the source so far.
    private(set) var bytesRead = 0
    private static let chunk = 1 << 20

    /// The current record's fields, and the unescaped bytes of its quoted fields.
    private var fields: UnsafeMutablePointer<FieldBytes>
    private var fieldCapacity = 64
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024

    init() {
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

    /// Reads more input after what is buffered; false at the end of the input.
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
        if line == 1, end == 0, count >= 3, storage[0] == 0xEF, storage[1] == 0xBB, storage[2] == 0xBF { start = 3 }
        end += count
        bytesRead += count
        return true
    }

    /// The next line, without its line end; nil at the end.
    mutating func nextLine(_ source: inout some ByteSource) -> (line: Int, bytes: FieldBytes)? {
        var searched = 0  // bytes after `start` known to hold no line break
        while true {
            if end > start + searched, let hit = memchr(storage + start + searched, 0x0A, end - start - searched) {
                let newline = storage.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var stop = newline
                if stop > start, storage[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                defer {
                    line += 1
                    start = newline + 1
                }
                return (line, FieldBytes(start: storage + start, count: stop - start))
            }
            searched = end - start
            if !fill(&source) {
                guard start < end else { return nil }
                defer {
                    line += 1
                    start = end
                }
                return (line, FieldBytes(start: storage + start, count: end - start))
            }
        }
    }

    /// The next CSV record; nil at the end. Blank lines are skipped. A record is one line: quotes
    /// protect commas and quotes, and a quote left open ends with its line, so one broken line is
    /// one error record and never swallows the lines after it.
    mutating func nextCSVRecord(_ source: inout some ByteSource) -> InputRecord? {
        while let (number, line) = nextLine(&source) {
            if line.isEmpty { continue }
            // A line of n bytes has at most n + 1 fields, and unescaping never lengthens a field.
            if line.count + 1 > fieldCapacity {
                fields.deallocate()
                fieldCapacity = max(fieldCapacity * 2, line.count + 1)
                fields = .allocate(capacity: fieldCapacity)
            }
            if line.count > scratchCapacity {
                scratch.deallocate()
                scratchCapacity = max(scratchCapacity * 2, line.count)
                scratch = .allocate(capacity: scratchCapacity)
            }
            let (count, status) = split(line)
            return InputRecord(line: number, status: status, fields: UnsafeBufferPointer(start: fields, count: count))
        }
        return nil
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
                    return (count, .malformed(localized("a quoted field is not closed on its line", "带引号的字段在本行内未以引号结束")))
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
