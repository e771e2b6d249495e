// The ledger's table: a key keeps its usage through the table's growth, keys of any length and
// bytes are told apart, and a key names its last four claims however many it has had.

import Testing

@testable import PolicyLanguage

@Suite struct LedgerTableTests {
    private func entry(_ table: LedgerTable, _ key: String) -> Int {
        var bytes = Array(key.utf8)
        return bytes.withUnsafeMutableBufferPointer { table.entry(for: UnsafeBufferPointer($0)) }
    }

    private func existing(_ table: LedgerTable, _ key: String) -> Int? {
        var bytes = Array(key.utf8)
        return bytes.withUnsafeMutableBufferPointer { table.existingEntry(for: UnsafeBufferPointer($0)) }
    }

    private func record(_ table: LedgerTable, _ key: String, _ amount: Int, id: String) throws {
        var bytes = Array(id.utf8)
        let index = entry(table, key)
        try bytes.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<UInt8>) throws(ArithmeticError) in
            try table.record(index, amount: ExactDecimal(amount), id: UnsafeBufferPointer(buffer))
        }
    }

    @Test func aBucketIsOneCacheLine() {
        #expect(MemoryLayout<LedgerTable.Bucket>.stride == 64)
    }

    @Test func keysKeepTheirUsageAsTheTableGrows() throws {
        let table = LedgerTable()
        for person in 0..<20_000 { try record(table, "P\(person)\u{1F}2021", person % 7, id: "C\(person)") }
        for person in 0..<20_000 { try record(table, "P\(person)\u{1F}2021", 1, id: "D\(person)") }
        #expect(table.count == 20_000)
        for person in stride(from: 0, to: 20_000, by: 997) {
            let index = try #require(existing(table, "P\(person)\u{1F}2021"))
            #expect(table.claims(index) == 2)
            #expect(table.amount(index) == ExactDecimal(person % 7 + 1))
            #expect(table.ids(index) == ["C\(person)", "D\(person)"])
            #expect(table.key(index) == "P\(person)\u{1F}2021")
        }
        #expect(existing(table, "P20000\u{1F}2021") == nil)
    }

    @Test func shortLongAndEmptyKeysAreToldApart() throws {
        let long = String(repeating: "身份证号", count: 20)
        let keys = ["", "a", "ab", String(repeating: "x", count: 32), String(repeating: "x", count: 33), long, long + "1"]
        let table = LedgerTable()
        for (position, key) in keys.enumerated() { try record(table, key, position, id: "id\(position)") }
        #expect(table.count == keys.count)
        for (position, key) in keys.enumerated() {
            let index = try #require(existing(table, key))
            #expect(table.key(index) == key)
            #expect(table.amount(index) == ExactDecimal(position))
            #expect(table.ids(index) == ["id\(position)"])
        }
    }

    @Test func aKeyRemembersItsLastFourClaimsThroughTheLogsCompaction() throws {
        let table = LedgerTable()
        // One platform's many claims fill the log with forgotten ids again and again.
        for claim in 1...50_000 { try record(table, "平台A", 2, id: "PLATFORM-CLAIM-\(claim)") }
        try record(table, "平台B", 5, id: "B1")
        let a = try #require(existing(table, "平台A"))
        #expect(table.claims(a) == 50_000)
        #expect(table.amount(a) == ExactDecimal(100_000))
        #expect(table.ids(a) == (49_997...50_000).map { "PLATFORM-CLAIM-\($0)" })
        #expect(table.ids(try #require(existing(table, "平台B"))) == ["B1"])
        // 50,000 ids of 20 bytes were logged; the log keeps room for the remembered few.
        #expect(table.logCapacity <= 1 << 16)
    }

    @Test func aLedgerFileSetsUsageWithItsLastIDs() throws {
        let table = LedgerTable()
        let index = entry(table, "P1\u{1F}2021")
        table.set(index, claims: 7, amount: ExactDecimal(700), ids: ["a", "b", "c", "d", "e"])
        #expect(table.claims(index) == 7)
        #expect(table.ids(index) == ["b", "c", "d", "e"])
        try record(table, "P1\u{1F}2021", 100, id: "f")
        #expect(table.ids(index) == ["c", "d", "e", "f"])
        #expect(table.amount(index) == ExactDecimal(800))
    }

    @Test func theHashSpreadsKeysThatDifferInOneByte() {
        var seen = Set<UInt64>()
        for length in 0...40 {
            var bytes = [UInt8](repeating: 0x41, count: length)
            for position in 0..<max(length, 1) {
                if length > 0 { bytes[position] = 0x42 }
                seen.insert(bytes.withUnsafeBufferPointer { ByteHash.hash($0) })
                if length > 0 { bytes[position] = 0x41 }
            }
        }
        // Every variant of every length hashes differently.
        #expect(seen.count == 1 + (1...40).reduce(0, +))
    }
}
