// `policy fmt [--check] [--keywords en|zh] [PATHS…]`: lay policy files out canonically (see
// `Formatter`), and with `--keywords` write them in the English or the Chinese keywords. Files are
// rewritten in place; `--check` rewrites nothing and lists the files that would change, for CI;
// `-` formats standard input to standard output, for editors. A file with syntax errors, with a
// name that is a keyword of the set it is converted to, or that would not read back the same, is
// reported and left as it is (nothing is written for it, in place or to standard output).

import Foundation
import PolicyLanguage

enum FmtCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "fmt", reportingTo: console) else {
            return .usage
        }
        var keywords: KeywordSet?
        if let name = options.values["--keywords"] {
            guard let set = KeywordSet(rawValue: name) else {
                console.writeError(
                    console.say("error: --keywords takes en or zh, not \(name)\n", "错误: --keywords 取 en 或 zh，不能是 \(name)\n"))
                return .usage
            }
            keywords = set
        }
        let renderer = console.renderer
        if options.positional == ["-"] {
            let source = SourceFile(path: "<stdin>", bytes: console.standardInput())
            let (text, diagnostics) = Formatter.format(source, keywords: keywords)
            guard let text else {
                console.writeError(renderer.render(diagnostics.filter(\.isError)))
                return .invalidPolicy
            }
            console.write(text)
            return .success
        }
        let check = options.flags.contains("--check")
        var (changed, unchanged, broken) = (0, 0, 0)
        for path in options.positional.isEmpty ? ["policies"] : options.positional {
            let sources: [SourceFile]
            switch PolicyLibrary.sources(at: path) {
            case .success(let found): sources = found
            case .failure(let problem):
                console.writeError(renderer.render([problem]))
                return .usage
            }
            for source in sources {
                let (text, diagnostics) = Formatter.format(source, keywords: keywords)
                guard let text else {
                    console.writeError(renderer.render(diagnostics.filter(\.isError)))
                    broken += 1
                    continue
                }
                if Array(text.utf8) == source.bytes {
                    unchanged += 1
                    continue
                }
                changed += 1
                if check {
                    console.write(console.say("would reformat \(source.path)\n", "需整理 \(source.path)\n"))
                } else if let problem = replace(source.path, with: text) {
                    console.writeError(console.errorLine(problem.message))
                    return .writeFailed
                } else {
                    console.write(console.say("formatted \(source.path)\n", "已整理 \(source.path)\n"))
                }
            }
        }
        let files = { (count: Int) in "\(count) file\(count == 1 ? "" : "s")" }
        var summary = check ? "\(files(changed)) would be reformatted" : "\(files(changed)) reformatted"
        summary += ", \(files(unchanged)) already formatted"
        if broken > 0 { summary += ", \(files(broken)) with errors left as they are" }
        var chinese = check ? "需整理 \(changed) 个文件" : "已整理 \(changed) 个文件"
        chinese += "，\(unchanged) 个文件已是规范格式"
        if broken > 0 { chinese += "，\(broken) 个文件有错误，未作改动" }
        console.writeError(console.say(summary, chinese) + "\n")
        if broken > 0 { return .invalidPolicy }
        return check && changed > 0 ? .invalidClaim : .success
    }

    /// Replaces a policy file with its formatted text, whole: an editor or a reader sees the old
    /// file or the new one, and the file keeps its permissions.
    private static func replace(_ path: String, with text: String) -> FileError? {
        do throws(FileError) {
            let file = try ReplacementFile(replacing: path, newFileMode: 0o644)
            try file.write(Array(text.utf8))
            try file.commit()
            return nil
        } catch {
            return error
        }
    }
}
