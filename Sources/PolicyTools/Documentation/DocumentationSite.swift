// The proof-reading pages of a library (`policy doc`): an index of every policy and a page per
// policy, as static HTML with its stylesheet inline, no script and nothing fetched, so the pages
// open offline and print as they show. The command line only writes them to a directory.

import PolicyLanguage

package struct DocumentationSite: Sendable {
    package struct Page: Sendable {
        /// `index.html`, or the policy file's name made safe for any file system: `a-2022.html`.
        package let fileName: String
        /// The policy the page shows; nil for the index.
        package let policy: String?
        package let html: String
    }

    /// The index first, then a page per policy in the library's order.
    package let pages: [Page]

    package init(library: PolicyLibrary) {
        let fileNames = Self.fileNames(for: library.entries)
        var pages: [Page] = []
        var summaries: [PolicyPage.Summary] = []
        for entry in library.entries {
            let page = PolicyPage(entry: entry, library: library, fileNames: fileNames)
            summaries.append(page.summary)
            pages.append(Page(fileName: fileNames[entry.info.name]!, policy: entry.info.name, html: page.html()))
        }
        let index = Page(fileName: "index.html", policy: nil, html: Self.index(library, summaries, fileNames: fileNames))
        self.pages = [index] + pages
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

    private static func index(_ library: PolicyLibrary, _ summaries: [PolicyPage.Summary], fileNames: [String: String]) -> String
    {
        var page = HTMLWriter()
        PolicyPage.startPage(&page, title: "Policies: proof sheets")
        page.element("header", ["class": "masthead"]) { page in
            page.element("p", ["class": "kicker"], text: "Proof sheets · policy doc")
            page.element("h1", text: "Policies")
            let count = library.entries.count
            page.element(
                "p", ["class": "docno"],
                text: "\(count) polic\(count == 1 ? "y" : "ies"), each decoded from one document")
        }
        page.element("table", ["class": "data index"]) { page in
            page.element("colgroup") { page in
                for name in ["policy", "document", "jurisdiction", "period", "extends", "programs", "examples"] {
                    page.empty("col", ["class": "col-" + name])
                }
            }
            page.element("thead") { page in
                page.element("tr") { page in
                    for heading in ["Policy", "Document", "Jurisdiction", "In force", "Extends", "Programs", "Worked examples"] {
                        page.element("th", ["scope": "col"], text: heading)
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
                        page.element("td", ["class": "period"], text: PolicyPage.describe(info.period))
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
                                    ? "✓ \(summary.passed) pass"
                                    : "✗ \(summary.failed) of \(summary.passed + summary.failed) fail")
                        }
                    }
                }
            }
        }
        legend(&page)
        page.element("footer") { page in
            page.text("Made by policy doc from the policy files; nothing on these pages is fetched from elsewhere.")
        }
        return page.finish()
    }

    /// How to read a policy's page.
    private static func legend(_ page: inout HTMLWriter) {
        page.element("section", ["class": "part"]) { page in
            page.element("h2", text: "Reading a policy's page")
            page.element("p") { page in
                page.text(
                    "Each page follows its policy file from top to bottom, under the headings the file gives its sections. Check each item against the document it cites."
                )
            }
            page.element("dl", ["class": "legend"]) { page in
                let entries: [(String, String, String)] = [
                    (
                        "program", "kind kind-program",
                        "an entry point a claim names; rule: a step other rules use; obligation: compliant or not"
                    ),
                    ("citation", "cite", "the document's number and the clause, in red, on every item that cites one"),
                    (
                        "quotation", "",
                        "the comment written above an item in the file: the document's words it encodes, with notes"
                    ),
                    ("open", "kind kind-open", "a number the document leaves to a lower level or to the claim"),
                    (
                        "quota", "kind kind-quota",
                        "a table of targets: its stated total row, then the sum of its rows, ✓ when they agree"
                    ),
                    (
                        "chart", "",
                        "the amount a schedule pays against its quantity; a dashed red line is the cap the curve stops at"
                    ),
                    (
                        "✓ passes", "pass",
                        "a worked example written beside the rules gives its expected result with today's rules"
                    ),
                ]
                for (term, style, meaning) in entries {
                    page.element("dt") { page in
                        if style.isEmpty { page.text(term) } else { page.element("span", ["class": style], text: term) }
                    }
                    page.element("dd", text: meaning)
                }
            }
        }
    }
}
