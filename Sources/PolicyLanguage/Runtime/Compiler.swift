// The compiler: a checked `Program` to a tree of closures, built once and run for every claim.
// Names are already slots, enum cases are ordinals and constants are folded, so a closure
// only loads from the frame and does arithmetic. A table keyed by an enum becomes an array
// indexed by the ordinal; a match on an enum becomes a jump table. The explained variant is
// compiled from the same code with recording wrappers; the batch variant has none.

/// Why an evaluation stopped before producing a value.
package enum Stop: Error, Sendable {
    /// One or more `require` conditions failed.
    case refused([Refusal])
    /// The document prices no such case: no table row, no bracket. `otherwise` catches these.
    case gap(Gap)
    /// The claim lacks a fact the evaluation needed (an input slot), and what needed it when it
    /// was not the program itself (a limit's key).
    case missingFact(Int, neededBy: String?)
    case missingClaimDate
    case arithmetic(ArithmeticError, SourceSpan)
}

/// Where a claim fell into a gap of the document, and the values the words need. The words are
/// made only when shown, so a gap that `otherwise` closes costs no text.
package struct Gap: Sendable {
    let site: GapSite
    /// The table key that found no row, or the claim date a policy is not in force on.
    let key: [ExactDecimal]

    /// The gap in words; `frame` is the evaluation's, which holds the claim's texts.
    func refusal(in frame: Frame) -> Refusal { site.words(frame, key) }
}

/// A place in a program where a claim can fall into a gap, and how to word it.
final class GapSite: @unchecked Sendable {
    let words: (Frame, [ExactDecimal]) -> Refusal

    init(_ words: @escaping (Frame, [ExactDecimal]) -> Refusal) { self.words = words }

    /// A gap whose words depend on nothing the claim gives. They are made when shown, in the
    /// language of the evaluation that fell into it.
    convenience init(fixed refusal: @escaping @autoclosure () -> Refusal) { self.init { _, _ in refusal() } }
}

typealias Evaluate = (Frame) throws(Stop) -> ExactDecimal
typealias Test = (Frame) throws(Stop) -> Bool

/// A program ready to evaluate claims.
package final class CompiledProgram: @unchecked Sendable {
    package let program: Program
    package let isTraced: Bool
    /// One memoising closure per rule slot.
    let rules: [Evaluate]
    let limits: [CompiledLimit]
    /// The limits on each rule slot's program, by index into `limits`.
    let limitsByRule: [[Int]]
    /// What tests can exercise: empty unless the program was compiled for explanation.
    package let coverage: [CoveragePoint]

    init(program: Program, isTraced: Bool, rules: [Evaluate], limits: [CompiledLimit], coverage: [CoveragePoint]) {
        self.program = program
        self.isTraced = isTraced
        self.coverage = coverage
        self.rules = rules
        self.limits = limits
        var byRule = [[Int]](repeating: [], count: program.rules.count)
        for (index, limit) in limits.enumerated() {
            for slot in limit.limit.programs { byRule[slot].append(index) }
        }
        self.limitsByRule = byRule
    }
}

struct Compiler {
    private let program: Program
    private let traced: Bool
    private var rules: [Evaluate?]
    private let points = CoveragePoints()

    static func compile(_ program: Program, traced: Bool) -> CompiledProgram {
        var compiler = Compiler(program: program, traced: traced)
        for slot in Self.dependencyOrder(program) {
            compiler.rules[slot] = compiler.compileRule(slot)
        }
        let limits = program.limits.map { CompiledLimit(limit: $0, traced: traced, value: compiler.value) }
        return CompiledProgram(
            program: program, isTraced: traced, rules: compiler.rules.map { $0! }, limits: limits,
            coverage: compiler.points.points)
    }

    private init(program: Program, traced: Bool) {
        self.program = program
        self.traced = traced
        self.rules = Array(repeating: nil, count: program.rules.count)
    }

    /// Rule slots ordered so that each comes after every rule it reads. The checker has
    /// rejected cycles; the walk is iterative so a long chain of rules cannot exhaust the stack.
    static func dependencyOrder(_ program: Program) -> [Int] {
        let dependencies = program.rules.map { rule in
            var found: [Int] = []
            rule.body.forEachRuleReference { found.append($0) }
            return found
        }
        var order: [Int] = []
        var visited = [Bool](repeating: false, count: program.rules.count)
        for root in program.rules.indices where !visited[root] {
            var stack: [(slot: Int, next: Int)] = [(root, 0)]
            visited[root] = true
            while let top = stack.last {
                if top.next < dependencies[top.slot].count {
                    stack[stack.count - 1].next += 1
                    let dependency = dependencies[top.slot][top.next]
                    if !visited[dependency] {
                        visited[dependency] = true
                        stack.append((dependency, 0))
                    }
                } else {
                    order.append(top.slot)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    // MARK: Rules

    private func compileRule(_ slot: Int) -> Evaluate {
        let rule = program.rules[slot]
        let body = inForceGuard(for: rule, around: value(rule.body))
        let index = program.inputs.count + slot
        guard traced else {
            return { frame throws(Stop) in
                if frame.states[index] != 0 { return frame.values[index] }
                let result = try body(frame)
                frame.values[index] = result
                frame.states[index] = 1
                return result
            }
        }
        let program = program
        let point = points.add(.rule, rule.name, "规则 \(rule.name)", rule.span)
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else {
                if frame.states[index] != 0 { return frame.values[index] }
                let result = try body(frame)
                frame.values[index] = result
                frame.states[index] = 1
                return result
            }
            recorder.cover(point)
            let formatter = ValueFormatter(program: program, frame: frame)
            if frame.states[index] != 0 {
                let value = frame.values[index]
                recorder.note(.rule, rule.name, value: formatter.format(value, as: rule.type))
                return value
            }
            let depth = recorder.depth
            recorder.begin(.rule, rule.name, citation: rule.citation, span: rule.span)
            do throws(Stop) {
                let result = try body(frame)
                frame.values[index] = result
                frame.states[index] = 1
                recorder.end(formatter.format(result, as: rule.type))
                return result
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    /// A rule a county takes from its province applies only while the province's policy is in
    /// force: a county's 2020 claim is not priced by the province's 2021 plan. A policy of the
    /// same jurisdiction that extends an earlier one restates its rules, and they carry over.
    private func inForceGuard(for rule: Rule, around body: @escaping Evaluate) -> Evaluate {
        guard let origin = program.chain.first(where: { $0.name == rule.policy }),
            origin.jurisdiction != program.policy.jurisdiction, !origin.period.contains(program.policy.period)
        else { return body }
        let (start, end) = (ExactDecimal(origin.period.start.dayNumber), ExactDecimal(origin.period.end.dayNumber))
        let notInForce = GapSite { _, key in
            let date = CalendarDate(dayNumber: key.first?.integerValue ?? 0)
            return Refusal(
                reason: localized(
                    "\(rule.name) is priced by \(origin.name) (\(origin.document)), which is not in force on \(date)",
                    "\(rule.name) 的标准由 \(origin.name)（\(origin.document)）规定，该政策在 \(date) 不在施行期内"),
                citation: rule.citation)
        }
        return { frame throws(Stop) in
            if frame.hasClaimDate, frame.claimDate < start || frame.claimDate > end {
                throw .gap(Gap(site: notInForce, key: [frame.claimDate]))
            }
            return try body(frame)
        }
    }

    static func describe(_ stop: Stop) -> String {
        switch stop {
        case .refused: localized("refused", "拒绝")
        case .gap: localized("not priced", "未定价")
        case .missingFact, .missingClaimDate: localized("missing a fact", "缺少事实")
        case .arithmetic: localized("failed", "计算失败")
        }
    }

    // MARK: Values

    private func value(_ node: Node) -> Evaluate {
        if node.type == .bool {
            let test = test(node)
            return { frame throws(Stop) in try test(frame) ? .one : .zero }
        }
        switch node.kind {
        case .constant(let constant):
            let value = constant.decimal
            return { _ in value }
        case .input(let slot):
            return input(slot)
        case .rule(let slot):
            return rules[slot]!
        case .claimDate:
            return { frame throws(Stop) in
                guard frame.hasClaimDate else { throw .missingClaimDate }
                return frame.claimDate
            }
        case .negate(let operand):
            let operand = value(operand)
            let span = span(node)
            return { frame throws(Stop) in
                let x = try operand(frame)
                return try checked(span) { () throws(ArithmeticError) in try x.negated() }
            }
        case .arithmetic(let op, let left, let right):
            return arithmetic(op, left, right, span(node))
        case .divideRounded(let dividend, let divisor, let quantum):
            let (a, b, q) = (value(dividend), value(divisor), value(quantum))
            let span = span(node)
            return { frame throws(Stop) in
                let (x, y, step) = (try a(frame), try b(frame), try q(frame))
                return try checked(span) { () throws(ArithmeticError) in try ExactDecimal.dividing(x, by: y, roundedTo: step) }
            }
        case .rounded(let operand, let quantum):
            let (a, q) = (value(operand), value(quantum))
            let span = span(node)
            let plain: Evaluate = { frame throws(Stop) in
                let (x, step) = (try a(frame), try q(frame))
                return try checked(span) { () throws(ArithmeticError) in try x.rounded(to: step) }
            }
            let step = text(of: quantum)
            return traced
                ? noting(node, plain, kind: .rounding, label: ("rounded to \(step) (half up)", "四舍五入 至 \(step)")) : plain
        case .conditional(let condition, let whenTrue, let whenFalse):
            let (decide, a, b) = (branchTest(condition, whenTrue, whenFalse), value(whenTrue), value(whenFalse))
            return { frame throws(Stop) in try decide(frame) ? try a(frame) : try b(frame) }
        case .require(let requirements, let body):
            return require(requirements, body: value(body))
        case .match(let subject, let arms):
            return match(subject, arms, node)
        case .tiers(let kind, let quantity, let brackets):
            return tiers(kind, quantity, brackets, node)
        case .bound(let kind, let operand, let limit):
            return bound(kind, operand, limit, node)
        case .lookup(let table, let keys, let column):
            return lookup(table, keys, column, node)
        case .otherwise(let primary, let fallback):
            return otherwise(value(primary), value(fallback), node)
        case .call(let builtin, let arguments):
            return call(builtin, arguments.map(value))
        case .compare, .not, .and, .or, .within:
            preconditionFailure("boolean node outside a boolean context")
        }
    }

    /// The slot of an input node read as it is, when nothing records the read: the hottest
    /// places (a comparison with a constant, a table's key, a yes-or-no fact) read the frame
    /// directly instead of calling the input's closure.
    private func directInput(_ node: Node) -> Int? {
        guard !traced, case .input(let slot) = node.kind else { return nil }
        return slot
    }

    private func input(_ slot: Int) -> Evaluate {
        guard traced else {
            return { frame throws(Stop) in
                guard frame.states[slot] != 0 else { throw .missingFact(slot, neededBy: nil) }
                return frame.values[slot]
            }
        }
        let input = program.inputs[slot]
        let program = program
        return { frame throws(Stop) in
            guard frame.states[slot] != 0 else { throw .missingFact(slot, neededBy: nil) }
            let value = frame.values[slot]
            frame.recorder?.note(
                .fact, input.name, value: ValueFormatter(program: program, frame: frame).format(value, as: input.type))
            return value
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ left: Node, _ right: Node, _ span: SourceSpan) -> Evaluate {
        let a = value(left)
        // A constant operand is captured as a value, not called as a closure.
        if case .number(let constant)? = right.constantValue {
            return { frame throws(Stop) in
                let x = try a(frame)
                return try checked(span) { () throws(ArithmeticError) in try op.apply(x, constant) }
            }
        }
        if case .number(let constant)? = left.constantValue {
            let b = value(right)
            return { frame throws(Stop) in
                let y = try b(frame)
                return try checked(span) { () throws(ArithmeticError) in try op.apply(constant, y) }
            }
        }
        let b = value(right)
        return { frame throws(Stop) in
            let (x, y) = (try a(frame), try b(frame))
            return try checked(span) { () throws(ArithmeticError) in try op.apply(x, y) }
        }
    }

    private func require(_ requirements: [CheckedRequirement], body: @escaping Evaluate) -> Evaluate {
        let conditions = requirements.map { requirement in
            let reason = program.reasons[requirement.reason]
            let plain = test(requirement.condition, noted: false)
            let condition = text(of: requirement.condition)
            let recorded =
                traced
                ? notingCondition(
                    .requirement, label: ("require \(condition)", "要求 \(condition)"), plain,
                    describe: { $0 ? localized("met", "满足") : localized("not met: \(reason.reason)", "不满足：\(reason.reason)") })
                : plain
            return (test: recorded, reason: reason)
        }
        // The tests apart from the reasons, so a claim that meets them touches no Refusal; a
        // single failing requirement, the usual refusal, throws an array made once here.
        let tests = conditions.map(\.test)
        let reasons = conditions.map(\.reason)
        let alone = reasons.map { [$0] }
        if tests.count == 1, let only = tests.first, let refusal = alone.first {
            return { frame throws(Stop) in
                guard try only(frame) else { throw .refused(refusal) }
                return try body(frame)
            }
        }
        // Two requirements, the next most usual, each held on its own: a claim that meets both
        // calls two closures and reads no array.
        if tests.count == 2 {
            let (first, second) = (tests[0], tests[1])
            return { frame throws(Stop) in
                let (met, alsoMet) = (try first(frame), try second(frame))
                guard met, alsoMet else { throw .refused(met ? alone[1] : alsoMet ? alone[0] : reasons) }
                return try body(frame)
            }
        }
        return { frame throws(Stop) in
            var first = -1
            var failed: [Refusal] = []
            for index in tests.indices where !(try tests[index](frame)) {
                if first < 0 {
                    first = index
                } else {
                    if failed.isEmpty { failed.append(reasons[first]) }
                    failed.append(reasons[index])
                }
            }
            if first >= 0 { throw .refused(failed.isEmpty ? alone[first] : failed) }
            return try body(frame)
        }
    }

    private func match(_ subject: Node, _ arms: [CheckedArm], _ node: Node) -> Evaluate {
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
        let gap = Gap(
            site: GapSite(
                fixed: Refusal(
                    reason: localized(
                        "no case of `match \(subjectText)` covers this claim", "`匹配 \(subjectText)` 中没有与本件申领相符的分支"),
                    citation: nil)), key: [])

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
                        .match, localized("match \(subjectText)", "匹配 \(subjectText)"),
                        value:
                            "\(ValueFormatter(program: program, frame: frame).format(ExactDecimal(ordinal), as: subjectType)) → \(arm >= 0 ? labels[arm] : localized("no case", "无相符的分支"))"
                    )
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
                            .match, localized("match \(subjectText)", "匹配 \(subjectText)"),
                            value:
                                "\(ValueFormatter(program: program, frame: frame).format(subject, as: subjectType)) → \(labels[index])"
                        )
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

    private func tiers(_ kind: TierKind, _ quantityNode: Node, _ brackets: [CheckedBracket], _ node: Node) -> Evaluate {
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
                if traced { frame.recorder?.begin(.tier, localized(english, chinese)) }
                let q = try quantity(frame)
                var total = ExactDecimal.zero
                let formatter = ValueFormatter(program: program, frame: frame)
                for index in rates.indices {
                    let low = try lowers[index]?(frame) ?? .zero
                    if q <= low { continue }
                    let high = try uppers[index]?(frame)
                    let top = high.map { ExactDecimal.minimum(q, $0) } ?? q
                    let portion = try checked(span) { () throws(ArithmeticError) in try .subtracting(top, low) }
                    let rate = try rates[index](frame)
                    let part = try checked(span) { () throws(ArithmeticError) in try .multiplying(rate, portion) }
                    total = try checked(span) { () throws(ArithmeticError) in try .adding(total, part) }
                    if traced {
                        frame.recorder?.cover(bracketPoints[index])
                        frame.recorder?.note(
                            .bracket, bracketLabels[index],
                            value:
                                "\(formatter.format(portion, as: quantityType)) × \(formatter.format(rate, as: rateType)) = \(formatter.format(part, as: node.type))"
                        )
                    }
                }
                if traced { frame.recorder?.end(formatter.format(total, as: node.type)) }
                return total
            }
        case .banded:
            let tests = brackets.map { rangeTest($0.range) }
            let gap = Gap(
                site: GapSite(
                    fixed: Refusal(
                        reason: localized(
                            "no bracket of `\(english)` covers this claim", "`\(chinese)` 中没有与本件申领相符的档"),
                        citation: nil)), key: [])
            return { frame throws(Stop) in
                let q = try quantity(frame)
                for index in tests.indices where try tests[index](frame, q) {
                    let rate = try rates[index](frame)
                    let result = try checked(span) { () throws(ArithmeticError) in try .multiplying(rate, q) }
                    if traced {
                        frame.recorder?.cover(bracketPoints[index])
                        let formatter = ValueFormatter(program: program, frame: frame)
                        frame.recorder?.note(
                            .bracket, localized("\(english): \(bracketLabels[index])", "\(chinese)：\(bracketLabels[index])"),
                            value:
                                "\(formatter.format(q, as: quantityType)) × \(formatter.format(rate, as: rateType)) = \(formatter.format(result, as: node.type))"
                        )
                    }
                    return result
                }
                throw .gap(gap)
            }
        }
    }

    private func bound(_ kind: BoundKind, _ operand: Node, _ limitNode: Node, _ node: Node) -> Evaluate {
        let a = value(operand)
        let traced = traced
        let program = program
        let limitText = text(of: limitNode)
        let type = node.type
        func apply(_ x: ExactDecimal, _ limit: ExactDecimal) -> ExactDecimal {
            kind == .atMost ? ExactDecimal.minimum(x, limit) : ExactDecimal.maximum(x, limit)
        }
        let record: (Frame, ExactDecimal, ExactDecimal) -> Void = { frame, x, limit in
            guard traced else { return }
            let formatter = ValueFormatter(program: program, frame: frame)
            let applied = kind == .atMost ? x > limit : x < limit
            let (value, bounded) = (formatter.format(x, as: type), formatter.format(limit, as: type))
            frame.recorder?.note(
                .bound, localized("\(kind.rawValue) \(limitText)", "\(kind == .atMost ? "至多" : "至少") \(limitText)"),
                value: !applied
                    ? localized("\(value), within the limit", "\(value)，在限度内")
                    : kind == .atMost
                        ? localized("\(value) capped to \(bounded)", "\(value)，封顶为 \(bounded)")
                        : localized("\(value) raised to \(bounded)", "\(value)，提高到 \(bounded)"))
        }
        if case .number(let limit)? = limitNode.constantValue {
            return { frame throws(Stop) in
                let x = try a(frame)
                record(frame, x, limit)
                return apply(x, limit)
            }
        }
        let b = value(limitNode)
        return { frame throws(Stop) in
            let (x, limit) = (try a(frame), try b(frame))
            record(frame, x, limit)
            return apply(x, limit)
        }
    }

    private func lookup(_ tableIndex: Int, _ keyNodes: [Node], _ column: Int, _ node: Node) -> Evaluate {
        let plain = plainLookup(tableIndex, keyNodes, column, node)
        guard traced else { return plain }
        let table = program.tables[tableIndex]
        let label = "\(table.name)[\(keyNodes.map(text(of:)).joined(separator: ", "))].\(table.columns[column].name)"
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try plain(frame) }
            let depth = recorder.depth
            recorder.begin(.row, label, citation: table.citation, span: table.span)
            do throws(Stop) {
                return try plain(frame)  // `record` closes the node with the row it found
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    private func plainLookup(_ tableIndex: Int, _ keyNodes: [Node], _ column: Int, _ node: Node) -> Evaluate {
        let table = program.tables[tableIndex]
        let keys = keyNodes.map(value)
        // An empty cell (`none`) is a gap like a missing row, never a zero.
        let cells: [ExactDecimal?] = table.rows.map { $0[column].isAbsent ? nil : $0[column].decimal }
        let traced = traced
        let program = program
        let resultType = node.type
        let rowPoints: [Int] =
            traced
            ? table.rowSpans.map { row -> Int in
                let key = row.file.text(of: row.range).split(separator: "|").first.map { String($0).collapsingWhitespace } ?? ""
                return points.add(.row, "\(key) of table \(table.name)", "表 \(table.name) 的“\(key)”行", row)
            } : []
        let keyTypes = table.keyColumns.map { table.columns[$0].type }
        let keyNames = table.keyColumns.map { table.columns[$0].name }
        let record: ((Frame, Int, [ExactDecimal]) -> Void)? =
            traced
            ? { frame, row, key in
                guard let recorder = frame.recorder else { return }
                recorder.cover(rowPoints[row])
                let formatter = ValueFormatter(program: program, frame: frame)
                let keyText = zip(key, keyTypes).map { formatter.format($0, as: $1) }.joined(separator: ", ")
                let line = table.rowSpans[row].location.line
                let value = cells[row].map { formatter.format($0, as: resultType) } ?? localized("none", "无")
                recorder.end(value, detail: localized("row \(keyText), line \(line)", "“\(keyText)”行，第 \(line) 行"))
            } : nil
        let describeKey: (Frame, [ExactDecimal]) -> String = { frame, key in
            let formatter = ValueFormatter(program: program, frame: frame)
            return zip(zip(keyNames, key), keyTypes).map { "\($0.0) = \(formatter.format($0.1, as: $1))" }
                .joined(separator: ", ")
        }
        let noRow = GapSite { frame, key in
            Refusal(
                reason: localized(
                    "the table \(table.name) has no row for \(describeKey(frame, key))",
                    "表 \(table.name) 没有 \(describeKey(frame, key)) 的行"),
                citation: table.citation)
        }
        let gap = { (key: [ExactDecimal]) -> Stop in .gap(Gap(site: noRow, key: key)) }
        let columnName = table.columns[column].name
        let noCell = GapSite { frame, key in
            Refusal(
                reason: localized(
                    "the table \(table.name) gives no \(columnName) for \(describeKey(frame, key))",
                    "表 \(table.name) 未给出 \(describeKey(frame, key)) 的 \(columnName)"),
                citation: table.citation)
        }
        let empty = { (key: [ExactDecimal]) -> Stop in .gap(Gap(site: noCell, key: key)) }
        // One enum key: an array from the case's ordinal to the row.
        if keys.count == 1, case .enumeration(let enumType) = keyTypes[0] {
            var rowOfCase = [Int](repeating: -1, count: enumType.cases.count)
            for (row, values) in table.rows.enumerated() {
                if let ordinal = values[table.keyColumns[0]].decimal.integerValue { rowOfCase[ordinal] = row }
            }
            if let slot = directInput(keyNodes[0]), record == nil {
                return { frame throws(Stop) in
                    let ordinal = try frame.input(slot).smallInteger
                    let row = rowOfCase.indices.contains(ordinal) ? rowOfCase[ordinal] : -1
                    guard row >= 0 else { throw gap([ExactDecimal(ordinal)]) }
                    guard let cell = cells[row] else { throw empty([ExactDecimal(ordinal)]) }
                    return cell
                }
            }
            let key = keys[0]
            return { frame throws(Stop) in
                let k = try key(frame)
                let ordinal = k.smallInteger
                let row = rowOfCase.indices.contains(ordinal) ? rowOfCase[ordinal] : -1
                guard row >= 0 else { throw gap([k]) }
                record?(frame, row, [k])
                guard let cell = cells[row] else { throw empty([k]) }
                return cell
            }
        }
        if keys.count == 1 {
            var rowOfKey: [ExactDecimal: Int] = [:]
            for (row, values) in table.rows.enumerated() { rowOfKey[values[table.keyColumns[0]].decimal] = row }
            let key = keys[0]
            return { frame throws(Stop) in
                let k = try key(frame)
                guard let row = rowOfKey[k] else { throw gap([k]) }
                record?(frame, row, [k])
                guard let cell = cells[row] else { throw empty([k]) }
                return cell
            }
        }
        var rowOfKeys: [[ExactDecimal]: Int] = [:]
        for (row, values) in table.rows.enumerated() { rowOfKeys[table.keyColumns.map { values[$0].decimal }] = row }
        return { frame throws(Stop) in
            var k: [ExactDecimal] = []
            k.reserveCapacity(keys.count)
            for key in keys { k.append(try key(frame)) }
            guard let row = rowOfKeys[k] else { throw gap(k) }
            record?(frame, row, k)
            guard let cell = cells[row] else { throw empty(k) }
            return cell
        }
    }

    private func otherwise(_ primary: @escaping Evaluate, _ fallback: @escaping Evaluate, _ node: Node) -> Evaluate {
        let traced = traced
        return { frame throws(Stop) in
            let depth = frame.recorder?.depth ?? 0
            do throws(Stop) {
                return try primary(frame)
            } catch {
                guard case .gap(let gap) = error else { throw error }
                if traced {
                    frame.recorder?.unwind(to: depth, marking: localized("not priced", "未定价"))
                    let reason = gap.refusal(in: frame).reason
                    frame.recorder?.note(
                        .fallback, localized("otherwise", "缺省"),
                        value: localized("used because \(reason)", "已采用，因为\(reason)"))
                }
                return try fallback(frame)
            }
        }
    }

    private func call(_ builtin: Builtin, _ arguments: [Evaluate]) -> Evaluate {
        switch builtin {
        case .min, .max:
            let takeSmaller = builtin == .min
            return { frame throws(Stop) in
                var result = try arguments[0](frame)
                for argument in arguments.dropFirst() {
                    let next = try argument(frame)
                    result = takeSmaller ? ExactDecimal.minimum(result, next) : ExactDecimal.maximum(result, next)
                }
                return result
            }
        case .birthdate:
            let identity = arguments[0]
            return { frame throws(Stop) in
                ExactDecimal(IdentityNumber(value: try identity(frame)).birthDate.dayNumber)
            }
        case .year, .month, .day:
            let date = arguments[0]
            return { frame throws(Stop) in
                let components = CalendarDate(dayNumber: try date(frame).smallInteger).components
                switch builtin {
                case .year: return ExactDecimal(components.year)
                case .month: return ExactDecimal(components.month)
                default: return ExactDecimal(components.day)
                }
            }
        }
    }

    // MARK: Conditions

    /// The condition of an `if`, recorded as one node labelled with the `if`.
    /// An `if`'s condition. Explained, it is recorded, and notes which of the two arms it takes
    /// for coverage.
    private func branchTest(_ node: Node, _ whenTrue: Node, _ whenFalse: Node) -> Test {
        let plain = test(node, noted: false)
        guard traced else { return plain }
        let condition = text(of: node)
        let decide = notingCondition(.condition, label: ("if \(condition)", "如果 \(condition)"), plain)
        let then = points.add(.branch, "then of if \(condition)", "如果 \(condition) 的“那么”分支", span(whenTrue))
        let otherwise = points.add(.branch, "else of if \(condition)", "如果 \(condition) 的“否则”分支", span(whenFalse))
        return { frame throws(Stop) in
            let taken = try decide(frame)
            frame.recorder?.cover(taken ? then : otherwise)
            return taken
        }
    }

    /// `noted: false` leaves the outermost comparison unrecorded, for a caller that records it.
    private func test(_ node: Node, noted: Bool = true) -> Test {
        switch node.kind {
        case .constant(let constant):
            let flag = constant.decimal.significand != 0
            return { _ in flag }
        case .compare(let op, let left, let right):
            return compare(op, left, right, node, noted: noted)
        case .not(let operand):
            let t = test(operand)
            return { frame throws(Stop) in try !t(frame) }
        case .and(let left, let right):
            let (a, b) = (test(left), test(right))
            return { frame throws(Stop) in
                guard try a(frame) else { return false }
                return try b(frame)
            }
        case .or(let left, let right):
            let (a, b) = (test(left), test(right))
            return { frame throws(Stop) in
                if try a(frame) { return true }
                return try b(frame)
            }
        case .within(let operand, let low, let high):
            let (x, lo, hi) = (value(operand), value(low), value(high))
            let plain: Test = { frame throws(Stop) in
                let v = try x(frame)
                guard try lo(frame) <= v else { return false }
                return try v <= hi(frame)
            }
            return traced && noted ? notingCondition(.condition, label: (text(of: node), text(of: node)), plain) : plain
        case .conditional(let condition, let whenTrue, let whenFalse):
            let (c, a, b) = (branchTest(condition, whenTrue, whenFalse), test(whenTrue), test(whenFalse))
            return { frame throws(Stop) in try c(frame) ? try a(frame) : try b(frame) }
        default:
            // Inputs, rules, lookups, matches of boolean type are stored as 0 or 1.
            if let slot = directInput(node) { return { frame throws(Stop) in try frame.input(slot).significand != 0 } }
            let decimal = valueIgnoringBool(node)
            return { frame throws(Stop) in try decimal(frame).significand != 0 }
        }
    }

    /// The value closure of a boolean node whose storage is a decimal 0 or 1.
    private func valueIgnoringBool(_ node: Node) -> Evaluate {
        let stored = Node(kind: node.kind, type: .number, range: node.range, file: node.file)
        return value(stored)
    }

    private func compare(_ op: ComparisonOperator, _ left: Node, _ right: Node, _ node: Node, noted: Bool) -> Test {
        let a = left.type == .bool ? valueFromTest(left) : value(left)
        let decide: (Int) -> Bool
        switch op {
        case .equal: decide = { $0 == 0 }
        case .notEqual: decide = { $0 != 0 }
        case .less: decide = { $0 < 0 }
        case .lessEqual: decide = { $0 <= 0 }
        case .greater: decide = { $0 > 0 }
        case .greaterEqual: decide = { $0 >= 0 }
        }
        let plain: Test
        if case .number(let constant)? = right.constantValue, let slot = directInput(left) {
            plain = { frame throws(Stop) in decide(ExactDecimal.compare(try frame.input(slot), constant)) }
        } else if case .number(let constant)? = right.constantValue {
            switch op {
            case .greaterEqual: plain = { frame throws(Stop) in try a(frame) >= constant }
            case .less: plain = { frame throws(Stop) in try a(frame) < constant }
            default: plain = { frame throws(Stop) in decide(ExactDecimal.compare(try a(frame), constant)) }
            }
        } else {
            let b = right.type == .bool ? valueFromTest(right) : value(right)
            plain = { frame throws(Stop) in
                let (x, y) = (try a(frame), try b(frame))
                return decide(ExactDecimal.compare(x, y))
            }
        }
        return traced && noted ? notingCondition(.condition, label: (text(of: node), text(of: node)), plain) : plain
    }

    private func valueFromTest(_ node: Node) -> Evaluate {
        let t = test(node)
        return { frame throws(Stop) in try t(frame) ? .one : .zero }
    }

    // MARK: Tracing

    /// Records a condition as a node whose children are what deciding it read. The label is
    /// given in both languages and chosen when it is recorded; true and false are the keywords.
    private func notingCondition(
        _ kind: TraceNode.Kind, label: (english: String, chinese: String), _ test: @escaping Test,
        describe: @escaping (Bool) -> String = { $0 ? localized("true", "是") : localized("false", "否") }
    ) -> Test {
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try test(frame) }
            let depth = recorder.depth
            recorder.begin(kind, localized(label.english, label.chinese))
            do throws(Stop) {
                let result = try test(frame)
                recorder.end(describe(result))
                return result
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    private func noting(
        _ node: Node, _ evaluate: @escaping Evaluate, kind: TraceNode.Kind, label: (english: String, chinese: String)
    ) -> Evaluate {
        let program = program
        let type = node.type
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else { return try evaluate(frame) }
            let depth = recorder.depth
            recorder.begin(kind, localized(label.english, label.chinese))
            do throws(Stop) {
                let result = try evaluate(frame)
                recorder.end(ValueFormatter(program: program, frame: frame).format(result, as: type))
                return result
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    private func text(of node: Node) -> String {
        node.file.oneLineText(of: node.range)
    }

    private func text(of range: CheckedRange) -> String {
        guard let file = range.lower?.value.file ?? range.upper?.value.file else { return "" }
        return file.oneLineText(of: range.range)
    }

    // MARK: Coverage

    /// `evaluate`, noting a coverage point each time it runs, when the program is explained.
    private func covering(
        _ evaluate: @escaping Evaluate, _ kind: CoveragePoint.Kind, _ english: @autoclosure () -> String,
        _ chinese: @autoclosure () -> String, _ span: SourceSpan
    ) -> Evaluate {
        guard traced else { return evaluate }
        let point = points.add(kind, english(), chinese(), span)
        return { frame throws(Stop) in
            frame.recorder?.cover(point)
            return try evaluate(frame)
        }
    }

    private func span(_ node: Node) -> SourceSpan {
        SourceSpan(file: node.file, range: node.range)
    }
}

/// Runs exact arithmetic, turning its failure into a stop that names the place in the policy.
@inline(__always)
func checked(_ span: SourceSpan, _ operation: () throws(ArithmeticError) -> ExactDecimal) throws(Stop) -> ExactDecimal {
    do {
        return try operation()
    } catch {
        throw .arithmetic(error, span)
    }
}

extension Node {
    /// Calls `body` with the slot of every rule the expression reads.
    func forEachRuleReference(_ body: (Int) -> Void) {
        if case .rule(let slot) = kind { body(slot) }
        forEachChild { $0.forEachRuleReference(body) }
    }
}
