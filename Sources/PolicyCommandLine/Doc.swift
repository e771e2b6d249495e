// `policy doc [PATHS…] --out DIR`: the proof-reading pages of the policies, an index and a page
// per policy, written as static HTML into DIR. The pages are made by the library
// (`DocumentationSite`); this only checks the policies and writes the files.

import Foundation
import PolicyLanguage
import PolicyTools

enum DocCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, flags: [], options: ["--out"], reportingTo: console) else {
            return .usage
        }
        guard let directory = options.values["--out"], !directory.isEmpty else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "policy doc needs --out DIR, the directory to write the pages into",
                        "policy doc 需要 --out 目录，即写入页面的目录")))
            return .usage
        }
        let paths = options.positional.isEmpty ? ["policies"] : options.positional
        let library = PolicyLibrary.load(paths: paths)
        if let code = console.reportPolicyErrors(library, so: Phrase("no page is written", "不生成任何页面")) { return code }

        // `--lang` writes every page in its language; without it each policy's page speaks its
        // file's language (Chinese for a file in Chinese keywords), and the index the command's.
        let site = DocumentationSite(library: library, language: console.languageOption, indexLanguage: console.language)
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        // A file where a directory is needed, on the way or at the end, said plainly.
        var ancestor = url.standardizedFileURL
        while ancestor.path != "/" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                console.writeError(
                    console.errorLine(
                        console.say(
                            "cannot write the pages into \(directory): \(ancestor.path) is a file",
                            "无法将页面写入 \(directory)：\(ancestor.path) 是文件")))
                return .usage
            }
            ancestor.deleteLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            console.writeError(
                console.errorLine(
                    console.say(
                        "cannot write the pages into \(directory): \(reason(error))", "无法将页面写入 \(directory)：\(reason(error))")))
            return .usage
        }
        for page in site.pages {
            let file = url.appendingPathComponent(page.fileName)
            do {
                try Data(page.html.utf8).write(to: file, options: .atomic)
            } catch {
                console.writeError(
                    console.errorLine(
                        console.say(
                            "cannot write the pages into \(directory): \(file.path): \(reason(error))",
                            "无法将页面写入 \(directory)：\(file.path)：\(reason(error))")))
                return .writeFailed
            }
        }
        let policies = site.pages.count - 1
        console.write(
            console.say(
                "wrote \(site.pages.count) pages to \(directory): index.html and \(policies) polic\(policies == 1 ? "y" : "ies")\n",
                "已将 \(site.pages.count) 个页面写入 \(directory)：index.html 及政策页面 \(policies) 个\n"))
        for page in site.pages where page.policy != nil {
            console.write("  \(page.fileName)  \(page.policy!)\n")
        }
        return .success
    }

    /// Why a file operation failed, in the system's words: `Not a directory`, `Permission denied`.
    private static func reason(_ error: Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
