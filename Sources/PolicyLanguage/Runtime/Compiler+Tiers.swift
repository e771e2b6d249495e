// `match` (a jump table for an enum subject) and the range tests of its arms and of brackets;
// `marginal` and `banded` tiers.

extension Compiler {
    func match(_ subject: Node, _ arms: [CheckedArm], _ node: Node) -> Evaluate {
        let bodies = arms.map { arm in
            covering(
                value(arm.body), .arm, "\(text(of: arm.body)) of match \(text(of: subject))",
                "匹配 \(text(of: subject)) 的分支 \(text(of: arm.body))", span(arm.body))
        }
        let elseArm = arms.last.flatMap { $0.patterns.isEmpty ? arms.count - 1 : nil }
        let subjectValue = value(subject)
        let labels = arms.map { text(of: $0.body) }
        let subjectText = text(of: subject)
        let subjectType = subject.type
        let traced = traced
        let program = program
        let gap = matchGap(subject)

        // Enum subject with fixed cases: a jump table from ordinal to arm.
        if case .enumeration(let enumType) = subject.type,
            arms.allSatisfy({ $0.patterns.allSatisfy { if case .equals = $0 { true } else { false } } })
        {
            var table = [Int](repeating: elseArm ?? -1, count: enumType.cases.count)
            for (index, arm) in arms.enumerated().reversed() {
                for case .equals(let value) in arm.patterns {
                    if let ordinal = value.decimal.integerValue, table.indices.contains(ordinal) { table[ordinal] = index }
                }
            }
            if let slot = directInput(subject) {
                return { frame throws(Stop) in
                    let ordinal = try frame.input(slot).smallInteger
                    let arm = table.indices.contains(ordinal) ? table[ordinal] : -1
                    guard arm >= 0 else { throw .gap(gap) }
                    return try bodies[arm](frame)
                }
            }
            return { frame throws(Stop) in
                let ordinal = try subjectValue(frame).smallInteger
                let arm = table.indices.contains(ordinal) ? table[ordinal] : -1
                if traced {
                    frame.recorder?.note(
                        .match, Phrase("match \(subjectText)", "匹配 \(subjectText)"),
                        value: ValueFormatter(program: program, frame: frame).phrase { formatter in
                            let arm = arm >= 0 ? Phrase(verbatim: labels[arm]) : Phrase("no case", "无相符的分支")
                            return
                                "\(formatter.format(ExactDecimal(ordinal), as: subjectType)) → \(arm.text(in: formatter.language))"
                        })
                }
                guard arm >= 0 else { throw .gap(gap) }
                return try bodies[arm](frame)
            }
        }
        let tests: [[(Frame, ExactDecimal) throws(Stop) -> Bool]] = arms.map { arm in
            arm.patterns.map { pattern in
                switch pattern {
                case .equals(let expected):
                    let decimal = expected.decimal
                    return { _, subject in subject == decimal }
                case .range(let range):
                    return rangeTest(range)
                }
            }
        }
        return { frame throws(Stop) in
            let subject = try subjectValue(frame)
            for (index, patterns) in tests.enumerated() {
                var matched = patterns.isEmpty
                for pattern in patterns where try pattern(frame, subject) {
                    matched = true
                    break
                }
                if matched {
                    if traced {
                        frame.recorder?.note(
                            .match, Phrase("match \(subjectText)", "匹配 \(subjectText)"),
                            value: ValueFormatter(program: program, frame: frame).phrase {
                                "\($0.format(subject, as: subjectType)) → \(labels[index])"
                            })
                    }
                    return try bodies[index](frame)
                }
            }
            throw .gap(gap)
        }
    }

    private func rangeTest(_ range: CheckedRange) -> (Frame, ExactDecimal) throws(Stop) -> Bool {
        let lower = range.lower.map { (value: value($0.value), inclusive: $0.inclusive) }
        let upper = range.upper.map { (value: value($0.value), inclusive: $0.inclusive) }
        return { frame, subject throws(Stop) in
            if let lower {
                let limit = try lower.value(frame)
                if lower.inclusive ? subject < limit : subject <= limit { return false }
            }
            if let upper {
                let limit = try upper.value(frame)
                if upper.inclusive ? subject > limit : subject >= limit { return false }
            }
            return true
        }
    }

    func tiers(_ kind: TierKind, _ quantityNode: Node, _ brackets: [CheckedBracket], _ node: Node) -> Evaluate {
        let quantity = value(quantityNode)
        let rates = brackets.map { value($0.rate) }
        let span = span(node)
        let traced = traced
        let program = program
        let quantityType = quantityNode.type
        let rateType = brackets.first?.rate.type ?? .error
        let quantityText = text(of: quantityNode)
        let english = "\(kind.rawValue) \(quantityText)"
        let chinese = "\(kind == .marginal ? "累进" : "分档") \(quantityText)"
        let bracketLabels = brackets.map { text(of: $0.range) }
        let bracketPoints =
            traced
            ? brackets.map {
                points.add(
                    .bracket, "\(text(of: $0.range)) of \(english)", "\(chinese) 的档 \(text(of: $0.range))",
                    SourceSpan(file: node.file, range: $0.span))
            }
            : []
        switch kind {
        case .marginal:
            let lowers = brackets.map { $0.range.lower.map { value($0.value) } }
            let uppers = brackets.map { $0.range.upper.map { value($0.value) } }
            return { frame throws(Stop) in
                if traced { frame.recorder?.begin(.tier, Phrase(english, chinese)) }
                let q = try quantity(frame)
                var total = ExactDecimal.zero
                let formatter = ValueFormatter(program: program, frame: frame)
                for index in rates.indices {
                    let low = try lowers[index]?(frame) ?? .zero
                    if q <= low { continue }
                    let high = try uppers[index]?(frame)
                    let top = high.map { ExactDecimal.minimum(q, $0) } ?? q
                    let portion = try Stop.checked(span) { () throws(ArithmeticError) in try .subtracting(top, low) }
                    let rate = try rates[index](frame)
                    let part = try Stop.checked(span) { () throws(ArithmeticError) in try .multiplying(rate, portion) }
                    total = try Stop.checked(span) { () throws(ArithmeticError) in try .adding(total, part) }
                    if traced {
                        frame.recorder?.cover(bracketPoints[index])
                        frame.recorder?.note(
                            .bracket, Phrase(verbatim: bracketLabels[index]),
                            value: formatter.phrase {
                                "\($0.format(portion, as: quantityType)) × \($0.format(rate, as: rateType)) = \($0.format(part, as: node.type))"
                            })
                    }
                }
                if traced { frame.recorder?.end(formatter.phrase(total, as: node.type)) }
                return total
            }
        case .banded:
            let tests = brackets.map { rangeTest($0.range) }
            let gap = bandedGap(quantityNode)
            return { frame throws(Stop) in
                let q = try quantity(frame)
                for index in tests.indices where try tests[index](frame, q) {
                    let rate = try rates[index](frame)
                    let result = try Stop.checked(span) { () throws(ArithmeticError) in try .multiplying(rate, q) }
                    if traced {
                        frame.recorder?.cover(bracketPoints[index])
                        let formatter = ValueFormatter(program: program, frame: frame)
                        frame.recorder?.note(
                            .bracket, Phrase("\(english): \(bracketLabels[index])", "\(chinese)：\(bracketLabels[index])"),
                            value: formatter.phrase {
                                "\($0.format(q, as: quantityType)) × \($0.format(rate, as: rateType)) = \($0.format(result, as: node.type))"
                            })
                    }
                    return result
                }
                throw .gap(gap)
            }
        }
    }
}

extension Compiler {
    /// The gap of a `match` no arm of which covers the claim.
    func matchGap(_ subject: Node) -> Gap {
        let subjectText = text(of: subject)
        return Gap(
            site: GapSite(
                fixed: Refusal(
                    reason: Phrase(
                        "no case of `match \(subjectText)` covers this claim", "`匹配 \(subjectText)` 中没有与本件申领相符的分支"),
                    citation: nil)), key: [])
    }

    /// The gap of a `banded` schedule no bracket of which covers the claim.
    func bandedGap(_ quantityNode: Node) -> Gap {
        let quantityText = text(of: quantityNode)
        let english = "\(TierKind.banded.rawValue) \(quantityText)"
        let chinese = "分档 \(quantityText)"
        return Gap(
            site: GapSite(
                fixed: Refusal(
                    reason: Phrase("no bracket of `\(english)` covers this claim", "`\(chinese)` 中没有与本件申领相符的档"),
                    citation: nil)), key: [])
    }
}
