// One policy's proof sheet: the document's facts, then its declarations in file order under the
// file's own section headings, each with its citation, the document's words quoted above it and
// its definition as written; tables, quotas and milestones as tables; schedules as charts; the
// worked examples with whether they pass now. The syntax gives the order and the comments, the
// checked program gives types, values and the test results.

import PolicyLanguage

struct PolicyPage {
    /// What the index says about a page.
    struct Summary {
        let programs: Int
        let passed: Int
        let failed: Int
    }

    let entry: PolicyLibrary.Entry
    let library: PolicyLibrary
    let fileNames: [String: String]
    let file: PolicyFile
    let layout: SourceLayout
    let formatter: ValueFormatter
    /// The language every heading, label and value on the page is written in.
    let language: Language
    /// The results of the tests written in this file, by the offset where each test starts.
    let results: [Int: PolicyTestResult]

    init(entry: PolicyLibrary.Entry, library: PolicyLibrary, fileNames: [String: String], language: Language) {
        self.entry = entry
        self.language = language
        self.library = library
        self.fileNames = fileNames
        self.file = Parser.parse(entry.info.source).0
        self.layout = SourceLayout(file)
        self.formatter = ValueFormatter(program: entry.program, language: language)
        let compiled = library.compiled(entry, traced: true)
        var results: [Int: PolicyTestResult] = [:]
        for test in entry.program.tests where test.span.file === entry.info.source {
            results[test.span.range.start] = compiled.run(test)
        }
        self.results = results
    }

    var info: PolicyInfo { entry.info }

    /// Words of the page, written in both languages where they are made and chosen here.
    func say(_ english: String, _ chinese: String) -> String {
        Phrase(english, chinese).text(in: language)
    }

    /// A type as the file writes it, in the page's language: on a Chinese page of a file in
    /// English keywords `yuan/day` reads `元/天` (an enum's name stays as it is).
    func typeText(_ range: SourceRange) -> String {
        codeText(text(range))
    }

    /// A piece of the file's code in the page's language: on a Chinese page of a file in English
    /// keywords each keyword is its Chinese twin (`counting year` reads `计数年度`, `yuan` `元`),
    /// and names and quoted texts stay as written. Otherwise the code as written.
    func codeText(_ written: String) -> String {
        guard language == .zh, DocumentationSite.language(of: info.source) == .en else { return written }
        var words: [(text: String, isWord: Bool)] = []
        var quoted = false
        for character in written {
            let isWord = !quoted && (character.isLetter || character.isNumber || character == "_")
            if character == "\"" { quoted.toggle() }
            if isWord, let last = words.last, last.isWord {
                words[words.count - 1].text.append(character)
            } else {
                words.append((String(character), isWord))
            }
        }
        var out = ""
        var index = 0
        while index < words.count {
            let word = words[index]
            guard word.isWord, let keyword = Keyword(rawValue: word.text) else {
                out += word.text
                index += 1
                continue
            }
            // Two keywords one Chinese word stands for: `claim date`, `at most`.
            if index + 2 < words.count, words[index + 1].text == " ", let next = Keyword(rawValue: words[index + 2].text),
                let phrase = KeywordSet.phrases.first(where: { $0.words == [keyword, next] })
            {
                out += phrase.chinese
                index += 3
                continue
            }
            out += KeywordSet.chinese[keyword] ?? word.text
            index += 1
        }
        return out
    }

    /// A kind of declaration as the page names it: the keyword, in the page's language.
    func kindName(_ kind: String) -> String {
        guard language == .zh, let keyword = Keyword(rawValue: kind) else { return kind }
        return KeywordSet.chinese[keyword] ?? kind
    }
    var program: Program { entry.program }

    var summary: Summary {
        let programs = program.rules.filter { $0.isEntryPoint && $0.policy == info.name }.count
        let passed = results.values.filter(\.passed).count
        return Summary(programs: programs, passed: passed, failed: results.count - passed)
    }

    // MARK: The page

    func html() -> String {
        var page = HTMLWriter()
        Self.startPage(&page, title: "\(info.name) · \(info.title)", language: language)
        page.element("p", ["class": "back"]) { page in
            page.element("a", ["href": "index.html"], text: say("← All policies", "← 全部政策"))
        }
        masthead(&page)
        if !layout.preamble.isEmpty {
            page.element("section", ["class": "preamble"]) { page in
                page.element("h2", text: say("About this file", "关于本文件"))
                for paragraph in layout.preamble { page.element("p", text: paragraph) }
            }
        }
        let sections = self.sections()
        contents(&page, sections)
        for (number, section) in sections.enumerated() {
            page.element("section", ["class": "part", "id": "part-\(number + 1)"]) { page in
                // Declarations before the file's first heading get one, so they do not read as
                // part of the contents above them.
                page.element(
                    "h2", ["class": section.heading == nil ? "untitled" : nil],
                    text: section.heading ?? say("At the top of the file", "文件开头"))
                for group in section.groups { write(group, into: &page) }
            }
        }
        inherited(&page)
        page.element("footer") { page in
            let summary = self.summary
            page.text(
                info.source.path + " · "
                    + say(
                        "\(summary.passed + summary.failed) worked examples, \(summary.passed) pass now, \(summary.failed) fail",
                        "算例 \(summary.passed + summary.failed) 个，现通过 \(summary.passed) 个，未通过 \(summary.failed) 个"))
        }
        return page.finish()
    }

    /// The head of a page: its title and stylesheet, then `<body><main>`, left open.
    static func startPage(_ page: inout HTMLWriter, title: String, language: Language) {
        page.startDocument(language: language == .zh ? "zh-CN" : "en")
        page.element("head") { page in
            page.empty("meta", ["charset": "utf-8"])
            page.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
            page.element("title", text: title)
            page.element("style") { page in page.trusted(PageStyle.css) }
        }
        page.start("body")
        page.start("main")
    }

    /// The document's title, number, and the facts a reader checks first.
    private func masthead(_ page: inout HTMLWriter) {
        page.element("header", ["class": "masthead"]) { page in
            page.element("p", ["class": "kicker"], text: say("Proof sheet", "校对页") + " · " + info.name)
            page.element("h1", text: info.title)
            page.element("p", ["class": "docno"], text: info.document)
            page.element("dl", ["class": "facts"]) { page in
                fact(&page, say("Policy", "政策"), info.name)
                fact(&page, say("Document", "文号"), info.document)
                fact(&page, say("Jurisdiction", "辖区"), info.jurisdiction.joined(separator: " / "))
                fact(&page, say("In force", "施行"), Self.describe(info.period, in: language))
                page.element("dt", text: say("Extends", "依据"))
                page.element("dd") { page in
                    if let parent = info.parent {
                        page.element("a", ["href": fileNames[parent]], text: parent)
                        page.text(
                            say(
                                ": the programs this file does not define are decided there",
                                "：本文件未规定的项目，按该政策办理"))
                    } else {
                        page.text("—")
                    }
                }
                let children = library.entries.filter { $0.info.parent == info.name }.map(\.info.name)
                if !children.isEmpty {
                    page.element("dt", text: say("Extended by", "被依据"))
                    page.element("dd") { page in
                        for (index, child) in children.enumerated() {
                            if index > 0 { page.text(", ") }
                            page.element("a", ["href": fileNames[child]], text: child)
                        }
                    }
                }
                fact(&page, say("File", "文件"), info.source.path)
                let summary = self.summary
                page.element("dt", text: say("Worked examples", "算例"))
                page.element("dd", ["class": summary.failed == 0 ? "pass" : "fail"]) { page in
                    page.text(
                        summary.failed == 0
                            ? say("✓ all \(summary.passed) pass now", "✓ \(summary.passed) 个全部通过")
                            : say(
                                "✗ \(summary.failed) of \(summary.passed + summary.failed) fail now",
                                "✗ \(summary.passed + summary.failed) 个中 \(summary.failed) 个未通过"))
                }
            }
            for note in layout.headerNotes { page.element("p", ["class": "note"], text: note) }
        }
    }

    private func fact(_ page: inout HTMLWriter, _ term: String, _ value: String) {
        page.element("dt", text: term)
        page.element("dd", text: value)
    }

    /// `2021-01-01 to 2025-12-31`, or `from 2022-01-01` with no end (`2021-01-01 至 2025-12-31`,
    /// `2022-01-01 起长期有效`).
    static func describe(_ period: Period, in language: Language) -> String {
        let phrase =
            period.isOpenEnded
            ? Phrase("from \(period.start), no end", "\(period.start) 起长期有效")
            : Phrase("\(period.start) to \(period.end)", "\(period.start) 至 \(period.end)")
        return phrase.text(in: language)
    }

    private func contents(_ page: inout HTMLWriter, _ sections: [Section]) {
        let headed = sections.enumerated().filter { $0.element.heading != nil }
        guard !headed.isEmpty else { return }
        page.element("nav", ["class": "contents"]) { page in
            page.element("h2", text: say("Contents", "目录"))
            page.element("ol") { page in
                for (number, section) in headed {
                    page.element("li") { page in
                        page.element("a", ["href": "#part-\(number + 1)"], text: section.heading!)
                    }
                }
            }
        }
    }

    /// What this policy leaves to the policies it extends (a county to its province): the
    /// programs, obligations, rules, open numbers and tables it does not define itself and so
    /// falls back to, grouped by the policy that defines them, each linked to its declaration there.
    private func inherited(_ page: inout HTMLWriter) {
        let fallbacks = self.fallbacks()
        guard !fallbacks.isEmpty else { return }
        page.element("section", ["class": "part inherited", "id": "inherited"]) { page in
            page.element("h2", text: say("Left to the policies this one extends", "沿用上级政策的内容"))
            page.element("p", ["class": "note"]) { page in
                page.text(
                    say(
                        "\(info.name) does not define these; a claim under it falls back to the policy that does, while that policy is in force. Their rules are on that policy's page.",
                        "\(info.name) 未规定以下内容，申领时沿用规定它们的政策（须在该政策施行期内）；具体规则见该政策的页面。"))
            }
            for (policy, groups) in fallbacks {
                let layer = program.chain.first { $0.name == policy }
                page.element("h3", ["class": "fallback-policy"]) { page in
                    page.element("a", ["href": fileNames[policy] ?? "index.html"], text: policy)
                    if let layer {
                        page.element("span", ["class": "detail"], text: " · " + Self.describe(layer.period, in: language))
                    }
                }
                page.element("dl", ["class": "fallbacks"]) { page in
                    for group in groups {
                        page.element("dt", text: group.label)
                        page.element("dd") { page in
                            for (index, item) in group.items.enumerated() {
                                if index > 0 { page.text(say(", ", "、")) }
                                page.element(
                                    "a", ["href": (fileNames[policy] ?? "index.html") + "#" + item.anchor], text: item.name)
                            }
                        }
                    }
                }
            }
        }
    }

    /// A kind of thing this policy falls back to, and the names of that kind.
    struct Fallbacks {
        let label: String
        var items: [(name: String, anchor: String)]
    }

    /// What this policy falls back to, by the policy that defines it, nearest layer first.
    func fallbacks() -> [(policy: String, groups: [Fallbacks])] {
        guard info.parent != nil || info.predecessor != nil else { return [] }
        var found: [String: [String: [(name: String, anchor: String)]]] = [:]
        func add(_ policy: String, _ kind: String, _ name: String, _ anchor: String) {
            found[policy, default: [:]][kind, default: []].append((name, anchor))
        }
        for (name, slot) in program.ruleSlots where program.rules[slot].policy != info.name {
            let rule = program.rules[slot]
            // A repealed program is no longer there to fall back to.
            if rule.isEntryPoint, program.programs[name] == nil { continue }
            add(rule.policy, rule.kind.rawValue, name, Self.anchor("rule", name))
        }
        for (name, slot) in program.inputSlots where program.inputs[slot].policy != info.name && program.inputs[slot].isOpen {
            add(program.inputs[slot].policy, "open", name, Self.anchor("input", name))
        }
        let own = Set(program.tables.filter { $0.span.file === info.source }.map(\.name))
        for layer in program.chain.dropFirst() {
            for table in program.tables where table.span.file === layer.source && !own.contains(table.name) {
                guard
                    found.values.allSatisfy({ groups in
                        !groups[table.isQuota ? "quota" : "table", default: []].contains { $0.name == table.name }
                    })
                else { continue }
                let kind = table.isQuota ? "quota" : "table"
                add(layer.name, kind, table.name, Self.anchor(kind, table.name))
            }
        }
        let kinds: [(kind: String, label: String)] = [
            ("program", say("Programs", "项目")), ("obligation", say("Obligations", "义务")),
            ("rule", say("Rules", "规则")), ("open", say("Open numbers", "待定数额")),
            ("table", say("Tables", "表")), ("quota", say("Quotas", "任务表")),
        ]
        return program.chain.dropFirst().compactMap { layer in
            guard let groups = found[layer.name] else { return nil }
            let ordered = kinds.compactMap { kind in
                groups[kind.kind].map { Fallbacks(label: kind.label, items: $0.sorted { $0.name < $1.name }) }
            }
            return (layer.name, ordered)
        }
    }

    // MARK: Sections

    struct Section {
        let heading: String?
        var groups: [Group]
    }

    /// What a section shows in one block: consecutive inputs share a table, and so do
    /// consecutive worked examples.
    enum Group {
        case note([String])
        case declaration(Declaration, notes: [String])
        case inputs([(InputDeclaration, notes: [String])])
        case tests([(TestDeclaration, notes: [String])])
    }

    private func sections() -> [Section] {
        var sections = [Section(heading: nil, groups: [])]
        for item in layout.items {
            switch item {
            case .heading(let heading):
                sections.append(Section(heading: heading, groups: []))
            case .note(let paragraphs):
                sections[sections.count - 1].groups.append(.note(paragraphs))
            case .declaration(.input(let input), let notes):
                if case .inputs(let inputs)? = sections[sections.count - 1].groups.last {
                    sections[sections.count - 1].groups[sections[sections.count - 1].groups.count - 1] = .inputs(
                        inputs + [(input, notes)])
                } else {
                    sections[sections.count - 1].groups.append(.inputs([(input, notes)]))
                }
            case .declaration(.test(let test), let notes):
                if case .tests(let tests)? = sections[sections.count - 1].groups.last {
                    sections[sections.count - 1].groups[sections[sections.count - 1].groups.count - 1] = .tests(
                        tests + [(test, notes)])
                } else {
                    sections[sections.count - 1].groups.append(.tests([(test, notes)]))
                }
            case .declaration(let declaration, let notes):
                sections[sections.count - 1].groups.append(.declaration(declaration, notes: notes))
            }
        }
        return sections.filter { $0.heading != nil || !$0.groups.isEmpty }
    }

    private func write(_ group: Group, into page: inout HTMLWriter) {
        switch group {
        case .note(let paragraphs):
            page.element("div", ["class": "note"]) { page in
                for paragraph in paragraphs { page.element("p", text: paragraph) }
            }
        case .inputs(let inputs): writeInputs(inputs, into: &page)
        case .tests(let tests): writeTests(tests, into: &page)
        case .declaration(.rule(let rule), let notes): writeRule(rule, notes: notes, into: &page)
        case .declaration(.enumeration(let declaration), let notes): writeEnum(declaration, notes: notes, into: &page)
        case .declaration(.table(let table), let notes): writeTable(table, notes: notes, into: &page)
        case .declaration(.milestones(let milestones), let notes): writeMilestones(milestones, notes: notes, into: &page)
        case .declaration(.limit(let limit), let notes): writeLimit(limit, notes: notes, into: &page)
        case .declaration(.deadline(let deadline), let notes): writeDeadline(deadline, notes: notes, into: &page)
        case .declaration(.input(let input), let notes): writeInputs([(input, notes)], into: &page)
        case .declaration(.test(let test), let notes): writeTests([(test, notes)], into: &page)
        case .declaration(.repeal(let repeal), let notes): writeRepeal(repeal, notes: notes, into: &page)
        }
    }

    // MARK: Pieces shared by the declarations

    /// The source text of a range.
    func text(_ range: SourceRange) -> String {
        file.source.text(of: range)
    }

    /// A citation as the document's readers write it, `DOCUMENT CLAUSE`, broken across lines
    /// only between the two.
    func writeCitation(_ cite: TextLiteral?, into page: inout HTMLWriter) {
        guard let cite else { return }
        page.element("span", ["class": "cite"]) { page in
            page.element("span", ["class": "nowrap"], text: info.document)
            page.text(" ")
            page.element("span", ["class": "nowrap"], text: cite.text)
        }
    }

    /// The document's words written above a declaration, as a quotation.
    func quote(_ notes: [String], into page: inout HTMLWriter) {
        guard !notes.isEmpty else { return }
        page.element("blockquote", ["class": "quote"]) { page in
            for paragraph in notes { page.element("p", text: paragraph) }
        }
    }

    /// The line that names a declaration: its kind, name and type, what else it is, and the
    /// clause it cites.
    func head(
        _ page: inout HTMLWriter, kind: String, name: String, type: String? = nil, detail: String? = nil,
        citation: TextLiteral?
    ) {
        page.element("div", ["class": "decl-head"]) { page in
            page.element("span", ["class": "kind kind-\(kind)"], text: kindName(kind))
            page.element("h3") { page in
                page.text(name)
                if let type { page.element("code", ["class": "type"], text: ": " + type) }
            }
            if let detail { page.element("span", ["class": "detail"], text: detail) }
            writeCitation(citation, into: &page)
        }
    }

    /// A link to the declaration of a rule, program or obligation, on whichever page defines it.
    func link(_ page: inout HTMLWriter, to name: String) {
        guard let slot = program.ruleSlots[name] else {
            page.text(name)
            return
        }
        let owner = program.rules[slot].policy
        let anchor = "#" + Self.anchor("rule", name)
        let href = owner == info.name ? anchor : (fileNames[owner] ?? "index.html") + anchor
        page.element("a", ["href": href], text: name)
    }

    /// The `id` of a declaration: its kind and name, because an enum and an input may share a name.
    static func anchor(_ kind: String, _ name: String) -> String {
        "\(kind)-\(name)"
    }

    /// Source text from `start` to `end`, from the start of its first line when only spaces
    /// precede it there, with the indentation its lines share removed and its lines ended by LF
    /// (a source line may end in CRLF or a lone CR).
    func sourceText(from start: Int, to end: Int, in other: SourceFile? = nil) -> String {
        let source = other ?? file.source
        let line = source.location(of: start).line
        let lineStart = source.lineStarts[line - 1]
        let leading = source.bytes[lineStart..<start].allSatisfy { $0 == UInt8(ascii: " ") }
        let text = source.text(of: SourceRange(start: leading ? lineStart : start, end: end))
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let indents = lines.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.count >= common ? String($0.dropFirst(common)) : String($0) }.joined(separator: "\n")
    }
}
