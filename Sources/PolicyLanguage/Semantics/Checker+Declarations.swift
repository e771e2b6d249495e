// The checker's first passes: each policy's header, its enums and the names it declares, with
// what a child may override of its parent; then the bounds of inputs and the bodies of rules.

extension CheckContext {
    // MARK: Header

    func checkHeader(_ file: PolicyFile) -> PolicyInfo? {
        guard let header = file.header else { return nil }
        let source = file.source
        var missing: [Phrase] = []
        if header.title == nil { missing.append(Phrase("title \"…\"", "标题 \"…\"")) }
        if header.document == nil { missing.append(Phrase("document \"…\"", "文号 \"…\"")) }
        if header.jurisdiction == nil { missing.append(Phrase("jurisdiction 山西省/…", "辖区 山西省/…")) }
        if header.period == nil { missing.append(Phrase("in force FROM to TO", "施行 首日 至 末日")) }
        if !missing.isEmpty {
            report(Messages.incompleteHeader(source, header.name.range, missing: missing))
            return nil
        }
        let period = header.period!
        if let end = period.end, end.date < period.start.date {
            report(Messages.periodEndsBeforeStart(source, period.start.range.union(end.range)))
            return nil
        }
        if header.extends?.name == header.name.name {
            report(Messages.extendsItself(source, header.extends!.range))
        }
        return PolicyInfo(
            name: header.name.name, title: header.title!.text, document: header.document!.text,
            jurisdiction: header.jurisdiction!.map(\.name),
            period: period.end.map { Period(start: period.start.date, end: $0.date) } ?? Period(start: period.start.date),
            parent: header.extends?.name, predecessor: header.succeeds?.name, source: source, nameRange: header.name.range,
            countingYearStart: header.countingYearStart?.date)
    }

    // MARK: Declarations

    func declareEnums() {
        for (index, file) in files.enumerated() {
            for case .enumeration(let declaration) in file.declarations {
                let name = declaration.name.name
                if declaration.amendment != nil {
                    amendEnum(declaration, in: index)
                    continue
                }
                if let existing = enums[name] {
                    report(
                        Messages.duplicateEnum(
                            file.source, declaration.name.range, name,
                            previous: files[existing.file].source, existing.range,
                            inParent: existing.file != index ? infos[existing.file]?.name : nil))
                    continue
                }
                var seen: [String: SourceRange] = [:]
                for enumCase in declaration.cases {
                    if let first = seen[enumCase.name] {
                        report(Messages.duplicateCase(file.source, enumCase.range, enumCase.name, first: first))
                    }
                    seen[enumCase.name] = enumCase.range
                }
                let type = EnumType(name: name, cases: declaration.cases.map(\.name))
                enums[name] = (type, index, declaration.name.range)
                enumOrder.append(type)
            }
        }
    }

    func declareNames() {
        var scope: [String: Declared] = [:]
        for (index, file) in files.enumerated() {
            currentFile = index
            var ownNames: [String: SourceRange] = [:]
            for declaration in file.declarations {
                guard let name = declaration.name else { continue }
                if case .enumeration = declaration { continue }
                if let first = ownNames[name.name] {
                    report(Messages.duplicateName(file.source, name.range, name.name, first: first))
                    continue
                }
                ownNames[name.name] = name.range
                let declared: Declared
                switch declaration {
                case .input(let input):
                    let slot = inputs.count
                    let type = resolve(input.type)
                    inputs.append(
                        Input(
                            name: input.name.name, type: type, lower: nil, upper: nil, isOpen: input.isOpen,
                            citation: citation(input.citation, in: index),
                            span: SourceSpan(file: file.source, range: input.range), nameRange: input.name.range,
                            policy: infos[index]?.name ?? ""))
                    if input.isOpen, input.citation == nil {
                        report(Messages.missingCitation(file.source, name.range, what: "open parameter", name.name))
                    }
                    declared = Declared(kind: .input(slot), type: type, file: index, range: name.range)
                case .rule(let rule):
                    let slot = rules.count
                    rules.append(nil)
                    dependencies.append([])
                    ruleDeclarations.append((rule, index))
                    declared = Declared(
                        kind: .rule(slot, kind: rule.kind), type: rule.type.map(resolve) ?? .bool, file: index,
                        range: name.range)
                case .table(let table):
                    let slot = tables.count
                    tables.append(nil)
                    tableDeclarations.append((table, index))
                    declared = Declared(kind: .table(slot), type: .error, file: index, range: name.range)
                case .enumeration, .milestones, .limit, .test, .repeal, .deadline:
                    continue
                }
                if let previous = scope[name.name] {
                    checkOverride(declared, of: previous, name: name, in: file.source)
                } else if case .table(let table) = declaration, table.amendment != nil {
                    report(
                        Messages.nothingToAmend(
                            file.source, name.range, what: Phrase("table", "表"), name.name,
                            suggestion: closest(
                                to: name.name,
                                among: scope.compactMap { name, declared in
                                    if case .table = declared.kind { return name }
                                    return nil
                                })))
                }
                scope[name.name] = declared
            }
            scopes.append(scope)
        }
    }

    /// A child policy may redefine a parent's rule, program or table with the same type, or
    /// supply a value for a parent's input with a rule.
    private func checkOverride(_ declared: Declared, of previous: Declared, name: Identifier, in source: SourceFile) {
        let parent = infos[previous.file].map { Phrase(verbatim: $0.name) } ?? Phrase("the parent policy", "上级政策")
        func kindName(_ kind: Declared.Kind) -> Phrase {
            switch kind {
            case .input: Phrase("an input", "输入")
            case .rule(_, .obligation): Phrase("an obligation", "义务")
            case .rule(_, let kind): Phrase("a \(kind.rawValue)", kind == .program ? "项目" : "规则")
            case .table: Phrase("a table", "表")
            }
        }
        switch (declared.kind, previous.kind) {
        case (.rule(_, let now), .rule(_, let was)) where was != .rule && now != was:
            report(
                Messages.overrideKind(
                    source, name.range, name.name, parent: parent, was: kindName(previous.kind), now: kindName(declared.kind)))
        case (.rule, .rule), (.rule(_, .rule), .input):
            if !declared.type.agrees(with: previous.type) {
                report(
                    Messages.overrideType(source, name.range, name.name, parent: parent, was: previous.type, now: declared.type))
            }
        case (.input, .input) where isSuccession(declared.file) && !isSuccession(previous.file) || isOpen(previous):
            // A lower layer narrows a number its parent left open (a county's 4000–6000 within
            // the province's "at least 4000"); the claim still supplies it. A version carried over
            // onto a newer parent may declare again a fact the new parent declares too.
            if !declared.type.agrees(with: previous.type) {
                report(
                    Messages.overrideType(source, name.range, name.name, parent: parent, was: previous.type, now: declared.type))
            }
        case (.table, .table):
            break  // Columns are compared once the tables are checked.
        default:
            report(
                Messages.overrideKind(
                    source, name.range, name.name, parent: parent, was: kindName(previous.kind), now: kindName(declared.kind)))
        }
    }

    private func isOpen(_ declared: Declared) -> Bool {
        if case .input(let slot) = declared.kind { return inputs[slot]?.isOpen == true }
        return false
    }

    private func resolve(_ syntax: TypeSyntax) -> ValueType {
        switch syntax.kind {
        case .number: return .number
        case .bool: return .bool
        case .date: return .date
        case .text: return .text
        case .identity: return .identity
        case .unit(let unit): return .quantity(resolve(unit))
        case .named(let name):
            if let found = enums[name.name] { return .enumeration(found.type) }
            report(
                Messages.unknownType(
                    files[currentFile].source, name.range, name.name,
                    suggestion: closest(to: name.name, among: Array(enums.keys))))
            return .error
        }
    }

    func resolve(_ unit: UnitSyntax) -> Unit {
        var result = Unit.number
        for word in unit.numerator { result = result * Unit(keyword: word)! }
        for word in unit.denominator { result = result / Unit(keyword: word)! }
        return result
    }

    // MARK: Inputs and rules

    func checkInputBounds() {
        for (fileIndex, file) in files.enumerated() {
            currentFile = fileIndex
            for case .input(let declaration) in file.declarations {
                guard case .input(let slot)? = scopes[fileIndex][declaration.name.name]?.kind,
                    scopes[fileIndex][declaration.name.name]?.file == fileIndex,
                    let input = inputs[slot],
                    declaration.lower != nil || declaration.upper != nil
                else { continue }
                guard input.type.isOrdered else {
                    report(Messages.boundsOnUnorderedInput(file.source, declaration.type.range, input.type))
                    continue
                }
                func bound(_ expression: Expression?) -> ExactDecimal? {
                    guard let expression else { return nil }
                    let node = check(expression, expecting: input.type)
                    if !node.type.agrees(with: input.type) {
                        report(Messages.typeMismatch(file.source, node.range, expected: input.type, found: node.type))
                    } else if node.constantValue == nil {
                        report(Messages.boundsNotConstant(file.source, expression.range))
                    }
                    return node.type.isError ? nil : node.constantValue?.decimal
                }
                let lower = bound(declaration.lower)
                let upper = bound(declaration.upper)
                if let lower, let upper, upper < lower, let low = declaration.lower, let high = declaration.upper {
                    report(Messages.boundsReversed(file.source, low.range.union(high.range)))
                }
                inputs[slot] = Input(
                    name: input.name, type: input.type, lower: lower, upper: upper, isOpen: input.isOpen,
                    citation: input.citation, span: input.span, nameRange: input.nameRange, policy: input.policy)
            }
        }
    }

    func checkRuleBodies() {
        for (slot, (declaration, fileIndex)) in ruleDeclarations.enumerated() {
            currentFile = fileIndex
            currentRule = (declaration.name.name, slot)
            let source = files[fileIndex].source
            guard case .rule? = scopes[fileIndex][declaration.name.name]?.kind,
                let declaredType = scopes[fileIndex][declaration.name.name].map(\.type)
            else { continue }
            let citation = citation(declaration.citation, in: fileIndex)
            currentCitation = citation
            let body: Node
            if declaration.kind == .obligation, let violation = declaration.violation {
                // An obligation is met or not: `require CONDITION else "…"`, then true.
                let condition = checkCondition(declaration.body)
                let requirement = CheckedRequirement(
                    condition: condition, reason: internReason(Phrase(verbatim: violation.text)), range: declaration.body.range)
                body = node(
                    .require([requirement], constant(.boolean(true), .bool, declaration.body.range)), .bool,
                    declaration.body.range)
            } else {
                body = check(declaration.body, expecting: declaredType)
                if !body.type.agrees(with: declaredType) {
                    report(
                        Messages.ruleType(
                            source, declaration.body.range, declaration.name.name, declared: declaredType, found: body.type))
                }
            }
            if citation == nil, declaredType.unit?.involvesMoney == true || declaration.kind == .obligation {
                report(
                    Messages.missingCitation(
                        source, declaration.name.range, what: declaration.kind.rawValue, declaration.name.name))
            }
            rules[slot] = Rule(
                name: declaration.name.name, type: declaredType, citation: citation, kind: declaration.kind,
                body: body, span: SourceSpan(file: source, range: declaration.range), nameRange: declaration.name.range,
                policy: infos[fileIndex]?.name ?? "")
        }
        currentRule = nil
        currentCitation = nil
    }

    func citation(_ literal: TextLiteral?, in fileIndex: Int) -> Citation? {
        guard let literal else { return nil }
        if literal.text.allSatisfy(\.isWhitespace) {
            report(Messages.emptyCitation(files[fileIndex].source, literal.range))
        }
        return Citation(document: infos[fileIndex]?.document ?? "", clause: literal.text)
    }
}
