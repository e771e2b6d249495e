// Time: the date that decides a program (`dated NAME`), deadlines for applying, and dates made
// from numbers (`date(Y, M, D)`).

extension CheckContext {
    // MARK: Deciding dates

    /// `dated NAME` on a program or obligation: NAME must be a date input the claim gives.
    func checkDatedPrograms() {
        for (slot, (declaration, fileIndex)) in ruleDeclarations.enumerated() {
            guard let dated = declaration.dated else { continue }
            let source = files[fileIndex].source
            let scope = scopes[fileIndex]
            guard let declared = scope[dated.name], case .input(let input) = declared.kind, declared.type == .date else {
                let found: Phrase? =
                    scope[dated.name].map { declared in
                        switch declared.kind {
                        case .input:
                            Phrase("an input of type \(declared.type.name.english)", "类型为\(declared.type.name.chinese)的输入")
                        case .rule(_, let kind): kind == .rule ? Phrase("a rule", "规则") : Phrase("a program", "项目")
                        case .table: Phrase("a table", "表")
                        }
                    }
                let dateInputs = scope.compactMap { name, declared -> String? in
                    if case .input = declared.kind, declared.type == .date { return name }
                    return nil
                }
                report(
                    Messages.datedInput(
                        source, dated.range, dated.name, program: declaration.name.name, found: found,
                        suggestion: found == nil ? closest(to: dated.name, among: dateInputs) : nil))
                continue
            }
            rules[slot]?.decidingInput = input
        }
    }

    // MARK: Deadlines

    /// The deadlines of every policy of the chain, each resolved as the policy being checked
    /// resolves its programs; a later layer's deadline of the same name replaces the earlier one.
    func checkDeadlines() -> [Deadline] {
        checkNamed(
            .deadline, { if case .deadline(let deadline) = $0 { deadline } else { nil } }, name: \.name, check: checkDeadline)
    }

    private func checkDeadline(_ declaration: DeadlineDeclaration, in fileIndex: Int) -> Deadline? {
        let source = files[fileIndex].source
        var valid = true
        var programs: [Int] = []
        var programType: ValueType?
        for name in declaration.programs {
            guard case .rule(_, let kind)? = scopes[fileIndex][name.name]?.kind, kind != .rule,
                case .rule(let slot, _)? = scopes[leaf][name.name]?.kind
            else {
                let entryPoints = scopes[fileIndex].compactMap { name, declared -> String? in
                    if case .rule(_, let kind) = declared.kind, kind != .rule { return name }
                    return nil
                }
                report(
                    Messages.deadlineProgram(
                        source, name.range, name.name, suggestion: closest(to: name.name, among: entryPoints)))
                valid = false
                continue
            }
            programs.append(slot)
            let type = scopes[fileIndex][name.name]!.type
            if let first = programType, !first.agrees(with: type) {
                report(Messages.deadlinePrograms(source, name.range, expected: first, found: type))
                valid = false
            }
            programType = programType ?? type
        }
        let until = check(declaration.until, expecting: .date)
        if until.type != .date, !until.type.isError {
            report(Messages.deadlineDate(source, declaration.until.range, found: until.type))
            valid = false
        }
        if declaration.citation == nil {
            report(Messages.missingCitation(source, declaration.name.range, what: "deadline", declaration.name.name))
        }
        guard valid, !until.type.isError else { return nil }
        return Deadline(
            name: declaration.name.name, policy: infos[fileIndex]?.name ?? "",
            citation: citation(declaration.citation, in: fileIndex), programs: programs, until: until,
            span: SourceSpan(file: source, range: declaration.range))
    }

    // MARK: Dates from numbers

    /// `date(Y, M, D)`: three whole numbers; with constant arguments, the day itself, which must
    /// be one.
    func checkDateFromNumbers(_ arguments: [Node], _ range: SourceRange) -> Node {
        guard arguments.count == 3 else {
            report(
                Messages.argumentCount(
                    source, range, function: Keyword.date.phrase,
                    expected: Phrase("a year, a month and a day, as numbers", "年、月、日三个数值")))
            return errorNode(range)
        }
        var valid = true
        for argument in arguments where argument.type != .number && !argument.type.isError {
            report(Messages.typeMismatch(source, argument.range, expected: .number, found: argument.type))
            valid = false
        }
        guard valid, !arguments.contains(where: \.type.isError) else { return errorNode(range) }
        let constants = arguments.compactMap { $0.constantValue?.decimal.integerValue }
        if constants.count == 3 {
            guard let date = CalendarDate(year: constants[0], month: constants[1], day: constants[2]) else {
                report(Messages.dateFromNumbers(source, range, year: constants[0], month: constants[1], day: constants[2]))
                return errorNode(range)
            }
            return constant(.number(ExactDecimal(date.dayNumber)), .date, range)
        }
        return node(.call(.date, arguments), .date, range)
    }
}
