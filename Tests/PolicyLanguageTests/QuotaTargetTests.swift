// A quota's figures say what they ask, as the documents word them (以上, 左右, 不超过, 1-2个), and
// `policy quota` reports each against what it asks; a quota's total may be another quota's figure,
// so a document's body and its annex that disagree are caught. The numbers are the documents'.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct QuotaTargetTests {
    static let library = PolicyLibrary.load(paths: [Repository.path("policies")])

    private func quota(_ name: String, of policy: String) throws -> Table {
        let entry = try #require(Self.library.entry(named: policy))
        return try #require(entry.program.tables.first { $0.name == name && $0.isQuota })
    }

    private func report(_ progress: String, asOf: String) -> QuotaReport {
        QuotaReport(library: Self.library, progress: Array(progress.utf8), asOf: CalendarDate(iso: asOf)!)
    }

    private func run(_ arguments: [String], input: String) -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8))
        return (PolicyCommandLine.run(arguments + ["--policies", Repository.path("policies")], console: console), console)
    }

    // MARK: The language

    @Test func eachKindOfTargetIsWrittenInBothKeywordSets() throws {
        let english = """
            quota 目标 by 任务 cite "二" {
              任务 | 个数
              甲   | 300000
              乙   | at least 100
              丙   | about 1000
              丁   | at most 3
              戊   | between 1 and 2
            }
            """
        let chinese = """
            政策 示例 {
              标题 "测试"
              文号 "测试〔2022〕1号"
              辖区 山西省
              施行 2022-01-01 至 2022-12-31
            }
            任务表 目标 按 任务 引用 "二" {
              任务 | 个数
              甲   | 300000
              乙   | 至少 100
              丙   | 约 1000
              丁   | 至多 3
              戊   | 介于 1 与 2
            }
            """
        for text in [testHeader + english, chinese] {
            let library = PolicyLibrary.load(sources: [SourceFile(path: "t.policy", text: text)])
            let (program, diagnostics) = (library.entries.first?.program, library.diagnostics)
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.english))")
            let table = try #require(program?.tables.first)
            #expect(
                (0..<5).map { table.target(row: $0, column: 1) } == [
                    .reach, .atLeast, .about, .atMost, .between(upper: ExactDecimal(2)),
                ])
            #expect(table.rows.map { $0[1].decimal } == [300000, 100, 1000, 3, 1].map { ExactDecimal($0) })
        }
        // fmt gives the same words back, in either set.
        #expect(
            Formatter.format(SourceFile(path: "t", text: testHeader + english)).text?.contains("  戊   | between 1 and 2\n")
                == true)
        #expect(Formatter.format(SourceFile(path: "t", text: chinese)).text?.contains("  戊   | 介于 1 与 2\n") == true)
    }

    @Test func aTargetsWordsBelongToAQuotasFigures() {
        // In a table, on a key, on an empty cell: one error each, at the words.
        #expect(errorCodes("table 表 by 县 cite \"x\" {\n 县 | 值\n 甲 | about 20 yuan\n}") == ["target-marker"])
        #expect(errorCodes("quota 任务 by 县 cite \"x\" {\n 县 | 数\n at least 甲 | 20\n}") == ["target-marker"])
        #expect(errorCodes("quota 任务 by 县 cite \"x\" {\n 县 | 数\n 甲 | at least none\n}") == ["target-marker"])
        #expect(errorCodes("quota 任务 by 县 cite \"x\" {\n 县 | 数\n 甲 | between 2 and 1\n}") == ["target-range"])
        #expect(errorCodes("quota 任务 by 县 cite \"x\" {\n 县 | 数\n 甲 | between 2 and 2\n}") == ["target-range"])
    }

    @Test func aTotalAddsUpEachEndOfItsRanges() {
        let quota = { (total: String) in
            "quota 工作室 by 级别 cite \"二\" {\n 级别 | 个数\n 市级 | between 1 and 2\n 省级 | at least 1\n total | \(total)\n}"
        }
        #expect(errorCodes(quota("between 2 and 3")).isEmpty)
        #expect(errorCodes(quota("2")) == ["total-mismatch"])
        let (_, diagnostics) = check(quota("between 2 and 4"))
        #expect(diagnostics.map(\.message.english) == ["the rows of 个数 add up to 2–3, but the stated total is 2–4"])
    }

    // MARK: The documents

    @Test func theDocumentsWordsAreTheKindsOfTheirTargets() throws {
        // 000 二(四) "1000家左右社会培训机构", 三(八) "劳务品牌100个以上".
        let institutions = try quota("社会培训机构任务", of: "山西省2021")
        #expect(institutions.rows[0][1].decimal == ExactDecimal(1000) && institutions.target(row: 0, column: 1) == .about)
        let brands = try quota("劳务品牌任务", of: "山西省2021")
        #expect(brands.rows[0][1].decimal == ExactDecimal(100) && brands.target(row: 0, column: 1) == .atLeast)
        // 001 二(三) "预计10万人"; 附件1 备注1 "不少于任务的30%".
        let tasks = try quota("全年任务", of: "山西省2022")
        let export = try #require(tasks.rows.indices.first { tasks.rows[$0][1].decimal == ExactDecimal(100000) })
        #expect(tasks.target(row: export, column: 1) == .about)
        let cities = try quota("各市任务", of: "山西省2022")
        #expect(cities.columns[4].type == .percent)
        #expect(cities.rows.allSatisfy { $0[4].decimal == ExactDecimal(significand: 3, exponent: -1) })
        // 003 二 "至少建成1-2个市级以上技能大师工作室".
        let studios = try quota("技能大师工作室任务", of: "陵川县2020")
        #expect(
            studios.rows[1][2].decimal == ExactDecimal(1) && studios.target(row: 1, column: 2) == .between(upper: ExactDecimal(2))
        )
    }

    @Test func anAnnexThatDisagreesWithItsBodyIsCaught() throws {
        // 003 附件's 人社局 2020 row changed: the rows no longer reach 三(一)'s 3020.
        let county = try Repository.read("policies/lingchuan-2020.policy")
        let parent = try Repository.read("policies/shanxi-2021.policy")
        let annex = county.replacingOccurrences(of: "  人社局       | 800 ", with: "  人社局       | 810 ")
        #expect(annex != county)
        var library = PolicyLibrary.load(sources: [
            SourceFile(path: "shanxi-2021.policy", text: parent), SourceFile(path: "lingchuan-2020.policy", text: annex),
        ])
        #expect(
            library.diagnostics.map(\.message.english) == [
                "the rows of 二〇二〇年技能劳动者 add up to 3030, but the total is 年度工作任务[\"新增技能劳动者\"].二〇二〇年, which is 3020 (三(一)、三(二))"
            ])
        let line =
            try #require(
                county.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  新增技能劳动者 ") }) + 1
        #expect(library.diagnostics.first?.notes.map(\.english) == ["年度工作任务[\"新增技能劳动者\"].二〇二〇年 is on line \(line)"])
        // The body's figure changed instead: the same check, from the other side.
        let body = county.replacingOccurrences(of: "  新增技能劳动者                 | 3020 ", with: "  新增技能劳动者                 | 3030 ")
        #expect(body != county)
        library = PolicyLibrary.load(sources: [
            SourceFile(path: "shanxi-2021.policy", text: parent), SourceFile(path: "lingchuan-2020.policy", text: body),
        ])
        #expect(library.diagnostics.map(\.code) == [.totalMismatch])
        #expect(
            library.diagnostics.first?.message.english.hasSuffix(
                "add up to 3020, but the total is 年度工作任务[\"新增技能劳动者\"].二〇二〇年, which is 3030 (三(一)、三(二))") == true)
    }

    @Test func anAmendedQuotaStillAddsUpToItsInheritedTotal() {
        let earlier = """
            policy 示例2021 {
              title "t"
              document "示例〔2021〕1号"
              jurisdiction 山西省
              in force 2021-01-01 to 2021-12-31
            }
            quota 各市 by 市 cite "附件" {
              市     | 数
              太原市 | 10
              大同市 | 20
              total  | 30
            }
            """
        let later = { (row: String) in
            """
            policy 示例2022 {
              title "t"
              document "示例〔2022〕1号"
              jurisdiction 山西省
              succeeds 示例2021
              in force 2022-01-01 to 2022-12-31
            }
            amend quota 各市 cite "附件" {
              市     | 数
              \(row)
            }
            """
        }
        let load = { (row: String) in
            PolicyLibrary.load(sources: [
                SourceFile(path: "a.policy", text: earlier), SourceFile(path: "b.policy", text: later(row)),
            ])
            .diagnostics.filter { $0.code == .totalMismatch }.map(\.message.english)
        }
        #expect(load("太原市 | 15") == ["the amended rows of 数 add up to 35, but the total inherited from 示例2021 is 30"])
        #expect(load("太原市 | 10").isEmpty)
    }

    @Test func aTotalIsAQuotasFigure() {
        let body = "quota 全年任务 by 任务 cite \"二(一)\" {\n 任务 | 人数\n 各市 | 300000\n 空 | none\n}\n"
        let annex = { (total: String) in body + "quota 各市任务 by 市 cite \"附件1\" {\n 市 | 计划\n 太原市 | 300000\n total | \(total)\n}" }
        #expect(errorCodes(annex("全年任务[\"各市\"].人数")).isEmpty)
        #expect(errorCodes(annex("全年任务[\"各县\"].人数")) == ["total-reference"])
        #expect(errorCodes(annex("全年任务[\"空\"].人数")) == ["total-reference"])
        #expect(errorCodes(annex("标准[\"甲\"].元") + "\ntable 标准 by 项 cite \"x\" {\n 项 | 元\n 甲 | 5 yuan\n}") == ["total-reference"])
    }

    // MARK: Progress

    @Test func eachKindIsReportedAgainstWhatItAsks() throws {
        let progress = """
            quota,unit,column,done
            社会培训机构任务,纳入目录的社会培训机构,,1012
            社会培训机构任务,完成培训,,640000
            劳务品牌任务,地方特色劳务品牌,,96
            技能大师工作室任务,市级以上,二〇二一年底,3
            技能大师工作室任务,市级,二〇二〇年底,1
            免费职业技能培训任务,培训后合格率,比例,96%
            免费职业技能培训任务,取证人员比例,比例,55%
            """
        let report = report(progress, asOf: "2021-12-31")
        #expect(report.problems.isEmpty, "\(report.problems.map(\.message.english))")
        let status = { (quota: String, unit: String, column: String) in
            report.sections.first { $0.table.name == quota }?.lines.first { $0.unit == unit && $0.column == column }?.status
        }
        #expect(status("社会培训机构任务", "纳入目录的社会培训机构", "目标数") == .reached)
        #expect(status("社会培训机构任务", "完成培训", "目标数") == .noMilestone)
        #expect(status("劳务品牌任务", "地方特色劳务品牌", "个数") == .noMilestone)
        #expect(status("技能大师工作室任务", "市级以上", "二〇二一年底") == .over(by: ExactDecimal(1)))
        #expect(status("技能大师工作室任务", "市级", "二〇二〇年底") == .reached)
        #expect(status("免费职业技能培训任务", "培训后合格率", "比例") == .reached)
        #expect(status("免费职业技能培训任务", "取证人员比例", "比例") == .noMilestone)
        // A share is not a share of a share.
        let shares = try #require(report.sections.first { $0.table.name == "免费职业技能培训任务" })
        #expect(shares.lines.allSatisfy { $0.percent == nil })
    }

    @Test func aCeilingIsKeptOrPassed() throws {
        let text = testHeader + "quota 限 by 项 cite \"x\" {\n 项 | 数\n 甲 | at most 3\n 乙 | at most 3\n 丙 | at most 3\n}"
        let library = PolicyLibrary.load(sources: [SourceFile(path: "t.policy", text: text)])
        let report = QuotaReport(
            library: library, progress: Array("quota,unit,done\n限,甲,3\n限,乙,5\n".utf8), asOf: CalendarDate(iso: "2022-06-30")!)
        #expect(report.sections.first?.lines.map(\.status) == [.withinCeiling, .over(by: ExactDecimal(2)), .noMilestone])
    }

    @Test func theReportWritesEachTargetAsTheDocumentDoes() {
        let progress = """
            quota,unit,column,done
            技能大师工作室任务,市级,二〇二〇年底,1
            技能大师工作室任务,市级以上,二〇二一年底,3
            """
        let (code, english) = run(["quota", "-", "--as-of", "2021-12-31"], input: progress)
        #expect(code == .success)
        #expect(
            english.output == """
                技能大师工作室任务  (陵川县2020 · 陵政办发〔2020〕62号 二、五(八))
                as of 2021-12-31: no milestones
                  级别                     target  done       %  status
                  市级 · 二〇二〇年底      1 to 2     1  100.0%  reached
                  市级 · 二〇二一年底        none     —          no target
                  市级以上 · 二〇二〇年底    none     —          no target
                  市级以上 · 二〇二一年底  1 to 2     3  300.0%  above the range by 1


                """)
        let (_, chinese) = run(["quota", "-", "--as-of", "2021-12-31", "--lang", "zh"], input: progress)
        #expect(chinese.output.contains("  市级 · 二〇二〇年底      1 至 2       1  100.0%  已完成\n"))
        #expect(chinese.output.contains("  市级以上 · 二〇二一年底  1 至 2       3  300.0%  超出范围上限 1\n"))
        let (_, json) = run(["quota", "-", "--as-of", "2021-12-31", "--json"], input: progress)
        #expect(json.output.contains("\"kind\": \"between\""))
        #expect(json.output.contains("\"upper\": 2"))
        #expect(json.output.contains("\"excess\": 1"))
    }
}
