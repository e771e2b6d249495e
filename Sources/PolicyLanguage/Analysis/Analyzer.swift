// The deep checks of `policy check`: the mistakes people make in rule tables, found before a
// claim meets them. They run on policies that checked without errors and report warnings (and
// notes, for what is deliberate but worth knowing), each with a code and a hint: branches and
// brackets no claim reaches and programs that can grant a negative amount (Reachability.swift),
// enum cases a table does not price and what happens to them, declarations nothing uses, tests
// that check nothing, a county amount above its province's cap (Bounds.swift), periods in
// force that overlap or leave a gap, and the mistakes of rules written over time: days a parent
// is not in force, tests dated outside their policy, dropped requirements, stale amounts quoted in
// comments (OverTime.swift, QuotedAmounts.swift).

package enum Analyzer {
    package static func review(_ library: PolicyLibrary) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let used = Usage(library)
        for entry in library.entries {
            let program = entry.program
            let own = program.policy.source
            var branches = BranchAnalysis(program: program)
            for rule in program.rules where rule.span.file === own { branches.analyze(rule) }
            diagnostics += branches.diagnostics
            diagnostics += used.unused(in: program)
            diagnostics += unpricedCases(in: program)
            diagnostics += idleTests(in: program)
            if let parent = entry.info.parent.flatMap(library.entry(named:)),
                parent.info.jurisdiction.count < entry.info.jurisdiction.count
            {
                diagnostics += amountsAboveCaps(of: program, parent: parent.program)
                diagnostics += ratesBelowParent(of: program, parent: parent.program)
            }
            diagnostics += overTime(entry, among: library.entries)
        }
        diagnostics += periods(library.entries)
        diagnostics += unchangedSuccessors(library)
        diagnostics += unsucceededVersions(library)
        return diagnostics.sortedByLocation()
    }

    // MARK: Tables

    /// Cases of an enum key a table has no row for, and what each place that reads the table
    /// does with them: its `otherwise`, or a refusal.
    static func unpricedCases(in program: Program) -> [Diagnostic] {
        let own = program.policy.source
        var diagnostics: [Diagnostic] = []
        for (index, table) in program.tables.enumerated() where table.span.file === own && !table.isQuota {
            for column in table.keyColumns {
                guard case .enumeration(let type) = table.columns[column].type else { continue }
                let present = Set(table.rows.compactMap { $0[column].isAbsent ? nil : $0[column].decimal.integerValue })
                let missing = type.cases.indices.filter { !present.contains($0) }.map { type.cases[$0] }
                guard !missing.isEmpty else { continue }
                var uses: [Phrase] = []
                var allFallBack = true
                for rule in program.rules where rule.span.file === own {
                    forEachLookup(of: index, in: rule.body, fallback: nil) { lookup, fallback in
                        // Which column is read there, so a reader of two lookups knows which is which.
                        guard case .lookup(_, _, let read) = lookup.kind else { return }
                        let line = own.location(of: lookup.range.start).line
                        if fallback == nil { allFallBack = false }
                        uses.append(
                            Messages.tableReader(
                                rule.name, line: line, column: table.columns[read].name,
                                fallback: fallback.map { describe($0, in: rule, of: program) }))
                    }
                }
                if uses.isEmpty { continue }  // a table nothing reads is reported as unused
                diagnostics.append(
                    Messages.unpricedCases(
                        own, table.nameRange, table: table.name, column: table.columns[column].name, missing: missing, uses: uses,
                        allFallBack: allFallBack))
            }
        }
        return diagnostics
    }

    /// Calls `body` with every lookup of `table` and the `otherwise` fallback that would catch a
    /// missing row there.
    private static func forEachLookup(of table: Int, in node: Node, fallback: Node?, _ body: (Node, Node?) -> Void) {
        switch node.kind {
        case .lookup(let index, _, _) where index == table:
            body(node, fallback)
            node.forEachChild { forEachLookup(of: table, in: $0, fallback: nil, body) }
        case .otherwise(let value, let alternative):
            forEachLookup(of: table, in: value, fallback: alternative, body)
            forEachLookup(of: table, in: alternative, fallback: fallback, body)
        default:
            node.forEachChild { forEachLookup(of: table, in: $0, fallback: fallback, body) }
        }
    }

    /// `inherited: 山西省2021's 职业技能等级证书补贴, in force from 2021-01-01: …`, or the fallback
    /// as written.
    private static func describe(_ fallback: Node, in rule: Rule, of program: Program) -> Phrase {
        if case .rule(let slot) = fallback.kind, program.rules[slot].name == rule.name, program.rules[slot].policy != rule.policy
        {
            let parent = program.rules[slot].policy
            let start = program.chain.first(where: { $0.name == parent }).map(\.period.start)
            return Messages.inheritedFallback(
                parent: parent, rule.name, inForceFrom: start.flatMap { $0 > program.policy.period.start ? $0 : nil })
        }
        return Messages.writtenFallback(fallback.file.oneLineText(of: fallback.range))
    }

    // MARK: Tests

    /// Tests that expect nothing, and givens that nothing a test expects reads.
    static func idleTests(in program: Program) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let reads = program.reads()
        // A predecessor's worked examples are reviewed with the predecessor; under its successor
        // they only run.
        for test in program.tests where test.inheritedFrom == nil {
            let file = test.span.file
            guard !test.expectations.isEmpty else {
                diagnostics.append(Messages.testExpectsNothing(file, test.span.range))
                continue
            }
            var read = RuleReads()
            for expectation in test.expectations { read.formUnion(reads[expectation.rule]) }
            let expected = test.expectations.map { program.rules[$0.rule].name }
            // The claim date is never idle: it also chooses the policy that decides and the year of a limit.
            for given in test.givens {
                guard let name = given.name else { continue }
                let isRead: Bool
                if let slot = program.inputSlots[name] {
                    isRead = read.inputs.contains(slot)
                } else if let slot = program.ruleSlots[name] {
                    isRead = read.rules.contains(slot)
                } else {
                    isRead = true
                }
                if !isRead { diagnostics.append(Messages.givenUnused(file, given.range, name, expected: expected)) }
            }
        }
        return diagnostics
    }

    // MARK: Caps

    /// The amounts a county defines above the cap its province sets for the same name.
    static func amountsAboveCaps(of program: Program, parent: Program) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var bounds = Bounds(program: program)
        var parentBounds = Bounds(program: parent)
        let formatter = ValueFormatter(program: program)
        for rule in program.rules where rule.policy == program.policy.name {
            guard case .quantity = rule.type else { continue }
            let cap: ExactDecimal?
            let place: SourceSpan
            if let slot = parent.ruleSlots[rule.name] {
                cap = parentBounds.explicitCap(of: parent.rules[slot].body)
                place = parent.rules[slot].span
            } else if let slot = parent.inputSlots[rule.name] {
                cap = parent.inputs[slot].upper
                place = parent.inputs[slot].span
            } else {
                continue
            }
            guard let cap, let reaches = bounds.range(of: rule.body).high, reaches > cap else { continue }
            diagnostics.append(
                Messages.aboveParentCap(
                    rule.span.file, rule.nameRange, rule.name, reaches: formatter.phrase(reaches, as: rule.type),
                    parent: parent.policy.name, cap: formatter.phrase(cap, as: rule.type), at: place.description))
        }
        for input in program.inputs where input.policy == program.policy.name {
            guard let upper = input.upper, let slot = parent.inputSlots[input.name], let cap = parent.inputs[slot].upper,
                upper > cap
            else { continue }
            diagnostics.append(
                Messages.aboveParentCap(
                    input.span.file, input.nameRange, input.name, reaches: formatter.phrase(upper, as: input.type),
                    parent: parent.policy.name, cap: formatter.phrase(cap, as: input.type),
                    at: parent.inputs[slot].span.description))
        }
        return diagnostics
    }

    /// The rates a county pays below its province's for the same program: a constant amount
    /// below the province's, or a row of a table the county's definition reads, priced below the
    /// same row of the table the province's reads. A note: a county may mean to pay less (another
    /// party, another reading), and the reader of `check` should see where it does.
    static func ratesBelowParent(of program: Program, parent: Program) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var bounds = Bounds(program: program)
        var parentBounds = Bounds(program: parent)
        let formatter = ValueFormatter(program: program)
        for rule in program.rules where rule.policy == program.policy.name && rule.isEntryPoint {
            guard case .quantity = rule.type, let slot = parent.ruleSlots[rule.name] else { continue }
            let parentRule = parent.rules[slot]
            let phrase = { (value: ExactDecimal) in formatter.phrase(value, as: rule.type) }
            var rows: [(key: String, own: Phrase, parents: Phrase)] = []
            let own = ownLookups(rule.body, in: program, file: rule.span.file.path)
            let theirs = ownLookups(parentRule.body, in: parent, file: parentRule.span.file.path)
            for (table, column) in own {
                let mine = program.tables[table]
                for (other, otherColumn) in theirs {
                    let province = parent.tables[other]
                    guard mine.columns[column].name == province.columns[otherColumn].name,
                        mine.keyColumns.count == 1, province.keyColumns.count == 1,
                        mine.columns[mine.keyColumns[0]].type == province.columns[province.keyColumns[0]].type
                    else { continue }
                    let (key, otherKey) = (mine.keyColumns[0], province.keyColumns[0])
                    for row in mine.rows {
                        guard case .number(let rate) = row[column],
                            let match = province.rows.first(where: { $0[otherKey] == row[key] }),
                            case .number(let parentRate) = match[otherColumn], rate < parentRate
                        else { continue }
                        let keyText = formatter.phrase(row[key].decimal, as: mine.columns[key].type)
                        rows.append((keyText.english, phrase(rate), phrase(parentRate)))
                    }
                }
            }
            if rows.isEmpty, let rate = bounds.range(of: rule.body).high, bounds.range(of: rule.body).low == rate,
                let parentRate = parentBounds.range(of: parentRule.body).low,
                parentBounds.range(of: parentRule.body).high == parentRate, rate < parentRate
            {
                rows.append(("", phrase(rate), phrase(parentRate)))
            }
            guard !rows.isEmpty else { continue }
            diagnostics.append(
                Messages.belowParentRate(
                    rule.span.file, rule.nameRange, rule.name, parent: parent.policy.name, rows: rows,
                    at: parentRule.span.description))
        }
        return diagnostics
    }

    /// The tables of `file` a definition reads directly (not through other rules), with the
    /// column read.
    private static func ownLookups(_ node: Node, in program: Program, file: String) -> [(table: Int, column: Int)] {
        var found: [(table: Int, column: Int)] = []
        func walk(_ node: Node) {
            if case .lookup(let table, _, let column) = node.kind, program.tables[table].span.file.path == file {
                found.append((table, column))
            }
            node.forEachChild(walk)
        }
        walk(node)
        return found
    }

    // MARK: Periods

    /// Policies of one jurisdiction that define the same programs: periods that overlap without
    /// one extending the other, and days between one's end and the next one's start.
    static func periods(_ entries: [PolicyLibrary.Entry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func ancestors(of entry: PolicyLibrary.Entry) -> Set<String> { Set(entry.program.chain.dropFirst().map(\.name)) }
        for a in entries {
            for b in entries where a.info.name != b.info.name && a.info.jurisdiction == b.info.jurisdiction {
                let shared = Set(a.program.programs.keys).intersection(b.program.programs.keys)
                guard !shared.isEmpty else { continue }
                let (p, q) = (a.info.period, b.info.period)
                // Each pair once, from the one that takes force later (same day is an error already).
                if p.start < q.start, q.start <= p.end, !ancestors(of: b).contains(a.info.name),
                    !ancestors(of: a).contains(b.info.name)
                {
                    diagnostics.append(
                        Messages.periodsOverlap(
                            b.info, other: a.info, from: q.start, to: min(p.end, q.end), programs: shared.sorted()))
                }
                // The next one after `a` ends: the days between, for programs no policy of the place defines then.
                guard p.end < q.start, CalendarDate(dayNumber: p.end.dayNumber + 1) < q.start else { continue }
                let startsBetween = entries.contains { c in
                    c.info.jurisdiction == a.info.jurisdiction && c.info.name != b.info.name && p.end < c.info.period.start
                        && c.info.period.start < q.start && !Set(c.program.programs.keys).isDisjoint(with: shared)
                }
                guard !startsBetween else { continue }
                let from = CalendarDate(dayNumber: p.end.dayNumber + 1)
                let to = CalendarDate(dayNumber: q.start.dayNumber - 1)
                let uncovered = shared.filter { program in
                    !entries.contains { c in
                        c.info.jurisdiction == a.info.jurisdiction && c.program.programs[program] != nil
                            && c.info.period.start <= from && to <= c.info.period.end
                    }
                }
                if !uncovered.isEmpty {
                    diagnostics.append(
                        Messages.periodGap(b.info, after: a.info, from: from, to: to, programs: uncovered.sorted()))
                }
            }
        }
        return diagnostics
    }
}

/// Which inputs, rules and tables anything in the library reads: a rule, a limit, a bound.
struct Usage {
    private var used: Set<String> = []

    init(_ library: PolicyLibrary) {
        for entry in library.entries {
            let program = entry.program
            func visit(_ node: Node) {
                switch node.kind {
                case .input(let slot): used.insert(Self.key("input", program.inputs[slot].policy, program.inputs[slot].name))
                case .rule(let slot): used.insert(Self.key("rule", program.rules[slot].policy, program.rules[slot].name))
                case .lookup(let table, _, _):
                    used.insert(Self.key("table", program.tables[table].span.file.path, program.tables[table].name))
                default: break
                }
                node.forEachChild(visit)
            }
            program.rules.forEach { visit($0.body) }
            // A `dated` program's date input decides it; a deadline's last day reads what it names.
            for rule in program.rules {
                if let slot = rule.decidingInput {
                    used.insert(Self.key("input", program.inputs[slot].policy, program.inputs[slot].name))
                }
            }
            program.deadlines.forEach { visit($0.until) }
            for limit in program.limits {
                limit.keys.forEach(visit)
                if case .amount(let amount) = limit.bound { visit(amount) }
            }
        }
    }

    private static func key(_ kind: String, _ owner: String, _ name: String) -> String {
        "\(kind)\u{1F}\(owner)\u{1F}\(name)"
    }

    /// The inputs, plain rules and tables a policy declares that nothing reads.
    func unused(in program: Program) -> [Diagnostic] {
        let own = program.policy.source
        var diagnostics: [Diagnostic] = []
        for input in program.inputs where input.policy == program.policy.name {
            if !used.contains(Self.key("input", input.policy, input.name)) {
                diagnostics.append(Messages.unusedDeclaration(own, input.nameRange, what: "input", input.name))
            }
        }
        for rule in program.rules where rule.policy == program.policy.name && rule.kind == .rule {
            if !used.contains(Self.key("rule", rule.policy, rule.name)) {
                diagnostics.append(Messages.unusedDeclaration(own, rule.nameRange, what: "rule", rule.name))
            }
        }
        for table in program.tables where table.span.file === own && !table.isQuota {
            if !used.contains(Self.key("table", own.path, table.name)) {
                diagnostics.append(Messages.unusedDeclaration(own, table.nameRange, what: "table", table.name))
            }
        }
        return diagnostics
    }
}
