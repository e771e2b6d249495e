// `policy check [PATHS…] [--strict] [--json]`: parse and check policy files, run the deep checks
// on those that check, and print every diagnostic: compiler-style, or as JSON for editors and CI.

import PolicyLanguage

enum CheckCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "check", reportingTo: console) else {
            return .usage
        }
        // A file is checked with the policies beside it, which it may extend or succeed; what is
        // said is about the files named.
        let named = NamedPolicies(options.positional.isEmpty ? ["policies"] : options.positional)
        let library = PolicyLibrary.load(paths: named.paths)
        let shown = library.entries.filter { named.shows($0.info.source.path) }
        let strict = options.flags.contains("--strict")
        // Under --strict a warning stops the policies as an error does.
        let found = Console.explained(library.diagnostics + Analyzer.review(library), option: nil, searched: named.searched)
        let diagnostics = found.filter { named.shows($0.file?.path) }.sortedByLocation().map { diagnostic in
            strict && diagnostic.severity == .warning ? diagnostic.with(severity: .error) : diagnostic
        }
        let count = { (severity: Diagnostic.Severity) in diagnostics.filter { $0.severity == severity }.count }
        let (errors, warnings, notes) = (count(.error), count(.warning), count(.note))
        // A path that cannot be read is the command line's mistake, not the policies'.
        let failure: ExitCode =
            library.diagnostics.contains { $0.isError && Console.pathProblemCodes.contains($0.code) } ? .usage : .invalidPolicy
        if options.flags.contains("--json") {
            console.write(
                json(
                    diagnostics, library: library, shown: shown, errors: errors, warnings: warnings, notes: notes,
                    language: console.language) + "\n")
            return errors > 0 ? failure : .success
        }
        let renderer = console.renderer
        console.writeError(renderer.render(diagnostics))
        var tally = [(errors, "error", "错误"), (warnings, "warning", "警告"), (notes, "note", "注")].filter { $0.0 > 0 }
            .map { console.say("\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")", "\($0.2) \($0.0) 条") }
        // A file that reached the error limit has more errors than it shows; the limit's own error
        // is not one of them. It is an error, so the errors' count is there, and first.
        let stopped = diagnostics.filter { $0.code == .tooManyErrors }.count
        if stopped > 0 {
            tally[0] = console.say("more than \(errors - stopped) errors", "错误超过 \(errors - stopped) 条")
        }
        let separator = console.say(", ", "，")
        if errors > 0 {
            console.writeError(tally.joined(separator: separator) + "\n")
            return failure
        }
        let policies = shown.count
        let others = tally.isEmpty ? "" : separator + tally.joined(separator: separator)
        console.write(
            console.say(
                "checked \(policies) polic\(policies == 1 ? "y" : "ies"): no errors" + others,
                "已检查政策 \(policies) 项：无错误" + others) + "\n")
        console.write(openParameters(shown, console: console))
        // The whole library's fingerprint is that of the directories named, not of a file's neighbours.
        console.write(fingerprints(library, shown: shown, whole: named.files.isEmpty, console: console))
        return .success
    }

    /// Each policy's fingerprint and the whole library's: what results carry, and what `run` and
    /// `eval` check with `--rules`.
    static func fingerprints(_ library: PolicyLibrary, shown: [PolicyLibrary.Entry], whole: Bool, console: Console) -> String {
        guard !shown.isEmpty else { return "" }
        let rows =
            shown.map { [$0.info.name, $0.program.fingerprint] }
            + (whole ? [[console.say("(all policies)", "（全部政策）"), library.fingerprint]] : [])
        return console.say(
            "fingerprints of the rules (SHA-256 of each policy's files, outermost first; give them to run or eval with --rules):\n",
            "规则指纹（各政策及其所继承政策文件的 SHA-256，由外及内；可用 --rules 交给 run 或 eval）：\n")
            + TextTable.render(rows, rightAligned: [false, false])
    }

    /// Diagnostics for editors and CI: one object, every diagnostic with its place and code, its
    /// words in `language`.
    static func json(
        _ diagnostics: [Diagnostic], library: PolicyLibrary, shown: [PolicyLibrary.Entry], errors: Int, warnings: Int, notes: Int,
        language: Language
    ) -> String {
        let text = { (phrase: Phrase) in JSONValue.string(phrase.text(in: language)) }
        let items: [JSONValue] = diagnostics.map { diagnostic in
            var members: [JSONMember] = [
                JSONMember(key: "severity", value: .string(diagnostic.severity.rawValue)),
                JSONMember(key: "code", value: .string(diagnostic.code.rawValue)),
                JSONMember(key: "message", value: text(diagnostic.message)),
                JSONMember(key: "file", value: diagnostic.file.map { .string($0.path) } ?? .null),
            ]
            if let file = diagnostic.file, let range = diagnostic.range {
                let start = file.location(of: range.start)
                let end = file.location(of: range.end)
                members += [
                    JSONMember(key: "line", value: .number("\(start.line)")),
                    JSONMember(key: "column", value: .number("\(start.column)")),
                    JSONMember(key: "endLine", value: .number("\(end.line)")),
                    JSONMember(key: "endColumn", value: .number("\(end.column)")),
                ]
            }
            members.append(JSONMember(key: "hint", value: diagnostic.hint.map(text) ?? .null))
            members.append(JSONMember(key: "notes", value: .array(diagnostic.notes.map(text))))
            return .object(members)
        }
        return JSONWriter.write(
            .object([
                JSONMember(key: "policies", value: .number("\(shown.count)")),
                JSONMember(key: "errors", value: .number("\(errors)")),
                JSONMember(key: "warnings", value: .number("\(warnings)")),
                JSONMember(key: "notes", value: .number("\(notes)")),
                JSONMember(key: "diagnostics", value: .array(items)),
                JSONMember(key: "fingerprint", value: .string(library.fingerprint)),
                JSONMember(
                    key: "fingerprints",
                    value: .array(
                        shown.map { entry in
                            .object([
                                JSONMember(key: "policy", value: .string(entry.info.name)),
                                JSONMember(key: "fingerprint", value: .string(entry.program.fingerprint)),
                            ])
                        })),
            ]))
    }

    /// The numbers the documents leave open, and who supplies each under each policy.
    static func openParameters(_ entries: [PolicyLibrary.Entry], console: Console) -> String {
        var lines: [String] = []
        for entry in entries {
            let program = entry.program
            // Each open name once, as the policy finally binds it: a child may narrow a parent's
            // open number or set it with a rule.
            let openNames = Set(program.inputs.filter(\.isOpen).map(\.name))
            for name in openNames.sorted() {
                let formatter = ValueFormatter(program: program, language: console.language)
                let supplier: String
                var citation: Citation?
                var type = ValueType.error
                if let slot = program.ruleSlots[name] {
                    let rule = program.rules[slot]
                    supplier = console.say(
                        "set by \(rule.policy) at \(rule.span.description)", "由 \(rule.policy) 在 \(rule.span.description) 设定")
                    citation = rule.citation
                    type = rule.type
                } else if let slot = program.inputSlots[name] {
                    let input = program.inputs[slot]
                    var range = ""
                    let bound = { (value: ExactDecimal) in formatter.format(value, as: input.type) }
                    switch (input.lower, input.upper) {
                    case (let low?, let high?):
                        range = console.say(", between \(bound(low)) and \(bound(high))", "，介于 \(bound(low)) 与 \(bound(high)) 之间")
                    case (let low?, nil): range = console.say(", at least \(bound(low))", "，至少 \(bound(low))")
                    case (nil, let high?): range = console.say(", at most \(bound(high))", "，至多 \(bound(high))")
                    case (nil, nil): break
                    }
                    supplier = console.say("each claim supplies it\(range)", "由每件申领给出\(range)")
                    citation = input.citation
                    type = input.type
                } else {
                    continue
                }
                let cited = citation.map { "[\($0)]" } ?? ""
                lines.append(
                    console.say(
                        "  \(entry.info.name): \(name) (\(type))\(cited.isEmpty ? "" : " " + cited): \(supplier)",
                        "  \(entry.info.name)：\(name)（\(type.name.chinese)）\(cited)：\(supplier)"))
            }
        }
        guard !lines.isEmpty else { return "" }
        return console.say(
            "open parameters (left open by a document, to a lower layer or the claim):\n",
            "待定参数（文件未定，留给下级政策或申领）：\n") + lines.joined(separator: "\n") + "\n"
    }
}
