// `policy changes NEW [OLD] [--policies DIR] [--before DIR] [--json]`: what policy NEW changes
// relative to OLD, rule by rule, each change with its citation (RuleChanges). Without OLD, NEW is
// compared with the policy it succeeds; with --before DIR, OLD is read from that directory, so
// two versions of one file can be compared. `policy diff` prints the same changes above its claims.

import PolicyLanguage
import PolicyTools

enum ChangesCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(arguments, command: "changes", reportingTo: console)
        else {
            return .usage
        }
        guard (1...2).contains(options.positional.count) else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "changes takes the name of a policy, and optionally the policy to compare it with",
                        "changes 需要一项政策的名称，并可再给出与之比较的政策")))
            return .usage
        }
        let paths = options.paths("--policies", default: "policies")
        let path = paths.joined(separator: ", ")
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no policy is compared", "不比较任何政策"), option: "--policies", paths: paths)
        {
            return code
        }
        var earlier = library
        if let before = options.values["--before"] {
            let beforePaths = options.paths("--before", default: before)
            earlier = PolicyLibrary.load(paths: beforePaths)
            if let code = console.reportPolicyErrors(
                earlier, so: Phrase("no policy is compared (--before \(before))", "不比较任何政策（--before \(before)）"),
                option: "--before", paths: beforePaths)
            {
                return code
            }
        }
        let name = options.positional[0]
        guard let new = find(name, in: library, path: path, console: console) else { return .usage }
        let oldName: String
        if options.positional.count == 2 {
            oldName = options.positional[1]
        } else if options.values["--before"] != nil, earlier.entry(named: name) != nil {
            oldName = name
        } else if let baseline = RuleChanges.baseline(of: new, in: library) {
            oldName = baseline
        } else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "\(name) succeeds no policy of its jurisdiction: name the policy to compare it with (policy changes \(name) OLD)",
                        "\(name) 没有延续本辖区的任何政策：请给出与之比较的政策（policy changes \(name) 旧政策）")))
            return .usage
        }
        guard let old = find(oldName, in: earlier, path: options.values["--before"] ?? path, console: console) else {
            return .usage
        }
        let changes = RuleChanges.compare(new: new.program, old: old.program)
        if options.flags.contains("--json") {
            console.write(JSONWriter.write(json(changes, moved: nil, language: console.language), indent: 2) + "\n")
        } else {
            console.write(text(changes, moved: nil, console: console))
        }
        return .success
    }

    /// The policy of that name in a library; nil after saying which there are.
    private static func find(_ name: String, in library: PolicyLibrary, path: String, console: Console) -> PolicyLibrary.Entry? {
        if let entry = library.entry(named: name) { return entry }
        let names = library.entries.map(\.info.name)
        console.writeError(
            console.errorLine(
                console.say(
                    "there is no policy \(name) in \(path); policies: \(names.joined(separator: ", "))",
                    "\(path) 中没有政策 \(name)；现有政策：\(names.joined(separator: "、"))")))
        return nil
    }

    // MARK: Text

    /// The changes, own ones first, then those inherited; under each change `diff` counts, the
    /// claims of the batch it moved.
    static func text(_ changes: RuleChanges, moved: [PolicyChanges.Moved?]?, console: Console, heading: Bool = true) -> String {
        let (new, old) = (changes.new.name, changes.old.name)
        guard !changes.changes.isEmpty else {
            return console.say(
                "no changes: \(new) defines the same rules as \(old)\n", "没有变化：\(new) 与 \(old) 的规则相同\n")
        }
        var out = ""
        func write(_ index: Int) {
            let change = changes.changes[index]
            out += "  " + console.say(change.summary)
            if let citation = change.citation { out += "   [\(citation)]" }
            out += "\n"
            for value in change.values where change.kind == .changed && showsDefinitions(change.subject) {
                out += console.say("    was  ", "    原为  ") + clipped(value.before.map(console.say) ?? "") + "\n"
                out += console.say("    now  ", "    现为  ") + clipped(value.after.map(console.say) ?? "") + "\n"
            }
            if let moved, let tally = moved[index] {
                out += "    " + claimsMoved(tally, console: console) + "\n"
            }
        }
        let own = changes.changes.indices.filter { !changes.changes[$0].inherited }
        let inherited = changes.changes.indices.filter { changes.changes[$0].inherited }
        if !own.isEmpty, heading {
            out += console.say("\(new) against \(old):\n", "\(new) 相对于 \(old) 的变化：\n")
        }
        own.forEach(write)
        if !inherited.isEmpty {
            out += console.say(
                "inherited definitions that moved because a parent changed (neither \(new) nor \(old) writes them):\n",
                "因上级政策变化而改变的沿用规定（\(new) 与 \(old) 均未自行规定）：\n")
            inherited.forEach(write)
        }
        return out
    }

    /// Whether a redefinition is shown as its definitions before and after: a rule's, a
    /// limit's, milestones'; the others say what moved in their one line.
    private static func showsDefinitions(_ subject: RuleChange.Subject) -> Bool {
        switch subject {
        case .rule, .limit, .milestones: true
        default: false
        }
    }

    /// `1 claim of the batch moved: +300 yuan`; in Chinese `本批 1 件申领因此变化：+300 元`.
    static func claimsMoved(_ tally: PolicyChanges.Moved, console: Console) -> String {
        let (count, delta) = (tally.lines.count, DiffCommand.signed(tally.delta))
        guard count > 0 else { return console.say("no claim of the batch moved", "本批没有申领因此变化") }
        return console.say(
            "\(count) claim\(count == 1 ? "" : "s") of the batch moved: \(delta) yuan", "本批 \(count) 件申领因此变化：\(delta) 元")
    }

    /// A definition on one line, cut to what a terminal line holds.
    private static func clipped(_ text: String) -> String {
        text.count > 150 ? String(text.prefix(149)) + "…" : text
    }

    // MARK: JSON

    static func json(_ changes: RuleChanges, moved: [PolicyChanges.Moved?]?, language: Language) -> JSONValue {
        func phrase(_ value: Phrase?) -> JSONValue { value.map { .string($0.text(in: language)) } ?? .null }
        let items: [JSONValue] = changes.changes.enumerated().map { index, change in
            var members = [
                JSONMember(key: "subject", value: .string(change.what)),
                JSONMember(key: "name", value: .string(change.name)),
            ]
            if case .row(_, let key) = change.subject { members.append(JSONMember(key: "key", value: .string(key))) }
            members += [
                JSONMember(key: "change", value: .string(change.kind.rawValue)),
                JSONMember(key: "inherited", value: .bool(change.inherited)),
                JSONMember(key: "citation", value: change.citation.map { .string($0.description) } ?? .null),
                JSONMember(key: "summary", value: .string(change.summary.text(in: language))),
                JSONMember(
                    key: "values",
                    value: .array(
                        change.values.map { value in
                            .object([
                                JSONMember(key: "label", value: .string(value.label.text(in: language))),
                                JSONMember(key: "before", value: phrase(value.before)),
                                JSONMember(key: "after", value: phrase(value.after)),
                            ])
                        })),
            ]
            if let moved, let tally = moved[index] {
                members += [
                    JSONMember(key: "claims", value: .number(String(tally.lines.count))),
                    JSONMember(key: "lines", value: .array(tally.lines.map { .number(String($0)) })),
                    JSONMember(key: "delta", value: .string(tally.delta.description)),
                ]
            }
            return .object(members)
        }
        return .object([
            JSONMember(key: "new", value: .string(changes.new.name)),
            JSONMember(key: "old", value: .string(changes.old.name)),
            JSONMember(key: "changes", value: .array(items)),
        ])
    }
}
