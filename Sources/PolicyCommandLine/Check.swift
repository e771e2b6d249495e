// `policy check [PATHS…]`: parse and check policy files, print every diagnostic.

import PolicyLanguage

enum CheckCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, flags: [], options: [], reportingTo: console) else {
            return .usage
        }
        let paths = options.positional.isEmpty ? ["policies"] : options.positional
        let library = PolicyLibrary.load(paths: paths)
        let renderer = DiagnosticRenderer(useColor: console.useColor(forErrors: true))
        console.writeError(renderer.render(library.diagnostics))
        let errors = library.diagnostics.filter(\.isError).count
        let warnings = library.diagnostics.count - errors
        let policies = library.entries.count
        if errors > 0 {
            console.writeError("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n")
            return .invalidPolicy
        }
        console.write(
            "checked \(policies) polic\(policies == 1 ? "y" : "ies"): no errors"
                + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") + "\n")
        console.write(openParameters(library))
        return .success
    }

    /// The numbers the documents leave open, and who supplies each under each policy.
    static func openParameters(_ library: PolicyLibrary) -> String {
        var lines: [String] = []
        for entry in library.entries {
            let program = entry.program
            // Each open name once, as the policy finally binds it: a child may narrow a parent's
            // open number or set it with a rule.
            let openNames = Set(program.inputs.filter(\.isOpen).map(\.name))
            for name in openNames.sorted() {
                let formatter = ValueFormatter(program: program)
                let supplier: String
                var citation: Citation?
                var type = ValueType.error
                if let slot = program.ruleSlots[name] {
                    let rule = program.rules[slot]
                    supplier = "set by \(rule.policy) at \(rule.span.description)"
                    citation = rule.citation
                    type = rule.type
                } else if let slot = program.inputSlots[name] {
                    let input = program.inputs[slot]
                    var range = ""
                    switch (input.lower, input.upper) {
                    case (let low?, let high?):
                        range = ", between \(formatter.format(low, as: input.type)) and \(formatter.format(high, as: input.type))"
                    case (let low?, nil): range = ", at least \(formatter.format(low, as: input.type))"
                    case (nil, let high?): range = ", at most \(formatter.format(high, as: input.type))"
                    case (nil, nil): break
                    }
                    supplier = "each claim supplies it\(range)"
                    citation = input.citation
                    type = input.type
                } else {
                    continue
                }
                lines.append("  \(entry.info.name): \(name) (\(type))\(citation.map { " [\($0)]" } ?? ""): \(supplier)")
            }
        }
        guard !lines.isEmpty else { return "" }
        return "open parameters (left open by a document, to a lower layer or the claim):\n" + lines.joined(separator: "\n")
            + "\n"
    }
}
