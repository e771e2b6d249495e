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
    /// The number `appendCounting` wrote last, and its digits, right-aligned in 20 bytes.
    private var lastCounted = -1
    private let counted = UnsafeMutablePointer<UInt8>.allocate(capacity: 20)
    private var countedDigits = 0

    /// How many bytes are buffered at first: the buffer doubles as results come, up to two
    /// megabytes, so a batch of a few claims never takes the memory of a large one.
    private static let initialCapacity = 1 << 14

    /// `flush` writes the bytes it is given, or returns false. `capacity` is how many bytes are
    /// buffered at first; the buffer grows to a batch's two megabytes, and beyond them for one
    /// result larger than that.
    init(capacity: Int? = nil, flush: @escaping (UnsafeRawBufferPointer) -> Bool) {
        self.capacity = max(capacity ?? Self.initialCapacity, 1)
        storage = .allocate(capacity: self.capacity)
        self.flush = flush
    }

    deinit {
        storage.deallocate()
        counted.deallocate()
    }

    /// Makes room for `more` bytes: flushes, and grows the buffer for a result larger than it (a
    /// claim with a huge field).
    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > capacity { makeRoom(more) }
    }

    private mutating func makeRoom(_ more: Int) {
        if capacity < Self.limit * 2 {
            // Still growing: the bytes buffered move to a buffer twice as large (or as large as
            // they and the result need); they are handed out at `endResult` as before.
            let larger = max(min(capacity * 2, Self.limit * 2), count + more)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity = larger
            return
        }
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

    /// `raw` between double quotes, as one copy: a JSON string with nothing to escape.
    @inline(__always)
    mutating func appendQuoted(_ raw: UnsafeBufferPointer<UInt8>) {
        reserve(raw.count + 2)
        storage[count] = UInt8(ascii: "\"")
        if let base = raw.baseAddress { (storage + count + 1).update(from: base, count: raw.count) }
        storage[count + 1 + raw.count] = UInt8(ascii: "\"")
        count += raw.count + 2
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

    /// A number that is mostly one more than the last this buffer counted (a result's line):
    /// its digits counted on from the last ones instead of written anew.
    @inline(__always)
    mutating func appendCounting(_ number: Int) {
        guard number > 0, number == lastCounted &+ 1 else {
            if number >= 0 {
                countedDigits = ExactDecimal.writeDigits(UInt64(number), to: counted)
                for index in stride(from: countedDigits - 1, through: 0, by: -1) {
                    counted[20 - countedDigits + index] = counted[index]
                }
                lastCounted = number
            } else {
                lastCounted = -1
            }
            return append(number)
        }
        var index = 19
        while counted[index] == UInt8(ascii: "9") {
            counted[index] = UInt8(ascii: "0")
            index -= 1
            if index < 20 - countedDigits {
                countedDigits += 1
                counted[index] = UInt8(ascii: "0")
                break
            }
        }
        counted[index] += 1
        lastCounted = number
        append(UnsafeBufferPointer(start: counted + 20 - countedDigits, count: countedDigits))
    }

    /// What `write` appends, as bytes: text made once and copied into every result.
    static func bytes(_ write: (inout OutputBuffer) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            // A few hundred bytes at most: a buffer of a batch's size would be two megabytes
            // allocated (and, under AddressSanitizer, mapped and unmapped) for each text.
            var buffer = OutputBuffer(capacity: 256) {
                bytes.append(contentsOf: $0)
                return true
            }
            write(&buffer)
            buffer.flushAll()
        }
        return bytes
    }

    mutating func append(_ value: ExactDecimal) {
        if value.exponent == 0, value.significand >= 0 {
            append(Int(value.significand))
        } else {
            append(Array(value.description.utf8))
        }
    }
}
