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
                &page, kind: rule.kind.rawValue, name: name, type: rule.type.map { text($0.range) },
                detail: rule.kind == .obligation ? "compliant or not" : nil, citation: rule.citation)
            quote(notes, into: &page)
            page.element("pre", ["class": "source"]) { page in
                page.element("code", text: sourceText(from: rule.body.range.start, to: rule.range.end))
            }
            // The definition this one replaces, from the nearest layer below: the predecessor's,
            // or the province's for a county, with its text, so a proof-reader sees both.
            if let replaced = replacedRule(named: name) {
                page.element("p", ["class": "overrides"]) { page in
                    page.text("Replaces the definition in ")
                    page.element(
                        "a", ["href": (fileNames[replaced.policy] ?? "index.html") + "#" + Self.anchor("rule", name)],
                        text: replaced.policy)
                    if let citation = replaced.citation { page.text(" (\(citation))") }
                    page.text(" while this policy is in force; it read:")
                }
                page.element("pre", ["class": "source replaced"]) { page in
                    page.element(
                        "code",
                        text: sourceText(from: replaced.body.range.start, to: replaced.body.range.end, in: replaced.span.file))
                }
            }
            // Charts come from the checked form, which is this file's definition.
            if let checked, checked.policy == info.name {
                for schedule in Schedule.all(in: checked.body) {
                    ScheduleChart(schedule: schedule).draw(into: &page, formatter: formatter)
                }
            }
        }
    }

    func writeInputs(_ inputs: [(InputDeclaration, notes: [String])], into page: inout HTMLWriter) {
        page.element("table", ["class": "data inputs"]) { page in
            page.element("caption", text: inputs.count == 1 ? "Fact" : "Facts")
            columns(["name", "kind", "type", "bounds", "citation", "note"], into: &page)
            page.element("thead") { page in
                page.element("tr") { page in
                    for heading in ["Name", "Kind", "Type", "Bounds", "Citation", "Note"] {
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
                                    "span", ["class": "kind kind-open", "title": "a number the document leaves open"],
                                    text: "open")
                            } else {
                                page.element(
                                    "span", ["class": "kind kind-input", "title": "a fact the claim gives"], text: "input")
                            }
                        }
                        page.element(
                            "td", ["class": "code", "title": Self.typeNote(input.type)], text: text(input.type.range))
                        page.element("td", ["class": "code"], text: bounds(input))
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
    private static func typeNote(_ type: TypeSyntax) -> String? {
        guard case .identity = type.kind else { return nil }
        return "a resident identity number (GB 11643): 17 digits and their check character, checked on every claim, "
            + "and one person however a claim writes it"
    }

    /// `<colgroup>` with a class per column, so that every table of a kind has the same widths.
    private func columns(_ names: [String], into page: inout HTMLWriter) {
        page.element("colgroup") { page in
            for name in names { page.empty("col", ["class": "col-" + name]) }
        }
    }

    private func bounds(_ input: InputDeclaration) -> String {
        switch (input.lower, input.upper) {
        case (let low?, let high?):
            "between \(text(low.range)) and \(text(high.range))"
        case (let low?, nil): "at least \(text(low.range))"
        case (nil, let high?): "at most \(text(high.range))"
        default: "—"
        }
    }

    func writeEnum(_ declaration: EnumDeclaration, notes: [String], into page: inout HTMLWriter) {
        page.element("article", ["class": "decl enum", "id": Self.anchor("enum", declaration.name.name)]) { page in
            head(&page, kind: "enum", name: declaration.name.name, detail: "\(declaration.cases.count) cases", citation: nil)
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
            var detail = declaration.keys.isEmpty ? "" : "by " + declaration.keys.map(\.name).joined(separator: ", ")
            if let milestones = declaration.milestones {
                detail += "; measured against \(milestones.name)"
                if !declaration.milestoneColumns.isEmpty {
                    detail += " for " + declaration.milestoneColumns.map(\.name).joined(separator: ", ")
                }
            }
            head(&page, kind: kind, name: name, detail: detail.isEmpty ? nil : detail, citation: declaration.citation)
            quote(notes, into: &page)
            guard let table = program.tables.first(where: { $0.name == name && $0.span.file === info.source }) else { return }
            let previous = replacedTable(named: name)
            if let previous {
                page.element("p", ["class": "overrides"]) { page in
                    page.text(declaration.amendment != nil ? "Amends the table of " : "Replaces the table of ")
                    page.element(
                        "a", ["href": (fileNames[previous.policy] ?? "index.html") + "#" + Self.anchor(kind, name)],
                        text: previous.policy)
                    page.text(": a changed cell shows the value it replaces.")
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
                                "td", ["class": "rownum", "title": added ? "new in this policy" : line],
                                text: added ? "\(number + 1) new" : "\(number + 1)")
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
                                page.element("td", ["class": "rownum", "title": "removed by this policy"], text: "removed")
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
                        page.element("th", ["scope": "row", "colspan": "\(1 + leadingKeys)"], text: "total, as stated")
                        for index in table.columns.indices.dropFirst(leadingKeys) {
                            if table.keyColumns.contains(index) {
                                page.element("td", text: "")
                            } else if let stated = table.totals[index], let source = table.totalSources[index] {
                                page.element("td", ["class": "num", "title": "the figure of \(source)"]) { page in
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
                        page.element("th", ["scope": "row", "colspan": "\(1 + leadingKeys)"], text: "sum of the rows")
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
                "td", ["class": "num mismatch"], text: "\(shown) ✗ differs from the stated \(formatter.format(stated, as: type))")
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
            page.element("td", ["class": "absent", "title": "none: left empty by the document"], text: "—")
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
            page.element("span", ["class": "was"], text: "was \(shown(was.value)) in \(was.policy)")
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
            let detail = quotas.isEmpty ? nil : "for " + quotas.map(\.name).joined(separator: ", ")
            head(&page, kind: "milestones", name: name, detail: detail, citation: declaration.citation)
            quote(notes, into: &page)
            page.element("table", ["class": "data steps"]) { page in
                page.element("thead") { page in
                    page.element("tr") { page in
                        page.element("th", ["scope": "col"], text: "Due by")
                        page.element("th", ["scope": "col"], text: "Share of the target done")
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
            head(&page, kind: "limit", name: name, detail: "across claims, kept in the ledger", citation: declaration.citation)
            quote(notes, into: &page)
            page.element("p", ["class": "limit-rule"]) { page in
                let keys = declaration.keys.map { text($0.range) }.joined(separator: ", ")
                switch declaration.bound {
                case .claims(let count):
                    let number = text(count.range)
                    page.text("At most \(number) granted claim\(number == "1" ? "" : "s") per \(keys), counting ")
                case .amount(let amount):
                    page.text("At most \(text(amount.range)) granted in all per \(keys), counting ")
                }
                for (index, program) in declaration.programs.enumerated() {
                    if index > 0 { page.text(index == declaration.programs.count - 1 ? " and " : ", ") }
                    link(&page, to: program.name)
                }
                switch declaration.bound {
                case .claims: page.text(". A claim beyond that is refused, naming the claims that used it.")
                case .amount: page.text(". The claim that reaches it is granted what is left.")
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
                    ? "an inherited worked example, retired here"
                    : "\(declaration.kind.rawValue) repealed: no longer in force here",
                citation: declaration.citation)
            quote(notes, into: &page)
        }
    }

    func writeDeadline(_ declaration: DeadlineDeclaration, notes: [String], into page: inout HTMLWriter) {
        let name = declaration.name.name
        page.element("article", ["class": "decl limit", "id": Self.anchor("deadline", name)]) { page in
            head(&page, kind: "deadline", name: name, detail: "for applying", citation: declaration.citation)
            quote(notes, into: &page)
            page.element("p", ["class": "limit-rule"]) { page in
                page.text("A claim of ")
                for (index, program) in declaration.programs.enumerated() {
                    if index > 0 { page.text(index == declaration.programs.count - 1 ? " or " : ", ") }
                    link(&page, to: program.name)
                }
                page.text(" applied for after \(text(declaration.until.range)) is refused.")
            }
        }
    }

    // MARK: Worked examples

    func writeTests(_ tests: [(TestDeclaration, notes: [String])], into page: inout HTMLWriter) {
        page.element("table", ["class": "data tests"]) { page in
            page.element("caption", text: tests.count == 1 ? "Worked example" : "Worked examples")
            columns(["example", "given", "expected", "now"], into: &page)
            page.element("thead") { page in
                page.element("tr") { page in
                    for heading in ["Example", "Given", "Expected", "Now"] { page.element("th", ["scope": "col"], text: heading) }
                }
            }
            page.element("tbody") { page in
                for (test, notes) in tests {
                    let result = results[test.range.start]
                    page.element("tr", ["class": result.map { $0.passed ? "passes" : "fails" } ?? "not-run"]) { page in
                        page.element("td", ["class": "example"]) { page in
                            page.element("span", ["class": "example-name"], text: test.name.text)
                            for paragraph in notes { page.element("p", ["class": "note"], text: paragraph) }
                        }
                        page.element("td", ["class": "code"]) { page in
                            if test.givens.isEmpty { page.text("nothing") }
                            for given in test.givens { page.element("div", text: text(given.range)) }
                        }
                        page.element("td", ["class": "code"]) { page in
                            for expectation in test.expectations { page.element("div", text: describe(expectation)) }
                        }
                        status(result, into: &page)
                    }
                }
            }
        }
    }

    private func describe(_ expectation: TestDeclaration.Expectation) -> String {
        switch expectation.outcome {
        case .value(let value): "\(expectation.name.name) = \(text(value.range))"
        case .refused(let reason?): "\(expectation.name.name) refused \(text(reason.range))"
        case .refused(nil): "\(expectation.name.name) refused"
        }
    }

    private func status(_ result: PolicyTestResult?, into page: inout HTMLWriter) {
        guard let result else {
            page.element("td", ["class": "status"], text: "not run")
            return
        }
        if result.passed {
            page.element("td", ["class": "status pass"], text: "✓ passes")
            return
        }
        page.element("td", ["class": "status fail"]) { page in
            page.element("strong", text: "✗ fails")
            for failure in result.failures {
                page.element("div", text: "\(program.rules[failure.expectation.rule].name): got \(failure.actual.english)")
            }
        }
    }
}
