// The ledger's table: a key keeps its usage through the table's growth, keys of any length and
// bytes are told apart, and a key names its last four claims however many it has had; the ledger
// file carries all of it, whatever bytes the keys hold.

import Foundation
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

    /// Keys listed in the order of their bytes, however they were placed and the table grown:
    /// the ledger file and the rewriting of old keys both list them so.
    @Test func entriesComeInTheOrderOfTheirKeys() throws {
        let keys = [
            "b", "a", "ab", "", String(repeating: "身", count: 12), "P10", "P9", String(repeating: "x", count: 40), "\u{1F}",
        ]
        let table = LedgerTable()
        for (index, key) in keys.enumerated() { _ = entry(table, key); if index % 2 == 0 { try record(table, key, 1, id: key) } }
        for filler in 0..<500 { _ = entry(table, "~\(filler)") }
        let sorted = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(table.entriesByKey(usedOnly: false).map(table.key).filter { !$0.hasPrefix("~") } == sorted)
        let used = keys.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(table.entriesByKey(usedOnly: true).map(table.key) == sorted.filter(used.contains))
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
        table.set(index, claims: 7, amount: ExactDecimal(700))
        for id in ["a", "b", "c", "d", "e"] {
            var bytes = Array(id.utf8)
            bytes.withUnsafeMutableBufferPointer { table.remember(UnsafeBufferPointer($0), in: index) }
        }
        #expect(table.claims(index) == 7)
        #expect(table.ids(index) == ["b", "c", "d", "e"])
        try record(table, "P1\u{1F}2021", 100, id: "f")
        #expect(table.ids(index) == ["c", "d", "e", "f"])
        #expect(table.amount(index) == ExactDecimal(800))
    }

    @Test func theLedgerFileRoundTripsAwkwardKeysAndReadsLinesEditedByHand() throws {
        let ledger = Ledger()
        let awkward = "引号\"反斜杠\\制表\t换行\n\u{1}\u{1F}2022"
        let long = String(repeating: "长", count: 20) + "\u{1F}2022"
        try ledger.record("甲/限额", key: awkward, amount: ExactDecimal(120), id: "带\"引号的编号")
        try ledger.record("甲/限额", key: long, amount: (try ExactDecimal(parsing: "0.5")), id: "L1")
        try ledger.record("甲/限额", key: "", amount: ExactDecimal(1), id: "E1")
        try ledger.record("乙/次数", key: "P1\u{1F}2021", amount: ExactDecimal(300), id: "C1")
        let bytes = ledger.serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.contains(#""key":["引号\"反斜杠\\制表\t换行\n\u0001","2022"]"#))
        #expect(text.hasPrefix(#"{"limit":"乙/次数","key":["P1","2021"],"claims":1,"amount":"300","ids":["C1"]}"#))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("year.ledger").path
        guard case .success = ledger.save(to: path) else { Issue.record("cannot save"); return }
        guard case .success(let loaded) = Ledger.load(from: path) else { Issue.record("cannot load"); return }
        #expect(loaded.serialized() == bytes)
        #expect(loaded.usage(of: "甲/限额", key: awkward)?.ids == ["带\"引号的编号"])
        #expect(loaded.usage(of: "甲/限额", key: long)?.amount == (try ExactDecimal(parsing: "0.5")))

        // Any JSON of the same shape reads the same: members in another order, spaces, escapes,
        // CRLF, blank lines.
        let edited = """
            { "ids": ["C1"], "amount": "300", "claims": 1, "key": ["P\\u0031", "2021"], "limit": "乙/次数" }\r

            {"limit":"乙/次数","key":["P2","2021"],"claims":2,"amount":"600","ids":["C2","C3"]}
            """
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        guard case .success(let hand) = Ledger.load(from: path) else { Issue.record("cannot load the edited file"); return }
        #expect(hand.usage(of: "乙/次数", key: "P1\u{1F}2021") == Ledger.Usage(claims: 1, amount: ExactDecimal(300), ids: ["C1"]))
        #expect(hand.usage(of: "乙/次数", key: "P2\u{1F}2021")?.ids == ["C2", "C3"])

        for (damage, expected) in [
            (#"{"limit":"乙/次数","key":["P1"],"claims":1,"amount":"3元","ids":[]}"#, "line 2: expected limit, key, claims"),
            (#"{"limit":"乙/次数","key":["P1","2021"],"claims":1,"amount":"1","ids":[]}"#, "line 2: the key"),
            (#"{"limit":"乙/次数","key":["P9"],"claims":1,"amount":"1","ids":[]"#, "line 2:"),
        ] {
            let first = #"{"limit":"乙/次数","key":["P1","2021"],"claims":1,"amount":"300","ids":["C1"]}"#
            try (first + "\n" + damage + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            guard case .failure(let error) = Ledger.load(from: path) else { Issue.record("\(damage) loaded"); continue }
            #expect(error.message.english.hasPrefix("the ledger \(path) is damaged at \(expected)"), "\(error.message)")
        }
        try Data([0x7B, 0xFF, 0x7D, 0x0A]).write(to: URL(fileURLWithPath: path))
        guard case .failure(let notText) = Ledger.load(from: path) else { Issue.record("bytes loaded"); return }
        #expect(notText.message.english.hasSuffix("line 1: the line is not UTF-8 text"))
        guard case .failure(let missing) = Ledger.load(from: path + ".none") else { Issue.record("nothing loaded"); return }
        #expect(missing.message.english == "there is no ledger at \(path).none")
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
