// A batch's output: results appended as bytes to one buffer, handed to the writer a megabyte at a
// time, so writing a result makes no String and no system call. A writer that fails (a full disk,
// a closed pipe) says so, and the buffer hands it nothing more: its owner stops there.

struct OutputBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private let flush: (UnsafeRawBufferPointer) -> Bool
    /// Whether the writer refused bytes; what is appended after that is dropped.
    private(set) var failed = false
    private static let limit = 1 << 20

    /// `flush` writes the bytes it is given, or returns false.
    init(flush: @escaping (UnsafeRawBufferPointer) -> Bool) {
        capacity = Self.limit * 2
        storage = .allocate(capacity: capacity)
        self.flush = flush
    }

    deinit { storage.deallocate() }

    /// Makes room for `more` bytes: flushes, and grows the buffer for a result larger than it (a
    /// claim with a huge field).
    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > capacity { makeRoom(more) }
    }

    private mutating func makeRoom(_ more: Int) {
        flushAll()
        guard more > capacity else { return }
        storage.deallocate()
        capacity = more
        storage = .allocate(capacity: capacity)
    }

    /// Hands the buffered bytes to the writer once there are enough of them; call between results.
    @inline(__always)
    mutating func endResult() {
        if count >= Self.limit { flushAll() }
    }

    mutating func flushAll() {
        guard count > 0 else { return }
        if !failed, !flush(UnsafeRawBufferPointer(start: storage, count: count)) { failed = true }
        count = 0
    }

    // MARK: Bytes

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let base = raw.baseAddress else { return }
        reserve(raw.count)
        (storage + count).update(from: base, count: raw.count)
        count += raw.count
    }

    mutating func append(_ raw: [UInt8]) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func append(_ number: Int) {
        guard number >= 0 else { return append(Array(String(number).utf8)) }
        reserve(24)
        count += ExactDecimal.writeDigits(UInt64(number), to: storage + count)
    }

    mutating func append(_ value: ExactDecimal) {
        if value.exponent == 0, value.significand >= 0 {
            append(Int(value.significand))
        } else {
            append(Array(value.description.utf8))
        }
    }

    // MARK: CSV

    /// A CSV field: as it is, or quoted with its quotes doubled when it holds a comma, a quote or
    /// a line break.
    mutating func appendCSVField(_ field: UnsafeBufferPointer<UInt8>) {
        guard field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return append(field)
        }
        append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { append(byte) }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    mutating func appendCSVField(_ field: [UInt8]) {
        field.withUnsafeBufferPointer { appendCSVField($0) }
    }

    mutating func appendCSVField(_ text: String) {
        appendCSVField(Array(text.utf8))
    }

    /// Text as one CSV field, as bytes.
    static func csvField(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            var buffer = OutputBuffer {
                bytes.append(contentsOf: $0)
                return true
            }
            buffer.appendCSVField(text)
            buffer.flushAll()
        }
        return bytes
    }

    // MARK: JSON

    mutating func appendJSONString(_ text: String) {
        appendJSONString(Array(text.utf8))
    }

    /// A JSON string from UTF-8 bytes: quotes, backslashes and control characters escaped.
    mutating func appendJSONString(_ text: UnsafeBufferPointer<UInt8>) {
        append(UInt8(ascii: "\""))
        var plain = 0
        while true {
            let index = Self.firstJSONEscape(in: text, from: plain)
            append(UnsafeBufferPointer(rebasing: text[plain..<index]))
            guard index < text.count else { break }
            let byte = text[index]
            plain = index + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            default:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00")
                append(hex[Int(byte >> 4)])
                append(hex[Int(byte & 0xF)])
            }
        }
        append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that a JSON string escapes (a quote, a
    /// backslash, a control character), or the end; eight bytes at a time.
    static func firstJSONEscape(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var index = start
        while index + 8 <= text.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let found =
                InputBuffer.zeroBytes(word ^ 0x2222_2222_2222_2222) | InputBuffer.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                | InputBuffer.zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < text.count, text[index] != UInt8(ascii: "\""), text[index] != UInt8(ascii: "\\"), text[index] >= 0x20 {
            index += 1
        }
        return index
    }

    mutating func appendJSONString(_ text: [UInt8]) {
        text.withUnsafeBufferPointer { appendJSONString($0) }
    }
}
