// The batch's compiled form: a program's expressions as a flat array of plain instructions over
// the frame's slots, interpreted by a `switch` that recurses by index. An instruction is a few
// integers (operands are indices of other instructions, of constants in a pool or of a run of
// integers), so evaluating a claim retains and releases nothing and calls no closure. What a
// failure needs (a source span, a gap's site, a requirement's reasons) lives in side tables read
// only when something fails, and every `Stop` is the one the closure form throws.
//
// Only the untraced variant is compiled to this form; the explained one stays a tree of closures
// with recording wrappers (`Compiler`). A kind of node with no instruction (the counting year, a
// lookup keyed by numbers or by several keys) is a closure node: it calls the closure the
// `Compiler` made for it.

/// What an instruction does. Value instructions are run by `FlatProgram.value`, tests (those
/// after `truth`) by `FlatProgram.test`.
enum FlatOperation: UInt8 {
    // Values.
    case constant, input, rule, claimDate, negate
    case arithmetic, arithmeticConstantRight, arithmeticConstantLeft, divideRounded, rounded
    case conditional, require, matchEnum, match, marginal, banded, bound, boundConstant
    case lookupEnum, otherwise, otherwiseLookup, minimum, maximum, datePart, birthdate
    case applicationDate, date, inForce, closure, testValue
    // Tests.
    case truth, compareInputConstant, compareConstant, compare, not, and, or, within, testConditional
    case inputNonZero, nonZero
}

/// One instruction: an operation, a small operand (an operator, a flag) and four integers whose
/// meaning each operation documents where `FlatCompiler` emits it.
struct FlatInstruction {
    var operation: FlatOperation
    var flag: UInt8 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    var d: Int32 = 0
}

/// A program's rules as flat instructions: the memory they live in and the side tables. The
/// interpreter is `FlatMachine`, which holds plain pointers into it and no reference that counts.
final class FlatProgram: @unchecked Sendable {
    let code: UnsafeMutablePointer<FlatInstruction>
    let constants: UnsafeMutablePointer<ExactDecimal>
    /// Runs of integers: a requirement's tests, a jump table, a schedule's brackets.
    let operands: UnsafeMutablePointer<Int32>
    /// The instruction of each rule slot's body (its in-force guard included).
    let roots: UnsafeMutablePointer<Int32>
    let inputCount: Int
    let counts: (code: Int, constants: Int, operands: Int, roots: Int, alone: Int)
    /// The same rules as steps over registers (FlatSteps.swift), which the batch runs: the
    /// steps, their jump tables, each rule slot's first step, and how many registers they use.
    let steps: UnsafeMutablePointer<Step>
    let stepOperands: UnsafeMutablePointer<Int32>
    let entries: UnsafeMutablePointer<Int32>
    let registerCount: Int
    let stepCount: Int

    // Side tables, read when something fails (and `closures` by closure nodes).
    let spans: [SourceSpan]
    let gaps: [Gap]
    let sites: [GapSite]
    /// Each requirement's reasons, in order.
    let reasons: [[Refusal]]
    /// Each reason alone in an array made once: the refusal of a claim that fails that
    /// requirement only, thrown with no allocation and one retain.
    let alone: UnsafeMutablePointer<[Refusal]>
    let closures: [Evaluate]
    /// The kinds of node compiled as closure nodes, for tests and the report.
    let closureKinds: [String]

    init(_ compiler: FlatCompiler, inputCount: Int) {
        func copy<T>(_ array: [T]) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
            pointer.initialize(from: array, count: array.count)
            return pointer
        }
        code = copy(compiler.code)
        constants = copy(compiler.constants)
        operands = copy(compiler.operands)
        roots = copy(compiler.roots)
        counts = (
            compiler.code.count, compiler.constants.count, compiler.operands.count, compiler.roots.count,
            compiler.reasons.reduce(0) { $0 + $1.count }
        )
        self.inputCount = inputCount
        let laidOut = StepCompiler.compile(
            tree: compiler.code, operands: compiler.operands, roots: compiler.roots, constantCount: compiler.constants.count)
        steps = copy(laidOut.steps)
        stepOperands = copy(laidOut.operands)
        entries = copy(laidOut.entries)
        registerCount = laidOut.registerCount
        stepCount = laidOut.steps.count
        spans = compiler.spans
        gaps = compiler.gaps
        sites = compiler.sites
        reasons = compiler.reasons
        alone = copy(compiler.reasons.flatMap { $0.map { [$0] } })
        closures = compiler.closures
        closureKinds = compiler.closureKinds
    }

    deinit {
        code.deinitialize(count: counts.code)
        code.deallocate()
        constants.deinitialize(count: counts.constants)
        constants.deallocate()
        operands.deallocate()
        roots.deallocate()
        steps.deallocate()
        stepOperands.deallocate()
        entries.deallocate()
        alone.deinitialize(count: counts.alone)
        alone.deallocate()
    }

    /// The interpreter over this program; valid while the program lives.
    var machine: FlatMachine { FlatMachine(tables: self) }
}

/// The interpreter: the program, unowned, whose pointers it reads; one word, so that it is
/// passed in a register. Its owner (`CompiledProgram`) keeps the program alive.
struct FlatMachine {
    unowned(unsafe) let tables: FlatProgram

    var code: UnsafeMutablePointer<FlatInstruction> { tables.code }
    var constants: UnsafeMutablePointer<ExactDecimal> { tables.constants }
    var operands: UnsafeMutablePointer<Int32> { tables.operands }
    var roots: UnsafeMutablePointer<Int32> { tables.roots }
    var alone: UnsafeMutablePointer<[Refusal]> { tables.alone }
    var steps: UnsafeMutablePointer<Step> { tables.steps }
    var stepOperands: UnsafeMutablePointer<Int32> { tables.stepOperands }
    var entries: UnsafeMutablePointer<Int32> { tables.entries }
    var inputCount: Int { tables.inputCount }

    /// The value of the rule in `slot`, memoised in the frame.
    @inline(__always)
    func run(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        let index = inputCount + slot
        if frame.holds(index) { return frame.values[index] }
        let result = try value(roots[slot], frame)
        frame.values[index] = result
        frame.mark(index)
        return result
    }

    /// The value of the instruction at `at` when it is a leaf, read here without a call: an
    /// input or a constant; else its value.
    @inline(__always)
    private func operand(_ at: Int32, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let instruction = code + Int(at)
        if instruction.pointee.operation == .input { return try frame.input(Int(instruction.pointee.a)) }
        if instruction.pointee.operation == .constant { return constants[Int(instruction.pointee.a)] }
        return try value(at, frame)
    }

    // MARK: Failures

    @inline(never)
    func arithmetic(_ error: ArithmeticError, _ span: Int32) -> Stop { .arithmetic(error, tables.spans[Int(span)]) }

    @inline(__always)
    func checked(_ span: Int32, _ operation: () throws(ArithmeticError) -> ExactDecimal) throws(Stop) -> ExactDecimal {
        do {
            return try operation()
        } catch {
            throw arithmetic(error, span)
        }
    }

    @inline(never)
    func gap(_ index: Int32) -> Stop { .gap(tables.gaps[Int(index)]) }

    @inline(never)
    func gap(site: Int32, key: ExactDecimal) -> Stop { .gap(Gap(site: tables.sites[Int(site)], key: [key])) }

    /// The refusal of a `require` whose test `failed` did not hold: the tests after it are still
    /// run, as the closure form runs them all, and every one that fails adds its reason.
    @inline(never)
    func refusal(_ instruction: FlatInstruction, failed: Int, _ frame: Frame) throws(Stop) -> Stop {
        var failures: [Refusal] = []
        for index in (failed + 1)..<Int(instruction.c) where !(try test(operands[Int(instruction.b) + index], frame)) {
            let reasons = tables.reasons[Int(instruction.d)]
            if failures.isEmpty { failures.append(reasons[failed]) }
            failures.append(reasons[index])
        }
        return .refused(failures.isEmpty ? alone[Int(operands[Int(instruction.b + instruction.c)]) + failed] : failures)
    }

    // MARK: Values

    /// The value of the instruction at `at`. The kinds every claim of a usual program runs are
    /// here, their leaves read in place (`operand`); the others are in `rareValue`, so that this
    /// function stays small.
    func value(_ at: Int32, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let instruction = code + Int(at)
        switch instruction.pointee.operation {
        case .constant:
            return constants[Int(instruction.pointee.a)]
        case .input:
            return try frame.input(Int(instruction.pointee.a))
        case .rule:
            return try run(rule: Int(instruction.pointee.a), in: frame)
        case .arithmetic:
            let x = try operand(instruction.pointee.a, frame)
            let y = try operand(instruction.pointee.b, frame)
            return try checked(instruction.pointee.d) { () throws(ArithmeticError) in
                try Self.apply(instruction.pointee.flag, x, y)
            }
        case .arithmeticConstantRight:
            let x = try operand(instruction.pointee.a, frame)
            let y = constants[Int(instruction.pointee.b)]
            return try checked(instruction.pointee.d) { () throws(ArithmeticError) in
                try Self.apply(instruction.pointee.flag, x, y)
            }
        case .arithmeticConstantLeft:
            let y = try operand(instruction.pointee.b, frame)
            let x = constants[Int(instruction.pointee.a)]
            return try checked(instruction.pointee.d) { () throws(ArithmeticError) in
                try Self.apply(instruction.pointee.flag, x, y)
            }
        case .conditional:
            return try test(instruction.pointee.a, frame)
                ? try operand(instruction.pointee.b, frame) : try operand(instruction.pointee.c, frame)
        case .require:
            // a: the body; operands b..<b+c: the tests, b+c: where the reasons are in `alone`;
            // d: the reasons.
            let start = Int(instruction.pointee.b)
            for index in 0..<Int(instruction.pointee.c) where !(try test(operands[start + index], frame)) {
                throw try refusal(instruction.pointee, failed: index, frame)
            }
            return try operand(instruction.pointee.a, frame)
        case .boundConstant:
            let x = try operand(instruction.pointee.a, frame)
            let limit = constants[Int(instruction.pointee.b)]
            return Self.bounded(instruction.pointee.flag, x, limit)
        case .lookupEnum:
            let (cell, key) = try row(instruction.pointee, frame)
            if cell >= 0 { return constants[Int(cell)] }
            throw gap(site: cell == -1 ? instruction.pointee.d : instruction.pointee.d + 1, key: key)
        case .otherwiseLookup:
            // A lookup keyed by an input, its gaps caught without being thrown.
            let (cell, _) = try row(code[Int(instruction.pointee.a)], frame)
            if cell >= 0 { return constants[Int(cell)] }
            return try operand(instruction.pointee.b, frame)
        case .matchEnum:
            // flag 1: a is the subject's input slot, else its instruction; operands b..<b+c: the
            // arm of each ordinal or -1; d: the gap.
            let subject =
                instruction.pointee.flag == 1
                ? try frame.input(Int(instruction.pointee.a)) : try value(instruction.pointee.a, frame)
            let ordinal = subject.smallInteger
            let arm = ordinal >= 0 && ordinal < Int(instruction.pointee.c) ? operands[Int(instruction.pointee.b) + ordinal] : -1
            guard arm >= 0 else { throw gap(instruction.pointee.d) }
            return try operand(arm, frame)
        case .marginal:
            return try marginal(instruction.pointee, frame)
        case .testValue:
            return try test(instruction.pointee.a, frame) ? .one : .zero
        default:
            return try rareValue(instruction.pointee, frame)
        }
    }

    @inline(never)
    private func rareValue(_ instruction: FlatInstruction, _ frame: Frame) throws(Stop) -> ExactDecimal {
        switch instruction.operation {
        case .claimDate:
            guard frame.hasClaimDate else { throw .missingClaimDate }
            return frame.claimDate
        case .negate:
            let x = try value(instruction.a, frame)
            return try checked(instruction.d) { () throws(ArithmeticError) in try x.negated() }
        case .divideRounded:
            let x = try value(instruction.a, frame)
            let y = try value(instruction.b, frame)
            let step = try value(instruction.c, frame)
            return try checked(instruction.d) { () throws(ArithmeticError) in try ExactDecimal.dividing(x, by: y, roundedTo: step)
            }
        case .rounded:
            let x = try value(instruction.a, frame)
            let step = try value(instruction.b, frame)
            return try checked(instruction.d) { () throws(ArithmeticError) in try x.rounded(to: step) }
        case .match:
            return try match(instruction, frame)
        case .banded:
            return try banded(instruction, frame)
        case .bound:
            let x = try value(instruction.a, frame)
            let limit = try value(instruction.b, frame)
            return Self.bounded(instruction.flag, x, limit)
        case .otherwise:
            do {
                return try value(instruction.a, frame)
            } catch {
                guard case .gap = error else { throw error }
                return try value(instruction.b, frame)
            }
        case .minimum, .maximum:
            let start = Int(instruction.a)
            var result = try value(operands[start], frame)
            for index in 1..<Int(instruction.b) {
                let next = try value(operands[start + index], frame)
                result = Self.bounded(instruction.operation == .minimum ? 0 : 1, result, next)
            }
            return result
        case .datePart:
            let components = CalendarDate(dayNumber: try value(instruction.a, frame).smallInteger).components
            switch instruction.flag {
            case 0: return ExactDecimal(components.year)
            case 1: return ExactDecimal(components.month)
            default: return ExactDecimal(components.day)
            }
        case .birthdate:
            return ExactDecimal(IdentityNumber(value: try value(instruction.a, frame)).birthDate.dayNumber)
        case .applicationDate:
            return try frame.applicationDay()
        case .date:
            let parts = (try value(instruction.a, frame), try value(instruction.b, frame), try value(instruction.c, frame))
            guard let y = parts.0.integerValue, let m = parts.1.integerValue, let d = parts.2.integerValue,
                let date = CalendarDate(year: y, month: m, day: d)
            else {
                throw .notADate([parts.0, parts.1, parts.2])
            }
            return ExactDecimal(date.dayNumber)
        case .inForce:
            // a: the rule's body; constants b, b+1: the first and last day; d: the gap's site.
            try checkInForce(from: instruction.b, site: instruction.d, frame)
            return try value(instruction.a, frame)
        case .closure:
            return try tables.closures[Int(instruction.a)](frame)
        case .constant, .input, .rule, .arithmetic, .arithmeticConstantRight, .arithmeticConstantLeft, .conditional,
            .require, .boundConstant, .lookupEnum, .otherwiseLookup, .matchEnum, .marginal, .testValue:
            preconditionFailure("an instruction `value` runs itself")
        case .truth, .compareInputConstant, .compareConstant, .compare, .not, .and, .or, .within, .testConditional,
            .inputNonZero, .nonZero:
            preconditionFailure("a test where a value is read")
        }
    }

    @inline(__always)
    static func apply(_ operation: UInt8, _ x: ExactDecimal, _ y: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        switch operation {
        case 0: try ExactDecimal.adding(x, y)
        case 1: try ExactDecimal.subtracting(x, y)
        case 2: try ExactDecimal.multiplying(x, y)
        default: try ExactDecimal.dividing(x, by: y)
        }
    }

    /// The cell a lookup keyed by an enum finds: a constant's index, -1 for no row, -2 for an
    /// empty cell; and the key a gap names. flag 1: a is the key's input slot, else its
    /// instruction; operands b..<b+c: each ordinal's cell; d, d+1: the sites of the two gaps.
    @inline(__always)
    private func row(_ instruction: FlatInstruction, _ frame: Frame) throws(Stop) -> (Int32, ExactDecimal) {
        if instruction.flag == 1 {
            let ordinal = try frame.input(Int(instruction.a)).smallInteger
            let cell = cell(ordinal, from: instruction.b, count: instruction.c)
            return (cell, cell >= 0 ? .zero : ExactDecimal(ordinal))
        }
        let key = try operand(instruction.a, frame)
        return (cell(key.smallInteger, from: instruction.b, count: instruction.c), key)
    }

    /// The cell of an enum table for `ordinal`, from the `count` cells at `from` in the operands:
    /// a constant's index, -1 for no row (an ordinal outside the enum included), -2 for `none`.
    @inline(__always)
    func cell(_ ordinal: Int, from start: Int32, count: Int32) -> Int32 {
        ordinal >= 0 && ordinal < Int(count) ? operands[Int(start) + ordinal] : -1
    }

    /// A match on other than an enum's cases. a: the subject; d: the gap; operands from b, for
    /// each of c arms: its pattern count, its body, then each pattern's five integers (0 and a
    /// constant to equal, or 1 and a range as `inRange` reads it).
    @inline(never)
    private func match(_ instruction: FlatInstruction, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let subject = try value(instruction.a, frame)
        var at = Int(instruction.b)
        for _ in 0..<Int(instruction.c) {
            let patterns = Int(operands[at])
            let body = operands[at + 1]
            at += 2
            var matched = patterns == 0
            for _ in 0..<patterns {
                if !matched {
                    matched =
                        operands[at] == 0
                        ? subject == constants[Int(operands[at + 1])] : try inRange(subject, from: at + 1, frame)
                }
                at += 5
            }
            if matched { return try value(body, frame) }
        }
        throw gap(instruction.d)
    }

    /// Whether `subject` is within the range at `at`: the lower limit's instruction or -1,
    /// whether it is inclusive, the upper limit's, whether it is inclusive.
    @inline(__always)
    private func inRange(_ subject: ExactDecimal, from at: Int, _ frame: Frame) throws(Stop) -> Bool {
        if operands[at] >= 0 {
            let limit = try operand(operands[at], frame)
            if operands[at + 1] != 0 ? Self.order(subject, limit) < 0 : Self.order(subject, limit) <= 0 { return false }
        }
        if operands[at + 2] >= 0 {
            let limit = try operand(operands[at + 2], frame)
            if operands[at + 3] != 0 ? Self.order(subject, limit) > 0 : Self.order(subject, limit) >= 0 { return false }
        }
        return true
    }

    /// Throws the gap at `site` unless the deciding day (when the claim has one) is within
    /// constants `first` and `first + 1`: an in-force guard, for the tree and the steps alike.
    @inline(__always)
    func checkInForce(from first: Int32, site: Int32, _ frame: Frame) throws(Stop) {
        guard frame.hasDecidingDate || frame.hasClaimDate else { return }
        let day = frame.hasDecidingDate ? frame.decidingDate : frame.claimDate
        if Self.order(day, constants[Int(first)]) < 0 || Self.order(day, constants[Int(first) + 1]) > 0 {
            throw gap(site: site, key: day)
        }
    }

    /// `marginal`: a: the quantity; d: the span; operands from b, for each of c brackets: its
    /// lower limit, upper limit (-1 for none) and rate, constants' indices when flag is 1 (read by
    /// `marginal(_:brackets:count:span:)`, which the steps share), else instructions'.
    @inline(never)
    private func marginal(_ instruction: FlatInstruction, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let q = try operand(instruction.a, frame)
        if instruction.flag == 1 {
            return try marginal(q, brackets: Int(instruction.b), count: Int(instruction.c), span: instruction.d)
        }
        var total = ExactDecimal.zero
        var at = Int(instruction.b)
        for _ in 0..<Int(instruction.c) {
            let (lower, upper, rateAt) = (operands[at], operands[at + 1], operands[at + 2])
            at += 3
            let low = lower < 0 ? ExactDecimal.zero : try value(lower, frame)
            if Self.order(q, low) <= 0 { continue }
            let top = upper < 0 ? q : Self.bounded(0, q, try value(upper, frame))
            let portion = try checked(instruction.d) { () throws(ArithmeticError) in try .subtracting(top, low) }
            let rate = try value(rateAt, frame)
            let part = try checked(instruction.d) { () throws(ArithmeticError) in try .multiplying(rate, portion) }
            total = try checked(instruction.d) { () throws(ArithmeticError) in try .adding(total, part) }
        }
        return total
    }

    /// A marginal schedule whose limits and rates are constants: from `brackets` in the operands,
    /// `count` triples of the constants' indices of the lower limit, the upper limit (-1 for none)
    /// and the rate.
    @inline(__always)
    func marginal(_ q: ExactDecimal, brackets: Int, count: Int, span: Int32) throws(Stop) -> ExactDecimal {
        var total = ExactDecimal.zero
        var at = brackets
        for _ in 0..<count {
            let (lower, upper, rate) = (operands[at], operands[at + 1], operands[at + 2])
            at += 3
            let low = lower < 0 ? ExactDecimal.zero : constants[Int(lower)]
            if Self.order(q, low) <= 0 { continue }
            let top = upper < 0 ? q : Self.bounded(0, q, constants[Int(upper)])
            total = try checked(span) { () throws(ArithmeticError) in
                try .adding(total, try .multiplying(constants[Int(rate)], try .subtracting(top, low)))
            }
        }
        return total
    }

    /// `banded`: a: the quantity; d: the span; operands[b]: the gap, then for each of c brackets
    /// its range (as `inRange` reads it) and its rate's instruction.
    @inline(never)
    private func banded(_ instruction: FlatInstruction, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let q = try value(instruction.a, frame)
        var at = Int(instruction.b) + 1
        for _ in 0..<Int(instruction.c) {
            if try inRange(q, from: at, frame) {
                let rate = try operand(operands[at + 4], frame)
                return try checked(instruction.d) { () throws(ArithmeticError) in try .multiplying(rate, q) }
            }
            at += 5
        }
        throw gap(operands[Int(instruction.b)])
    }

    // MARK: Tests

    func test(_ at: Int32, _ frame: Frame) throws(Stop) -> Bool {
        let instruction = code + Int(at)
        switch instruction.pointee.operation {
        case .truth:
            return instruction.pointee.flag != 0
        case .compareInputConstant:
            let x = try frame.input(Int(instruction.pointee.a))
            return Self.holds(instruction.pointee.flag, Self.order(x, constants[Int(instruction.pointee.b)]))
        case .compareConstant:
            let x = try operand(instruction.pointee.a, frame)
            return Self.holds(instruction.pointee.flag, Self.order(x, constants[Int(instruction.pointee.b)]))
        case .compare:
            let x = try operand(instruction.pointee.a, frame)
            let y = try operand(instruction.pointee.b, frame)
            return Self.holds(instruction.pointee.flag, Self.order(x, y))
        case .not:
            return try !test(instruction.pointee.a, frame)
        case .and:
            guard try test(instruction.pointee.a, frame) else { return false }
            return try test(instruction.pointee.b, frame)
        case .or:
            if try test(instruction.pointee.a, frame) { return true }
            return try test(instruction.pointee.b, frame)
        case .within:
            let v = try value(instruction.pointee.a, frame)
            guard Self.order(try value(instruction.pointee.b, frame), v) <= 0 else { return false }
            return Self.order(v, try value(instruction.pointee.c, frame)) <= 0
        case .testConditional:
            return try test(instruction.pointee.a, frame)
                ? try test(instruction.pointee.b, frame) : try test(instruction.pointee.c, frame)
        case .inputNonZero:
            return try frame.input(Int(instruction.pointee.a)).significand != 0
        case .nonZero:
            return try operand(instruction.pointee.a, frame).significand != 0
        default:
            preconditionFailure("a value where a test is read")
        }
    }

    /// `ExactDecimal.compare`, with the usual case (equal exponents) decided in place.
    @inline(__always)
    static func order(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        guard a.exponent == b.exponent else { return ExactDecimal.compare(a, b) }
        return a.significand < b.significand ? -1 : a.significand == b.significand ? 0 : 1
    }

    /// `at most` (0: `ExactDecimal.minimum`) or `at least` (1: `ExactDecimal.maximum`).
    @inline(__always)
    static func bounded(_ kind: UInt8, _ x: ExactDecimal, _ limit: ExactDecimal) -> ExactDecimal {
        kind == 0 ? (order(x, limit) <= 0 ? x : limit) : (order(x, limit) >= 0 ? x : limit)
    }

    /// Whether a comparison's result (-1, 0, 1) satisfies the operator numbered `operation`.
    @inline(__always)
    static func holds(_ operation: UInt8, _ order: Int) -> Bool {
        switch operation {
        case 0: order == 0
        case 1: order != 0
        case 2: order < 0
        case 3: order <= 0
        case 4: order > 0
        default: order >= 0
        }
    }
}
