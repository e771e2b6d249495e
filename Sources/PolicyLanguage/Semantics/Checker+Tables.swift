// Tables and milestones: columns, keys and cells, a quota's totals, and a child's table against
// its parent's.

extension CheckContext {
    // MARK: Tables

    func checkTables() {
        for (slot, (declaration, fileIndex)) in tableDeclarations.enumerated() {
            currentFile = fileIndex
            currentRule = nil
            guard declaration.amendment != nil else {
                tables[slot] = checkTable(declaration, in: fileIndex)
                continue
            }
            // An amendment's cells have the inherited table's column types.
            guard fileIndex > 0, case .table(let inheritedSlot)? = scopes[fileIndex - 1][declaration.name.name]?.kind,
                let inherited = tables[inheritedSlot]
            else {
                tables[slot] = checkTable(declaration, in: fileIndex)
                continue
            }
            let amendment = checkTable(
                declaration, in: fileIndex,
                inheritedTypes: Dictionary(inherited.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a }))
            if amendment.columns.map(\.name) != inherited.columns.map(\.name) || amendment.keyColumns != inherited.keyColumns {
                report(
                    Messages.overrideTableShape(
                        files[fileIndex].source, declaration.name.range, declaration.name.name,
                        parent: infos[fileIndex - 1].map { Phrase(verbatim: $0.name) } ?? Phrase("the parent policy", "上级政策")))
                tables[slot] = amendment
                continue
            }
            tables[slot] = amend(inherited, with: amendment, declaration, in: fileIndex)
        }
        checkTotalReferences()
        // A child's table replaces the parent's: it must have the same columns and keys.
        for (index, scope) in scopes.enumerated() where index > 0 {
            for (declaration, fileIndex) in tableDeclarations where fileIndex == index && declaration.amendment == nil {
                guard case .table(let slot)? = scope[declaration.name.name].map(\.kind),
                    case .table(let parentSlot)? = scopes[index - 1][declaration.name.name]?.kind,
                    let table = tables[slot], let parentTable = tables[parentSlot]
                else { continue }
                let shape = { (t: Table) in t.columns.map { "\($0.name): \($0.type)" } + t.keyColumns.map(String.init) }
                if shape(table) != shape(parentTable) {
                    report(
                        Messages.overrideTableShape(
                            files[index].source, declaration.name.range, declaration.name.name,
                            parent: infos[index - 1].map { Phrase(verbatim: $0.name) } ?? Phrase("the parent policy", "上级政策")))
                }
            }
        }
    }

    private func checkTable(
        _ declaration: TableDeclaration, in fileIndex: Int, inheritedTypes: [String: ValueType] = [:]
    ) -> Table {
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
            enums[column.name].map { .enumeration($0.type) } ?? inheritedTypes[column.name]
        }
        var rows: [[RuntimeValue]] = []
        var targets: [[TargetKind]] = []
        var rowSpans: [SourceSpan] = []
        var seenKeys: [[RuntimeValue]: SourceRange] = [:]
        // Columns with a target marker reported where it cannot be: not reported again as empty.
        var markedWrongly: Set<Int> = []
        for row in declaration.rows {
            if row.cells.count != declaration.columns.count {
                report(Messages.raggedRow(source, row.range, cells: row.cells.count, columns: declaration.columns.count))
                continue
            }
            var values: [RuntimeValue] = []
            var kinds: [TargetKind] = []
            var rowIsValid = true
            for (column, cell) in row.cells.enumerated() {
                let marker = row.markers.indices.contains(column) ? row.markers[column] : nil
                if let marker {
                    var place: Messages.TargetPlace?
                    if !declaration.isQuota {
                        place = .table
                    } else if keyColumns.contains(column) {
                        place = .key
                    } else if case .none = cell.kind {
                        place = .emptyCell
                    }
                    if let place {
                        report(Messages.misplacedTarget(source, marker.range, marker.kind, in: place))
                        markedWrongly.insert(column)
                    }
                }
                // `none`: the document leaves the cell empty. Keys are never empty.
                if case .none = cell.kind {
                    if keyColumns.contains(column) {
                        report(Messages.emptyKey(source, cell.range))
                        rowIsValid = false
                    }
                    values.append(.absent)
                    kinds.append(.reach)
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
                let isTarget = declaration.isQuota && !keyColumns.contains(column)
                guard isTarget, let marker,
                    let kind = targetKind(
                        marker, figure: value, of: declaration.columns[column].name, type: node.type, source: source)
                else {
                    kinds.append(.reach)
                    continue
                }
                kinds.append(kind)
            }
            guard rowIsValid else { continue }
            let key = keyColumns.map { values[$0] }
            if let first = seenKeys[key] {
                report(Messages.duplicateRowKey(source, row.range, first: first))
            }
            seenKeys[key] = row.range
            rows.append(values)
            if declaration.isQuota { targets.append(kinds) }
            rowSpans.append(SourceSpan(file: source, range: row.range))
        }
        // A column whose every cell is `none` has no type: a rule reading it would check and
        // decide nothing. (A cell that was not a figure, or a target marked where none can be,
        // has been reported already.)
        if !declaration.rows.isEmpty {
            for (index, column) in declaration.columns.enumerated()
            where columnTypes[index] == nil && !keyColumns.contains(index) && !markedWrongly.contains(index) {
                let cells = declaration.rows.compactMap { $0.cells.indices.contains(index) ? $0.cells[index] : nil }
                if cells.allSatisfy({ if case .none = $0.kind { true } else { false } }) {
                    report(Messages.emptyColumn(source, column.range, column.name, table: declaration.name.name))
                }
            }
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
            milestoneColumns: milestoneColumns, targets: targets)
        let totals = declaration.isQuota ? checkTotals(declaration, of: table, in: fileIndex) : []
        return table.with(totals: totals)
    }

    /// What a marked figure asks; nil (reported) for a range whose ends are not in order.
    private func targetKind(
        _ marker: TargetMarker, figure: RuntimeValue, of column: String, type: ValueType, source: SourceFile
    ) -> TargetKind? {
        switch marker.kind {
        case .atLeast: return .atLeast
        case .about: return .about
        case .atMost: return .atMost
        case .between(let upperCell):
            guard let high = self.figure(upperCell, of: column, type: type, source: source) else { return nil }
            guard case .number(let low) = figure, low < high else {
                let formatter = ValueFormatter(program: nil)
                report(
                    Messages.targetRange(
                        source, marker.range, low: formatter.phrase(figure.decimal, as: type),
                        high: formatter.phrase(high, as: type)))
                return nil
            }
            return .between(upper: high)
        }
    }

    /// A figure written in a quota's total or as a range's upper end: a number of the column's
    /// type, written out; nil (reported) otherwise.
    private func figure(_ cell: Expression, of column: String, type: ValueType, source: SourceFile) -> ExactDecimal? {
        let node = check(cell, expecting: type)
        if case .number(let value)? = node.constantValue, node.type.agrees(with: type) { return value }
        if node.type.isError { return nil }
        report(
            node.constantValue == nil
                ? Messages.cellNotConstant(source, cell.range)
                : Messages.cellType(source, cell.range, column: column, expected: type, found: node.type))
        return nil
    }

    /// A quota's targets are numbers, and its `total` row must be what its rows add up to: each
    /// end of the rows' ranges adds up to the same end of the total's. A total may instead be
    /// another quota's figure, `全年任务["…"].人数` (the body of a document against its annex),
    /// which is looked up once every table is read.
    private func checkTotals(_ declaration: TableDeclaration, of table: Table, in fileIndex: Int) -> [RuntimeValue?] {
        let source = files[fileIndex].source
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
        for (index, (cell, column)) in zip(total.cells, valueColumns).enumerated() {
            if case .none = cell.kind { continue }
            let type = table.columns[column].type
            let sum = table.sum(of: column)
            if case .member(let base, _) = cell.kind, case .subscripted = base.kind {
                pendingTotalReferences.append(
                    .init(table: table.name, file: fileIndex, column: column, cell: cell, sum: sum))
                continue
            }
            let name = table.columns[column].name
            guard let stated = figure(cell, of: name, type: type, source: source) else { continue }
            let marker = total.markers.indices.contains(index) ? total.markers[index] : nil
            guard
                let kind = marker.map({ targetKind($0, figure: .number(stated), of: name, type: type, source: source) })
                    ?? .reach
            else { continue }
            totals[column] = .number(stated)
            if sum.low != stated || sum.high != kind.upper(of: stated) {
                let formatter = ValueFormatter(program: nil)
                report(
                    Messages.totalMismatch(
                        source, cell.range, column: table.columns[column].name,
                        sum: sum.phrase(formatter, as: type),
                        stated: Table.Sum(low: stated, high: kind.upper(of: stated)).phrase(formatter, as: type)))
            }
        }
        return totals
    }

    /// A total that is another quota's figure: `全年任务["各市补贴性职业技能培训"].人数`.
    struct TotalReference {
        let table: String
        let file: Int
        let column: Int
        let cell: Expression
        let sum: Table.Sum
    }

    /// Each total that refers to another quota's figure, once every table is read: the figure
    /// must be a quota's, and the rows must add up to it.
    func checkTotalReferences() {
        for reference in pendingTotalReferences {
            currentFile = reference.file
            currentRule = nil
            let source = files[reference.file].source
            guard case .table(let slot)? = scopes[reference.file][reference.table]?.kind, let table = tables[slot] else {
                continue
            }
            let type = table.columns[reference.column].type
            let node = check(reference.cell, expecting: type)
            guard case .lookup(let referencedSlot, let keys, let referencedColumn) = node.kind,
                let referenced = tables[referencedSlot]
            else { continue }  // reported by the lookup
            let name = source.oneLineText(of: reference.cell.range)
            guard referenced.isQuota else {
                report(Messages.totalReference(source, reference.cell.range, name, problem: .notAQuota(referenced.name)))
                continue
            }
            if !node.type.agrees(with: type) {
                report(
                    Messages.cellType(
                        source, reference.cell.range, column: table.columns[reference.column].name, expected: type,
                        found: node.type))
                continue
            }
            let key = keys.map(\.constantValue)
            guard let row = referenced.rows.firstIndex(where: { row in referenced.keyColumns.map { row[$0] } == key }) else {
                let written = key.compactMap { $0 }.count == key.count ? keyText(key.map { $0! }, of: referenced) : name
                let rows = referenced.rows.map { keyText($0, of: referenced) }
                report(
                    Messages.totalReference(
                        source, reference.cell.range, name,
                        problem: .noRow(referenced.name, key: written, suggestion: closest(to: written, among: rows))))
                continue
            }
            guard case .number(let figure) = referenced.rows[row][referencedColumn] else {
                report(Messages.totalReference(source, reference.cell.range, name, problem: .noFigure))
                continue
            }
            let stated = Table.Sum(
                low: figure, high: referenced.target(row: row, column: referencedColumn).upper(of: figure))
            var totals = table.totals
            totals[reference.column] = .number(figure)
            var resolved = table.with(totals: totals)
            resolved.totalSources[reference.column] = name
            tables[slot] = resolved
            if reference.sum != stated {
                let formatter = ValueFormatter(program: nil)
                report(
                    Messages.totalReferenceMismatch(
                        source, reference.cell.range, column: table.columns[reference.column].name,
                        sum: reference.sum.phrase(formatter, as: type), reference: name,
                        figure: stated.phrase(formatter, as: type), citation: referenced.citation,
                        related: referenced.rowSpans[row]))
            }
        }
        pendingTotalReferences = []
    }

    /// Milestones: days in order, each a share of the target no smaller than the one before.
    func checkMilestones() {
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
    func checkCell(_ cell: Expression, expecting type: ValueType?) -> Node {
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
}
