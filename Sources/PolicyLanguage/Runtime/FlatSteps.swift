// The batch's fast path through the flat form: each rule's instruction tree (Flat.swift) laid out
// once more as straight-line steps over registers, with jumps where the tree chooses. A step
// reads its operands from registers (the program's constants, loaded into the frame once, and
// the results of earlier steps) or straight from an input slot, and writes one register; an `if`,
// a `require`, a `match` on an enum and a lookup with an `otherwise` that takes steps of its own
// are jumps, and `and`, `or` and `not` jump without making a value. The step that makes a value
// also bounds it (`at most`, `at least`) and returns it when that is all that is left to do, and
// a lookup whose `otherwise` is a constant or an input reads it in place. So a claim runs as one
// loop over a few steps, with no call per node and no value passed back up a tree.
//
// A small rule is laid out inside each rule that refers to it, so most claims call no rule at
// all; a larger one is called, and memoised in the frame as the tree memoises it. Kinds of node
// that are rare in a batch (a general `match`, `banded`, dates, closure nodes) stay one step
// that asks the tree for their value, and a failed `require` asks the tree for its reasons, so
// every `Stop` is the tree's own, word for word.

/// What a step does.
enum StepOperation: UInt8 {
    /// target ← operand a (a register or an input).
    case move
    /// target ← a + b, a − b, a × b, checked; d: the span.
    case add, subtract, multiply
    /// target ← a ÷ b, exact or an error; d: the span.
    case divide
    /// target ← the lesser (`at most`) or the greater (`at least`) of a and b.
    case atMost, atLeast
    /// target ← the marginal schedule over quantity a, its brackets constant: the tree's
    /// operands from b, c brackets of (lower, upper, rate) constants; d: the span.
    case marginal
    /// target ← the cell of enum key a: the tree's operands b..<b+c, registers or -1 (no row),
    /// -2 (an empty cell); d: the gap sites.
    case lookup
    /// As `lookup`, but a missing row or cell goes on to the next step (the `otherwise`), and a
    /// cell found jumps to d.
    case lookupElse
    /// As `lookup`, but a missing row or cell gives operand d (an `otherwise` that is a constant
    /// or an input, read only then).
    case lookupOr
    /// Jumps to the step the jump table (steps' operands from b, c entries) gives for enum
    /// subject a; -1 is the gap d.
    case switchEnum
    /// target ← the rule in slot a, called and memoised.
    case rule
    /// target ← the tree's value of instruction a.
    case tree
    /// Jumps to a when the comparison (flag & 7) of a register or input b with c holds, and
    /// flag & 8 says to jump when it holds; else when it does not.
    case jumpCompare
    /// Jumps to a when the tree's test at b is (flag) true or false.
    case jumpTest
    /// Jumps to a.
    case jump
    /// Throws the refusal of the tree's `require` at a whose test b failed.
    case refuse
    /// Throws the gap at site d unless the deciding day is within constants b and b + 1.
    case inForce
    /// Returns operand a.
    case finish
}

/// One step: an operation, a small operand, the register it writes and four integers whose
/// meaning `StepOperation` documents. An operand that names a value is a register when it is 0
/// or more, else the input slot `~operand`.
///
/// The flag of a step that makes a value fuses the steps that would follow it: with
/// `capsAtMost` (`capsAtLeast`) its value is the lesser (greater) of what it makes and register
/// `cap`, an `at most` (`at least`) laid out in the step; with `finishes` it returns its value
/// instead of writing it, a `finish` of its register.
struct Step {
    static let finishes: UInt8 = 1
    static let capsAtMost: UInt8 = 2
    static let capsAtLeast: UInt8 = 4

    var operation: StepOperation
    var flag: UInt8 = 0
    var target: Int32 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
    var d: Int32 = 0
    var cap: Int32 = 0
}

/// Lays the flat form's instruction trees out as steps. Registers `0..<constants` hold the
/// constants, numbered as in the constant pool; each value a step makes gets a register of its
/// own, so a rule called from another never writes what its caller still reads.
struct StepCompiler {
    let tree: [FlatInstruction]
    let treeOperands: [Int32]
    let roots: [Int32]
    var steps: [Step] = []
    /// Jump tables.
    var operands: [Int32] = []
    var registerCount: Int
    /// Each rule slot's first step.
    var entries: [Int32] = []
    /// The number of instructions a rule's tree runs to when laid out inline, by slot.
    private var sizes: [Int: Int] = [:]
    /// The last index a jump was pointed at while laying out (the step after the last step
    /// then): a step laid out there may be reached by a jump, so the step before it does not
    /// take it in (`capped`).
    private var landing = -1

    /// A rule whose laid-out tree (the rules it refers to laid out too) is at most this many
    /// instructions is laid out inside the rules that refer to it instead of being called.
    static let inlineLimit = 24

    init(tree: [FlatInstruction], operands: [Int32], roots: [Int32], constantCount: Int) {
        self.tree = tree
        treeOperands = operands
        self.roots = roots
        registerCount = constantCount
    }

    static func compile(tree: [FlatInstruction], operands: [Int32], roots: [Int32], constantCount: Int) -> StepCompiler {
        var compiler = StepCompiler(tree: tree, operands: operands, roots: roots, constantCount: constantCount)
        for root in roots {
            compiler.entries.append(Int32(compiler.steps.count))
            let result = compiler.value(root)
            compiler.emit(Step(operation: .finish, a: result))
        }
        compiler.threadJumps()
        compiler.finishEarly()
        return compiler
    }

    /// A step whose value the step after it finishes with finishes itself (that `finish` stays,
    /// for the jumps that land on it); a move so fused is a `finish` of the moved operand. The
    /// step after a `lookupElse` that finds its cell is the one it jumps to.
    private mutating func finishEarly() {
        for index in steps.indices.dropLast() where Self.makesValue(steps[index].operation) {
            let next = steps[steps[index].operation == .lookupElse ? Int(steps[index].d) : index + 1]
            guard next.operation == .finish, next.a == steps[index].target else { continue }
            if steps[index].operation == .move {
                steps[index] = Step(operation: .finish, a: steps[index].a)
            } else {
                steps[index].flag |= Step.finishes
            }
        }
    }

    static func makesValue(_ operation: StepOperation) -> Bool {
        switch operation {
        case .move, .add, .subtract, .multiply, .divide, .atMost, .atLeast, .marginal, .lookup, .lookupElse, .lookupOr, .rule,
            .tree:
            true
        case .switchEnum, .jumpCompare, .jumpTest, .jump, .refuse, .inForce, .finish:
            false
        }
    }

    /// A jump to a jump goes straight to where that one goes, and a jump to a `finish` finishes.
    private mutating func threadJumps() {
        for index in steps.indices where steps[index].operation == .jump {
            var target = Int(steps[index].a)
            while steps[target].operation == .jump, target != index { target = Int(steps[target].a) }
            steps[index] = steps[target].operation == .finish ? steps[target] : Step(operation: .jump, a: Int32(target))
        }
    }

    // MARK: Pools

    @discardableResult
    private mutating func emit(_ step: Step) -> Int {
        steps.append(step)
        return steps.count - 1
    }

    private static let arithmetic: [StepOperation] = [.add, .subtract, .multiply, .divide]

    private mutating func register() -> Int32 {
        registerCount += 1
        return Int32(registerCount - 1)
    }

    /// Points the jumps at `patches` to the next step.
    private mutating func land(_ patches: [Int]) {
        for index in patches { steps[index].a = here() }
    }

    /// The index of the next step, which a jump is being pointed at.
    private mutating func here() -> Int32 {
        landing = steps.count
        return Int32(steps.count)
    }

    /// Lays out `x at most limit` (or `at least`) in the step that made `x` when it was the last
    /// step and nothing jumps past it, and returns where the bounded value is (`target`, or the
    /// step's own register); nil when it cannot, and the bound needs a step of its own. `limit`
    /// must be a register: it is read with no check.
    private mutating func capped(_ x: Int32, by limit: Int32, atMost: Bool, into target: Int32?) -> Int32? {
        guard limit >= 0, let last = steps.indices.last, landing != steps.count else { return nil }
        let step = steps[last]
        guard step.target == x, step.flag == 0, Self.takesCap(step.operation) else { return nil }
        steps[last].flag = atMost ? Step.capsAtMost : Step.capsAtLeast
        steps[last].cap = limit
        if let target { steps[last].target = target }
        return steps[last].target
    }

    /// Whether a step of this kind can bound the value it makes (`capped`): one that makes its
    /// value in place, which `lookupElse` and `move` do not.
    static func takesCap(_ operation: StepOperation) -> Bool {
        switch operation {
        case .add, .subtract, .multiply, .divide, .atMost, .atLeast, .marginal, .lookup, .lookupOr, .rule, .tree: true
        default: false
        }
    }

    // MARK: Inlining

    /// How many instructions the tree at `at` runs to with the small rules it refers to laid
    /// out in it (a rule that is called counts one).
    private mutating func inlineSize(_ at: Int32) -> Int {
        let instruction = tree[Int(at)]
        var size = 1
        switch instruction.operation {
        case .rule:
            return ruleSize(Int(instruction.a)).map { $0 + 1 } ?? 1
        case .arithmetic, .bound, .compare:
            size += inlineSize(instruction.a) + inlineSize(instruction.b)
        case .arithmeticConstantRight, .boundConstant, .compareConstant, .testValue, .not, .nonZero:
            size += inlineSize(instruction.a)
        case .arithmeticConstantLeft:
            size += inlineSize(instruction.b)
        case .marginal where instruction.flag == 1:
            size += inlineSize(instruction.a)
        case .conditional:
            size += inlineSize(instruction.a) + inlineSize(instruction.b) + inlineSize(instruction.c)
        case .require:
            size += inlineSize(instruction.a)
            for index in 0..<Int(instruction.c) { size += inlineSize(treeOperands[Int(instruction.b) + index]) }
        case .and, .or:
            size += inlineSize(instruction.a) + inlineSize(instruction.b)
        case .otherwiseLookup:
            size += inlineSize(instruction.b)
        case .constant, .input, .compareInputConstant, .truth, .inputNonZero, .claimDate, .applicationDate:
            break
        case .lookupEnum:
            if instruction.flag != 1 { size += inlineSize(instruction.a) }
        default:
            // The other kinds are not counted closely: any rule with one is called.
            size += Self.inlineLimit
        }
        return size
    }

    /// The laid-out size of the rule in `slot`, or nil when it is too large to lay out.
    private mutating func ruleSize(_ slot: Int) -> Int? {
        if let size = sizes[slot] { return size <= Self.inlineLimit ? size : nil }
        let size = inlineSize(roots[slot])
        sizes[slot] = size
        return size <= Self.inlineLimit ? size : nil
    }

    // MARK: Values

    /// Lays out two operands read in order. An input read first is checked first, as the tree
    /// checks it: when the second operand takes steps of its own (which may stop the claim
    /// otherwise), the input is moved into a register before them.
    private mutating func pair(_ first: Int32, _ second: Int32) -> (Int32, Int32) {
        var x = value(first)
        let leaf = [.constant, .input].contains(tree[Int(second)].operation)
        if x < 0, !leaf {
            let moved = register()
            emit(Step(operation: .move, target: moved, a: x))
            x = moved
        }
        return (x, value(second))
    }

    /// Lays out the tree at `at`; the operand its value is in. With `target`, the value is put
    /// there.
    private mutating func value(_ at: Int32, into target: Int32? = nil) -> Int32 {
        let instruction = tree[Int(at)]
        func made(_ step: Step) -> Int32 {
            var step = step
            step.target = target ?? register()
            emit(step)
            return step.target
        }
        switch instruction.operation {
        case .constant, .input:
            let operand = instruction.operation == .constant ? instruction.a : ~instruction.a
            guard let target else { return operand }
            emit(Step(operation: .move, target: target, a: operand))
            return target
        case .rule:
            let slot = Int(instruction.a)
            if ruleSize(slot) != nil { return value(roots[slot], into: target) }
            return made(Step(operation: .rule, a: instruction.a))
        case .arithmetic:
            let (x, y) = pair(instruction.a, instruction.b)
            return made(Step(operation: Self.arithmetic[Int(instruction.flag)], a: x, b: y, d: instruction.d))
        case .arithmeticConstantRight:
            let x = value(instruction.a)
            return made(Step(operation: Self.arithmetic[Int(instruction.flag)], a: x, b: instruction.b, d: instruction.d))
        case .arithmeticConstantLeft:
            let y = value(instruction.b)
            return made(Step(operation: Self.arithmetic[Int(instruction.flag)], a: instruction.a, b: y, d: instruction.d))
        case .boundConstant:
            let x = value(instruction.a)
            if let bounded = capped(x, by: instruction.b, atMost: instruction.flag == 0, into: target) { return bounded }
            return made(Step(operation: instruction.flag == 0 ? .atMost : .atLeast, a: x, b: instruction.b))
        case .bound:
            let (x, y) = pair(instruction.a, instruction.b)
            if let bounded = capped(x, by: y, atMost: instruction.flag == 0, into: target) { return bounded }
            return made(Step(operation: instruction.flag == 0 ? .atMost : .atLeast, a: x, b: y))
        case .marginal where instruction.flag == 1:
            let q = value(instruction.a)
            return made(Step(operation: .marginal, a: q, b: instruction.b, c: instruction.c, d: instruction.d))
        case .lookupEnum:
            let key = instruction.flag == 1 ? ~instruction.a : value(instruction.a)
            return made(Step(operation: .lookup, a: key, b: instruction.b, c: instruction.c, d: instruction.d))
        case .otherwiseLookup:
            // The lookup, keyed by an input; when its cell is missing, the fallback: read in the
            // step when it is a constant or an input, else laid out after it.
            let lookup = tree[Int(instruction.a)]
            let fallback = tree[Int(instruction.b)]
            switch fallback.operation {
            case .constant, .input:
                let otherwise = fallback.operation == .constant ? fallback.a : ~fallback.a
                return made(Step(operation: .lookupOr, a: ~lookup.a, b: lookup.b, c: lookup.c, d: otherwise))
            default:
                let result = target ?? register()
                let found = emit(
                    Step(operation: .lookupElse, target: result, a: ~lookup.a, b: lookup.b, c: lookup.c))
                _ = value(instruction.b, into: result)
                steps[found].d = here()
                return result
            }
        case .conditional:
            let result = target ?? register()
            var otherwise: [Int] = []
            test(instruction.a, jumpsWhen: false, to: &otherwise)
            _ = value(instruction.b, into: result)
            let end = emit(Step(operation: .jump))
            land(otherwise)
            _ = value(instruction.c, into: result)
            land([end])
            return result
        case .require:
            // Each test that fails jumps to a step that throws the tree's refusal.
            let result = target ?? register()
            var failures: [(patches: [Int], test: Int)] = []
            for index in 0..<Int(instruction.c) {
                var patches: [Int] = []
                test(treeOperands[Int(instruction.b) + index], jumpsWhen: false, to: &patches)
                failures.append((patches, index))
            }
            _ = value(instruction.a, into: result)
            let end = emit(Step(operation: .jump))
            for failure in failures {
                land(failure.patches)
                emit(Step(operation: .refuse, a: at, b: Int32(failure.test)))
            }
            land([end])
            return result
        case .matchEnum:
            let result = target ?? register()
            let subject = instruction.flag == 1 ? ~instruction.a : value(instruction.a)
            let table = Int32(operands.count)
            let arms = (0..<Int(instruction.c)).map { treeOperands[Int(instruction.b) + $0] }
            operands += [Int32](repeating: -1, count: arms.count)
            emit(Step(operation: .switchEnum, a: subject, b: table, c: instruction.c, d: instruction.d))
            var ends: [Int] = []
            var laidOut: [Int32: Int32] = [:]
            for (ordinal, arm) in arms.enumerated() where arm >= 0 {
                if let start = laidOut[arm] {
                    operands[Int(table) + ordinal] = start
                    continue
                }
                let start = here()
                laidOut[arm] = start
                operands[Int(table) + ordinal] = start
                _ = value(arm, into: result)
                ends.append(emit(Step(operation: .jump)))
            }
            land(ends)
            return result
        case .inForce:
            emit(Step(operation: .inForce, b: instruction.b, d: instruction.d))
            return value(instruction.a, into: target)
        default:
            return made(Step(operation: .tree, a: at))
        }
    }

    // MARK: Tests

    /// Lays out the test at `at` as jumps: to the steps `patches` will be landed on when the
    /// test comes out `jumpsWhen`; on to the next step when it does not.
    private mutating func test(_ at: Int32, jumpsWhen sense: Bool, to patches: inout [Int]) {
        let instruction = tree[Int(at)]
        let when: UInt8 = sense ? 8 : 0
        switch instruction.operation {
        case .truth:
            if (instruction.flag != 0) == sense { patches.append(emit(Step(operation: .jump))) }
        case .compareInputConstant:
            patches.append(
                emit(Step(operation: .jumpCompare, flag: instruction.flag | when, b: ~instruction.a, c: instruction.b)))
        case .compareConstant:
            let x = value(instruction.a)
            patches.append(emit(Step(operation: .jumpCompare, flag: instruction.flag | when, b: x, c: instruction.b)))
        case .compare:
            let (x, y) = pair(instruction.a, instruction.b)
            patches.append(emit(Step(operation: .jumpCompare, flag: instruction.flag | when, b: x, c: y)))
        case .not:
            test(instruction.a, jumpsWhen: !sense, to: &patches)
        case .and, .or:
            // `and` jumps when false as soon as either is false; when true only if both are.
            // `or` is its mirror.
            let shortCircuit = instruction.operation == .or
            if sense == shortCircuit {
                test(instruction.a, jumpsWhen: sense, to: &patches)
                test(instruction.b, jumpsWhen: sense, to: &patches)
            } else {
                var decided: [Int] = []
                test(instruction.a, jumpsWhen: !sense, to: &decided)
                test(instruction.b, jumpsWhen: sense, to: &patches)
                land(decided)
            }
        default:
            patches.append(emit(Step(operation: .jumpTest, flag: sense ? 1 : 0, b: at)))
        }
    }
}

extension FlatMachine {
    /// The value of the rule in `slot` by its steps, memoised in the frame.
    @inline(__always)
    func runSteps(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        let index = inputCount + slot
        if frame.holds(index) { return frame.values[index] }
        if _slowPath(frame.registerOwner !== tables) { loadRegisters(of: frame) }
        let result = try execute(from: entries[slot], frame)
        frame.values[index] = result
        frame.mark(index)
        return result
    }

    /// The value of the rule in `slot` by its steps, in a frame just begun: no rule has a value
    /// to look up yet, and nothing reads this one's after it, so it is not memoised.
    @inline(__always)
    func runStepsAfresh(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        if _slowPath(frame.registerOwner !== tables) { loadRegisters(of: frame) }
        return try execute(from: entries[slot], frame)
    }

    /// Gives the frame registers enough for this program, its constants loaded.
    @inline(never)
    private func loadRegisters(of frame: Frame) {
        frame.reserveRegisters(tables.registerCount)
        frame.registers.initialize(from: constants, count: tables.counts.constants)
        frame.registerOwner = tables
    }

    /// Runs steps from `start` to the `finish` that returns the rule's value.
    private func execute(from start: Int32, _ frame: Frame) throws(Stop) -> ExactDecimal {
        let r = frame.registers
        // Read once: the loop would otherwise load it through the program at every step.
        let steps = self.steps
        @inline(__always)
        func read(_ operand: Int32) throws(Stop) -> ExactDecimal {
            operand >= 0 ? r[Int(operand)] : try frame.input(Int(~operand))
        }
        var at = Int(start)
        while true {
            let step = steps[at]
            at &+= 1
            // A step that makes a value sets `result`; the others go on to their next step.
            var result: ExactDecimal
            switch step.operation {
            case .move:
                result = try read(step.a)
            case .add:
                let (x, y) = (try read(step.a), try read(step.b))
                result = try checked(step.d) { () throws(ArithmeticError) in try .adding(x, y) }
            case .subtract:
                let (x, y) = (try read(step.a), try read(step.b))
                result = try checked(step.d) { () throws(ArithmeticError) in try .subtracting(x, y) }
            case .multiply:
                let (x, y) = (try read(step.a), try read(step.b))
                result = try checked(step.d) { () throws(ArithmeticError) in try .multiplying(x, y) }
            case .divide:
                let (x, y) = (try read(step.a), try read(step.b))
                result = try checked(step.d) { () throws(ArithmeticError) in try .dividing(x, by: y) }
            case .atMost:
                let (x, y) = (try read(step.a), try read(step.b))
                result = Self.order(x, y) <= 0 ? x : y
            case .atLeast:
                let (x, y) = (try read(step.a), try read(step.b))
                result = Self.order(x, y) >= 0 ? x : y
            case .marginal:
                result = try marginal(try read(step.a), brackets: Int(step.b), count: Int(step.c), span: step.d)
            case .lookup, .lookupElse:
                let key = try read(step.a)
                let ordinal = key.smallInteger
                let cell = cell(ordinal, from: step.b, count: step.c)
                guard cell >= 0 else {
                    if step.operation == .lookupElse { continue }
                    throw gap(site: cell == -1 ? step.d : step.d + 1, key: step.a < 0 ? ExactDecimal(ordinal) : key)
                }
                result = r[Int(cell)]
                if step.operation == .lookupElse { at = Int(step.d) }
            case .lookupOr:
                let cell = cell(try read(step.a).smallInteger, from: step.b, count: step.c)
                result = cell >= 0 ? r[Int(cell)] : try read(step.d)
            case .switchEnum:
                let ordinal = try read(step.a).smallInteger
                let arm = ordinal >= 0 && ordinal < Int(step.c) ? stepOperands[Int(step.b) + ordinal] : -1
                guard arm >= 0 else { throw gap(step.d) }
                at = Int(arm)
                continue
            case .rule:
                result = try runSteps(rule: Int(step.a), in: frame)
            case .tree:
                result = try value(step.a, frame)
            case .jumpCompare:
                let order = Self.order(try read(step.b), try read(step.c))
                if Self.holds(step.flag & 7, order) == (step.flag & 8 != 0) { at = Int(step.a) }
                continue
            case .jumpTest:
                if try test(step.b, frame) == (step.flag != 0) { at = Int(step.a) }
                continue
            case .jump:
                at = Int(step.a)
                continue
            case .refuse:
                throw try refusal(code[Int(step.a)], failed: Int(step.b), frame)
            case .inForce:
                try checkInForce(from: step.b, site: step.d, frame)
                continue
            case .finish:
                return try read(step.a)
            }
            if step.flag > Step.finishes {
                let limit = r[Int(step.cap)]
                let order = Self.order(result, limit)
                if step.flag & Step.capsAtMost != 0 ? order > 0 : order < 0 { result = limit }
            }
            if step.flag & Step.finishes != 0 { return result }
            r[Int(step.target)] = result
        }
    }
}

extension FlatProgram {
    /// The steps, one line each (`12  multiply r7 ← r3, in0`), for tests and for reading a
    /// layout.
    var stepListing: [String] {
        func operand(_ value: Int32) -> String { value >= 0 ? "r\(value)" : "in\(~value)" }
        return (0..<stepCount).map { index in
            let step = steps[index]
            let target = "r\(step.target) ← "
            let text: String
            switch step.operation {
            case .move: text = target + operand(step.a)
            case .add, .subtract, .multiply, .divide, .atMost, .atLeast:
                text = target + "\(operand(step.a)), \(operand(step.b))"
            case .marginal: text = target + "\(operand(step.a)) in \(step.c) brackets"
            case .lookup: text = target + "\(operand(step.a)) in cells \(step.b)"
            case .lookupElse: text = target + "\(operand(step.a)) in cells \(step.b), found → \(step.d)"
            case .lookupOr: text = target + "\(operand(step.a)) in cells \(step.b), else \(operand(step.d))"
            case .switchEnum: text = "\(operand(step.a)) by table \(step.b)"
            case .rule: text = target + "rule \(step.a)"
            case .tree: text = target + "tree \(step.a)"
            case .jumpCompare:
                text =
                    "\(operand(step.b)) \(["=", "≠", "<", "≤", ">", "≥"][Int(step.flag & 7)]) \(operand(step.c)) "
                    + (step.flag & 8 != 0 ? "→ \(step.a)" : "else → \(step.a)")
            case .jumpTest: text = "tree test \(step.b) is \(step.flag != 0) → \(step.a)"
            case .jump: text = "→ \(step.a)"
            case .refuse: text = "refusal of tree \(step.a), test \(step.b)"
            case .inForce: text = "in force r\(step.b)…r\(step.b + 1)"
            case .finish: text = operand(step.a)
            }
            guard StepCompiler.makesValue(step.operation) else { return "\(index)  \(step.operation) \(text)" }
            let cap =
                step.flag & Step.capsAtMost != 0
                ? ", at most r\(step.cap)" : step.flag & Step.capsAtLeast != 0 ? ", at least r\(step.cap)" : ""
            let finishes = step.flag & Step.finishes != 0 ? ", finish" : ""
            return "\(index)  \(step.operation) \(text)\(cap)\(finishes)"
        }
    }
}
