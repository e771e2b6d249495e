// Termination: the language has no loops or recursion and the checker rejects cycles, so
// evaluating a claim is bounded by the size of the policy. These tests build pathological
// policies — long chains of rules, expressions nested as deep as the parser allows, long sums,
// long schedules, runs of requires and enums — and show that checking and evaluating them stays
// linear in their size, that what goes past the limits is a diagnostic rather than a stack
// overflow, and that every rule is evaluated once.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct TerminationTests {
    /// `blocks` copies of: a chain of 100 rules, a rule of `if`s nested 80 deep, a sum of 200
    /// terms, and a program that uses all three.
    static func pathologicalPolicy(blocks: Int) -> String {
        var text = """
            policy 病态 {
              title "病态"
              document "测试〔2022〕9号"
              jurisdiction 山西省/测试市
              in force 2022-01-01 to 2022-12-31
            }
            input 天数: days

            """
        for block in 0..<blocks {
            text += "rule 链\(block)_0: yuan cite \"一\" = 1 yuan/day * 天数\n"
            for link in 1..<100 {
                text += "rule 链\(block)_\(link): yuan cite \"一\" = 链\(block)_\(link - 1) + 1 yuan\n"
            }
            text += "rule 深\(block): yuan cite \"一\" = "
            text +=
                String(repeating: "if 天数 > 0 days then (", count: 80) + "1 yuan" + String(repeating: ") else 0 yuan", count: 80)
                + "\n"
            text +=
                "rule 和\(block): yuan cite \"一\" = " + Array(repeating: "1 yuan/day * 天数", count: 200).joined(separator: " + ")
                + "\n"
            text += "program 总\(block): yuan cite \"一\" = 链\(block)_99 + 深\(block) + 和\(block)\n"
        }
        return text
    }

    /// Checks the policy and evaluates every program once, explained: the seconds each took, and
    /// the nodes of all the derivations.
    static func checkAndEvaluate(blocks: Int) -> (check: Double, evaluate: Double, traceNodes: Int) {
        LargeStack.run {
            let source = SourceFile(path: "pathological.policy", text: pathologicalPolicy(blocks: blocks))
            let clock = ContinuousClock()
            var library: PolicyLibrary!
            let check = clock.measure { library = PolicyLibrary.load(sources: [source]) }
            guard let entry = library.entries.first else { return (check.seconds, 0, 0) }
            var nodes = 0
            let evaluate = clock.measure {
                let compiled = library.compiled(entry, traced: true)
                for block in 0..<blocks {
                    let frame = Frame(program: entry.program)
                    frame.setInput(entry.program.inputSlots["天数"]!, ExactDecimal(3))
                    let evaluation = compiled.evaluate(rule: entry.program.programs["总\(block)"]!, in: frame)
                    nodes += evaluation.trace.map(Self.count) ?? 0
                }
            }
            return (check.seconds, evaluate.seconds, nodes)
        }
    }

    static func count(_ node: TraceNode) -> Int {
        1 + node.children.reduce(0) { $0 + count($1) }
    }

    @Test func thePathologicalPolicyChecksAndEveryProgramIsDecided() throws {
        let source = SourceFile(path: "pathological.policy", text: Self.pathologicalPolicy(blocks: 2))
        let library = LargeStack.run { PolicyLibrary.load(sources: [source]) }
        #expect(!library.hasErrors, "\(DiagnosticRenderer(useColor: false).render(library.diagnostics))")
        let entry = try #require(library.entries.first)
        let outcome = LargeStack.run { () -> Outcome in
            let frame = Frame(program: entry.program)
            frame.setInput(entry.program.inputSlots["天数"]!, ExactDecimal(3))
            return library.compiled(entry, traced: false).evaluate(rule: entry.program.programs["总1"]!, in: frame).outcome
        }
        // The chain: 3 + 99 yuan; the nested ifs: 1 yuan; the sum: 200 × 3 yuan.
        #expect(outcome.amount == ExactDecimal(102 + 1 + 600))
    }

    @Test func checkingAndEvaluatingStayLinearInTheSizeOfThePolicy() {
        // Each measure is the best of five, and the bound is loose: four times the policy may
        // take at most ten times as long (linear is four, quadratic sixteen).
        func best(_ blocks: Int) -> (check: Double, evaluate: Double, traceNodes: Int) {
            (0..<5).map { _ in Self.checkAndEvaluate(blocks: blocks) }.reduce((Double.infinity, Double.infinity, 0)) {
                (min($0.0, $1.check), min($0.1, $1.evaluate), $1.traceNodes)
            }
        }
        let small = best(4)
        let large = best(16)
        #expect(large.check / small.check < 10, "check: \(small.check) s for 4 blocks, \(large.check) s for 16")
        #expect(large.evaluate / small.evaluate < 10, "evaluate: \(small.evaluate) s for 4 blocks, \(large.evaluate) s for 16")
        // Every rule is evaluated once however often it is used: the derivations grow exactly
        // with the policy.
        #expect(large.traceNodes == 4 * small.traceNodes)
    }

    /// Policies with one long list in them, each with a mistake at its end that only a check of
    /// the whole list finds: the warning it must give.
    enum LongList: String, CaseIterable {
        /// A marginal schedule of one-day brackets, and a last one that overlaps the first.
        case brackets
        /// A program with a `require` refusing each number of days, and a last one that repeats
        /// the first.
        case requirements
        /// An enum, a table with a row for each case, and a match naming each case and an `else`
        /// that nothing is left for.
        case enumCases

        var warning: String {
            switch self {
            case .brackets: "brackets-overlap"
            case .requirements: "requirement-always-met"
            case .enumCases: "case-never-reached"
            }
        }

        func policy(size: Int) -> String {
            var text = """
                policy 长列表 {
                  title "长列表"
                  document "测试〔2022〕9号"
                  jurisdiction 山西省/测试市
                  in force 2022-01-01 to 2022-12-31
                }
                input 天数: days

                """
            switch self {
            case .brackets:
                text += "program 阶梯: yuan cite \"一\" = marginal 天数 {\n  up to 1 days => \(size) yuan/day\n"
                for day in 1..<size { text += "  above \(day) days up to \(day + 1) days => \(size - day) yuan/day\n" }
                text += "  above \(size) days => 1 yuan/day\n  from 0 days up to 1 days => 1 yuan/day\n}\n"
            case .requirements:
                text += "program 要求: yuan cite \"一\" =\n"
                for day in 0..<size { text += "  require 天数 != \(day) days else \"不补 \(day) 天\"\n" }
                text += "  require 天数 != 0 days else \"不补 0 天\"\n  1 yuan/day * 天数\n"
            case .enumCases:
                text += "enum 工种 {\n" + (0..<size).map { "  工种\($0)\n" }.joined() + "}\ninput 工种: 工种\n"
                text += "table 标准 by 工种 cite \"一\" {\n  工种 | 补贴\n" + (0..<size).map { "  工种\($0) | \($0) yuan\n" }.joined()
                text += "}\nprogram 补贴: yuan cite \"一\" = 标准[工种].补贴 + match 工种 {\n"
                text += (0..<size).map { "  工种\($0) => \($0) yuan/day * 天数\n" }.joined() + "  else => 0 yuan\n}\n"
            }
            return text
        }
    }

    /// The seconds `policy check` takes to load a policy and run the deep checks on it (the best
    /// of three), and the codes of what it says.
    static func check(_ text: String) -> (seconds: Double, codes: [String]) {
        var codes: [String] = []
        let seconds = (0..<3).map { _ in
            ContinuousClock().measure {
                let library = PolicyLibrary.load(sources: [SourceFile(path: "long.policy", text: text)])
                codes = (library.diagnostics + Analyzer.review(library)).map(\.code.rawValue)
            }.seconds
        }.min()!
        return (seconds, codes)
    }

    @Test(arguments: LongList.allCases)
    func checkingALongListStaysNearLinear(_ list: LongList) {
        // Sixteen times the list may take at most forty-eight times as long: linear is sixteen,
        // and comparing each item with every earlier one 256.
        let small = Self.check(list.policy(size: 125))
        let large = Self.check(list.policy(size: 2000))
        #expect(small.codes == [list.warning])
        #expect(large.codes == [list.warning])
        #expect(large.seconds / small.seconds < 48, "\(list): \(small.seconds) s for 125, \(large.seconds) s for 2000")
    }

    @Test(arguments: [
        (
            "a chain of 100,000 rules",
            (0..<100_000).map { "rule 链\($0): yuan cite \"一\" = \($0 == 0 ? "1 yuan" : "链\($0 - 1) + 1 yuan")" }
                .joined(separator: "\n"), "too-deep"
        ),
        (
            "a sum of 100,000 terms",
            "rule 和: yuan cite \"一\" = " + Array(repeating: "1 yuan", count: 100_000).joined(separator: " + "),
            "nested-too-deeply"
        ),
        (
            "100,000 minus signs", "rule 负: yuan cite \"一\" = " + String(repeating: "-", count: 100_000) + "1 yuan",
            "nested-too-deeply"
        ),
        ("100,000 nots", "rule 非: bool cite \"一\" = " + String(repeating: "not ", count: 100_000) + "true", "nested-too-deeply"),
        (
            "100,000 caps", "rule 顶: yuan cite \"一\" = 1 yuan" + String(repeating: " at most 2 yuan", count: 100_000),
            "nested-too-deeply"
        ),
        ("100,000 lookups", "rule 查: yuan cite \"一\" = 表" + String(repeating: "[1]", count: 100_000), "nested-too-deeply"),
    ])
    func pastTheLimitsIsADiagnosticNotAStackOverflow(name: String, body: String, code: String) {
        let text = """
            policy 病态 {
              title "病态"
              document "测试〔2022〕9号"
              jurisdiction 山西省/测试市
              in force 2022-01-01 to 2022-12-31
            }
            \(body)
            """
        // On a test thread's ordinary stack, as a library user would call it.
        let library = PolicyLibrary.load(sources: [SourceFile(path: "limits.policy", text: text)])
        #expect(library.diagnostics.filter(\.isError).map(\.code.rawValue) == [code], "\(name)")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
