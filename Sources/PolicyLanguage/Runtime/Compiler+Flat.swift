// The flat form of an untraced program (Flat.swift): each node becomes one instruction, the
// same choices the closure compiler makes (a constant operand held as a value, an input read
// directly, an enum table as an array) made once here. The closure compiler has run first: a
// kind of node with no instruction becomes a closure node calling its closure, and the words of
// gaps are made by the same functions.

struct FlatCompiler {
    let compiler: Compiler
    var code: [FlatInstruction] = []
    var constants: [ExactDecimal] = []
    var operands: [Int32] = []
    var roots: [Int32] = []
    var spans: [SourceSpan] = []
    var gaps: [Gap] = []
    var sites: [GapSite] = []
    var reasons: [[Refusal]] = []
    var closures: [Evaluate] = []
    var closureKinds: [String] = []

    static func compile(_ compiler: Compiler) -> FlatProgram {
        var flat = FlatCompiler(compiler: compiler)
        let program = compiler.program
        for rule in program.rules {
            let body = flat.value(rule.body)
            guard let origin = program.boundingPolicy(of: rule) else {
                flat.roots.append(body)
                continue
            }
            let start = flat.constant(ExactDecimal(origin.period.start.dayNumber))
            _ = flat.constant(ExactDecimal(origin.period.end.dayNumber))
            flat.sites.append(Compiler.notInForce(rule, origin))
            flat.roots.append(
                flat.emit(.init(operation: .inForce, a: body, b: start, d: Int32(flat.sites.count - 1))))
        }
        return FlatProgram(flat, inputCount: program.inputs.count)
    }

    // MARK: Pools

    private mutating func emit(_ instruction: FlatInstruction) -> Int32 {
        code.append(instruction)
        return Int32(code.count - 1)
    }

    private mutating func constant(_ value: ExactDecimal) -> Int32 {
        constants.append(value)
        return Int32(constants.count - 1)
    }

    private mutating func span(_ node: Node) -> Int32 {
        spans.append(compiler.span(node))
        return Int32(spans.count - 1)
    }

    private mutating func closure(_ node: Node, kind: String) -> Int32 {
        closures.append(compiler.value(node))
        closureKinds.append(kind)
        return emit(.init(operation: .closure, a: Int32(closures.count - 1)))
    }

    private static func code(_ op: ArithmeticOperator) -> UInt8 {
        switch op {
        case .add: 0
        case .subtract: 1
        case .multiply: 2
        case .divide: 3
        }
    }

    private static func code(_ op: ComparisonOperator) -> UInt8 {
        switch op {
        case .equal: 0
        case .notEqual: 1
        case .less: 2
        case .lessEqual: 3
        case .greater: 4
        case .greaterEqual: 5
        }
    }

    private static func inputSlot(_ node: Node) -> Int32? {
        if case .input(let slot) = node.kind { return Int32(slot) }
        return nil
    }

    // MARK: Values

    mutating func value(_ node: Node) -> Int32 {
        if node.type == .bool { return emit(.init(operation: .testValue, a: test(node))) }
        switch node.kind {
        case .constant(let constant):
            return emit(.init(operation: .constant, a: self.constant(constant.decimal)))
        case .input(let slot):
            return emit(.init(operation: .input, a: Int32(slot)))
        case .rule(let slot):
            return emit(.init(operation: .rule, a: Int32(slot)))
        case .claimDate:
            return emit(.init(operation: .claimDate))
        case .negate(let operand):
            let a = value(operand)
            return emit(.init(operation: .negate, a: a, d: span(node)))
        case .arithmetic(let op, let left, let right):
            let flag = Self.code(op)
            if case .number(let constant)? = right.constantValue {
                let a = value(left)
                return emit(
                    .init(operation: .arithmeticConstantRight, flag: flag, a: a, b: self.constant(constant), d: span(node)))
            }
            if case .number(let constant)? = left.constantValue {
                let b = value(right)
                return emit(
                    .init(operation: .arithmeticConstantLeft, flag: flag, a: self.constant(constant), b: b, d: span(node)))
            }
            let (a, b) = (value(left), value(right))
            return emit(.init(operation: .arithmetic, flag: flag, a: a, b: b, d: span(node)))
        case .divideRounded(let dividend, let divisor, let quantum):
            let (a, b, c) = (value(dividend), value(divisor), value(quantum))
            return emit(.init(operation: .divideRounded, a: a, b: b, c: c, d: span(node)))
        case .rounded(let operand, let quantum):
            let (a, b) = (value(operand), value(quantum))
            return emit(.init(operation: .rounded, a: a, b: b, d: span(node)))
        case .conditional(let condition, let whenTrue, let whenFalse):
            let (c, a, b) = (test(condition), value(whenTrue), value(whenFalse))
            return emit(.init(operation: .conditional, a: c, b: a, c: b))
        case .require(let requirements, let body):
            let tests = requirements.map { test($0.condition) }
            let a = value(body)
            let alone = Int32(reasons.reduce(0) { $0 + $1.count })
            reasons.append(requirements.map { compiler.program.reasons[$0.reason] })
            let start = Int32(operands.count)
            operands.append(contentsOf: tests + [alone])
            return emit(
                .init(operation: .require, a: a, b: start, c: Int32(tests.count), d: Int32(reasons.count - 1)))
        case .match(let subject, let arms):
            return match(subject, arms)
        case .tiers(let kind, let quantity, let brackets):
            return tiers(kind, quantity, brackets, node)
        case .bound(let kind, let operand, let limit):
            let flag: UInt8 = kind == .atMost ? 0 : 1
            let a = value(operand)
            if case .number(let constant)? = limit.constantValue {
                return emit(.init(operation: .boundConstant, flag: flag, a: a, b: self.constant(constant)))
            }
            return emit(.init(operation: .bound, flag: flag, a: a, b: value(limit)))
        case .lookup(let table, let keys, let column):
            return lookup(table, keys, column, node)
        case .otherwise(let primary, let fallback):
            let a = value(primary)
            let b = value(fallback)
            if code[Int(a)].operation == .lookupEnum, code[Int(a)].flag == 1 {
                return emit(.init(operation: .otherwiseLookup, a: a, b: b))
            }
            return emit(.init(operation: .otherwise, a: a, b: b))
        case .call(let builtin, let arguments):
            return call(builtin, arguments, node)
        case .compare, .not, .and, .or, .within:
            preconditionFailure("boolean node outside a boolean context")
        }
    }

    private mutating func call(_ builtin: Builtin, _ arguments: [Node], _ node: Node) -> Int32 {
        switch builtin {
        case .min, .max:
            let values = arguments.map { value($0) }
            let start = Int32(operands.count)
            operands.append(contentsOf: values)
            return emit(.init(operation: builtin == .min ? .minimum : .maximum, a: start, b: Int32(values.count)))
        case .year, .month, .day:
            let flag: UInt8 = builtin == .year ? 0 : builtin == .month ? 1 : 2
            return emit(.init(operation: .datePart, flag: flag, a: value(arguments[0])))
        case .birthdate:
            return emit(.init(operation: .birthdate, a: value(arguments[0])))
        case .applicationDate:
            return emit(.init(operation: .applicationDate))
        case .date:
            let (a, b, c) = (value(arguments[0]), value(arguments[1]), value(arguments[2]))
            return emit(.init(operation: .date, a: a, b: b, c: c))
        case .countingYear:
            return closure(node, kind: "counting year")
        }
    }

    private mutating func match(_ subject: Node, _ arms: [CheckedArm]) -> Int32 {
        let bodies = arms.map { value($0.body) }
        let elseArm = arms.last.flatMap { $0.patterns.isEmpty ? bodies[arms.count - 1] : nil }
        gaps.append(compiler.matchGap(subject))
        let gap = Int32(gaps.count - 1)
        if case .enumeration(let enumType) = subject.type,
            arms.allSatisfy({ $0.patterns.allSatisfy { if case .equals = $0 { true } else { false } } })
        {
            var table = [Int32](repeating: elseArm ?? -1, count: enumType.cases.count)
            for (index, arm) in arms.enumerated().reversed() {
                for case .equals(let value) in arm.patterns {
                    if let ordinal = value.decimal.integerValue, table.indices.contains(ordinal) {
                        table[ordinal] = bodies[index]
                    }
                }
            }
            let start = Int32(operands.count)
            operands.append(contentsOf: table)
            if let slot = Self.inputSlot(subject) {
                return emit(.init(operation: .matchEnum, flag: 1, a: slot, b: start, c: Int32(table.count), d: gap))
            }
            let a = value(subject)
            return emit(.init(operation: .matchEnum, a: a, b: start, c: Int32(table.count), d: gap))
        }
        let a = value(subject)
        var run: [Int32] = []
        for (arm, body) in zip(arms, bodies) {
            run += [Int32(arm.patterns.count), body]
            for pattern in arm.patterns {
                switch pattern {
                case .equals(let expected): run += [0, constant(expected.decimal), 0, 0, 0]
                case .range(let range): run += [1] + self.range(range)
                }
            }
        }
        let start = Int32(operands.count)
        operands.append(contentsOf: run)
        return emit(.init(operation: .match, a: a, b: start, c: Int32(arms.count), d: gap))
    }

    /// A range as four integers: each limit's instruction (-1 for none) and whether it is inclusive.
    private mutating func range(_ range: CheckedRange) -> [Int32] {
        let lower = range.lower.map { value($0.value) } ?? -1
        let upper = range.upper.map { value($0.value) } ?? -1
        return [lower, range.lower?.inclusive == true ? 1 : 0, upper, range.upper?.inclusive == true ? 1 : 0]
    }

    private mutating func tiers(_ kind: TierKind, _ quantityNode: Node, _ brackets: [CheckedBracket], _ node: Node) -> Int32 {
        let quantity = value(quantityNode)
        var run: [Int32] = []
        switch kind {
        case .marginal:
            // Limits and rates that are constants are read from the pool, not evaluated.
            func plainConstant(_ node: Node?) -> Bool {
                guard let node else { return true }
                return node.type != .bool && node.constantValue.map { !$0.isAbsent } == true
            }
            let constant = brackets.allSatisfy {
                plainConstant($0.range.lower?.value) && plainConstant($0.range.upper?.value) && plainConstant($0.rate)
            }
            for bracket in brackets {
                if constant {
                    let lower = bracket.range.lower.map { self.constant($0.value.constantValue!.decimal) } ?? -1
                    let upper = bracket.range.upper.map { self.constant($0.value.constantValue!.decimal) } ?? -1
                    run += [lower, upper, self.constant(bracket.rate.constantValue!.decimal)]
                } else {
                    let lower = bracket.range.lower.map { value($0.value) } ?? -1
                    let upper = bracket.range.upper.map { value($0.value) } ?? -1
                    run += [lower, upper, value(bracket.rate)]
                }
            }
            let start = Int32(operands.count)
            operands.append(contentsOf: run)
            return emit(
                .init(
                    operation: .marginal, flag: constant ? 1 : 0, a: quantity, b: start, c: Int32(brackets.count),
                    d: span(node)))
        case .banded:
            gaps.append(compiler.bandedGap(quantityNode))
            run.append(Int32(gaps.count - 1))
            for bracket in brackets {
                run += range(bracket.range)
                run.append(value(bracket.rate))
            }
            let start = Int32(operands.count)
            operands.append(contentsOf: run)
            return emit(.init(operation: .banded, a: quantity, b: start, c: Int32(brackets.count), d: span(node)))
        }
    }

    private mutating func lookup(_ tableIndex: Int, _ keyNodes: [Node], _ column: Int, _ node: Node) -> Int32 {
        let table = compiler.program.tables[tableIndex]
        guard keyNodes.count == 1, case .enumeration(let enumType) = table.columns[table.keyColumns[0]].type else {
            return closure(node, kind: keyNodes.count == 1 ? "lookup by a number" : "lookup by several keys")
        }
        // Each case's cell: a constant's index, -1 for no row, -2 for an empty cell.
        var cells = [Int32](repeating: -1, count: enumType.cases.count)
        for values in table.rows {
            if let ordinal = values[table.keyColumns[0]].decimal.integerValue {
                cells[ordinal] = values[column].isAbsent ? -2 : constant(values[column].decimal)
            }
        }
        let (noRow, noCell) = compiler.gapSites(tableIndex, column)
        sites += [noRow, noCell]
        let site = Int32(sites.count - 2)
        let start = Int32(operands.count)
        operands.append(contentsOf: cells)
        if let slot = Self.inputSlot(keyNodes[0]) {
            return emit(.init(operation: .lookupEnum, flag: 1, a: slot, b: start, c: Int32(cells.count), d: site))
        }
        let a = value(keyNodes[0])
        return emit(.init(operation: .lookupEnum, a: a, b: start, c: Int32(cells.count), d: site))
    }

    // MARK: Tests

    mutating func test(_ node: Node) -> Int32 {
        switch node.kind {
        case .constant(let constant):
            return emit(.init(operation: .truth, flag: constant.decimal.significand != 0 ? 1 : 0))
        case .compare(let op, let left, let right):
            let flag = Self.code(op)
            if case .number(let constant)? = right.constantValue, let slot = Self.inputSlot(left) {
                return emit(.init(operation: .compareInputConstant, flag: flag, a: slot, b: self.constant(constant)))
            }
            let a = value(left)
            if case .number(let constant)? = right.constantValue {
                return emit(.init(operation: .compareConstant, flag: flag, a: a, b: self.constant(constant)))
            }
            return emit(.init(operation: .compare, flag: flag, a: a, b: value(right)))
        case .not(let operand):
            return emit(.init(operation: .not, a: test(operand)))
        case .and(let left, let right):
            let (a, b) = (test(left), test(right))
            return emit(.init(operation: .and, a: a, b: b))
        case .or(let left, let right):
            let (a, b) = (test(left), test(right))
            return emit(.init(operation: .or, a: a, b: b))
        case .within(let operand, let low, let high):
            let (a, b, c) = (value(operand), value(low), value(high))
            return emit(.init(operation: .within, a: a, b: b, c: c))
        case .conditional(let condition, let whenTrue, let whenFalse):
            let (c, a, b) = (test(condition), test(whenTrue), test(whenFalse))
            return emit(.init(operation: .testConditional, a: c, b: a, c: b))
        default:
            // Inputs, rules, lookups, matches of boolean type are stored as 0 or 1.
            if let slot = Self.inputSlot(node) { return emit(.init(operation: .inputNonZero, a: slot)) }
            let stored = Node(kind: node.kind, type: .number, range: node.range, file: node.file)
            return emit(.init(operation: .nonZero, a: value(stored)))
        }
    }
}
