// Expressions: names, literals, operators, members, calls and conditions, each to a typed `Node`.

extension CheckContext {
    // MARK: Expressions

    var source: SourceFile { files[currentFile].source }

    func check(_ expression: Expression, expecting expected: ValueType? = nil) -> Node {
        let range = expression.range
        switch expression.kind {
        case .number(let text, let unitSyntax):
            return checkNumber(text, unitSyntax, range)
        case .date(let date):
            return constant(.number(ExactDecimal(date.dayNumber)), .date, range)
        case .text(let text):
            if case .enumeration(let type)? = expected, type.ordinal(of: text) != nil {
                report(Messages.quotedCase(source, range, text))
                return errorNode(range)
            }
            if expected == .identity {
                // A person named in a test or compared with: read as a claim's number is read.
                do throws(IdentityNumber.Problem) {
                    return constant(.number(try IdentityNumber(reading: text).value), .identity, range)
                } catch {
                    report(Messages.invalidIdentity(source, range, text, problem: error))
                    return errorNode(range)
                }
            }
            return constant(.number(ExactDecimal(intern(text))), .text, range)
        case .boolean(let flag):
            return constant(.boolean(flag), .bool, range)
        case .none:
            report(Messages.noneOutsideTable(source, range))
            return errorNode(range)
        case .name(let name):
            return checkName(name, range, expecting: expected)
        case .claimDate:
            return node(.claimDate, .date, range)
        case .applicationDate:
            return node(.call(.applicationDate, []), .date, range)
        case .countingYear:
            return node(.call(.countingYear, []), .number, range)
        case .inherited:
            return checkInherited(range)
        case .unary(.negate, let operand):
            let value = check(operand, expecting: expected)
            guard case .quantity = value.type else {
                if !value.type.isError {
                    report(Messages.notANumber(source, operand.range, found: value.type, doing: Phrase("negate", "取负")))
                }
                return errorNode(range)
            }
            if case .number(let constantValue)? = value.constantValue, let negated = try? constantValue.negated() {
                return constant(.number(negated), value.type, range)
            }
            return node(.negate(value), value.type, range)
        case .unary(.not, let operand):
            return node(.not(checkCondition(operand)), .bool, range)
        case .binary(let op, let left, let right):
            return checkBinary(op, left, right, range)
        case .bound(let kind, let value, let limit):
            let checkedValue = check(value, expecting: expected)
            let checkedLimit = check(limit, expecting: checkedValue.type)
            if checkedValue.type.isOrdered, checkedLimit.type.isOrdered, !checkedValue.type.agrees(with: checkedLimit.type) {
                report(
                    missingPerUnit(in: checkedValue, limit: checkedLimit)
                        ?? Messages.boundUnit(source, kind, value: checkedValue, limit: checkedLimit))
                return errorNode(range)
            }
            let type = requireOrdered(checkedValue, checkedLimit, doing: kind.phrase)
            return node(.bound(kind, checkedValue, limit: checkedLimit), type, range)
        case .rounded(let value, let quantum):
            return checkRounded(value, quantum, range, expecting: expected)
        case .otherwise(let value, let fallback):
            let checkedValue = check(value, expecting: expected)
            let checkedFallback = check(fallback, expecting: checkedValue.type.isError ? expected : checkedValue.type)
            let type = unify(checkedValue, checkedFallback, what: Phrase("both sides of `otherwise`", "“缺省”两侧"))
            return node(.otherwise(checkedValue, checkedFallback), type, range)
        case .within(let value, let low, let high):
            let checkedValue = check(value)
            let checkedLow = check(low, expecting: checkedValue.type)
            let checkedHigh = check(high, expecting: checkedValue.type)
            _ = requireOrdered(checkedValue, checkedLow, doing: Keyword.in.phrase)
            _ = requireOrdered(checkedValue, checkedHigh, doing: Keyword.in.phrase)
            return node(.within(checkedValue, low: checkedLow, high: checkedHigh), .bool, range)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let checkedCondition = checkCondition(condition)
            let checkedTrue = check(whenTrue, expecting: expected)
            let checkedFalse = check(whenFalse, expecting: checkedTrue.type.isError ? expected : checkedTrue.type)
            let type = unify(checkedTrue, checkedFalse, what: Phrase("the `then` and `else` branches", "“那么”与“否则”两个分支"))
            return node(.conditional(checkedCondition, then: checkedTrue, else: checkedFalse), type, range)
        case .require(let requirements, let body):
            let checked = requirements.map { requirement in
                CheckedRequirement(
                    condition: checkCondition(requirement.condition),
                    reason: internReason(Phrase(verbatim: requirement.reason.text)), range: requirement.range)
            }
            let checkedBody = check(body, expecting: expected)
            return node(.require(checked, checkedBody), checkedBody.type, range)
        case .match(let subject, let arms):
            return checkMatch(subject, arms, range, expecting: expected)
        case .tiers(let kind, let quantity, let brackets):
            return checkTiers(kind, quantity, brackets, range)
        case .subscripted(let base, _):
            report(Messages.lookupWithoutColumn(source, range, table: base.range))
            return errorNode(range)
        case .member(let base, let member):
            return checkMember(base, member, range)
        case .call(let function, let arguments):
            return checkCall(function, arguments, range)
        case .invalid:
            return errorNode(range)
        }
    }

    private func checkNumber(_ text: String, _ unitSyntax: UnitSyntax?, _ range: SourceRange) -> Node {
        var value: ExactDecimal
        do {
            value = try ExactDecimal(parsing: text)
        } catch {
            report(Messages.numberTooLarge(source, range))
            return errorNode(range)
        }
        guard let unitSyntax else { return constant(.number(value), .number, range) }
        let unit = resolve(unitSyntax)
        if unit.isPercent {
            value = ExactDecimal(significand: value.significand, exponent: value.exponent - 2)
        }
        return constant(.number(value), .quantity(unit), range)
    }

    private func checkName(_ name: String, _ range: SourceRange, expecting expected: ValueType?) -> Node {
        if let declared = scopes[currentFile][name] {
            switch declared.kind {
            case .table:
                report(Messages.tableWithoutLookup(source, range, name))
                return errorNode(range)
            case .input, .rule:
                return reference(name, declared, range)
            }
        }
        if case .enumeration(let type)? = expected, let ordinal = type.ordinal(of: name) {
            return constant(.number(ExactDecimal(ordinal)), .enumeration(type), range)
        }
        let owners = enumOrder.filter { $0.ordinal(of: name) != nil }
        if owners.count == 1 {
            return constant(.number(ExactDecimal(owners[0].ordinal(of: name)!)), .enumeration(owners[0]), range)
        }
        if owners.count > 1 {
            report(Messages.ambiguousCase(source, range, name, enums: owners.map(\.name)))
            return errorNode(range)
        }
        // `是` in a file of English keywords, `true` in one of Chinese keywords.
        let keywords = KeywordSet.of(source.bytes)
        if let twin = keywords.twin(of: name, next: nil) {
            report(Messages.otherKeywordSet(source, range, name, replacement: twin.replacement, fileSet: keywords))
            return errorNode(range)
        }
        let candidates = Array(scopes[currentFile].keys) + enumOrder.flatMap(\.cases)
        report(Messages.unknownName(source, range, name, suggestion: closest(to: name, among: candidates)))
        return errorNode(range)
    }

    /// A reference binds late: to the definition of the policy being checked, which may override
    /// the one visible where the reference is written (a county's rate inside a province's rule).
    private func reference(_ name: String, _ declared: Declared, _ range: SourceRange) -> Node {
        let target = scopes[leaf][name] ?? declared
        switch target.kind {
        case .input(let slot):
            return node(.input(slot), declared.type, range)
        case .rule(let slot, _):
            if let current = currentRule { dependencies[current.slot].insert(slot) }
            return node(.rule(slot), declared.type, range)
        case .table:
            return errorNode(range)
        }
    }

    private func checkInherited(_ range: SourceRange) -> Node {
        guard let current = currentRule, currentFile > 0,
            let parent = scopes[currentFile - 1][current.name]
        else {
            report(Messages.inheritedWithoutParent(source, range, rule: currentRule?.name))
            return errorNode(range)
        }
        switch parent.kind {
        case .input(let slot):
            return node(.input(slot), parent.type, range)
        case .rule(let slot, _):
            dependencies[current.slot].insert(slot)
            return node(.rule(slot), parent.type, range)
        case .table:
            report(Messages.inheritedWithoutParent(source, range, rule: current.name))
            return errorNode(range)
        }
    }

    func checkCondition(_ expression: Expression) -> Node {
        let checked = check(expression, expecting: .bool)
        if !checked.type.agrees(with: .bool) {
            report(Messages.conditionNotBool(source, expression.range, found: checked.type))
        }
        return checked
    }

    /// A bare enum case on one side of a comparison takes its enum from the other side.
    private func isBareCase(_ expression: Expression) -> Bool {
        if case .name(let name) = expression.kind { return scopes[currentFile][name] == nil }
        return false
    }

    /// A bare enum case, or quoted text that may be an identity number: checked against the
    /// other side of a comparison, whichever side it is written on.
    private func takesItsTypeFromTheOtherSide(_ expression: Expression) -> Bool {
        if case .text = expression.kind { return true }
        return isBareCase(expression)
    }

    private func checkBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ range: SourceRange) -> Node {
        switch op {
        case .and, .or:
            let l = checkCondition(left)
            let r = checkCondition(right)
            return node(op == .and ? .and(l, r) : .or(l, r), .bool, range)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let (l, r): (Node, Node)
            if takesItsTypeFromTheOtherSide(left) && !takesItsTypeFromTheOtherSide(right) {
                r = check(right)
                l = check(left, expecting: r.type)
            } else {
                l = check(left)
                r = check(right, expecting: l.type)
            }
            let comparison = ComparisonOperator(rawValue: op.rawValue)!
            if op == .equal || op == .notEqual {
                if !l.type.agrees(with: r.type) {
                    report(Messages.incomparable(source, range, left: l, right: r))
                }
            } else {
                _ = requireOrdered(l, r, doing: Phrase(verbatim: op.rawValue))
            }
            return node(.compare(comparison, l, r), .bool, range)
        case .add, .subtract, .multiply, .divide:
            let l = check(left)
            let r = check(right)
            return arithmetic(ArithmeticOperator(rawValue: op.rawValue)!, l, r, range)
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ l: Node, _ r: Node, _ range: SourceRange, rounded: Bool = false) -> Node {
        guard case .quantity(let a) = l.type, case .quantity(let b) = r.type else {
            for side in [l, r] where !side.type.isError && side.type.unit == nil {
                report(Messages.notANumber(source, side.range, found: side.type, doing: op.verb))
            }
            return errorNode(range)
        }
        let unit: Unit
        switch op {
        case .add, .subtract:
            guard a == b else {
                report(Messages.unitMismatch(source, range, op: op, left: l, right: r))
                return errorNode(range)
            }
            unit = a
        case .multiply:
            unit = a * b
        case .divide:
            unit = a / b
            if !rounded, !Self.divisionIsExact(by: r) {
                report(Messages.inexactDivision(source, range))
            }
        }
        // Fold constants, so `12 yuan/day * 10 days` costs nothing per claim.
        if case .number(let x)? = l.constantValue, case .number(let y)? = r.constantValue,
            let folded = try? op.apply(x, y)
        {
            return constant(.number(folded), .quantity(unit), range)
        }
        return node(.arithmetic(op, l, r), .quantity(unit), range)
    }

    /// Dividing by a constant whose reciprocal terminates (2, 4, 5, 10, 100 …) is always exact.
    private static func divisionIsExact(by divisor: Node) -> Bool {
        guard case .number(let value)? = divisor.constantValue, !value.isZero else { return false }
        var significand = value.normalized.significand.magnitude
        while significand % 2 == 0 { significand /= 2 }
        while significand % 5 == 0 { significand /= 5 }
        return significand == 1
    }

    private func checkRounded(_ value: Expression, _ quantum: Expression, _ range: SourceRange, expecting: ValueType?) -> Node {
        let checkedQuantum = check(quantum)
        if case .number(let q)? = checkedQuantum.constantValue, q > .zero {
        } else if !checkedQuantum.type.isError {
            report(Messages.roundingQuantum(source, quantum.range))
        }
        let result: Node
        if case .binary(.divide, let dividend, let divisor) = value.kind {
            let quotient = arithmetic(.divide, check(dividend), check(divisor), value.range, rounded: true)
            if case .arithmetic(.divide, let l, let r) = quotient.kind {
                result = node(.divideRounded(l, r, quantum: checkedQuantum), quotient.type, range)
            } else {
                result = node(.rounded(quotient, quantum: checkedQuantum), quotient.type, range)
            }
        } else {
            let checkedValue = check(value, expecting: expecting)
            result = node(.rounded(checkedValue, quantum: checkedQuantum), checkedValue.type, range)
        }
        if !result.type.agrees(with: checkedQuantum.type) {
            report(Messages.unitOfQuantum(source, quantum.range, value: result.type, quantum: checkedQuantum.type))
        }
        return result
    }

    /// Both sides ordered and of one type; returns that type.
    func requireOrdered(_ l: Node, _ r: Node, doing what: Phrase) -> ValueType {
        if l.type.isError || r.type.isError { return l.type.isError ? r.type : l.type }
        guard l.type.isOrdered else {
            report(Messages.notOrdered(source, l.range, found: l.type, doing: what))
            return .error
        }
        guard l.type == r.type else {
            report(Messages.incomparable(source, l.range.union(r.range), left: l, right: r))
            return .error
        }
        return l.type
    }

    /// `150 元 * 培训天数 至多 1000 元`: an amount times a quantity, capped in the amount's unit,
    /// where a rate was meant (`150 元/天`). nil when the value is not such a product.
    private func missingPerUnit(in value: Node, limit: Node) -> Diagnostic? {
        guard case .arithmetic(.multiply, let amount, let quantity) = value.kind,
            case .number(let figure)? = amount.constantValue, amount.type.agrees(with: limit.type),
            case .quantity(let amountUnit) = amount.type, case .quantity(let quantityUnit) = quantity.type,
            !quantityUnit.isDimensionless, !quantityUnit.isPercent
        else { return nil }
        let rate = amountUnit / quantityUnit
        let written = KeywordSet.of(source.bytes) == .zh ? "\(figure) \(rate.chineseName)" : "\(figure) \(rate.description)"
        return Messages.missingPerUnit(
            source, amount.range, amount: source.oneLineText(of: amount.range), quantity: source.oneLineText(of: quantity.range),
            quantityType: quantity.type, rate: written)
    }

    func unify(_ a: Node, _ b: Node, what: Phrase) -> ValueType {
        if a.type.isError { return b.type }
        if b.type.isError { return a.type }
        if a.type != b.type {
            report(Messages.branchTypes(source, a, b, what: what))
            return .error
        }
        return a.type
    }

    private func checkMember(_ base: Expression, _ member: Identifier, _ range: SourceRange) -> Node {
        // `表[键].列`
        if case .subscripted(let tableExpression, let keys) = base.kind, case .name(let tableName) = tableExpression.kind {
            guard case .table(let slot)? = scopes[currentFile][tableName]?.kind else {
                report(Messages.notATable(source, tableExpression.range, tableName))
                return errorNode(range)
            }
            let finalSlot: Int
            if case .table(let leafSlot)? = scopes[leaf][tableName]?.kind { finalSlot = leafSlot } else { finalSlot = slot }
            guard let table = tables[slot] else { return errorNode(range) }
            guard let column = table.columns.firstIndex(where: { $0.name == member.name }) else {
                report(
                    Messages.unknownColumn(
                        source, member.range, member.name, table: tableName, columns: table.columns.map(\.name)))
                return errorNode(range)
            }
            guard keys.count == table.keyColumns.count else {
                report(
                    Messages.keyCount(
                        source, base.range, table: tableName, expected: table.keyColumns.map { table.columns[$0].name }))
                return errorNode(range)
            }
            var checkedKeys: [Node] = []
            for (key, keyColumn) in zip(keys, table.keyColumns) {
                let expected = table.columns[keyColumn].type
                let checked = check(key, expecting: expected)
                if !checked.type.agrees(with: expected) {
                    report(
                        Messages.keyType(
                            source, key.range, column: table.columns[keyColumn].name, expected: expected, found: checked.type))
                }
                checkedKeys.append(checked)
            }
            return node(.lookup(table: finalSlot, keys: checkedKeys, column: column), table.columns[column].type, range)
        }
        // `证书等级.初级`
        if case .name(let enumName) = base.kind, scopes[currentFile][enumName] == nil {
            guard let type = enums[enumName]?.type else {
                report(
                    Messages.unknownType(
                        source, base.range, enumName, suggestion: closest(to: enumName, among: Array(enums.keys))))
                return errorNode(range)
            }
            guard let ordinal = type.ordinal(of: member.name) else {
                report(
                    Messages.unknownCase(
                        source, member.range, member.name, enumType: type, suggestion: closest(to: member.name, among: type.cases)
                    ))
                return errorNode(range)
            }
            return constant(.number(ExactDecimal(ordinal)), .enumeration(type), range)
        }
        report(Messages.memberOfValue(source, range))
        return errorNode(range)
    }

    private func checkCall(_ function: Keyword, _ arguments: [Expression], _ range: SourceRange) -> Node {
        let checked = arguments.map {
            check($0, expecting: function == .birthdate ? .identity : function == .date ? .number : nil)
        }
        switch function {
        case .date:
            return checkDateFromNumbers(checked, range)
        case .birthdate:
            guard checked.count == 1 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.phrase,
                        expected: Phrase("one identity number", "一个身份号码")))
                return errorNode(range)
            }
            if !checked[0].type.agrees(with: .identity) {
                report(Messages.typeMismatch(source, checked[0].range, expected: .identity, found: checked[0].type))
            }
            return node(.call(.birthdate, checked), .date, range)
        case .min, .max:
            guard checked.count >= 2 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.phrase,
                        expected: Phrase("two or more values", "两个或更多的值")))
                return errorNode(range)
            }
            var type = checked[0].type
            for argument in checked.dropFirst() { type = requireOrdered(checked[0], argument, doing: function.phrase) }
            return node(.call(function == .min ? .min : .max, checked), type, range)
        default:
            guard checked.count == 1 else {
                report(
                    Messages.argumentCount(
                        source, range, function: function.phrase, expected: Phrase("one date", "一个日期")))
                return errorNode(range)
            }
            if !checked[0].type.agrees(with: .date) {
                report(Messages.typeMismatch(source, checked[0].range, expected: .date, found: checked[0].type))
            }
            return node(.call(Builtin(rawValue: function.rawValue)!, checked), .number, range)
        }
    }
}
