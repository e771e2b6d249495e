// The invented 陵川县2022 of `examples/succession/` as a county officer meets it, command by
// command over the bundled policies: `check --strict`, `test`, `changes`, `timeline 陵川县` and
// `diff` on a batch of 2022 claims, each output golden in `Fixtures/succession/` (both languages
// where the command speaks). Re-record after an intended change with
// `RECORD_GOLDENS=1 swift test --filter SuccessionExampleTests`, then read the diff.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct SuccessionExampleTests {
    static let directory = "Tests/PolicyLanguageTests/Fixtures/succession"
    static let policies = ["--policies", Repository.path("policies"), "--policies", Repository.path("examples/succession")]

    struct Case: Sendable, CustomTestStringConvertible {
        let golden: String
        let arguments: [String]
        let language: Language
        let exitCode: ExitCode
        var testDescription: String { golden }
    }

    static let cases: [Case] = {
        let paths = [Repository.path("policies"), Repository.path("examples/succession")]
        let batch = Repository.path("examples/succession/claims-2022.csv")
        let diff = ["diff", "--before", paths[0], "--after", paths[0], "--after", paths[1], batch]
        var cases: [Case] = [
            Case(golden: "check", arguments: ["check", "--strict"] + paths, language: .en, exitCode: .success),
            Case(golden: "test", arguments: ["test"] + paths + ["--filter", "陵川县2022"], language: .en, exitCode: .success),
        ]
        for language in [Language.en, .zh] {
            let suffix = language == .zh ? ".zh" : ""
            cases += [
                Case(
                    golden: "changes" + suffix, arguments: ["changes", "陵川县2022"] + policies, language: language,
                    exitCode: .success),
                Case(
                    golden: "timeline" + suffix, arguments: ["timeline", "陵川县"] + policies, language: language,
                    exitCode: .success),
                Case(golden: "diff" + suffix, arguments: diff, language: language, exitCode: .invalidClaim),
            ]
        }
        return cases
    }()

    @Test(arguments: cases) func output(_ example: Case) throws {
        let console = Console(input: [], environment: [:])
        let code = PolicyCommandLine.run(["--lang", example.language.rawValue] + example.arguments, console: console)
        let text = (console.output + console.errors).replacingOccurrences(of: Repository.root.path + "/", with: "")
        let path = Repository.path("\(Self.directory)/\(example.golden).txt")
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(
                atPath: Repository.path(Self.directory), withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(code == example.exitCode, "\(text)")
        #expect(text == (try String(contentsOfFile: path, encoding: .utf8)))
    }
}
