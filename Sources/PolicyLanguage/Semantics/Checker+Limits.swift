// Limits on claims across a batch, and the check that rules neither use themselves nor go deeper
// than the engine evaluates.

extension CheckContext {
    // MARK: Limits

    /// The limits of every policy of the chain. A later layer's limit of the same name replaces
    /// the earlier one (and keeps its own counts in the ledger, filed under the policy that
    /// declares it).
    func checkLimits() -> [Limit] {
        checkNamed(.limit, { if case .limit(let limit) = $0 { limit } else { nil } }, name: \.name, check: checkLimit)
    }

    /// The declarations of one kind across the chain, checked by `check`, outermost first. A later
    /// layer's replaces an earlier one's; what a later file repeals is dropped.
    func checkNamed<Declared, Checked>(
        _ kind: RepealDeclaration.Kind, _ pick: (Declaration) -> Declared?, name: (Declared) -> Identifier,
        check: (Declared, Int) -> Checked?
    ) -> [Checked] {
        var checked: [(name: String, value: Checked)] = []
        var seen: [String: Int] = [:]
        for (fileIndex, file) in files.enumerated() {
            currentFile = fileIndex
            currentRule = nil
            for declaration in file.declarations.compactMap(pick) {
                let identifier = name(declaration)
                // Two of a name in one file are reported with every name declared twice.
                if seen[identifier.name] == fileIndex { continue }
                seen[identifier.name] = fileIndex
                checked.removeAll { $0.name == identifier.name }
                guard let value = check(declaration, fileIndex) else { continue }
                if !isRepealed(kind, identifier.name, declaredIn: fileIndex) { checked.append((identifier.name, value)) }
            }
        }
        return checked.map(\.value)
    }

    private func checkLimit(_ declaration: LimitDeclaration, in fileIndex: Int) -> Limit? {
        let source = files[fileIndex].source
        var valid = true
        var programs: [Int] = []
        var programType: ValueType?
        for name in declaration.programs {
            guard case .rule(_, let kind)? = scopes[fileIndex][name.name]?.kind, kind == .program,
                case .rule(let slot, _)? = scopes[leaf][name.name]?.kind
            else {
                let entryPoints = scopes[fileIndex].compactMap { name, declared -> String? in
                    if case .rule(_, .program) = declared.kind { return name }
                    return nil
                }
                report(
                    Messages.limitProgram(source, name.range, name.name, suggestion: closest(to: name.name, among: entryPoints)))
                valid = false
                continue
            }
            programs.append(slot)
            let type = scopes[fileIndex][name.name]!.type
            if let first = programType, first != type {
                report(Messages.limitProgramTypes(source, name.range, expected: first, found: type))
                valid = false
            }
            programType = programType ?? type
        }
        var keys: [Node] = []
        for key in declaration.keys {
            let node = check(key)
            if node.type.isError { valid = false }
            keys.append(node)
        }
        let bound: Limit.Bound
        switch declaration.bound {
        case .claims(let expression):
            let node = check(expression, expecting: .number)
            guard case .number(let count)? = node.constantValue, node.type == .number, let n = count.integerValue, n >= 1 else {
                if !node.type.isError { report(Messages.limitCount(source, expression.range)) }
                return nil
            }
            bound = .claims(n)
        case .amount(let expression):
            let node = check(expression, expecting: programType)
            if let programType, !node.type.agrees(with: programType) {
                report(Messages.limitAmountType(source, expression.range, programs: programType, found: node.type))
                valid = false
            } else if node.type.unit == nil, !node.type.isError {
                report(Messages.notANumber(source, expression.range, found: node.type, doing: Phrase("limit by", "用作限额")))
                valid = false
            }
            bound = .amount(node)
        }
        if declaration.citation == nil {
            report(Messages.missingCitation(source, declaration.name.range, what: "limit", declaration.name.name))
        }
        guard valid else { return nil }
        let policy = infos[fileIndex]?.name ?? ""
        return Limit(
            name: declaration.name.name, identity: policy + "/" + declaration.name.name,
            citation: citation(declaration.citation, in: fileIndex), programs: programs, keys: keys,
            keyLabels: declaration.keys.map { source.oneLineText(of: $0.range) }, bound: bound,
            span: SourceSpan(file: source, range: declaration.range))
    }

    /// Rules may not depend on themselves, however indirectly: every evaluation terminates.
    /// Rules that need each other in a circle, and rules whose evaluation would go deeper than
    /// the engine allows through the rules they use. Both walks are loops, not recursion, so a
    /// policy of a hundred thousand chained rules is checked, not a stack overflow.
    func checkCycles() {
        var state = [UInt8](repeating: 0, count: rules.count)  // 0 unvisited, 1 on the path, 2 done
        var finished: [Int] = []  // every rule after the rules it uses
        for root in rules.indices where state[root] == 0 {
            var path: [(slot: Int, next: [Int].Iterator)] = [(root, dependencies[root].sorted().makeIterator())]
            state[root] = 1
            while !path.isEmpty {
                guard let next = path[path.count - 1].next.next() else {
                    let (slot, _) = path.removeLast()
                    state[slot] = 2
                    finished.append(slot)
                    continue
                }
                if state[next] == 1 {
                    let slots = path.map(\.slot)
                    reportCycle(Array(slots[slots.firstIndex(of: next)!...]))
                } else if state[next] == 0 {
                    state[next] = 1
                    path.append((next, dependencies[next].sorted().makeIterator()))
                }
            }
        }
        guard !diagnostics.hasErrors else { return }
        // How deep evaluating each rule goes, the rules it uses included; only the first rule
        // to cross the limit is reported, as the others are deep because of it.
        var depths = [Int](repeating: 0, count: rules.count)
        for slot in finished {
            guard let rule = rules[slot] else { continue }
            depths[slot] = Self.evaluationDepth(of: rule.body, rules: depths)
            if depths[slot] > Self.maximumEvaluationDepth {
                let (declaration, fileIndex) = ruleDeclarations[slot]
                report(
                    Messages.evaluationTooDeep(
                        files[fileIndex].source, declaration.name.range, declaration.name.name, depth: depths[slot],
                        limit: Self.maximumEvaluationDepth))
                return
            }
        }
    }

    /// Levels of expressions and rule uses below which the engine evaluates a rule; at most a
    /// few kilobytes of stack each, so the deepest allowed rule fits well within the command
    /// line's evaluation thread.
    static let maximumEvaluationDepth = 1000

    private static func evaluationDepth(of node: Node, rules depths: [Int]) -> Int {
        var deepest = 0
        if case .rule(let slot) = node.kind { deepest = depths[slot] }
        node.forEachChild { deepest = max(deepest, evaluationDepth(of: $0, rules: depths)) }
        return deepest + 1
    }

    private func reportCycle(_ cycle: [Int]) {
        // Report at a rule of the policy being checked, if the cycle passes through one.
        let at = cycle.first(where: { ruleDeclarations[$0].file == leaf }) ?? cycle[0]
        let start = cycle.firstIndex(of: at)!
        let ordered = Array(cycle[start...] + cycle[..<start])
        let names = (ordered + [at]).map { ruleDeclarations[$0].0.name.name }
        let (declaration, fileIndex) = ruleDeclarations[at]
        report(Messages.cycle(files[fileIndex].source, declaration.name.range, names: names))
    }
}
