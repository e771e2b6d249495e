// Claims at scale: a batch decides every claim as `eval` does, keeps limits in a ledger across
// claims and across batches, never drops a line, and leaves the ledger intact when killed.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct BatchTests {
    static let library = PolicyLibrary.load(paths: [Repository.path("policies")])

    private func run(_ text: String, format: BatchFormat, output: BatchFormat? = nil, ledger: Ledger = Ledger()) -> (
        String, BatchSummary
    ) {
        run(bytes: Array(text.utf8), format: format, output: output, ledger: ledger)
    }

    private func run(bytes: [UInt8], format: BatchFormat, output: BatchFormat? = nil, ledger: Ledger = Ledger()) -> (
        String, BatchSummary
    ) {
        var source = BytesSource(bytes)
        var written: [UInt8] = []
        let runner = BatchRunner(library: Self.library, ledger: ledger, outputFormat: output ?? format)
        let summary = runner.run(&source, inputFormat: format, write: { written.append(contentsOf: $0) })
        return (String(decoding: written, as: UTF8.self), summary)
    }

    static func exampleClaims() throws -> [(name: String, json: String)] {
        let directory = Repository.path("examples")
        return try Listing.names(inDirectory: directory, endingWith: ".json").map {
            ($0, try String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8))
        }
    }

    @Test func aBatchDecidesEveryExampleAsEvalDoes() throws {
        let claims = try Self.exampleClaims()
        #expect(claims.count >= 6)
        let lines = try claims.map { claim in
            JSONWriter.write(try JSONParser.parse(Array(claim.json.utf8)))
        }
        let (output, summary) = run(lines.joined(separator: "\n") + "\n", format: .jsonl)
        #expect(summary.read == claims.count)
        let results = try output.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(results.count == claims.count)
        let engine = Engine(library: Self.library)
        for (claim, result) in zip(claims, results) {
            let decision = engine.decide(json: Array(claim.json.utf8))
            #expect(result["status"] == .string(decision.status.rawValue), "\(claim.name)")
            if case .granted(let value, _) = decision.outcome, decision.kind != .obligation {
                #expect(result["amount"] == .string(value.description), "\(claim.name)")
            }
            #expect(result["policy"] == (decision.policy.map { .string($0.name) } ?? .null), "\(claim.name)")
        }
    }

    /// A limit whose key the claim does not give stops the claim where the explained path reads
    /// that key: after the limits before it, so a claim an earlier limit refuses is refused, in
    /// the batch as in `eval` (found by the generated-policy fuzzer).
    @Test func aLimitBeforeAnUnreadableKeyRefusesFirst() throws {
        let text =
            testHeader + """
                input 人: text
                input 工种: text
                program 补贴: yuan cite "一" = 100 yuan
                limit 每人一次 cite "一" {
                  for 补贴
                  per 人
                  at most 1 claim
                }
                limit 每人每工种一次 cite "一" {
                  for 补贴
                  per 人, 工种
                  at most 1 claim
                }
                """
        let library = PolicyLibrary.load(sources: [SourceFile(path: "limits.policy", text: text)])
        #expect(!library.hasErrors, "\(library.diagnostics.map(\.message.english))")
        let claims = """
            id,date,jurisdiction,program,人,工种
            A,2022-03-01,山西省,补贴,张三,焊工
            B,2022-03-02,山西省,补贴,张三,
            C,2022-03-03,山西省,补贴,李四,
            """
        var source = BytesSource(Array(claims.utf8))
        var written: [UInt8] = []
        let runner = BatchRunner(library: library, ledger: Ledger(), outputFormat: .jsonl)
        let summary = runner.run(&source, inputFormat: .csv, write: { written.append(contentsOf: $0) })
        let results = try String(decoding: written, as: UTF8.self).split(separator: "\n").map {
            try JSONParser.parse(Array($0.utf8))
        }
        #expect(summary.read == 3 && results.count == 3)
        #expect(results.map { $0["status"] } == [.string("granted"), .string("refused"), .string("invalid")])
        func words(_ result: JSONValue) -> String {
            guard case .array(let items)? = result["reasons"] ?? result["problems"] else { return "" }
            return items.map { if case .string(let text) = $0 { text } else { "" } }.joined(separator: "; ")
        }
        #expect(words(results[1]).contains("the limit 每人一次"), "\(results[1])")
        // The third claim reaches the second limit, whose key it does not give.
        let problems = words(results[2])
        #expect(problems.contains("工种"), "\(problems)")
    }

    /// A result's JSON strings read back as the text written: with nothing to escape (one copy
    /// between quotes), and with a quote, a backslash or a control character at the start, in
    /// the middle and at the end, around the eight bytes the escape scan reads at a time.
    @Test func jsonStringsReadBackAsWritten() throws {
        var texts = ["", "1", "B12345", "棋源叉车工", "a\"b", "\\", "\u{01}", "tab\there", "行\n"]
        for length in 0...18 {
            let plain = String(repeating: "x", count: length)
            texts.append(plain)
            for special in ["\"", "\\", "\u{1F}", "\r"] {
                texts += [
                    special + plain, plain + special, String(plain.prefix(length / 2)) + special + plain.dropFirst(length / 2),
                ]
            }
        }
        for text in texts {
            let written = OutputBuffer.jsonString(text)
            #expect(
                try JSONParser.parse(written) == .string(text),
                "\(text.debugDescription) as \(String(decoding: written, as: UTF8.self))")
            #expect(!written.dropFirst().dropLast().contains { $0 < 0x20 }, "\(text.debugDescription)")
        }
    }

    @Test func csvAndJSONLinesGiveTheSameResults() throws {
        let csv = try Repository.read("examples/batch-lingchuan.csv")
        let (fromCSV, _) = run(csv, format: .csv)
        // The same claims as JSON lines, with empty cells left out.
        var reader = CSVReader(bytes: Array(csv.utf8))
        guard case .success(let header)? = reader.next() else { return }
        var lines: [String] = []
        while case .success(let record)? = reader.next() {
            var claim: [JSONMember] = []
            var facts: [JSONMember] = []
            for (name, value) in zip(header.fields, record.fields) where !value.isEmpty {
                if ["id", "date", "jurisdiction", "program"].contains(name) {
                    claim.append(JSONMember(key: name, value: .string(value)))
                } else {
                    facts.append(JSONMember(key: name, value: .string(value)))
                }
            }
            claim.append(JSONMember(key: "facts", value: .object(facts)))
            lines.append(JSONWriter.write(.object(claim)))
        }
        let (fromJSON, _) = run(lines.joined(separator: "\n"), format: .jsonl, output: .csv)
        #expect(
            rows(fromCSV).map { $0["status"]! + "/" + $0["amount"]! }
                == rows(fromJSON).map { $0["status"]! + "/" + $0["amount"]! })
        #expect(rows(fromCSV).map(\.["line"]) == ["2", "3", "4", "5", "6", "7", "8"])
    }

    @Test func theThirdTrainingOfAYearIsGrantedAndTheFourthRefused() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        func row(_ id: String, _ date: String, _ trade: String) -> String {
            "\(id),\(date),陵川县,普惠制培训补贴,140524199001010017,\(trade),初级,5,退役军人\n"
        }
        let (output, summary) = run(
            header + row("A1", "2021-01-05", "电工") + row("A2", "2021-03-05", "焊工") + row("A3", "2021-12-31", "厨师")
                + row("A4", "2021-12-31", "育婴员") + row("A5", "2020-12-31", "育婴员"), format: .csv)
        let results = rows(output)
        #expect(results.map { $0["status"]! } == ["granted", "granted", "granted", "refused", "granted"])
        #expect(results[3]["reasons"]!.contains("has used them: A1, A2, A3"))
        #expect(summary.granted == 4)
    }

    @Test func theSameTradeAtTheSameLevelOnceAYear() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let x1 = person(1)
        let (output, _) = run(
            header + "B1,2021-02-01,陵川县,普惠制培训补贴,\(x1),电工,初级,5,退役军人\n" + "B2,2021-05-01,陵川县,普惠制培训补贴,\(x1),电工,初级,5,退役军人\n"
                + "B3,2021-05-01,陵川县,普惠制培训补贴,\(x1),电工,中级,5,退役军人\n", format: .csv)
        let results = rows(output)
        #expect(results.map { $0["status"]! } == ["granted", "refused", "granted"])
        #expect(results[1]["reasons"]!.contains("同一工种同一等级每年一次"))
        #expect(results[1]["reasons"]!.contains(": B1"))
    }

    @Test func decemberCountsTowardsTheNextTrainingYear() {
        // 300 yuan a person a counting year online; the 2022 plan's counting year starts on 1
        // December, so December 2022 counts towards 2023 and November 2022 towards 2022.
        let header = "id,date,jurisdiction,program,身份证号,线上平台,获得培训合格证书,证书等级,课时,线下培训人员比例\n"
        let p1 = person(1)
        let (output, _) = run(
            header + "C1,2022-12-01,山西省,线上职业技能培训补贴,\(p1),平台甲,true,高级工,40,60\n"
                + "C2,2022-12-20,山西省,线上职业技能培训补贴,\(p1),平台甲,true,初级工,60,60\n"
                + "C3,2022-11-30,山西省,线上职业技能培训补贴,\(p1),平台甲,true,初级工,10,60\n", format: .csv)
        let results = rows(output)
        // 200 and 180 in December 2022: 2023's 300 leave 100 for the second; November's 30 is 2022's.
        #expect(results.map { $0["amount"]! } == ["200", "100", "30"])
        #expect(results[1]["reasons"]!.hasPrefix("reduced from 180 yuan to 100 yuan by the limit 线上培训每人每年"))
    }

    @Test func oneCertificateSubsidyPerPersonAndLevel() {
        let header = "id,date,jurisdiction,program,身份证号,证书等级,初次取证,已使用电子培训券\n"
        let q1 = person(1)
        let (output, _) = run(
            header + "D1,2022-03-01,山西省,职业技能等级证书补贴,\(q1),初级工,true,true\n"
                + "D2,2022-04-01,山西省,职业技能等级证书补贴,\(q1),初级工,false,true\n"
                + "D3,2022-04-01,山西省,职业技能等级证书补贴,\(q1),高级工,false,true\n", format: .csv)
        #expect(rows(output).map { $0["status"]! } == ["granted", "refused", "granted"])
    }

    @Test func aCoursesResourceSubsidyStopsAtItsLevelsCap() {
        // 二(七): a 中级 course is paid until it reaches 4000 yuan, then is free to use.
        let header = "id,date,jurisdiction,program,线上平台,课程编号,课程等级,课程资源补贴申请额\n"
        let (output, _) = run(
            header + "R1,2022-03-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,2500\n"
                + "R2,2022-04-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,1500\n"
                + "R3,2022-05-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,10\n"
                + "R4,2022-05-01,山西省,线上课程资源补贴,平台甲,K-02,初级工,3500\n"
                + "R5,2022-05-01,山西省,线上课程资源补贴,平台乙,K-01,中级工,100\n", format: .csv)
        let results = rows(output)
        #expect(
            results.map { $0["status"]! + "/" + $0["amount"]! } == [
                "granted/2500", "granted/1500", "refused/", "granted/3000", "granted/100",
            ])
        #expect(results[2]["reasons"]!.contains("the limit 课程资源补贴封顶 allows 4000 yuan per 线上平台, 课程编号"))
        #expect(results[2]["reasons"]!.contains("has used it: R1, R2"))
        #expect(results[3]["reasons"]!.hasPrefix("reduced from 3500 yuan to 3000 yuan by the limit 课程资源补贴封顶"))
    }

    @Test func aPlatformsYearStopsAtThreeMillionYuan() {
        // 600 高级 courses of 5000 yuan fill 平台甲's 2022 counting year; the next is refused, so is
        // one of November 2022; one of December 2022 counts towards 2023, and another platform is
        // not affected.
        var csv = "id,date,jurisdiction,program,线上平台,课程编号,课程等级,课程资源补贴申请额\n"
        for course in 1...601 { csv += "S\(course),2022-06-01,山西省,线上课程资源补贴,平台甲,K\(course),高级工,5000\n" }
        csv += "S602,2022-11-30,山西省,线上课程资源补贴,平台甲,K602,高级工,5000\n"
        csv += "S603,2022-06-01,山西省,线上课程资源补贴,平台乙,K1,高级工,5000\n"
        csv += "S604,2022-12-01,山西省,线上课程资源补贴,平台甲,K604,高级工,5000\n"
        let (output, summary) = run(csv, format: .csv)
        let results = rows(output)
        #expect(results.prefix(600).allSatisfy { $0["status"] == "granted" && $0["amount"] == "5000" })
        #expect(results[600]["status"] == "refused")
        #expect(results[600]["reasons"]!.contains("the limit 平台年度补贴总额 allows 3000000 yuan per 线上平台, counting year"))
        #expect(results[600]["reasons"]!.contains("has used it: S597, S598, S599, S600"))
        #expect(results[601]["status"] == "refused")
        #expect(results[602]["status"] == "granted")
        #expect(results[603]["status"] == "granted")
        #expect(summary.granted == 602)
    }

    @Test func theDerivationShowsTheAmountTheLimitsLeave() throws {
        let ledger = Ledger()
        let key = "\(person(1))\u{1F}2022"
        try ledger.record("山西省2022/线上培训每人每年", key: key, amount: ExactDecimal(200), id: "C0")
        let claim = Claim(
            id: "C1", date: CalendarDate(iso: "2022-03-01")!, jurisdiction: ["山西省"], program: "线上职业技能培训补贴",
            facts: [
                Fact(name: "身份证号", value: .text(person(1))), Fact(name: "线上平台", value: .text("平台甲")),
                Fact(name: "获得培训合格证书", value: .bool(true)), Fact(name: "证书等级", value: .text("高级工")),
                Fact(name: "课时", value: .number("40")), Fact(name: "线下培训人员比例", value: .number("60")),
            ])
        let reduced = Engine(library: Self.library).decide(claim, ledger: ledger)
        #expect(reduced.formattedValue?.english == "100 yuan")
        #expect(reduced.trace?.rendered(in: .en).hasPrefix("线上职业技能培训补贴 = 100 yuan") == true)
        let alone = Engine(library: Self.library).decide(claim)
        #expect(alone.trace?.rendered(in: .en).hasPrefix("线上职业技能培训补贴 = 200 yuan") == true)
    }

    @Test func aCorruptedLineYieldsOneErrorRecordAndTheRestAreDecided() throws {
        let csv = try Repository.read("examples/batch-lingchuan.csv")
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("LC-BAD,\"2021-05-05,陵川县,品牌培训补贴", at: 4)
        let (output, summary) = run(lines.joined(separator: "\n"), format: .csv)
        let results = rows(output)
        #expect(summary.read == 8)
        #expect(summary.read == summary.granted + summary.refused + summary.invalid)
        #expect(results.count == 8)
        let bad = try #require(results.first { $0["line"] == "5" })
        #expect(bad["status"] == "invalid")
        #expect(bad["reasons"]!.contains("line 5"))
        #expect(results.filter { $0["status"] != "invalid" }.count == 7)
    }

    @Test func raggedRowsMissingColumnsAndBadFactsAreErrorRecordsWithTheirLine() {
        let (output, summary) = run(
            "id,date,jurisdiction,program,培训天数\nE1,2022-03-01,山西省,普惠制培训补贴\nE2,2022-02-30,山西省,普惠制培训补贴,3\n,2022-03-01,山西省,普惠制培训补贴,3\nE4,2022-03-01,山西省,普惠制培训补贴,-3\n",
            format: .csv)
        let results = rows(output)
        #expect(results.map { $0["status"]! } == ["invalid", "invalid", "invalid", "invalid"])
        #expect(results[0]["reasons"]!.contains("the row has 4 fields, the header has 5"))
        #expect(results[1]["reasons"]!.contains("2022-02 has 28 days"))
        #expect(results[2]["reasons"]!.contains("no id"))
        #expect(results[3]["reasons"]!.contains("cannot be negative"))
        #expect(summary.invalid == 4)
        let (noHeader, _) = run("编号,日期,项目\nF1,2022-03-01,x\n", format: .csv)
        #expect(noHeader.contains("the header has no jurisdiction column"))
        #expect(rows(noHeader).last?["line"] == "2")
    }

    @Test func anUnusableHeaderIsOneRecordAndEveryClaimAfterItIsInvalid() {
        for header in ["编号,日期,项目", "\"id,date,jurisdiction,program"] {
            let (output, summary) = run(header + "\nF1,2022-03-01,x\nF2,2022-03-01,x\n", format: .csv)
            let results = rows(output)
            #expect(results.map { $0["line"]! } == ["1", "2", "3"])
            #expect(results.allSatisfy { $0["status"] == "invalid" })
            #expect(results[1]["reasons"] == "line 2: the header on line 1 is not usable")
            #expect(summary.read == 3 && summary.invalid == 3)
        }
        let (missing, _) = run("编号,日期\n", format: .csv)
        #expect(
            rows(missing).first?["reasons"]
                == "line 1: the header has no jurisdiction column (jurisdiction or 地区); the header has no program column (program or 项目)"
        )
    }

    @Test func textThatIsNotUTF8IsAnErrorRecordNamingItsField() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let good = "U1,2021-04-10,陵川县,普惠制培训补贴,\(person(1)),电工,初级,5,退役军人\n"
        var bytes = Array((header + good).utf8)
        bytes += Array("U2,2021-04-10,陵川县,普惠制培训补贴,\(person(2)),电".utf8) + [0xE7] + Array(",初级,5,退役军人\n".utf8)
        bytes += Array("U3,2021-04-10,陵川县,普惠制".utf8) + [0xFF] + Array(",\(person(3)),电工,初级,5,退役军人\n".utf8)
        bytes += [0x55, 0xFF] + Array(",2021-04-10,陵川县,普惠制培训补贴,\(person(4)),电工,初级,5,退役军人\n".utf8)
        bytes += Array(good.replacingOccurrences(of: "U1", with: "U5").replacingOccurrences(of: person(1), with: person(5)).utf8)
        let (output, summary) = run(bytes: bytes, format: .csv)
        let results = rows(output)
        #expect(results.map { $0["status"]! } == ["granted", "invalid", "invalid", "invalid", "granted"])
        #expect(results[1]["reasons"] == "the fact 培训工种 is not UTF-8 text; save the file as UTF-8")
        #expect(results[2]["reasons"] == "line 4: the jurisdiction or program is not UTF-8 text; save the file as UTF-8")
        #expect(results[3]["reasons"] == "line 5: the id is not UTF-8 text; save the file as UTF-8")
        #expect(summary.read == 5 && summary.granted == 2 && summary.invalid == 3)
    }

    @Test func chineseHeadersQuotedFieldsByteOrderMarkAndCRLF() {
        let text = "\u{FEFF}编号,日期,地区,项目,培训天数,已使用电子培训券,普惠制日标准\r\n\"G,1\",2022-03-01,山西省,普惠制培训补贴,4,true,\"100\"\r\n"
        let (output, _) = run(text, format: .csv)
        let results = rows(output)
        #expect(results.first?["id"] == "G,1")
        #expect(results.first?["amount"] == "400")
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let csv = try Repository.read("examples/batch-lingchuan.csv")
        #expect(run(csv, format: .csv).0 == run(csv, format: .csv).0)
        #expect(run(csv, format: .csv, output: .jsonl).0 == run(csv, format: .csv, output: .jsonl).0)
    }

    @Test func aLedgerCarriesFromOneBatchToTheNext() throws {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let z9 = person(9)
        let february = header + "H1,2021-02-01,陵川县,普惠制培训补贴,\(z9),电工,初级,5,退役军人\nH2,2021-02-11,陵川县,普惠制培训补贴,\(z9),焊工,初级,5,退役军人\n"
        let march = header + "H3,2021-03-01,陵川县,普惠制培训补贴,\(z9),厨师,初级,5,退役军人\nH4,2021-03-11,陵川县,普惠制培训补贴,\(z9),花艺,初级,5,退役军人\n"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("2021.ledger").path

        let first = Ledger()
        _ = run(february, format: .csv, ledger: first)
        guard case .success = first.save(to: path) else { Issue.record("cannot save"); return }
        guard case .success(let loaded) = Ledger.load(from: path) else { Issue.record("cannot load"); return }
        #expect(loaded.serialized() == first.serialized())
        #expect(loaded.usage(of: "陵川县2020/每人每年补贴性培训次数", key: "\(z9)\u{1F}2021")?.ids == ["H1", "H2"])
        let (output, _) = run(march, format: .csv, ledger: loaded)
        #expect(rows(output).map { $0["status"]! } == ["granted", "refused"])
        #expect(rows(output)[1]["reasons"]!.contains(": H1, H2, H3"))
        // Only the ledger file remains: no temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["2021.ledger"])
        // A damaged ledger is reported, not half read.
        try "{\"limit\": 3}\n".write(toFile: path, atomically: true, encoding: .utf8)
        guard case .failure(let error) = Ledger.load(from: path) else { Issue.record("a damaged ledger loaded"); return }
        #expect(error.message.english.contains("damaged at line 1"))
    }

    /// A runner may run batch after batch (the fuzzer's does), each against the ledger it is
    /// given then: the plans it keeps from one to the next change nothing a batch writes or sums.
    @Test func aRunnerKeptFromBatchToBatchDecidesEachAsAFreshOne() throws {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let z8 = person(8)
        let trainings =
            header
            + ["电工", "焊工", "厨师", "花艺"].enumerated().map { index, trade in
                "T\(index),2021-0\(index + 2)-01,陵川县,普惠制培训补贴,\(z8),\(trade),初级,5,退役军人\n"
            }.joined()
        let lingchuan = try Repository.read("examples/batch-lingchuan.csv")
        // The same claims again under a header whose columns come in another order.
        var reader = CSVReader(bytes: Array(lingchuan.utf8))
        guard case .success(let names)? = reader.next() else { return }
        var reordered = names.fields.reversed().joined(separator: ",") + "\n"
        while case .success(let record)? = reader.next() { reordered += record.fields.reversed().joined(separator: ",") + "\n" }
        let json =
            #"{"id":"J1","date":"2021-05-01","jurisdiction":"陵川县","program":"普惠制培训补贴","facts":{"身份证号":"\#(z8)","培训工种":"电工","培训等级":"初级","培训天数":5,"就业群体":"退役军人"}}"#
        let batches: [(String, BatchFormat)] = [
            (trainings, .csv), (trainings, .csv), (lingchuan, .csv), (reordered, .csv), (json, .jsonl),
            (json + "\n" + json, .jsonl),
            (trainings, .csv),
        ]
        func described(_ summary: BatchSummary) -> String {
            "\(summary.read) \(summary.granted) \(summary.refused) \(summary.invalid) "
                + summary.totalsByProgram.map { "\($0.program)=\($0.amount)" }.joined(separator: ",")
        }
        // Each result format: a plan for a new header takes up the rows the runner made for
        // the policy under another.
        for output in [BatchFormat.csv, .jsonl] {
            let kept = BatchRunner(library: Self.library, ledger: Ledger(), outputFormat: output)
            for (text, format) in batches {
                kept.ledger = Ledger()
                var source = BytesSource(Array(text.utf8))
                var written: [UInt8] = []
                let summary = kept.run(&source, inputFormat: format, write: { written.append(contentsOf: $0) })
                let (fresh, freshSummary) = run(text, format: format, output: output)
                #expect(String(decoding: written, as: UTF8.self) == fresh)
                #expect(described(summary) == described(freshSummary))
            }
        }
        // The fourth training of the year is refused in each batch of them, by its own ledger.
        let (output, _) = run(trainings, format: .csv)
        #expect(rows(output).map { $0["status"]! } == ["granted", "granted", "granted", "refused"])
    }

    @Test func evalJudgesOneClaimAgainstTheLedgerWithoutRecordingIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eval-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledgerPath = directory.appendingPathComponent("2021.ledger").path
        let policies = Repository.path("policies")

        let batch = Console()
        let arguments = ["run", Repository.path("examples/batch-lingchuan.csv"), "--policies", policies, "--ledger", ledgerPath]
        #expect(PolicyCommandLine.run(arguments, console: batch) == .success)
        #expect(batch.errors.hasPrefix("note: there is no ledger at \(ledgerPath) yet: this batch starts one\n"))
        let saved = try Data(contentsOf: URL(fileURLWithPath: ledgerPath))

        // The person of LC-21-001 to 003 has had three trainings in 2021: a fourth is refused.
        let claim = """
            {"id": "LC-21-008", "date": "2021-12-01", "jurisdiction": "陵川县", "program": "普惠制培训补贴",
             "facts": {"身份证号": "140524199203150018", "培训工种": "厨师", "培训等级": "初级", "培训天数": 5, "就业群体": "贫困劳动力"}}
            """
        func eval(_ extra: [String]) -> (ExitCode, Console) {
            let console = Console(input: Array(claim.utf8))
            return (PolicyCommandLine.run(["eval", "-", "--policies", policies] + extra, console: console), console)
        }
        let (code, judged) = eval(["--ledger", ledgerPath])
        #expect(code == .success)
        #expect(judged.output.contains("LC-21-008  refused"))
        #expect(judged.output.contains("has used them: LC-21-001, LC-21-002, LC-21-003"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: ledgerPath)) == saved, "eval only reads the ledger")
        #expect(eval([]).1.output.contains("LC-21-008  granted  750 yuan"))

        let missing = directory.appendingPathComponent("typo.ledger").path
        let (missingCode, unjudged) = eval(["--ledger", missing])
        #expect(missingCode == .usage)
        #expect(unjudged.output.isEmpty)
        #expect(unjudged.errors == "error: there is no ledger at \(missing): the claim is not judged without it\n")
    }

    @Test func aRunKilledHalfWayLeavesTheOldLedgerIntact() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("killed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledgerPath = directory.appendingPathComponent("year.ledger").path
        let outPath = directory.appendingPathComponent("out.csv").path
        let old = Ledger()
        try old.record("陵川县2020/每人每年补贴性培训次数", key: "OLD\u{1F}2021", amount: ExactDecimal(750), id: "OLD-1")
        guard case .success = old.save(to: ledgerPath) else { Issue.record("cannot save"); return }
        let before = try Data(contentsOf: URL(fileURLWithPath: ledgerPath))

        // The claims come through a pipe kept open, so the run is surely half way when it is
        // killed: it has written results and is waiting for more claims.
        let process = Process()
        process.executableURL = Repository.productsDirectory.appendingPathComponent("policy")
        process.arguments = ["run", "-", "--ledger", ledgerPath, "--out", outPath]
        process.currentDirectoryURL = Repository.root
        process.standardError = FileHandle.nullDevice
        let claims = Pipe()
        process.standardInput = claims
        try process.run()
        var batch = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        for index in 0..<20_000 {
            batch += "K\(index),2021-05-01,陵川县,普惠制培训补贴,\(person(index % 5_000)),工种\(index % 7),初级,5,退役军人\n"
        }
        claims.fileHandleForWriting.write(Data(batch.utf8))
        // The results go to a temporary file beside out.csv until the batch is whole.
        func temporaryResults() -> String? {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.first { $0.hasPrefix(".out.csv.") && $0.hasSuffix(".tmp") }.map {
                directory.appendingPathComponent($0).path
            }
        }
        let deadline = Date().addingTimeInterval(30)
        while (temporaryResults().flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0) == 0,
            Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(process.isRunning)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(temporaryResults() != nil, "the run had written results")
        #expect(!FileManager.default.fileExists(atPath: outPath), "no half batch is ever at --out")
        let after = try Data(contentsOf: URL(fileURLWithPath: ledgerPath))
        #expect(after == before)
        // The next run on the same files removes what the killed one left.
        let next = Console(input: Array("id,date,jurisdiction,program\n".utf8))
        let code = PolicyCommandLine.run(
            ["run", "-", "--ledger", ledgerPath, "--out", outPath, "--policies", Repository.path("policies")], console: next)
        #expect(code == .success, "\(next.errors)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func progressIsAnEstimateFromTheBytesRead() {
        let line = RunCommand.progressLine(
            done: 500_000, bytes: 50_000_000, size: 200_000_000, elapsed: .seconds(1), console: Console())
        #expect(line == "500000 claims, 500000 claims/s, about 3 s left")
        #expect(
            RunCommand.progressLine(done: 10, bytes: 0, size: nil, elapsed: .seconds(2), console: Console())
                == "10 claims, 5 claims/s")
    }

    @Test func theCommandRunsAFileWritesResultsAndSummarises() throws {
        let console = Console()
        let code = PolicyCommandLine.run(
            ["run", Repository.path("examples/batch-lingchuan.csv"), "--policies", Repository.path("policies")], console: console)
        #expect(code == .success)
        #expect(
            console.output.hasPrefix(
                "line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint\n"
                    + "2,LC-21-001,陵川县2020,品牌培训补贴,granted,3500,,陵川县2020,"))
        #expect(console.errors.hasPrefix("claims read 7 = granted 4 + refused 3 + invalid 0\n"))
        #expect(console.errors.contains("陵川县2020  9250"))
        let invalid = Console(input: Array("{\"id\": 1}\n".utf8))
        #expect(
            PolicyCommandLine.run(["run", "-", "--policies", Repository.path("policies")], console: invalid) == .invalidClaim)
        #expect(invalid.output.contains("\"status\":\"invalid\""))
        #expect(
            PolicyCommandLine.run(["run", "/no/such.csv", "--policies", Repository.path("policies")], console: Console())
                == .usage)
        #expect(PolicyCommandLine.run(["run", "a.csv", "--format", "xml"], console: Console()) == .usage)
    }
}
