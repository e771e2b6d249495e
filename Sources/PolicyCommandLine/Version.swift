// `policy version` (and `policy --version`): the version of policy, kept here and nowhere else,
// and the Swift compiler it was built with, known when it was compiled.

import PolicyLanguage

enum VersionCommand {
    /// The version of policy.
    static let version = "0.1.0"

    /// The Swift compiler that built this executable, from compile-time conditions (no program is
    /// run to ask).
    static var compiler: String {
        #if compiler(>=6.5)
            return "6.5 or later"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #else
            return "6.1 or earlier"
        #endif
    }

    static func text(in language: Language) -> String {
        Phrase(
            "policy \(version)\nbuilt with the Swift \(compiler) compiler\n",
            "policy \(version)\n编译所用的 Swift 编译器版本：\(compiler)\n"
        ).text(in: language)
    }

    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "version", reportingTo: console) else { return .usage }
        guard options.positional.isEmpty else {
            console.writeError(
                console.errorLine(
                    Phrase(
                        "version takes no arguments, not \(options.positional.joined(separator: " "))",
                        "version 不接受参数，不能是 \(options.positional.joined(separator: " "))")))
            return .usage
        }
        console.write(text(in: console.language))
        return .success
    }
}
