// The `test` blocks of the policy being checked: givens, expectations and their types.

extension CheckContext {
    // MARK: Tests

    /// The tests written in the policy being checked, and those of the earlier versions it
    /// succeeds that it neither restates (a test of the same name) nor repeals: a parent's tests
    /// run under the parent, a predecessor's under its successor too.
    func checkTests() -> [TestCase] {
        currentRule = nil
        var tests: [TestCase] = []
        var restated: Set<String> = []
        for fileIndex in (versionsFrom...leaf).reversed() {
            currentFile = fileIndex
            for case .test(let test) in files[fileIndex].declarations {
                guard restated.insert(test.name.text).inserted || fileIndex == leaf else { continue }
                guard fileIndex == leaf || !isRepealed(.test, test.name.text, declaredIn: fileIndex) else { continue }
                if let checked = checkTest(test, in: fileIndex) { tests.append(checked) }
            }
        }
        currentFile = leaf
        // The policy's own tests first, then the inherited ones, newest version first.
        return tests
    }

    private func checkTest(_ declaration: TestDeclaration, in fileIndex: Int) -> TestCase? {
        let source = files[fileIndex].source
        // A predecessor's test reads what the successor defines: its names bind as the
        // successor's, as a layer's references do.
        let scope = fileIndex == leaf ? scopes[leaf] : scopes[fileIndex].merging(scopes[leaf]) { _, successor in successor }
        var givenInputs: [(Int, RuntimeValue)] = []
        var givenRules: [(Int, RuntimeValue)] = []
        var claimDate: CalendarDate?
        var applicationDate: CalendarDate?
        var valid = true
        for given in declaration.givens {
            guard let name = given.name else {
                let node = check(given.value, expecting: .date)
                if case .number(let day)? = node.constantValue, node.type == .date {
                    let date = CalendarDate(dayNumber: day.integerValue ?? 0)
                    if given.isApplicationDate { applicationDate = date } else { claimDate = date }
                } else {
                    report(Messages.typeMismatch(source, given.value.range, expected: .date, found: node.type))
                    valid = false
                }
                continue
            }
            guard let declared = scope[name.name] else {
                report(
                    Messages.unknownName(
                        source, name.range, name.name, suggestion: closest(to: name.name, among: Array(scope.keys))))
                valid = false
                continue
            }
            let node = check(given.value, expecting: declared.type)
            guard let value = node.constantValue, node.type.agrees(with: declared.type) else {
                if !node.type.isError {
                    report(
                        node.constantValue == nil
                            ? Messages.givenNotConstant(source, given.value.range)
                            : Messages.typeMismatch(source, given.value.range, expected: declared.type, found: node.type))
                }
                valid = false
                continue
            }
            switch declared.kind {
            case .input(let slot): givenInputs.append((slot, value))
            case .rule(let slot, _): givenRules.append((slot, value))
            case .table:
                report(Messages.givenTable(source, name.range, name.name))
                valid = false
            }
        }
        var expectations: [TestCase.Expectation] = []
        for expectation in declaration.expectations {
            guard case .rule(let slot, _)? = scope[expectation.name.name]?.kind,
                let type = scope[expectation.name.name]?.type
            else {
                report(
                    Messages.expectNotRule(
                        source, expectation.name.range, expectation.name.name,
                        suggestion: closest(to: expectation.name.name, among: ruleNames(in: scope))))
                valid = false
                continue
            }
            let finalSlot = slot
            switch expectation.outcome {
            case .refused(let reason):
                expectations.append(
                    .init(
                        rule: finalSlot, outcome: .refused(reason?.text), span: SourceSpan(file: source, range: expectation.range)
                    ))
            case .value(let expression):
                let node = check(expression, expecting: type)
                guard let value = node.constantValue, node.type.agrees(with: type) else {
                    if !node.type.isError {
                        report(
                            node.constantValue == nil
                                ? Messages.givenNotConstant(source, expression.range)
                                : Messages.typeMismatch(source, expression.range, expected: type, found: node.type))
                    }
                    valid = false
                    continue
                }
                expectations.append(
                    .init(
                        rule: finalSlot, outcome: .value(value), span: SourceSpan(file: source, range: expectation.range)))
            }
        }
        guard valid else { return nil }
        return TestCase(
            name: declaration.name.text, givenInputs: givenInputs, givenRules: givenRules, claimDate: claimDate,
            applicationDate: applicationDate,
            givens: declaration.givens.map { ($0.name?.name, $0.range) }, expectations: expectations,
            span: SourceSpan(file: source, range: declaration.range),
            policy: infos[fileIndex]?.name ?? "", inheritedFrom: fileIndex == leaf ? nil : infos[fileIndex]?.name)
    }

    private func ruleNames(in scope: [String: Declared]) -> [String] {
        scope.compactMap { name, declared in
            if case .rule = declared.kind { return name }
            return nil
        }
    }
}
