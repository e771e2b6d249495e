// What one policy changes relative to another, declaration by declaration: rules and programs
// added, removed or redefined, table rows by their key, enum cases, inputs and open parameters,
// limits, milestones, and the header (period in force, parent). `policy changes` prints it, and
// `policy diff` prints it above the claims each change moved (RuleSetDiff). Definitions are
// compared as tokens, so layout, comments and the keyword set a file is written in do not count;
// table cells are compared as values, formatted as a reader reads them.

import PolicyLanguage

/// One change of a policy's rules, with the clause it falls under.
package struct RuleChange: Sendable {
    package enum Subject: Sendable, Hashable {
        case period, parent, document, title
        /// A rule, program or obligation, by name.
        case rule(String)
        /// A table as a whole: added, removed, or its columns or citation changed.
        case table(String)
        /// A row of a table, by its key as English writes it (the parts joined by ", "): what a
        /// derivation records of the rows it read.
        case row(table: String, key: String)
        case enumeration(String)
        case input(String)
        case limit(String)
        case milestones(String)
    }

    package enum Kind: String, Sendable {
        case added, removed, changed
    }

    /// A value that moved: a cell's column, the period in force, a rule's definition.
    package struct Value: Sendable {
        package let label: Phrase
        package let before: Phrase?
        package let after: Phrase?
    }

    package let subject: Subject
    package let kind: Kind
    /// The line a reader reads: `TABLE row KEY: COLUMN 3500 yuan → 3800 yuan`.
    package let summary: Phrase
    package let values: [Value]
    package let citation: Citation?
    /// A definition neither policy makes in its own file, moved because what it inherits did.
    package let inherited: Bool

    /// What the subject is, for JSON: `rule`, `program`, `row`, `open parameter` …
    package let what: String
    /// The declaration's name (a row's table), or the header field.
    package let name: String
}

/// The changes from `old` to `new`, own changes first in the order of the declarations.
package struct RuleChanges: Sendable {
    package let new: PolicyInfo
    package let old: PolicyInfo
    package let changes: [RuleChange]

    /// What `new` changes itself: it defines, redefines or drops the declaration.
    package var own: [RuleChange] { changes.filter { !$0.inherited } }
    /// Definitions it takes from its parents that moved only because a parent changed.
    package var inherited: [RuleChange] { changes.filter(\.inherited) }

    /// What a policy is compared with when no other is named: the policy it succeeds, or else its
    /// parent when that is of the same jurisdiction (山西省2022 on 山西省2021, a next year's plan
    /// written as a layer). Nil when there is none.
    package static func baseline(of entry: PolicyLibrary.Entry, in library: PolicyLibrary) -> String? {
        if let predecessor = entry.info.predecessor, library.entry(named: predecessor) != nil { return predecessor }
        guard let parent = entry.info.parent, let candidate = library.entry(named: parent),
            candidate.info.jurisdiction == entry.info.jurisdiction
        else { return nil }
        return candidate.info.name
    }

    /// What `new` changes relative to `old`, each a checked program (the policy merged with what
    /// it extends).
    package static func compare(new: Program, old: Program) -> RuleChanges {
        let comparison = Comparison(new: new, old: old)
        comparison.compareHeaders()
        comparison.compareEnums()
        comparison.compareInputs()
        comparison.compareTables()
        comparison.compareRules()
        comparison.compareLimits()
        comparison.compareMilestones()
        let all = comparison.changes
        return RuleChanges(new: new.policy, old: old.policy, changes: all.filter { !$0.inherited } + all.filter(\.inherited))
    }
}

extension RuleChange {
    /// The subject as a reader names it: `program 品牌培训补贴`, in Chinese `项目 品牌培训补贴`.
    static func named(_ what: Phrase, _ name: String) -> Phrase {
        what.map { "\($0) \(name)" }
    }
}

/// The state of one comparison: the two programs and the tokens of the files their
/// declarations are in, read once each.
private final class Comparison {
    let new: Program
    let old: Program
    var changes: [RuleChange] = []
    /// By file: two libraries may each hold a file of one path.
    private var tokens: [ObjectIdentifier: [Token]] = [:]
    /// The declarations each policy's own file names: `enum 劳务品牌`, `program 品牌培训补贴`,
    /// as the keyword before a name and the name.
    private let newMentions: Set<Mention>
    private let oldMentions: Set<Mention>

    struct Mention: Hashable {
        let keyword: Keyword
        let name: String
    }

    init(new: Program, old: Program) {
        self.new = new
        self.old = old
        newMentions = Self.mentions(in: new.policy.source)
        oldMentions = Self.mentions(in: old.policy.source)
    }

    private static func mentions(in file: SourceFile) -> Set<Mention> {
        let tokens = Lexer.tokenize(file).tokens
        var mentions: Set<Mention> = []
        for (index, token) in tokens.enumerated().dropFirst() {
            guard case .identifier(let name) = token.kind, case .keyword(let keyword) = tokens[index - 1].kind else { continue }
            mentions.insert(Mention(keyword: keyword, name: name))
        }
        return mentions
    }

    /// Whether either policy's own file declares (or amends, or repeals) the name, or either
    /// definition is written there.
    private func isOwn(_ keywords: [Keyword], _ name: String, spans: [SourceSpan?]) -> Bool {
        let own = [new.policy.source.path, old.policy.source.path]
        if spans.contains(where: { $0.map { own.contains($0.file.path) } ?? false }) { return true }
        return keywords.contains { newMentions.contains(Mention(keyword: $0, name: name)) }
            || keywords.contains { oldMentions.contains(Mention(keyword: $0, name: name)) }
    }

    private func add(
        _ subject: RuleChange.Subject, _ kind: RuleChange.Kind, _ summary: Phrase, values: [RuleChange.Value] = [],
        citation: Citation?, inherited: Bool, what: String, name: String
    ) {
        changes.append(
            RuleChange(
                subject: subject, kind: kind, summary: summary, values: values, citation: citation, inherited: inherited,
                what: what, name: name))
    }

    // MARK: Header

    func compareHeaders() {
        let (a, b) = (old.policy, new.policy)
        func header(_ subject: RuleChange.Subject, _ what: String, _ label: Phrase, _ before: Phrase?, _ after: Phrase?) {
            guard before != after else { return }
            let none = Phrase("none", "无")
            add(
                subject, .changed,
                label
                    + Phrase(
                        ": \((before ?? none).english) → \((after ?? none).english)",
                        "：\((before ?? none).chinese) → \((after ?? none).chinese)"),
                values: [RuleChange.Value(label: label, before: before, after: after)], citation: nil, inherited: false,
                what: what, name: what)
        }
        header(.title, "title", Phrase("title", "标题"), Phrase(verbatim: a.title), Phrase(verbatim: b.title))
        header(.document, "document", Phrase("document", "文号"), Phrase(verbatim: a.document), Phrase(verbatim: b.document))
        header(.period, "in force", Phrase("in force", "施行期间"), a.period.phrase, b.period.phrase)
        header(
            .parent, "parent", Phrase("parent", "上级政策"), a.parent.map(Phrase.init(verbatim:)),
            b.parent.map(Phrase.init(verbatim:)))
    }

    // MARK: Enums

    func compareEnums() {
        let before = Dictionary(old.enums.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let after = Dictionary(new.enums.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        let what = Phrase("enum", "枚举")
        for type in new.enums where before[type.name] == nil {
            add(
                .enumeration(type.name), .added,
                RuleChange.named(what, type.name)
                    + Phrase(" added: \(type.cases.joined(separator: ", "))", " 新增：\(type.cases.joined(separator: "、"))"),
                citation: nil, inherited: !isOwn([.enum], type.name, spans: []), what: "enum", name: type.name)
        }
        for type in new.enums {
            guard let was = before[type.name] else { continue }
            let added = type.cases.filter { was.ordinal(of: $0) == nil }
            let removed = was.cases.filter { type.ordinal(of: $0) == nil }
            guard !added.isEmpty || !removed.isEmpty else { continue }
            var parts: [Phrase] = []
            if !added.isEmpty {
                parts.append(Phrase("cases added: \(added.joined(separator: ", "))", "新增 \(added.joined(separator: "、"))"))
            }
            if !removed.isEmpty {
                parts.append(Phrase("cases removed: \(removed.joined(separator: ", "))", "删除 \(removed.joined(separator: "、"))"))
            }
            add(
                .enumeration(type.name), .changed,
                RuleChange.named(what, type.name) + parts.joined("; ", "；").prefixed(": ", "："),
                values: [
                    RuleChange.Value(
                        label: Phrase("cases", "取值"), before: Phrase(verbatim: was.cases.joined(separator: ", ")),
                        after: Phrase(verbatim: type.cases.joined(separator: ", ")))
                ],
                citation: nil, inherited: !isOwn([.enum], type.name, spans: []), what: "enum", name: type.name)
        }
        for type in old.enums where after[type.name] == nil {
            add(
                .enumeration(type.name), .removed, RuleChange.named(what, type.name) + Phrase(" removed", " 删除"),
                citation: nil, inherited: !isOwn([.enum], type.name, spans: []), what: "enum", name: type.name)
        }
    }

    // MARK: Inputs

    func compareInputs() {
        func visible(_ program: Program) -> [(String, Input)] {
            program.inputSlots.sorted { $0.value < $1.value }.map { ($0.key, program.inputs[$0.value]) }
        }
        let before = Dictionary(visible(old), uniquingKeysWith: { first, _ in first })
        let after = Dictionary(visible(new), uniquingKeysWith: { first, _ in first })
        func what(_ input: Input) -> (String, Phrase) {
            input.isOpen ? ("open parameter", Phrase("open parameter", "待定参数")) : ("input", Phrase("input", "输入"))
        }
        for (name, input) in visible(new) {
            let (key, label) = what(input)
            let inherited = !isOwn([.input], name, spans: [input.span, before[name]?.span])
            guard let was = before[name] else {
                add(
                    .input(name), .added,
                    RuleChange.named(label, name) + Phrase(" added: ", " 新增：") + description(of: input),
                    citation: input.citation, inherited: inherited, what: key, name: name)
                continue
            }
            let (old, now) = (description(of: was), description(of: input))
            guard old != now || was.citation?.clause != input.citation?.clause else { continue }
            add(
                .input(name), .changed,
                RuleChange.named(label, name)
                    + Phrase(": \(old.english) → \(now.english)", "：\(old.chinese) → \(now.chinese)"),
                values: [RuleChange.Value(label: Phrase("definition", "定义"), before: old, after: now)],
                citation: input.citation ?? was.citation, inherited: inherited, what: key, name: name)
        }
        for (name, input) in visible(old) where after[name] == nil {
            let (key, label) = what(input)
            add(
                .input(name), .removed, RuleChange.named(label, name) + Phrase(" removed", " 删除"),
                citation: input.citation, inherited: !isOwn([.input], name, spans: [input.span]), what: key, name: name)
        }
    }

    /// `yuan/day, open, between 100 yuan/day and 200 yuan/day`: the type, whether open, the
    /// bounds; in Chinese `元/天，待定，介于 100 元/天 与 200 元/天`.
    private func description(of input: Input) -> Phrase {
        let formatter = ValueFormatter(program: nil)
        var parts = [input.type.name]
        if input.isOpen { parts.append(Phrase("open", "待定")) }
        switch (
            input.lower.map { formatter.phrase($0, as: input.type) }, input.upper.map { formatter.phrase($0, as: input.type) }
        ) {
        case (let low?, let high?):
            parts.append(Phrase("between \(low.english) and \(high.english)", "介于 \(low.chinese) 与 \(high.chinese)"))
        case (let low?, nil): parts.append(Phrase("at least \(low.english)", "至少 \(low.chinese)"))
        case (nil, let high?): parts.append(Phrase("at most \(high.english)", "至多 \(high.chinese)"))
        case (nil, nil): break
        }
        return parts.joined(", ", "，")
    }

    // MARK: Tables

    /// The table each name resolves to: the definition nearest the policy in its chain.
    private func tables(of program: Program) -> [(String, Table)] {
        var chosen: [String: (rank: Int, table: Table)] = [:]
        var order: [String] = []
        for table in program.tables {
            let rank = program.chain.firstIndex { $0.source.path == table.span.file.path } ?? program.chain.count
            if let existing = chosen[table.name] {
                if rank < existing.rank { chosen[table.name] = (rank, table) }
            } else {
                chosen[table.name] = (rank, table)
                order.append(table.name)
            }
        }
        return order.map { ($0, chosen[$0]!.table) }
    }

    func compareTables() {
        let before = Dictionary(tables(of: old), uniquingKeysWith: { first, _ in first })
        let after = Dictionary(tables(of: new), uniquingKeysWith: { first, _ in first })
        let keywords: [Keyword] = [.table, .quota]
        for (name, table) in tables(of: new) {
            let inherited = !isOwn(keywords, name, spans: [table.span, before[name]?.span] + spans(of: table, before[name]))
            guard let was = before[name] else {
                let rows = table.rows.count
                add(
                    .table(name), .added,
                    RuleChange.named(Self.kind(of: table), name)
                        + Phrase(" added (\(rows) row\(rows == 1 ? "" : "s"))", " 新增（\(rows) 行）"),
                    citation: table.citation, inherited: inherited, what: "table", name: name)
                continue
            }
            compare(table: table, was: was, inherited: inherited)
        }
        for (name, table) in tables(of: old) where after[name] == nil {
            add(
                .table(name), .removed, RuleChange.named(Self.kind(of: table), name) + Phrase(" removed", " 删除"),
                citation: table.citation, inherited: !isOwn(keywords, name, spans: [table.span] + spans(of: table, nil)),
                what: "table", name: name)
        }
    }

    /// What a reader calls it: a table, or a quota (a table of targets).
    private static func kind(of table: Table) -> Phrase {
        table.isQuota ? Phrase("quota", "任务表") : Phrase("table", "表")
    }

    private func spans(of table: Table, _ other: Table?) -> [SourceSpan?] {
        (table.rowSpans + (other?.rowSpans ?? [])).map { $0 }
    }

    private func compare(table: Table, was: Table, inherited: Bool) {
        let name = table.name
        let columns = table.columns.map(\.name)
        let oldColumns = was.columns.map(\.name)
        if columns != oldColumns || table.keyColumns.map({ columns[$0] }) != was.keyColumns.map({ oldColumns[$0] }) {
            add(
                .table(name), .changed,
                RuleChange.named(Phrase("table", "表"), name)
                    + Phrase(
                        ": columns \(oldColumns.joined(separator: " | ")) → \(columns.joined(separator: " | "))",
                        "：列 \(oldColumns.joined(separator: " | ")) → \(columns.joined(separator: " | "))"),
                values: [
                    RuleChange.Value(
                        label: Phrase("columns", "列"), before: Phrase(verbatim: oldColumns.joined(separator: " | ")),
                        after: Phrase(verbatim: columns.joined(separator: " | ")))
                ],
                citation: table.citation, inherited: inherited, what: "table", name: name)
        }
        if table.citation?.clause != was.citation?.clause {
            let (a, b) = (was.citation?.clause ?? "", table.citation?.clause ?? "")
            add(
                .table(name), .changed,
                RuleChange.named(Phrase("table", "表"), name) + Phrase(": cited \(a) → \(b)", "：引用 \(a) → \(b)"),
                values: [
                    RuleChange.Value(label: Phrase("citation", "引用"), before: Phrase(verbatim: a), after: Phrase(verbatim: b))
                ],
                citation: table.citation, inherited: inherited, what: "table", name: name)
        }
        let newRows = rows(of: table, in: new)
        let oldRows = rows(of: was, in: old)
        let oldByKey = Dictionary(oldRows.map { ($0.key.english, $0) }, uniquingKeysWith: { first, _ in first })
        let newByKey = Dictionary(newRows.map { ($0.key.english, $0) }, uniquingKeysWith: { first, _ in first })
        for row in newRows {
            let subject = RuleChange.Subject.row(table: name, key: row.key.english)
            let label = rowLabel(name, row.key)
            guard let previous = oldByKey[row.key.english] else {
                let cells = row.cells.map { column, value in Phrase(verbatim: column + " ") + value }.joined(", ", "，")
                add(
                    subject, .added,
                    Phrase("\(label.english) added: \(cells.english)", "\(label.chinese) 新增：\(cells.chinese)"),
                    values: row.cells.map { RuleChange.Value(label: Phrase(verbatim: $0.column), before: nil, after: $0.value) },
                    citation: table.citation, inherited: inherited, what: "row", name: name)
                continue
            }
            let earlier = Dictionary(previous.cells.map { ($0.column, $0.value) }, uniquingKeysWith: { first, _ in first })
            let moved = row.cells.compactMap { column, value -> RuleChange.Value? in
                guard let before = earlier[column], before.english != value.english else { return nil }
                return RuleChange.Value(label: Phrase(verbatim: column), before: before, after: value)
            }
            guard !moved.isEmpty else { continue }
            let cells = moved.map { value in
                Phrase(
                    "\(value.label.english) \(value.before!.english) → \(value.after!.english)",
                    "\(value.label.chinese) \(value.before!.chinese) → \(value.after!.chinese)")
            }
            .joined("; ", "；")
            add(
                subject, .changed, Phrase("\(label.english): \(cells.english)", "\(label.chinese)：\(cells.chinese)"),
                values: moved, citation: table.citation, inherited: inherited, what: "row", name: name)
        }
        for row in oldRows where newByKey[row.key.english] == nil {
            let label = rowLabel(name, row.key)
            add(
                .row(table: name, key: row.key.english), .removed,
                Phrase("\(label.english) removed", "\(label.chinese) 删除"),
                values: row.cells.map { RuleChange.Value(label: Phrase(verbatim: $0.column), before: $0.value, after: nil) },
                citation: was.citation, inherited: inherited, what: "row", name: name)
        }
    }

    /// `TABLE row KEY`, in Chinese `TABLE “KEY”行`.
    func rowLabel(_ table: String, _ key: Phrase) -> Phrase {
        Phrase("\(table) row \(key.english)", "\(table) “\(key.chinese)”行")
    }

    /// Each row's key and its other cells, as a reader reads them; the key's parts are joined as
    /// a derivation joins them when it records the row it read.
    private func rows(of table: Table, in program: Program) -> [(key: Phrase, cells: [(column: String, value: Phrase)])] {
        let formatter = ValueFormatter(program: program)
        func text(_ value: RuntimeValue, _ type: ValueType, _ target: TargetKind = .reach) -> Phrase {
            value.isAbsent ? Phrase("none", "无") : formatter.phrase { $0.format(target: value.decimal, target, as: type) }
        }
        return table.rows.enumerated().map { index, row in
            let key = table.keyColumns.map { text(row[$0], table.columns[$0].type) }.joined(", ", ", ")
            let cells = table.valueColumns.map {
                (table.columns[$0].name, text(row[$0], table.columns[$0].type, table.target(row: index, column: $0)))
            }
            return (key, cells)
        }
    }

    // MARK: Rules, limits, milestones

    func compareRules() {
        func visible(_ program: Program) -> [(String, Rule)] {
            program.ruleSlots.sorted { $0.value < $1.value }.map { ($0.key, program.rules[$0.value]) }
        }
        let before = Dictionary(visible(old), uniquingKeysWith: { first, _ in first })
        let after = Dictionary(visible(new), uniquingKeysWith: { first, _ in first })
        let keywords: [Keyword] = [.rule, .program, .obligation]
        for (name, rule) in visible(new) {
            let label = RuleChange.named(kind(rule.kind), name)
            let inherited = !isOwn(keywords, name, spans: [rule.span, before[name]?.span])
            guard let was = before[name] else {
                add(
                    .rule(name), .added, label + Phrase(" added", " 新增"),
                    values: [RuleChange.Value(label: Phrase("definition", "定义"), before: nil, after: definition(rule.span))],
                    citation: rule.citation, inherited: inherited, what: rule.kind.rawValue, name: name)
                continue
            }
            guard !sameTokens(rule.span, was.span) else { continue }
            add(
                .rule(name), .changed, label + Phrase(" redefined", " 重新定义"),
                values: [
                    RuleChange.Value(
                        label: Phrase("definition", "定义"), before: definition(was.span), after: definition(rule.span))
                ],
                citation: rule.citation ?? was.citation, inherited: inherited, what: rule.kind.rawValue, name: name)
        }
        for (name, rule) in visible(old) where after[name] == nil {
            add(
                .rule(name), .removed, RuleChange.named(kind(rule.kind), name) + Phrase(" removed", " 删除"),
                values: [RuleChange.Value(label: Phrase("definition", "定义"), before: definition(rule.span), after: nil)],
                citation: rule.citation, inherited: !isOwn(keywords, name, spans: [rule.span]), what: rule.kind.rawValue,
                name: name)
        }
    }

    private func kind(_ kind: RuleKind) -> Phrase {
        switch kind {
        case .rule: Phrase("rule", "规则")
        case .program: Phrase("program", "项目")
        case .obligation: Phrase("obligation", "义务")
        }
    }

    func compareLimits() {
        compareDeclarations(
            old.limits.map { ($0.name, $0.span, $0.citation) }, new.limits.map { ($0.name, $0.span, $0.citation) },
            keyword: .limit, what: ("limit", Phrase("limit", "限额")), subject: RuleChange.Subject.limit)
    }

    func compareMilestones() {
        compareDeclarations(
            old.milestones.map { ($0.name, $0.span, $0.citation) }, new.milestones.map { ($0.name, $0.span, $0.citation) },
            keyword: .milestones, what: ("milestones", Phrase("milestones", "进度")), subject: RuleChange.Subject.milestones)
    }

    /// Declarations compared by their tokens alone; of two by one name, the one nearer the policy.
    private func compareDeclarations(
        _ before: [(String, SourceSpan, Citation?)], _ after: [(String, SourceSpan, Citation?)], keyword: Keyword,
        what: (String, Phrase), subject: (String) -> RuleChange.Subject
    ) {
        let oldByName = Dictionary(before.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { _, last in last })
        let newByName = Dictionary(after.map { ($0.0, ($0.1, $0.2)) }, uniquingKeysWith: { _, last in last })
        var seen: Set<String> = []
        for (name, _, _) in after where seen.insert(name).inserted {
            let (span, citation) = newByName[name]!
            let label = RuleChange.named(what.1, name)
            let inherited = !isOwn([keyword], name, spans: [span, oldByName[name]?.0])
            guard let (previous, oldCitation) = oldByName[name] else {
                add(
                    subject(name), .added, label + Phrase(" added", " 新增"),
                    values: [RuleChange.Value(label: Phrase("definition", "定义"), before: nil, after: definition(span))],
                    citation: citation, inherited: inherited, what: what.0, name: name)
                continue
            }
            guard !sameTokens(span, previous) else { continue }
            add(
                subject(name), .changed, label + Phrase(" redefined", " 重新定义"),
                values: [
                    RuleChange.Value(label: Phrase("definition", "定义"), before: definition(previous), after: definition(span))
                ],
                citation: citation ?? oldCitation, inherited: inherited, what: what.0, name: name)
        }
        for (name, span, citation) in before where newByName[name] == nil && seen.insert(name).inserted {
            add(
                subject(name), .removed, RuleChange.named(what.1, name) + Phrase(" removed", " 删除"),
                values: [RuleChange.Value(label: Phrase("definition", "定义"), before: definition(span), after: nil)],
                citation: citation, inherited: !isOwn([keyword], name, spans: [span]), what: what.0, name: name)
        }
    }

    // MARK: Tokens

    /// A declaration as written, on one line: what a reader compares by eye.
    private func definition(_ span: SourceSpan) -> Phrase {
        Phrase(verbatim: span.file.oneLineText(of: span.range))
    }

    private func tokens(of span: SourceSpan) -> [TokenKind] {
        let file = ObjectIdentifier(span.file)
        if tokens[file] == nil { tokens[file] = Lexer.tokenize(span.file).tokens }
        return tokens[file]!.filter { $0.range.start >= span.range.start && $0.range.end <= span.range.end }.map {
            Self.reading($0.kind)
        }
    }

    /// Whether two declarations say the same, whatever their layout, comments and keyword set.
    private func sameTokens(_ a: SourceSpan, _ b: SourceSpan) -> Bool {
        if a.file === b.file, a.range == b.range { return true }
        return tokens(of: a) == tokens(of: b)
    }

    /// A token as the parser reads it: a plural unit as its singular (a Chinese unit word is both).
    private static func reading(_ kind: TokenKind) -> TokenKind {
        guard case .keyword(let keyword) = kind else { return kind }
        let singular: [Keyword: Keyword] = [
            .days: .day, .months: .month, .hours: .hour, .persons: .person, .years: .year, .claims: .claim,
        ]
        return .keyword(singular[keyword] ?? keyword)
    }
}

extension Phrase {
    /// The phrase after a separator, each language its own: `": "` and `"："`.
    fileprivate func prefixed(_ english: String, _ chinese: String) -> Phrase {
        Phrase(english + self.english, chinese + self.chinese)
    }
}
