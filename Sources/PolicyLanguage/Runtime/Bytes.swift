// Bytes for the batch's hot path: a hash that reads eight bytes at a time, and a growable
// buffer that appends without the checks a Swift array makes on every append.

enum ByteHash {
    /// A 64-bit hash of `count` bytes at `base`: each 8-byte word multiplied in, then a final
    /// mix. Used only to place keys in memory; output never depends on it.
    @inline(__always)
    static func hash(_ base: UnsafeRawPointer?, count: Int) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count &+ 1)
        guard let base, count > 0 else { return finish(hash) }
        var offset = 0
        while offset &+ 8 <= count {
            hash = step(hash, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        if offset < count {
            // The last word overlaps the one before it when there was one; the length, mixed in
            // first, keeps "ab" and "abab…" apart.
            let word: UInt64
            if count >= 8 {
                word = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            } else {
                var tail: UInt64 = 0
                for index in 0..<count {
                    tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << UInt64(index &* 8)
                }
                word = tail
            }
            hash = step(hash, word)
        }
        return finish(hash)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        hash(UnsafeRawPointer(bytes.baseAddress), count: bytes.count)
    }

    @inline(__always)
    private static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        return mixed ^ (mixed >> 29)
    }

    /// MurmurHash3's finaliser: every input bit reaches every output bit.
    @inline(__always)
    private static func finish(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 33)
    }
}

/// A growable run of bytes owned by one object (a frame's limit key), reused for every claim.
final class ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    var array: [UInt8] { Array(bytes) }

    @inline(__always)
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ source: UnsafePointer<UInt8>, count more: Int) {
        if count + more > capacity { grow(to: count + more) }
        (base + count).update(from: source, count: more)
        count += more
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        append(source, count: bytes.count)
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        storage.update(from: base, count: count)
        base.deallocate()
        base = storage
        capacity = larger
    }
}

/// Enum case names as bytes, end to end, so that a batch matches a field against them and a
/// limit writes them into a key without a String.
struct CaseNames {
    private(set) var bytes: [UInt8] = []
    /// Each name's range in `bytes`.
    private(set) var ranges: [Range<Int>] = []
    /// Each name's first eight bytes as a word (zeros after a shorter name): a field is compared
    /// with a name's bytes only when its length and first word match.
    private var heads: [UInt64] = []

    /// Adds an enum's case names, in order; where they are in `ranges`.
    mutating func add(_ cases: [String]) -> Range<Int> {
        let first = ranges.count
        for name in cases {
            let start = bytes.count
            bytes += Array(name.utf8)
            ranges.append(start..<bytes.count)
            heads.append(bytes.withUnsafeBufferPointer { Self.head(UnsafeBufferPointer(rebasing: $0[start...])) })
        }
        return first..<ranges.count
    }

    /// The index in `ranges` of the name among `cases` that `field` is, byte for byte.
    @inline(__always)
    func ordinal(of field: UnsafeBufferPointer<UInt8>, among cases: Range<Int>) -> Int? {
        let head = Self.head(field)
        return bytes.withUnsafeBufferPointer { names in
            for index in cases where heads[index] == head && ranges[index].count == field.count {
                if field.count <= 8
                    || memcmp(names.baseAddress! + ranges[index].lowerBound + 8, field.baseAddress! + 8, field.count - 8) == 0
                {
                    return index
                }
            }
            return nil
        }
    }

    /// The first eight bytes of `bytes` as a word, zeros after fewer.
    @inline(__always)
    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        if bytes.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        for index in 0..<bytes.count { word |= UInt64(base[index]) << UInt64(index * 8) }
        return word
    }
}

/// Zeroed memory for a large table, straight from the kernel: its pages are mapped, already
/// zero, as they are first touched, so a table that doubles never clears memory itself. Below
/// `mappedSize` the memory is the allocator's, cleared: a mapping costs more than a few pages.
struct PageMemory {
    let base: UnsafeMutableRawPointer
    let byteCount: Int
    private let isMapped: Bool
    static let mappedSize = 1 << 16

    init(zeroed byteCount: Int) {
        self.byteCount = byteCount
        // Populated at once: one call maps every page, where touching them would trap once a page.
        let mapped =
            byteCount < Self.mappedSize
            ? nil : mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | Self.populate, -1, 0)
        if let mapped, mapped != MAP_FAILED {
            base = mapped
            isMapped = true
        } else {
            base = .allocate(byteCount: byteCount, alignment: 64)
            base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
            isMapped = false
        }
    }

    #if os(Linux)
        private static let populate = Int32(MAP_POPULATE)
    #else
        private static let populate: Int32 = 0
    #endif

    func release() {
        if isMapped { munmap(base, byteCount) } else { base.deallocate() }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
