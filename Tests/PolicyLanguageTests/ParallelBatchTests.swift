// A batch decided on several threads writes exactly what one thread writes: the same results in
// the same order, the same line numbers, the same summary, whatever the input holds (blank lines,
// CR and CRLF line ends, quoted fields over several lines, byte-order marks inside the file,
// records over the limit, broken UTF-8) and wherever the parts are cut.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct ParallelBatchTests {
    /// Invented for these tests: W1's rules (the benchmark's), with no limits, so a batch may be
    /// decided in parallel.
    static let library = PolicyLibrary.load(sources: [
        SourceFile(
            path: "parallel.policy",
            text: """
                policy 并行 {
                  title        "Invented for the parallel batch tests"
                  document     "ParallelBatchTests.swift"
                  jurisdiction 甲省
                  in force     2025-01-01 to 2025-12-31
                }

                enum 劳务品牌 { 棋源叉车工, 陵川焊工, 古陵淘宝客, 太原面点师 }
                enum 证书等级 { 专项, 初级, 中级, 高级, 技师, 高级技师 }

                input 培训天数: days
                input 就业率: percent between 0% and 100%
                input 劳务品牌: 劳务品牌
                input 证书等级: 证书等级
                input 参保月数: months

                rule 普惠制补贴标准: yuan cite "一" = 150 yuan/day * 培训天数 at most 1000 yuan

                rule 阶梯式补贴: yuan cite "二" =
                  marginal 培训天数 {
                    up to 10 days => 150 yuan/day
                    above 10 days => 100 yuan/day
                  } at most 4000 yuan

                program order_training: yuan cite "二" = if 就业率 >= 80% then 阶梯式补贴 else 普惠制补贴标准

                table 品牌补贴标准 by 劳务品牌 cite "三" {
                  劳务品牌   | 补贴
                  棋源叉车工 | 3500 yuan
                  陵川焊工   | 4000 yuan
                }

                program brand_training: yuan cite "三" =
                  if 就业率 >= 80% then 品牌补贴标准[劳务品牌].补贴 else 普惠制补贴标准

                table 职工取证补贴标准 by 证书等级 cite "四" {
                  证书等级 | 补贴
                  初级     | 1000 yuan
                  高级技师 | 6000 yuan
                }

                program employee_cert_bonus: yuan cite "四" =
                  require 参保月数 >= 12 months else "参保不足12个月"
                  职工取证补贴标准[证书等级].补贴 otherwise 0 yuan
                """)
    ])

    private static let header = "id,date,jurisdiction,program,培训天数,就业率,劳务品牌,证书等级,参保月数"

    /// Claims of every kind a batch meets, ordinary ones most of all; `quotes` adds quoted
    /// fields, some over two lines.
    private static func claims(_ count: Int, seed: UInt64, quotes: Bool) -> [UInt8] {
        var random = SplitMix(seed: seed)
        var out = Array((header + "\n").utf8)
        let programs = ["order_training", "brand_training", "employee_cert_bonus", "no_such_program"]
        for index in 0..<count {
            let ends = ["\n", "\n", "\n", "\r\n", "\r"]
            var line =
                "C\(index),2025-0\(1 + random.next(below: 9))-1\(random.next(below: 10)),甲省,\(random.pick(programs)),"
                + "\(random.next(below: 40)),\(50 + random.next(below: 51))%,\(random.pick(["棋源叉车工", "陵川焊工", "太原面点师", "无"])),"
                + "\(random.pick(["初级", "中级", "高级技师", ""])),\(random.next(below: 30))"
            switch random.next(below: 40) {
            case 0: line = ""  // a blank line
            case 1: line = "C\(index),2025-13-01,甲省,order_training,3,90%,陵川焊工,初级,12"  // no such day
            case 2: line = "C\(index),2025-02-01,甲省"  // too few fields
            case 3: line = "\u{FEFF}" + line  // a byte-order mark inside the file is part of the id
            case 4: line = "C\(index)," + String(repeating: "长", count: 100)  // over the record limit
            case 5 where quotes: line = "\"C\(index)\"" + line.drop { $0 != "," }
            case 6 where quotes: line = "\"C\(index)\nsecond line\"" + line.drop { $0 != "," }
            case 7 where quotes: line = "\"C\(index)" + line.drop { $0 != "," }  // never closed
            default: break
            }
            out += Array(line.utf8)
            if random.next(below: 50) == 0 { out += [0xFF, 0xFE] }  // not UTF-8
            out += Array(random.pick(ends).utf8)
        }
        return out
    }

    /// The same kinds of claim as JSON lines, in every shape the full reading accepts or words
    /// a problem with: escapes, exponents, `applied`, keys twice, unknown keys and facts, empty
    /// and null values, numbers and yes-or-no where text belongs, white space, broken UTF-8.
    private static func jsonClaims(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix(seed: seed)
        var out: [UInt8] = []
        let programs = ["order_training", "brand_training", "employee_cert_bonus", "no_such_program"]
        for index in 0..<count {
            let id = random.next(below: 10) == 0 ? "\(index)" : "\"J\(index)\""
            var facts = [
                "\"培训天数\":\(random.next(below: 40))",
                "\"就业率\":\(random.pick(["\"\(50 + random.next(below: 51))%\"", "\(50 + random.next(below: 51))"]))",
                "\"劳务品牌\":\"\(random.pick(["棋源叉车工", "陵川焊工", "太原面点师", "古陵淘宝客", "棋源叉车工", "陵川焊工", "无"]))\"",
                "\"证书等级\":\"\(random.pick(["初级", "中级", "高级技师"]))\"", "\"参保月数\":\(random.next(below: 30))",
            ]
            switch random.next(below: 30) {
            case 0: facts[0] = "\"培训天数\":1e1"
            case 1: facts[0] = "\"培训天数\":\"\""
            case 2: facts[0] = "\"培训天数\":null"
            case 3: facts[2] = "\"劳务品牌\":\"陵川\\u710a工\""  // an escape
            case 4: facts[2] = "\"劳务品牌\":3"
            case 5: facts[3] = "\"证书等级\":true"
            case 6: facts.append("\"未知事实\":1")
            case 7: facts.append("\"培训天数\":5")  // twice
            case 8: facts[0] = "\"培训天数\":-3"
            case 9: facts[0] = "\"培训天数\":007"
            case 10: facts[1] = "\"就业率\":\"八成\""
            case 11: facts.removeFirst()
            default: break
            }
            var members = [
                "\"id\":\(id)", "\"date\":\"2025-0\(1 + random.next(below: 9))-1\(random.next(below: 10))\"",
                "\"jurisdiction\":\"甲省\"",
                "\"program\":\"\(random.pick(programs))\"", "\"facts\":{\(facts.joined(separator: ","))}",
            ]
            switch random.next(below: 30) {
            case 0: members.append("\"applied\":\"2025-01-02\"")
            case 1: members.append("\"note\":\"x\"")
            case 2: members.append("\"id\":\"again\"")
            case 3: members[1] = "\"date\":\"2025-13-01\""
            case 4: members[0] = "\"id\":\"\""
            case 5: members.removeLast()
            case 6: members[4] = "\"facts\":[]"
            default: break
            }
            if random.next(below: 5) == 0 { members.reverse() }
            var line = "{" + members.joined(separator: random.next(below: 4) == 0 ? " , " : ",") + "}"
            switch random.next(below: 40) {
            case 0: line = ""
            case 1: line = "not json"
            case 2: line = "  " + line + "\t"
            case 3: line = "[" + line + "]"
            default: break
            }
            out += Array(line.utf8)
            if random.next(below: 60) == 0 { out += [0xFF] }
            out += Array(random.pick(["\n", "\n", "\r\n"]).utf8)
        }
        return out
    }

    private static let limits = InputLimits(maximumRecordBytes: 200)

    private static func run(
        _ input: [UInt8], workers: Int, partBytes: Int = 1 << 20, from inputFormat: BatchFormat = .csv,
        format: BatchFormat = .csv, scansJSON: Bool = true
    ) -> (String, BatchSummary) {
        var source = BytesSource(input)
        var written: [UInt8] = []
        // A JSON claim is longer than a CSV record: a few of them, not most, are over the limit.
        let limits = inputFormat == .csv ? limits : InputLimits(maximumRecordBytes: 240)
        let runner = BatchRunner(
            library: library, ledger: Ledger(), outputFormat: format, limits: limits, workers: workers, partBytes: partBytes)
        runner.scansJSON = scansJSON
        let summary = runner.run(&source, inputFormat: inputFormat, write: { written.append(contentsOf: $0) })
        return (String(decoding: written, as: UTF8.self), summary)
    }

    private static func expectSame(_ one: BatchSummary, _ other: BatchSummary, _ comment: Testing.Comment) {
        #expect(
            [one.read, one.granted, one.refused, one.invalid] == [other.read, other.granted, other.refused, other.invalid],
            comment)
        #expect(
            one.totalsByPolicy.map { "\($0.policy) \($0.amount)" } == other.totalsByPolicy.map { "\($0.policy) \($0.amount)" })
        #expect(
            one.totalsByProgram.map { "\($0.program) \($0.amount)" } == other.totalsByProgram.map { "\($0.program) \($0.amount)" }
        )
    }

    /// A result's line number is counted on from the last one written: across 9 → 10, 99 → 100,
    /// 999 → 1000, and written anew after a gap, a step back, zero or a negative number.
    @Test func lineNumbersCountedOnAreTheNumbers() {
        var written: [UInt8] = []
        var buffer = OutputBuffer {
            written.append(contentsOf: $0)
            return true
        }
        let numbers = Array(1...1002) + [5000, 5001, 4, 5, 0, 1, -3, 9, 10, 99_999, 100_000, 100_001]
        for number in numbers {
            buffer.appendCounting(number)
            buffer.append(UInt8(ascii: " "))
        }
        buffer.flushAll()
        #expect(String(decoding: written, as: UTF8.self) == numbers.map(String.init).joined(separator: " ") + " ")
    }

    /// Claims that could not all be read (a failing disk) end the batch where they stop, and the
    /// summary says so, on one thread and on several: the caller must not take it for the file.
    @Test(arguments: [1, 2])
    func aReadThatFailsIsReported(workers: Int) {
        struct FailingSource: ByteSource {
            var bytes: BytesSource
            var left: Int
            var readFailure: Int32?
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
                guard left > 0 else {
                    readFailure = EIO
                    return 0
                }
                let count = bytes.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, left)]))
                left -= count
                return count
            }
        }
        let input = Self.claims(300, seed: 19, quotes: false)
        var source = FailingSource(bytes: BytesSource(input), left: input.count / 2)
        let runner = BatchRunner(library: Self.library, ledger: Ledger(), outputFormat: .csv, workers: workers, partBytes: 1000)
        let summary = runner.run(&source, inputFormat: .csv, write: { _ in })
        #expect(summary.inputFailure == EIO)
        #expect(summary.read > 100 && summary.read < 200)
        var whole = BytesSource(input)
        #expect(runner.run(&whole, inputFormat: .csv, write: { _ in }).inputFailure == nil)
    }

    /// A whole figure is checked against its bounds as an integer: with bounds that are not
    /// whole (0.5 to 2.5 days, 12.5% to 87.5%) the batch accepts and refuses exactly the figures
    /// the engine's own reading does, each with its words.
    @Test func wholeFiguresAgainstBoundsThatAreNotWhole() {
        let library = PolicyLibrary.load(sources: [
            SourceFile(
                path: "bounds.policy",
                text: """
                    policy 界限 {
                      title        "Invented for the parallel batch tests"
                      document     "ParallelBatchTests.swift"
                      jurisdiction 甲省
                      in force     2025-01-01 to 2025-12-31
                    }
                    input 天数: days between 0.5 days and 2.5 days
                    input 比例: percent between 12.5% and 87.5%
                    program 补贴: yuan cite "一" = 100 yuan/day * 天数 + 比例 * 1000 yuan
                    """)
        ])
        #expect(!library.hasErrors, "\(library.diagnostics.map(\.message.english))")
        var csv = "id,date,jurisdiction,program,天数,比例\n"
        var json = ""
        // Days 0 and 3 and shares 12% and 88% are outside; 1 and 2 days, 13% and 87% inside.
        for (index, (days, share)) in zip([0, 1, 2, 3, 1, 2], [13, 87, 13, 87, 12, 88]).enumerated() {
            csv += "C\(index),2025-03-01,甲省,补贴,\(days),\(share)%\n"
            json += "{\"id\":\"C\(index)\",\"date\":\"2025-03-01\",\"jurisdiction\":\"甲省\",\"program\":\"补贴\","
            json += "\"facts\":{\"天数\":\"\(days)\",\"比例\":\"\(share)%\"}}\n"
        }
        func results(_ input: String, _ format: BatchFormat) -> [String] {
            var source = BytesSource(Array(input.utf8))
            var written: [UInt8] = []
            let runner = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv, workers: 1)
            runner.scansJSON = false
            _ = runner.run(&source, inputFormat: format, write: { written.append(contentsOf: $0) })
            // Without the line number, which the CSV header shifts by one.
            return String(decoding: written, as: UTF8.self).split(separator: "\n").dropFirst().map {
                $0.drop { $0 != "," }.description
            }
        }
        let fromCSV = results(csv, .csv)
        #expect(fromCSV == results(json, .jsonl))
        #expect(fromCSV.filter { $0.contains(",granted,") }.count == 2)
        #expect(fromCSV.filter { $0.contains(",invalid,") }.count == 4)
    }

    @Test func theLibraryHasNoLimitsSoItsBatchesRunInParallel() {
        #expect(!Self.library.hasErrors, "\(Self.library.diagnostics.map(\.message.english))")
        let runner = BatchRunner(library: Self.library, ledger: Ledger(), outputFormat: .csv, workers: 2)
        #expect(runner.workerCount == 2)
        // The bundled policies have limits: their batches are decided on one thread, in order.
        let bundled = BatchRunner(
            library: PolicyLibrary.load(paths: [Repository.path("policies")]), ledger: Ledger(), outputFormat: .csv, workers: 2)
        #expect(bundled.workerCount == 1)
    }

    @Test(arguments: [1, 5, 64, 333, 4096])
    func partsOfAnySizeDecideAsOneThreadDoes(partBytes: Int) {
        let input = Self.claims(600, seed: 7, quotes: false)
        let (expected, one) = Self.run(input, workers: 1)
        #expect(one.read > 500 && one.granted > 100 && one.refused > 10 && one.invalid > 10)
        for workers in [2, 3] {
            let (output, summary) = Self.run(input, workers: workers, partBytes: partBytes)
            #expect(output == expected, "workers \(workers), parts of \(partBytes) bytes")
            Self.expectSame(summary, one, "workers \(workers), parts of \(partBytes) bytes")
        }
    }

    @Test func jsonLinesResultsToo() {
        let input = Self.claims(300, seed: 11, quotes: false)
        let (expected, one) = Self.run(input, workers: 1, format: .jsonl)
        let (output, summary) = Self.run(input, workers: 2, partBytes: 200, format: .jsonl)
        #expect(output == expected)
        Self.expectSame(summary, one, "JSON lines")
    }

    /// Claims of the usual shape are read from their bytes; every other line goes to the full
    /// reading. Either way, each claim comes out as the full reading alone decides it.
    @Test(arguments: [BatchFormat.csv, .jsonl])
    func jsonClaimsReadFromTheirBytesDecideAsTheFullReadingDoes(output: BatchFormat) {
        let input = Self.jsonClaims(1500, seed: 17)
        let (expected, full) = Self.run(input, workers: 1, from: .jsonl, format: output, scansJSON: false)
        #expect(
            full.read > 1300 && full.granted > 300 && full.refused > 20 && full.invalid > 100,
            "\([full.read, full.granted, full.refused, full.invalid])")
        let (scanned, summary) = Self.run(input, workers: 1, from: .jsonl, format: output)
        #expect(scanned == expected)
        Self.expectSame(summary, full, "scanned")
        for partBytes in [7, 500, 5000] {
            let (output, summary) = Self.run(input, workers: 2, partBytes: partBytes, from: .jsonl, format: output)
            #expect(output == expected, "parts of \(partBytes) bytes")
            Self.expectSame(summary, full, "JSON lines in parts of \(partBytes) bytes")
        }
        // A mark at the start of the input is dropped, in parts as by one reader.
        let marked = Array("\u{FEFF}".utf8) + input
        #expect(Self.run(marked, workers: 2, partBytes: 300, from: .jsonl).0 == Self.run(marked, workers: 1, from: .jsonl).0)
    }

    /// From the first part with a quote on, one reader reads the rest, in order.
    @Test(arguments: [3, 40, 1000])
    func quotedFieldsHandTheRestToOneReader(partBytes: Int) {
        let input = Self.claims(400, seed: 3, quotes: true)
        let (expected, one) = Self.run(input, workers: 1)
        let (output, summary) = Self.run(input, workers: 2, partBytes: partBytes)
        #expect(output == expected)
        Self.expectSame(summary, one, "quotes, parts of \(partBytes) bytes")
    }

    /// A header one ordinary reader would not read as it is (a mark, a quote, a name twice, a
    /// lone CR, none at all) sends the whole batch to one reader.
    @Test(arguments: [
        "\u{FEFF}" + header + "\n", "\"id\"" + header.dropFirst(2) + "\n", header + ",id\n", header + "\r", "",
        "\n\n" + header + "\n",
    ])
    func anUnusualHeaderIsReadByOneReader(headerLine: String) {
        let body = Self.claims(50, seed: 5, quotes: false).drop { $0 != 0x0A }.dropFirst()
        let input = Array(headerLine.utf8) + body
        let (expected, one) = Self.run(input, workers: 1)
        let (output, summary) = Self.run(input, workers: 2, partBytes: 64)
        #expect(output == expected)
        Self.expectSame(summary, one, "header \(headerLine.debugDescription)")
    }

    @Test func aLineLongerThanAPartAndTheLimitIsReadPast() {
        var input = Self.claims(20, seed: 9, quotes: false)
        input += Array(("C-long," + String(repeating: "x", count: 5000) + "\n").utf8)
        input += Self.claims(20, seed: 10, quotes: false).drop { $0 != 0x0A }.dropFirst()
        let (expected, one) = Self.run(input, workers: 1)
        let (output, summary) = Self.run(input, workers: 2, partBytes: 100)
        #expect(output == expected)
        Self.expectSame(summary, one, "a long line")
        #expect(output.contains("longer than 200 bytes (5007 bytes)"))
    }

    /// A writer that refuses stops the batch: what was written is the start of the results, and
    /// the summary says the output failed.
    @Test func aRefusingWriterStopsTheBatch() {
        let input = Self.claims(2000, seed: 13, quotes: false)
        let (expected, _) = Self.run(input, workers: 1)
        var source = BytesSource(input)
        var written: [UInt8] = []
        let runner = BatchRunner(
            library: Self.library, ledger: Ledger(), outputFormat: .csv, limits: Self.limits, workers: 2, partBytes: 500)
        let summary = runner.run(&source, inputFormat: .csv) { bytes in
            guard written.count < 20_000 else { return false }
            written.append(contentsOf: bytes)
            return true
        }
        #expect(summary.outputFailed)
        #expect(written.count >= 20_000 && written.count < expected.utf8.count)
        #expect(expected.utf8.starts(with: written))
    }
}

extension SplitMix {
    mutating func pick<T>(_ options: [T]) -> T { options[next(below: options.count)] }
}
