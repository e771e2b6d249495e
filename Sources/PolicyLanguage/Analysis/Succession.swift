// Deep checks of succession: a successor whose file changes nothing.

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
}
