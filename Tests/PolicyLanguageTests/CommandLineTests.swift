// The command line as a user meets it: in-process runs of every subcommand, and end-to-end runs
// of the built `policy` executable on the bundled example claims and on bad input.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct CommandLineTests {
    private func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8), environment: environment)
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    private let policies = ["--policies", Repository.path("policies")]

    @Test func evalGrantsAndNamesThePolicyAndClause() {
        let (code, console) = run(["eval", Repository.path("examples/forklift.json")] + policies)
        #expect(code == .success)
        #expect(
            console.output == """
                LC-2021-0001  granted  3500 yuan
                  policy      陵川县2020 · 陵政办发〔2020〕62号 · 陵川县创建“人人持证、技能社会”实施方案(2020—2021年)
                  program     品牌培训补贴
                  priced by   陵川县2020 五(二)
                  rules       \(bundledFingerprint("陵川县2020"))
                  decided by  陵政办发〔2020〕62号 五(二), 三(一)2、五(六)

                """)
    }

    @Test func evalReadsStandardInputAndExplains() throws {
        let claim = try Repository.read("examples/order-training-below-80.json")
        let (code, console) = run(["eval", "--explain"] + policies, input: claim)
        #expect(code == .success)
        #expect(console.output.hasPrefix("SX-2022-0418  granted  1000 yuan"))
        #expect(console.output.contains("if 就业率 >= 80% → false"))
        #expect(console.output.contains("at most 1000 yuan: 1100 yuan capped to 1000 yuan"))
    }

    @Test func evalJSON() throws {
        let (code, console) = run(["eval", Repository.path("examples/certificate-refused.json"), "--json"] + policies)
        #expect(code == .success)
        let json = try JSONParser.parse(Array(console.output.utf8))
        #expect(json["status"] == .string("refused"))
        #expect(json["policy"] == .string("山西省2022"))
        guard case .array(let reasons)? = json["reasons"] else {
            Issue.record("no reasons in \(console.output)")
            return
        }
        #expect(reasons.first?["reason"] == .string("该证书仅对初次取证给予补贴"))
        #expect(reasons.first?["clause"] == .string("晋技能组发〔2022〕1号 二(七)"))
    }

    @Test func evalExplainJSONCarriesTheTrace() throws {
        let (_, console) = run(
            ["eval", Repository.path("examples/order-training-11-days.json"), "--json", "--explain"] + policies)
        let json = try JSONParser.parse(Array(console.output.utf8))
        #expect(json["amount"] == .string("1600"))
        #expect(json["trace"]?["label"] == .string("订单式项目制培训补贴"))
    }

    @Test func invalidClaimsExitOne() {
        let (code, console) = run(["eval", Repository.path("examples/invalid-negative-days.json")] + policies)
        #expect(code == .invalidClaim)
        #expect(console.output.contains("the fact 培训天数 is -25 days, but it cannot be negative"))
        // A path that cannot be read is a usage error (64), said on standard error.
        let missing = run(["eval", "/no/such/claim.json"] + policies)
        #expect(missing.0 == .usage)
        #expect(missing.1.errors == "error: cannot read the claim file /no/such/claim.json: no such file or directory\n")
        #expect(run(["eval"] + policies, input: "{not json").0 == .invalidClaim)
    }

    @Test func brokenPoliciesExitTwoAndAreNeverEvaluated() {
        let fixtures = Repository.path("Tests/PolicyLanguageTests/Fixtures/diagnostics")
        let (code, console) = run(["eval", Repository.path("examples/forklift.json"), "--policies", fixtures])
        #expect(code == .invalidPolicy)
        #expect(console.output.isEmpty)
        #expect(console.errors.contains("error: the policies have errors, so no claim is evaluated"))
        #expect(run(["eval", Repository.path("examples/forklift.json"), "--policies", "/no/such/dir"]).0 == .usage)
    }

    @Test func usageErrorsExitSixtyFour() {
        #expect(run([]).0 == .usage)
        #expect(run(["frobnicate"]).0 == .usage)
        #expect(run(["eval", "--frob"]).0 == .usage)
        #expect(run(["eval", "--policies"]).0 == .usage)
        #expect(run(["eval", "a.json", "b.json"]).0 == .usage)
        let (code, console) = run(["--help"])
        #expect(code == .success)
        #expect(console.output.contains("EXIT CODES"))
    }

    @Test func checkReportsEveryProblem() {
        let (good, goodConsole) = run(["check", Repository.path("policies")])
        #expect(good == .success)
        #expect(goodConsole.output.hasPrefix("checked 5 policies: no errors"))
        let (bad, badConsole) = run(["check", Repository.path("Tests/PolicyLanguageTests/Fixtures/diagnostics")])
        #expect(bad == .invalidPolicy)
        #expect(badConsole.errors.contains("error: cannot add yuan and days [unit-mismatch]"))
        #expect(badConsole.errors.contains("[cycle]"))
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() {
        #expect(!Console(environment: [:]).useColor(forErrors: true))
        #expect(!DiagnosticRenderer(useColor: false).render(check("rule a: yuan = 1 yuan").1).contains("\u{1B}["))
        #expect(DiagnosticRenderer(useColor: true).render(check("rule a: yuan = 1 yuan").1).contains("\u{1B}["))
    }

    /// Colour only wraps pieces of the plain text: without its escapes, the coloured rendering
    /// is the plain one, for every diagnostic of a file with labels, notes and hints; and the
    /// severity, the code, the gutter's bars, the underline and the hint's word are each painted.
    @Test func colourWrapsThePlainText() throws {
        var diagnostics = check("rule a: yuan = 1 yuan").1
        for name in ["name-errors", "unit-errors", "rule-cycle"] {
            diagnostics += check(try Repository.read("Tests/PolicyLanguageTests/Fixtures/diagnostics/\(name).policy")).1
        }
        #expect(diagnostics.count > 10)
        #expect(diagnostics.contains { !$0.labels.isEmpty } && diagnostics.contains { !$0.notes.isEmpty })
        for diagnostic in diagnostics {
            let coloured = DiagnosticRenderer(useColor: true).render(diagnostic)
            let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            #expect(stripped == DiagnosticRenderer(useColor: false).render(diagnostic))
        }
        let coloured = DiagnosticRenderer(useColor: true).render(check("rule a: yuan = 1 yuan").1)
        for piece in [
            "\u{1B}[1;31merror\u{1B}[0m: \u{1B}[1m", "\u{1B}[2m [missing-citation]\u{1B}[0m\n", " \u{1B}[1;34m|\u{1B}[0m\n",
            "\u{1B}[1;31m^", "\u{1B}[1;34m=\u{1B}[0m \u{1B}[1;36mhint\u{1B}[0m: ",
        ] {
            #expect(coloured.contains(piece), "\(piece.debugDescription) in \(coloured.debugDescription)")
        }
    }

    // MARK: The built executable

    private func runExecutable(_ arguments: [String], input: String? = nil) throws -> (Int32, String, String) {
        let executable = Repository.productsDirectory.appendingPathComponent("policy")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
        try standardInput.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test(arguments: [
        ("examples/forklift.json", Int32(0), "LC-2021-0001  granted  3500 yuan"),
        ("examples/order-training-11-days.json", 0, "SX-2022-0417  granted  1600 yuan"),
        ("examples/order-training-below-80.json", 0, "SX-2022-0418  granted  1000 yuan"),
        ("examples/certificate-refused.json", 0, "SX-2022-1203  refused"),
        ("examples/invalid-negative-days.json", 1, "LC-2021-0099  invalid"),
    ])
    func theExecutableDecidesTheExampleClaims(claim: String, status: Int32, firstLine: String) throws {
        let (code, output, errors) = try runExecutable(["eval", claim])
        #expect(code == status, "stderr: \(errors)")
        #expect(output.hasPrefix(firstLine + "\n"), "output: \(output)")
    }

    @Test func theExecutableTellsJSONLinesFromCSVOnAPipe() throws {
        let claims = try ["examples/forklift.json", "examples/order-training-11-days.json"].map {
            try Repository.read($0).replacingOccurrences(of: "\n", with: " ") + "\n"
        }
        let (code, output, errors) = try runExecutable(["run", "-"], input: claims.joined())
        #expect(code == 0, "stderr: \(errors)")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.contains("\"status\":\"granted\"") })
        #expect(errors.hasPrefix("claims read 2 = granted 2 + refused 0 + invalid 0\n"))
    }

    @Test func theExecutableReadsStandardInputAndReportsBadInput() throws {
        let claim = try Repository.read("examples/forklift.json")
        #expect(try runExecutable(["eval", "-"], input: claim).0 == 0)
        let (code, output, _) = try runExecutable(["eval"], input: "{\"id\": \"X\", \"id\": \"Y\"}")
        #expect(code == 1)
        #expect(output.contains("the key \"id\" appears twice"))
        #expect(try runExecutable(["eval", "--nope"]).0 == 64)
        let (checkCode, _, checkErrors) = try runExecutable(["check", "Tests/PolicyLanguageTests/Fixtures/diagnostics"])
        #expect(checkCode == 2)
        #expect(!checkErrors.contains("\u{1B}["), "NO_COLOR is set: no colour")
    }
}
