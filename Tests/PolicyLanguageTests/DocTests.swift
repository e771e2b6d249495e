// The proof-reading pages (`policy doc`) of the bundled policies: the index links every policy,
// each page shows its declarations with citations, quotations, tables, quotas with their totals
// and charts of the tier schedules whose curve stops at the cap, and the worked examples with
// whether they pass; every page is well formed, self-contained and free of script.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

@Suite struct DocTests {
    static let library = PolicyLibrary.load(paths: [Repository.path("policies")])
    /// Every page in English: a policy in Chinese keywords (陵川县2020) gets Chinese pages by
    /// default, which DocChineseTests read.
    static let site = DocumentationSite(library: library, language: .en)

    static func page(_ policy: String) throws -> String {
        try #require(site.pages.first { $0.policy == policy }).html
    }

    /// The element with the given `id`, from its start tag to the end tag that closes it.
    static func element(id: String, in html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let start = try #require(html.range(of: "id=\"\(id)\""), "no element with id \(id)", sourceLocation: sourceLocation)
        let tagStart = try #require(html[..<start.lowerBound].range(of: "<", options: .backwards)).lowerBound
        let name = String(html[html.index(after: tagStart)...].prefix { $0.isLetter })
        // Count nested elements of the same name until the matching end tag.
        var depth = 0
        var cursor = tagStart
        while let next = html[cursor...].range(of: "<\(name)"), let close = html[cursor...].range(of: "</\(name)>") {
            if next.lowerBound < close.lowerBound {
                depth += 1
                cursor = next.upperBound
            } else {
                depth -= 1
                cursor = close.upperBound
                if depth == 0 { return String(html[tagStart..<close.upperBound]) }
            }
        }
        Issue.record("the element with id \(id) is not closed", sourceLocation: sourceLocation)
        return ""
    }

    /// The value of each `name="…"` attribute on the tags of a kind, in order.
    static func attribute(_ name: String, ofTags tag: String, classed className: String, in html: String) -> [String] {
        var values: [String] = []
        var cursor = html.startIndex
        while let start = html[cursor...].range(of: "<\(tag) class=\"\(className)\"") {
            let end = html[start.upperBound...].firstIndex(of: ">")!
            let tagText = html[start.lowerBound..<end]
            if let value = tagText.range(of: " \(name)=\"") {
                values.append(String(tagText[value.upperBound...].prefix { $0 != "\"" }))
            }
            cursor = end
        }
        return values
    }

    // MARK: The index

    @Test func theIndexLinksEveryPolicyWithItsFacts() throws {
        #expect(Self.library.diagnostics.isEmpty)
        #expect(Self.site.pages.count == Self.library.entries.count + 1)
        let index = try #require(Self.site.pages.first)
        #expect(index.fileName == "index.html" && index.policy == nil)
        for entry in Self.library.entries {
            let page = try #require(Self.site.pages.first { $0.policy == entry.info.name })
            #expect(index.html.contains("href=\"\(page.fileName)\""), "the index does not link \(entry.info.name)")
            #expect(page.fileName.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
            let jurisdiction = entry.info.jurisdiction.joined(separator: " / ")
            for fact in [entry.info.title, entry.info.document, jurisdiction, entry.info.name] {
                #expect(index.html.contains(HTMLWriter.escape(fact)), "the index does not show \(fact)")
            }
        }
        #expect(Self.site.pages.first { $0.policy == "山西省2022" }?.fileName == "shanxi-2022.html")
        #expect(index.html.contains("2022-01-01 to 2022-12-31"))
        // 山西省2022 extends 山西省2021: its row links the parent's page.
        let row = try #require(index.html.components(separatedBy: "<tr>").first { $0.contains(">山西省2022</a>") })
        #expect(row.contains("<a href=\"shanxi-2021.html\">山西省2021</a>"))
    }

    // MARK: A policy's page

    @Test func aPolicyPageShowsItsHeaderFacts() throws {
        let html = try Self.page("陵川县2020")
        #expect(html.contains("<h1>陵川县创建“人人持证、技能社会”实施方案(2020—2021年)</h1>"))
        #expect(html.contains("<dd>山西省 / 晋城市 / 陵川县</dd>"))
        #expect(html.contains("<dd>2020-09-10 to 2021-12-31</dd>"))
        #expect(html.contains("<a href=\"shanxi-2021.html\">山西省2021</a>"))
        // The province's page names the policies that extend it.
        let province = try Self.page("山西省2021")
        #expect(province.contains("<dt>Extended by</dt>"))
        #expect(province.contains("<a href=\"lingchuan-2020.html\">陵川县2020</a>"))
    }

    @Test func declarationsComeInFileOrderUnderTheFilesOwnHeadings() throws {
        let html = try Self.page("山西省2022")
        let heading = "<h2>二(七) Order and project training, with the 80% employment fallback</h2>"
        #expect(html.contains(heading))
        let order = [heading, "id=\"rule-阶梯式补贴\"", "id=\"rule-普惠制补贴标准\"", "id=\"rule-订单式项目制培训补贴\"", "<h2>二(四)"]
        let positions = try order.map { try #require(html.range(of: $0), "missing \($0)").lowerBound }
        #expect(positions == positions.sorted())
        // The file's opening comment is shown, and the headings are listed as contents.
        #expect(html.contains("December counts towards the next year"))
        #expect(html.contains("<a href=\"#part-"))
    }

    @Test func aRuleShowsItsKindTypeCitationQuotationAndDefinition() throws {
        let rule = try Self.element(id: "rule-阶梯式补贴", in: Self.page("山西省2022"))
        #expect(rule.contains("<span class=\"kind kind-rule\">rule</span>"))
        #expect(rule.contains("<code class=\"type\">: yuan</code>"))
        #expect(
            rule.contains(
                "<span class=\"cite\"><span class=\"nowrap\">晋技能组发〔2022〕1号</span> <span class=\"nowrap\">二(七)</span></span>"))
        #expect(rule.contains("<blockquote class=\"quote\"><p>前10天每天150元、超过一天100元, 最高每人4000元.</p>"))
        #expect(
            rule.contains(
                """
                <pre class="source"><code>marginal 培训天数 {
                  up to 10 days =&gt; 150 yuan/day
                  above 10 days =&gt; 100 yuan/day
                } at most 4000 yuan</code></pre>
                """))
        let program = try Self.element(id: "rule-订单式项目制培训补贴", in: Self.page("山西省2022"))
        #expect(program.contains("<span class=\"kind kind-program\">program</span>"))
        // A comment wrapped over two lines is one quotation; text is escaped in the definition.
        let online = try Self.element(id: "rule-线上职业技能培训补贴", in: Self.page("山西省2022"))
        #expect(online.contains("if 线下培训人员比例 &lt; 50% then"))
        #expect(!online.contains("比例 < 50%"))
        // A rule that replaces its parent's says so, with a link.
        let voucher = try Self.element(id: "rule-电子券核验", in: Self.page("山西省2022"))
        #expect(voucher.contains("Replaces the definition in <a href=\"shanxi-2021.html#rule-电子券核验\">山西省2021</a>"))
    }

    @Test func anObligationIsShownWithWhatItRequires() throws {
        let obligation = try Self.element(id: "rule-不向在校学生收取培训取证费用", in: Self.page("山西省教育系统2021"))
        #expect(obligation.contains("<span class=\"kind kind-obligation\">obligation</span>"))
        #expect(obligation.contains("compliant or not"))
        #expect(
            obligation.contains(
                """
                <code>向在校学生收取的培训取证费用 == 0 yuan
                  else &quot;不得以技能培训、考证取证的名义向在校学生收取任何费用&quot;</code>
                """))
    }

    @Test func inputsShowTheirTypesAndBoundsAndOpenNumbersAreMarked() throws {
        let html = try Self.page("山西省2022")
        let rate = try Self.element(id: "input-就业率", in: html)
        #expect(rate.contains("<td class=\"code\">percent</td><td class=\"code\">between 0% and 100%</td>"))
        let open = try Self.element(id: "input-定向式培训补贴标准", in: html)
        #expect(open.contains("kind kind-open"))
        // The province's bound it narrows is beside it (DocChineseTests reads the county's).
        #expect(open.contains("<td class=\"code\">at most 8000 yuan<span class=\"was\">replaces "))
        #expect(open.contains("<span class=\"nowrap\">二(四)</span>"))
    }

    @Test func enumsShowTheirCases() throws {
        let enumeration = try Self.element(id: "enum-证书等级", in: Self.page("山西省2021"))
        #expect(enumeration.contains("8 cases"))
        #expect(enumeration.contains("<li>专项职业能力证书</li>\n<li>初级工</li>"))
        #expect(enumeration.contains("<li>特种设备作业人员证</li>"))
    }

    @Test func aTablesRowsAreRowsOfAnHTMLTable() throws {
        let table = try Self.element(id: "table-品牌培训标准", in: Self.page("陵川县2020"))
        #expect(table.contains("<table class=\"data cells\">"))
        #expect(table.contains("<th scope=\"col\" class=\"key\">劳务品牌</th><th scope=\"col\">培训天数</th><th scope=\"col\">补贴</th>"))
        #expect(table.contains("<td>棋源叉车工</td><td class=\"num\">20 days</td><td class=\"num\">3500 yuan</td></tr>"))
        #expect(table.components(separatedBy: "<table").count == table.components(separatedBy: "</table>").count)
        // Rows are numbered in order, with their line in the policy file.
        #expect(table.contains("<th scope=\"col\" class=\"rownum\">#</th>"))
        #expect(table.contains("lingchuan-2020.policy:122:3\">1</td><td>棋源叉车工</td>"))
        // Rates per hour, and booleans, as written.
        let hours = try Self.element(id: "table-线上培训课时标准", in: Self.page("山西省2022"))
        #expect(hours.contains("<td>中级工</td><td class=\"num\">4 yuan/hour</td></tr>"))
        let certificates = try Self.element(id: "table-证书补贴标准", in: Self.page("山西省2022"))
        #expect(certificates.contains("<td>中级工</td><td class=\"num\">600 yuan</td><td>true</td></tr>"))
    }

    @Test func aQuotaShowsItsStatedTotalsBesideTheSumsOfItsRows() throws {
        // Annex 1's total is the body's figure of 二(一), and says so.
        let quota = try Self.element(id: "quota-各市任务", in: Self.page("山西省2022"))
        #expect(
            quota.contains(
                "<tr class=\"total\"><th scope=\"row\" colspan=\"2\">total, as stated</th><td class=\"num\" title=\"the figure of 全年任务[&quot;各市补贴性职业技能培训&quot;].人数\">300000<span class=\"was\">= 全年任务[&quot;各市补贴性职业技能培训&quot;].人数</span></td><td class=\"num\">260000</td><td class=\"num\">21000</td><td class=\"absent\">—</td></tr>"
            ))
        #expect(
            quota.contains(
                "<tr class=\"sum\"><th scope=\"row\" colspan=\"2\">sum of the rows</th><td class=\"num match\">300000 ✓</td><td class=\"num match\">260000 ✓</td><td class=\"num match\">21000 ✓</td><td class=\"num\"></td></tr>"
            ))
        #expect(quota.contains("measured against 培训进度 for 计划培训任务数"))
        // A target's kind is written beside its figure; a share is not added up.
        #expect(
            quota.contains(
                "<td>太原市</td><td class=\"num\">35000</td><td class=\"num\">36000</td><td class=\"num\">2000</td><td class=\"num\">at least 30%</td></tr>"
            ))
        // `none` cells are a dash, and left out of the sum.
        let industries = try Self.element(id: "quota-各行业任务", in: Self.page("山西省2022"))
        #expect(
            industries.contains(
                "<td>山西省退役军人事务厅</td><td class=\"num\">1500</td><td class=\"num\">1200</td><td class=\"absent\" title=\"none: left empty by the document\">—</td></tr>"
            ))
        #expect(industries.contains("<td class=\"num match\">82000 ✓</td>"))
        // A quota that states no total is not summed: its rows may count different things.
        let tasks = try Self.element(id: "quota-全年任务", in: Self.page("山西省2022"))
        #expect(tasks.contains("<td>产业集群定向式培训</td><td class=\"num\">about 40000</td>"))
        #expect(!tasks.contains("total, as stated") && !tasks.contains("sum of the rows"))
    }

    @Test func aStatedTotalTheRowsDoNotReachIsMarked() throws {
        // The checker refuses such a policy, so the page is given the table directly.
        let entry = try #require(Self.library.entry(named: "山西省2022"))
        let quota = try #require(entry.program.tables.first { $0.name == "各市任务" })
        var totals = quota.totals
        totals[1] = .number(ExactDecimal(300100))
        let changed = quota.with(totals: totals)
        let page = PolicyPage(
            entry: entry, library: Self.library, fileNames: DocumentationSite.fileNames(for: Self.library.entries),
            language: .en)
        var writer = HTMLWriter()
        page.writeCells(changed, into: &writer)
        #expect(writer.html.contains("<td class=\"num mismatch\">300000 ✗ differs from the stated 300100</td>"))
        #expect(writer.html.contains("<td class=\"num match\">260000 ✓</td>"))
    }

    @Test func aDeadlineIsShownWithItsProgramsAndItsLastDay() throws {
        let deadline = try Self.element(id: "deadline-补贴申领期限", in: Self.page("山西省2022"))
        #expect(deadline.contains("<span class=\"kind kind-deadline\">deadline</span><h3>补贴申领期限</h3>"))
        #expect(deadline.contains("A claim of <a href=\"#rule-普惠制培训补贴\">普惠制培训补贴</a>, "))
        #expect(
            deadline.contains(
                "<a href=\"#rule-职业技能等级证书补贴\">职业技能等级证书补贴</a> applied for after date(counting year, 12, 31) is refused."))
    }

    @Test func milestonesAndLimitsAreShown() throws {
        let milestones = try Self.element(id: "milestones-培训进度", in: Self.page("山西省2022"))
        #expect(milestones.contains("<tr><td class=\"date\">2022-09-30</td><td class=\"num\">60%</td></tr>"))
        #expect(milestones.contains("<tr><td class=\"date\">2022-11-30</td><td class=\"num\">100%</td></tr>"))
        let limit = try Self.element(id: "limit-每人每年补贴性培训次数", in: Self.page("陵川县2020"))
        #expect(
            limit.contains(
                "At most 3 granted claims per 身份证号, 年(业务日期), counting <a href=\"#rule-普惠制培训补贴\">普惠制培训补贴</a>, <a href=\"#rule-订单式项目制培训补贴\">订单式项目制培训补贴</a> and <a href=\"#rule-品牌培训补贴\">品牌培训补贴</a>."
            ))
        let amount = try Self.element(id: "limit-平台年度补贴总额", in: Self.page("山西省2022"))
        #expect(amount.contains("At most 3000000 yuan granted in all per 线上平台, counting year"))
    }

    // MARK: Charts

    @Test func theMarginalScheduleIsDrawnUpToItsCap() throws {
        let rule = try Self.element(id: "rule-阶梯式补贴", in: Self.page("山西省2022"))
        #expect(rule.contains("<svg class=\"schedule\" data-shape=\"marginal\""))
        let points = try #require(Self.attribute("points", ofTags: "polyline", classed: "curve", in: rule).first)
            .split(separator: " ").map { $0.split(separator: ",").map(String.init) }
        let capY = try #require(Self.attribute("y1", ofTags: "line", classed: "cap", in: rule).first)
        #expect(Self.attribute("y2", ofTags: "line", classed: "cap", in: rule).first == capY)
        // From zero, up through the edge at 10 days, to the cap, and along it.
        #expect(points.count == 4)
        #expect(points.last?[1] == capY)
        #expect(points[2][1] == capY)
        #expect(points[0][1] != capY && points[1][1] != capY)
        let edgeX = try #require(Self.attribute("x1", ofTags: "line", classed: "edge", in: rule).first)
        #expect(points[1][0] == edgeX)
        // The cap line is where the axis says 4000 yuan is, and it is labelled.
        #expect(rule.contains("y=\"\(capY)\" dy=\"4\" text-anchor=\"end\">4000</text>"))
        #expect(rule.contains(">at most 4000 yuan</text>"))
        // 1500 yuan at 10 days, then 100 yuan a day reaches 4000 yuan at 35 days: the plateau starts
        // at 35/50 of the axis.
        #expect(rule.contains(">1500</text>"))
        #expect(rule.contains(">35 days</text>"))
        #expect(points[2][0] == "\(ScheduleChart.plotLeft + ScheduleChart.plotWidth * 35 / 50)")
        #expect(rule.contains("reached at 35 days"))
    }

    @Test func aConstantRateCappedIsDrawnAndItsCrossingIsNotRoundedIntoTheCap() throws {
        // 150 yuan a day up to 1000 yuan: the cap is reached after 6⅔ days, which is not a decimal.
        let rule = try Self.element(id: "rule-普惠制补贴标准", in: Self.page("陵川县2020"))
        #expect(rule.contains("data-shape=\"rate\""))
        let points = try #require(Self.attribute("points", ofTags: "polyline", classed: "curve", in: rule).first)
            .split(separator: " ").map { $0.split(separator: ",").map(String.init) }
        let capY = try #require(Self.attribute("y1", ofTags: "line", classed: "cap", in: rule).first)
        #expect(points.count == 3)
        #expect(points[1][1] == capY && points[2][1] == capY)
        #expect(rule.contains(">≈ 6.667 days</text>"))
        // The province leaves its daily rate open: there is no single curve to draw.
        let open = try Self.element(id: "rule-普惠制补贴标准", in: Self.page("山西省2022"))
        #expect(!open.contains("<svg"))
    }

    @Test func aBandedScheduleJumpsAtItsEdge() throws {
        let rule = try Self.element(id: "rule-小微企业吸纳就业补助", in: Self.page("山西省2021"))
        #expect(rule.contains("data-shape=\"banded\""))
        let pieces = Self.attribute("points", ofTags: "polyline", classed: "curve", in: rule)
        #expect(pieces.count == 2)
        // Below 100 persons at 1000 yuan each, ending hollow at 100000; from 100 at 1500, filled at 150000.
        #expect(rule.contains("<circle class=\"dot open\""))
        #expect(rule.contains("<circle class=\"dot\""))
        #expect(rule.contains(">100000</text>") && rule.contains(">150000</text>"))
        let ends = pieces.map { $0.split(separator: " ") }
        #expect(ends[0].last?.split(separator: ",").first == ends[1].first?.split(separator: ",").first)
        #expect(!rule.contains("class=\"cap\""))
    }

    @Test func aCappedQuantityIsDrawnAsItsAmount() throws {
        // 300 yuan a month, counting at most 6 months: 1800 yuan.
        let rule = try Self.element(id: "rule-以工代训补贴", in: Self.page("山西省2021"))
        #expect(rule.contains(">at most 6 months: 1800 yuan</text>"))
        #expect(rule.contains("以工代训月数 counts up to 6 months"))
    }

    @Test func chartCoordinatesAreExactDecimals() throws {
        let layout = try #require(
            ScheduleChart(
                schedule: Schedule(
                    shape: .rate, text: "", quantity: "q", quantityType: .quantity(Unit([.day: 1])), amountType: .yuan,
                    bands: [.init(lower: nil, upper: nil, rate: ExactDecimal(3))],
                    cap: .init(amount: ExactDecimal(10), limit: "10 yuan", limitValue: ExactDecimal(10), limitType: .yuan))
            ).layout())
        // 3 yuan a day reaches 10 yuan after 3.333… days: placed to four digits, not exact.
        #expect(layout.reach?.exact == false)
        #expect(layout.reach?.quantity == yuan("3.333"))
        #expect(try ScheduleChart.y(ExactDecimal(10), in: layout) == ScheduleChart.y(layout.pieces[0].last!.amount, in: layout))
        // No floating point anywhere in the pages' code.
        let directory = Repository.path("Sources/PolicyTools/Documentation")
        for file in try Listing.names(inDirectory: directory, endingWith: ".swift") {
            let text = try String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)
            for word in ["Double", "Float", "CGFloat"] {
                #expect(!text.contains(word), "\(file) uses \(word)")
            }
        }
    }

    // MARK: Worked examples

    @Test func workedExamplesShowTheirGivensExpectationsAndWhetherTheyPass() throws {
        let html = try Self.page("山西省2022")
        let entry = try #require(Self.library.entry(named: "山西省2022"))
        let tests = entry.program.tests.filter { $0.policy == "山西省2022" }.count
        #expect(html.components(separatedBy: "<td class=\"status pass\">✓ passes</td>").count - 1 == tests)
        #expect(html.contains("<span class=\"example-name\">11 天: 第 11 天按 100 元</span>"))
        #expect(html.contains("<div>培训天数 = 11 days</div>"))
        #expect(html.contains("<div>订单式项目制培训补贴 = 1600 yuan</div>"))
        #expect(html.contains("<div>普惠制培训补贴 refused &quot;没有电子培训券不予兑现补贴&quot;</div>"))
    }

    @Test func aWorkedExampleThatFailsNowIsMarked() throws {
        let directory = try copyOfPolicies(editing: [
            "shanxi-2022.policy": {
                $0.replacingOccurrences(of: "expect 订单式项目制培训补贴 = 1600 yuan", with: "expect 订单式项目制培训补贴 = 1700 yuan")
            }
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = PolicyLibrary.load(paths: [directory.path])
        let html = try #require(DocumentationSite(library: library).pages.first { $0.policy == "山西省2022" }).html
        #expect(html.contains("<tr class=\"fails\">"))
        #expect(html.contains("<strong>✗ fails</strong><div>订单式项目制培训补贴: got 1600 yuan</div>"))
        let tests = try #require(library.entry(named: "山西省2022")).program.tests.count
        #expect(html.contains("✗ 1 of \(tests) fail now"))
        let index = try #require(DocumentationSite(library: library).pages.first).html
        #expect(index.contains("✗ 1 of \(tests) fail"))
    }

    // MARK: Every page

    @Test func everyPageIsWellFormedSelfContainedAndWithoutScript() throws {
        for page in Self.site.pages {
            let html = page.html
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"))
            #expect(html.contains("Noto Sans CJK SC"))
            for forbidden in ["<script", "http://", "https://", "javascript:", "@import", "url("] {
                #expect(!html.contains(forbidden), "\(page.fileName) contains \(forbidden)")
            }
            #expect(Self.unbalancedTags(in: html) == nil, "\(page.fileName): \(Self.unbalancedTags(in: html) ?? "")")
            // Every link points at a page of the site, or an element of one.
            for href in Self.attributeValues("href", in: html) {
                let file = String(href.prefix { $0 != "#" })
                let anchor = href.split(separator: "#", maxSplits: 1).dropFirst().first.map(String.init)
                let target = file.isEmpty ? page : Self.site.pages.first { $0.fileName == file }
                #expect(target != nil, "\(page.fileName) links \(href), which is not a page")
                if let anchor, let target {
                    #expect(target.html.contains("id=\"\(anchor)\""), "\(page.fileName) links \(href), which is not there")
                }
            }
        }
    }

    /// The first element closed out of order or left open, or nil when every element nests.
    static func unbalancedTags(in html: String) -> String? {
        let void: Set<String> = ["meta", "br", "hr", "img", "link", "col", "wbr", "!DOCTYPE"]
        var open: [String] = []
        var cursor = html.startIndex
        while let start = html[cursor...].firstIndex(of: "<") {
            let end = html[start...].firstIndex(of: ">")!
            let tag = html[html.index(after: start)..<end]
            cursor = html.index(after: end)
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard open.last == name else { return "</\(name)> closes <\(open.last ?? "nothing")>" }
                open.removeLast()
            } else {
                let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
                if void.contains(name) || tag.hasSuffix("/") { continue }
                open.append(name)
            }
        }
        return open.isEmpty ? nil : "<\(open.last!)> is never closed"
    }

    static func attributeValues(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func textIsEscaped() {
        #expect(HTMLWriter.escape("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;")
        var writer = HTMLWriter()
        writer.element("p", ["title": "<x>"], text: "</p><script>")
        #expect(writer.html == "<p title=\"&lt;x&gt;\">&lt;/p&gt;&lt;script&gt;</p>\n")
    }

    // MARK: The command

    @Test func policyDocWritesTheIndexAndAPagePerPolicy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policy-doc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let console = Console()
        let code = PolicyCommandLine.run(["doc", Repository.path("policies"), "--out", directory.path], console: console)
        #expect(code == .success)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            files == [
                "index.html", "lingchuan-2020.html", "shanxi-2021.html", "shanxi-2022.html", "shanxi-education-2021.html",
                "shanxi-skills-decision-2022.html",
            ])
        #expect(console.output.hasPrefix("wrote 6 pages to \(directory.path): index.html and 5 policies\n"))
        let written = try String(contentsOf: directory.appendingPathComponent("shanxi-2022.html"), encoding: .utf8)
        #expect(written == Self.site.pages.first { $0.policy == "山西省2022" }?.html)
    }

    @Test func policyDocRefusesAMissingOutputBrokenPoliciesAndAnUnwritableDirectory() throws {
        let missing = Console()
        #expect(PolicyCommandLine.run(["doc", Repository.path("policies")], console: missing) == .usage)
        #expect(missing.errors.contains("--out DIR"))

        let broken = try copyOfPolicies(editing: [
            "shanxi-2022.policy": { $0.replacingOccurrences(of: "  大同市 | 33000          |", with: "  大同市 | 33100          |") }
        ])
        defer { try? FileManager.default.removeItem(at: broken) }
        let out = broken.appendingPathComponent("out")
        let console = Console()
        #expect(PolicyCommandLine.run(["doc", broken.path, "--out", out.path], console: console) == .invalidPolicy)
        #expect(console.errors.contains("the policies have errors, so no page is written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))

        // A directory that cannot be made: its parent is a file.
        let file = broken.appendingPathComponent("shanxi-2021.policy").path
        let unwritable = Console()
        #expect(
            PolicyCommandLine.run(["doc", Repository.path("policies"), "--out", file + "/pages"], console: unwritable) == .usage)
        #expect(unwritable.errors == "error: cannot write the pages into \(file)/pages: \(file) is a file\n")
    }

    @Test func theHelpNamesTheCommand() {
        #expect(PolicyCommandLine.help(in: .en).contains("policy doc [PATHS...] --out DIR"))
    }
}

@Suite struct SuccessionDocTests {
    static let library = PolicyLibrary.load(paths: [Repository.path("policies"), Repository.path("examples/succession")])

    @Test func anAmendedTableShowsWhatEachChangedCellWasAndWhichRowsAreNew() throws {
        let page = try #require(DocumentationSite(library: Self.library, language: .en).pages.first { $0.policy == "陵川县2022" })
            .html
        let table = try DocTests.element(id: "table-品牌培训标准", in: page)
        #expect(table.contains("Amends the table of <a href=\"lingchuan-2020.html#table-品牌培训标准\">陵川县2020</a>"))
        #expect(table.contains("<td class=\"num changed\">3800 yuan<span class=\"was\">was 3500 yuan in 陵川县2020</span>"))
        #expect(table.contains("<tr class=\"added\"><td class=\"rownum\" title=\"new in this policy\">4 new</td>"))
        // Unchanged inherited rows are shown as they are, without a note.
        #expect(table.contains("<td class=\"num\">4000 yuan</td>"))
    }

    @Test func aCountyOverrideShowsTheProvincesDefinitionItReplaces() throws {
        let page = try #require(DocumentationSite(library: Self.library, language: .en).pages.first { $0.policy == "陵川县2020" })
            .html
        let rule = try DocTests.element(id: "rule-以工代训补贴", in: page)
        #expect(
            rule.contains("Replaces the definition in <a href=\"shanxi-2021.html#rule-以工代训补贴\">山西省2021</a> (晋办发〔2021〕6号 二(二))"))
        #expect(rule.contains("<pre class=\"source replaced\"><code>require 电子券核验 else"))
    }
}
