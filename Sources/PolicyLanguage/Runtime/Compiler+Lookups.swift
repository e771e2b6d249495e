// Table lookups: an enum key to an array, one key to a dictionary, several to a dictionary of
// arrays; a missing row or an empty cell is a gap, worded only when shown.

import Foundation

extension Compiler {
    func lookup(_ tableIndex: Int, _ keyNodes: [Node], _ column: Int, _ node: Node) -> Evaluate {
        let plain = plainLookup(tableIndex, keyNodes, column, node)
        guard traced else { return plain }
        let table = program.tables[tableIndex]
        let label = "\(table.name)[\(keyNodes.map(text(of:)).joined(separator: ", "))].\(table.columns[column].name)"
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try plain(frame) }
            let depth = recorder.depth
            recorder.begin(.row, Phrase(verbatim: label), citation: table.citation, span: table.span)
            do throws(Stop) {
                return try plain(frame)  // `record` closes the node with the row it found
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    private func plainLookup(_ tableIndex: Int, _ keyNodes: [Node], _ column: Int, _ node: Node) -> Evaluate {
        let table = program.tables[tableIndex]
        let keys = keyNodes.map(value)
        // An empty cell (`none`) is a gap like a missing row, never a zero.
        let cells: [ExactDecimal?] = table.rows.map { $0[column].isAbsent ? nil : $0[column].decimal }
        let traced = traced
        let program = program
        // The column's own type: a condition reads a yes-or-no cell retyped as a number, and the
        // derivation still says 是 or 否.
        let resultType = table.columns[column].type
        let rowPoints: [Int] =
            traced
            ? table.rowSpans.map { row -> Int in
                let key = row.file.text(of: row.range).split(separator: "|").first.map { String($0).collapsingWhitespace } ?? ""
                return points.add(.row, "\(key) of table \(table.name)", "表 \(table.name) 的“\(key)”行", row)
            } : []
        let keyTypes = table.keyColumns.map { table.columns[$0].type }
        let columnName = table.columns[column].name
        let record: ((Frame, Int, [ExactDecimal]) -> Void)? =
            traced
            ? { frame, row, key in
                guard let recorder = frame.recorder else { return }
                recorder.cover(rowPoints[row])
                let formatter = ValueFormatter(program: program, frame: frame)
                let keyText = zip(key, keyTypes).map { formatter.phrase($0, as: $1) }.joined(", ", ", ")
                let span = table.rowSpans[row]
                let line = span.location.line
                // A row an amendment keeps is written in an earlier version's file: say which.
                let file = span.file === table.span.file ? "" : (span.file.path as NSString).lastPathComponent + " "
                let value = cells[row].map { formatter.phrase($0, as: resultType) } ?? Phrase("none", "无")
                recorder.end(
                    value,
                    detail: Phrase("row \(keyText.english), \(file)line \(line)", "“\(keyText.chinese)”行，\(file)第 \(line) 行"),
                    cell: TableCell(table: table.name, key: keyText, column: columnName))
            } : nil
        let (noRow, noCell) = gapSites(tableIndex, column)
        let gap = { (key: [ExactDecimal]) -> Stop in .gap(Gap(site: noRow, key: key)) }
        let empty = { (key: [ExactDecimal]) -> Stop in .gap(Gap(site: noCell, key: key)) }
        // One enum key: an array from the case's ordinal to the row.
        if keys.count == 1, case .enumeration(let enumType) = keyTypes[0] {
            var rowOfCase = [Int](repeating: -1, count: enumType.cases.count)
            for (row, values) in table.rows.enumerated() {
                if let ordinal = values[table.keyColumns[0]].decimal.integerValue { rowOfCase[ordinal] = row }
            }
            if let slot = directInput(keyNodes[0]), record == nil {
                return { frame throws(Stop) in
                    let ordinal = try frame.input(slot).smallInteger
                    let row = rowOfCase.indices.contains(ordinal) ? rowOfCase[ordinal] : -1
                    guard row >= 0 else { throw gap([ExactDecimal(ordinal)]) }
                    guard let cell = cells[row] else { throw empty([ExactDecimal(ordinal)]) }
                    return cell
                }
            }
            let key = keys[0]
            return { frame throws(Stop) in
                let k = try key(frame)
                let ordinal = k.smallInteger
                let row = rowOfCase.indices.contains(ordinal) ? rowOfCase[ordinal] : -1
                guard row >= 0 else { throw gap([k]) }
                record?(frame, row, [k])
                guard let cell = cells[row] else { throw empty([k]) }
                return cell
            }
        }
        if keys.count == 1 {
            var rowOfKey: [ExactDecimal: Int] = [:]
            for (row, values) in table.rows.enumerated() { rowOfKey[values[table.keyColumns[0]].decimal] = row }
            let key = keys[0]
            return { frame throws(Stop) in
                let k = try key(frame)
                guard let row = rowOfKey[k] else { throw gap([k]) }
                record?(frame, row, [k])
                guard let cell = cells[row] else { throw empty([k]) }
                return cell
            }
        }
        var rowOfKeys: [[ExactDecimal]: Int] = [:]
        for (row, values) in table.rows.enumerated() { rowOfKeys[table.keyColumns.map { values[$0].decimal }] = row }
        return { frame throws(Stop) in
            var k: [ExactDecimal] = []
            k.reserveCapacity(keys.count)
            for key in keys { k.append(try key(frame)) }
            guard let row = rowOfKeys[k] else { throw gap(k) }
            record?(frame, row, k)
            guard let cell = cells[row] else { throw empty(k) }
            return cell
        }
    }
}

extension Compiler {
    /// The gaps of a lookup in a table's column: no row for the key, or a row with an empty cell.
    func gapSites(_ tableIndex: Int, _ column: Int) -> (noRow: GapSite, noCell: GapSite) {
        let table = program.tables[tableIndex]
        let program = program
        let keyTypes = table.keyColumns.map { table.columns[$0].type }
        let keyNames = table.keyColumns.map { table.columns[$0].name }
        let columnName = table.columns[column].name
        let describeKey: (Frame, [ExactDecimal]) -> Phrase = { frame, key in
            let formatter = ValueFormatter(program: program, frame: frame)
            return zip(zip(keyNames, key), keyTypes).map { pair, type in
                formatter.phrase(pair.1, as: type).map { "\(pair.0) = \($0)" }
            }
            .joined(", ", ", ")
        }
        let noRow = GapSite { frame, key in
            Refusal(
                reason: Phrase(
                    "the table \(table.name) has no row for \(describeKey(frame, key).english)",
                    "表 \(table.name) 没有 \(describeKey(frame, key).chinese) 的行"),
                citation: table.citation)
        }
        let noCell = GapSite { frame, key in
            Refusal(
                reason: Phrase(
                    "the table \(table.name) gives no \(columnName) for \(describeKey(frame, key).english)",
                    "表 \(table.name) 未给出 \(describeKey(frame, key).chinese) 的 \(columnName)"),
                citation: table.citation)
        }
        return (noRow, noCell)
    }
}
