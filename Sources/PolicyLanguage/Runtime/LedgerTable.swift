// One limit's usage, keyed by bytes, laid out for a batch of millions of claims. Keys live in an
// open-addressed array of 64-byte buckets, one cache line each, holding a short key's bytes, its
// count, its amount and where its newest claim id is: looking a key up reads one line, and
// recording a claim writes that line and appends to a log. The log holds the ids of the claims
// that used each key, each linked to the one before; a key remembers its last four, and the log
// drops the older ones whenever it fills, so memory follows the keys, not the claims.

final class LedgerTable {
    /// A key's usage, in one cache line.
    struct Bucket {
        /// Bits of the key's hash, with the top bit set; 0 marks an empty bucket. The low 31 bits
        /// place the key, so the table doubles without hashing a key again.
        var tag: UInt32
        var claims: Int32
        var amount: ExactDecimal
        var keyLength: UInt32
        /// Where the newest id's record starts in the log, plus one; 0 for none.
        var lastID: Int
        /// The key's bytes when they fit; otherwise `.0` is where they start in `longKeys`.
        var key: (UInt64, UInt64, UInt64, UInt64)
    }

    /// How many ids a key remembers: enough to name every claim a limit of a few claims counted.
    static let rememberedIDs = 4
    static let inlineKeyCapacity = 32
    /// An id's record in the log: the previous record's start plus one (0 for none), the id's
    /// length, then its bytes.
    private static let recordHeader = 12

    private var memory: PageMemory
    private var buckets: UnsafeMutablePointer<Bucket>
    private var bucketCount: Int
    /// How many keys the table holds.
    private(set) var count = 0
    private var longKeys = ByteBuffer(capacity: 1 << 12)
    private var log: UnsafeMutableRawPointer
    private var logCount = 0
    private(set) var logCapacity: Int
    /// About how many of the log's bytes are ids no key remembers any more.
    private var forgottenBytes = 0

    /// A table starts small, one page of buckets and a log of a kilobyte, and doubles as it
    /// fills: a batch of a few claims (or a fuzzer's thousands of them) uses little of a table.
    static let initialBucketCount = 64
    static let initialLogCapacity = 1 << 10

    init() {
        bucketCount = Self.initialBucketCount
        (memory, buckets) = Self.allocateBuckets(bucketCount)
        logCapacity = Self.initialLogCapacity
        log = Self.allocateLog(logCapacity)
    }

    deinit {
        memory.release()
        log.deallocate()
    }

    /// Buckets of zeros: every bucket empty.
    private static func allocateBuckets(_ count: Int) -> (PageMemory, UnsafeMutablePointer<Bucket>) {
        let memory = PageMemory(zeroed: count * MemoryLayout<Bucket>.stride)
        return (memory, memory.base.bindMemory(to: Bucket.self, capacity: count))
    }

    private static func allocateLog(_ capacity: Int) -> UnsafeMutableRawPointer {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        raw.bindMemory(to: UInt8.self, capacity: capacity)
        return raw
    }

    // MARK: Keys

    /// The tag that places `key`: compute it once, then look the key up with it.
    @inline(__always)
    static func tag(of key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(truncatingIfNeeded: ByteHash.hash(key) >> 32) | 0x8000_0000
    }

    /// The bucket of `key`, added with no usage if there was none. A bucket's index holds until
    /// the next key is added.
    func entry(for key: UnsafeBufferPointer<UInt8>, tag: UInt32) -> Int {
        var index = home(tag)
        while buckets[index].tag != 0 {
            if buckets[index].tag == tag, keyEquals(index, key) { return index }
            index = (index + 1) & (bucketCount - 1)
        }
        if (count + 1) * 4 > bucketCount * 3 {
            grow()
            return entry(for: key, tag: tag)
        }
        var bucket = Bucket(
            tag: tag, claims: 0, amount: .zero, keyLength: UInt32(truncatingIfNeeded: key.count), lastID: 0, key: (0, 0, 0, 0))
        if key.count <= Self.inlineKeyCapacity {
            if let source = key.baseAddress {
                withUnsafeMutableBytes(of: &bucket.key) { $0.baseAddress!.copyMemory(from: source, byteCount: key.count) }
            }
        } else {
            bucket.key.0 = UInt64(longKeys.count)
            longKeys.append(key)
        }
        buckets[index] = bucket
        count += 1
        return index
    }

    func entry(for key: UnsafeBufferPointer<UInt8>) -> Int { entry(for: key, tag: Self.tag(of: key)) }

    /// The bucket of `key`, if there is one.
    func existingEntry(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        let tag = Self.tag(of: key)
        var index = home(tag)
        while buckets[index].tag != 0 {
            if buckets[index].tag == tag, keyEquals(index, key) { return index }
            index = (index + 1) & (bucketCount - 1)
        }
        return nil
    }

    /// The bytes the table holds: its buckets, its long keys and its log.
    var byteCount: Int { bucketCount * MemoryLayout<Bucket>.stride + longKeys.capacity + logCapacity }

    /// The buckets that hold a key.
    var occupied: [Int] { (0..<bucketCount).filter { buckets[$0].tag != 0 } }

    /// The entries (those a claim has used, with `usedOnly`), in the order of their keys'
    /// bytes, which does not depend on where the table placed them: by the first sixteen bytes
    /// as two numbers, read in one pass over the table, then by the rest.
    func entriesByKey(usedOnly: Bool) -> [Int] {
        var entries: [(high: UInt64, low: UInt64, entry: Int)] = []
        entries.reserveCapacity(count)
        for entry in occupied where !usedOnly || claims(entry) > 0 {
            var prefix: (UInt64, UInt64) = (0, 0)
            let key = keyBytes(entry)
            withUnsafeMutableBytes(of: &prefix) {
                $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: key.prefix(16))))
            }
            entries.append((UInt64(bigEndian: prefix.0), UInt64(bigEndian: prefix.1), entry))
        }
        entries.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            let (x, y) = (keyBytes(a.entry), keyBytes(b.entry))
            let order = memcmp(x.baseAddress!, y.baseAddress!, min(x.count, y.count))
            return order != 0 ? order < 0 : x.count < y.count
        }
        return entries.map(\.entry)
    }

    func key(_ index: Int) -> String { String(decoding: keyBytes(index), as: UTF8.self) }

    /// The key's bytes, in place: valid until the table next changes.
    func keyBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let length = Int(buckets[index].keyLength)
        guard length > Self.inlineKeyCapacity else {
            let inline = UnsafeRawPointer(buckets + index) + MemoryLayout<Bucket>.offset(of: \.key)!
            return UnsafeBufferPointer(start: inline.assumingMemoryBound(to: UInt8.self), count: length)
        }
        return UnsafeBufferPointer(start: longKeys.base + Int(buckets[index].key.0), count: length)
    }

    @inline(__always)
    private func home(_ tag: UInt32) -> Int { Int(tag & 0x7FFF_FFFF) & (bucketCount - 1) }

    @inline(__always)
    private func keyEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(buckets[index].keyLength) == key.count else { return false }
        guard let base = key.baseAddress else { return true }
        if key.count <= Self.inlineKeyCapacity {
            return withUnsafeBytes(of: &buckets[index].key) { memcmp($0.baseAddress!, base, key.count) == 0 }
        }
        let start = Int(buckets[index].key.0)
        return memcmp(longKeys.base + start, base, key.count) == 0
    }

    private func grow() {
        let (oldMemory, old) = (memory, buckets)
        let oldCount = bucketCount
        bucketCount *= 2
        (memory, buckets) = Self.allocateBuckets(bucketCount)
        for index in 0..<oldCount where old[index].tag != 0 {
            var slot = home(old[index].tag)
            while buckets[slot].tag != 0 { slot = (slot + 1) & (bucketCount - 1) }
            buckets[slot] = old[index]
        }
        oldMemory.release()
    }

    // MARK: Usage

    func claims(_ index: Int) -> Int { Int(buckets[index].claims) }
    func amount(_ index: Int) -> ExactDecimal { buckets[index].amount }

    /// Adds one claim's use: its amount, and its id (as bytes).
    func record(_ index: Int, amount: ExactDecimal, id: UnsafeBufferPointer<UInt8>) throws(ArithmeticError) {
        let total = try ExactDecimal.adding(buckets[index].amount, amount)
        buckets[index].amount = total
        if buckets[index].claims < Int32.max { buckets[index].claims += 1 }
        remember(id, in: index)
    }

    /// Sets a key's usage outright, as a ledger file gives it, forgetting its ids; `remember`
    /// then gives them, oldest first (of more than four, the key keeps the last four).
    func set(_ index: Int, claims: Int, amount: ExactDecimal) {
        buckets[index].claims = Int32(clamping: claims)
        buckets[index].amount = amount
        buckets[index].lastID = 0
    }

    /// The remembered ids, oldest first.
    func ids(_ index: Int) -> [String] {
        var ids: [String] = []
        forEachID(of: index) { ids.append(String(decoding: $0, as: UTF8.self)) }
        return ids
    }

    /// Calls `body` with each remembered id's bytes, oldest first.
    func forEachID(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var starts: (Int, Int, Int, Int) = (0, 0, 0, 0)
        var count = 0
        var record = buckets[index].lastID
        withUnsafeMutableBytes(of: &starts) { starts in
            while record > 0, count < Self.rememberedIDs {
                starts.storeBytes(of: record - 1, toByteOffset: count * 8, as: Int.self)
                count += 1
                record = log.loadUnaligned(fromByteOffset: record - 1, as: Int.self)
            }
        }
        withUnsafeBytes(of: &starts) { starts in
            for position in stride(from: count - 1, through: 0, by: -1) {
                let start = starts.load(fromByteOffset: position * 8, as: Int.self)
                let length = Int(log.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self))
                body(
                    UnsafeBufferPointer(
                        start: (log + start + Self.recordHeader).assumingMemoryBound(to: UInt8.self), count: length))
            }
        }
    }

    /// Appends `id` as the newest of the key's claims.
    func remember(_ id: UnsafeBufferPointer<UInt8>, in index: Int) {
        let size = Self.recordHeader + id.count
        if logCount + size > logCapacity { makeRoom(size) }
        // A key that already remembers its last few forgets the oldest; ids are of a length.
        if buckets[index].claims > Self.rememberedIDs { forgottenBytes += size }
        log.storeBytes(of: buckets[index].lastID, toByteOffset: logCount, as: Int.self)
        log.storeBytes(of: UInt32(truncatingIfNeeded: id.count), toByteOffset: logCount + 8, as: UInt32.self)
        if let source = id.baseAddress { (log + logCount + Self.recordHeader).copyMemory(from: source, byteCount: id.count) }
        buckets[index].lastID = logCount + 1
        logCount += size
    }

    /// Doubles the log, or, when at least half of it is forgotten ids, compacts it.
    private func makeRoom(_ size: Int) {
        guard forgottenBytes * 2 < logCount else { return compactLog(making: size) }
        var capacity = logCapacity * 2
        while capacity < logCount + size { capacity *= 2 }
        let larger = Self.allocateLog(capacity)
        larger.copyMemory(from: log, byteCount: logCount)
        log.deallocate()
        log = larger
        logCapacity = capacity
    }

    /// Copies each key's remembered ids into a new log, oldest first, and drops the rest; the new
    /// log has room for as much again, so copying costs a constant per recorded claim.
    private func compactLog(making room: Int) {
        var live = 0
        for index in 0..<bucketCount where buckets[index].tag != 0 {
            var record = buckets[index].lastID
            var kept = 0
            while record > 0, kept < Self.rememberedIDs {
                live += Self.recordHeader + Int(log.loadUnaligned(fromByteOffset: record - 1 + 8, as: UInt32.self))
                record = log.loadUnaligned(fromByteOffset: record - 1, as: Int.self)
                kept += 1
            }
        }
        var capacity = Self.initialLogCapacity
        while capacity < 2 * (live + room) { capacity *= 2 }
        let old = log
        log = Self.allocateLog(capacity)
        logCapacity = capacity
        logCount = 0
        var chain: [Int] = []
        for index in 0..<bucketCount where buckets[index].tag != 0 {
            chain.removeAll(keepingCapacity: true)
            var record = buckets[index].lastID
            while record > 0, chain.count < Self.rememberedIDs {
                chain.append(record - 1)
                record = old.loadUnaligned(fromByteOffset: record - 1, as: Int.self)
            }
            buckets[index].lastID = 0
            for start in chain.reversed() {
                let length = Int(old.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self))
                remember(
                    UnsafeBufferPointer(
                        start: (old + start + Self.recordHeader).assumingMemoryBound(to: UInt8.self), count: length),
                    in: index)
            }
        }
        old.deallocate()
        forgottenBytes = 0
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
