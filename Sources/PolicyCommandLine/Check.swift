// `policy check [PATHS…]`: parse and check policy files, print every diagnostic.

import PolicyLanguage

enum CheckCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        let options: Options
        switch Options.parse(arguments, flags: [], options: []) {
        case .success(let parsed): options = parsed
        case .failure(let error):
            console.writeError("error: \(error.message)\n")
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
        return .success
    }
}
