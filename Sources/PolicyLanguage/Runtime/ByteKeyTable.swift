// A hash table keyed by byte strings, for the batch's hot path: the ledger's keys (a person's id
// number, a year, a trade) and the texts a claim brings. Swift's String hashing and comparison
// normalise Unicode, which for Chinese text costs more than everything else a claim needs; these
// keys are compared as bytes, and stored in one arena, so a lookup allocates nothing.

struct ByteKeyTable<Value> {
    /// Open addressing: the index of an entry, or -1.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keyRanges: [Range<Int>] = []
    private(set) var values: [Value] = []
    private var arena: [UInt8] = []

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
    }

    var count: Int { values.count }

    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteHash.hash(key) }

    /// The index of the entry for `key`, if there is one.
    func index(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if hashes[entry] == hash, keyEquals(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
    }

    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        index(of: key, hash: Self.hash(key))
    }

    /// Adds an entry for a key known to be absent; returns its index.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Value) -> Int {
        if (values.count + 1) * 2 > slots.count { grow() }
        let entry = values.count
        let start = arena.count
        arena.append(contentsOf: key)
        keyRanges.append(start..<arena.count)
        hashes.append(hash)
        values.append(value)
        place(entry)
        return entry
    }

    subscript(entry: Int) -> Value {
        get { values[entry] }
        set { values[entry] = newValue }
    }

    /// Changes an entry's value where it is stored, so that arrays inside it are not copied.
    mutating func update(_ entry: Int, _ body: (inout Value) throws(ArithmeticError) -> Void) throws(ArithmeticError) {
        try body(&values[entry])
    }

    /// The key of an entry.
    func key(_ entry: Int) -> ArraySlice<UInt8> { arena[keyRanges[entry]] }

    private func keyEquals(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let range = keyRanges[entry]
        guard range.count == key.count else { return false }
        guard !key.isEmpty else { return true }
        return arena.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + range.lowerBound, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for entry in values.indices { place(entry) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
