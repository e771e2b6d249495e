// `policy eval CLAIM.json [--policies DIR] [--ledger FILE] [--explain] [--json]`: decide one claim and say
// which policy and clauses decided it; with --explain, the whole derivation.

import Foundation
import PolicyLanguage

enum EvalCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(
                arguments, flags: ["--explain", "--json", "--wait"], options: ["--policies", "--ledger"], reportingTo: console)
        else {
            return .usage
        }
        guard options.positional.count <= 1 else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "eval takes one claim file; for many claims, run it once per claim",
                        "eval 只接受一个申领文件；多件申领请逐件审核")))
            return .usage
        }
        let claimPath = options.positional.first ?? "-"
        if claimPath != "-", let problem = Console.readProblem(claimPath) {
            console.writeError(
                console.errorLine(console.say("cannot read the claim file \(claimPath): ", "无法读取申领文件 \(claimPath)：") + problem))
            return .usage
        }
        let library = PolicyLibrary.load(paths: [options.values["--policies"] ?? "policies"])
        if let code = console.reportPolicyErrors(library, so: console.say("no claim is evaluated", "不审核任何申领")) { return code }
        guard let bytes = console.readFile(claimPath, what: console.say("the claim file", "申领文件")) else { return .usage }
        // The year so far, read only under a shared lock: one claim is judged against it and not
        // recorded, while no run is saving it.
        var ledger: Ledger?
        var lock: FileLock?
        if let path = options.values["--ledger"] {
            let notJudged = console.say("the claim is not judged without it", "没有台账，不审核本件申领")
            if let problem = Ledger.problem(with: path, forWriting: false) {
                console.writeError(
                    console.errorLine(console.say("\(problem.message): \(notJudged)", "\(problem.message)：\(notJudged)")))
                return .usage
            }
            switch LedgerAccess.lock(path, exclusive: false, wait: options.flags.contains("--wait"), console: console) {
            case .success(let held): lock = held
            case .failure(let code): return code
            }
            switch Ledger.load(from: path) {
            case .success(let loaded):
                LedgerAccess.canonicalizeKeys(of: loaded, under: library, console: console)
                ledger = loaded
            case .failure(let error):
                console.writeError(console.errorLine(console.say("\(error.message): \(notJudged)", "\(error.message)：\(notJudged)")))
                return .damagedLedger
            }
        }
        defer { withExtendedLifetime(lock) {} }
        let decision = Engine(library: library).decide(json: bytes, ledger: ledger)
        print(decision, options: options, console: console)
        if case .invalid = decision.outcome { return .invalidClaim }
        return .success
    }

    private static func print(_ decision: Decision, options: Options, console: Console) {
        let explain = options.flags.contains("--explain")
        if options.flags.contains("--json") {
            console.write(JSONWriter.write(DecisionReport.json(decision, explain: explain), indent: 2) + "\n")
        } else {
            console.write(DecisionReport.text(decision, explain: explain))
        }
    }
}

/// How a decision reads, as text for a claims officer and as JSON for machines. The text is in
/// the language of the command; the JSON's keys and status values are the same in every language.
enum DecisionReport {
    static func text(_ decision: Decision, explain: Bool) -> String {
        var lines: [String] = []
        let id = decision.claimID ?? console.say("(claim without id)", "（申领无编号）")
        // The labels of the lines below the first, padded to one column (a Chinese character
        // is two columns wide).
        func label(_ english: String, _ chinese: String) -> String {
            console.say(english.padding(toLength: 10, withPad: " ", startingAt: 0), chinese)
        }
        switch decision.outcome {
        case .granted(let value, _) where decision.kind != .obligation:
            lines.append("\(id)  \(statusText("granted"))  \(decision.formattedValue ?? value.description)")
        default:
            lines.append("\(id)  \(statusText(decision.status))")
        }
        if let policy = decision.policy {
            lines.append("  \(label("policy", "政策    "))  \(policy.name) · \(policy.document) · \(policy.title)")
        }
        if let program = decision.program, decision.policy != nil {
            let name = decision.kind == .obligation ? label("obligation", "义务    ") : label("program", "项目    ")
            lines.append("  \(name)  \(program)")
        }
        switch decision.outcome {
        case .granted:
            if !decision.citations.isEmpty {
                lines.append("  \(label("decided by", "依据条款"))  \(grouped(decision.citations))")
            }
            for note in decision.notes { lines.append("  \(label("note", "说明    "))  \(note)") }
        case .refused(let refusals):
            let name = decision.kind == .obligation ? label("requires", "要求    ") : label("reason", "理由    ")
            for refusal in refusals {
                lines.append("  \(name)  \(refusal.reason)" + (refusal.citation.map { "  [\($0)]" } ?? ""))
            }
        case .invalid(let problems):
            for problem in problems { lines.append("  \(label("problem", "问题    "))  \(problem)") }
        }
        var text = lines.joined(separator: "\n") + "\n"
        if explain, let trace = decision.trace {
            text += console.say("\nderivation:\n", "\n推导过程：\n") + trace.rendered() + "\n"
        }
        return text
    }

    /// A status as a person reads it: the batch's and the JSON's `granted`, `not compliant` …
    /// stay as they are; in Chinese, 核准, 不合规 ….
    static func statusText(_ status: String) -> String {
        guard Localization.language == .zh else { return status }
        switch status {
        case "granted": return "核准"
        case "refused": return "拒绝"
        case "invalid": return "无效"
        case "compliant": return "合规"
        case "not compliant": return "不合规"
        default: return status
        }
    }

    /// Clauses grouped by document, in the order met: `DOCUMENT-A clause, clause; DOCUMENT-B clause`
    /// (`，` and `；` in Chinese, where a clause itself may hold a `、`).
    static func grouped(_ citations: [Citation]) -> String {
        var documents: [String] = []
        var clauses: [String: [String]] = [:]
        for citation in citations {
            if clauses[citation.document] == nil { documents.append(citation.document) }
            clauses[citation.document, default: []].append(citation.clause)
        }
        return documents.map { "\($0) \(clauses[$0]!.joined(separator: console.say(", ", "，")))" }
            .joined(separator: console.say("; ", "；"))
    }

    static func json(_ decision: Decision, explain: Bool) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(key: "id", value: decision.claimID.map(JSONValue.string) ?? .null),
            JSONMember(key: "status", value: .string(decision.status)),
        ]
        if case .granted(let value, let type) = decision.outcome, decision.kind != .obligation {
            // A percentage is given in percent, as claims give it: "85" with unit "percent".
            let amount = type == .percent ? value.percentFigure : value
            members.append(JSONMember(key: "amount", value: .string(amount.description)))
            members.append(JSONMember(key: "unit", value: .string(type.description)))
        }
        if let policy = decision.policy {
            members.append(JSONMember(key: "policy", value: .string(policy.name)))
            members.append(JSONMember(key: "document", value: .string(policy.document)))
        }
        if let program = decision.program {
            members.append(JSONMember(key: "program", value: .string(program)))
        }
        members.append(JSONMember(key: "clauses", value: .array(decision.citations.map { .string($0.description) })))
        switch decision.outcome {
        case .granted: break
        case .refused(let refusals):
            members.append(
                JSONMember(
                    key: "reasons",
                    value: .array(
                        refusals.map { refusal in
                            .object([
                                JSONMember(key: "reason", value: .string(refusal.reason)),
                                JSONMember(key: "clause", value: refusal.citation.map { .string($0.description) } ?? .null),
                            ])
                        })))
        case .invalid(let problems):
            members.append(JSONMember(key: "problems", value: .array(problems.map(JSONValue.string))))
        }
        if explain, let trace = decision.trace {
            members.append(JSONMember(key: "trace", value: json(trace)))
        }
        return .object(members)
    }

    private static func json(_ node: TraceNode) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(key: "kind", value: .string(node.kind.rawValue)),
            JSONMember(key: "label", value: .string(node.label)),
        ]
        if let value = node.value { members.append(JSONMember(key: "value", value: .string(value))) }
        if let detail = node.detail { members.append(JSONMember(key: "from", value: .string(detail))) }
        if let citation = node.citation { members.append(JSONMember(key: "clause", value: .string(citation.description))) }
        if let span = node.span { members.append(JSONMember(key: "at", value: .string(span.description))) }
        if !node.children.isEmpty { members.append(JSONMember(key: "children", value: .array(node.children.map(json)))) }
        return .object(members)
    }
}
