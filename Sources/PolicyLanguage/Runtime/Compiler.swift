// The compiler: a checked `Program` to a tree of closures, built once and run for every claim.
// Names are already slots, enum cases are ordinals and constants are folded, so a closure
// only loads from the frame and does arithmetic. A table keyed by an enum becomes an array
// indexed by the ordinal; a match on an enum becomes a jump table. The explained variant is
// compiled from the same code with recording wrappers and runs these closures; the batch
// variant has no wrappers, and runs the flat form `Compiler+Flat` makes from the same program
// (Flat.swift), keeping its closures for the rare kinds the flat form calls.
//
// This file holds the compiler's state, the order it compiles rules in and each rule's memo;
// what each kind of node compiles to is in the `Compiler+…` files beside it.

/// Why an evaluation stopped before producing a value.
///
/// One word: the cases with more than a word to say keep it in a box (`indirect`), made only
/// when the claim stops that way. Every function on the evaluation's path can throw a `Stop`, and
/// a small one is passed back and forth with no copying of a large value.
package enum Stop: Error, Sendable {
    /// One or more `require` conditions failed.
    case refused([Refusal])
    /// The document prices no such case: no table row, no bracket. `otherwise` catches these.
    indirect case gap(Gap)
    /// The claim lacks a fact the evaluation needed (an input slot), and what needed it when it
    /// was not the program itself (a limit's key).
    indirect case missingFact(Int, neededBy: Phrase?)
    case missingClaimDate
    indirect case arithmetic(ArithmeticError, SourceSpan)
    /// `date(Y, M, D)` with numbers that name no day: the year, month and day given.
    case notADate([ExactDecimal])
}

extension Stop {
    /// Runs exact arithmetic, turning its failure into a stop that names the place in the policy.
    @inline(__always)
    static func checked(_ span: SourceSpan, _ operation: () throws(ArithmeticError) -> ExactDecimal) throws(Stop) -> ExactDecimal
    {
        do {
            return try operation()
        } catch {
            throw .arithmetic(error, span)
        }
    }
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
    /// The flat form of the rules, which an untraced program evaluates (Flat.swift), and its
    /// interpreter, which reads it without reference counting while `flat` keeps it alive.
    let flat: FlatProgram?
    let machine: FlatMachine?
    let limits: [CompiledLimit]
    /// The limits on each rule slot's program, by index into `limits`.
    let limitsByRule: [[Int]]
    /// What tests can exercise: empty unless the program was compiled for explanation.
    package let coverage: [CoveragePoint]

    /// The deadlines for applying, and those of each rule slot's program, by index into them.
    let deadlines: [CompiledDeadline]
    let deadlinesByRule: [[Int]]
    /// Whether the program has deadlines at all: the one test a program without them pays.
    let hasDeadlines: Bool
    /// Whether any of its programs is `dated` by one of the claim's dates.
    let hasDecidingDates: Bool

    init(
        program: Program, isTraced: Bool, rules: [Evaluate], flat: FlatProgram? = nil, limits: [CompiledLimit],
        coverage: [CoveragePoint], deadlines: [CompiledDeadline] = []
    ) {
        self.flat = flat
        self.machine = flat?.machine
        self.deadlines = deadlines
        var deadlinesByRule = [[Int]](repeating: [], count: program.rules.count)
        for (index, deadline) in deadlines.enumerated() {
            for slot in deadline.deadline.programs { deadlinesByRule[slot].append(index) }
        }
        self.deadlinesByRule = deadlinesByRule
        self.hasDeadlines = !deadlines.isEmpty
        self.hasDecidingDates = program.rules.contains { $0.decidingInput != nil }
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

extension Program {
    /// The policy a rule's definition comes from when the rule applies only while that policy is
    /// in force: a rule a county takes from its province, whose period does not cover the
    /// county's. Nil when the rule applies whenever this policy does: its own rules, and those
    /// of a policy of the same jurisdiction that it extends, which carry over. The compiler
    /// guards such a rule with it; `PolicyLibrary.route` and `policy timeline` report it.
    package func boundingPolicy(of rule: Rule) -> PolicyInfo? {
        guard let origin = chain.first(where: { $0.name == rule.policy }),
            origin.jurisdiction != policy.jurisdiction, !origin.period.contains(policy.period)
        else { return nil }
        return origin
    }
}

struct Compiler {
    let program: Program
    let traced: Bool
    var rules: [Evaluate?]
    let points = CoveragePoints()

    static func compile(_ program: Program, traced: Bool) -> CompiledProgram {
        var compiler = Compiler(program: program, traced: traced)
        for slot in Self.dependencyOrder(program) {
            compiler.rules[slot] = compiler.compileRule(slot)
        }
        let limits = program.limits.map { CompiledLimit(limit: $0, traced: traced, value: compiler.value) }
        let deadlines = program.deadlines.map { CompiledDeadline(deadline: $0, until: compiler.value($0.until)) }
        // The batch's variant runs the flat form; its closures stay for closure nodes and the
        // differential tests.
        let flat = traced ? nil : FlatCompiler.compile(compiler)
        return CompiledProgram(
            program: program, isTraced: traced, rules: compiler.rules.map { $0! }, flat: flat, limits: limits,
            coverage: compiler.points.points, deadlines: deadlines)
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
                if frame.holds(index) { return frame.values[index] }
                let result = try body(frame)
                frame.values[index] = result
                frame.mark(index)
                return result
            }
        }
        let program = program
        let point = points.add(.rule, rule.name, "规则 \(rule.name)", rule.span)
        return { frame throws(Stop) in
            guard let recorder = frame.recorder else {
                if frame.holds(index) { return frame.values[index] }
                let result = try body(frame)
                frame.values[index] = result
                frame.mark(index)
                return result
            }
            recorder.cover(point)
            let formatter = ValueFormatter(program: program, frame: frame)
            if frame.holds(index) {
                let value = frame.values[index]
                recorder.note(.rule, Phrase(verbatim: rule.name), value: formatter.phrase(value, as: rule.type))
                return value
            }
            let depth = recorder.depth
            recorder.begin(.rule, Phrase(verbatim: rule.name), citation: rule.citation, span: rule.span)
            do throws(Stop) {
                let result = try body(frame)
                frame.values[index] = result
                frame.mark(index)
                recorder.end(formatter.phrase(result, as: rule.type))
                return result
            } catch {
                recorder.unwind(to: depth, marking: Self.describe(error))
                throw error
            }
        }
    }

    /// A rule a county takes from its province applies only while the province's policy is in
    /// force (`Program.boundingPolicy(of:)`): a county's 2020 claim is not priced by the
    /// province's 2021 plan.
    private func inForceGuard(for rule: Rule, around body: @escaping Evaluate) -> Evaluate {
        guard let origin = program.boundingPolicy(of: rule) else { return body }
        let (start, end) = (ExactDecimal(origin.period.start.dayNumber), ExactDecimal(origin.period.end.dayNumber))
        let notInForce = Self.notInForce(rule, origin)
        // The deciding date: a `dated` program's own date when the claim gives it.
        return { frame throws(Stop) in
            if frame.hasDecidingDate || frame.hasClaimDate {
                let day = frame.hasDecidingDate ? frame.decidingDate : frame.claimDate
                if day < start || day > end { throw .gap(Gap(site: notInForce, key: [day])) }
            }
            return try body(frame)
        }
    }

    /// The gap of a claim dated outside the period of the policy that prices `rule`.
    static func notInForce(_ rule: Rule, _ origin: PolicyInfo) -> GapSite {
        GapSite { _, key in
            let date = CalendarDate(dayNumber: key.first?.integerValue ?? 0)
            return Refusal(
                reason: Phrase(
                    "\(rule.name) is priced by \(origin.name) (\(origin.document)), which is not in force on \(date)",
                    "\(rule.name) 的标准由 \(origin.name)（\(origin.document)）规定，该政策在 \(date) 不在施行期内"),
                citation: rule.citation)
        }
    }

    static func describe(_ stop: Stop) -> Phrase {
        switch stop {
        case .refused: Phrase("refused", "拒绝")
        case .gap: Phrase("not priced", "未定价")
        case .missingFact, .missingClaimDate: Phrase("missing a fact", "缺少事实")
        case .arithmetic, .notADate: Phrase("failed", "计算失败")
        }
    }

    // MARK: Helpers

    func text(of node: Node) -> String {
        node.file.oneLineText(of: node.range)
    }

    func text(of range: CheckedRange) -> String {
        guard let file = range.lower?.value.file ?? range.upper?.value.file else { return "" }
        return file.oneLineText(of: range.range)
    }

    func span(_ node: Node) -> SourceSpan {
        SourceSpan(file: node.file, range: node.range)
    }
}
