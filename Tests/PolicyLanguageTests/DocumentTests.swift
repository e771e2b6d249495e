// The five documents as policies: every program is tested beside its rules, the annexes' stated
// totals hold (and a changed cell is caught), selection works across layers and years, and a
// new year ships as a new file.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct DocumentTests {
    static let library = PolicyLibrary.load(paths: [Repository.path("policies")])

    private func decide(_ program: String, _ place: String, _ date: String, _ facts: [String: Fact.Value]) -> Decision {
        Engine(library: Self.library).decide(
            Claim(
                id: "T", date: CalendarDate(iso: date)!, jurisdiction: Claim.jurisdictionPath(place), program: program,
                facts: facts.map { Fact(name: $0.key, value: $0.value) }))
    }

    @Test func everyDocumentIsAPolicy() {
        #expect(Self.library.diagnostics.isEmpty)
        let documents = Set(Self.library.entries.map(\.info.document))
        #expect(
            documents == [
                "晋办发〔2021〕6号", "晋技能组发〔2022〕1号", "陵政办发〔2020〕62号", "晋教职成〔2021〕8号",
                "省人大常委会决定(2021年11月25日通过)",
            ])
    }

    @Test func everyProgramAndObligationHasATestInItsOwnFile() {
        for entry in Self.library.entries {
            let tested = Set(entry.program.tests.flatMap { $0.expectations.map(\.rule) })
            for (slot, rule) in entry.program.rules.enumerated()
            where rule.isEntryPoint && rule.policy == entry.info.name {
                #expect(tested.contains(slot), "\(entry.info.name): \(rule.name) has no test")
            }
        }
    }

    @Test func everyRuleAndTableCitesItsClause() {
        for entry in Self.library.entries {
            for rule in entry.program.rules where rule.type.unit?.involvesMoney == true || rule.isEntryPoint {
                #expect(rule.citation != nil, "\(rule.name) cites nothing")
            }
            for table in entry.program.tables {
                #expect(table.citation != nil, "\(table.name) cites nothing")
            }
        }
    }

    @Test func aChangedAnnexCellBreaksTheStatedTotal() throws {
        let path = Repository.path("policies/shanxi-2022.policy")
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let changed = original.replacingOccurrences(of: "  大同市 | 33000          |", with: "  大同市 | 33100          |")
        #expect(changed != original)
        let parent = try String(contentsOfFile: Repository.path("policies/shanxi-2021.policy"), encoding: .utf8)
        let library = PolicyLibrary.load(sources: [
            SourceFile(path: "shanxi-2021.policy", text: parent), SourceFile(path: "shanxi-2022.policy", text: changed),
        ])
        let mismatches = library.diagnostics.filter { $0.code == .totalMismatch }
        #expect(mismatches.count == 1)
        // Annex 1's total is the body's figure of 二(一), "各市组织开展各类补贴性职业技能培训30万人".
        #expect(
            mismatches.first?.message.english
                == "the rows of 计划培训任务数 add up to 300100, but the total is 全年任务[\"各市补贴性职业技能培训\"].人数, which is 300000 (二(一)、二(二)、二(三)、二(四))"
        )
    }

    @Test func aCountyClaimGetsTheCountyRateWhereItPricesAndTheProvinceElsewhere() {
        // The county prices the organiser's 高级工 certificate at 600 and 专项 at 150.
        let county = decide("职业技能等级证书补贴", "陵川县", "2021-06-01", ["证书等级": .text("专项职业能力证书"), "初次取证": .bool(false)])
        #expect(county.policy?.name == "陵川县2020")
        #expect(county.outcome.amount == yuan("150"))
        // It prices no 中级工: the province's 2021 plan does, at 600.
        let province = decide(
            "职业技能等级证书补贴", "陵川县", "2021-06-01",
            ["证书等级": .text("中级工"), "初次取证": .bool(false), "已使用电子培训券": .bool(true)])
        #expect(province.outcome.amount == yuan("600"))
        #expect(province.citations.map(\.description).contains("晋办发〔2021〕6号 二(五)"))
        // Hiring is not the county's subject: the province's banded tiers decide.
        let hiring = decide("小微企业吸纳就业补助", "陵川县", "2021-06-01", ["小微企业": .bool(true), "稳定就业新吸纳人数": .number("100")])
        #expect(hiring.outcome.amount == yuan("150000"))
        // Before the province's plan took force, a case the county does not price is refused.
        let early = decide(
            "职业技能等级证书补贴", "陵川县", "2020-10-01",
            ["证书等级": .text("中级工"), "初次取证": .bool(false), "已使用电子培训券": .bool(true)])
        #expect(early.outcome.refusalReasons?.first?.contains("which is not in force on 2020-10-01") == true)
    }

    @Test func aTwentyTwentyTwoClaimGetsTheTwentyTwentyTwoRules() {
        let facts: [String: Fact.Value] = [
            "证书等级": .text("初级工"), "初次取证": .bool(false), "已使用电子培训券": .bool(true), "身份证号": .text("140100199001010014"),
        ]
        #expect(decide("职业技能等级证书补贴", "山西省/太原市", "2021-06-01", facts).outcome.amount == yuan("400"))
        let next = decide("职业技能等级证书补贴", "陵川县", "2022-03-01", facts)
        #expect(next.policy?.name == "山西省2022")
        #expect(next.outcome.amount == yuan("400"))
        // 中级工 is 600 in both years, but from 2022 only for a first certificate.
        let intermediate: [String: Fact.Value] = [
            "证书等级": .text("中级工"), "初次取证": .bool(false), "已使用电子培训券": .bool(true), "身份证号": .text("140100199001010014"),
        ]
        #expect(decide("职业技能等级证书补贴", "山西省/太原市", "2021-06-01", intermediate).outcome.amount == yuan("600"))
        #expect(decide("职业技能等级证书补贴", "山西省/太原市", "2022-06-01", intermediate).outcome.refusalReasons == ["该证书仅对初次取证给予补贴"])
        // December 2021 counts towards the 2022 counting year, but the 2021 plan prices it (四(三)
        // does not move the 2022 rates), in 太原市 as in 陵川县.
        let december = decide("职业技能等级证书补贴", "山西省/太原市", "2021-12-10", intermediate)
        #expect(december.policy?.name == "山西省2021")
        #expect(december.outcome.amount == yuan("600"))
    }

    @Test func aNewYearShipsAsAFileWithoutAnySwiftChange() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path("policies"))
        where name.hasSuffix(".policy") {
            try FileManager.default.copyItem(
                atPath: Repository.path("policies/\(name)"), toPath: directory.appendingPathComponent(name).path)
        }
        try """
        policy 山西省2023 {
          title        "山西省2023年职业技能培训工作方案"
          document     "晋技能组发〔2023〕1号"
          jurisdiction 山西省
          extends      山西省2022
          in force     2022-12-01 to 2023-11-30
        }

        table 证书补贴标准 by 证书等级 cite "二(七)" {
          证书等级           | 补贴     | 仅限初次取证
          初级工             | 500 yuan | false
          中级工             | 600 yuan | true
          高级工             | 800 yuan | false
          特种作业操作证     | 400 yuan | true
          特种设备作业人员证 | 400 yuan | true
        }
        """.write(to: directory.appendingPathComponent("shanxi-2023.policy"), atomically: true, encoding: .utf8)
        let library = PolicyLibrary.load(paths: [directory.path])
        #expect(library.diagnostics.isEmpty, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        let engine = Engine(library: library)
        func primary(_ date: String) -> Decision {
            engine.decide(
                Claim(
                    id: "N", date: CalendarDate(iso: date)!, jurisdiction: ["山西省", "运城市"], program: "职业技能等级证书补贴",
                    facts: [
                        Fact(name: "证书等级", value: .text("初级工")), Fact(name: "初次取证", value: .bool(true)),
                        Fact(name: "已使用电子培训券", value: .bool(true)), Fact(name: "身份证号", value: .text("140800199905050025")),
                    ]))
        }
        #expect(primary("2022-11-30").outcome.amount == yuan("400"))
        #expect(primary("2022-12-01").policy?.name == "山西省2023")
        #expect(primary("2022-12-01").outcome.amount == yuan("500"))
    }

    @Test func checkReportsWhatTheDocumentsLeaveOpen() {
        let report = CheckCommand.openParameters(Self.library.entries, console: Console())
        #expect(report.contains("山西省2022: 普惠制日标准 (yuan/day) [晋技能组发〔2022〕1号 二(七)]: each claim supplies it"))
        #expect(
            report.contains(
                "陵川县2020: 新型学徒制年补贴标准 (yuan) [陵政办发〔2020〕62号 五(七)]: each claim supplies it, between 4000 yuan and 6000 yuan"))
        #expect(report.contains("山西省2021: 新型学徒制年补贴标准 (yuan) [晋办发〔2021〕6号 二(二)]: each claim supplies it, at least 4000 yuan"))
    }

    @Test func obligationsAnswerCompliantOrNot() {
        let missing = decide("职业院校毕业生持证", "山西省/晋中市", "2022-07-01", ["职业院校毕业生持有职业技能证书数": .number("0")])
        #expect(missing.status == .notCompliant)
        #expect(missing.outcome.refusalReasons == ["职业院校毕业生应当至少取得一个职业技能证书"])
        #expect(missing.citations.map(\.description) == ["省人大常委会决定(2021年11月25日通过) 七"])
        let held = decide("职业院校毕业生持证", "山西省/晋中市", "2022-07-01", ["职业院校毕业生持有职业技能证书数": .number("2")])
        #expect(held.status == .compliant)
        // The decision is in force from 2022-01-01 only.
        let before = decide("职业院校毕业生持证", "山西省/晋中市", "2021-07-01", ["职业院校毕业生持有职业技能证书数": .number("0")])
        #expect(before.outcome.problems != nil)
    }

    @Test func quotaProgressAgainstTheMilestoneInForce() throws {
        let progress = """
            quota,unit,column,done
            各市任务,太原市,计划培训任务数,21000
            各市任务,大同市,计划培训任务数,19799
            定向式培训任务,全省教育系统,,12000
            """
        let report = QuotaReport(library: Self.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: "2022-09-30")!)
        #expect(report.problems.isEmpty)
        let cities = try #require(report.sections.first { $0.table.name == "各市任务" })
        #expect(cities.step?.share == yuan("0.6"))
        #expect(cities.lines.first { $0.unit == "太原市" }?.status == .onTrack)
        #expect(
            cities.lines.first { $0.unit == "大同市" }?.status
                == .behind(required: yuan("19800"), due: CalendarDate(iso: "2022-09-30")!))
        #expect(cities.lines.first { $0.unit == "大同市" }?.percent == yuan("60.0"))
        #expect(cities.lines.count == 11)
        // The education system's 2021 milestones: 40% by 30 June.
        let schools = try #require(report.sections.first { $0.table.name == "定向式培训任务" })
        #expect(schools.step?.share == yuan("1"))
        let june = QuotaReport(library: Self.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: "2021-07-01")!)
        let early = try #require(june.sections.first { $0.table.name == "定向式培训任务" })
        #expect(early.lines[0].status == .onTrack)
        // Before any milestone is due there is nothing to be behind.
        let march = QuotaReport(library: Self.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: "2022-03-01")!)
        #expect(march.sections.first { $0.table.name == "各市任务" }?.lines.first?.status == .noMilestone)
    }

    @Test func quotaProgressReportsEveryBadLineAndKeepsTheRest() {
        let progress =
            "quota,unit,column,done\n各市任务,太原,计划培训任务数,100\n各市任务,太原市,计划培训任务数,-1\n各市任务,太原市,计划培训任务数,5\n各市任务,太原市,计划培训任务数,6\n"
        let report = QuotaReport(library: Self.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: "2022-10-01")!)
        #expect(report.problems.map(\.line) == [2, 3, 5])
        #expect(report.problems[0].message.english == "the quota 各市任务 has no unit 太原; did you mean 太原市?")
        #expect(report.sections.first?.lines.first?.done == yuan("5"))
    }
}

@Suite struct CSVTests {
    /// The tools read CSV by the batch's rules: a quote never closed is its own line's problem and
    /// hides nothing after it; a quote inside an unquoted field is malformed; a quoted line break
    /// that makes a record of another width than the header's is not one record.
    @Test func theToolsReadCSVByTheBatchsRules() {
        let progress = "quota,unit,column,done\n\"oops\n各市任务,太原市,计划培训任务数,100\n"
        let report = QuotaReport(
            library: DocumentTests.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: "2022-10-01")!)
        #expect(report.problems.map(\.line) == [2], "\(report.problems)")
        #expect(report.sections.first?.lines.first { $0.unit == "太原市" }?.done == yuan("100"))

        let rows = records("a,b\nx\"y,1\n\"p\nq\",r,s\nok,2\n")
        #expect(rows.map { (try? $0.get())?.fields } == [["a", "b"], nil, nil, nil, ["ok", "2"]])
        let lines = rows.map { result in
            switch result {
            case .success(let record): record.line
            case .failure(let error): error.line
            }
        }
        #expect(lines == [1, 2, 3, 4, 5])
    }

    private func records(_ text: String) -> [Result<CSVRecord, CSVError>] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var out: [Result<CSVRecord, CSVError>] = []
        while let next = reader.next() { out.append(next) }
        return out
    }

    @Test func quotedFieldsCRLFAndByteOrderMark() throws {
        let rows = records("\u{FEFF}名称,说明\r\n\"陵川焊工\",\"含\"\"逗号,\"\"与\n换行\"\r\n\n末行,x")
        let values = try rows.map { try $0.get() }
        #expect(values.map(\.fields) == [["名称", "说明"], ["陵川焊工", "含\"逗号,\"与\n换行"], ["末行", "x"]])
        #expect(values.map(\.line) == [1, 2, 5])
    }

    @Test func anUnterminatedQuoteAndBadBytesAreErrorsWithTheirLine() {
        let rows = records("a,b\n\"x\"y,1\nok,2\n\"open,3\n")
        #expect(rows.count == 4)
        if case .failure(let error) = rows[1] { #expect(error.line == 2) } else { Issue.record("expected an error") }
        if case .success(let record) = rows[2] {
            #expect(record.fields == ["ok", "2"])
        } else {
            Issue.record("expected a record")
        }
        if case .failure(let error) = rows[3] { #expect(error.line == 4) } else { Issue.record("expected an error") }
        var reader = CSVReader(bytes: Array("a\n".utf8) + [0xFF] + Array(",1\nb,2\n".utf8))
        _ = reader.next()
        if case .failure(let error)? = reader.next() { #expect(error.line == 2) } else { Issue.record("expected an error") }
        if case .success(let record)? = reader.next() {
            #expect(record.fields == ["b", "2"])
        } else {
            Issue.record("expected a record")
        }
    }
}
