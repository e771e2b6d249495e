// One limit's usage, keyed by bytes, laid out for a batch of millions of claims: a lookup reads
// one slot (which carries part of the key's hash), one 64-byte entry and the key's bytes, and
// adding a claim allocates nothing. The keys, and the ids of the claims that used each key, live
// in one byte arena; an entry remembers the last few ids as references into it.

final class LedgerTable {
    struct Entry {
        var keyOffset: Int
        var keyLength: Int32
        var claims: Int32
        var amount: ExactDecimal
        /// References to the last ids, oldest first: offset << 16 | length.
        var ids: (UInt64, UInt64, UInt64, UInt64)
        var idCount: Int32
        var idStart: Int32
    }

    /// How many ids an entry remembers.
    static let rememberedIDs = 4

    /// 0 for an empty slot, else the entry's index + 1 in the low half and the hash's high half.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int
    private(set) var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    private(set) var count = 0
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int

    init() {
        slotCount = 1024
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        entryCapacity = 512
        entries = .allocate(capacity: entryCapacity)
        arenaCapacity = 1 << 14
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        arena.deallocate()
    }

    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        ByteKeyTable<Int>.hash(key)
    }

    /// The entry for `key`, added with no usage if there was none.
    func entry(for key: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(key)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(value & 0xFFFF_FFFF) - 1
                if keyEquals(index, key) { return index }
            }
            slot = (slot + 1) & mask
        }
        // Absent: add it.
        if (count + 1) * 2 > slotCount {
            grow()
            return entry(for: key)
        }
        let index = count
        if index == entryCapacity { growEntries() }
        let offset = store(key)
        entries[index] = Entry(
            keyOffset: offset, keyLength: Int32(key.count), claims: 0, amount: .zero, ids: (0, 0, 0, 0), idCount: 0, idStart: 0)
        count += 1
        slots[slot] = tag | UInt64(index + 1)
        return index
    }

    /// The entry for `key`, if there is one.
    func existingEntry(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { return nil }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(value & 0xFFFF_FFFF) - 1
                if keyEquals(index, key) { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds one claim's use: its amount, and its id (as bytes).
    func record(_ index: Int, amount: ExactDecimal, id: UnsafeBufferPointer<UInt8>) throws(ArithmeticError) {
        let total = try ExactDecimal.adding(entries[index].amount, amount)
        entries[index].amount = total
        entries[index].claims += 1
        remember(id, in: index)
    }

    /// Sets an entry's usage outright, as a ledger file gives it.
    func set(_ index: Int, claims: Int, amount: ExactDecimal, ids: [String]) {
        entries[index].claims = Int32(clamping: claims)
        entries[index].amount = amount
        entries[index].idCount = 0
        entries[index].idStart = 0
        for id in ids {
            var bytes = Array(id.utf8)
            bytes.withUnsafeMutableBufferPointer { remember(UnsafeBufferPointer($0), in: index) }
        }
    }

    /// Keeps an id among the entry's last few, dropping the oldest when they are full.
    private func remember(_ id: UnsafeBufferPointer<UInt8>, in index: Int) {
        let reference = UInt64(store(id)) << 16 | UInt64(min(id.count, 0xFFFF))
        let (count, start) = (entries[index].idCount, entries[index].idStart)
        let limit = Int32(Self.rememberedIDs)
        let position: Int32
        if count < limit {
            position = (start + count) % limit
            entries[index].idCount = count + 1
        } else {
            position = start
            entries[index].idStart = (start + 1) % limit
        }
        withUnsafeMutablePointer(to: &entries[index].ids) { tuple in
            tuple.withMemoryRebound(to: UInt64.self, capacity: Self.rememberedIDs) { $0[Int(position)] = reference }
        }
    }

    func claims(_ index: Int) -> Int { Int(entries[index].claims) }
    func amount(_ index: Int) -> ExactDecimal { entries[index].amount }

    /// The remembered ids, oldest first.
    func ids(_ index: Int) -> [String] {
        let entry = entries[index]
        return withUnsafeBytes(of: entry.ids) { raw in
            let ids = raw.bindMemory(to: UInt64.self)
            return (0..<Int(entry.idCount)).map { position in
                let reference = ids[Int((entry.idStart + Int32(position)) % Int32(Self.rememberedIDs))]
                let offset = Int(reference >> 16)
                let length = Int(reference & 0xFFFF)
                return String(decoding: UnsafeBufferPointer(start: arena + offset, count: length), as: UTF8.self)
            }
        }
    }

    func key(_ index: Int) -> String {
        String(
            decoding: UnsafeBufferPointer(start: arena + entries[index].keyOffset, count: Int(entries[index].keyLength)),
            as: UTF8.self)
    }

    // MARK: Storage

    private func keyEquals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[index]
        guard Int(entry.keyLength) == key.count else { return false }
        guard let base = key.baseAddress else { return true }
        return memcmp(arena + entry.keyOffset, base, key.count) == 0
    }

    /// Copies bytes into the arena; returns where they start.
    private func store(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if arenaCount + bytes.count > arenaCapacity {
            var capacity = arenaCapacity * 2
            while arenaCount + bytes.count > capacity { capacity *= 2 }
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            larger.update(from: arena, count: arenaCount)
            arena.deallocate()
            arena = larger
            arenaCapacity = capacity
        }
        let offset = arenaCount
        if let base = bytes.baseAddress { (arena + offset).update(from: base, count: bytes.count) }
        arenaCount += bytes.count
        return offset
    }

    private func growEntries() {
        let capacity = entryCapacity * 2
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        larger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = larger
        entryCapacity = capacity
    }

    private func grow() {
        slots.deallocate()
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for index in 0..<count {
            let entry = entries[index]
            let hash = Self.hash(UnsafeBufferPointer(start: arena + entry.keyOffset, count: Int(entry.keyLength)))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
