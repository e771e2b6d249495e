// `policy eval CLAIM.json [--policies DIR] [--ledger FILE] [--explain] [--json]`: decide one claim and say
// which policy and clauses decided it; with --explain, the whole derivation.

import Foundation
import PolicyLanguage

enum EvalCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(
                arguments, flags: ["--explain", "--json"], options: ["--policies", "--ledger"], reportingTo: console)
        else {
            return .usage
        }
        guard options.positional.count <= 1 else {
            console.writeError("error: eval takes one claim file; for many claims, run it once per claim\n")
            return .usage
        }
        let library = PolicyLibrary.load(paths: [options.values["--policies"] ?? "policies"])
        if console.reportPolicyErrors(library, so: "no claim is evaluated") { return .invalidPolicy }
        let claimPath = options.positional.first ?? "-"
        let bytes: [UInt8]
        if claimPath == "-" {
            bytes = console.standardInput()
        } else if let data = FileManager.default.contents(atPath: claimPath) {
            bytes = [UInt8](data)
        } else {
            let decision = Decision(
                claimID: nil, policy: nil, program: nil,
                outcome: .invalid(["cannot read the claim file \(claimPath): no such file or not readable"]), trace: nil)
            print(decision, options: options, console: console)
            return .invalidClaim
        }
        // The year so far, read only: one claim is judged against it and not recorded.
        var ledger: Ledger?
        if let path = options.values["--ledger"] {
            switch Ledger.load(from: path) {
            case .success(let loaded): ledger = loaded
            case .failure(let error):
                console.writeError("error: \(error.message): the claim is not judged without it\n")
                return .invalidClaim
            }
        }
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

/// How a decision reads, as text for a claims officer and as JSON for machines.
enum DecisionReport {
    static func text(_ decision: Decision, explain: Bool) -> String {
        var lines: [String] = []
        let id = decision.claimID ?? "(claim without id)"
        switch decision.outcome {
        case .granted(let value, _) where decision.kind != .obligation:
            lines.append("\(id)  granted  \(decision.formattedValue ?? value.description)")
        default:
            lines.append("\(id)  \(decision.status)")
        }
        if let policy = decision.policy {
            lines.append("  policy      \(policy.name) · \(policy.document) · \(policy.title)")
        }
        if let program = decision.program, decision.policy != nil {
            lines.append("  \(decision.kind == .obligation ? "obligation" : "program   ")  \(program)")
        }
        switch decision.outcome {
        case .granted:
            if !decision.citations.isEmpty { lines.append("  decided by  \(grouped(decision.citations))") }
            for note in decision.notes { lines.append("  note        \(note)") }
        case .refused(let refusals):
            let label = decision.kind == .obligation ? "requires  " : "reason    "
            for refusal in refusals {
                lines.append("  \(label)  \(refusal.reason)" + (refusal.citation.map { "  [\($0)]" } ?? ""))
            }
        case .invalid(let problems):
            for problem in problems { lines.append("  problem     \(problem)") }
        }
        var text = lines.joined(separator: "\n") + "\n"
        if explain, let trace = decision.trace {
            text += "\nderivation:\n" + trace.rendered() + "\n"
        }
        return text
    }

    /// Clauses grouped by document, in the order met: `DOCUMENT-A clause, clause; DOCUMENT-B clause`.
    static func grouped(_ citations: [Citation]) -> String {
        var documents: [String] = []
        var clauses: [String: [String]] = [:]
        for citation in citations {
            if clauses[citation.document] == nil { documents.append(citation.document) }
            clauses[citation.document, default: []].append(citation.clause)
        }
        return documents.map { "\($0) \(clauses[$0]!.joined(separator: ", "))" }.joined(separator: "; ")
    }

    static func json(_ decision: Decision, explain: Bool) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(key: "id", value: decision.claimID.map(JSONValue.string) ?? .null),
            JSONMember(key: "status", value: .string(decision.status)),
        ]
        if case .granted(let value, let type) = decision.outcome, decision.kind != .obligation {
            // A percentage is given in percent, as claims give it: "85" with unit "percent".
            let amount = type == .percent ? (try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value : value
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
