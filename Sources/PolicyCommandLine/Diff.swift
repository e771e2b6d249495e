// `policy diff --before DIR --after DIR CLAIMS [--json]`: the same claims under two rule sets,
// and only the claims whose outcome changed: status and amount before and after, the delta, and
// the rules whose values differ; then the totals. Exit 0 when nothing changed and 1 when
// something did, so that a release can be gated on it.

import Foundation
import PolicyLanguage
import PolicyTools

enum DiffCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, flags: ["--json"], options: ["--before", "--after"], reportingTo: console)
        else {
            return .usage
        }
        guard let beforePath = options.values["--before"], let afterPath = options.values["--after"],
            options.positional.count <= 1
        else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "diff takes --before DIR --after DIR and one file of claims (or - for standard input)",
                        "diff 需要 --before 目录、--after 目录和一个申领文件（或用 - 表示标准输入）")))
            return .usage
        }
        var libraries: [PolicyLibrary] = []
        for (name, path) in [("--before", beforePath), ("--after", afterPath)] {
            let library = PolicyLibrary.load(paths: [path])
            if let code = console.reportPolicyErrors(
                library, so: Phrase("no claim is compared (\(name) \(path))", "不比较任何申领（\(name) \(path)）"))
            {
                return code
            }
            libraries.append(library)
        }
        let path = options.positional.first ?? "-"
        guard let claims = console.readFile(path, what: Phrase("the claims file", "申领文件")) else { return .usage }
        let format = RunCommand.detectFormat(path: path, firstBytes: Array(claims.prefix(64)))
        let report: DiffReport
        do {
            report = try RuleSetDiff.compare(
                claims: claims, format: format, before: libraries[0], after: libraries[1], language: console.language)
        } catch {
            console.writeError(
                console.errorLine(
                    Phrase(
                        "the yuan delta is beyond what the decimal type holds: \(error)", "金额变化超出十进制数的表示范围：\(error)")))
            return .invalidClaim
        }
        console.write(
            options.flags.contains("--json") ? JSONWriter.write(json(report), indent: 2) + "\n" : text(report, console: console))
        return report.changes.isEmpty ? .success : .invalidClaim
    }

    static func text(_ report: DiffReport, console: Console) -> String {
        guard !report.changes.isEmpty else {
            return console.say(
                "no claim changed: \(report.claims) claims are decided the same under both rule sets\n",
                "没有申领发生变化：\(report.claims) 件申领在两套规则下的审核结果相同\n")
        }
        var out = ""
        let notUsed = console.say("(not used)", "（未使用）")
        for change in report.changes {
            let result = change.after.policy != nil ? change.after : change.before
            let place = [result.policy, result.program].compactMap { $0 }.joined(separator: " · ")
            let id = change.id ?? console.say("(no id)", "（无编号）")
            out += console.say("line \(change.line)  \(id)  \(place)\n", "第 \(change.line) 行  \(id)  \(place)\n")
            out += console.say("  before   ", "  变更前  ") + outcome(change.before, console: console) + "\n"
            out += console.say("  after    ", "  变更后  ") + outcome(change.after, console: console)
            out +=
                change.delta == .zero
                ? "\n" : console.say("   (\(signed(change.delta)) yuan)\n", "（\(signed(change.delta)) 元）\n")
            for (index, rule) in change.rules.enumerated() {
                out += index == 0 ? console.say("  changed  ", "  变化    ") : console.say("           ", "          ")
                out += console.say(
                    "\(rule.rule): \(rule.before ?? notUsed) → \(rule.after ?? notUsed)\n",
                    "\(rule.rule)：\(rule.before ?? notUsed) → \(rule.after ?? notUsed)\n")
            }
            if change.rules.isEmpty {
                out += console.say(
                    "  changed  none of its own rules: an earlier claim's outcome changed what a limit allows it\n",
                    "  变化    本件申领的规则取值均未变化：是此前某件申领的结果改变了限额留给本件的额度\n")
            }
            out += "\n"
        }
        let (changed, claims, delta) = (report.changes.count, report.claims, signed(report.delta))
        out += console.say(
            "claims changed \(changed) of \(claims); yuan delta \(delta)\n",
            "发生变化的申领 \(changed) 件，共 \(claims) 件；金额变化 \(delta) 元\n")
        if !report.byPolicy.isEmpty {
            out += console.say("yuan delta by policy:\n", "金额变化（元），按政策：\n")
            out += TextTable.render(report.byPolicy.map { [$0.policy, signed($0.delta)] }, rightAligned: [false, true])
            out += console.say("yuan delta by program:\n", "金额变化（元），按项目：\n")
            out += TextTable.render(
                report.byProgram.map { ["\($0.policy) · \($0.program)", signed($0.delta)] }, rightAligned: [false, true])
        }
        return out
    }

    /// `granted 1600 yuan`, `refused: REASON; REASON`; in Chinese `核准 1600 元`, `拒绝：REASON；REASON`.
    private static func outcome(_ result: DiffResult, console: Console) -> String {
        let status = console.say(result.status.phrase)
        switch result.status {
        case .granted, .compliant:
            guard console.language == .zh else {
                return [status, result.amount?.description, result.unit].compactMap { $0 }.joined(separator: " ")
            }
            let unit = result.unit.map { ValueFormatter.unitName($0, in: .zh) } ?? ""
            let amount = result.amount.map { unit == "%" || unit.isEmpty ? "\($0)\(unit)" : "\($0) \(unit)" }
            return [status, amount].compactMap { $0 }.joined(separator: " ")
        default:
            guard !result.reasons.isEmpty else { return status }
            return console.say(
                "\(status): \(result.reasons.joined(separator: "; "))", "\(status)：\(result.reasons.joined(separator: "；"))")
        }
    }

    private static func signed(_ value: ExactDecimal) -> String {
        value > .zero ? "+\(value)" : value.description
    }

    static func json(_ report: DiffReport) -> JSONValue {
        func result(_ result: DiffResult) -> JSONValue {
            .object([
                JSONMember(key: "status", value: .string(result.status.rawValue)),
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
