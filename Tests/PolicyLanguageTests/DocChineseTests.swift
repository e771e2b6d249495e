// The proof-reading pages in Chinese: a policy written in Chinese keywords (陵川县2020) gets
// Chinese pages by default and an English one (山西省2022) English pages, `--lang` writes every
// page in one language; Chinese pages give their headings, labels, badges, captions and values in
// Chinese (`3500 元`, `是`), a county's overrides show the province's value they replace, and a
// section lists what the county leaves to the province.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct DocChineseTests {
    /// Each page in its file's language, the index in English.
    static let site = DocumentationSite(library: DocTests.library)
    /// Every page in Chinese, as `policy doc --lang zh` writes them.
    static let chinese = DocumentationSite(library: DocTests.library, language: .zh)

    static func page(_ policy: String, in site: DocumentationSite = site) throws -> String {
        try #require(site.pages.first { $0.policy == policy }).html
    }

    // MARK: Which language a page speaks

    @Test func aPolicyInChineseKeywordsGetsChinesePagesAndOneInEnglishEnglishPages() throws {
        let county = try Self.page("陵川县2020")
        #expect(county.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(county.contains("<p class=\"kicker\">校对页 · 陵川县2020</p>"))
        #expect(!county.contains("Proof sheet"))
        let province = try Self.page("山西省2022")
        #expect(province.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(province.contains("<p class=\"kicker\">Proof sheet · 山西省2022</p>"))
        #expect(province.contains("<td class=\"code\">yuan</td><td class=\"code\">at most 8000 yuan"))
        #expect(Self.site.pages.map(\.language) == [.en, .zh, .en, .en, .en, .en])
    }

    @Test func theHeaderFactsAndHeadingsAreChinese() throws {
        let html = try Self.page("陵川县2020")
        #expect(
            html.contains(
                "<dl class=\"facts\"><dt>政策</dt><dd>陵川县2020</dd><dt>文号</dt><dd>陵政办发〔2020〕62号</dd>"
                    + "<dt>辖区</dt><dd>山西省 / 晋城市 / 陵川县</dd><dt>施行</dt><dd>2020-09-10 至 2021-12-31</dd>"
                    + "<dt>依据</dt><dd><a href=\"shanxi-2021.html\">山西省2021</a>：本文件未规定的项目，按该政策办理</dd><dt>文件</dt>"))
        #expect(html.contains("lingchuan-2020.policy</dd><dt>算例</dt><dd class=\"pass\">✓ 58 个全部通过</dd></dl>"))
        #expect(html.contains("<p class=\"back\"><a href=\"index.html\">← 全部政策</a></p>"))
        #expect(html.contains("<h2>关于本文件</h2>"))
        #expect(html.contains("<h2>目录</h2>"))
        #expect(html.contains("lingchuan-2020.policy · 算例 58 个，现通过 58 个，未通过 0 个</footer>"))
        // Badges are the keywords a Chinese file writes.
        #expect(html.contains("<span class=\"kind kind-program\">项目</span><h3>劳动力建档立卡经费<code class=\"type\">: 元</code></h3>"))
        #expect(html.contains("<span class=\"kind kind-open\" title=\"文件留待确定的数额\">待定</span>"))
        #expect(
            html.contains(
                "<tr><th scope=\"col\">名称</th><th scope=\"col\">类别</th><th scope=\"col\">类型</th><th scope=\"col\">范围</th>"
                    + "<th scope=\"col\">引用</th><th scope=\"col\">说明</th></tr>"))
        #expect(html.contains("<td class=\"code\">百分比</td><td class=\"code\">介于 0% 与 100%</td>"))
    }

    // MARK: Values in Chinese

    @Test func tableCellsUseTheChineseUnitsAndBooleans() throws {
        let brands = try DocTests.element(id: "table-品牌培训标准", in: Self.page("陵川县2020"))
        #expect(brands.contains("<th scope=\"col\" class=\"key\">劳务品牌</th><th scope=\"col\">培训天数</th><th scope=\"col\">补贴</th>"))
        #expect(brands.contains("<td>棋源叉车工</td><td class=\"num\">20 天</td><td class=\"num\">3500 元</td>"))
        let certificates = try DocTests.element(id: "table-取证培训补贴标准", in: Self.page("陵川县2020"))
        #expect(certificates.contains("<td>特种作业操作证</td><td class=\"num\">300 元</td><td>是</td>"))
        #expect(certificates.contains("<td>专项职业能力证书</td><td class=\"num\">150 元</td><td>否</td>"))
        #expect(!certificates.contains("yuan") && !certificates.contains("true") && !certificates.contains("false"))
    }

    @Test func aQuotasTotalAndSumRowsAreChinese() throws {
        let quota = try DocTests.element(id: "quota-部门目标任务", in: Self.page("陵川县2020"))
        #expect(quota.contains("<span class=\"kind kind-quota\">任务表</span>"))
        #expect(quota.contains("<span class=\"detail\">按单位</span>"))
        #expect(
            quota.contains(
                "<tr class=\"total\"><th scope=\"row\" colspan=\"2\">合计（文件所写）</th><td class=\"num\" "
                    + "title=\"取自 年度工作任务[&quot;新增技能劳动者&quot;].二〇二〇年\">3020"))
        #expect(
            quota.contains(
                "<tr class=\"sum\"><th scope=\"row\" colspan=\"2\">各行之和</th><td class=\"num match\">3020 ✓</td>"))
        let studios = try DocTests.element(id: "quota-技能大师工作室任务", in: Self.page("陵川县2020"))
        #expect(studios.contains("<td class=\"num\">1 至 2</td>"))
    }

    @Test func limitsAndWorkedExamplesReadInChinese() throws {
        let html = try Self.page("陵川县2020")
        let limit = try DocTests.element(id: "limit-每人每年补贴性培训次数", in: html)
        #expect(limit.contains("<span class=\"detail\">跨申领累计，记入台账</span>"))
        #expect(
            limit.contains(
                "<p class=\"limit-rule\">每身份证号、年(业务日期)至多批准 3 件，计入<a href=\"#rule-普惠制培训补贴\">普惠制培训补贴</a>、"
                    + "<a href=\"#rule-订单式项目制培训补贴\">订单式项目制培训补贴</a>和<a href=\"#rule-品牌培训补贴\">品牌培训补贴</a>"
                    + "。超出的申领予以拒绝，并列出已占用次数的申领。</p>"))
        #expect(html.contains("<caption>算例</caption>"))
        #expect(
            html.contains(
                "<th scope=\"col\">算例</th><th scope=\"col\">给定</th><th scope=\"col\">期望</th><th scope=\"col\">现在</th>"))
        #expect(html.contains("<td class=\"status pass\">✓ 通过</td>"))
        #expect(html.contains("<div>普惠制培训补贴 拒绝 &quot;免费职业技能培训面向十类重点就业群体&quot;</div>"))
        #expect(!html.contains("<div>普惠制培训补贴 refused"))
    }

    @Test func aChartsLabelsAndCaptionAreChinese() throws {
        let rule = try DocTests.element(id: "rule-普惠制补贴标准", in: Self.page("陵川县2020"))
        #expect(rule.contains("<text class=\"cap-label\""))
        #expect(rule.contains(">至多 1000 元</text>"))
        #expect(rule.contains(">培训天数 (天)</text>"))
        #expect(rule.contains("<figcaption>元随培训天数变化；标准乘以数量；虚线：至多 1000 元，在 约 6.667 天处达到。</figcaption>"))
    }

    // MARK: A county beside its province

    @Test func anOverrideShowsTheProvincesDefinitionAndValueItReplaces() throws {
        let html = try Self.page("陵川县2020")
        let rule = try DocTests.element(id: "rule-职业技能等级证书补贴", in: html)
        #expect(
            rule.contains(
                "<p class=\"overrides\">在本政策施行期内取代 <a href=\"shanxi-2021.html#rule-职业技能等级证书补贴\">山西省2021</a>"
                    + "（晋办发〔2021〕6号 二(五)）的定义，原定义为：</p>"))
        #expect(rule.contains("<pre class=\"source replaced\"><code>require 电子券核验 else"))
        // An open number the county narrows shows the province's bounds beside its own.
        let open = try DocTests.element(id: "input-新型学徒制年补贴标准", in: html)
        #expect(
            open.contains(
                "<td class=\"code\">介于 4000 元 与 6000 元<span class=\"was\">取代 "
                    + "<a href=\"shanxi-2021.html#input-新型学徒制年补贴标准\">山西省2021</a>：至少 4000 元</span></td>"))
        // The English page says the same in English.
        let english = try DocTests.element(id: "input-新型学徒制年补贴标准", in: DocTests.page("陵川县2020"))
        #expect(
            english.contains(
                "<td class=\"code\">between 4000 yuan and 6000 yuan<span class=\"was\">replaces "
                    + "<a href=\"shanxi-2021.html#input-新型学徒制年补贴标准\">山西省2021</a>: at least 4000 yuan</span></td>"))
    }

    @Test func aCountyListsWhatItLeavesToTheProvince() throws {
        let html = try Self.page("陵川县2020")
        // The last section of the page: from its start to the footer.
        let start = try #require(html.range(of: "<section class=\"part inherited\" id=\"inherited\">"))
        let end = try #require(html.range(of: "<footer>"))
        let inherited = String(html[start.lowerBound..<end.lowerBound])
        #expect(inherited.contains("<h2>沿用上级政策的内容</h2>"))
        #expect(
            inherited.contains(
                "<h3 class=\"fallback-policy\"><a href=\"shanxi-2021.html\">山西省2021</a>"
                    + "<span class=\"detail\"> · 2021-01-01 至 2025-12-31</span></h3>"))
        #expect(
            inherited.contains(
                "<dt>项目</dt><dd><a href=\"shanxi-2021.html#rule-产业集群定向式培训补贴\">产业集群定向式培训补贴</a>、"))
        #expect(inherited.contains("<dt>规则</dt><dd><a href=\"shanxi-2021.html#rule-电子券核验\">电子券核验</a></dd>"))
        #expect(inherited.contains("<a href=\"shanxi-2021.html#input-定向式培训补贴标准\">定向式培训补贴标准</a>"))
        #expect(inherited.contains("<dt>表</dt><dd><a href=\"shanxi-2021.html#table-创业大赛奖励标准\">创业大赛奖励标准</a>、"))
        #expect(inherited.contains("<a href=\"shanxi-2021.html#quota-全省目标任务\">全省目标任务</a>"))
        // What the county defines itself is not a fallback, even where the province defines it too.
        for own in ["rule-以工代训补贴", "rule-职业技能等级证书补贴", "input-新型学徒制年补贴标准", "table-品牌培训标准"] {
            #expect(!inherited.contains("#\(own)\""), "\(own) is the county's own")
        }
        // A province that extends nothing leaves nothing to another policy.
        #expect(try !DocTests.page("山西省2021").contains("id=\"inherited\""))
    }

    @Test func aRuleThatDecidesTheProvincesOpenNumberShowsTheProvincesBounds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-doc-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let header = { (name: String, place: String, parent: String) in
            "policy \(name) {\n  title \"t\"\n  document \"d\"\n  jurisdiction \(place)\n\(parent)  in force 2021-01-01 to 2025-12-31\n}\n"
        }
        try (header("省", "省", "") + "open 标准: yuan at most 100 yuan cite \"一\"\nprogram 补贴: yuan cite \"一\" = 标准\n")
            .write(to: directory.appendingPathComponent("a.policy"), atomically: true, encoding: .utf8)
        try (header("县", "省/县", "  extends 省\n") + "rule 标准: yuan cite \"二\" = 80 yuan\n")
            .write(to: directory.appendingPathComponent("b.policy"), atomically: true, encoding: .utf8)
        let library = PolicyLibrary.load(paths: [directory.path])
        let chinese = try Self.page("县", in: DocumentationSite(library: library, language: .zh))
        #expect(chinese.contains("<p class=\"overrides\">确定 <a href=\"a.html#input-标准\">省</a> 留待确定的数额，该政策规定为至多 100 元。</p>"))
        #expect(chinese.contains("<dt>项目</dt><dd><a href=\"a.html#rule-补贴\">补贴</a></dd>"))
        let english = try Self.page("县", in: DocumentationSite(library: library))
        #expect(
            english.contains(
                "<p class=\"overrides\">Decides the open number of <a href=\"a.html#input-标准\">省</a>, which allows at most 100 yuan.</p>"
            ))
        #expect(english.contains("<dt>Programs</dt><dd><a href=\"a.html#rule-补贴\">补贴</a></dd>"))
    }

    // MARK: --lang

    @Test func anEnglishPolicyInChineseUsesTheChineseUnitsTypesAndBooleans() throws {
        let html = try Self.page("山西省2022", in: Self.chinese)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(html.contains("<p class=\"kicker\">校对页 · 山西省2022</p>"))
        #expect(html.contains("<h3>阶梯式补贴<code class=\"type\">: 元</code></h3>"))
        let open = try DocTests.element(id: "input-定向式培训补贴标准", in: html)
        #expect(
            open.contains(
                "<td class=\"code\">元</td><td class=\"code\">至多 8000 元<span class=\"was\">取代 "
                    + "<a href=\"shanxi-2021.html#input-定向式培训补贴标准\">山西省2021</a>：至多 10000 元</span></td>"))
        #expect(html.contains("<div>已使用电子培训券 = 是</div>"))
        #expect(html.contains("每身份证号、计数年度累计至多批准 300 元，计入"))
        #expect(
            html.contains(
                "<figcaption>元随培训天数变化；累进：各档标准只适用于数量落在该档内的部分；虚线：至多 4000 元，在 35 天处达到；分档边界：10 天。</figcaption>"
            ))
        #expect(html.contains("<th scope=\"col\">截止日期</th><th scope=\"col\">应完成目标的比例</th>"))
        // Only the definitions, as the file writes them, keep the file's English keywords.
        for english in [
            ">Facts<", ">Worked example", "✓ passes", " yuan</td>", " yuan</div>", ">true<", ">false<", "total, as stated",
        ] {
            #expect(!html.contains(english), "\(english) on a Chinese page")
        }
        let index = try #require(Self.chinese.pages.first).html
        #expect(index.contains("<h1>政策</h1>"))
        #expect(index.contains("<p class=\"docno\">共 5 项政策，每项据一份文件译出</p>"))
        #expect(index.contains("<td class=\"period\">2022-01-01 起长期有效</td>"))
        #expect(index.contains("<h2>如何阅读政策页面</h2>"))
    }

    @Test func aFailingExampleIsMarkedInChinese() throws {
        let directory = try copyOfPolicies(editing: [
            "shanxi-2022.policy": {
                $0.replacingOccurrences(of: "expect 订单式项目制培训补贴 = 1600 yuan", with: "expect 订单式项目制培训补贴 = 1700 yuan")
            }
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = PolicyLibrary.load(paths: [directory.path])
        let site = DocumentationSite(library: library, language: .zh)
        let html = try Self.page("山西省2022", in: site)
        #expect(html.contains("<div>订单式项目制培训补贴 = 1700 元</div>"))
        #expect(html.contains("<strong>✗ 未通过</strong><div>订单式项目制培训补贴：实得 1600 元</div>"))
        let tests = try #require(library.entry(named: "山西省2022")).program.tests.count
        #expect(html.contains("✗ \(tests) 个中 1 个未通过"))
    }

    @Test func policyDocWritesEachPageInItsFilesLanguageUnlessLangIsGiven() throws {
        func write(_ extra: [String]) throws -> (index: String, county: String, province: String, output: String) {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-doc-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let console = Console()
            let arguments = ["doc", Repository.path("policies"), "--out", directory.path] + extra
            #expect(PolicyCommandLine.run(arguments, console: console) == .success)
            let read = { (name: String) in try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) }
            return (try read("index.html"), try read("lingchuan-2020.html"), try read("shanxi-2022.html"), console.output)
        }
        let mixed = try write([])
        #expect(mixed.county.contains("校对页 · 陵川县2020") && mixed.province.contains("Proof sheet · 山西省2022"))
        #expect(mixed.index.contains("<h1>Policies</h1>"))
        let english = try write(["--lang", "en"])
        #expect(english.county.contains("Proof sheet · 陵川县2020") && english.province.contains("Proof sheet · 山西省2022"))
        #expect(english.county.contains("<td class=\"num\">3500 yuan</td>"))
        let chinese = try write(["--lang", "zh"])
        #expect(chinese.county.contains("校对页 · 陵川县2020") && chinese.province.contains("校对页 · 山西省2022"))
        #expect(chinese.index.contains("<h1>政策</h1>"))
        #expect(chinese.output.hasPrefix("已将 6 个页面写入 "))
        // The same pages as the library makes.
        #expect(chinese.province == (try Self.page("山西省2022", in: Self.chinese)))
        #expect(mixed.county == (try Self.page("陵川县2020")))
    }
}
