// `policy quota PROGRESS.csv --as-of DATE [--policies DIR] [--json]`: progress against the
// documents' quota tables, unit by unit, with the milestone in force on that day.

import Foundation
import PolicyLanguage
import PolicyTools

enum QuotaCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "quota", reportingTo: console)
        else {
            return .usage
        }
        guard options.positional.count == 1 else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "quota takes one progress file (CSV with quota,unit,column,done)",
                        "quota 只接受一个进度文件（列为 quota,unit,column,done 的 CSV）")))
            return .usage
        }
        guard let asOfText = options.values["--as-of"] else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "say which day the progress is measured on: --as-of YYYY-MM-DD",
                        "请指明统计进度的日期：--as-of YYYY-MM-DD")))
            return .usage
        }
        guard let asOf = CalendarDate(written: asOfText) else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "--as-of \(asOfText) is not a day written YYYY-MM-DD", "--as-of \(asOfText) 不是按 YYYY-MM-DD 书写的日期")))
            return .usage
        }
        let paths = options.paths("--policies", default: "policies")
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no report is made", "不出具报告"), option: "--policies", paths: paths)
        {
            return code
        }
        let path = options.positional[0]
        guard let progress = console.readFile(path, what: Phrase("the progress file", "进度文件")) else { return .usage }
        let report = QuotaReport(library: library, progress: progress, asOf: asOf)
        for problem in report.problems {
            console.writeError("\(path):\(problem.line): " + console.errorLine(problem.message))
        }
        if options.flags.contains("--json") {
            console.write(JSONWriter.write(json(report, language: console.language), indent: 2) + "\n")
        } else {
            console.write(text(report, console: console))
        }
        return report.problems.isEmpty ? .success : .invalidClaim
    }

    static func statusText(_ line: QuotaReport.Line) -> Phrase {
        let value = { (value: ExactDecimal) in ValueFormatter(program: nil).format(value, as: line.type) }
        switch line.status {
        case .reached: return Phrase("reached", "已完成")
        case .onTrack: return Phrase("on track", "符合进度")
        case .behind(let required, let due):
            return Phrase("behind: \(value(required)) were due by \(due)", "落后：应于 \(due) 前完成 \(value(required))")
        case .noMilestone: return .empty
        case .noTarget: return Phrase("no target", "无任务")
        case .withinCeiling: return Phrase("within the ceiling", "未超过上限")
        case .over(let excess):
            if case .atMost = line.kind { return Phrase("over the ceiling by \(value(excess))", "超过上限 \(value(excess))") }
            return Phrase("above the range by \(value(excess))", "超出范围上限 \(value(excess))")
        }
    }

    static func targetText(_ line: QuotaReport.Line) -> Phrase {
        guard let target = line.target else { return Phrase("none", "无") }
        return ValueFormatter(program: nil).phrase { $0.format(target: target, line.kind, as: line.type) }
    }

    /// The kind of a target in `--json`, the same in every language.
    static func kindName(_ kind: TargetKind) -> String {
        switch kind {
        case .reach: "reach"
        case .atLeast: "at least"
        case .about: "about"
        case .atMost: "at most"
        case .between: "between"
        }
    }

    static func text(_ report: QuotaReport, console: Console) -> String {
        var out = ""
        for section in report.sections {
            let citation = section.table.citation.map { " \($0.clause)" } ?? ""
            let source = "\(section.policy.name) · \(section.policy.document)\(citation)"
            out += console.say("\(section.table.name)  (\(source))\n", "\(section.table.name)（\(source)）\n")
            let asOf = report.asOf
            if let milestones = section.milestones {
                let names = section.table.milestoneColumns.map { section.table.columns[$0].name }
                if let step = section.step {
                    let share = ValueFormatter(program: nil, language: console.language).format(step.share, as: .percent)
                    out += console.say(
                        "as of \(asOf): \(milestones.name) requires \(share) by \(step.date) for \(names.joined(separator: ", "))\n",
                        "截至 \(asOf)：\(milestones.name) 要求在 \(step.date) 前完成 \(names.joined(separator: "、")) 的 \(share)\n")
                } else {
                    out += console.say(
                        "as of \(asOf): no milestone of \(milestones.name) is due yet\n",
                        "截至 \(asOf)：\(milestones.name) 尚无到期的进度节点\n")
                }
            } else {
                out += console.say("as of \(asOf): no milestones\n", "截至 \(asOf)：未设进度节点\n")
            }
            let key = section.table.columns[section.table.keyColumns[0]].name
            var rows = [
                [key] + (console.language == .zh ? ["任务数", "完成数", "%", "状态"] : ["target", "done", "%", "status"])
            ]
            let columns = Set(section.lines.map(\.column))
            for line in section.lines {
                let status = console.say(statusText(line))
                rows.append([
                    columns.count > 1 ? "\(line.unit) · \(line.column)" : line.unit,
                    console.say(targetText(line)),
                    line.done.map { ValueFormatter(program: nil).format($0, as: line.type) } ?? "—",
                    line.done == nil ? "" : line.percent.map { "\($0.formatted(fractionDigits: 1))%" } ?? "",
                    line.done == nil && line.status != .noTarget
                        ? console.say("not reported", "未报送") + (status.isEmpty ? "" : console.say("; ", "；") + status)
                        : status,
                ])
            }
            if columns.count == 1 { rows[0][0] = "\(key) · \(columns.first!)" }
            out += TextTable.render(rows, rightAligned: [false, true, true, true, false]) + "\n"
        }
        return out
    }

    /// The report as JSON: its keys and statuses the same in every language, its problems in `language`.
    static func json(_ report: QuotaReport, language: Language) -> JSONValue {
        .object([
            JSONMember(key: "asOf", value: .string(report.asOf.description)),
            JSONMember(
                key: "quotas",
                value: .array(
                    report.sections.map { section in
                        var members = [
                            JSONMember(key: "quota", value: .string(section.table.name)),
                            JSONMember(key: "policy", value: .string(section.policy.name)),
                            JSONMember(key: "clause", value: section.table.citation.map { .string($0.description) } ?? .null),
                        ]
                        if let step = section.step {
                            members.append(
                                JSONMember(
                                    key: "milestone",
                                    value: .object([
                                        JSONMember(key: "date", value: .string(step.date.description)),
                                        JSONMember(key: "share", value: .string(step.share.description)),
                                    ])))
                        }
                        members.append(
                            JSONMember(
                                key: "units",
                                value: .array(
                                    section.lines.map { line in
                                        var fields = [
                                            JSONMember(key: "unit", value: .string(line.unit)),
                                            JSONMember(key: "column", value: .string(line.column)),
                                            JSONMember(
                                                key: "target", value: line.target.map { .number($0.description) } ?? .null),
                                            JSONMember(key: "kind", value: .string(kindName(line.kind))),
                                            JSONMember(key: "done", value: line.done.map { .number($0.description) } ?? .null),
                                            JSONMember(
                                                key: "percent", value: line.percent.map { .number($0.description) } ?? .null),
                                        ]
                                        if case .between(let upper) = line.kind {
                                            fields.append(JSONMember(key: "upper", value: .number(upper.description)))
                                        }
                                        switch line.status {
                                        case .reached: fields.append(JSONMember(key: "status", value: .string("reached")))
                                        case .withinCeiling:
                                            fields.append(JSONMember(key: "status", value: .string("within the ceiling")))
                                        case .over(let excess):
                                            fields.append(JSONMember(key: "status", value: .string("over")))
                                            fields.append(JSONMember(key: "excess", value: .number(excess.description)))
                                        case .onTrack: fields.append(JSONMember(key: "status", value: .string("on track")))
                                        case .behind(let required, let due):
                                            fields.append(JSONMember(key: "status", value: .string("behind")))
                                            fields.append(JSONMember(key: "required", value: .number(required.description)))
                                            fields.append(JSONMember(key: "due", value: .string(due.description)))
                                        case .noMilestone: fields.append(JSONMember(key: "status", value: .null))
                                        case .noTarget: fields.append(JSONMember(key: "status", value: .string("no target")))
                                        }
                                        return .object(fields)
                                    })))
                        return .object(members)
                    })),
            JSONMember(
                key: "problems",
                value: .array(
                    report.problems.map { problem in
                        .object([
                            JSONMember(key: "line", value: .number(String(problem.line))),
                            JSONMember(key: "message", value: .string(problem.message.text(in: language))),
                        ])
                    })),
        ])
    }
}

/// Columns aligned in a monospace terminal, where a Chinese character takes two columns.
enum TextTable {
    static func render(_ rows: [[String]], rightAligned: [Bool]) -> String {
        guard let count = rows.first?.count else { return "" }
        let widths = (0..<count).map { column in rows.map { DiagnosticRenderer.displayWidth(of: $0[column]) }.max() ?? 0 }
        return rows.map { row in
            var line = "  "
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - DiagnosticRenderer.displayWidth(of: cell))
                line += rightAligned[column] ? padding + cell : cell + (column == count - 1 ? "" : padding)
                if column < count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
