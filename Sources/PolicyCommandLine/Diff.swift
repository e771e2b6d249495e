// `policy diff --before DIR --after DIR CLAIMS [--json]`: the same claims under two rule sets,
// and only the claims whose outcome changed: status and amount before and after, the delta, and
// the rules whose values differ; then the totals. Exit 0 when nothing changed and 1 when
// something did, so that a release can be gated on it.

import Foundation
import PolicyLanguage

enum DiffCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, flags: ["--json"], options: ["--before", "--after"], reportingTo: console)
        else {
            return .usage
        }
        guard let beforePath = options.values["--before"], let afterPath = options.values["--after"],
            options.positional.count <= 1
        else {
            console.writeError("error: diff takes --before DIR --after DIR and one file of claims (or - for standard input)\n")
            return .usage
        }
        var libraries: [PolicyLibrary] = []
        for (name, path) in [("--before", beforePath), ("--after", afterPath)] {
            let library = PolicyLibrary.load(paths: [path])
            if console.reportPolicyErrors(library, so: "no claim is compared (\(name) \(path))") { return .invalidPolicy }
            libraries.append(library)
        }
        let path = options.positional.first ?? "-"
        let claims: [UInt8]
        if path == "-" {
            claims = console.standardInput()
        } else if let data = FileManager.default.contents(atPath: path) {
            claims = [UInt8](data)
        } else {
            console.writeError("error: cannot read the claims file \(path): no such file or not readable\n")
            return .usage
        }
        let format = RunCommand.detectFormat(path: path, firstBytes: Array(claims.prefix(64)))
        let report: DiffReport
        do {
            report = try RuleSetDiff.compare(claims: claims, format: format, before: libraries[0], after: libraries[1])
        } catch {
            console.writeError("error: the yuan delta is beyond what the decimal type holds: \(error)\n")
            return .invalidClaim
        }
        console.write(options.flags.contains("--json") ? JSONWriter.write(json(report), indent: 2) + "\n" : text(report))
        return report.changes.isEmpty ? .success : .invalidClaim
    }

    static func text(_ report: DiffReport) -> String {
        guard !report.changes.isEmpty else {
            return "no claim changed: \(report.claims) claims are decided the same under both rule sets\n"
        }
        var out = ""
        for change in report.changes {
            let result = change.after.policy != nil ? change.after : change.before
            let place = [result.policy, result.program].compactMap { $0 }.joined(separator: " · ")
            out += "line \(change.line)  \(change.id ?? "(no id)")  \(place)\n"
            out += "  before   \(outcome(change.before))\n"
            out += "  after    \(outcome(change.after))"
            out += change.delta == .zero ? "\n" : "   (\(signed(change.delta)) yuan)\n"
            for (index, rule) in change.rules.enumerated() {
                out += (index == 0 ? "  changed  " : "           ")
                out += "\(rule.rule): \(rule.before ?? "(not used)") → \(rule.after ?? "(not used)")\n"
            }
            if change.rules.isEmpty {
                out += "  changed  none of its own rules: an earlier claim's outcome changed what a limit allows it\n"
            }
            out += "\n"
        }
        out += "claims changed \(report.changes.count) of \(report.claims); yuan delta \(signed(report.delta))\n"
        if !report.byPolicy.isEmpty {
            out += "yuan delta by policy:\n"
            out += TextTable.render(report.byPolicy.map { [$0.policy, signed($0.delta)] }, rightAligned: [false, true])
            out += "yuan delta by program:\n"
            out += TextTable.render(
                report.byProgram.map { ["\($0.policy) · \($0.program)", signed($0.delta)] }, rightAligned: [false, true])
        }
        return out
    }

    private static func outcome(_ result: DiffResult) -> String {
        switch result.status {
        case "granted", "compliant":
            return [result.status, result.amount?.description, result.unit].compactMap { $0 }.joined(separator: " ")
        default:
            return result.reasons.isEmpty ? result.status : "\(result.status): \(result.reasons.joined(separator: "; "))"
        }
    }

    private static func signed(_ value: ExactDecimal) -> String {
        value > .zero ? "+\(value)" : value.description
    }

    static func json(_ report: DiffReport) -> JSONValue {
        func result(_ result: DiffResult) -> JSONValue {
            .object([
                JSONMember(key: "status", value: .string(result.status)),
                JSONMember(key: "amount", value: result.amount.map { .string($0.description) } ?? .null),
                JSONMember(key: "unit", value: result.unit.map(JSONValue.string) ?? .null),
                JSONMember(key: "policy", value: result.policy.map(JSONValue.string) ?? .null),
                JSONMember(key: "program", value: result.program.map(JSONValue.string) ?? .null),
                JSONMember(key: "reasons", value: .array(result.reasons.map(JSONValue.string))),
            ])
        }
        let changes: [JSONValue] = report.changes.map { change in
            .object([
                JSONMember(key: "line", value: .number(String(change.line))),
                JSONMember(key: "id", value: change.id.map(JSONValue.string) ?? .null),
                JSONMember(key: "before", value: result(change.before)),
                JSONMember(key: "after", value: result(change.after)),
                JSONMember(key: "delta", value: .string(change.delta.description)),
                JSONMember(
                    key: "rules",
                    value: .array(
                        change.rules.map { rule in
                            .object([
                                JSONMember(key: "rule", value: .string(rule.rule)),
                                JSONMember(key: "before", value: rule.before.map(JSONValue.string) ?? .null),
                                JSONMember(key: "after", value: rule.after.map(JSONValue.string) ?? .null),
                            ])
                        })),
            ])
        }
        return .object([
            JSONMember(key: "claims", value: .number(String(report.claims))),
            JSONMember(key: "changed", value: .number(String(report.changes.count))),
            JSONMember(key: "delta", value: .string(report.delta.description)),
            JSONMember(key: "changes", value: .array(changes)),
            JSONMember(
                key: "byPolicy",
                value: .array(
                    report.byPolicy.map {
                        .object([
                            JSONMember(key: "policy", value: .string($0.policy)),
                            JSONMember(key: "delta", value: .string($0.delta.description)),
                        ])
                    })),
            JSONMember(
                key: "byProgram",
                value: .array(
                    report.byProgram.map {
                        .object([
                            JSONMember(key: "policy", value: .string($0.policy)),
                            JSONMember(key: "program", value: .string($0.program)),
                            JSONMember(key: "delta", value: .string($0.delta.description)),
                        ])
                    })),
        ])
    }
}
