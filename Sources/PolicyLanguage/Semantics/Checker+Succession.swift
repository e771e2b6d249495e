// Succession: a policy that is the next version of an earlier one of the same jurisdiction
// inherits all of it and states only what changes. This pass checks the link between versions,
// the cases an `amend enum` adds, an amended table's rows, and what `repeal` drops.

extension CheckContext {
    // MARK: Versions

    /// Each version succeeds one of the same jurisdiction that took force before it.
    func checkSuccession() {
        guard versionsFrom < leaf else { return }
        for index in (versionsFrom + 1)...leaf {
            guard let header = files[index].header, let link = header.succeeds,
                let info = infos[index], let earlier = infos[index - 1]
            else { continue }
            let source = files[index].source
            if header.extends?.name == link.name {
                report(Messages.succeedsParent(source, header.extends!.range, link.name))
            }
            if earlier.jurisdiction != info.jurisdiction {
                report(
                    Messages.predecessorJurisdiction(
                        source, link.range, link.name, its: earlier.jurisdictionPath, own: info.jurisdictionPath))
            } else if earlier.period.start >= info.period.start {
                report(
                    Messages.predecessorPeriod(
                        source, link.range, link.name, itsStart: earlier.period.start, ownStart: info.period.start))
            }
        }
    }

    // MARK: Enums

    /// `amend enum NAME { … }`: the inherited enum with the cases added after its own.
    func amendEnum(_ declaration: EnumDeclaration, in index: Int) {
        let source = files[index].source
        let name = declaration.name.name
        guard let existing = enums[name], existing.file < index else {
            report(
                Messages.nothingToAmend(
                    source, declaration.name.range, what: Phrase("enum", "枚举"), name,
                    suggestion: closest(to: name, among: Array(enums.keys))))
            return
        }
        var cases = existing.type.cases
        var added: [String: SourceRange] = [:]
        for enumCase in declaration.cases {
            if cases.contains(enumCase.name) {
                report(
                    Messages.duplicateCase(source, enumCase.range, enumCase.name, first: added[enumCase.name] ?? existing.range))
                continue
            }
            cases.append(enumCase.name)
            added[enumCase.name] = enumCase.range
        }
        let type = EnumType(name: name, cases: cases)
        enums[name] = (type, existing.file, existing.range)
        if let position = enumOrder.firstIndex(where: { $0.name == name }) { enumOrder[position] = type }
    }

    // MARK: Tables

    /// An amended table: the inherited rows, each replaced by the amendment's row of the same
    /// key, then the amendment's new rows, less the rows it removes.
    func amend(_ inherited: Table, with amendment: Table, _ declaration: TableDeclaration, in fileIndex: Int) -> Table {
        let source = files[fileIndex].source
        var rows = inherited.rows
        var spans = inherited.rowSpans
        var targets = inherited.targets
        let key = { (row: [RuntimeValue]) in inherited.keyColumns.map { row[$0] } }
        for (index, (row, span)) in zip(amendment.rows, amendment.rowSpans).enumerated() {
            let kinds = (0..<row.count).map { amendment.target(row: index, column: $0) }
            if let position = rows.firstIndex(where: { key($0) == key(row) }) {
                rows[position] = row
                spans[position] = span
                if inherited.isQuota { targets[position] = kinds }
            } else {
                rows.append(row)
                spans.append(span)
                if inherited.isQuota { targets.append(kinds) }
            }
        }
        for removal in declaration.removals {
            guard removal.cells.count == inherited.keyColumns.count else {
                report(Messages.raggedRow(source, removal.range, cells: removal.cells.count, columns: inherited.keyColumns.count))
                continue
            }
            var values: [RuntimeValue] = []
            for (cell, column) in zip(removal.cells, inherited.keyColumns) {
                let node = checkCell(cell, expecting: inherited.columns[column].type)
                guard let value = node.constantValue, node.type.agrees(with: inherited.columns[column].type) else {
                    if !node.type.isError {
                        report(
                            Messages.cellType(
                                source, cell.range, column: inherited.columns[column].name,
                                expected: inherited.columns[column].type, found: node.type))
                    }
                    values = []
                    break
                }
                values.append(value)
            }
            guard !values.isEmpty else { continue }
            guard let position = rows.firstIndex(where: { key($0) == values }) else {
                report(
                    Messages.unknownRow(
                        source, removal.range, table: inherited.name,
                        key: removal.cells.map { source.oneLineText(of: $0.range) }.joined(separator: " | ")))
                continue
            }
            rows.remove(at: position)
            spans.remove(at: position)
            if inherited.isQuota { targets.remove(at: position) }
        }
        var amended = Table(
            name: amendment.name, citation: amendment.citation ?? inherited.citation, columns: inherited.columns,
            keyColumns: inherited.keyColumns, rows: rows, rowSpans: spans, span: amendment.span,
            nameRange: amendment.nameRange, isQuota: inherited.isQuota, totals: inherited.totals,
            milestones: inherited.milestones, milestoneColumns: inherited.milestoneColumns, targets: targets)
        amended.totalSources = inherited.totalSources
        // An inherited total still holds the amended rows to it.
        for column in amended.valueColumns where inherited.totals.indices.contains(column) {
            guard case .number(let stated)? = inherited.totals[column] else { continue }
            let sum = amended.sum(of: column)
            if sum.low != stated {
                let formatter = ValueFormatter(program: nil)
                let type = inherited.columns[column].type
                report(
                    Messages.amendedTotal(
                        source, declaration.name.range, column: inherited.columns[column].name,
                        sum: sum.phrase(formatter, as: type), stated: formatter.phrase(stated, as: type),
                        parent: infos[fileIndex - 1].map { Phrase(verbatim: $0.name) } ?? Phrase("the parent policy", "上级政策")))
            }
        }
        return amended
    }

    // MARK: Repeals

    /// What each `repeal` drops must be inherited: a program or obligation, a limit, or a
    /// predecessor's worked example.
    func checkRepeals() {
        for (index, file) in files.enumerated() {
            for case .repeal(let repeal) in file.declarations {
                let declaration = repeal
                let name = declaration.name.name
                let source = file.source
                let citation = citation(declaration.citation, in: index)
                if declaration.kind != .test, citation == nil {
                    report(Messages.repealWithoutCitation(source, declaration.name.range, name))
                }
                let candidates: [String]
                switch declaration.kind {
                case .program, .obligation:
                    let wanted: RuleKind = declaration.kind == .program ? .program : .obligation
                    let visible = index > 0 ? scopes[index - 1] : [:]
                    if case .rule(_, let kind)? = visible[name]?.kind, kind == wanted { break }
                    candidates = visible.compactMap { name, declared in
                        if case .rule(_, let kind) = declared.kind, kind == wanted { return name }
                        return nil
                    }
                    report(
                        Messages.nothingToRepeal(
                            source, declaration.name.range, what: declaration.kind.phrase, name,
                            suggestion: closest(to: name, among: candidates)))
                    continue
                case .limit, .deadline:
                    let earlier = files[..<index].flatMap { file in
                        file.declarations.compactMap { declaration -> String? in
                            switch declaration {
                            case .limit(let limit) where repeal.kind == .limit: limit.name.name
                            case .deadline(let deadline) where repeal.kind == .deadline: deadline.name.name
                            default: nil
                            }
                        }
                    }
                    if earlier.contains(name) { break }
                    report(
                        Messages.nothingToRepeal(
                            source, declaration.name.range, what: declaration.kind.phrase, name,
                            suggestion: closest(to: name, among: earlier)))
                    continue
                case .test:
                    let earlier = inheritedTestNames(before: index)
                    if earlier.contains(name) { break }
                    report(
                        Messages.nothingToRepeal(
                            source, declaration.name.range, what: declaration.kind.phrase, name,
                            suggestion: closest(to: name, among: earlier)))
                    continue
                }
                repeals[declaration.kind, default: [:]][name] = (index, citation)
            }
        }
    }

    /// The names of the worked examples the versions before file `index` write.
    private func inheritedTestNames(before index: Int) -> [String] {
        guard isSuccession(index) else { return [] }
        return files[versionsFrom..<index].flatMap { file in
            file.declarations.compactMap { declaration -> String? in
                if case .test(let test) = declaration { return test.name.text }
                return nil
            }
        }
    }

    /// Whether a later file than `index` repeals the limit or test `name`.
    func isRepealed(_ kind: RepealDeclaration.Kind, _ name: String, declaredIn index: Int) -> Bool {
        guard let repeal = repeals[kind]?[name] else { return false }
        return repeal.file > index
    }
}
