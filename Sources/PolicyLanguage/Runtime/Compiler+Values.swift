// Values: the closure of each kind of node, from constants, facts and rules to arithmetic,
// bounds, `otherwise` and the built-in functions.

extension Compiler {
    // MARK: Values

    func value(_ node: Node) -> Evaluate {
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
                return try Stop.checked(span) { () throws(ArithmeticError) in try x.negated() }
            }
        case .arithmetic(let op, let left, let right):
            return arithmetic(op, left, right, span(node))
        case .divideRounded(let dividend, let divisor, let quantum):
            let (a, b, q) = (value(dividend), value(divisor), value(quantum))
            let span = span(node)
            return { frame throws(Stop) in
                let (x, y, step) = (try a(frame), try b(frame), try q(frame))
                return try Stop.checked(span) { () throws(ArithmeticError) in try ExactDecimal.dividing(x, by: y, roundedTo: step)
                }
            }
        case .rounded(let operand, let quantum):
            let (a, q) = (value(operand), value(quantum))
            let span = span(node)
            let plain: Evaluate = { frame throws(Stop) in
                let (x, step) = (try a(frame), try q(frame))
                return try Stop.checked(span) { () throws(ArithmeticError) in try x.rounded(to: step) }
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
    func directInput(_ node: Node) -> Int? {
        guard !traced, case .input(let slot) = node.kind else { return nil }
        return slot
    }

    private func input(_ slot: Int) -> Evaluate {
        guard traced else {
            return { frame throws(Stop) in
                guard frame.holds(slot) else { throw .missingFact(slot, neededBy: nil) }
                return frame.values[slot]
            }
        }
        let input = program.inputs[slot]
        let program = program
        return { frame throws(Stop) in
            guard frame.holds(slot) else { throw .missingFact(slot, neededBy: nil) }
            let value = frame.values[slot]
            frame.recorder?.note(
                .fact, Phrase(verbatim: input.name),
                value: ValueFormatter(program: program, frame: frame).phrase(value, as: input.type))
            return value
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ left: Node, _ right: Node, _ span: SourceSpan) -> Evaluate {
        let a = value(left)
        // A constant operand is captured as a value, not called as a closure.
        if case .number(let constant)? = right.constantValue {
            return { frame throws(Stop) in
                let x = try a(frame)
                return try Stop.checked(span) { () throws(ArithmeticError) in try op.apply(x, constant) }
            }
        }
        if case .number(let constant)? = left.constantValue {
            let b = value(right)
            return { frame throws(Stop) in
                let y = try b(frame)
                return try Stop.checked(span) { () throws(ArithmeticError) in try op.apply(constant, y) }
            }
        }
        let b = value(right)
        return { frame throws(Stop) in
            let (x, y) = (try a(frame), try b(frame))
            return try Stop.checked(span) { () throws(ArithmeticError) in try op.apply(x, y) }
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
            let (value, bounded) = (formatter.phrase(x, as: type), formatter.phrase(limit, as: type))
            frame.recorder?.note(
                .bound, Phrase("\(kind.rawValue) \(limitText)", "\(kind == .atMost ? "至多" : "至少") \(limitText)"),
                value: !applied
                    ? Phrase("\(value.english), within the limit", "\(value.chinese)，在限度内")
                    : kind == .atMost
                        ? Phrase("\(value.english) capped to \(bounded.english)", "\(value.chinese)，封顶为 \(bounded.chinese)")
                        : Phrase("\(value.english) raised to \(bounded.english)", "\(value.chinese)，提高到 \(bounded.chinese)"))
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

    private func otherwise(_ primary: @escaping Evaluate, _ fallback: @escaping Evaluate, _ node: Node) -> Evaluate {
        let traced = traced
        return { frame throws(Stop) in
            let depth = frame.recorder?.depth ?? 0
            do throws(Stop) {
                return try primary(frame)
            } catch {
                guard case .gap(let gap) = error else { throw error }
                if traced {
                    frame.recorder?.unwind(to: depth, marking: Phrase("not priced", "未定价"))
                    let reason = gap.refusal(in: frame).reason
                    frame.recorder?.note(
                        .fallback, Phrase("otherwise", "缺省"),
                        value: Phrase("used because \(reason.english)", "已采用，因为\(reason.chinese)"))
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
        case .date, .applicationDate, .countingYear:
            return timeCall(builtin, arguments)
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
}
