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
        load(parsed: sources.map { Parser.parse($0) })
    }

    /// Links and checks policy files already parsed, each with the diagnostics of its parsing
    /// (`Parser.parse`), for a caller that needs the parse too.
    package static func load(parsed files: [(PolicyFile, [Diagnostic])]) -> PolicyLibrary {
        var diagnostics: [Diagnostic] = []
        var parsed: [PolicyFile] = []
        var parseFailed: Set<String> = []
        for (file, fileDiagnostics) in files {
            diagnostics += fileDiagnostics
            parsed.append(file)
            if fileDiagnostics.hasErrors { parseFailed.insert(file.source.path) }
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
        var checked: [(file: PolicyFile, diagnostics: [Diagnostic])] = []
        for file in parsed {
            guard let header = file.header, byName[header.name.name]?.source === file.source else { continue }
            guard let chain = chain(of: file, in: byName, diagnostics: &diagnostics) else { continue }
            // A file that did not parse is reported already; checking it would only repeat that.
            guard !chain.files.contains(where: { parseFailed.contains($0.source.path) }) else { continue }
            let (program, checkDiagnostics) = Checker.check(chain: chain.files, versionsFrom: chain.versions)
            checked.append((file, checkDiagnostics))
            if let program { entries.append(Entry(info: program.policy, program: program)) }
        }
        diagnostics += inheritedProblems(checked)
        diagnostics += ambiguities(entries)
        return PolicyLibrary(entries: entries, diagnostics: diagnostics.sortedByLocation())
    }

    /// The files a policy is checked with, outermost first, and where its own versions start in
    /// that list; nil when a link is broken. A policy that `succeeds` an earlier one carries the
    /// earlier one's file (and its predecessors') just below itself, over its own parent:
    /// `[parent's layers…, predecessor's predecessor, predecessor, policy]`.
    private static func chain(
        of file: PolicyFile, in byName: [String: PolicyFile], diagnostics: inout [Diagnostic]
    ) -> (files: [PolicyFile], versions: Int)? {
        let header = file.header!
        let name = header.name.name
        do throws(BrokenLink) {
            let files = try layers(of: file, in: byName, path: [])
            return (files, files.count - (try versions(of: file, in: byName, path: [])).count)
        } catch {
            let link = header.extends ?? header.succeeds!
            switch error {
            case .missing(let missing, let isParent, let owner) where owner == name:
                diagnostics.append(
                    isParent
                        ? Messages.unknownParent(
                            file.source, missing.range, missing.name,
                            suggestion: closest(to: missing.name, among: Array(byName.keys)))
                        : Messages.unknownPredecessor(
                            file.source, missing.range, missing.name,
                            suggestion: closest(to: missing.name, among: Array(byName.keys))))
            case .cycle(let names) where names.first == name:
                // Point at the link that starts the circle: `succeeds` or `extends`.
                let first = [header.succeeds, header.extends].compactMap { $0 }.first { names.dropFirst().first == $0.name }
                diagnostics.append(Messages.extendsCycle(file.source, (first ?? link).range, names: names))
            default:
                diagnostics.append(Messages.brokenAncestor(file.source, link.range, link.name))
            }
            return nil
        }
    }

    /// Why a policy's layers cannot be put together.
    private enum BrokenLink: Error {
        /// A policy named by `extends` (or `succeeds`) that is not loaded, and the policy naming it.
        case missing(Identifier, isParent: Bool, owner: String)
        /// Policies that extend or succeed each other in a circle, the first one last again.
        case cycle([String])
    }

    /// `[parent's layers…, versions…]`; `path` holds the policies on the way down, to name a circle.
    private static func layers(of file: PolicyFile, in byName: [String: PolicyFile], path: [String]) throws(BrokenLink)
        -> [PolicyFile]
    {
        let versions = try versions(of: file, in: byName, path: path)
        let path = path + versions.reversed().map { $0.header!.name.name }
        // The parent: the newest version's `extends`, or an older version's.
        guard let owner = versions.last(where: { $0.header?.extends != nil }), let parent = owner.header?.extends else {
            return versions
        }
        guard let next = byName[parent.name] else {
            throw .missing(parent, isParent: true, owner: owner.header!.name.name)
        }
        if path.contains(parent.name) { throw .cycle(path + [parent.name]) }
        return try layers(of: next, in: byName, path: path) + versions
    }

    /// The policy and the earlier versions it succeeds, oldest first.
    private static func versions(of file: PolicyFile, in byName: [String: PolicyFile], path: [String]) throws(BrokenLink)
        -> [PolicyFile]
    {
        var versions = [file]
        var names = path + [file.header!.name.name]
        while let link = versions[0].header?.succeeds {
            guard let earlier = byName[link.name] else {
                throw .missing(link, isParent: false, owner: versions[0].header!.name.name)
            }
            if names.contains(link.name) { throw .cycle(names + [link.name]) }
            names.append(link.name)
            versions.insert(earlier, at: 0)
        }
        return versions
    }

    /// Each policy's own problems, and the problems its layers have only under it: a predecessor's
    /// rule that no longer checks over the successor's new parent, a province's `match` that an
    /// enum case added below leaves incomplete. Those are reported on the policy that causes them,
    /// where it names the layer, with the place in the layer's file.
    private static func inheritedProblems(_ checked: [(file: PolicyFile, diagnostics: [Diagnostic])]) -> [Diagnostic] {
        func key(_ diagnostic: Diagnostic) -> String {
            "\(diagnostic.code.rawValue)|\(diagnostic.file?.path ?? "")|\(diagnostic.range?.start ?? -1)|\(diagnostic.message.english)"
        }
        var own: Set<String> = []
        for (file, diagnostics) in checked {
            for diagnostic in diagnostics where diagnostic.file === file.source || diagnostic.file == nil {
                own.insert(key(diagnostic))
            }
        }
        var names: [String: String] = [:]
        for (file, _) in checked { names[file.source.path] = file.header?.name.name }
        var result: [Diagnostic] = []
        for (file, diagnostics) in checked {
            var seen: Set<String> = []
            for diagnostic in diagnostics {
                guard let layer = diagnostic.file, layer !== file.source else {
                    result.append(diagnostic)
                    continue
                }
                guard !own.contains(key(diagnostic)), seen.insert(key(diagnostic)).inserted else { continue }
                result.append(Messages.inheritedProblem(diagnostic, in: names[layer.path] ?? layer.path, under: file))
            }
        }
        return result
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
        // The newest policy that mentions the program decides it, or says it is repealed.
        let deciding = inForce.first { $0.program.programs[program] != nil || $0.program.repealed[program] != nil }
        if let entry = deciding, let repeal = entry.program.repealed[program] {
            let clause = repeal.citation.map { Phrase(verbatim: " [\($0)]") } ?? .empty
            return .failure(
                ClaimProblem(
                    message(
                        "\(program) was repealed by \(repeal.policy)\(clause), which is in force for \(entry.info.jurisdictionPath) on \(date)",
                        "\(program)已由\(repeal.policy)废止\(clause)，该政策\(date)在\(entry.info.jurisdictionPath)施行")))
        }
        if let route = route(program: program, among: inForce, on: date) { return .success((route.entry, route.slot)) }
        let offered = Set(inForce.flatMap { $0.program.programs.keys }).sorted()
        let suggestion = closest(to: program, among: offered).map { message("did you mean \($0)? ", "是否应为\($0)？") } ?? .empty
        let place = path.joined(separator: "/")
        return .failure(
            ClaimProblem(
                message(
                    "no policy in force for \(place) on \(date) has the program \(program); \(suggestion)programs: \(offered, separator: ", ")",
                    "\(date)在\(place)施行的政策中没有项目\(program)；\(suggestion)现有项目为：\(offered, separator: "、")")))
    }

    /// How a program is decided at a place on a day: the policy a claim is routed to (the first
    /// of `policiesInForce` that has the program), the policy whose definition prices it, and
    /// whether that definition applies on the day (the compiler's guard,
    /// `Program.boundingPolicy(of:)`). Nil when no policy in force has the program.
    package struct Route: Sendable {
        /// The policy the claim is routed to, and the program's rule slot in it.
        package let entry: Entry
        package let slot: Int
        /// The policies from the routed one up to the one that defines the program's rule, in the
        /// routed policy's chain: `[陵川县2020, 山西省2021]`; one name when it defines it itself.
        package let layers: [String]
        /// The policy whose definition does not apply on the day because it is not in force: every
        /// claim of the program is refused with that reason.
        package let notInForce: PolicyInfo?
        /// Policies whose rules the definition reads (a county's `inherited` falling back to its
        /// province) and that are not in force on the day: a claim that needs them is refused.
        package let readsNotInForce: [PolicyInfo]

        /// The policy whose file defines the program's rule.
        package var definedBy: String { entry.program.rules[slot].policy }
        package var applies: Bool { notInForce == nil }
    }

    package func route(program: String, at jurisdiction: [String], on date: CalendarDate) -> Route? {
        route(program: program, among: policiesInForce(at: resolve(jurisdiction), on: date), on: date)
    }

    /// The route of a program among the policies in force (as `policiesInForce` orders them) on a day.
    /// Nil, too, when the newest policy that mentions the program repeals it.
    package func route(program: String, among inForce: [Entry], on date: CalendarDate) -> Route? {
        guard
            let entry = inForce.first(where: { $0.program.programs[program] != nil || $0.program.repealed[program] != nil }),
            let slot = entry.program.programs[program]
        else { return nil }
        let rules = entry.program.rules
        let definedBy = rules[slot].policy
        let names = entry.program.chain.map(\.name)
        let layers = names.firstIndex(of: definedBy).map { Array(names[...$0]) } ?? [entry.info.name, definedBy]
        let bound = entry.program.boundingPolicy(of: rules[slot])
        let notInForce = bound.flatMap { $0.period.contains(date) ? nil : $0 }
        // The rules the definition reads, at any depth, each guarded as the compiler guards it.
        var readsNotInForce: [PolicyInfo] = []
        if notInForce == nil {
            var seen: Set<Int> = [slot]
            var pending = [slot]
            while let next = pending.popLast() {
                rules[next].body.forEachRuleReference { read in
                    guard seen.insert(read).inserted else { return }
                    pending.append(read)
                    if let bound = entry.program.boundingPolicy(of: rules[read]), !bound.period.contains(date),
                        !readsNotInForce.contains(where: { $0.name == bound.name })
                    {
                        readsNotInForce.append(bound)
                    }
                }
            }
        }
        return Route(entry: entry, slot: slot, layers: layers, notInForce: notInForce, readsNotInForce: readsNotInForce)
    }

    /// A place as a claim writes it (`山西省/晋城市/陵川县`, or a bare `陵川县`), as `select` reads it.
    package func resolve(written text: String) -> [String] {
        resolve(Claim.jurisdictionPath(text))
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
