// The flat form of a program (Runtime/Flat.swift), both its instruction tree and the steps laid
// out from it (Runtime/FlatSteps.swift), against the closure form it replaces for the batch: for
// every program of the bundled policies, the W1 benchmark's rules, the succession
// example and the fixtures that check, many generated claims (every enum case, each constant of
// the program and one step either side, missing facts, numbers too large to multiply) are
// evaluated all three ways on fresh frames, and the outcomes must agree to the byte: the amount's
// digits, the refusals' words and citations, the invalid claims' problems and missing fact.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct FlatEvaluationTests {
    @Test func bundled() throws {
        let compared = try Self.compareAll(bundledPolicies, claims: 150)
        #expect(compared.granted > 1000 && compared.refused > 1000 && compared.invalid > 1000, "\(compared)")
    }

    @Test func w1Benchmark() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        #expect(library.entries.count == 1)
        let compared = try Self.compareAll(library, claims: 3000)
        #expect(compared.granted > 1000 && compared.refused > 10 && compared.invalid > 100, "\(compared)")
    }

    @Test func successionExample() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("examples/succession"), Repository.path("policies")])
        #expect(library.entries.count > 5)
        let compared = try Self.compareAll(library, claims: 60)
        #expect(compared.granted > 100, "\(compared)")
    }

    /// Every policy in the test fixtures that checks: each file alone, and each folder as a library.
    @Test func fixtures() throws {
        let files = try Listing.paths(under: ["Tests/PolicyLanguageTests/Fixtures"], endingWith: ".policy").map(Repository.path)
        var libraries = files.map { [$0] }
        libraries += Set(files.map { ($0 as NSString).deletingLastPathComponent }).sorted().map { [$0] }
        var programs = 0
        for paths in libraries {
            let library = PolicyLibrary.load(paths: paths)
            programs += library.entries.count
            _ = try Self.compareAll(library, claims: 40)
        }
        #expect(programs > 50)
    }

    /// The kinds of node the bundled policies and W1 use are all instructions: no closure node.
    @Test func hotPathsAreFlat() throws {
        let w1 = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        for library in [bundledPolicies, w1] {
            for entry in library.entries {
                let compiled = library.compiled(entry, traced: false)
                let flat = try #require(compiled.flat)
                #expect(flat.closureKinds.isEmpty, "\(entry.program.policy.name): \(flat.closureKinds)")
                #expect(library.compiled(entry, traced: true).flat == nil)
            }
        }
    }

    /// The steps of W1's programs: small rules laid out in place, no rule called and no tree
    /// asked, and each program a handful of steps (a claim of `order_training` at 80% runs a
    /// comparison, the schedule and its cap).
    @Test func w1IsLaidOutInPlace() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        let entry = try #require(library.entries.first)
        let flat = try #require(library.compiled(entry, traced: false).flat)
        let listing = flat.stepListing
        #expect(!listing.contains { $0.contains("  rule ") || $0.contains("  tree ") }, "\(listing)")
        let order = Int(flat.entries[entry.program.ruleSlots["order_training"]!])
        #expect(listing[order].contains("jumpCompare in\(entry.program.inputSlots["就业率"]!) ≥"), "\(listing)")
        #expect(listing[order + 1].contains("marginal") && listing[order + 1].hasSuffix(", at most r6, finish"), "\(listing)")
        // A lookup whose `otherwise` is a constant is one step.
        let certificate = Int(flat.entries[entry.program.ruleSlots["certificate"]!])
        #expect(listing[certificate].contains("lookupOr") && listing[certificate].hasSuffix(", finish"), "\(listing)")
        #expect(!listing.contains { $0.contains("atMost") || $0.contains("lookupElse") }, "\(listing)")
        #expect(listing.count < 30, "\(listing)")
    }

    /// An `at most` or `at least` is laid out in the step that makes its value, unless a jump
    /// lands between them (a bound on an `if`) or the bound is not a register (an input); a
    /// lookup's `otherwise` is read in the lookup's step when it is a constant or an input. Each
    /// way, the steps decide as the tree and the closures do.
    @Test func boundsAndFallbacksAreLaidOutInTheirSteps() throws {
        let text = """
            enum 等级 { 初级, 中级, 高级 }
            input 天数: days
            input 合格: bool
            input 等级: 等级
            input 额外: yuan
            input 上限: yuan
            table 标准 by 等级 cite "一" {
              等级 | 补贴
              初级 | 400 yuan
              中级 | 600 yuan
            }
            program 封顶: yuan cite "一" = 150 yuan/day * 天数 at most 1000 yuan
            program 保底: yuan cite "一" = 150 yuan/day * 天数 at least 300 yuan
            program 两头: yuan cite "一" = 150 yuan/day * 天数 at most 1000 yuan at least 300 yuan
            program 分支封顶: yuan cite "一" =
              (if 合格 then 150 yuan/day * 天数 else 100 yuan/day * 天数) at most 1000 yuan
            program 按输入封顶: yuan cite "一" = 150 yuan/day * 天数 at most 上限
            program 查表: yuan cite "一" = 标准[等级].补贴 otherwise 额外
            program 查表封顶: yuan cite "一" = 标准[等级].补贴 otherwise 额外 at most 500 yuan
            """
        let (program, diagnostics) = check(text)
        let checked = try #require(program, "\(diagnostics.map(\.message.english))")
        let library = PolicyLibrary.load(sources: [SourceFile(path: "test.policy", text: testHeader + text)])
        let entry = try #require(library.entries.first)
        #expect(entry.program.rules.count == checked.rules.count)
        let flat = try #require(library.compiled(entry, traced: false).flat)
        let listing = flat.stepListing
        func steps(_ name: String) -> ArraySlice<String> {
            let start = Int(flat.entries[entry.program.ruleSlots[name]!])
            let end = listing.indices[start...].first { listing[$0].contains("  finish ") } ?? listing.count
            return listing[start..<end]
        }
        #expect(steps("封顶").count == 1 && steps("封顶").first!.hasSuffix("at most r1, finish"), "\(listing)")
        #expect(steps("保底").first!.contains("at least"), "\(listing)")
        #expect(steps("两头").map { $0.contains("multiply") && $0.contains("at most") } == [true, false], "\(listing)")
        #expect(steps("两头").last!.contains("atLeast"), "\(listing)")
        #expect(steps("分支封顶").contains { $0.contains("atMost") }, "\(listing)")
        #expect(steps("按输入封顶").contains { $0.contains("atMost") }, "\(listing)")
        let otherwise = "else in\(entry.program.inputSlots["额外"]!)"
        #expect(steps("查表").count == 1 && steps("查表").first!.contains("lookupOr"), "\(listing)")
        #expect(steps("查表").first!.contains(otherwise), "\(listing)")
        #expect(steps("查表封顶").count == 1 && steps("查表封顶").first!.contains("at most"), "\(listing)")
        let compared = try Self.compareAll(library, claims: 2000)
        #expect(compared.granted > 100 && compared.invalid > 10, "\(compared)")
    }

    /// A rule whose value is fixed, as a worked example's `given` fixes it, is read where it is
    /// used: the steps, which lay that rule out in place, leave such a claim to the tree.
    @Test func aFixedRuleIsReadThroughTheSteps() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        let entry = try #require(library.entries.first)
        let program = entry.program
        let compiled = library.compiled(entry, traced: false)
        let frame = Frame(program: program)
        frame.reset()
        frame.setInput(program.inputSlots["培训天数"]!, ExactDecimal(3))
        #expect(try compiled.run(rule: program.ruleSlots["universal_training"]!, in: frame) == ExactDecimal(450))
        frame.reset()
        frame.setInput(program.inputSlots["培训天数"]!, ExactDecimal(3))
        frame.setRule(program.ruleSlots["普惠制补贴标准"]!, ExactDecimal(123))
        #expect(try compiled.run(rule: program.ruleSlots["universal_training"]!, in: frame) == ExactDecimal(123))
    }

    /// `reset` forgets every slot at once by starting a new generation; when the generations
    /// run out they start again, and a slot written long ago is still forgotten.
    @Test func generationsThatRunOutStartAgain() {
        let library = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        let program = library.entries[0].program
        let frame = Frame(program: program)
        frame.reset()
        frame.setInput(0, ExactDecimal(5))
        frame.generation = UInt32.max
        frame.setInput(1, ExactDecimal(7))
        #expect(frame.holds(1) && !frame.holds(0))
        frame.reset()
        #expect(frame.generation == 1)
        #expect((0..<program.inputs.count).allSatisfy { !frame.holds($0) })
        frame.setInput(0, ExactDecimal(5))
        frame.reset()
        #expect(!frame.holds(0))
    }

    /// Overflow, a schedule with a hole and requirements that fail together, each stopping the same way.
    @Test func failuresStopTheSameWay() throws {
        let text = """
            input 天数: days
            input 人数: number
            input 合格: bool
            rule 日标准: yuan/day cite "一" = 150 yuan/day
            program 超大: yuan cite "一" =
              require 人数 >= 1 else "至少一人"
              require 合格 else "须合格"
              require 天数 >= 3 days else "至少三天"
              日标准 * 天数 * 人数 * 1000000000000
            program 分档: yuan cite "一" =
              banded 天数 {
                up to 10 days => 100 yuan/day
                above 20 days => 50 yuan/day
              }
            program 缺省: yuan cite "一" = (banded 天数 { up to 10 days => 100 yuan/day }) otherwise 7 yuan
            """
        let (program, diagnostics) = check(text)
        let checked = try #require(program, "\(diagnostics.map(\.message.english))")
        let library = PolicyLibrary.load(sources: [SourceFile(path: "test.policy", text: testHeader + text)])
        #expect(library.entries.first?.program.rules.count == checked.rules.count)
        let compared = try Self.compareAll(library, claims: 2000)
        #expect(compared.granted > 0 && compared.refused > 0 && compared.invalid > 0, "\(compared)")
        // The refusal that names every failed requirement, in order, is reached.
        let compiled = library.compiled(library.entries[0], traced: false)
        let frame = Frame(program: checked)
        frame.reset()
        frame.setInput(checked.inputSlots["天数"]!, ExactDecimal(1))
        frame.setInput(checked.inputSlots["人数"]!, ExactDecimal(0))
        frame.setInput(checked.inputSlots["合格"]!, ExactDecimal(0))
        #expect(
            Self.outcome(
                of: { frame throws(Stop) in try compiled.run(rule: checked.ruleSlots["超大"]!, in: frame) }, compiled, frame
            )
            .hasPrefix("refused 至少一人"))
    }

    /// What a rule reads: the inputs of its definition and of the rules it reads, and its own
    /// date when it is `dated`; not the date of a program it reads.
    @Test func readsFollowTheRulesRead() throws {
        let (checked, diagnostics) = check(
            """
            input 天数: days
            input 人数: number
            input 等级: number
            input 评价日期: date
            rule 日标准: yuan cite "一" = 150 yuan/day * 天数
            rule 总额: yuan cite "二" = 日标准 * 人数
            program 甲: yuan cite "x" dated 评价日期 = 总额 at most 4000 yuan
            program 乙: yuan cite "y" = 甲 + 等级 * 1 yuan
            """)
        let program = try #require(checked, "\(diagnostics)")
        let reads = program.reads()
        func named(_ rule: String) -> (inputs: Set<String>, rules: Set<String>) {
            let read = reads[program.ruleSlots[rule]!]
            return (
                Set(read.inputs.map { program.inputs[$0].name }), Set(read.rules.map { program.rules[$0].name })
            )
        }
        #expect(named("日标准").inputs == ["天数"] && named("日标准").rules == ["日标准"])
        #expect(named("总额").inputs == ["天数", "人数"] && named("总额").rules == ["日标准", "总额"])
        #expect(named("甲").inputs == ["天数", "人数", "评价日期"])
        #expect(named("乙").inputs == ["天数", "人数", "等级"] && named("乙").rules == ["日标准", "总额", "甲", "乙"])
    }

    /// `run` over claims in a row, as the benchmark times evaluation alone, gives each claim the
    /// value `run(rule:in:)` gives it alone in a fresh frame with all its facts, though each is
    /// given only the facts its rule reads (`Program.reads`) and the frame a claim with a text
    /// of its own and a fixed rule used before: every program of the bundled policies and W1.
    @Test func claimsInARowAreRunAsEachAlone() throws {
        let w1 = PolicyLibrary.load(paths: [Repository.path("Tests/PolicyLanguageTests/Fixtures/flat/w1.policy")])
        var (valued, stopped) = (0, 0)
        for library in [bundledPolicies, w1] {
            for entry in library.entries {
                let (program, compiled) = (entry.program, library.compiled(entry, traced: false))
                let (reads, choices) = (program.reads(), Self.choices(for: program))
                let dates = Self.dates(for: program).compactMap { $0 }
                var generator = SplitMix(seed: 2026)
                var (claims, facts, expected) = ([DecodedClaim](), [DecodedFact](), [String]())
                for _ in 0..<400 {
                    let given = choices.map { $0[generator.next(below: $0.count)] }
                    let date = dates[generator.next(below: dates.count)]
                    let slot = generator.next(below: program.rules.count)
                    // A claim's own text is numbered after the policy's texts, as the first of a fresh frame's.
                    let values = given.map { fact -> ExactDecimal? in
                        switch fact {
                        case .missing: nil
                        case .value(let value): value
                        case .claimText: ExactDecimal(program.texts.count)
                        }
                    }
                    let alone = Frame(program: program)
                    alone.reset()
                    alone.setClaimDate(date)
                    for (input, value) in values.enumerated() { if let value { alone.setInput(input, value) } }
                    if let input = program.rules[slot].decidingInput { alone.setDecidingDate(fromInput: input) }
                    expected.append(Self.digits(try? compiled.run(rule: slot, in: alone)))
                    let first = facts.count
                    for (input, value) in values.enumerated() where reads[slot].inputs.contains(input) {
                        if let value { facts.append(DecodedFact(slot: input, value: value)) }
                    }
                    claims.append(DecodedClaim(rule: slot, on: date, facts: first..<facts.count))
                }
                let frame = Frame(program: program)
                frame.reset()
                _ = frame.textNumber("未在政策中出现的文本")
                frame.setRule(0, ExactDecimal(123_456))
                var values = [ExactDecimal?](repeating: .zero, count: claims.count)
                let count = claims.withUnsafeBufferPointer { claims in
                    facts.withUnsafeBufferPointer { facts in
                        values.withUnsafeMutableBufferPointer { compiled.run(claims, facts: facts, in: frame, into: $0) }
                    }
                }
                let got = values.map(Self.digits)
                for index in got.indices where got[index] != expected[index] {
                    Issue.record(
                        "\(program.policy.name) \(program.rules[Int(claims[index].rule)].name), claim \(index): in a row \(got[index]), alone \(expected[index])"
                    )
                    break
                }
                #expect(count == expected.count { $0 != "stopped" })
                valued += count
                stopped += claims.count - count
            }
        }
        #expect(valued > 1000 && stopped > 500, "\(valued) valued, \(stopped) stopped")
    }

    /// A value's digits and exponent, which tell 1.5 from 1.50; "stopped" for none.
    static func digits(_ value: ExactDecimal?) -> String {
        value.map { "\($0.significand)e\($0.exponent)" } ?? "stopped"
    }

    // MARK: The comparison

    struct Counts: CustomStringConvertible {
        var granted = 0, refused = 0, invalid = 0
        var description: String { "granted \(granted), refused \(refused), invalid \(invalid)" }
    }

    /// Compares the two forms of every program of `library` over `claims` generated claims each.
    static func compareAll(_ library: PolicyLibrary, claims: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        throws
        -> Counts
    {
        var counts = Counts()
        for entry in library.entries {
            let compiled = library.compiled(entry, traced: false)
            let machine = try #require(compiled.flat, sourceLocation: sourceLocation).machine
            let program = entry.program
            var generator = SplitMix(seed: program.policy.name.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) })
            let choices = Self.choices(for: program)
            let dates = Self.dates(for: program)
            for _ in 0..<claims {
                let facts = choices.map { $0[generator.next(below: $0.count)] }
                let claimDate = dates[generator.next(below: dates.count)]
                let appliedDate = dates[generator.next(below: dates.count)]
                for slot in program.rules.indices {
                    let (closureFrame, flatFrame, stepsFrame) = (
                        Frame(program: program), Frame(program: program), Frame(program: program)
                    )
                    for frame in [closureFrame, flatFrame, stepsFrame] {
                        frame.reset()
                        for (input, fact) in facts.enumerated() {
                            switch fact {
                            case .missing: break
                            case .value(let value): frame.setInput(input, value)
                            case .claimText: frame.setInput(input, ExactDecimal(frame.textNumber("未在政策中出现的文本")))
                            }
                        }
                        if let claimDate { frame.setClaimDate(claimDate) }
                        if let appliedDate { frame.setApplicationDate(appliedDate) }
                        if let input = program.rules[slot].decidingInput { frame.setDecidingDate(fromInput: input) }
                    }
                    let byClosure = outcome(of: compiled.rules[slot], compiled, closureFrame)
                    let byFlat = outcome(
                        of: { frame throws(Stop) in try machine.run(rule: slot, in: frame) }, compiled, flatFrame)
                    let bySteps = outcome(
                        of: { frame throws(Stop) in try machine.runSteps(rule: slot, in: frame) }, compiled, stepsFrame)
                    if byClosure != byFlat || byFlat != bySteps {
                        Issue.record(
                            "\(program.policy.name) \(program.rules[slot].name) with \(facts), date \(String(describing: claimDate)): closures \(byClosure), tree \(byFlat), steps \(bySteps)",
                            sourceLocation: sourceLocation)
                        return counts
                    }
                    if byFlat.hasPrefix("granted") {
                        counts.granted += 1
                    } else if byFlat.hasPrefix("refused") {
                        counts.refused += 1
                    } else {
                        counts.invalid += 1
                    }
                }
            }
        }
        return counts
    }

    /// An outcome as text that differs when anything shown of it differs: the amount's digits
    /// and exponent, every refusal's words in both languages and citation, every problem, the
    /// missing fact.
    static func outcome(of evaluate: Evaluate, _ compiled: CompiledProgram, _ frame: Frame) -> String {
        do {
            let value = try evaluate(frame)
            return "granted \(value.significand)e\(value.exponent)"
        } catch {
            var missing = ""
            if case .missingFact(let slot, let neededBy) = error { missing = " missing \(slot) \(neededBy?.english ?? "")" }
            switch compiled.describe(error, in: frame) {
            case .granted: return "granted?"
            case .refused(let refusals):
                return "refused "
                    + refusals.map { "\($0.reason.chinese) | \($0.reason.english) | \(String(describing: $0.citation))" }
                    .joined(separator: "; ")
            case .invalid(let problems):
                return "invalid " + problems.map { "\($0.english) | \($0.chinese)" }.joined(separator: "; ") + missing
            }
        }
    }

    enum Fact: CustomStringConvertible {
        case missing, value(ExactDecimal), claimText
        var description: String {
            switch self {
            case .missing: "-"
            case .value(let value): value.description
            case .claimText: "text"
            }
        }
    }

    /// The values each input is given: missing, every case of an enum, both truths, the texts
    /// the policy names and one it does not, and for numbers and dates each constant of the
    /// program, one step either side of it, zero and numbers too large to multiply.
    static func choices(for program: Program) -> [[Fact]] {
        var numbers: Set<ExactDecimal> = [.zero, .one, ExactDecimal(significand: 999_999_999_999_999_999, exponent: 0)]
        numbers.insert(ExactDecimal(significand: -999_999_999_999_999_999, exponent: 0))
        numbers.insert(ExactDecimal(significand: 123_456_789_012_345_678, exponent: -2))
        func collect(_ node: Node) {
            if case .constant(.number(let value)) = node.kind {
                numbers.insert(value)
                let step = ExactDecimal(significand: 1, exponent: value.exponent)
                for near in [try? ExactDecimal.adding(value, step), try? ExactDecimal.subtracting(value, step)] {
                    if let near { numbers.insert(near) }
                }
                numbers.insert((try? ExactDecimal.adding(value, .one)) ?? value)
                numbers.insert((try? ExactDecimal.subtracting(value, .one)) ?? value)
            }
            node.forEachChild(collect)
        }
        program.rules.forEach { collect($0.body) }
        for table in program.tables {
            for row in table.rows {
                for cell in row where !cell.isAbsent { numbers.insert(cell.decimal) }
            }
        }
        let sortedNumbers = numbers.sorted { $0 < $1 }.map(Fact.value)
        let identity = ExactDecimal(significand: 14_052_419_900_101_001, exponent: 0)
        return program.inputs.map { input in
            switch input.type {
            case .enumeration(let type): [.missing] + (0..<type.cases.count).map { .value(ExactDecimal($0)) }
            case .bool: [.missing, .value(.zero), .value(.one)]
            case .text: [.missing, .claimText] + program.texts.indices.map { .value(ExactDecimal($0)) }
            case .identity: [.missing, .value(identity)]
            default: [.missing] + sortedNumbers
            }
        }
    }

    /// Claim dates: none, and the first and last days of every policy of the chain and a day
    /// either side.
    static func dates(for program: Program) -> [CalendarDate?] {
        var days: Set<Int> = []
        for info in program.chain + [program.policy] {
            for day in [info.period.start.dayNumber, min(info.period.end.dayNumber, Period.lastDay.dayNumber - 1)] {
                days.formUnion([day - 1, day, day + 1])
            }
        }
        return [nil] + days.sorted().map { CalendarDate(dayNumber: $0) }
    }
}
