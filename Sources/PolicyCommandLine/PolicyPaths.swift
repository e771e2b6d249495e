// The policies a command line names, and how their loading problems are said. A file is read
// with the policies beside it (its directory), which it may extend or succeed, and only what is
// about the files named is shown (`policy check FILE`, `policy test FILE`). A path that is not
// there, or holds no policy, is said with the option that named it (`--before DIR`), and a
// parent that no file defines with the places searched.

import Foundation
import PolicyLanguage

/// The files and directories of policies given as operands (`policy check a.policy policies/`).
struct NamedPolicies {
    /// What is loaded: each directory named; each file named, with the `.policy` files beside it
    /// (in its directory and below, as a directory is read) that can be read; each once.
    let paths: [String]
    /// Where policies were looked for: the directories named and those of the files named.
    let searched: [String]
    /// The files named, by their standardized path.
    let files: Set<String>
    /// The directories named, by their standardized path.
    let directories: [String]

    init(_ operands: [String]) {
        var directories: [String] = []
        var files: Set<String> = []
        var searched: [String] = []
        var loaded: [String] = []
        var seen: Set<String> = []
        func add(_ path: String) {
            if seen.insert(Self.standardized(path)).inserted { loaded.append(path) }
        }
        for path in operands {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.insert(Self.standardized(path))
                let directory = (path as NSString).deletingLastPathComponent
                searched.append(directory.isEmpty ? "." : directory)
                add(path)
                // A neighbour that cannot be read is not the command line's: it is left out.
                for neighbour in Self.policyFiles(in: directory.isEmpty ? "." : directory).sorted() { add(neighbour) }
            } else {
                // A path that is not there is loaded as given, and reported as it was written.
                directories.append(Self.standardized(path))
                searched.append(path)
                add(path)
            }
        }
        // The files named first: a neighbour defining a policy of the same name is the one said
        // to be a duplicate, and it is not shown. Then the rest in the order given.
        let named = loaded.filter { files.contains(Self.standardized($0)) }
        self.paths = named + loaded.filter { !files.contains(Self.standardized($0)) }
        self.searched = searched.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        self.files = files
        self.directories = directories
    }

    /// Whether what is about this file is shown: every file when only directories were named,
    /// else the files named and those in a directory named.
    func shows(_ path: String?) -> Bool {
        guard let path, !files.isEmpty else { return true }
        let file = Self.standardized(path)
        return files.contains(file) || directories.contains { file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The readable regular `.policy` files in a directory and below, as `PolicyLibrary` reads a
    /// directory.
    private static func policyFiles(in directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        for case let relative as String in enumerator where relative.hasSuffix(".policy") {
            let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isReadableFile(atPath: path)
            else { continue }
            files.append(path)
        }
        return files
    }
}

extension Console {
    /// A library's diagnostics as the command line should say them: a missing path or an empty
    /// one with the option that named it (`--before DIR`; nil for operands), and a parent no file
    /// defines with the paths that were searched.
    static func explained(_ diagnostics: [Diagnostic], option: String?, searched: [String]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            switch diagnostic.code {
            case .noSuchPath:
                diagnostic.hint =
                    option.map {
                        Phrase("give the directory of .policy files with \($0) DIR", "请用 \($0) DIR 给出 .policy 文件所在的目录")
                    } ?? Phrase("give a .policy file or a directory of them", "请给出 .policy 文件或其所在的目录")
            case .noPolicies:
                diagnostic.hint =
                    option.map {
                        Phrase("point \($0) at the directory that holds the policy files", "请用 \($0) 指定存放政策文件的目录")
                    } ?? Phrase("name a directory that holds .policy files", "请指定存放 .policy 文件的目录")
            case .unknownParent:
                // A close name is the likelier mistake; keep its "did you mean".
                guard !searched.isEmpty, let file = diagnostic.file, let range = diagnostic.range,
                    !(diagnostic.hint?.english.hasPrefix("did you mean") ?? false)
                else { break }
                let name = String(decoding: file.bytes[range.start..<range.end], as: UTF8.self)
                let places = searched.joined(separator: ", ")
                diagnostic.hint = Phrase(
                    "no .policy file in \(places) defines \(name): put its file there, or name the directory that holds it",
                    "在 \(searched.joined(separator: "、")) 中没有定义\(name)的 .policy 文件：请将其文件放入该处，或指定存放该文件的目录")
            default:
                break
            }
            return diagnostic
        }
    }

    /// Prints a library's errors and what is therefore not done, as `reportPolicyErrors(_:so:)`,
    /// with the hints said for the option that named its paths (nil: operands).
    func reportPolicyErrors(_ library: PolicyLibrary, so consequence: Phrase, option: String?, paths: [String]) -> ExitCode? {
        reportPolicyErrors(
            library, so: consequence, explained: Self.explained(library.diagnostics, option: option, searched: paths))
    }
}
