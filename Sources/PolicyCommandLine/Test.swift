// `policy test [PATHS…] [--filter TEXT] [--coverage]`: run the worked examples written beside the rules, in
// a stable order (policy by policy as the library lists them, each policy's tests in file
// order), and print each failure with its claim, what was expected, what came out, and the
// derivation. The last line is always `N passed, M failed` (`, K skipped` when a filter left
// some out; `通过 N 项，失败 M 项` in Chinese), so that CI and people read the same count.

import Foundation
import PolicyLanguage
import PolicyTools

enum TestCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let options = Options.parse(arguments, command: "test", reportingTo: console) else {
            return .usage
        }
        // A file is tested with the policies beside it, which it may extend.
        let named = NamedPolicies(options.positional.isEmpty ? ["policies"] : options.positional)
        let library = PolicyLibrary.load(paths: named.paths)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no test is run", "不运行任何测试"), option: nil, paths: named.searched)
        {
            return code
        }
        let filter = options.values["--filter"]
        var (passed, failed, skipped, inherited) = (0, 0, 0, 0)
        var results: [(compiled: CompiledProgram, result: PolicyTestResult)] = []
        for entry in library.entries where named.shows(entry.info.source.path) {
            let compiled = library.compiled(entry, traced: true)
            for test in entry.program.tests {
                guard filter.map({ test.name.contains($0) || entry.info.name.contains($0) }) ?? true else {
                    skipped += 1
                    continue
                }
                let result = compiled.run(test)
                results.append((compiled, result))
                if test.inheritedFrom != nil { inherited += 1 }
                if result.passed {
                    passed += 1
                } else {
                    failed += 1
                    console.write(report(result, policy: entry.info.name, program: entry.program, console: console))
                }
            }
        }
        if options.flags.contains("--coverage") {
            let report = CoverageReport(library: library, results: results)
            console.write(
                coverage(
                    report.files.filter { named.shows($0.path) }, console: console))
        }
        console.write(
            console.say(
                "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
                    + (inherited > 0 ? " (\(inherited) inherited by a successor)" : ""),
                "通过 \(passed) 项，失败 \(failed) 项" + (skipped > 0 ? "，跳过 \(skipped) 项" : "")
                    + (inherited > 0 ? "（其中 \(inherited) 项为继任政策所继承）" : "")) + "\n")
        return failed > 0 ? .invalidClaim : .success
    }

    /// A failed test: where it is, the claim it makes, and each expectation that failed with its
    /// derivation.
    static func report(_ result: PolicyTestResult, policy: String, program: Program, console: Console) -> String {
        let test = result.test
        let formatter = ValueFormatter(program: program, language: console.language)
        var given = test.givenInputs.map {
            "\(program.inputs[$0.slot].name) = \(formatter.format($0.value, as: program.inputs[$0.slot].type))"
        }
        given += test.givenRules.map {
            "\(program.rules[$0.slot].name) = \(formatter.format($0.value, as: program.rules[$0.slot].type))"
        }
        if let date = test.claimDate { given.append(console.say("claim date = \(date)", "业务日期 = \(date)")) }
        if let date = test.applicationDate {
            given.append(console.say("application date = \(date)", "申领日期 = \(date)"))
        }
        let (place, givens) = (test.span.description, given.isEmpty ? console.say("nothing", "无") : given.joined(separator: ", "))
        var out = console.say("FAIL \(policy): \"\(test.name)\"  (\(place))\n", "失败 \(policy)：“\(test.name)”（\(place)）\n")
        if let predecessor = test.inheritedFrom {
            out += console.say(
                "  inherited from \(predecessor): \(policy) changes its outcome, so restate it in \(policy) (a test of the same name) or retire it there (repeal test \"\(test.name)\")\n",
                "  继承自\(predecessor)：\(policy)改变了其结果，请在\(policy)中重写（同名测试）或予以废止（废止 测试 \"\(test.name)\"）\n")
        }
        out += console.say("  given    \(givens)\n", "  给定  \(givens)\n")
        for failure in result.failures {
            let (rule, expected, at) = (
                program.rules[failure.expectation.rule].name, console.say(failure.expected), failure.expectation.span.description
            )
            out += console.say("  expect   \(rule) = \(expected)  (\(at))\n", "  期望  \(rule) = \(expected)（\(at)）\n")
            let actual = console.say(failure.actual)
            out += console.say("  actual   \(actual)\n", "  实际  \(actual)\n")
            if let trace = failure.trace {
                out += console.say("  derivation:\n", "  推导过程：\n")
                out += trace.rendered(in: console.language).split(separator: "\n", omittingEmptySubsequences: false).map {
                    "    " + $0
                }
                .joined(separator: "\n")
                if !out.hasSuffix("\n") { out += "\n" }
            }
        }
        return out + "\n"
    }

    /// Each policy's coverage, then every point its tests left unexercised, with its location.
    static func coverage(_ files: [CoverageReport.File], console: Console) -> String {
        var out = console.say(
            "coverage: rules, both arms of every if, match arms, tier brackets and table rows\n",
            "测试覆盖：规则、每个“如果”的两个分支、“匹配”的各分支、分档的各档和表的各行\n")
        for file in files {
            let covered = file.total - file.missed.count
            let percent = file.total == 0 ? 100 : covered * 100 / file.total
            out += console.say(
                "  \(file.policy)  \(covered) of \(file.total) (\(percent)%)  \(file.path)\n",
                "  \(file.policy)  覆盖 \(covered) 处，共 \(file.total) 处（\(percent)%）  \(file.path)\n")
            for point in file.missed {
                // A Chinese label says what it is (`规则 …`, `表 … 的“…”行`).
                out += console.say(
                    "    \(point.span.description): not exercised: \(point.kind.rawValue) \(point.label.english)\n",
                    "    \(point.span.description)：未经测试：\(point.label.chinese)\n")
            }
        }
        return out
    }
}
