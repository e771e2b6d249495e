// Progress against the documents' quota tables. A progress file (CSV) gives completed counts per
// quota, unit and target column; the report gives, for every unit of each quota mentioned, its
// target, what is done, the share done, and whether it is behind the milestone in force on the
// report's day. Lines that cannot be read are reported by line number; the rest still count.

import PolicyLanguage

package struct QuotaReport: Sendable {
    package enum Status: Sendable, Equatable {
        /// The figure is reached (or, for a range, its lower end, and its upper end not passed).
        case reached
        /// Short of the figure, but the milestone in force is met.
        case onTrack
        /// Short of the milestone in force: `required` were due by `due`.
        case behind(required: ExactDecimal, due: CalendarDate)
        /// No milestone applies yet, or the column has none.
        case noMilestone
        /// The document sets no target for this unit (`none`).
        case noTarget
        /// A ceiling (`at most`) not passed.
        case withinCeiling
        /// Past a ceiling, or past a range's upper end, by this much.
        case over(by: ExactDecimal)
    }

    package struct Line: Sendable {
        package let unit: String
        package let column: String
        /// The target column's type: a count, or a share in percent.
        package let type: ValueType
        package let target: ExactDecimal?
        /// What the target asks: to be reached, at least, about, at most, or a range.
        package let kind: TargetKind
        /// nil when the progress file gives nothing for the unit.
        package let done: ExactDecimal?
        /// done ÷ target as a percentage, to one decimal place; nil for a share.
        package let percent: ExactDecimal?
        package let status: Status
    }

    package struct Section: Sendable {
        package let policy: PolicyInfo
        package let table: Table
        package let milestones: Milestones?
        /// The milestone step in force on the report's day.
        package let step: Milestones.Step?
        package let lines: [Line]
    }

    package let asOf: CalendarDate
    package let sections: [Section]
    /// Lines of the progress file that could not be used.
    package let problems: [CSVError]

    /// The header names a progress file may use, English or Chinese.
    static let headers: [(field: String, names: [String])] = [
        ("quota", ["quota", "任务表"]), ("unit", ["unit", "单位"]), ("column", ["column", "指标"]), ("done", ["done", "完成数"]),
    ]

    package init(library: PolicyLibrary, progress bytes: [UInt8], asOf: CalendarDate) {
        self.asOf = asOf
        var problems: [CSVError] = []
        var reader = CSVReader(bytes: bytes)

        // The quotas each policy declares in its own file, by name.
        var quotas: [String: [(entry: PolicyLibrary.Entry, table: Int)]] = [:]
        for entry in library.entries {
            for (index, table) in entry.program.tables.enumerated()
            where table.isQuota && table.span.file === entry.info.source {
                quotas[table.name, default: []].append((entry, index))
                quotas[entry.info.name + "." + table.name, default: []].append((entry, index))
            }
        }

        // The header row.
        var columnOf: [String: Int] = [:]
        switch reader.next() {
        case .success(let header)?:
            for (index, name) in header.fields.enumerated() {
                let trimmed = name.trimmed
                guard let field = Self.headers.first(where: { $0.names.contains(trimmed) })?.field else {
                    problems.append(
                        CSVError(
                            line: header.line,
                            message: Phrase(
                                "unknown column \"\(trimmed)\"; a progress file has quota, unit, column, done (任务表, 单位, 指标, 完成数)",
                                "未知的列“\(trimmed)”；进度文件的列为 quota、unit、column、done（或 任务表、单位、指标、完成数）"))
                    )
                    continue
                }
                columnOf[field] = index
            }
            for required in ["quota", "unit", "done"] where columnOf[required] == nil {
                problems.append(
                    CSVError(
                        line: header.line,
                        message: Phrase("the header has no \"\(required)\" column", "表头缺少“\(required)”列")))
            }
        case .failure(let error)?:
            problems.append(error)
        case nil:
            problems.append(
                CSVError(
                    line: 1,
                    message: Phrase(
                        "the progress file is empty; it starts with a header: quota,unit,column,done",
                        "进度文件为空；文件应以表头开始：quota,unit,column,done")))
        }

        // Completed counts by (quota key, row, column).
        struct Key: Hashable { let quota: String; let policy: String; let row: Int; let column: Int }
        var done: [Key: (ExactDecimal, line: Int)] = [:]
        var mentioned: [(entry: PolicyLibrary.Entry, table: Int)] = []
        var mentionedColumns: [String: Set<Int>] = [:]
        let headerWidth = columnOf.values.max().map { $0 + 1 } ?? 0
        if problems.isEmpty {
            while let next = reader.next() {
                let record: CSVRecord
                switch next {
                case .success(let value): record = value
                case .failure(let error):
                    problems.append(error)
                    continue
                }
                guard record.fields.count >= headerWidth else {
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "the line has \(record.fields.count) fields; the header has \(headerWidth)",
                                "该行有 \(record.fields.count) 个字段，表头有 \(headerWidth) 个")))
                    continue
                }
                let quotaName = record.fields[columnOf["quota"]!].trimmed
                guard let found = quotas[quotaName] else {
                    let suggestion = closest(to: quotaName, among: Array(quotas.keys))
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "no policy declares a quota \(quotaName)" + (suggestion.map { "; did you mean \($0)?" } ?? ""),
                                "没有政策声明任务表 \(quotaName)" + (suggestion.map { "；是否应为 \($0)？" } ?? ""))))
                    continue
                }
                guard found.count == 1 else {
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "several policies declare a quota \(quotaName); write POLICY.\(quotaName)",
                                "多项政策声明了任务表 \(quotaName)；请写作 政策名.\(quotaName)")))
                    continue
                }
                let (entry, tableIndex) = found[0]
                let table = entry.program.tables[tableIndex]
                // Units are matched as the progress file writes them, the same in every language.
                let formatter = ValueFormatter(program: entry.program, language: .en)
                let unit = record.fields[columnOf["unit"]!].trimmed
                let keyColumn = table.keyColumns[0]
                guard
                    let row = table.rows.firstIndex(where: {
                        formatter.format($0[keyColumn], as: table.columns[keyColumn].type) == unit
                    })
                else {
                    let units = table.rows.map { formatter.format($0[keyColumn], as: table.columns[keyColumn].type) }
                    let suggestion = closest(to: unit, among: units)
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "the quota \(table.name) has no unit \(unit)"
                                    + (suggestion.map { "; did you mean \($0)?" } ?? ""),
                                "任务表 \(table.name) 中没有单位 \(unit)" + (suggestion.map { "；是否应为 \($0)？" } ?? ""))))
                    continue
                }
                let columnName = columnOf["column"].map { record.fields[$0].trimmed } ?? ""
                let column: Int
                if columnName.isEmpty, table.valueColumns.count == 1 {
                    column = table.valueColumns[0]
                } else if let index = table.valueColumns.first(where: { table.columns[$0].name == columnName }) {
                    column = index
                } else {
                    let names = table.valueColumns.map { table.columns[$0].name }
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "the quota \(table.name) has no target column \"\(columnName)\"; its targets are \(names.joined(separator: ", "))",
                                "任务表 \(table.name) 没有任务列“\(columnName)”；其任务列为 \(names.joined(separator: "、"))")))
                    continue
                }
                let text = record.fields[columnOf["done"]!]
                let type = table.columns[column].type
                guard case .success(let count) = FactDecoder.quantity(.text(text), unit: type.unit ?? .number), !count.isNegative
                else {
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "the count done should be a number of at least 0, not \"\(text)\"", "完成数应为不小于 0 的数，而不是“\(text)”"
                            )))
                    continue
                }
                let key = Key(quota: table.name, policy: entry.info.name, row: row, column: column)
                if let first = done[key] {
                    problems.append(
                        CSVError(
                            line: record.line,
                            message: Phrase(
                                "\(table.name), \(unit), \(table.columns[column].name) is already given on line \(first.line)",
                                "\(table.name)、\(unit)、\(table.columns[column].name) 已在第 \(first.line) 行给出")))
                    continue
                }
                done[key] = (count, record.line)
                let sectionKey = entry.info.name + "." + table.name
                if mentionedColumns[sectionKey] == nil { mentioned.append((entry, tableIndex)) }
                mentionedColumns[sectionKey, default: []].insert(column)
            }
        }

        var sections: [Section] = []
        for (entry, tableIndex) in mentioned {
            let table = entry.program.tables[tableIndex]
            let formatter = ValueFormatter(program: entry.program, language: .en)
            let milestones = table.milestones.map { entry.program.milestones[$0] }
            let step = milestones?.step(asOf: asOf)
            let columns = mentionedColumns[entry.info.name + "." + table.name]!.sorted()
            var lines: [Line] = []
            for (rowIndex, row) in table.rows.enumerated() {
                let keyColumn = table.keyColumns[0]
                let unit = formatter.format(row[keyColumn], as: table.columns[keyColumn].type)
                for column in columns {
                    let target: ExactDecimal? = row[column].isAbsent ? nil : row[column].decimal
                    let count = done[Key(quota: table.name, policy: entry.info.name, row: rowIndex, column: column)]?.0
                    lines.append(
                        Self.line(
                            unit: unit, column: table.columns[column].name, type: table.columns[column].type, target: target,
                            kind: table.target(row: rowIndex, column: column), done: count,
                            step: table.milestoneColumns.contains(column) ? step : nil))
                }
            }
            sections.append(Section(policy: entry.info, table: table, milestones: milestones, step: step, lines: lines))
        }
        self.sections = sections
        self.problems = problems
    }

    /// A unit's progress against its target. A figure, a floor or an approximate figure is
    /// reached at the figure and measured against the milestone in force until then; a ceiling is
    /// kept or passed, and milestones do not apply to it; a range is reached at its lower end and
    /// passed above its upper end. Percentages are of the figure (a range's lower end).
    private static func line(
        unit: String, column: String, type: ValueType, target: ExactDecimal?, kind: TargetKind, done: ExactDecimal?,
        step: Milestones.Step?
    ) -> Line {
        let line = { (percent: ExactDecimal?, status: Status) in
            Line(
                unit: unit, column: column, type: type, target: target, kind: kind, done: done, percent: percent, status: status)
        }
        guard let target else { return line(nil, .noTarget) }
        let count = done ?? .zero
        var percent: ExactDecimal?
        if !target.isZero, type.unit?.isPercent != true, let hundredfold = try? ExactDecimal.multiplying(count, ExactDecimal(100))
        {
            percent = try? ExactDecimal.dividing(hundredfold, by: target, roundedTo: ExactDecimal(significand: 1, exponent: -1))
        }
        // Past the upper end by count − upper, which lies between 0 and count: it cannot overflow.
        let upper = kind.upper(of: target)
        if case .atMost = kind {
            guard done != nil else { return line(percent, .noMilestone) }
            return line(percent, count > upper ? .over(by: (try? .subtracting(count, upper)) ?? count) : .withinCeiling)
        }
        if count > upper, case .between = kind { return line(percent, .over(by: (try? .subtracting(count, upper)) ?? count)) }
        if count >= target { return line(percent, .reached) }
        guard let step, let required = try? ExactDecimal.multiplying(step.share, target) else {
            return line(percent, .noMilestone)
        }
        return line(percent, count >= required ? .onTrack : .behind(required: required, due: step.date))
    }
}
