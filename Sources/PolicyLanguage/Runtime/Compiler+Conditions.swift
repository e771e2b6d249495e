// Conditions: `require` and its reasons, the condition of an `if`, and boolean nodes compiled
// to tests that return a Bool instead of a decimal 0 or 1.

extension Compiler {
    // MARK: Requirements

    func require(_ requirements: [CheckedRequirement], body: @escaping Evaluate) -> Evaluate {
        let conditions = requirements.map { requirement in
            let reason = program.reasons[requirement.reason]
            let plain = test(requirement.condition, noted: false)
            let condition = text(of: requirement.condition)
            let recorded =
                traced
                ? notingCondition(
                    .requirement, label: ("require \(condition)", "要求 \(condition)"), plain,
                    describe: {
                        $0 ? Phrase("met", "满足") : Phrase("not met: \(reason.reason.english)", "不满足：\(reason.reason.chinese)")
                    })
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

    // MARK: Conditions

    /// The condition of an `if`, recorded as one node labelled with the `if`.
    /// An `if`'s condition. Explained, it is recorded, and notes which of the two arms it takes
    /// for coverage.
    func branchTest(_ node: Node, _ whenTrue: Node, _ whenFalse: Node) -> Test {
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
    func test(_ node: Node, noted: Bool = true) -> Test {
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
}
