// `policy eval CLAIM.json [--policies DIR] [--ledger FILE] [--rules FP] [--explain] [--json]`: decide one
// claim and say which policy and clauses decided it, who priced it and the fingerprint of the rules;
// with --explain, the whole derivation.

import Foundation
import PolicyLanguage

enum EvalCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(arguments, command: "eval", reportingTo: console)
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
        var rules: [String]?
        if let text = options.values["--rules"] {
            guard let given = RulesOption.fingerprints(text, console: console) else { return .usage }
            rules = given
        }
        let claimPath = options.positional.first ?? "-"
        if claimPath != "-", let problem = Console.readProblem(claimPath) {
            console.writeError(
                console.errorLine(Phrase("cannot read the claim file \(claimPath): ", "无法读取申领文件 \(claimPath)：") + problem))
            return .usage
        }
        let paths = options.paths("--policies", default: "policies")
        let policies = paths.joined(separator: " ")
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no claim is evaluated", "不审核任何申领"), option: "--policies", paths: paths)
        {
            return code
        }
        if let code = RulesOption.require(rules, in: library, policies: policies, console: console) { return code }
        guard let bytes = console.readFile(claimPath, what: Phrase("the claim file", "申领文件")) else { return .usage }
        // The year so far, read only under a shared lock: one claim is judged against it and not
        // recorded, while no run is saving it.
        var ledger: Ledger?
        var lock: FileLock?
        if let path = options.values["--ledger"] {
            let notJudged = Phrase("the claim is not judged without it", "没有台账，不审核本件申领")
            if let problem = Ledger.problem(with: path, forWriting: false) {
                console.writeError(
                    console.errorLine(
                        Phrase(
                            "\(problem.message.english): \(notJudged.english)", "\(problem.message.chinese)：\(notJudged.chinese)")
                    ))
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
                console.writeError(
                    console.errorLine(
                        Phrase("\(error.message.english): \(notJudged.english)", "\(error.message.chinese)：\(notJudged.chinese)"))
                )
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
            console.write(
                JSONWriter.write(DecisionReport.json(decision, explain: explain, language: console.language), indent: 2) + "\n")
        } else {
            console.write(DecisionReport.text(decision, explain: explain, console: console))
        }
    }
}

/// How a decision reads, as text for a claims officer and as JSON for machines. The text is in
/// the language of the command; the JSON's keys and status values are the same in every language.
enum DecisionReport {
    static func text(_ decision: Decision, explain: Bool, console: Console) -> String {
        var lines: [String] = []
        let id = decision.claimID ?? console.say("(claim without id)", "（申领无编号）")
        // The labels of the lines below the first, padded to one column (a Chinese character
        // is two columns wide).
        func label(_ english: String, _ chinese: String) -> String {
            console.say(english.padding(toLength: 10, withPad: " ", startingAt: 0), chinese)
        }
        switch decision.outcome {
        case .granted(let value, _) where decision.kind != .obligation:
            let amount = decision.formattedValue.map(console.say) ?? value.description
            lines.append("\(id)  \(console.say(DecisionStatus.granted.phrase))  \(amount)")
        default:
            lines.append("\(id)  \(console.say(decision.status.phrase))")
        }
        if let policy = decision.policy {
            lines.append("  \(label("policy", "政策    "))  \(policy.name) · \(policy.document) · \(policy.title)")
        }
        if let program = decision.program, decision.policy != nil {
            let name = decision.kind == .obligation ? label("obligation", "义务    ") : label("program", "项目    ")
            lines.append("  \(name)  \(program)")
        }
        if let pricing = pricing(decision, console: console) {
            let name = decision.kind == .obligation ? label("defined by", "设定依据") : label("priced by", "计价依据")
            lines.append("  \(name)  \(pricing)")
        }
        if let fingerprint = decision.fingerprint {
            lines.append("  \(label("rules", "规则指纹"))  \(fingerprint)")
        }
        switch decision.outcome {
        case .granted:
            if !decision.citations.isEmpty {
                lines.append("  \(label("decided by", "依据条款"))  \(grouped(decision.citations, console: console))")
            }
            for note in decision.notes { lines.append("  \(label("note", "说明    "))  \(console.say(note))") }
        case .refused(let refusals):
            let name = decision.kind == .obligation ? label("requires", "要求    ") : label("reason", "理由    ")
            for refusal in refusals {
                lines.append("  \(name)  \(console.say(refusal.reason))" + (refusal.citation.map { "  [\($0)]" } ?? ""))
            }
        case .invalid(let problems):
            for problem in problems { lines.append("  \(label("problem", "问题    "))  \(console.say(problem))") }
        }
        var text = lines.joined(separator: "\n") + "\n"
        if explain, let trace = decision.trace {
            text += console.say("\nderivation:\n", "\n推导过程：\n") + trace.rendered(in: console.language) + "\n"
        }
        return text
    }

    /// Whose definition priced the claim: `POLICY CLAUSE`, and when the claim was routed through
    /// another policy that inherits it, `POLICY CLAUSE (DOCUMENT), through ROUTED`.
    static func pricing(_ decision: Decision, console: Console) -> String? {
        guard let pricedBy = decision.pricedBy, let routed = decision.policy else { return nil }
        let clause = decision.pricingClause
        guard decision.isPricedElsewhere else { return [pricedBy, clause?.clause].compactMap { $0 }.joined(separator: " ") }
        let defined =
            clause.map { console.say("\(pricedBy) \($0.clause) (\($0.document))", "\(pricedBy) \($0.clause)（\($0.document)）") }
            ?? pricedBy
        return defined + console.say(", through \(routed.name)", "，经由 \(routed.name)")
    }

    /// Clauses grouped by document, in the order met: `DOCUMENT-A clause, clause; DOCUMENT-B clause`
    /// (`，` and `；` in Chinese, where a clause itself may hold a `、`).
    static func grouped(_ citations: [Citation], console: Console) -> String {
        var documents: [String] = []
        var clauses: [String: [String]] = [:]
        for citation in citations {
            if clauses[citation.document] == nil { documents.append(citation.document) }
            clauses[citation.document, default: []].append(citation.clause)
        }
        return documents.map { "\($0) \(clauses[$0]!.joined(separator: console.say(", ", "，")))" }
            .joined(separator: console.say("; ", "；"))
    }

    /// The decision as JSON: its keys and status the same in every language, its reasons, problems
    /// and derivation in `language`.
    static func json(_ decision: Decision, explain: Bool, language: Language) -> JSONValue {
        let text = { (phrase: Phrase) in JSONValue.string(phrase.text(in: language)) }
        var members: [JSONMember] = [
            JSONMember(key: "id", value: decision.claimID.map(JSONValue.string) ?? .null),
            JSONMember(key: "status", value: .string(decision.status.rawValue)),
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
        if let pricedBy = decision.pricedBy {
            members.append(JSONMember(key: "pricedBy", value: .string(pricedBy)))
            members.append(
                JSONMember(key: "pricedClause", value: decision.pricingClause.map { .string($0.description) } ?? .null))
        }
        if let fingerprint = decision.fingerprint {
            members.append(JSONMember(key: "fingerprint", value: .string(fingerprint)))
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
                                JSONMember(key: "reason", value: text(refusal.reason)),
                                JSONMember(key: "clause", value: refusal.citation.map { .string($0.description) } ?? .null),
                            ])
                        })))
        case .invalid(let problems):
            members.append(JSONMember(key: "problems", value: .array(problems.map(text))))
        }
        // How a ceiling or a limit reduced what was asked, as the text's `note` lines.
        if !decision.notes.isEmpty {
            members.append(JSONMember(key: "notes", value: .array(decision.notes.map(text))))
        }
        if explain, let trace = decision.trace {
            members.append(JSONMember(key: "trace", value: json(trace, language: language)))
        }
        return .object(members)
    }

    private static func json(_ node: TraceNode, language: Language) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember(key: "kind", value: .string(node.kind.rawValue)),
            JSONMember(key: "label", value: .string(node.label.text(in: language))),
        ]
        if let value = node.value { members.append(JSONMember(key: "value", value: .string(value.text(in: language)))) }
        if let detail = node.detail { members.append(JSONMember(key: "from", value: .string(detail.text(in: language)))) }
        if let citation = node.citation { members.append(JSONMember(key: "clause", value: .string(citation.description))) }
        if let span = node.span { members.append(JSONMember(key: "at", value: .string(span.description))) }
        if !node.children.isEmpty {
            members.append(JSONMember(key: "children", value: .array(node.children.map { json($0, language: language) })))
        }
        return .object(members)
    }
}
