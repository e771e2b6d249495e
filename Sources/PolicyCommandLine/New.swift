// `policy new NAME --succeeds OLD [--extends PARENT] [--keywords en|zh] [--policies DIR…] [--out FILE]`:
// the skeleton of the next version of a policy (`SuccessorSkeleton`), to standard output or to a
// new file (never over an existing one).

import Foundation
import PolicyLanguage
import PolicyTools

enum NewCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(arguments, command: "new", reportingTo: console)
        else { return .usage }
        guard options.positional.count == 1, let old = options.values["--succeeds"] else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "new takes the new policy's name and --succeeds OLD, the policy it is the next version of",
                        "new 需要新政策的名称，以及 --succeeds 旧政策（新政策所延续的前一版）")))
            return .usage
        }
        var keywords: KeywordSet?
        if let text = options.values["--keywords"] {
            guard let set = KeywordSet(rawValue: text) else {
                console.writeError(
                    console.errorLine(console.say("--keywords is en or zh, not \(text)", "--keywords 只能是 en 或 zh，不能是 \(text)")))
                return .usage
            }
            keywords = set
        }
        let paths = options.paths("--policies", default: "policies")
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no skeleton is written", "不生成骨架文件"), option: "--policies", paths: paths)
        {
            return code
        }
        let skeleton: SuccessorSkeleton
        switch SuccessorSkeleton.make(
            name: options.positional[0], succeeding: old, extends: options.values["--extends"], keywords: keywords, in: library)
        {
        case .success(let made): skeleton = made
        case .failure(let problem):
            console.writeError(console.errorLine(describe(problem)))
            return .usage
        }
        guard let out = options.values["--out"] else {
            console.write(skeleton.text)
            return .success
        }
        guard !FileManager.default.fileExists(atPath: out) else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "\(out) exists; new never writes over a file: give another --out",
                        "\(out) 已存在；new 不会覆盖文件，请另给 --out")))
            return .usage
        }
        do throws(FileError) {
            let file = try ReplacementFile(replacing: out, newFileMode: 0o644)
            try file.write(Array(skeleton.text.utf8))
            try file.commit()
        } catch {
            console.writeError(console.errorLine(error.message))
            return .writeFailed
        }
        console.writeError(
            console.noteLine(
                console.say(
                    "wrote \(out): fill in the title, the document number and the changes, then run policy check",
                    "已写出 \(out)：请填写标题、文号和修改之处，然后运行 policy check")))
        return .success
    }

    static func describe(_ problem: SuccessorSkeleton.Problem) -> Phrase {
        let didYouMean = { (suggestion: String?) in
            suggestion.map { Phrase("; did you mean \($0)?", "；是否应为\($0)？") } ?? .empty
        }
        switch problem {
        case .unknownPredecessor(let name, let suggestion):
            return Phrase("no policy named \(name) is loaded", "未载入名为\(name)的政策") + didYouMean(suggestion)
        case .unknownParent(let name, let suggestion):
            return Phrase("no policy named \(name) is loaded for --extends", "未载入 --extends 所指的政策\(name)")
                + didYouMean(suggestion)
        case .nameTaken(let name):
            return Phrase("a policy named \(name) is already loaded", "已载入名为\(name)的政策")
        case .openEnded(let name):
            return Phrase(
                "\(name) is in force with no end, so no day follows it: give it an end first",
                "\(name)的施行期没有终止日，没有可接续的日期：请先为其定下终止日")
        }
    }
}
