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
                        sum: formatter.phrase(sum, as: type), stated: formatter.phrase(stated, as: type)))
            }
        }
        return totals
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
