// Deep checks of succession: a successor whose file changes nothing, and a new version that does
// not say it succeeds the earlier one, and so drops everything it does not restate.

extension Analyzer {
    /// A successor that declares nothing but worked examples and sits on its predecessor's
    /// parent decides every claim as its predecessor does: almost certainly an unfinished file.
    static func unchangedSuccessors(_ library: PolicyLibrary) -> [Diagnostic] {
        library.entries.compactMap { entry in
            guard let predecessor = entry.info.predecessor, let earlier = library.entry(named: predecessor) else { return nil }
            let own = entry.program.policy.source
            let declaresChange =
                entry.program.rules.contains { $0.span.file === own }
                || entry.program.tables.contains { $0.span.file === own }
                || entry.program.inputs.contains { $0.span.file === own }
                || entry.program.limits.contains { $0.span.file === own }
                || entry.program.repealed.values.contains { $0.policy == entry.info.name }
                || entry.program.enums.count != earlier.program.enums.count
                || zip(entry.program.enums, earlier.program.enums).contains { $0.cases != $1.cases }
            let sameParent = parent(of: entry, in: library) == parent(of: earlier, in: library)
            return declaresChange || !sameParent ? nil : Messages.successorChangesNothing(entry.info, predecessor: predecessor)
        }
    }

    /// The policy a policy's layers rest on: its own `extends`, or the nearest version's before it.
    private static func parent(of entry: PolicyLibrary.Entry, in library: PolicyLibrary) -> String? {
        var current: PolicyLibrary.Entry? = entry
        while let info = current?.info {
            if let parent = info.parent { return parent }
            current = info.predecessor.flatMap(library.entry(named:))
        }
        return nil
    }

    /// A policy that redefines programs of an earlier policy of its jurisdiction which ended
    /// before it took force, without succeeding it: the earlier policy's other programs are in
    /// force nowhere from then on, silently. A note, since a new document may replace an old one
    /// whole; `succeeds` keeps the rest.
    static func unsucceededVersions(_ library: PolicyLibrary) -> [Diagnostic] {
        library.entries.compactMap { entry in
            let info = entry.info
            let linked = Set(entry.program.chain.map(\.name))
            let earlier = library.entries.filter {
                $0.info.jurisdiction == info.jurisdiction && $0.info.period.end < info.period.start
                    && !linked.contains($0.info.name)
            }
            guard let previous = earlier.max(by: { $0.info.period.end < $1.info.period.end }) else { return nil }
            let own = Set(
                entry.program.programs.keys.filter { entry.program.rules[entry.program.programs[$0]!].policy == info.name })
            let theirs = Set(
                previous.program.programs.keys.filter {
                    previous.program.rules[previous.program.programs[$0]!].policy == previous.info.name
                })
            let shared = own.intersection(theirs).sorted()
            let dropped = theirs.subtracting(own).subtracting(entry.program.programs.keys).sorted()
            guard !shared.isEmpty, !dropped.isEmpty else { return nil }
            return Messages.notSucceeded(info, earlier: previous.info, shared: shared, dropped: dropped)
        }
    }
}
