// `policy quota PROGRESS.csv --as-of DATE [--policies DIR] [--json]`: progress against the
// documents' quota tables, unit by unit, with the milestone in force on that day.

import Foundation
import PolicyLanguage

enum QuotaCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, flags: ["--json"], options: ["--policies", "--as-of"], reportingTo: console)
        else {
            return .usage
        }
        guard options.positional.count == 1 else {
            console.writeError("error: quota takes one progress file (CSV with quota,unit,column,done)\n")
            return .usage
        }
        guard let asOfText = options.values["--as-of"] else {
            console.writeError("error: say which day the progress is measured on: --as-of YYYY-MM-DD\n")
            return .usage
        }
        guard let asOf = CalendarDate(iso: asOfText) else {
            console.writeError("error: --as-of \(asOfText) is not a day written YYYY-MM-DD\n")
            return .usage
        }
        let library = PolicyLibrary.load(paths: [options.values["--policies"] ?? "policies"])
        if console.reportPolicyErrors(library, so: "no report is made") { return .invalidPolicy }
        let path = options.positional[0]
        guard let data = path == "-" ? Data(console.standardInput()) : FileManager.default.contents(atPath: path) else {
            console.writeError("error: cannot read the progress file \(path)\n")
            return .invalidClaim
        }
        let report = QuotaReport(library: library, progress: [UInt8](data), asOf: asOf)
        for problem in report.problems {
            console.writeError("\(path):\(problem.line): error: \(problem.message)\n")
        }
        if options.flags.contains("--json") {
            console.write(JSONWriter.write(json(report), indent: 2) + "\n")
        } else {
            console.write(text(report))
        }
        return report.problems.isEmpty ? .success : .invalidClaim
    }

    static func statusText(_ status: QuotaReport.Status) -> String {
        switch status {
        case .onTrack: "on track"
        case .behind(let required, let due): "behind: \(required) were due by \(due)"
        case .noMilestone: ""
        case .noTarget: "no target"
        }
    }

    static func text(_ report: QuotaReport) -> String {
        var out = ""
        for section in report.sections {
            let citation = section.table.citation.map { " \($0.clause)" } ?? ""
            out += "\(section.table.name)  (\(section.policy.name) · \(section.policy.document)\(citation))\n"
            if let milestones = section.milestones {
                let columns = section.table.milestoneColumns.map { section.table.columns[$0].name }.joined(separator: ", ")
                if let step = section.step {
                    out +=
                        "as of \(report.asOf): \(milestones.name) requires \(ValueFormatter(program: nil).format(step.share, as: .percent)) by \(step.date) for \(columns)\n"
                } else {
                    out += "as of \(report.asOf): no milestone of \(milestones.name) is due yet\n"
                }
            } else {
                out += "as of \(report.asOf): no milestones\n"
            }
            let key = section.table.columns[section.table.keyColumns[0]].name
            var rows = [[key, "target", "done", "%", "status"]]
            let columns = Set(section.lines.map(\.column))
            for line in section.lines {
                rows.append([
                    columns.count > 1 ? "\(line.unit) · \(line.column)" : line.unit,
                    line.target?.description ?? "none",
                    line.done?.description ?? "—",
                    line.done == nil ? "" : line.percent.map { "\($0.formatted(fractionDigits: 1))%" } ?? "",
                    line.done == nil && line.status != .noTarget
                        ? "not reported" + (statusText(line.status).isEmpty ? "" : "; " + statusText(line.status))
                        : statusText(line.status),
                ])
            }
            if columns.count == 1 { rows[0][0] = "\(key) · \(columns.first!)" }
            out += TextTable.render(rows, rightAligned: [false, true, true, true, false]) + "\n"
        }
        return out
    }

    static func json(_ report: QuotaReport) -> JSONValue {
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
                                            JSONMember(key: "done", value: line.done.map { .number($0.description) } ?? .null),
                                            JSONMember(
                                                key: "percent", value: line.percent.map { .number($0.description) } ?? .null),
                                        ]
                                        switch line.status {
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
                            JSONMember(key: "message", value: .string(problem.message)),
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
