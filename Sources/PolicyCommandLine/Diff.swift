// `policy diff --before DIR --after DIR CLAIMS [--json]`: the same claims under two rule sets.
// First the rule-level changes between the policies that decided the claims before and after
// (as `policy changes` prints them), each with the changed claims whose derivations read it and
// their yuan; then only the claims whose outcome changed: the policy that decided and the status
// and amount before and after, the delta, and the rules and table rows whose values differ; then
// the totals. Exit 0 when nothing changed and 1 when something did, so that a release can be
// gated on it.

import Foundation
import PolicyLanguage
import PolicyTools

enum DiffCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "diff", reportingTo: console)
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
        // Each may be given more than once: the policies and a successor kept beside them.
        for (name, path) in [("--before", beforePath), ("--after", afterPath)] {
            let paths = options.paths(name, default: path)
            let library = PolicyLibrary.load(paths: paths)
            let path = paths.joined(separator: " ")
            if let code = console.reportPolicyErrors(
                library, so: Phrase("no claim is compared (\(name) \(path))", "不比较任何申领（\(name) \(path)）"), option: name,
                paths: paths)
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
            options.flags.contains("--json")
                ? JSONWriter.write(json(report, language: console.language), indent: 2) + "\n" : text(report, console: console))
        return report.changes.isEmpty ? .success : .invalidClaim
    }

    static func text(_ report: DiffReport, console: Console) -> String {
        var out = rules(report, console: console)
        guard !report.changes.isEmpty else {
            return out
                + console.say(
                    "no claim changed: \(report.claims) claims are decided the same under both rule sets\n",
                    "没有申领发生变化：\(report.claims) 件申领在两套规则下的审核结果相同\n")
        }
        let notUsed = console.say("(not used)", "（未使用）")
        for change in report.changes {
            let program = change.after.program ?? change.before.program ?? ""
            let id = change.id ?? console.say("(no id)", "（无编号）")
            out += console.say("line \(change.line)  \(id)  \(program)\n", "第 \(change.line) 行  \(id)  \(program)\n")
            out += console.say("  before   ", "  变更前  ") + outcome(change.before, change.beforeValue, console: console) + "\n"
            out += console.say("  after    ", "  变更后  ") + outcome(change.after, change.afterValue, console: console)
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

    /// The rule-level changes between the policies that decided the claims, each with the claims
    /// it moved, then what the counts mean; empty when the rules are the same.
    private static func rules(_ report: DiffReport, console: Console) -> String {
        guard !report.ruleChanges.isEmpty else { return "" }
        var out = ""
        for pair in report.ruleChanges {
            let (old, new) = (pair.changes.old.name, pair.changes.new.name)
            out += console.say("rules changed, \(old) before → \(new) after:\n", "规则变化，变更前 \(old) → 变更后 \(new)：\n")
            out += ChangesCommand.text(pair.changes, moved: pair.moved, console: console, heading: false)
        }
        if report.claimsUnderSeveralChanges > 0 {
            let count = report.claimsUnderSeveralChanges
            out += console.say(
                "a claim counts under every change its derivations read: \(count) claim\(count == 1 ? "" : "s") count\(count == 1 ? "s" : "") under more than one\n",
                "申领计入其推导读取的每一项变化：其中 \(count) 件计入不止一项\n")
        }
        if report.claimsUnderNoChange > 0 {
            let count = report.claimsUnderNoChange
            out += console.say(
                "\(count) changed claim\(count == 1 ? " reads" : "s read") none of these changes: a limit's allowance or the choice of policy moved \(count == 1 ? "it" : "them")\n",
                "\(count) 件发生变化的申领未读取上述任何变化：是限额的剩余额度或所适用的政策使其变化\n")
        }
        return out + "\n"
    }

    /// `陵川县2020: granted 1600 yuan`, `陵川县2020: refused: REASON; REASON`; in Chinese
    /// `陵川县2020：核准 1600 元`, `拒绝：REASON；REASON`. A yes or no, or an enum's case, as the
    /// language writes it (`核准 是`).
    private static func outcome(_ result: DiffResult, _ value: Phrase?, console: Console) -> String {
        let policy = result.policy.map { console.say("\($0): ", "\($0)：") } ?? ""
        let status = console.say(result.status.phrase)
        switch result.status {
        case .granted, .compliant:
            if let value { return policy + status + " " + console.say(value) }
            guard console.language == .zh else {
                return policy + [status, result.amount?.description, result.unit].compactMap { $0 }.joined(separator: " ")
            }
            let unit = result.unit.map { ValueFormatter.unitName($0, in: .zh) } ?? ""
            let amount = result.amount.map { unit == "%" || unit.isEmpty ? "\($0)\(unit)" : "\($0) \(unit)" }
            return policy + [status, amount].compactMap { $0 }.joined(separator: " ")
        default:
            guard !result.reasons.isEmpty else { return policy + status }
            return policy
                + console.say(
                    "\(status): \(result.reasons.joined(separator: "; "))", "\(status)：\(result.reasons.joined(separator: "；"))")
        }
    }

    static func signed(_ value: ExactDecimal) -> String {
        value > .zero ? "+\(value)" : value.description
    }

    static func json(_ report: DiffReport, language: Language) -> JSONValue {
        func result(_ result: DiffResult, _ value: Phrase?) -> JSONValue {
            .object([
                JSONMember(key: "status", value: .string(result.status.rawValue)),
                JSONMember(key: "amount", value: result.amount.map { .string($0.description) } ?? .null),
                JSONMember(key: "value", value: value.map { .string($0.text(in: language)) } ?? .null),
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
                JSONMember(key: "before", value: result(change.before, change.beforeValue)),
                JSONMember(key: "after", value: result(change.after, change.afterValue)),
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
        let rules: [JSONValue] = report.ruleChanges.map { pair in
            ChangesCommand.json(pair.changes, moved: pair.moved, language: language)
        }
        return .object([
            JSONMember(key: "ruleChanges", value: .array(rules)),
            JSONMember(key: "claimsUnderSeveralChanges", value: .number(String(report.claimsUnderSeveralChanges))),
            JSONMember(key: "claimsUnderNoChange", value: .number(String(report.claimsUnderNoChange))),
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
