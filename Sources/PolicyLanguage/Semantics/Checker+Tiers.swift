// `match` and its coverage, the ranges of its arms and of tier brackets, and `marginal`/`banded`
// tiers.

extension CheckContext {
    // MARK: Match and tiers

    func checkMatch(_ subject: Expression, _ arms: [MatchArm], _ range: SourceRange, expecting: ValueType?) -> Node {
        let checkedSubject = check(subject)
        let subjectType = checkedSubject.type
        var checkedArms: [CheckedArm] = []
        var resultType: ValueType? = expecting.flatMap { $0.isError ? nil : $0 }
        var firstBody: Node?
        var coveredCases: [Int: SourceRange] = [:]
        var hasElse = false
        var intervals: [CheckedRange] = []
        for (armIndex, arm) in arms.enumerated() {
            var patterns: [CheckedArm.Pattern] = []
            for pattern in arm.patterns {
                switch pattern {
                case .otherwise(let elseRange):
                    if armIndex != arms.count - 1 || arm.patterns.count != 1 {
                        report(Messages.elseNotLast(source, elseRange))
                    }
                    hasElse = true
                case .value(let expression):
                    let value = check(expression, expecting: subjectType)
                    guard let constantValue = value.constantValue else {
                        if !value.type.isError { report(Messages.patternNotConstant(source, expression.range)) }
                        continue
                    }
                    if !value.type.agrees(with: subjectType) {
                        report(Messages.typeMismatch(source, expression.range, expected: subjectType, found: value.type))
                    }
                    if case .enumeration = subjectType, let ordinal = constantValue.decimal.integerValue {
                        if let first = coveredCases[ordinal] {
                            report(Messages.duplicatePattern(source, expression.range, first: first))
                        }
                        coveredCases[ordinal] = expression.range
                    }
                    if case .boolean(let flag) = constantValue {
                        coveredCases[flag ? 1 : 0] = expression.range
                    }
                    patterns.append(.equals(constantValue))
                case .range(let rangeSyntax):
                    let checkedRange = checkRange(rangeSyntax, of: checkedSubject)
                    intervals.append(checkedRange)
                    patterns.append(.range(checkedRange))
                }
            }
            let body = check(arm.body, expecting: resultType)
            if let first = firstBody {
                _ = unify(first, body, what: Phrase("the cases of this match", "此匹配的各分支"))
            } else {
                firstBody = body
            }
            if resultType == nil, !body.type.isError { resultType = body.type }
            checkedArms.append(CheckedArm(patterns: patterns, body: body, range: arm.range))
        }
        if !hasElse {
            switch subjectType {
            case .enumeration(let type):
                let missing = type.cases.indices.filter { coveredCases[$0] == nil }.map { type.cases[$0] }
                if !missing.isEmpty { report(Messages.nonExhaustiveEnum(source, range, type: type, missing: missing)) }
            case .bool:
                if coveredCases.count < 2 {
                    report(
                        Messages.nonExhaustive(
                            source, range, hint: Phrase("match true and false, or add an else", "请匹配“是”和“否”，或添加“否则”")))
                }
            case .quantity, .date:
                if !Self.intervalsCoverEverything(intervals) {
                    report(
                        Messages.nonExhaustive(
                            source, range,
                            hint: Phrase("add `else => …` for the values no case matches", "请为没有分支匹配的值添加“否则 => …”")))
                }
            case .text:
                report(
                    Messages.nonExhaustive(
                        source, range, hint: Phrase("a match on text needs `else => …`", "对文本的匹配须有“否则 => …”")))
            case .identity:
                report(
                    Messages.nonExhaustive(
                        source, range,
                        hint: Phrase("a match on identity numbers needs `else => …`", "对身份号码的匹配须有“否则 => …”")))
            case .error:
                break
            }
        }
        return node(.match(checkedSubject, checkedArms), resultType ?? .error, range)
    }

    private func checkRange(_ syntax: RangeSyntax, of subject: Node) -> CheckedRange {
        func limit(_ limit: RangeSyntax.Limit?) -> CheckedRange.Limit? {
            guard let limit else { return nil }
            let value = check(limit.value, expecting: subject.type)
            _ = requireOrdered(subject, value, doing: Phrase("a range", "范围"))
            return .init(value: value, inclusive: limit.inclusive)
        }
        return CheckedRange(lower: limit(syntax.lower), upper: limit(syntax.upper), range: syntax.range)
    }

    /// Whether constant ranges leave no value of the line uncovered.
    static func intervalsCoverEverything(_ ranges: [CheckedRange]) -> Bool {
        typealias Edge = (value: ExactDecimal, inclusive: Bool)
        var pieces: [(lower: Edge?, upper: Edge?)] = []
        for range in ranges {
            func edge(_ limit: CheckedRange.Limit?) -> Edge?? {
                guard let limit else { return .some(nil) }
                guard case .number(let value)? = limit.value.constantValue else { return nil }
                return .some((value, limit.inclusive))
            }
            guard let lower = edge(range.lower), let upper = edge(range.upper) else { return false }
            pieces.append((lower, upper))
        }
        // Sweep from minus infinity: `reached` is how far coverage extends, and whether it includes that point.
        pieces.sort { a, b in
            guard let x = a.lower else { return b.lower != nil }
            guard let y = b.lower else { return false }
            return x.value < y.value || (x.value == y.value && x.inclusive && !y.inclusive)
        }
        var reached: Edge? = nil
        var started = false
        for piece in pieces {
            if !started {
                guard piece.lower == nil else { return false }
                started = true
                reached = piece.upper
                if reached == nil { return true }
                continue
            }
            guard let current = reached else { return true }
            if let lower = piece.lower {
                let joins =
                    lower.value < current.value
                    || (lower.value == current.value && (lower.inclusive || current.inclusive))
                guard joins else { return false }
            }
            guard let upper = piece.upper else { return true }
            if upper.value > current.value || (upper.value == current.value && upper.inclusive) {
                reached = upper
            }
        }
        return started && reached == nil
    }

    func checkTiers(_ kind: TierKind, _ quantity: Expression, _ brackets: [Bracket], _ range: SourceRange) -> Node {
        let checkedQuantity = check(quantity)
        guard case .quantity(let quantityUnit) = checkedQuantity.type else {
            if !checkedQuantity.type.isError {
                report(Messages.notANumber(source, quantity.range, found: checkedQuantity.type, doing: Phrase("tier", "分档计算")))
            }
            return errorNode(range)
        }
        var checkedBrackets: [CheckedBracket] = []
        var rateType: ValueType?
        for bracket in brackets {
            let checkedRange = checkRange(bracket.range, of: checkedQuantity)
            let rate = check(bracket.rate)
            if let expected = rateType, !rate.type.agrees(with: expected) {
                report(Messages.bracketRates(source, bracket.rate.range, expected: expected, found: rate.type))
            } else if rateType == nil, !rate.type.isError {
                rateType = rate.type
            }
            checkedBrackets.append(CheckedBracket(range: checkedRange, rate: rate, span: bracket.span))
        }
        guard case .quantity(let rateUnit)? = rateType else {
            if let rateType, !rateType.isError {
                report(Messages.notANumber(source, range, found: rateType, doing: Phrase("tier", "分档计算")))
            }
            return errorNode(range)
        }
        return node(.tiers(kind, quantity: checkedQuantity, checkedBrackets), .quantity(rateUnit * quantityUnit), range)
    }
}
