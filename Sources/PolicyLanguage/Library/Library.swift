// A library is a directory of `.policy` files, parsed, linked through `extends` and checked.
// It answers the question every claim starts with: given this date and this jurisdiction,
// which policy decides? The most specific jurisdiction in force wins; among policies of one
// jurisdiction whose periods overlap, the one that took force last prevails for the programs it
// defines, and the older one still decides the programs the newer one does not mention.

import Foundation

package final class PolicyLibrary: @unchecked Sendable {
    package struct Entry: Sendable {
        package let info: PolicyInfo
        package let program: Program
    }

    /// The policies that checked without errors, in path order.
    package let entries: [Entry]
    package let diagnostics: [Diagnostic]
    /// The fingerprint of the whole library: `Fingerprint.of` over the file of every policy that
    /// checked, in path order. Each policy's own, over its chain, is `Program.fingerprint`.
    package let fingerprint: String
    private var compiled: [String: CompiledProgram] = [:]
    private let lock = NSLock()

    package var hasErrors: Bool { diagnostics.hasErrors }

    private init(entries: [Entry], diagnostics: [Diagnostic], fingerprint: String? = nil) {
        self.entries = entries
        self.diagnostics = diagnostics
        self.fingerprint = fingerprint ?? Fingerprint.of(entries.map { ($0.info.name, $0.info.source.bytes) })
    }

    /// The fingerprints among `wanted` that neither a loaded policy nor the whole library has, in
    /// the order given: what stops a replay against other rules than those that made a batch.
    package func missingFingerprints(_ wanted: [String]) -> [String] {
        let known = Set(entries.map(\.program.fingerprint) + [fingerprint])
        return wanted.filter { !known.contains($0.lowercased()) }
    }

    package func entry(named name: String) -> Entry? {
        entries.first { $0.info.name == name }
    }

    /// The compiled form of a policy, built on first use and kept.
    package func compiled(_ entry: Entry, traced: Bool) -> CompiledProgram {
        let key = entry.info.name + (traced ? "#traced" : "")
        lock.lock()
        defer { lock.unlock() }
        if let program = compiled[key] { return program }
        let program = Compiler.compile(entry.program, traced: traced)
        compiled[key] = program
        return program
    }

    // MARK: Loading

    /// Loads every `.policy` file under the given files and directories.
    package static func load(paths: [String]) -> PolicyLibrary {
        var sources: [SourceFile] = []
        var problems: [Diagnostic] = []
        for path in paths {
            switch Self.sources(at: path) {
            case .success(let files): sources += files
            case .failure(let diagnostic): problems.append(diagnostic)
            }
        }
        if sources.isEmpty, problems.isEmpty {
            problems.append(
                Diagnostic(
                    .error, .noPolicies,
                    message(
                        "no .policy files found in \(verbatim: paths.joined(separator: ", "))",
                        "在\(verbatim: paths.joined(separator: "、"))中未找到 .policy 文件"),
                    file: nil, range: nil,
                    hint: message(
                        "point --policies at the directory that holds the policy files", "请用 --policies 指定存放政策文件的目录")))
        }
        let library = load(sources: sources)
        return PolicyLibrary(
            entries: library.entries, diagnostics: problems + library.diagnostics, fingerprint: library.fingerprint)
    }

    /// Parses, links and checks policy sources.
    package static func load(sources: [SourceFile]) -> PolicyLibrary {
        var diagnostics: [Diagnostic] = []
        var parsed: [PolicyFile] = []
        var parseFailed: Set<String> = []
        for source in sources {
            let (file, fileDiagnostics) = Parser.parse(source)
            diagnostics += fileDiagnostics
            parsed.append(file)
            if fileDiagnostics.hasErrors { parseFailed.insert(source.path) }
        }

        // Policies by name; a name must be unique across the library.
        var byName: [String: PolicyFile] = [:]
        for file in parsed {
            guard let header = file.header else { continue }
            if let first = byName[header.name.name] {
                diagnostics.append(
                    Messages.duplicatePolicy(file.source, header.name.range, header.name.name, first: first.source))
                continue
            }
            byName[header.name.name] = file
        }

        var entries: [Entry] = []
        for file in parsed {
            guard let header = file.header, byName[header.name.name]?.source === file.source else { continue }
            guard let chain = chain(of: file, in: byName, diagnostics: &diagnostics) else { continue }
            // A file that did not parse is reported already; checking it would only repeat that.
            guard !chain.contains(where: { parseFailed.contains($0.source.path) }) else { continue }
            let (program, checkDiagnostics) = Checker.check(chain: chain)
            diagnostics += checkDiagnostics
            if let program { entries.append(Entry(info: program.policy, program: program)) }
        }
        diagnostics += ambiguities(entries)
        return PolicyLibrary(entries: entries, diagnostics: diagnostics.sortedByLocation())
    }

    /// The policy and its ancestors, outermost first; nil when `extends` is broken.
    private static func chain(
        of file: PolicyFile, in byName: [String: PolicyFile], diagnostics: inout [Diagnostic]
    ) -> [PolicyFile]? {
        let name = file.header!.name.name
        var chain = [file]
        var seen: Set<String> = [name]
        var current = file
        while let parent = current.header?.extends {
            let ownExtends = file.header!.extends!
            guard let next = byName[parent.name] else {
                diagnostics.append(
                    current.source === file.source
                        ? Messages.unknownParent(
                            file.source, parent.range, parent.name,
                            suggestion: closest(to: parent.name, among: Array(byName.keys)))
                        : Messages.brokenAncestor(file.source, ownExtends.range, ownExtends.name))
                return nil
            }
            guard seen.insert(parent.name).inserted else {
                if parent.name == name {
                    let names = chain.reversed().map { $0.header!.name.name } + [name]
                    diagnostics.append(Messages.extendsCycle(file.source, ownExtends.range, names: names))
                } else {
                    diagnostics.append(Messages.brokenAncestor(file.source, ownExtends.range, ownExtends.name))
                }
                return nil
            }
            chain.insert(next, at: 0)
            current = next
        }
        return chain
    }

    /// Two policies for one jurisdiction taking force on the same day leave undecided which of
    /// them decides a program both define.
    private static func ambiguities(_ entries: [Entry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (index, a) in entries.enumerated() {
            for b in entries[(index + 1)...]
            where a.info.jurisdiction == b.info.jurisdiction && a.info.period.start == b.info.period.start {
                let shared = Set(a.program.programs.keys).intersection(b.program.programs.keys).sorted()
                if !shared.isEmpty { diagnostics.append(Messages.ambiguousPolicies(b.info, other: a.info, programs: shared)) }
            }
        }
        return diagnostics
    }

    /// The `.policy` files at a path: the file itself, or every one under a directory, in path order.
    package static func sources(at path: String) -> Result<[SourceFile], Diagnostic> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(
                Diagnostic(
                    .error, .noSuchPath, message("there is no file or directory \(verbatim: path)", "文件或目录\(verbatim: path)不存在"),
                    file: nil,
                    range: nil,
                    hint: message(
                        "give the directory of .policy files with --policies DIR", "请用 --policies DIR 给出 .policy 文件所在的目录")))
        }
        var paths: [String] = []
        if isDirectory.boolValue {
            guard let enumerator = FileManager.default.enumerator(atPath: path) else {
                return .failure(
                    Diagnostic(
                        .error, .unreadable, message("cannot read the directory \(verbatim: path)", "无法读取目录\(verbatim: path)"),
                        file: nil,
                        range: nil))
            }
            for case let relative as String in enumerator where relative.hasSuffix(".policy") {
                paths.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
            paths.sort()
        } else {
            paths = [path]
        }
        var files: [SourceFile] = []
        for file in paths {
            guard let data = FileManager.default.contents(atPath: file) else {
                return .failure(
                    Diagnostic(.error, .unreadable, message("cannot read \(file)", "无法读取\(file)"), file: nil, range: nil))
            }
            files.append(SourceFile(path: file, bytes: [UInt8](data)))
        }
        return .success(files)
    }

    // MARK: Selection

    /// The policies in force for a place on a day, the one that decides first.
    package func policiesInForce(at jurisdiction: [String], on date: CalendarDate) -> [Entry] {
        entries
            .filter { entry in
                entry.info.period.contains(date) && jurisdiction.starts(with: entry.info.jurisdiction)
            }
            .sorted { a, b in
                if a.info.jurisdiction.count != b.info.jurisdiction.count {
                    return a.info.jurisdiction.count > b.info.jurisdiction.count
                }
                return a.info.period.start > b.info.period.start
            }
    }

    /// The policy and program slot that decide a claim, or why there is none.
    package func select(program: String, at jurisdiction: [String], on date: CalendarDate) -> Result<(Entry, Int), ClaimProblem> {
        let path = resolve(jurisdiction)
        let inForce = policiesInForce(at: path, on: date)
        guard !inForce.isEmpty else {
            let nearby = entries.filter { path.starts(with: $0.info.jurisdiction) }
            let place = path.joined(separator: "/")
            if nearby.isEmpty {
                let known = Set(entries.map(\.info.jurisdictionPath)).sorted()
                return .failure(
                    ClaimProblem(
                        message(
                            "no policy covers the jurisdiction \(place); the policies cover \(known, separator: ", ")",
                            "没有政策适用于辖区\(place)；现有政策适用的辖区为：\(known, separator: "、")")))
            }
            let periods = nearby.map { entry in
                message(
                    "\(entry.info.name) (\(entry.info.jurisdictionPath), \(entry.info.period.phrase))",
                    "\(entry.info.name)（\(entry.info.jurisdictionPath)，\(entry.info.period.phrase)）")
            }
            return .failure(
                ClaimProblem(
                    message(
                        "no policy for \(place) is in force on \(date); in force at other times: \(periods.joined("; ", "；"))",
                        "\(date)没有适用于\(place)的政策施行；在其他时间施行的有：\(periods.joined("; ", "；"))")))
        }
        for entry in inForce {
            if let slot = entry.program.programs[program] { return .success((entry, slot)) }
        }
        let offered = Set(inForce.flatMap { $0.program.programs.keys }).sorted()
        let suggestion = closest(to: program, among: offered).map { message("did you mean \($0)? ", "是否应为\($0)？") } ?? .empty
        let place = path.joined(separator: "/")
        return .failure(
            ClaimProblem(
                message(
                    "no policy in force for \(place) on \(date) has the program \(program); \(suggestion)programs: \(offered, separator: ", ")",
                    "\(date)在\(place)施行的政策中没有项目\(program)；\(suggestion)现有项目为：\(offered, separator: "、")")))
    }

    /// A bare place name (`陵川县`) stands for the one known jurisdiction that ends with it.
    package func resolve(_ jurisdiction: [String]) -> [String] {
        let known = Set(entries.map(\.info.jurisdiction))
        if known.contains(where: { jurisdiction.starts(with: $0) }) { return jurisdiction }
        let matches = Set(
            known.flatMap { path in
                path.indices.compactMap { end in
                    Array(path[...end]).suffix(jurisdiction.count).elementsEqual(jurisdiction) ? Array(path[...end]) : nil
                }
            })
        return matches.count == 1 ? matches.first! : jurisdiction
    }
}
