// The proof-reading pages of a library (`policy doc`): an index of every policy and a page per
// policy, as static HTML with its stylesheet inline, no script and nothing fetched, so the pages
// open offline and print as they show. The command line only writes them to a directory. A page
// is written in English or Chinese: the language asked for, else the language its policy's file
// is written in (a file that starts with `政策` gets Chinese pages); a site may mix the two.

import PolicyLanguage

package struct DocumentationSite: Sendable {
    package struct Page: Sendable {
        /// `index.html`, or the policy file's name made safe for any file system: `a-2022.html`.
        package let fileName: String
        /// The policy the page shows; nil for the index.
        package let policy: String?
        package let html: String
        /// The language the page is written in.
        package let language: Language
    }

    /// The index first, then a page per policy in the library's order.
    package let pages: [Page]

    /// `language`, the language of every page, or nil for each policy's page in its file's
    /// language; `indexLanguage`, the index's when `language` is nil.
    package init(library: PolicyLibrary, language: Language? = nil, indexLanguage: Language = .en) {
        let fileNames = Self.fileNames(for: library.entries)
        var pages: [Page] = []
        var summaries: [PolicyPage.Summary] = []
        for entry in library.entries {
            let pageLanguage = language ?? Self.language(of: entry.info.source)
            let page = PolicyPage(entry: entry, library: library, fileNames: fileNames, language: pageLanguage)
            summaries.append(page.summary)
            pages.append(
                Page(fileName: fileNames[entry.info.name]!, policy: entry.info.name, html: page.html(), language: pageLanguage))
        }
        let chosen = language ?? indexLanguage
        let index = Page(
            fileName: "index.html", policy: nil, html: Self.index(library, summaries, fileNames: fileNames, language: chosen),
            language: chosen)
        self.pages = [index] + pages
    }

    /// The language a policy's file is written in: Chinese when it uses the Chinese keywords.
    static func language(of source: SourceFile) -> Language {
        KeywordSet.of(source.bytes) == .zh ? .zh : .en
    }

    /// A page name for each policy from its file's name: lower-case ASCII letters, digits and
    /// dashes; a name with nothing of those, or taken already, gets the policy's place in the
    /// library instead.
    static func fileNames(for entries: [PolicyLibrary.Entry]) -> [String: String] {
        var names: [String: String] = [:]
        var taken: Set<String> = ["index"]
        for (number, entry) in entries.enumerated() {
            var stem = entry.info.source.path.split(separator: "/").last.map(String.init) ?? ""
            if stem.hasSuffix(".policy") { stem.removeLast(".policy".count) }
            var slug = ""
            for scalar in stem.lowercased().unicodeScalars {
                let safe = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                if safe {
                    slug.unicodeScalars.append(scalar)
                } else if !slug.isEmpty, !slug.hasSuffix("-") {
                    slug += "-"
                }
            }
            while slug.hasSuffix("-") { slug.removeLast() }
            if slug.isEmpty || taken.contains(slug) { slug = "policy-\(number + 1)" }
            taken.insert(slug)
            names[entry.info.name] = slug + ".html"
        }
        return names
    }

    // MARK: The index

    private static func index(
        _ library: PolicyLibrary, _ summaries: [PolicyPage.Summary], fileNames: [String: String], language: Language
    ) -> String {
        let say = { (english: String, chinese: String) in Phrase(english, chinese).text(in: language) }
        var page = HTMLWriter()
        PolicyPage.startPage(&page, title: say("Policies: proof sheets", "政策校对页"), language: language)
        page.element("header", ["class": "masthead"]) { page in
            page.element("p", ["class": "kicker"], text: say("Proof sheets · policy doc", "校对页 · policy doc"))
            page.element("h1", text: say("Policies", "政策"))
            let count = library.entries.count
            page.element(
                "p", ["class": "docno"],
                text: say(
                    "\(count) polic\(count == 1 ? "y" : "ies"), each decoded from one document", "共 \(count) 项政策，每项据一份文件译出"))
        }
        page.element("table", ["class": "data index"]) { page in
            page.element("colgroup") { page in
                for name in ["policy", "document", "jurisdiction", "period", "extends", "programs", "examples"] {
                    page.empty("col", ["class": "col-" + name])
                }
            }
            page.element("thead") { page in
                page.element("tr") { page in
                    let headings = [
                        ("Policy", "政策"), ("Document", "文号"), ("Jurisdiction", "辖区"), ("In force", "施行"), ("Extends", "依据"),
                        ("Programs", "项目"), ("Worked examples", "算例"),
                    ]
                    for (english, chinese) in headings {
                        page.element("th", ["scope": "col"], text: say(english, chinese))
                    }
                }
            }
            page.element("tbody") { page in
                for (entry, summary) in zip(library.entries, summaries) {
                    let info = entry.info
                    page.element("tr") { page in
                        page.element("td", ["class": "policy"]) { page in
                            page.element("a", ["class": "name", "href": fileNames[info.name]], text: info.name)
                            page.element("span", ["class": "title"], text: info.title)
                        }
                        page.element("td", ["class": "docref"], text: info.document)
                        page.element("td", text: info.jurisdiction.joined(separator: " / "))
                        page.element("td", ["class": "period"], text: PolicyPage.describe(info.period, in: language))
                        page.element("td") { page in
                            if let parent = info.parent {
                                page.element("a", ["href": fileNames[parent]], text: parent)
                            } else {
                                page.text("—")
                            }
                        }
                        page.element("td", ["class": "num"], text: "\(summary.programs)")
                        page.element("td", ["class": summary.failed == 0 ? "num pass" : "num fail"]) { page in
                            page.text(
                                summary.failed == 0
                                    ? say("✓ \(summary.passed) pass", "✓ \(summary.passed) 个通过")
                                    : say(
                                        "✗ \(summary.failed) of \(summary.passed + summary.failed) fail",
                                        "✗ \(summary.passed + summary.failed) 个中 \(summary.failed) 个未通过"))
                        }
                    }
                }
            }
        }
        legend(&page, say: say)
        page.element("footer") { page in
            page.text(
                say(
                    "Made by policy doc from the policy files; nothing on these pages is fetched from elsewhere.",
                    "由 policy doc 据政策文件生成；页面内容均不从别处获取。"))
        }
        return page.finish()
    }

    /// How to read a policy's page.
    private static func legend(_ page: inout HTMLWriter, say: (String, String) -> String) {
        page.element("section", ["class": "part"]) { page in
            page.element("h2", text: say("Reading a policy's page", "如何阅读政策页面"))
            page.element("p") { page in
                page.text(
                    say(
                        "Each page follows its policy file from top to bottom, under the headings the file gives its sections. Check each item against the document it cites.",
                        "每个页面按政策文件从上到下排列，标题即文件中各部分的标题。请逐项对照所引用的文件核对。"))
            }
            page.element("dl", ["class": "legend"]) { page in
                let entries: [(Phrase, String, Phrase)] = [
                    (
                        Phrase("program", "项目"), "kind kind-program",
                        Phrase(
                            "an entry point a claim names; rule: a step other rules use; obligation: compliant or not",
                            "申领时指明的补贴项目；规则：供其他规则使用的一步计算；义务：是否合规")
                    ),
                    (
                        Phrase("citation", "引用"), "cite",
                        Phrase(
                            "the document's number and the clause, in red, on every item that cites one",
                            "文件的文号和条款，以红色标在每个有引用的条目上")
                    ),
                    (
                        Phrase("quotation", "引文"), "",
                        Phrase(
                            "the comment written above an item in the file: the document's words it encodes, with notes",
                            "文件中写在条目上方的注释：它所依据的原文及说明")
                    ),
                    (
                        Phrase("open", "待定"), "kind kind-open",
                        Phrase(
                            "a number the document leaves to a lower level or to the claim", "文件留给下级或由申领时确定的数额")
                    ),
                    (
                        Phrase("quota", "任务表"), "kind kind-quota",
                        Phrase(
                            "a table of targets: its stated total row, then the sum of its rows, ✓ when they agree",
                            "目标任务表：先列文件所写合计，再列各行之和，两者一致时标 ✓")
                    ),
                    (
                        Phrase("chart", "图表"), "",
                        Phrase(
                            "the amount a schedule pays against its quantity; a dashed red line is the cap the curve stops at",
                            "补贴金额随数量变化的曲线；红色虚线为曲线止步的上限")
                    ),
                    (
                        Phrase("✓ passes", "✓ 通过"), "pass",
                        Phrase(
                            "a worked example written beside the rules gives its expected result with today's rules",
                            "写在规则旁的算例按现行规则得出预期结果")
                    ),
                ]
                for (term, style, meaning) in entries {
                    let term = say(term.english, term.chinese)
                    page.element("dt") { page in
                        if style.isEmpty { page.text(term) } else { page.element("span", ["class": style], text: term) }
                    }
                    page.element("dd", text: say(meaning.english, meaning.chinese))
                }
            }
        }
    }
}
