// The engine in Chinese: under `--lang zh` the reasons it gives of its own (a claim of the wrong
// shape, a fact of the wrong type, a place or day no policy covers, a limit used up), the deep
// checks of `policy check`, the library's loading problems and the JSON, CSV and ledger readers'
// errors read in Chinese, whole; in English they read exactly as before. Values another part
// formats (an amount, a unit, a period in force) are formatted here the same way, so these tests
// hold the sentences this part writes.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct ChineseEngineTests {
    /// The bundled policies, loaded (and so compiled): a library speaks both languages.
    private func bundled() -> PolicyLibrary {
        PolicyLibrary.load(paths: [Repository.path("policies")])
    }

    /// Why a claim given as JSON is invalid or refused, in `language`.
    private func reasons(_ json: String, _ library: PolicyLibrary, ledger: Ledger? = nil, in language: Language = .en) -> [String]
    {
        let decision = Engine(library: library).decide(json: Array(json.utf8), ledger: ledger)
        switch decision.outcome {
        case .invalid(let problems): return problems.map { $0.text(in: language) }
        case .refused(let refusals): return refusals.map { $0.reason.text(in: language) }
        case .granted: return []
        }
    }

    private func brandClaim(_ facts: String) -> String {
        #"{"id":"LC-1","date":"2021-05-20","jurisdiction":"陵川县","program":"品牌培训补贴","facts":{"#
            + facts + "}}"
    }

    private func certificateClaim(
        place: String = "山西省", date: String = "2022-06-01", program: String = "职业技能等级证书补贴", _ facts: String
    )
        -> String
    {
        #"{"id":"SX-1","date":"\#(date)","jurisdiction":"\#(place)","program":"\#(program)","facts":{\#(facts)}}"#
    }

    /// Runs a CSV batch and returns each result row's reasons, in order, written in `language`.
    private func batchReasons(_ csv: String, _ library: PolicyLibrary, in language: Language = .en) -> [String] {
        var source = BytesSource(Array(csv.utf8))
        var written: [UInt8] = []
        _ = BatchRunner(library: library, ledger: Ledger(), outputFormat: .csv, language: language)
            .run(&source, inputFormat: .csv, write: { written.append(contentsOf: $0) })
        var reader = CSVReader(bytes: written)
        guard case .success(let header)? = reader.next(), let column = header.fields.firstIndex(of: "reasons") else { return [] }
        var reasons: [String] = []
        while case .success(let record)? = reader.next() { reasons.append(record.fields[column]) }
        return reasons
    }

    // MARK: Facts

    @Test func aMisspeltFactIsPointedOutInChinese() {
        let found = reasons(brandClaim(#""劳务品牌":"陵川焊工","培训天数":25,"就业律":"85%""#), bundled(), in: .zh)
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("；申领中给出了就业律，是否为该事实名称的误写？") == true, "\(found)")
        #expect(found.first?.contains("misspelt") == false)
    }

    @Test func factsOfTheWrongTypeOrOutOfBoundsAreExplainedInChinese() {
        let library = bundled()
        let percent = ValueFormatter(program: nil, language: .zh)
        #expect(
            reasons(brandClaim(#""劳务品牌":"陵川焊工","培训天数":25,"就业率":"120%""#), library, in: .zh) == [
                "事实就业率为\(percent.format(ExactDecimal(significand: 12, exponent: -1), as: .percent))，超过允许的最大值\(percent.format(.one, as: .percent))"
            ])
        #expect(
            reasons(certificateClaim(#""证书等级":"中级","初次取证":"yes","已使用电子培训券":true"#), library, in: .zh) == [
                "事实证书等级为“中级”，不是枚举证书等级的取值；是否应为中级工？可取的值为：专项职业能力证书、初级工、中级工、高级工、技师、高级技师、特种作业操作证、特种设备作业人员证",
                "事实初次取证应为 是 或 否（true 或 false），但给出的是“yes”",
            ])
        #expect(
            reasons(certificateClaim(#""证书等级":["中级工"],"初次取证":false"#), library, in: .zh) == [
                "事实证书等级应为数值、文本或 true/false，而不是列表"
            ])
        let county = library.entry(named: "陵川县2020")!.program
        guard case .quantity(let days) = county.inputs[county.inputSlots["培训天数"]!].type else {
            Issue.record("培训天数 is not a quantity")
            return
        }
        #expect(
            reasons(brandClaim(#""劳务品牌":"陵川焊工","培训天数":"二十天","就业率":"85%""#), library, in: .zh) == [
                "事实培训天数应为以\(days.description)计的数值，如 20，但给出的是“二十天”"
            ])
        #expect(
            reasons(brandClaim(#""劳务品牌":"陵川焊工","培训天数":"25 hours","就业率":"85%""#), library, in: .zh) == [
                "事实培训天数应为以\(days.description)计的数值，如 20，但“25 hours”的单位不是\(days.description)"
            ])
    }

    @Test func aFactsUnitIsReadWhateverTheLanguage() {
        let claim = brandClaim(
            #""劳务品牌":"陵川焊工","培训天数":"25 days","就业率":"85%","身份证号":"\#(person(1))","培训工种":"焊工","培训等级":"初级""#)
        #expect(reasons(claim, bundled()) == [])
        #expect(reasons(claim, bundled(), in: .zh) == [])
    }

    // MARK: Places, days and programs

    @Test func aPlaceOrDayNoPolicyCoversIsExplainedInChinese() {
        let library = bundled()
        #expect(
            reasons(certificateClaim(place: "河北省", ""), library, in: .zh) == [
                "没有政策适用于辖区河北省；现有政策适用的辖区为：山西省、山西省/晋城市/陵川县"
            ])
        let province = library.entries.filter { $0.info.jurisdiction == ["山西省"] }
        let periods = province.map { "\($0.info.name)（山西省，\($0.info.period.phrase.chinese)）" }.joined(separator: "；")
        #expect(
            reasons(certificateClaim(date: "2019-06-01", ""), library, in: .zh) == [
                "2019-06-01没有适用于山西省的政策施行；在其他时间施行的有：\(periods)"
            ])
        let misspelt = reasons(certificateClaim(program: "职业技能等级证书补帖", ""), library, in: .zh)
        #expect(misspelt.count == 1)
        #expect(
            misspelt.first?.hasPrefix("2022-06-01在山西省施行的政策中没有项目职业技能等级证书补帖；是否应为职业技能等级证书补贴？现有项目为：") == true,
            "\(misspelt)")
        #expect(misspelt.first?.contains("、线上课程资源补贴、") == true)
    }

    @Test func aClaimOfTheWrongShapeIsExplainedInChinese() {
        let library = bundled()
        #expect(
            reasons(#"{"id":"A","date":"2022-02-30","jurisdiction":"山西省","progrm":"x","facts":[]}"#, library, in: .zh) == [
                "申领含有未定义的字段“progrm”；是否应为“program”？（申领的字段为：id、date、jurisdiction、program、facts、applied）",
                "申领缺少“program”（所申领项目的名称，与政策中的名称一致）",
                "业务日期2022-02-30不是有效的日期：2022-02只有28天",
                "申领的“facts”应为对象，而不是列表",
            ])
        #expect(
            reasons(#"{"id":"A","date":"2022-13-01","jurisdiction":7,"program":"x","facts":{}}"#, library, in: .zh) == [
                "申领的“jurisdiction”应为申领所在的辖区，如“山西省/晋城市/陵川县”",
                "业务日期2022-13-01中的月份13不存在",
            ])
        #expect(reasons(#"{"id":"A",,}"#, library, in: .zh) == ["申领不是有效的 JSON：第1行第11列：此处应为用双引号括起的键"])
        #expect(reasons("[]", library, in: .zh) == ["申领应为含有id、date、jurisdiction、program、facts、applied的 JSON 对象"])
    }

    // MARK: Limits

    @Test func aLimitUsedUpInABatchIsRefusedInChinese() {
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let rows = ["A1,2021-01-05,电工", "A2,2021-03-05,焊工", "A3,2021-12-31,厨师", "A4,2021-12-31,育婴员"].map { row in
            let parts = row.split(separator: ",")
            return "\(parts[0]),\(parts[1]),陵川县,普惠制培训补贴,140524199001010017,\(parts[2]),初级,5,退役军人\n"
        }
        let found = batchReasons(header + rows.joined(), bundled(), in: .zh)
        #expect(
            found == [
                "", "", "",
                "限额每人每年补贴性培训次数按身份证号、年(业务日期)计，至多 3 件；对身份证号 = 140524199001010017，年(业务日期) = 2021，该额度已用完：A1、A2、A3 [陵政办发〔2020〕62号 三(一)2、五(六)]",
            ])
    }

    @Test func aLimitOnAnAmountReducesAndRefusesInChinese() throws {
        let library = bundled()
        let program = try #require(library.entry(named: "山西省2022")).program
        let type = program.rules[try #require(program.ruleSlots["线上课程资源补贴"])].type
        func yuan(_ amount: Int) -> String {
            ValueFormatter(program: program, language: .zh).format(ExactDecimal(amount), as: type)
        }
        let csv =
            "id,date,jurisdiction,program,线上平台,课程编号,课程等级,课程资源补贴申请额\n"
            + "R1,2022-03-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,2500\n"
            + "R2,2022-04-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,1000\n"
            + "R3,2022-05-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,1000\n"
            + "R4,2022-05-01,山西省,线上课程资源补贴,平台甲,K-01,中级工,10\n"
        #expect(
            batchReasons(csv, library, in: .zh) == [
                "", "",
                "因限额课程资源补贴封顶，金额由\(yuan(1000))减为\(yuan(500))：额度\(yuan(4000))中已用\(yuan(3500))（R1、R2）",
                "限额课程资源补贴封顶按线上平台、课程编号计，至多 \(yuan(4000))；对线上平台 = 平台甲，课程编号 = K-01，该额度已用完：R1、R2、R3 [晋技能组发〔2022〕1号 二(七)]",
            ])
    }

    @Test func theExplanationOfALimitIsInChinese() throws {
        let ledger = Ledger()
        try ledger.record("陵川县2020/每人每年补贴性培训次数", key: "\(person(1))\u{1F}2021", amount: ExactDecimal(750), id: "A1")
        try ledger.record("陵川县2020/每人每年补贴性培训次数", key: "\(person(1))\u{1F}2021", amount: ExactDecimal(750), id: "A2")
        let claim = Claim(
            id: "A3", date: CalendarDate(iso: "2021-06-01")!, jurisdiction: ["陵川县"], program: "普惠制培训补贴",
            facts: [
                Fact(name: "身份证号", value: .text(person(1))), Fact(name: "培训工种", value: .text("电工")),
                Fact(name: "培训等级", value: .text("初级")), Fact(name: "培训天数", value: .number("5")),
                Fact(name: "就业群体", value: .text("退役军人")),
            ])
        let decision = Engine(library: bundled()).decide(claim, ledger: ledger)
        var limits: [TraceNode] = []
        func walk(_ node: TraceNode) {
            if node.kind == .limit { limits.append(node) }
            node.children.forEach(walk)
        }
        try walk(#require(decision.trace))
        #expect(
            limits.map { "\($0.label.chinese) → \($0.value?.chinese ?? "")" } == [
                "限额每人每年补贴性培训次数：每 身份证号, 年(业务日期) 至多 3 件 → \(person(1))、2021：已用 2 件（A1、A2）",
                "限额同一工种同一等级每年一次：每 身份证号, 年(业务日期), 培训工种, 培训等级 至多 1 件 → \(person(1))、2021、电工、初级：已用 0 件",
            ])
    }

    // MARK: Deep checks

    /// The deep checks of policies written inline (the test header is added to a single one).
    private func review(_ texts: String...) -> [Diagnostic] {
        let sources = texts.enumerated().map { index, text in
            SourceFile(path: "p\(index).policy", text: texts.count == 1 && !text.contains("in force") ? testHeader + text : text)
        }
        let library = PolicyLibrary.load(sources: sources)
        #expect(!library.hasErrors, "\(library.diagnostics.map(\.message.english))")
        return Analyzer.review(library)
    }

    @Test func branchesNoClaimReachesAreReportedInChinese() {
        let found = review(
            """
            enum 群体 { 贫困劳动力, 退役军人, 其他劳动者 }
            input 群体: 群体
            input 就业率: percent between 0% and 100%
            program 甲: yuan cite "一" =
              require 就业率 >= 80% else "就业率不足"
              if 就业率 < 50% then 1 yuan else 2 yuan
            program 乙: yuan cite "一" =
              require 群体 != 其他劳动者 else "面向重点群体"
              match 群体 {
                贫困劳动力 => 1 yuan
                其他劳动者 => 3 yuan
                else       => 4 yuan
              }
            program 丙: yuan cite "一" = if 就业率 <= 100% then 1 yuan else 2 yuan
            """)
        #expect(
            found.map {
                "\($0.code.rawValue) \($0.message.chinese) | \($0.notes.map(\.chinese).joined(separator: " / ")) | \($0.hint?.chinese ?? "")"
            } == [
                "branch-never-taken 此处该条件永不成立，`那么`之后的分支永远不会执行 | 此处就业率的取值为“自 80% 不超过 100%” | 请对照文件核对该比较及其前面的条件",
                "case-never-reached 此情形永远不会匹配：到此处群体的取值只剩“退役军人” |  | 请删除该情形，或核对其前面的情形",
                "branch-never-taken 此处该条件恒成立，`否则`之后的分支永远不会执行 | 此处就业率的取值为“自 0% 不超过 100%” | 请对照文件核对该比较及其前面的条件",
            ])
    }

    @Test func schedulesWithGapsAndOverlapsAreReportedInChinese() {
        let found = review(
            """
            input 人数: number
            input 比例: percent between 0% and 100%
            program 甲: yuan cite "一" =
              banded 人数 {
                below 100 => 1000 yuan
                from 120  => 1500 yuan
              }
            program 乙: yuan cite "一" =
              banded 比例 {
                up to 50% => 1 yuan
                from 50%  => 2 yuan
                above 100% => 3 yuan
              }
            """)
        #expect(
            found.map { "\($0.code.rawValue) \($0.message.chinese)" } == [
                "schedule-gap 各档均不包含“自 100 低于 120”",
                "brackets-overlap 此档与前面的一档重叠：两档都包含“50%”",
                "bracket-never-applies 此档永远不会适用：比例的取值只能是“自 0% 不超过 100%”",
            ])
        #expect(found.first?.hint?.chinese == "落在该范围的申领将被拒绝（或取`缺省`之值）；请为其增设一档")
        #expect(found[1].labels.map(\.text.chinese) == ["前面的一档"])
        #expect(found[1].notes.map(\.chinese) == ["前面的一档为`up to 50%`，位于第16行"])
        #expect(found[1].hint?.chinese == "两档都包含的数量由前一档裁定；请使两档首尾相接而不重叠：先写`低于 100 人`，再写`自 100 人`")
    }

    @Test func aTableWithNoRowForACaseIsReportedInChinese() {
        let found = review(
            """
            enum 等级 { 初级, 中级, 高级 }
            input 等级: 等级
            table 标准 by 等级 cite "一" {
              等级 | 补贴
              初级 | 300 yuan
            }
            program 甲: yuan cite "一" = 标准[等级].补贴 otherwise 100 yuan
            program 乙: yuan cite "一" = 标准[等级].补贴
            """)
        #expect(found.map(\.message.chinese) == ["表标准中没有等级为中级、高级的行"])
        #expect(found.first?.notes.map(\.chinese) == ["甲（第13行）读取补贴，缺省时取`100 yuan`", "乙（第14行）读取补贴，会拒绝此类申领：该处没有`缺省`"])
        #expect(found.first?.hint?.chinese == "请为每种情形各添一行（文件未作规定的格子写`无`），或在读取该表之处写`缺省 …`")
    }

    @Test func theCountysCertificateTableNamesTheProvinceInChinese() throws {
        let note = try #require(Analyzer.review(bundled()).first { $0.message.chinese.contains("取证培训补贴标准") })
        #expect(note.message.chinese == "表取证培训补贴标准中没有证书等级为中级工、技师、高级技师的行")
        #expect(
            note.notes.contains { $0.chinese.hasSuffix("缺省时取`沿用`，即山西省2021的职业技能等级证书补贴，该政策自2021-01-01起施行，此前的此类申领将被拒绝") },
            "\(note.notes.map(\.chinese))")
    }

    @Test func idleDeclarationsAndTestsAreReportedInChinese() {
        let found = review(
            """
            input 人数: number
            input 次数: number
            rule 闲置: yuan cite "一" = 1 yuan
            program 甲: yuan cite "一" = 10 yuan * 人数
            test "空" {
              given 人数 = 3
            }
            test "多给" {
              given 人数 = 3, 次数 = 2
              expect 甲 = 30 yuan
            }
            """)
        #expect(
            found.map { "\($0.code.rawValue) \($0.message.chinese) | \($0.hint?.chinese ?? "")" } == [
                "unused-input 输入次数未被使用 | 请在文件适用之处使用它，或将其删除",
                "unused-rule 规则闲置未被使用 | 申领若须指明它，请将其改为`项目`；也可在文件适用之处使用它，或将其删除",
                "test-expects-nothing 此测试没有任何期望，因而不检验任何内容 | 请添加`期望 项目 = 金额`或`期望 项目 拒绝 \"…\"`",
                "given-unused 此测试给定了次数，但所期望的项目均不读取它（甲） | 请将其删除，或期望使用它的项目",
            ])
    }

    @Test func periodsThatOverlapOrLeaveAGapAreReportedInChinese() throws {
        let overlap = review(provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2021-07-01 to 2022-06-30"))
        let first = try #require(overlap.first)
        let period = try #require(CalendarDate(iso: "2021-01-01")).description
        #expect(first.message.chinese == "乙与甲自2021-07-01至2021-12-31均在山西省施行，且均定义了普惠")
        #expect(first.hint?.chinese == "其间由生效较晚的乙裁定；如乙取代甲，请使其依据甲，或将甲的施行期间截止于前一日")
        #expect(first.notes.count == 1)
        #expect(first.notes.first?.chinese.hasPrefix("甲位于p0.policy，施行期间为\(period)") == true)
        let gap = review(
            provincePolicy("甲", "2021-01-01 to 2021-12-31"), provincePolicy("乙", "2022-03-01 to 2022-12-31", extends: "甲"))
        #expect(gap.map(\.message.chinese) == ["自2022-01-01至2022-02-28，即甲与乙之间，山西省没有任何政策定义普惠"])
        #expect(gap.first?.hint?.chinese == "该期间的申领将被拒绝；请使乙自甲截止的次日起施行，或延长甲的施行期间")
    }

    // MARK: Loading and reading

    @Test func brokenLinksBetweenPoliciesAreReportedInChinese() {
        let found = PolicyLibrary.load(sources: [
            SourceFile(path: "a.policy", text: provincePolicy("甲", "2021-01-01 to 2021-12-31")),
            SourceFile(path: "b.policy", text: provincePolicy("甲", "2022-01-01 to 2022-12-31")),
            SourceFile(path: "c.policy", text: provincePolicy("丙", "2022-01-01 to 2022-12-31", extends: "乙乙")),
        ]).diagnostics
        #expect(
            found.map {
                "\($0.code.rawValue) \($0.message.chinese) | \($0.hint?.chinese ?? "") | \($0.notes.map(\.chinese).joined(separator: " / "))"
            } == [
                "duplicate-policy 另一文件已定义名为甲的政策 | 政策名称在政策库中不得重复 | 首次定义于a.policy",
                "unknown-parent 本政策依据乙乙，但未载入该名称的政策 | 请将所依据政策的文件放入政策目录 | ",
            ])
    }

    @Test func pathsAndLedgersThatCannotBeReadAreReportedInChinese() throws {
        let missing = PolicyLibrary.load(paths: ["/nonexistent/policies"]).diagnostics
        #expect(missing.map(\.message.chinese) == ["文件或目录/nonexistent/policies不存在"])
        #expect(missing.first?.hint?.chinese == "请用 --policies DIR 给出 .policy 文件所在的目录")

        let noLedger = Ledger.load(from: "/nonexistent/ledger.jsonl")
        guard case .failure(let error) = noLedger else {
            Issue.record("a ledger that is not there loaded")
            return
        }
        #expect(error.message.chinese == "台账/nonexistent/ledger.jsonl不存在")

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).jsonl").path
        try Data("{\"limit\":\"甲/乙\"}\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .failure(let damaged) = Ledger.load(from: path) else {
            Issue.record("a damaged ledger loaded")
            return
        }
        #expect(damaged.message.chinese == "台账\(path)第1行已损坏：应含有 limit、key、claims、amount 和 ids")
    }

    @Test func csvErrorsAreReportedInChinese() {
        let error = { () -> String in
            var reader = CSVReader(bytes: Array("a,b\n\"x\"y,2\n\"open\n".utf8))
            _ = reader.next()
            guard case .failure(let first)? = reader.next(), case .failure(let second)? = reader.next() else { return "" }
            return "\(first.located.chinese) / \(second.located.chinese)"
        }()
        #expect(error == "第2行：右引号之后还有文字；带引号的字段应在其右引号处结束 / 第3行：本行有带引号的字段，直到文件末尾仍未以引号结束；其后各行单独读取")
        let header = batchReasons("编号,日期,地区,身份证号\n1,2022-01-01,山西省,X\n", bundled(), in: .zh)
        // The batch puts the line before it.
        #expect(header.first == "第1行：表头中没有项目列（列名为“program”或“项目”）", "\(header)")
    }

    @Test func jsonErrorsAreReportedInChinese() {
        func parse(_ text: String) -> String {
            do throws(JSONError) {
                _ = try JSONParser.parse(Array(text.utf8))
                return "parsed"
            } catch {
                return error.located.chinese
            }
        }
        #expect(parse(#"{"a": 1, "a": 2}"#) == "第1行第10列：键“a”在此对象中出现了两次")
        #expect(parse("{\"a\":\n  [1 2]}") == "第2行第6列：数组中此处应为“,”或“]”")
        #expect(parse("") == "第1行第1列：输入为空；应为 JSON 对象")
    }

    // MARK: English is unchanged

    @Test func inEnglishTheSameCasesReadAsBefore() {
        let library = bundled()
        #expect(
            reasons(brandClaim(#""劳务品牌":"陵川焊工","培训天数":25,"就业律":"85%""#), library).first?.hasSuffix(
                "; the claim gives 就业律: is that it, misspelt?") == true)
        #expect(
            reasons(certificateClaim(#""证书等级":"中级工","初次取证":"yes","已使用电子培训券":true"#), library) == [
                "the fact 初次取证 should be true or false (是 or 否), but it is \"yes\""
            ])
        #expect(
            reasons(certificateClaim(place: "河北省", ""), library) == [
                "no policy covers the jurisdiction 河北省; the policies cover 山西省, 山西省/晋城市/陵川县"
            ])
        #expect(
            reasons(#"{"id":"A","date":"2022-02-30","jurisdiction":"山西省","program":"x","facts":{}}"#, library) == [
                "the claim's date 2022-02-30 is not a day: 2022-02 has 28 days"
            ])
        #expect(
            reasons(#"{"id":"A",,}"#, library) == [
                "the claim is not valid JSON: line 1, column 11: expected a key in double quotes"
            ])
        let header = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"
        let rows = (1...4).map { "A\($0),2021-0\($0)-05,陵川县,普惠制培训补贴,\(person(1)),工种\($0),初级,5,退役军人\n" }
        #expect(
            batchReasons(header + rows.joined(), library).last
                == "the limit 每人每年补贴性培训次数 allows 3 claims per 身份证号, 年(业务日期); 身份证号 = \(person(1)), 年(业务日期) = 2021 has used them: A1, A2, A3 [陵政办发〔2020〕62号 三(一)2、五(六)]"
        )
        let gap = review(
            """
            input 人数: number
            program 甲: yuan cite "一" =
              banded 人数 {
                below 100 => 1000 yuan
                from 120  => 1500 yuan
              }
            """)
        #expect(gap.map(\.message.english) == ["no bracket of this schedule holds from 100 below 120"])
        #expect(
            PolicyLibrary.load(paths: ["/nonexistent/policies"]).diagnostics.map(\.message.english) == [
                "there is no file or directory /nonexistent/policies"
            ])
    }
}
