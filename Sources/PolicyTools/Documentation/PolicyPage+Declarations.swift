// How each kind of declaration shows on a policy's proof sheet: rules with their definition and
// schedules, inputs with types and bounds, enums with their cases, tables and quotas as tables
// (a quota's stated totals beside the sums of its rows), milestones, limits in words, and the
// worked examples with whether they pass now.

import PolicyLanguage

extension PolicyPage {
    func writeRule(_ rule: RuleDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = rule.name.name
        let checked = program.ruleSlots[name].map { program.rules[$0] }
        page.element("article", ["class": "decl rule", "id": Self.anchor("rule", name)]) { page in
            head(
                &page, kind: rule.kind.rawValue, name: name, type: rule.type.map { typeText($0.range) },
                detail: rule.kind == .obligation ? say("compliant or not", "合规与否") : nil, citation: rule.citation)
            quote(notes, into: &page)
            page.element("pre", ["class": "source"]) { page in
                page.element("code", text: sourceText(from: rule.body.range.start, to: rule.range.end))
            }
            // The definition this one replaces, from the nearest layer below: the predecessor's,
            // or the province's for a county, with its text, so a proof-reader sees both.
            if let replaced = replacedRule(named: name) {
                page.element("p", ["class": "overrides"]) { page in
                    page.text(say("Replaces the definition in ", "在本政策施行期内取代 "))
                    page.element(
                        "a", ["href": (fileNames[replaced.policy] ?? "index.html") + "#" + Self.anchor("rule", name)],
                        text: replaced.policy)
                    if let citation = replaced.citation { page.text(say(" (\(citation))", "（\(citation)）")) }
                    page.text(say(" while this policy is in force; it read:", "的定义，原定义为："))
                }
                page.element("pre", ["class": "source replaced"]) { page in
                    page.element(
                        "code",
                        text: sourceText(from: replaced.body.range.start, to: replaced.body.range.end, in: replaced.span.file))
                }
            }
            // A rule that decides what the province left open: the province's bounds, linked.
            if replacedRule(named: name) == nil, let replaced = replacedInput(named: name), replaced.isOpen {
                page.element("p", ["class": "overrides"]) { page in
                    page.text(say("Decides the open number of ", "确定 "))
                    page.element(
                        "a", ["href": (fileNames[replaced.policy] ?? "index.html") + "#" + Self.anchor("input", name)],
                        text: replaced.policy)
                    let bounds = inputBounds(replaced.lower, replaced.upper, type: replaced.type)
                    page.text(
                        bounds == "—"
                            ? say(", which sets no bounds.", " 留待确定的数额，该政策未限定范围。")
                            : say(", which allows \(bounds).", " 留待确定的数额，该政策规定为\(bounds)。"))
                }
            }
            // Charts come from the checked form, which is this file's definition.
            if let checked, checked.policy == info.name {
                for schedule in Schedule.all(in: checked.body) {
                    ScheduleChart(schedule: schedule).draw(
                        into: &page, formatter: formatter, language: language, title: codeText(schedule.text))
                }
            }
        }
    }

    func writeInputs(_ inputs: [(InputDeclaration, notes: [String])], into page: inout HTMLWriter) {
        page.element("table", ["class": "data inputs"]) { page in
            page.element("caption", text: inputs.count == 1 ? say("Fact", "事实") : say("Facts", "事实"))
            columns(["name", "kind", "type", "bounds", "citation", "note"], into: &page)
            page.element("thead") { page in
                page.element("tr") { page in
                    let headings = [
                        say("Name", "名称"), say("Kind", "类别"), say("Type", "类型"), say("Bounds", "范围"), say("Citation", "引用"),
                        say("Note", "说明"),
                    ]
                    for heading in headings {
                        page.element("th", ["scope": "col"], text: heading)
                    }
                }
            }
            page.element("tbody") { page in
                for (input, notes) in inputs {
                    page.element("tr", ["id": Self.anchor("input", input.name.name)]) { page in
                        page.element("td", ["class": "name"], text: input.name.name)
                        page.element("td") { page in
                            if input.isOpen {
                                page.element(
                                    "span",
                                    ["class": "kind kind-open", "title": say("a number the document leaves open", "文件留待确定的数额")],
                                    text: kindName("open"))
                            } else {
                                page.element(
                                    "span", ["class": "kind kind-input", "title": say("a fact the claim gives", "申领时提供的事实")],
                                    text: kindName("input"))
                            }
                        }
                        page.element(
                            "td", ["class": "code", "title": typeNote(input.type)], text: typeText(input.type.range))
                        page.element("td", ["class": "code"]) { page in
                            page.text(bounds(input))
                            replacedInputNote(named: input.name.name, into: &page)
                        }
                        page.element("td") { page in writeCitation(input.citation, into: &page) }
                        page.element("td", ["class": "quote-cell"]) { page in
                            for paragraph in notes { page.element("p", text: paragraph) }
                        }
                    }
                }
            }
        }
    }

    /// What a type the reader may not know means, for the type's cell.
    private func typeNote(_ type: TypeSyntax) -> String? {
        guard case .identity = type.kind else { return nil }
        return say(
            "a resident identity number (GB 11643): 17 digits and their check character, checked on every claim, "
                + "and one person however a claim writes it",
            "公民身份号码（GB 11643）：17 位数字加校验码，每次申领都核验；无论申领时怎样书写，同一号码即同一人")
    }

    /// Beside a county's open number that replaces one of the province's: what the province
    /// allowed, linked to it (`was at least 4000 元 in 山西省2021`).
    private func replacedInputNote(named name: String, into page: inout HTMLWriter) {
        guard let replaced = replacedInput(named: name) else { return }
        page.element("span", ["class": "was"]) { page in
            let bounds = inputBounds(replaced.lower, replaced.upper, type: replaced.type)
            page.text(say("replaces ", "取代 "))
            page.element(
                "a", ["href": (fileNames[replaced.policy] ?? "index.html") + "#" + Self.anchor("input", name)],
                text: replaced.policy)
            page.text(bounds == "—" ? say(": no bounds", "：无范围") : say(": ", "：") + bounds)
        }
    }

    /// The input of the same name that this policy's replaces: the nearest layer's below it.
    func replacedInput(named name: String) -> Input? {
        let layers = program.chain.map(\.name)
        return program.inputs.filter { $0.name == name && $0.policy != info.name }
            .min { (layers.firstIndex(of: $0.policy) ?? .max) < (layers.firstIndex(of: $1.policy) ?? .max) }
    }

    /// Bounds in words from their values: `at least 4000 元`.
    func inputBounds(_ lower: ExactDecimal?, _ upper: ExactDecimal?, type: ValueType) -> String {
        let low = lower.map { formatter.format($0, as: type) }
        let high = upper.map { formatter.format($0, as: type) }
        switch (low, high) {
        case (let low?, let high?): return say("between \(low) and \(high)", "介于 \(low) 与 \(high)")
        case (let low?, nil): return say("at least \(low)", "至少 \(low)")
        case (nil, let high?): return say("at most \(high)", "至多 \(high)")
        default: return "—"
        }
    }

    /// `<colgroup>` with a class per column, so that every table of a kind has the same widths.
    private func columns(_ names: [String], into page: inout HTMLWriter) {
        page.element("colgroup") { page in
            for name in names { page.empty("col", ["class": "col-" + name]) }
        }
    }

    private func bounds(_ input: InputDeclaration) -> String {
        if let checked = program.inputs.first(where: { $0.name == input.name.name && $0.policy == info.name }) {
            return inputBounds(checked.lower, checked.upper, type: checked.type)
        }
        switch (input.lower, input.upper) {
        case (let low?, let high?):
            return say("between \(text(low.range)) and \(text(high.range))", "介于 \(text(low.range)) 与 \(text(high.range))")
        case (let low?, nil): return say("at least \(text(low.range))", "至少 \(text(low.range))")
        case (nil, let high?): return say("at most \(text(high.range))", "至多 \(text(high.range))")
        default: return "—"
        }
    }

    func writeEnum(_ declaration: EnumDeclaration, notes: [String], into page: inout HTMLWriter) {
        page.element("article", ["class": "decl enum", "id": Self.anchor("enum", declaration.name.name)]) { page in
            head(
                &page, kind: "enum", name: declaration.name.name,
                detail: say("\(declaration.cases.count) cases", "\(declaration.cases.count) 项"), citation: nil)
            quote(notes, into: &page)
            page.element("ol", ["class": "cases"]) { page in
                for item in declaration.cases { page.element("li", text: item.name) }
            }
        }
    }

    // MARK: Tables and quotas

    func writeTable(_ declaration: TableDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        let kind = declaration.isQuota ? "quota" : "table"
        page.element("article", ["class": "decl \(kind)", "id": Self.anchor(kind, name)]) { page in
            let keys = declaration.keys.map(\.name).joined(separator: say(", ", "、"))
            var detail = declaration.keys.isEmpty ? "" : say("by ", "按") + keys
            if let milestones = declaration.milestones {
                let columns = declaration.milestoneColumns.map(\.name).joined(separator: say(", ", "、"))
                if declaration.milestoneColumns.isEmpty {
                    detail += say("; measured against \(milestones.name)", "；按\(milestones.name)考核")
                } else {
                    detail += say(
                        "; measured against \(milestones.name) for \(columns)", "；\(columns)按\(milestones.name)考核")
                }
            }
            head(&page, kind: kind, name: name, detail: detail.isEmpty ? nil : detail, citation: declaration.citation)
            quote(notes, into: &page)
            guard let table = program.tables.first(where: { $0.name == name && $0.span.file === info.source }) else { return }
            let previous = replacedTable(named: name)
            if let previous {
                page.element("p", ["class": "overrides"]) { page in
                    page.text(
                        declaration.amendment != nil ? say("Amends the table of ", "修订 ") : say("Replaces the table of ", "取代 "))
                    page.element(
                        "a", ["href": (fileNames[previous.policy] ?? "index.html") + "#" + Self.anchor(kind, name)],
                        text: previous.policy)
                    page.text(say(": a changed cell shows the value it replaces.", " 的此表：改动的单元格下注明被取代的值。"))
                }
            }
            writeCells(table, was: previous, into: &page)
        }
    }

    /// The table's cells, each row numbered in order (its line in the policy file on hover); for a
    /// quota, its stated totals and the sums of its rows below them.
    func writeCells(_ table: Table, was previous: (table: Table, policy: String)? = nil, into page: inout HTMLWriter) {
        // Counts add up; shares (a percent column) do not.
        let counts = table.isQuota ? table.valueColumns.filter { table.columns[$0].type != .percent } : []
        let sums = Dictionary(uniqueKeysWithValues: counts.map { ($0, table.sum(of: $0)) })
        // The footer's label spans the row number and the key columns before the first target.
        let leadingKeys = table.columns.indices.prefix { table.keyColumns.contains($0) }.count
        page.element("div", ["class": "scroll"]) { page in
            page.element("table", ["class": "data cells"]) { page in
                page.element("thead") { page in
                    page.element("tr") { page in
                        page.element("th", ["scope": "col", "class": "rownum"], text: "#")
                        for (index, column) in table.columns.enumerated() {
                            page.element(
                                "th", ["scope": "col", "class": table.keyColumns.contains(index) ? "key" : nil], text: column.name
                            )
                        }
                    }
                }
                page.element("tbody") { page in
                    let key = { (row: [RuntimeValue]) in table.keyColumns.map { row[$0] } }
                    let before = previous.map { previous in
                        Dictionary(previous.table.rows.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
                    }
                    for (number, row) in table.rows.enumerated() {
                        let old = before?[key(row)]
                        let added = before != nil && old == nil
                        page.element("tr", ["class": added ? "added" : nil]) { page in
                            let line = table.rowSpans.indices.contains(number) ? table.rowSpans[number].description : nil
                            page.element(
                                "td", ["class": "rownum", "title": added ? say("new in this policy", "本政策新增") : line],
                                text: added ? say("\(number + 1) new", "\(number + 1) 新增") : "\(number + 1)")
                            for (index, value) in row.enumerated() {
                                let was = old.flatMap { $0[index] == value ? nil : $0[index] }
                                cell(
                                    value, table.columns[index].type, target: table.target(row: number, column: index),
                                    was: was.map { ($0, previous!.policy) }, into: &page)
                            }
                        }
                    }
                    if let previous, let before {
                        let kept = Set(table.rows.map(key))
                        for row in previous.table.rows where !kept.contains(key(row)) && before[key(row)] != nil {
                            page.element("tr", ["class": "removed"]) { page in
                                page.element(
                                    "td", ["class": "rownum", "title": say("removed by this policy", "本政策删除")],
                                    text: say("removed", "删除"))
                                for (index, value) in row.enumerated() { cell(value, table.columns[index].type, into: &page) }
                            }
                        }
                    }
                }
                // Only a stated total has a sum to check against: the rows of a quota that states
                // none may count different things.
                guard table.isQuota, table.totals.contains(where: { $0 != nil }) else { return }
                page.element("tfoot") { page in
                    page.element("tr", ["class": "total"]) { page in
                        page.element(
                            "th", ["scope": "row", "colspan": "\(1 + leadingKeys)"], text: say("total, as stated", "合计（文件所写）"))
                        for index in table.columns.indices.dropFirst(leadingKeys) {
                            if table.keyColumns.contains(index) {
                                page.element("td", text: "")
                            } else if let stated = table.totals[index], let source = table.totalSources[index] {
                                page.element("td", ["class": "num", "title": say("the figure of \(source)", "取自 \(source)")]) {
                                    page in
                                    page.text(formatter.format(stated, as: table.columns[index].type))
                                    page.element("span", ["class": "was"], text: "= \(source)")
                                }
                            } else if let stated = table.totals[index] {
                                cell(stated, table.columns[index].type, into: &page)
                            } else {
                                page.element("td", ["class": "absent"], text: "—")
                            }
                        }
                    }
                    page.element("tr", ["class": "sum"]) { page in
                        page.element(
                            "th", ["scope": "row", "colspan": "\(1 + leadingKeys)"], text: say("sum of the rows", "各行之和"))
                        for index in table.columns.indices.dropFirst(leadingKeys) {
                            if table.keyColumns.contains(index) {
                                page.element("td", text: "")
                            } else {
                                sumCell(sums[index], stated: table.totals[index], type: table.columns[index].type, into: &page)
                            }
                        }
                    }
                }
            }
        }
    }

    /// A column's sum (each end of its ranges), with whether it agrees with the stated total.
    private func sumCell(_ sum: Table.Sum?, stated: RuntimeValue?, type: ValueType, into page: inout HTMLWriter) {
        guard let sum else {
            page.element("td", ["class": "num"], text: "")
            return
        }
        let shown =
            sum.low == sum.high
            ? formatter.format(sum.low, as: type)
            : "\(formatter.format(sum.low, as: type))–\(formatter.format(sum.high, as: type))"
        switch stated {
        case .number(let stated)? where stated == sum.low:
            page.element("td", ["class": "num match"], text: "\(shown) ✓")
        case .number(let stated)?:
            page.element(
                "td", ["class": "num mismatch"],
                text: say(
                    "\(shown) ✗ differs from the stated \(formatter.format(stated, as: type))",
                    "\(shown) ✗ 与文件所写 \(formatter.format(stated, as: type)) 不符"))
        default:
            page.element("td", ["class": "num"], text: shown)
        }
    }

    /// A cell; `target`, what a quota's figure asks ("at least 100"); `was`, the value it replaces
    /// and the policy that had it ("was 3500 元 in 陵川县2020").
    private func cell(
        _ value: RuntimeValue, _ type: ValueType, target: TargetKind = .reach, was: (value: RuntimeValue, policy: String)? = nil,
        into page: inout HTMLWriter
    ) {
        if value.isAbsent, was == nil {
            page.element("td", ["class": "absent", "title": say("none: left empty by the document", "无：文件未填写")], text: "—")
            return
        }
        let numeric: Bool
        if case .quantity = type { numeric = true } else { numeric = false }
        let shown = { (value: RuntimeValue) in
            value.isAbsent ? "—" : formatter.format(target: value.decimal, target, as: type)
        }
        guard let was else {
            page.element("td", ["class": numeric ? "num" : nil], text: shown(value))
            return
        }
        page.element("td", ["class": numeric ? "num changed" : "changed"]) { page in
            page.text(shown(value))
            page.element(
                "span", ["class": "was"],
                text: say("was \(shown(was.value)) in \(was.policy)", "\(was.policy) 中为 \(shown(was.value))"))
        }
    }

    /// The definition of a rule that this policy's replaces: the nearest layer's below it.
    func replacedRule(named name: String) -> Rule? {
        let layers = program.chain.map(\.name)
        return program.rules.filter { $0.name == name && $0.policy != info.name }
            .min { (layers.firstIndex(of: $0.policy) ?? .max) < (layers.firstIndex(of: $1.policy) ?? .max) }
    }

    /// The table this policy's replaces or amends, and the policy whose file wrote it.
    func replacedTable(named name: String) -> (table: Table, policy: String)? {
        let candidates = program.tables.filter { $0.name == name && $0.span.file !== info.source }
        for layer in program.chain.dropFirst() {
            if let table = candidates.last(where: { $0.span.file === layer.source }) { return (table, layer.name) }
        }
        return nil
    }

    // MARK: Milestones and limits

    func writeMilestones(_ declaration: MilestonesDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        page.element("article", ["class": "decl milestones", "id": Self.anchor("milestones", name)]) { page in
            let quotas = program.tables.filter { table in
                table.milestones.map { program.milestones[$0].name == name } == true && table.span.file === info.source
            }
            let detail =
                quotas.isEmpty ? nil : say("for ", "适用于 ") + quotas.map(\.name).joined(separator: say(", ", "、"))
            head(&page, kind: "milestones", name: name, detail: detail, citation: declaration.citation)
            quote(notes, into: &page)
            page.element("table", ["class": "data steps"]) { page in
                page.element("thead") { page in
                    page.element("tr") { page in
                        page.element("th", ["scope": "col"], text: say("Due by", "截止日期"))
                        page.element("th", ["scope": "col"], text: say("Share of the target done", "应完成目标的比例"))
                    }
                }
                page.element("tbody") { page in
                    for step in declaration.steps {
                        page.element("tr") { page in
                            page.element("td", ["class": "date"], text: step.date.date.description)
                            page.element("td", ["class": "num"], text: text(step.share.range))
                        }
                    }
                }
            }
        }
    }

    func writeLimit(_ declaration: LimitDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        page.element("article", ["class": "decl limit", "id": Self.anchor("limit", name)]) { page in
            head(
                &page, kind: "limit", name: name, detail: say("across claims, kept in the ledger", "跨申领累计，记入台账"),
                citation: declaration.citation)
            quote(notes, into: &page)
            page.element("p", ["class": "limit-rule"]) { page in
                let keys = declaration.keys.map { codeText(text($0.range)) }.joined(separator: say(", ", "、"))
                let checked = program.limits.first { $0.name == name && $0.span.file === info.source }
                switch declaration.bound {
                case .claims(let count):
                    let number = text(count.range)
                    page.text(
                        say(
                            "At most \(number) granted claim\(number == "1" ? "" : "s") per \(keys), counting ",
                            "每\(keys)至多批准 \(number) 件，计入"))
                case .amount(let amount):
                    var shown = codeText(text(amount.range))
                    if case .amount(let node)? = checked?.bound, case .number(let value)? = node.constantValue {
                        shown = formatter.format(value, as: node.type)
                    }
                    page.text(say("At most \(shown) granted in all per \(keys), counting ", "每\(keys)累计至多批准 \(shown)，计入"))
                }
                for (index, program) in declaration.programs.enumerated() {
                    if index > 0 {
                        page.text(index == declaration.programs.count - 1 ? say(" and ", "和") : say(", ", "、"))
                    }
                    link(&page, to: program.name)
                }
                switch declaration.bound {
                case .claims:
                    page.text(
                        say(
                            ". A claim beyond that is refused, naming the claims that used it.", "。超出的申领予以拒绝，并列出已占用次数的申领。"))
                case .amount:
                    page.text(say(". The claim that reaches it is granted what is left.", "。达到限额的那件申领只批准剩余的数额。"))
                }
            }
        }
    }

    func writeRepeal(_ declaration: RepealDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        page.element("article", ["class": "decl repeal", "id": Self.anchor("repeal", name)]) { page in
            head(
                &page, kind: "repeal", name: name,
                detail: declaration.kind == .test
                    ? say("an inherited worked example, retired here", "沿用的算例，在此废止")
                    : say(
                        "\(declaration.kind.rawValue) repealed: no longer in force here",
                        "\(kindName(declaration.kind.rawValue))已废止：在此不再施行"),
                citation: declaration.citation)
            quote(notes, into: &page)
        }
    }

    func writeDeadline(_ declaration: DeadlineDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        page.element("article", ["class": "decl limit", "id": Self.anchor("deadline", name)]) { page in
            head(&page, kind: "deadline", name: name, detail: say("for applying", "申领期限"), citation: declaration.citation)
            quote(notes, into: &page)
            page.element("p", ["class": "limit-rule"]) { page in
                page.text(say("A claim of ", ""))
                for (index, program) in declaration.programs.enumerated() {
                    if index > 0 {
                        page.text(index == declaration.programs.count - 1 ? say(" or ", "或") : say(", ", "、"))
                    }
                    link(&page, to: program.name)
                }
                let until = codeText(text(declaration.until.range))
                page.text(say(" applied for after \(until) is refused.", " 的申领，在 \(until) 之后申请的予以拒绝。"))
            }
        }
    }

    // MARK: Worked examples

    func writeTests(_ tests: [(TestDeclaration, notes: [String])], into page: inout HTMLWriter) {
        page.element("table", ["class": "data tests"]) { page in
            page.element("caption", text: tests.count == 1 ? say("Worked example", "算例") : say("Worked examples", "算例"))
            columns(["example", "given", "expected", "now"], into: &page)
            page.element("thead") { page in
                page.element("tr") { page in
                    for heading in [say("Example", "算例"), say("Given", "给定"), say("Expected", "期望"), say("Now", "现在")] {
                        page.element("th", ["scope": "col"], text: heading)
                    }
                }
            }
            page.element("tbody") { page in
                for (test, notes) in tests {
                    let result = results[test.range.start]
                    let checked = translatedTest(test)
                    page.element("tr", ["class": result.map { $0.passed ? "passes" : "fails" } ?? "not-run"]) { page in
                        page.element("td", ["class": "example"]) { page in
                            page.element("span", ["class": "example-name"], text: test.name.text)
                            for paragraph in notes { page.element("p", ["class": "note"], text: paragraph) }
                        }
                        page.element("td", ["class": "code"]) { page in
                            if test.givens.isEmpty { page.text(say("nothing", "无")) }
                            for given in test.givens {
                                page.element(
                                    "div", text: checked.flatMap { describe(given, in: $0) } ?? codeText(text(given.range)))
                            }
                        }
                        page.element("td", ["class": "code"]) { page in
                            for (index, expectation) in test.expectations.enumerated() {
                                let translated = checked.flatMap {
                                    $0.expectations.indices.contains(index) ? describe($0.expectations[index]) : nil
                                }
                                page.element("div", text: translated ?? codeText(describe(expectation)))
                            }
                        }
                        status(result, into: &page)
                    }
                }
            }
        }
    }

    /// The checked worked example, when the page speaks Chinese and the file English: its values
    /// are then written from the checked form (`4000 元`, `是`), not as the file writes them.
    private func translatedTest(_ test: TestDeclaration) -> TestCase? {
        guard language == .zh, DocumentationSite.language(of: info.source) == .en else { return nil }
        return program.tests.first { $0.span.file === info.source && $0.span.range.start == test.range.start }
    }

    /// A `given` in the page's words: `培训天数 = 10 天`, `业务日期 = 2022-03-01`; nil when the
    /// checked example holds no value for it.
    private func describe(_ given: TestDeclaration.Given, in test: TestCase) -> String? {
        guard let name = given.name?.name else {
            let date = given.isApplicationDate ? test.applicationDate : test.claimDate
            let label = given.isApplicationDate ? say("application date", "申领日期") : say("claim date", "业务日期")
            return date.map { "\(label) = \($0)" }
        }
        if let slot = program.inputSlots[name], let given = test.givenInputs.first(where: { $0.slot == slot }) {
            return "\(name) = \(formatter.format(given.value, as: program.inputs[slot].type))"
        }
        if let slot = program.ruleSlots[name], let given = test.givenRules.first(where: { $0.slot == slot }) {
            return "\(name) = \(formatter.format(given.value, as: program.rules[slot].type))"
        }
        return nil
    }

    /// A checked expectation in the page's words: `补贴 = 3500 元`, `补贴 拒绝 "…"`.
    private func describe(_ expectation: TestCase.Expectation) -> String {
        let rule = program.rules[expectation.rule]
        switch expectation.outcome {
        case .value(let value): return "\(rule.name) = \(formatter.format(value, as: rule.type))"
        case .refused(let reason?): return "\(rule.name) \(kindName("refused")) \"\(reason)\""
        case .refused(nil): return "\(rule.name) \(kindName("refused"))"
        }
    }

    private func describe(_ expectation: TestDeclaration.Expectation) -> String {
        switch expectation.outcome {
        case .value(let value): "\(expectation.name.name) = \(text(value.range))"
        case .refused(let reason?): "\(expectation.name.name) \(kindName("refused")) \(text(reason.range))"
        case .refused(nil): "\(expectation.name.name) \(kindName("refused"))"
        }
    }

    private func status(_ result: PolicyTestResult?, into page: inout HTMLWriter) {
        guard let result else {
            page.element("td", ["class": "status"], text: say("not run", "未运行"))
            return
        }
        if result.passed {
            page.element("td", ["class": "status pass"], text: say("✓ passes", "✓ 通过"))
            return
        }
        page.element("td", ["class": "status fail"]) { page in
            page.element("strong", text: say("✗ fails", "✗ 未通过"))
            for failure in result.failures {
                let name = program.rules[failure.expectation.rule].name
                page.element("div", text: name + say(": got ", "：实得 ") + failure.actual.text(in: language))
            }
        }
    }
}
