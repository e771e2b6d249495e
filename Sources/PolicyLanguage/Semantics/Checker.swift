// The checker: syntax trees of a policy and the policies it extends, to one checked `Program`.
// It resolves every name to a slot, proves types and units, checks tables and the coverage of
// every `match`, rejects cycles between rules and demands a citation on every rule that yields
// money. It never stops at the first error: a wrong node gets the error type, which agrees with
// everything, so one mistake gives one diagnostic.

package enum Checker {
    /// Checks `files`, outermost policy first and the policy being checked last. Diagnostics are
    /// those located in the last file: each ancestor reports its own when it is checked itself.
    package static func check(chain files: [PolicyFile]) -> (Program?, [Diagnostic]) {
        let context = CheckContext(files: files)
        let program = context.run()
        let leaf = files.last!.source
        let own = context.diagnostics.filter { $0.file === leaf || $0.file == nil }
        return (own.hasErrors ? nil : program, own)
    }
}

final class CheckContext {
    let files: [PolicyFile]
    var diagnostics: [Diagnostic] = []

    private var infos: [PolicyInfo?] = []
    private var enums: [String: (type: EnumType, file: Int, range: SourceRange)] = [:]
    private var enumOrder: [EnumType] = []
    /// `scopes[i]`: the names visible in file `i`, each bound to its latest declaration up to `i`.
    private var scopes: [[String: Declared]] = []

    private var inputs: [Input?] = []
    private var rules: [Rule?] = []
    private var ruleDeclarations: [(RuleDeclaration, file: Int)] = []
    private var tables: [Table?] = []
    private var tableDeclarations: [(TableDeclaration, file: Int)] = []
    private var milestones: [Milestones] = []
    /// Milestones by name, visible to every policy of the chain after its declaration.
    private var milestoneIndexes: [String: (index: Int, range: SourceRange)] = [:]
    private var texts: [String] = []
    private var textIndexes: [String: Int] = [:]
    private var reasons: [Refusal] = []
    /// The citation of the rule being checked, which its `require` reasons fall under.
    private var currentCitation: Citation?
    /// Rule slots each rule slot's definition reads, for the cycle check.
    private var dependencies: [Set<Int>] = []

    /// What the expression being checked belongs to.
    private var currentFile = 0
    private var currentRule: (name: String, slot: Int)?

    struct Declared {
        enum Kind {
            case input(Int)
            case rule(Int, kind: RuleKind)
            case table(Int)
        }
        let kind: Kind
        let type: ValueType
        let file: Int
        let range: SourceRange
    }

    init(files: [PolicyFile]) {
        self.files = files
    }

    private var leaf: Int { files.count - 1 }

    func run() -> Program? {
        infos = files.map(checkHeader)
        declareEnums()
        declareNames()
        checkMilestones()
        checkTables()
        checkInputBounds()
        checkRuleBodies()
        let limits = checkLimits()
        checkCycles()
        let tests = checkTests()
        guard let info = infos[leaf], infos.allSatisfy({ $0 != nil }) else { return nil }
        guard !diagnostics.hasErrors else { return nil }
        var programs: [String: Int] = [:]
        var ruleSlots: [String: Int] = [:]
        var inputSlots: [String: Int] = [:]
        for (name, declared) in scopes[leaf] {
            switch declared.kind {
            case .rule(let slot, let kind):
                ruleSlots[name] = slot
                if kind != .rule { programs[name] = slot }
            case .input(let slot): inputSlots[name] = slot
            case .table: break
            }
        }
        return Program(
            policy: info, chain: infos.reversed().compactMap { $0 },
            inputs: inputs.map { $0! }, rules: rules.map { $0! }, tables: tables.map { $0! },
            milestones: milestones, limits: limits, enums: enumOrder, programs: programs, ruleSlots: ruleSlots,
            inputSlots: inputSlots,
            texts: texts, reasons: reasons, tests: tests)
    }

    // MARK: Header

    private func checkHeader(_ file: PolicyFile) -> PolicyInfo? {
        guard let header = file.header else { return nil }
        let source = file.source
        var missing: [String] = []
        if header.title == nil { missing.append(localized("title \"…\"", "标题 \"…\"")) }
        if header.document == nil { missing.append(localized("document \"…\"", "文号 \"…\"")) }
        if header.jurisdiction == nil { missing.append(localized("jurisdiction 山西省/…", "辖区 山西省/…")) }
        if header.period == nil { missing.append(localized("in force FROM to TO", "施行 首日 至 末日")) }
        if !missing.isEmpty {
            report(Messages.incompleteHeader(source, header.name.range, missing: missing))
            return nil
        }
        let period = header.period!
        if let end = period.end, end.date < period.start.date {
            report(Messages.periodEndsBeforeStart(source, period.start.range.union(end.range)))
            return nil
        }
        if header.extends?.name == header.name.name {
            report(Messages.extendsItself(source, header.extends!.range))
        }
        return PolicyInfo(
            name: header.name.name, title: header.title!.text, document: header.document!.text,
            jurisdiction: header.jurisdiction!.map(\.name),
            period: period.end.map { Period(start: period.start.date, end: $0.date) } ?? Period(start: period.start.date),
            parent: header.extends?.name, source: source, nameRange: header.name.range)
    }

    // MARK: Declarations

    private func declareEnums() {
        for (index, file) in files.enumerated() {
            for case .enumeration(let declaration) in file.declarations {
                let name = declaration.name.name
                if let existing = enums[name] {
                    report(
                        Messages.duplicateEnum(
                            file.source, declaration.name.range, name,
                            previous: files[existing.file].source, existing.range,
                            inParent: existing.file != index ? infos[existing.file]?.name : nil))
                    continue
                }
                var seen: [String: SourceRange] = [:]
                for enumCase in declaration.cases {
                    if let first = seen[enumCase.name] {
                        report(Messages.duplicateCase(file.source, enumCase.range, enumCase.name, first: first))
                    }
                    seen[enumCase.name] = enumCase.range
                }
                let type = EnumType(name: name, cases: declaration.cases.map(\.name))
                enums[name] = (type, index, declaration.name.range)
                enumOrder.append(type)
            }
        }
    }

    private func declareNames() {
        var scope: [String: Declared] = [:]
        for (index, file) in files.enumerated() {
            currentFile = index
            var ownNames: [String: SourceRange] = [:]
            for declaration in file.declarations {
                guard let name = declaration.name else { continue }
                if case .enumeration = declaration { continue }
                if let first = ownNames[name.name] {
                    report(Messages.duplicateName(file.source, name.range, name.name, first: first))
                    continue
                }
                ownNames[name.name] = name.range
                let declared: Declared
                switch declaration {
                case .input(let input):
                    let slot = inputs.count
                    let type = resolve(input.type)
                    inputs.append(
                        Input(
                            name: input.name.name, type: type, lower: nil, upper: nil, isOpen: input.isOpen,
                            citation: citation(input.citation, in: index),
                            span: SourceSpan(file: file.source, range: input.range), nameRange: input.name.range,
                            policy: infos[index]?.name ?? ""))
                    if input.isOpen, input.citation == nil {
                        report(Messages.missingCitation(file.source, name.range, what: "open parameter", name.name))
                    }
                    declared = Declared(kind: .input(slot), type: type, file: index, range: name.range)
                case .rule(let rule):
                    let slot = rules.count
                    rules.append(nil)
                    dependencies.append([])
                    ruleDeclarations.append((rule, index))
                    declared = Declared(
                        kind: .rule(slot, kind: rule.kind), type: rule.type.map(resolve) ?? .bool, file: index,
                        range: name.range)
                case .table(let table):
                    let slot = tables.count
                    tables.append(nil)
                    tableDeclarations.append((table, index))
                    declared = Declared(kind: .table(slot), type: .error, file: index, range: name.range)
                case .enumeration, .milestones, .limit, .test:
                    continue
                }
                if let previous = scope[name.name] {
                    checkOverride(declared, of: previous, name: name, in: file.source)
                }
                scope[name.name] = declared
            }
            scopes.append(scope)
        }
    }

    /// A child policy may redefine a parent's rule, program or table with the same type, or
    /// supply a value for a parent's input with a rule.
    private func checkOverride(_ declared: Declared, of previous: Declared, name: Identifier, in source: SourceFile) {
        let parent = infos[previous.file]?.name ?? localized("the parent policy", "上级政策")
        func kindName(_ kind: Declared.Kind) -> String {
            switch kind {
            case .input: localized("an input", "输入")
            case .rule(_, .obligation): localized("an obligation", "义务")
            case .rule(_, let kind): localized("a \(kind.rawValue)", kind == .program ? "项目" : "规则")
            case .table: localized("a table", "表")
            }
        }
        switch (declared.kind, previous.kind) {
        case (.rule(_, let now), .rule(_, let was)) where was != .rule && now != was:
            report(
                Messages.overrideKind(
                    source, name.range, name.name, parent: parent, was: kindName(previous.kind), now: kindName(declared.kind)))
        case (.rule, .rule), (.rule(_, .rule), .input):
            if !declared.type.agrees(with: previous.type) {
                report(
                    Messages.overrideType(source, name.range, name.name, parent: parent, was: previous.type, now: declared.type))
            }
        case (.input, .input) where isOpen(previous):
            // A lower layer narrows a number its parent left open (a county's 4000–6000 within
            // the province's "at least 4000"); the claim still supplies it.
            if !declared.type.agrees(with: previous.type) {
                report(
                    Messages.overrideType(source, name.range, name.name, parent: parent, was: previous.type, now: declared.type))
            }
        case (.table, .table):
            break  // Columns are compared once the tables are checked.
        default:
            report(
                Messages.overrideKind(
                    source, name.range, name.name, parent: parent, was: kindName(previous.kind), now: kindName(declared.kind)))
        }
    }

    private func isOpen(_ declared: Declared) -> Bool {
        if case .input(let slot) = declared.kind { return inputs[slot]?.isOpen == true }
        return false
    }

    private func resolve(_ syntax: TypeSyntax) -> ValueType {
        switch syntax.kind {
        case .number: return .number
        case .bool: return .bool
        case .date: return .date
        case .text: return .text
        case .identity: return .identity
        case .unit(let unit): return .quantity(resolve(unit))
        case .named(let name):
            if let found = enums[name.name] { return .enumeration(found.type) }
            report(
                Messages.unknownType(
                    files[currentFile].source, name.range, name.name,
                    suggestion: closest(to: name.name, among: Array(enums.keys))))
            return .error
        }
    }

    private func resolve(_ unit: UnitSyntax) -> Unit {
        var result = Unit.number
        for word in unit.numerator { result = result * Unit(keyword: word)! }
        for word in unit.denominator { result = result / Unit(keyword: word)! }
        return result
    }

    // MARK: Tables

    private func checkTables() {
        for (slot, (declaration, fileIndex)) in tableDeclarations.enumerated() {
            currentFile = fileIndex
            currentRule = nil
            tables[slot] = checkTable(declaration, in: fileIndex)
        }
        // A child's table replaces the parent's: it must have the same columns and keys.
        for (index, scope) in scopes.enumerated() where index > 0 {
            for (declaration, fileIndex) in tableDeclarations where fileIndex == index {
                guard case .table(let slot)? = scope[declaration.name.name].map(\.kind),
                    case .table(let parentSlot)? = scopes[index - 1][declaration.name.name]?.kind,
                    let table = tables[slot], let parentTable = tables[parentSlot]
                else { continue }
                let shape = { (t: Table) in t.columns.map { "\($0.name): \($0.type)" } + t.keyColumns.map(String.init) }
                if shape(table) != shape(parentTable) {
                    report(
                        Messages.overrideTableShape(
                            files[index].source, declaration.name.range, declaration.name.name,
                            parent: infos[index - 1]?.name ?? localized("the parent policy", "上级政策")))
                }
            }
        }
    }

    private func checkTable(_ declaration: TableDeclaration, in fileIndex: Int) -> Table {
        let source = files[fileIndex].source
        var seenColumns: [String: SourceRange] = [:]
        for column in declaration.columns {
            if let first = seenColumns[column.name] {
                report(Messages.duplicateColumn(source, column.range, column.name, first: first))
            }
            seenColumns[column.name] = column.range
        }
        var keyColumns: [Int] = []
        for key in declaration.keys {
            if let index = declaration.columns.firstIndex(where: { $0.name == key.name }) {
                keyColumns.append(index)
            } else {
                report(
                    Messages.unknownColumn(
                        source, key.range, key.name, table: declaration.name.name,
                        columns: declaration.columns.map(\.name)))
            }
        }
        if declaration.keys.isEmpty { keyColumns = [0] }

        // A column named after an enum holds its cases; otherwise the cells decide the type.
        var columnTypes: [ValueType?] = declaration.columns.map { column in
            enums[column.name].map { .enumeration($0.type) }
        }
        var rows: [[RuntimeValue]] = []
        var rowSpans: [SourceSpan] = []
        var seenKeys: [[RuntimeValue]: SourceRange] = [:]
        for row in declaration.rows {
            if row.cells.count != declaration.columns.count {
                report(Messages.raggedRow(source, row.range, cells: row.cells.count, columns: declaration.columns.count))
                continue
            }
            var values: [RuntimeValue] = []
            var rowIsValid = true
            for (column, cell) in row.cells.enumerated() {
                // `none`: the document leaves the cell empty. Keys are never empty.
                if case .none = cell.kind {
                    if keyColumns.contains(column) {
                        report(Messages.emptyKey(source, cell.range))
                        rowIsValid = false
                    }
                    values.append(.absent)
                    continue
                }
                let node = checkCell(cell, expecting: columnTypes[column])
                guard let value = node.constantValue, !node.type.isError else {
                    if !node.type.isError { report(Messages.cellNotConstant(source, cell.range)) }
                    rowIsValid = false
                    continue
                }
                if let type = columnTypes[column] {
                    if !node.type.agrees(with: type) {
                        report(
                            Messages.cellType(
                                source, cell.range, column: declaration.columns[column].name, expected: type, found: node.type))
                        rowIsValid = false
                    }
                } else {
                    columnTypes[column] = node.type
                }
                values.append(value)
            }
            guard rowIsValid else { continue }
            let key = keyColumns.map { values[$0] }
            if let first = seenKeys[key] {
                report(Messages.duplicateRowKey(source, row.range, first: first))
            }
            seenKeys[key] = row.range
            rows.append(values)
            rowSpans.append(SourceSpan(file: source, range: row.range))
        }
        let columns = zip(declaration.columns, columnTypes).map { Table.Column(name: $0.name, type: $1 ?? .error) }
        let citation = citation(declaration.citation, in: fileIndex)
        if citation == nil, declaration.isQuota || columns.contains(where: { $0.type.unit?.involvesMoney == true }) {
            report(
                Messages.missingCitation(
                    source, declaration.name.range, what: declaration.isQuota ? "quota" : "table", declaration.name.name))
        }
        var milestoneColumns: [Int] = []
        for column in declaration.milestoneColumns {
            if let index = declaration.columns.firstIndex(where: { $0.name == column.name }), !keyColumns.contains(index) {
                milestoneColumns.append(index)
            } else {
                report(
                    Messages.unknownColumn(
                        source, column.range, column.name, table: declaration.name.name,
                        columns: declaration.columns.indices.filter { !keyColumns.contains($0) }.map {
                            declaration.columns[$0].name
                        }))
            }
        }
        if declaration.milestones != nil, declaration.milestoneColumns.isEmpty {
            milestoneColumns = declaration.columns.indices.filter { !keyColumns.contains($0) }
        }
        var milestoneIndex: Int?
        if let reference = declaration.milestones {
            milestoneIndex = milestoneIndexes[reference.name]?.index
            if milestoneIndex == nil {
                report(
                    Messages.unknownMilestones(
                        source, reference.range, reference.name,
                        suggestion: closest(to: reference.name, among: Array(milestoneIndexes.keys))))
            }
        }
        let table = Table(
            name: declaration.name.name, citation: citation, columns: columns, keyColumns: keyColumns,
            rows: rows, rowSpans: rowSpans, span: SourceSpan(file: source, range: declaration.range),
            nameRange: declaration.name.range, isQuota: declaration.isQuota, totals: [], milestones: milestoneIndex,
            milestoneColumns: milestoneColumns)
        let totals = declaration.isQuota ? checkTotals(declaration, of: table, source: source) : []
        return Table(
            name: table.name, citation: table.citation, columns: columns, keyColumns: keyColumns, rows: rows,
            rowSpans: rowSpans, span: table.span, nameRange: table.nameRange, isQuota: table.isQuota, totals: totals,
            milestones: milestoneIndex,
            milestoneColumns: milestoneColumns)
    }

    /// A quota's targets are numbers, and its `total` row must be what its rows add up to.
    private func checkTotals(_ declaration: TableDeclaration, of table: Table, source: SourceFile) -> [RuntimeValue?] {
        var totals = [RuntimeValue?](repeating: nil, count: table.columns.count)
        for column in table.valueColumns where table.columns[column].type.unit == nil && !table.columns[column].type.isError {
            report(
                Messages.quotaColumnType(
                    source, declaration.columns[column].range, column: table.columns[column].name,
                    found: table.columns[column].type))
        }
        guard let total = declaration.total else { return totals }
        let valueColumns = table.valueColumns
        guard total.cells.count == valueColumns.count else {
            report(
                Messages.totalCells(
                    source, total.range, cells: total.cells.count, columns: valueColumns.map { table.columns[$0].name }))
            return totals
        }
        for (cell, column) in zip(total.cells, valueColumns) {
            if case .none = cell.kind { continue }
            let type = table.columns[column].type
            let node = check(cell, expecting: type)
            guard case .number(let stated)? = node.constantValue, node.type.agrees(with: type) else {
                if !node.type.isError {
                    report(
                        Messages.cellType(
                            source, cell.range, column: table.columns[column].name, expected: type, found: node.type))
                }
                continue
            }
            totals[column] = .number(stated)
            var sum = ExactDecimal.zero
            for row in table.rows {
                guard case .number(let value) = row[column] else { continue }
                guard let next = try? ExactDecimal.adding(sum, value) else { break }
                sum = next
            }
            if sum != stated {
                let formatter = ValueFormatter(program: nil)
                report(
                    Messages.totalMismatch(
                        source, cell.range, column: table.columns[column].name,
                        sum: formatter.format(sum, as: type), stated: formatter.format(stated, as: type)))
            }
        }
        return totals
    }

    /// Milestones: days in order, each a share of the target no smaller than the one before.
    private func checkMilestones() {
        for (fileIndex, file) in files.enumerated() {
            currentFile = fileIndex
            currentRule = nil
            for case .milestones(let declaration) in file.declarations {
                if let first = milestoneIndexes[declaration.name.name] {
                    report(Messages.duplicateName(file.source, declaration.name.range, declaration.name.name, first: first.range))
                    continue
                }
                var steps: [Milestones.Step] = []
                for step in declaration.steps {
                    let share = check(step.share, expecting: .percent)
                    guard case .number(let value)? = share.constantValue, share.type == .percent else {
                        if !share.type.isError {
                            report(Messages.typeMismatch(file.source, step.share.range, expected: .percent, found: share.type))
                        }
                        continue
                    }
                    if let previous = steps.last, step.date.date <= previous.date || value < previous.share {
                        report(Messages.milestonesOrder(file.source, step.date.range.union(step.share.range)))
                    } else if value > .one || value < .zero {
                        report(Messages.milestoneShare(file.source, step.share.range))
                    }
                    steps.append(.init(date: step.date.date, share: value))
                }
                if declaration.citation == nil {
                    report(
                        Messages.missingCitation(file.source, declaration.name.range, what: "milestones", declaration.name.name))
                }
                milestoneIndexes[declaration.name.name] = (milestones.count, declaration.name.range)
                milestones.append(
                    Milestones(
                        name: declaration.name.name, citation: citation(declaration.citation, in: fileIndex), steps: steps,
                        span: SourceSpan(file: file.source, range: declaration.range)))
            }
        }
    }

    /// A table cell: a literal, or a bare word that is an enum case or a piece of text.
    private func checkCell(_ cell: Expression, expecting type: ValueType?) -> Node {
        if case .name(let word) = cell.kind {
            if case .enumeration(let enumType)? = type {
                if let ordinal = enumType.ordinal(of: word) {
                    return constant(.number(ExactDecimal(ordinal)), type!, cell.range)
                }
                report(
                    Messages.unknownCase(
                        files[currentFile].source, cell.range, word, enumType: enumType,
                        suggestion: closest(to: word, among: enumType.cases)))
                return errorNode(cell.range)
            }
            return constant(.number(ExactDecimal(intern(word))), .text, cell.range)
        }
        return check(cell, expecting: type)
    }

    // MARK: Inputs and rules

    private func checkInputBounds() {
        for (fileIndex, file) in files.enumerated() {
            currentFile = fileIndex
            for case .input(let declaration) in file.declarations {
                guard case .input(let slot)? = scopes[fileIndex][declaration.name.name]?.kind,
                    scopes[fileIndex][declaration.name.name]?.file == fileIndex,
                    let input = inputs[slot],
                    declaration.lower != nil || declaration.upper != nil
                else { continue }
                guard input.type.isOrdered else {
                    report(Messages.boundsOnUnorderedInput(file.source, declaration.type.range, input.type))
                    continue
                }
                func bound(_ expression: Expression?) -> ExactDecimal? {
                    guard let expression else { return nil }
                    let node = check(expression, expecting: input.type)
                    if !node.type.agrees(with: input.type) {
                        report(Messages.typeMismatch(file.source, node.range, expected: input.type, found: node.type))
                    } else if node.constantValue == nil {
                        report(Messages.boundsNotConstant(file.source, expression.range))
                    }
                    return node.type.isError ? nil : node.constantValue?.decimal
                }
                let lower = bound(declaration.lower)
                let upper = bound(declaration.upper)
                if let lower, let upper, upper < lower, let low = declaration.lower, let high = declaration.upper {
                    report(Messages.boundsReversed(file.source, low.range.union(high.range)))
                }
                inputs[slot] = Input(
                    name: input.name, type: input.type, lower: lower, upper: upper, isOpen: input.isOpen,
                    citation: input.citation, span: input.span, nameRange: input.nameRange, policy: input.policy)
            }
        }
    }

    private func checkRuleBodies() {
        for (slot, (declaration, fileIndex)) in ruleDeclarations.enumerated() {
            currentFile = fileIndex
            currentRule = (declaration.name.name, slot)
            let source = files[fileIndex].source
            guard case .rule? = scopes[fileIndex][declaration.name.name]?.kind,
                let declaredType = scopes[fileIndex][declaration.name.name].map(\.type)
            else { continue }
            let citation = citation(declaration.citation, in: fileIndex)
            currentCitation = citation
            let body: Node
            if declaration.kind == .obligation, let violation = declaration.violation {
                // An obligation is met or not: `require CONDITION else "…"`, then true.
                let condition = checkCondition(declaration.body)
                let requirement = CheckedRequirement(
                    condition: condition, reason: internReason(violation.text), range: declaration.body.range)
                body = node(
                    .require([requirement], constant(.boolean(true), .bool, declaration.body.range)), .bool,
                    declaration.body.range)
            } else {
                body = check(declaration.body, expecting: declaredType)
                if !body.type.agrees(with: declaredType) {
                    report(
                        Messages.ruleType(
                            source, declaration.body.range, declaration.name.name, declared: declaredType, found: body.type))
                }
            }
            if citation == nil, declaredType.unit?.involvesMoney == true || declaration.kind == .obligation {
                report(
                    Messages.missingCitation(
                        source, declaration.name.range, what: declaration.kind.rawValue, declaration.name.name))
            }
            rules[slot] = Rule(
                name: declaration.name.name, type: declaredType, citation: citation, kind: declaration.kind,
                body: body, span: SourceSpan(file: source, range: declaration.range), nameRange: declaration.name.range,
                policy: infos[fileIndex]?.name ?? "")
        }
        currentRule = nil
        currentCitation = nil
    }

    private func citation(_ literal: TextLiteral?, in fileIndex: Int) -> Citation? {
        guard let literal else { return nil }
        if literal.text.allSatisfy(\.isWhitespace) {
            report(Messages.emptyCitation(files[fileIndex].source, literal.range))
        }
        return Citation(document: infos[fileIndex]?.document ?? "", clause: literal.text)
    }

    // MARK: Limits

    private func checkLimits() -> [Limit] {
        var limits: [Limit] = []
        var seen: [String: SourceRange] = [:]
        for (fileIndex, file) in files.enumerated() {
            currentFile = fileIndex
            currentRule = nil
            for case .limit(let declaration) in file.declarations {
                if let first = seen[declaration.name.name] {
                    report(Messages.duplicateName(file.source, declaration.name.range, declaration.name.name, first: first))
                    continue
                }
                seen[declaration.name.name] = declaration.name.range
                if let limit = checkLimit(declaration, in: fileIndex) { limits.append(limit) }
            }
        }
        return limits
    }

    private func checkLimit(_ declaration: LimitDeclaration, in fileIndex: Int) -> Limit? {
        let source = files[fileIndex].source
        var valid = true
        var programs: [Int] = []
        var programType: ValueType?
        for name in declaration.programs {
            guard case .rule(_, let kind)? = scopes[fileIndex][name.name]?.kind, kind == .program,
                case .rule(let slot, _)? = scopes[leaf][name.name]?.kind
            else {
                let entryPoints = scopes[fileIndex].compactMap { name, declared -> String? in
                    if case .rule(_, .program) = declared.kind { return name }
                    return nil
                }
                report(
                    Messages.limitProgram(source, name.range, name.name, suggestion: closest(to: name.name, among: entryPoints)))
                valid = false
                continue
            }
            programs.append(slot)
            let type = scopes[fileIndex][name.name]!.type
            if let first = programType, first != type {
                report(Messages.limitProgramTypes(source, name.range, expected: first, found: type))
                valid = false
            }
            programType = programType ?? type
        }
        var keys: [Node] = []
        for key in declaration.keys {
            let node = check(key)
            if node.type.isError { valid = false }
            keys.append(node)
        }
        let bound: Limit.Bound
        switch declaration.bound {
        case .claims(let expression):
            let node = check(expression, expecting: .number)
            guard case .number(let count)? = node.constantValue, node.type == .number, let n = count.integerValue, n >= 1 else {
                if !node.type.isError { report(Messages.limitCount(source, expression.range)) }
                return nil
            }
            bound = .claims(n)
        case .amount(let expression):
            let node = check(expression, expecting: programType)
            if let programType, !node.type.agrees(with: programType) {
                report(Messages.limitAmountType(source, expression.range, programs: programType, found: node.type))
                valid = false
            } else if node.type.unit == nil, !node.type.isError {
                report(Messages.notANumber(source, expression.range, found: node.type, doing: localized("limit by", "用作限额")))
                valid = false
            }
            bound = .amount(node)
        }
        if declaration.citation == nil {
            report(Messages.missingCitation(source, declaration.name.range, what: "limit", declaration.name.name))
        }
        guard valid else { return nil }
        let policy = infos[fileIndex]?.name ?? ""
        return Limit(
            name: declaration.name.name, identity: policy + "/" + declaration.name.name,
            citation: citation(declaration.citation, in: fileIndex), programs: programs, keys: keys,
            keyLabels: declaration.keys.map { source.oneLineText(of: $0.range) }, bound: bound,
            span: SourceSpan(file: source, range: declaration.range))
    }

    /// Rules may not depend on themselves, however indirectly: every evaluation terminates.
    /// Rules that need each other in a circle, and rules whose evaluation would go deeper than
    /// the engine allows through the rules they use. Both walks are loops, not recursion, so a
    /// policy of a hundred thousand chained rules is checked, not a stack overflow.
    private func checkCycles() {
        var state = [UInt8](repeating: 0, count: rules.count)  // 0 unvisited, 1 on the path, 2 done
        var finished: [Int] = []  // every rule after the rules it uses
        for root in rules.indices where state[root] == 0 {
            var path: [(slot: Int, next: [Int].Iterator)] = [(root, dependencies[root].sorted().makeIterator())]
            state[root] = 1
            while !path.isEmpty {
                guard let next = path[path.count - 1].next.next() else {
                    let (slot, _) = path.removeLast()
                    state[slot] = 2
                    finished.append(slot)
                    continue
                }
                if state[next] == 1 {
                    let slots = path.map(\.slot)
                    reportCycle(Array(slots[slots.firstIndex(of: next)!...]))
                } else if state[next] == 0 {
                    state[next] = 1
                    path.append((next, dependencies[next].sorted().makeIterator()))
                }
            }
        }
        guard !diagnostics.hasErrors else { return }
        // How deep evaluating each rule goes, the rules it uses included; only the first rule
        // to cross the limit is reported, as the others are deep because of it.
        var depths = [Int](repeating: 0, count: rules.count)
        for slot in finished {
            guard let rule = rules[slot] else { continue }
            depths[slot] = Self.evaluationDepth(of: rule.body, rules: depths)
            if depths[slot] > Self.maximumEvaluationDepth {
                let (declaration, fileIndex) = ruleDeclarations[slot]
                report(
                    Messages.evaluationTooDeep(
                        files[fileIndex].source, declaration.name.range, declaration.name.name, depth: depths[slot],
                        limit: Self.maximumEvaluationDepth))
                return
            }
        }
    }

    /// Levels of expressions and rule uses below which the engine evaluates a rule; at most a
    /// few kilobytes of stack each, so the deepest allowed rule fits well within the command
    /// line's evaluation thread.
    static let maximumEvaluationDepth = 1000

    private static func evaluationDepth(of node: Node, rules depths: [Int]) -> Int {
        var deepest = 0
        if case .rule(let slot) = node.kind { deepest = depths[slot] }
        node.forEachChild { deepest = max(deepest, evaluationDepth(of: $0, rules: depths)) }
        return deepest + 1
    }

    private func reportCycle(_ cycle: [Int]) {
        // Report at a rule of the policy being checked, if the cycle passes through one.
        let at = cycle.first(where: { ruleDeclarations[$0].file == leaf }) ?? cycle[0]
        let start = cycle.firstIndex(of: at)!
        let ordered = Array(cycle[start...] + cycle[..<start])
        let names = (ordered + [at]).map { ruleDeclarations[$0].0.name.name }
        let (declaration, fileIndex) = ruleDeclarations[at]
        report(Messages.cycle(files[fileIndex].source, declaration.name.range, names: names))
    }

    // MARK: Tests

    /// The tests written in the policy being checked: a parent's tests run under the parent.
    private func checkTests() -> [TestCase] {
        currentFile = leaf
        currentRule = nil
        return files[leaf].declarations.compactMap { declaration in
            guard case .test(let test) = declaration else { return nil }
            return checkTest(test, in: leaf)
        }
    }

    private func checkTest(_ declaration: TestDeclaration, in fileIndex: Int) -> TestCase? {
        let source = files[fileIndex].source
        let scope = scopes[fileIndex]
        var givenInputs: [(Int, RuntimeValue)] = []
        var givenRules: [(Int, RuntimeValue)] = []
        var claimDate: CalendarDate?
        var valid = true
        for given in declaration.givens {
            guard let name = given.name else {
                let node = check(given.value, expecting: .date)
                if case .number(let day)? = node.constantValue, node.type == .date {
                    claimDate = CalendarDate(dayNumber: day.integerValue ?? 0)
                } else {
                    report(Messages.typeMismatch(source, given.value.range, expected: .date, found: node.type))
                    valid = false
                }
                continue
            }
            guard let declared = scope[name.name] else {
                report(
                    Messages.unknownName(
                        source, name.range, name.name, suggestion: closest(to: name.name, among: Array(scope.keys))))
                valid = false
                continue
            }
            let node = check(given.value, expecting: declared.type)
            guard let value = node.constantValue, node.type.agrees(with: declared.type) else {
                if !node.type.isError {
                    report(
                        node.constantValue == nil
                            ? Messages.givenNotConstant(source, given.value.range)
                            : Messages.typeMismatch(source, given.value.range, expected: declared.type, found: node.type))
                }
                valid = false
                continue
            }
            switch declared.kind {
            case .input(let slot): givenInputs.append((slot, value))
            case .rule(let slot, _): givenRules.append((slot, value))
            case .table:
                report(Messages.givenTable(source, name.range, name.name))
                valid = false
            }
        }
        var expectations: [TestCase.Expectation] = []
        for expectation in declaration.expectations {
            guard case .rule(let slot, _)? = scope[expectation.name.name]?.kind,
                let type = scope[expectation.name.name]?.type
            else {
                report(
                    Messages.expectNotRule(
                        source, expectation.name.range, expectation.name.name,
                        suggestion: closest(to: expectation.name.name, among: ruleNames(in: scope))))
                valid = false
                continue
            }
            let finalSlot = slot
            switch expectation.outcome {
            case .refused(let reason):
                expectations.append(
                    .init(
                        rule: finalSlot, outcome: .refused(reason?.text), span: SourceSpan(file: source, range: expectation.range)
                    ))
            case .value(let expression):
                let node = check(expression, expecting: type)
                guard let value = node.constantValue, node.type.agrees(with: type) else {
                    if !node.type.isError {
                        report(
                            node.constantValue == nil
                                ? Messages.givenNotConstant(source, expression.range)
                                : Messages.typeMismatch(source, expression.range, expected: type, found: node.type))
                    }
                    valid = false
                    continue
                }
                expectations.append(
                    .init(
                        rule: finalSlot, outcome: .value(value), span: SourceSpan(file: source, range: expectation.range)))
            }
        }
        guard valid else { return nil }
        return TestCase(
            name: declaration.name.text, givenInputs: givenInputs, givenRules: givenRules, claimDate: claimDate,
            givens: declaration.givens.map { ($0.name?.name, $0.range) }, expectations: expectations,
            span: SourceSpan(file: source, range: declaration.range),
            policy: infos[fileIndex]?.name ?? "")
    }

    private func ruleNames(in scope: [String: Declared]) -> [String] {
        scope.compactMap { name, declared in
            if case .rule = declared.kind { return name }
            return nil
        }
    }

    // MARK: Expressions

    private var source: SourceFile { files[currentFile].source }

    private func check(_ expression: Expression, expecting expected: ValueType? = nil) -> Node {
        let range = expression.range
        switch expression.kind {
        case .number(let text, let unitSyntax):
            return checkNumber(text, unitSyntax, range)
        case .date(let date):
            return constant(.number(ExactDecimal(date.dayNumber)), .date, range)
        case .text(let text):
            if case .enumeration(let type)? = expected, type.ordinal(of: text) != nil {
                report(Messages.quotedCase(source, range, text))
                return errorNode(range)
            }
            if expected == .identity {
                // A person named in a test or compared with: read as a claim's number is read.
                do throws(IdentityNumber.Problem) {
                    return constant(.number(try IdentityNumber(reading: text).value), .identity, range)
                } catch {
                    report(Messages.invalidIdentity(source, range, text, problem: error))
                    return errorNode(range)
                }
            }
            return constant(.number(ExactDecimal(intern(text))), .text, range)
        case .boolean(let flag):
            return constant(.boolean(flag), .bool, range)
        case .none:
            report(Messages.noneOutsideTable(source, range))
            return errorNode(range)
        case .name(let name):
            return checkName(name, range, expecting: expected)
        case .claimDate:
            return node(.claimDate, .date, range)
        case .inherited:
            return checkInherited(range)
        case .unary(.negate, let operand):
            let value = check(operand, expecting: expected)
            guard case .quantity = value.type else {
                if !value.type.isError {
                    report(Messages.notANumber(source, operand.range, found: value.type, doing: localized("negate", "取负")))
                }
                return errorNode(range)
            }
            if case .number(let constantValue)? = value.constantValue, let negated = try? constantValue.negated() {
                return constant(.number(negated), value.type, range)
            }
            return node(.negate(value), value.type, range)
        case .unary(.not, let operand):
            return node(.not(checkCondition(operand)), .bool, range)
        case .binary(let op, let left, let right):
            return checkBinary(op, left, right, range)
        case .bound(let kind, let value, let limit):
            let checkedValue = check(value, expecting: expected)
            let checkedLimit = check(limit, expecting: checkedValue.type)
            if checkedValue.type.isOrdered, checkedLimit.type.isOrdered, !checkedValue.type.agrees(with: checkedLimit.type) {
                report(Messages.boundUnit(source, kind, value: checkedValue, limit: checkedLimit))
                return errorNode(range)
            }
            let type = requireOrdered(checkedValue, checkedLimit, doing: kind.localizedName)
            return node(.bound(kind, checkedValue, limit: checkedLimit), type, range)
        case .rounded(let value, let quantum):
            return checkRounded(value, quantum, range, expecting: expected)
        case .otherwise(let value, let fallback):
            let checkedValue = check(value, expecting: expected)
            let checkedFallback = check(fallback, expecting: checkedValue.type.isError ? expected : checkedValue.type)
            let type = unify(checkedValue, checkedFallback, what: localized("both sides of `otherwise`", "“缺省”两侧"))
            return node(.otherwise(checkedValue, checkedFallback), type, range)
        case .within(let value, let low, let high):
            let checkedValue = check(value)
            let checkedLow = check(low, expecting: checkedValue.type)
            let checkedHigh = check(high, expecting: checkedValue.type)
            _ = requireOrdered(checkedValue, checkedLow, doing: Keyword.in.localizedName)
            _ = requireOrdered(checkedValue, checkedHigh, doing: Keyword.in.localizedName)
            return node(.within(checkedValue, low: checkedLow, high: checkedHigh), .bool, range)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let checkedCondition = checkCondition(condition)
            let checkedTrue = check(whenTrue, expecting: expected)
            let checkedFalse = check(whenFalse, expecting: checkedTrue.type.isError ? expected : checkedTrue.type)
            let type = unify(checkedTrue, checkedFalse, what: localized("the `then` and `else` branches", "“那么”与“否则”两个分支"))
            return node(.conditional(checkedCondition, then: checkedTrue, else: checkedFalse), type, range)
        case .require(let requirements, let body):
            let checked = requirements.map { requirement in
                CheckedRequirement(
                    condition: checkCondition(requirement.condition),
                    reason: internReason(requirement.reason.text), range: requirement.range)
            }
            let checkedBody = check(body, expecting: expected)
            return node(.require(checked, checkedBody), checkedBody.type, range)
        case .match(let subject, let arms):
            return checkMatch(subject, arms, range, expecting: expected)
        case .tiers(let kind, let quantity, let brackets):
            return checkTiers(kind, quantity, brackets, range)
        case .subscripted(let base, _):
            report(Messages.lookupWithoutColumn(source, range, table: base.range))
            return errorNode(range)
        case .member(let base, let member):
            return checkMember(base, member, range)
        case .call(let function, let arguments):
            return checkCall(function, arguments, range)
        case .invalid:
            return errorNode(range)
        }
    }

    private func checkNumber(_ text: String, _ unitSyntax: UnitSyntax?, _ range: SourceRange) -> Node {
        var value: ExactDecimal
        do {
            value = try ExactDecimal(parsing: text)
        } catch {
            report(Messages.numberTooLarge(source, range))
            return errorNode(range)
        }
        guard let unitSyntax else { return constant(.number(value), .number, range) }
        let unit = resolve(unitSyntax)
        if unit.isPercent {
            value = ExactDecimal(significand: value.significand, exponent: value.exponent - 2)
        }
        return constant(.number(value), .quantity(unit), range)
    }

    private func checkName(_ name: String, _ range: SourceRange, expecting expected: ValueType?) -> Node {
        if let declared = scopes[currentFile][name] {
            switch declared.kind {
            case .table:
                report(Messages.tableWithoutLookup(source, range, name))
                return errorNode(range)
            case .input, .rule:
                return reference(name, declared, range)
            }
        }
        if case .enumeration(let type)? = expected, let ordinal = type.ordinal(of: name) {
            return constant(.number(ExactDecimal(ordinal)), .enumeration(type), range)
        }
        let owners = enumOrder.filter { $0.ordinal(of: name) != nil }
        if owners.count == 1 {
            return constant(.number(ExactDecimal(owners[0].ordinal(of: name)!)), .enumeration(owners[0]), range)
        }
        if owners.count > 1 {
            report(Messages.ambiguousCase(source, range, name, enums: owners.map(\.name)))
            return errorNode(range)
        }
        let candidates = Array(scopes[currentFile].keys) + enumOrder.flatMap(\.cases)
        report(Messages.unknownName(source, range, name, suggestion: closest(to: name, among: candidates)))
        return errorNode(range)
    }

    /// A reference binds late: to the definition of the policy being checked, which may override
    /// the one visible where the reference is written (a county's rate inside a province's rule).
    private func reference(_ name: String, _ declared: Declared, _ range: SourceRange) -> Node {
        let target = scopes[leaf][name] ?? declared
        switch target.kind {
        case .input(let slot):
            return node(.input(slot), declared.type, range)
        case .rule(let slot, _):
            if let current = currentRule { dependencies[current.slot].insert(slot) }
            return node(.rule(slot), declared.type, range)
        case .table:
            return errorNode(range)
        }
    }

    private func checkInherited(_ range: SourceRange) -> Node {
        guard let current = currentRule, currentFile > 0,
            let parent = scopes[currentFile - 1][current.name]
        else {
            report(Messages.inheritedWithoutParent(source, range, rule: currentRule?.name))
            return errorNode(range)
        }
        switch parent.kind {
        case .input(let slot):
            return node(.input(slot), parent.type, range)
        case .rule(let slot, _):
            dependencies[current.slot].insert(slot)
            return node(.rule(slot), parent.type, range)
        case .table:
            report(Messages.inheritedWithoutParent(source, range, rule: current.name))
            return errorNode(range)
        }
    }

    private func checkCondition(_ expression: Expression) -> Node {
        let checked = check(expression, expecting: .bool)
        if !checked.type.agrees(with: .bool) {
            report(Messages.conditionNotBool(source, expression.range, found: checked.type))
        }
        return checked
    }

    /// A bare enum case on one side of a comparison takes its enum from the other side.
    private func isBareCase(_ expression: Expression) -> Bool {
        if case .name(let name) = expression.kind { return scopes[currentFile][name] == nil }
        return false
    }

    /// A bare enum case, or quoted text that may be an identity number: checked against the
    /// other side of a comparison, whichever side it is written on.
    private func takesItsTypeFromTheOtherSide(_ expression: Expression) -> Bool {
        if case .text = expression.kind { return true }
        return isBareCase(expression)
    }

    private func checkBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ range: SourceRange) -> Node {
        switch op {
        case .and, .or:
            let l = checkCondition(left)
            let r = checkCondition(right)
            return node(op == .and ? .and(l, r) : .or(l, r), .bool, range)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let (l, r): (Node, Node)
            if takesItsTypeFromTheOtherSide(left) && !takesItsTypeFromTheOtherSide(right) {
                r = check(right)
                l = check(left, expecting: r.type)
            } else {
                l = check(left)
                r = check(right, expecting: l.type)
            }
            let comparison = ComparisonOperator(rawValue: op.rawValue)!
            if op == .equal || op == .notEqual {
                if !l.type.agrees(with: r.type) {
                    report(Messages.incomparable(source, range, left: l, right: r))
                }
            } else {
                _ = requireOrdered(l, r, doing: op.rawValue)
            }
            return node(.compare(comparison, l, r), .bool, range)
        case .add, .subtract, .multiply, .divide:
            let l = check(left)
            let r = check(right)
            return arithmetic(ArithmeticOperator(rawValue: op.rawValue)!, l, r, range)
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ l: Node, _ r: Node, _ range: SourceRange, rounded: Bool = false) -> Node {
        guard case .quantity(let a) = l.type, case .quantity(let b) = r.type else {
            for side in [l, r] where !side.type.isError && side.type.unit == nil {
                report(Messages.notANumber(source, side.range, found: side.type, doing: op.verb))
            }
            return errorNode(range)
        }
        let unit: Unit
        switch op {
        case .add, .subtract:
            guard a == b else {
                report(Messages.unitMismatch(source, range, op: op, left: l, right: r))
                return errorNode(range)
            }
            unit = a
        case .multiply:
            unit = a * b
        case .divide:
            unit = a / b
            if !rounded, !Self.divisionIsExact(by: r) {
                report(Messages.inexactDivision(source, range))
            }
        }
        // Fold constants, so `12 yuan/day * 10 days` costs nothing per claim.
        if case .number(let x)? = l.constantValue, case .number(let y)? = r.constantValue,
            let folded = try? op.apply(x, y)
        {
            return constant(.number(folded), .quantity(unit), range)
        }
        return node(.arithmetic(op, l, r), .quantity(unit), range)
    }

    /// Dividing by a constant whose reciprocal terminates (2, 4, 5, 10, 100 …) is always exact.
    private static func divisionIsExact(by divisor: Node) -> Bool {
        guard case .number(let value)? = divisor.constantValue, !value.isZero else { return false }
        var significand = value.normalized.significand.magnitude
        while significand % 2 == 0 { significand /= 2 }
        while significand % 5 == 0 { significand /= 5 }
        return significand == 1
    }

    private func checkRounded(_ value: Expression, _ quantum: Expression, _ range: SourceRange, expecting: ValueType?) -> Node {
        let checkedQuantum = check(quantum)
        if case .number(let q)? = checkedQuantum.constantValue, q > .zero {
        } else if !checkedQuantum.type.isError {
            report(Messages.roundingQuantum(source, quantum.range))
        }
        let result: Node
        if case .binary(.divide, let dividend, let divisor) = value.kind {
            let quotient = arithmetic(.divide, check(dividend), check(divisor), value.range, rounded: true)
            if case .arithmetic(.divide, let l, let r) = quotient.kind {
                result = node(.divideRounded(l, r, quantum: checkedQuantum), quotient.type, range)
            } else {
                result = node(.rounded(quotient, quantum: checkedQuantum), quotient.type, range)
            }
        } else {
            let checkedValue = check(value, expecting: expecting)
            result = node(.rounded(checkedValue, quantum: checkedQuantum), checkedValue.type, range)
        }
        if !result.type.agrees(with: checkedQuantum.type) {
            report(Messages.unitOfQuantum(source, quantum.range, value: result.type, quantum: checkedQuantum.type))
        }
        return result
    }

    /// Both sides ordered and of one type; returns that type.
    private func requireOrdered(_ l: Node, _ r: Node, doing what: String) -> ValueType {
        if l.type.isError || r.type.isError { return l.type.isError ? r.type : l.type }
        guard l.type.isOrdered else {
            report(Messages.notOrdered(source, l.range, found: l.type, doing: what))
            return .error
        }
        guard l.type == r.type else {
            report(Messages.incomparable(source, l.range.union(r.range), left: l, right: r))
            return .error
        }
        return l.type
    }

    private func unify(_ a: Node, _ b: Node, what: String) -> ValueType {
        if a.type.isError { return b.type }
        if b.type.isError { return a.type }
        if a.type != b.type {
            report(Messages.branchTypes(source, a, b, what: what))
            return .error
        }
        return a.type
    }

    private func checkMember(_ base: Expression, _ member: Identifier, _ range: SourceRange) -> Node {
        // `表[键].列`
        if case .subscripted(let tableExpression, let keys) = base.kind, case .name(let tableName) = tableExpression.kind {
            guard case .table(let slot)? = scopes[currentFile][tableName]?.kind else {
                report(Messages.notATable(source, tableExpression.range, tableName))
                return errorNode(range)
            }
            let finalSlot: Int
            if case .table(let leafSlot)? = scopes[leaf][tableName]?.kind { finalSlot = leafSlot } else { finalSlot = slot }
            guard let table = tables[slot] else { return errorNode(range) }
            guard let column = table.columns.firstIndex(where: { $0.name == member.name }) else {
                report(
                    Messages.unknownColumn(
                        source, member.range, member.name, table: tableName, columns: table.columns.map(\.name)))
                return errorNode(range)
            }
            guard keys.count == table.keyColumns.count else {
                report(
                    Messages.keyCount(
                        source, base.range, table: tableName, expected: table.keyColumns.map { table.columns[$0].name }))
                return errorNode(range)
            }
            var checkedKeys: [Node] = []
            for (key, keyColumn) in zip(keys, table.keyColumns) {
                let expected = table.columns[keyColumn].type
                let checked = check(key, expecting: expected)
                if !checked.type.agrees(with: expected) {
                    report(
                        Messages.keyType(
                            source, key.range, column: table.columns[keyColumn].name, expected: expected, found: checked.type))
                }
                checkedKeys.append(checked)
            }
            return node(.lookup(table: finalSlot, keys: checkedKeys, column: column), table.columns[column].type, range)
        }
        // `证书等级.初级`
        if case .name(let enumName) = base.kind, scopes[currentFile][enumName] == nil {
            guard let type = enums[enumName]?.type else {
                report(
                    Messages.unknownType(
                        source, base.range, enumName, suggestion: closest(to: enumName, among: Array(enums.keys))))
                return errorNode(range)
            }
            guard let ordinal = type.ordinal(of: member.name) else {
                report(
                    Messages.unknownCase(
                        source, member.range, member.name, enumType: type, suggestion: closest(to: member.name, among: type.cases)
                    ))
                return errorNode(range)
            }
            return constant(.number(ExactDecimal(ordinal)), .enumeration(type), range)
        }
        report(Messages.memberOfValue(source, range))
        return errorNode(range)
    }

    private func checkCall(_ function: Keyword, _ arguments: [Expression], _ range: SourceRange) -> Node {
        let checked = arguments.map { check($0, expecting: function == .birthdate ? .identity : nil) }
        switch function {
        case .birthdate:
            guard checked.count == 1 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.localizedName,
                        expected: localized("one identity number", "一个身份号码")))
                return errorNode(range)
            }
            if !checked[0].type.agrees(with: .identity) {
                report(Messages.typeMismatch(source, checked[0].range, expected: .identity, found: checked[0].type))
            }
            return node(.call(.birthdate, checked), .date, range)
        case .min, .max:
            guard checked.count >= 2 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.localizedName,
                        expected: localized("two or more values", "两个或更多的值")))
                return errorNode(range)
            }
            var type = checked[0].type
            for argument in checked.dropFirst() { type = requireOrdered(checked[0], argument, doing: function.localizedName) }
            return node(.call(function == .min ? .min : .max, checked), type, range)
        default:
            guard checked.count == 1 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.localizedName, expected: localized("one date", "一个日期")))
                return errorNode(range)
            }
            if !checked[0].type.agrees(with: .date) {
                report(Messages.typeMismatch(source, checked[0].range, expected: .date, found: checked[0].type))
            }
            return node(.call(Builtin(rawValue: function.rawValue)!, checked), .number, range)
        }
    }

    // MARK: Match and tiers

    private func checkMatch(_ subject: Expression, _ arms: [MatchArm], _ range: SourceRange, expecting: ValueType?) -> Node {
        let checkedSubject = check(subject)
        let subjectType = checkedSubject.type
        var checkedArms: [CheckedArm] = []
        var resultType: ValueType? = expecting.flatMap { $0.isError ? nil : $0 }
        var firstBody: Node?
        var coveredCases: [Int: SourceRange] = [:]
        var hasElse = false
        var intervals: [CheckedRange] = []
        for (armIndex, arm) in arms.enumerated() {
            var patterns: [CheckedArm.Pattern] = []
            for pattern in arm.patterns {
                switch pattern {
                case .otherwise(let elseRange):
                    if armIndex != arms.count - 1 || arm.patterns.count != 1 {
                        report(Messages.elseNotLast(source, elseRange))
                    }
                    hasElse = true
                case .value(let expression):
                    let value = check(expression, expecting: subjectType)
                    guard let constantValue = value.constantValue else {
                        if !value.type.isError { report(Messages.patternNotConstant(source, expression.range)) }
                        continue
                    }
                    if !value.type.agrees(with: subjectType) {
                        report(Messages.typeMismatch(source, expression.range, expected: subjectType, found: value.type))
                    }
                    if case .enumeration = subjectType, let ordinal = constantValue.decimal.integerValue {
                        if let first = coveredCases[ordinal] {
                            report(Messages.duplicatePattern(source, expression.range, first: first))
                        }
                        coveredCases[ordinal] = expression.range
                    }
                    if case .boolean(let flag) = constantValue {
                        coveredCases[flag ? 1 : 0] = expression.range
                    }
                    patterns.append(.equals(constantValue))
                case .range(let rangeSyntax):
                    let checkedRange = checkRange(rangeSyntax, of: checkedSubject)
                    intervals.append(checkedRange)
                    patterns.append(.range(checkedRange))
                }
            }
            let body = check(arm.body, expecting: resultType)
            if let first = firstBody {
                _ = unify(first, body, what: localized("the cases of this match", "此匹配的各分支"))
            } else {
                firstBody = body
            }
            if resultType == nil, !body.type.isError { resultType = body.type }
            checkedArms.append(CheckedArm(patterns: patterns, body: body, range: arm.range))
        }
        if !hasElse {
            switch subjectType {
            case .enumeration(let type):
                let missing = type.cases.indices.filter { coveredCases[$0] == nil }.map { type.cases[$0] }
                if !missing.isEmpty { report(Messages.nonExhaustiveEnum(source, range, type: type, missing: missing)) }
            case .bool:
                if coveredCases.count < 2 {
                    report(
                        Messages.nonExhaustive(
                            source, range, hint: localized("match true and false, or add an else", "请匹配“是”和“否”，或添加“否则”")))
                }
            case .quantity, .date:
                if !Self.intervalsCoverEverything(intervals) {
                    report(
                        Messages.nonExhaustive(
                            source, range,
                            hint: localized("add `else => …` for the values no case matches", "请为没有分支匹配的值添加“否则 => …”")))
                }
            case .text:
                report(
                    Messages.nonExhaustive(
                        source, range, hint: localized("a match on text needs `else => …`", "对文本的匹配须有“否则 => …”")))
            case .identity:
                report(
                    Messages.nonExhaustive(
                        source, range,
                        hint: localized("a match on identity numbers needs `else => …`", "对身份号码的匹配须有“否则 => …”")))
            case .error:
                break
            }
        }
        return node(.match(checkedSubject, checkedArms), resultType ?? .error, range)
    }

    private func checkRange(_ syntax: RangeSyntax, of subject: Node) -> CheckedRange {
        func limit(_ limit: RangeSyntax.Limit?) -> CheckedRange.Limit? {
            guard let limit else { return nil }
            let value = check(limit.value, expecting: subject.type)
            _ = requireOrdered(subject, value, doing: localized("a range", "范围"))
            return .init(value: value, inclusive: limit.inclusive)
        }
        return CheckedRange(lower: limit(syntax.lower), upper: limit(syntax.upper), range: syntax.range)
    }

    /// Whether constant ranges leave no value of the line uncovered.
    static func intervalsCoverEverything(_ ranges: [CheckedRange]) -> Bool {
        typealias Edge = (value: ExactDecimal, inclusive: Bool)
        var pieces: [(lower: Edge?, upper: Edge?)] = []
        for range in ranges {
            func edge(_ limit: CheckedRange.Limit?) -> Edge?? {
                guard let limit else { return .some(nil) }
                guard case .number(let value)? = limit.value.constantValue else { return nil }
                return .some((value, limit.inclusive))
            }
            guard let lower = edge(range.lower), let upper = edge(range.upper) else { return false }
            pieces.append((lower, upper))
        }
        // Sweep from minus infinity: `reached` is how far coverage extends, and whether it includes that point.
        pieces.sort { a, b in
            guard let x = a.lower else { return b.lower != nil }
            guard let y = b.lower else { return false }
            return x.value < y.value || (x.value == y.value && x.inclusive && !y.inclusive)
        }
        var reached: Edge? = nil
        var started = false
        for piece in pieces {
            if !started {
                guard piece.lower == nil else { return false }
                started = true
                reached = piece.upper
                if reached == nil { return true }
                continue
            }
            guard let current = reached else { return true }
            if let lower = piece.lower {
                let joins =
                    lower.value < current.value
                    || (lower.value == current.value && (lower.inclusive || current.inclusive))
                guard joins else { return false }
            }
            guard let upper = piece.upper else { return true }
            if upper.value > current.value || (upper.value == current.value && upper.inclusive) {
                reached = upper
            }
        }
        return started && reached == nil
    }

    private func checkTiers(_ kind: TierKind, _ quantity: Expression, _ brackets: [Bracket], _ range: SourceRange) -> Node {
        let checkedQuantity = check(quantity)
        guard case .quantity(let quantityUnit) = checkedQuantity.type else {
            if !checkedQuantity.type.isError {
                report(Messages.notANumber(source, quantity.range, found: checkedQuantity.type, doing: localized("tier", "分档计算")))
            }
            return errorNode(range)
        }
        var checkedBrackets: [CheckedBracket] = []
        var rateType: ValueType?
        for bracket in brackets {
            let checkedRange = checkRange(bracket.range, of: checkedQuantity)
            let rate = check(bracket.rate)
            if let expected = rateType, !rate.type.agrees(with: expected) {
                report(Messages.bracketRates(source, bracket.rate.range, expected: expected, found: rate.type))
            } else if rateType == nil, !rate.type.isError {
                rateType = rate.type
            }
            checkedBrackets.append(CheckedBracket(range: checkedRange, rate: rate, span: bracket.span))
        }
        guard case .quantity(let rateUnit)? = rateType else {
            if let rateType, !rateType.isError {
                report(Messages.notANumber(source, range, found: rateType, doing: localized("tier", "分档计算")))
            }
            return errorNode(range)
        }
        return node(.tiers(kind, quantity: checkedQuantity, checkedBrackets), .quantity(rateUnit * quantityUnit), range)
    }

    // MARK: Helpers

    private func node(_ kind: Node.Kind, _ type: ValueType, _ range: SourceRange) -> Node {
        Node(kind: kind, type: type, range: range, file: source)
    }

    private func constant(_ value: RuntimeValue, _ type: ValueType, _ range: SourceRange) -> Node {
        node(.constant(value), type, range)
    }

    private func errorNode(_ range: SourceRange) -> Node {
        node(.constant(.number(.zero)), .error, range)
    }

    private func intern(_ text: String) -> Int {
        if let index = textIndexes[text] { return index }
        texts.append(text)
        textIndexes[text] = texts.count - 1
        return texts.count - 1
    }

    private func internReason(_ text: String) -> Int {
        reasons.append(Refusal(reason: text, citation: currentCitation))
        return reasons.count - 1
    }

    private func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}

extension ArithmeticOperator {
    /// How a message names the operation: "cannot add yuan and days", 元与天不能相加.
    var verb: String {
        switch self {
        case .add: localized("add", "相加")
        case .subtract: localized("subtract", "相减")
        case .multiply: localized("multiply", "相乘")
        case .divide: localized("divide", "相除")
        }
    }

    func apply(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        switch self {
        case .add: try ExactDecimal.adding(a, b)
        case .subtract: try ExactDecimal.subtracting(a, b)
        case .multiply: try ExactDecimal.multiplying(a, b)
        case .divide: try ExactDecimal.dividing(a, by: b)
        }
    }
}
