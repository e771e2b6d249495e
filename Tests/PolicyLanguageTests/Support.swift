// Helpers shared by the test files: where the repository is, and short ways to check a
// policy written inline and to evaluate one of its rules.

import Foundation
import Testing

@testable import PolicyLanguage

enum Repository {
    /// The repository's root, found from this file's own path.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// The directory the test runner was built into, where `policy` is built too.
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }
}

/// The identity number of the `number`th person of a test: region 110105, born 1990-01-01 and
/// one day later for each thousand people, the sequence code the rest. A valid number, check
/// character and all, as the policies' `identity` inputs require.
func person(_ number: Int) -> String {
    let (year, month, day) = CalendarDate(dayNumber: CalendarDate(year: 1990, month: 1, day: 1)!.dayNumber + number / 1000)
        .components
    let body = 110_105 * 100_000_000_000 + Int64(year * 10_000 + month * 100 + day) * 1000 + Int64(number % 1000)
    return IdentityNumber(body: body)!.description
}

/// A header for policies written inline in tests.
let testHeader = """
    policy 测试 {
      title "测试办法"
      document "测试〔2022〕1号"
      jurisdiction 山西省
      in force 2022-01-01 to 2022-12-31
    }

    """

/// Parses and checks one inline policy (the header is added when missing).
func check(_ text: String, path: String = "test.policy") -> (Program?, [Diagnostic]) {
    let source = text.contains("policy ") && text.contains("in force") ? text : testHeader + text
    let library = PolicyLibrary.load(sources: [SourceFile(path: path, text: source)])
    return (library.entries.first?.program, library.diagnostics)
}

/// The codes of the errors an inline policy produces.
func errorCodes(_ text: String) -> [String] {
    check(text).1.filter(\.isError).map(\.code.rawValue)
}

/// Evaluates `rule` of an inline policy with the given facts (slot values written directly).
func evaluate(
    _ text: String, _ rule: String, _ facts: [String: ExactDecimal] = [:], date: CalendarDate? = nil,
    traced: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> Outcome? {
    let (program, diagnostics) = check(text)
    guard let program else {
        Issue.record(
            "the policy does not check:\n\(DiagnosticRenderer(useColor: false).render(diagnostics))",
            sourceLocation: sourceLocation)
        return nil
    }
    let compiled = Compiler.compile(program, traced: traced)
    let frame = Frame(program: program)
    frame.reset()
    if let date { frame.setClaimDate(date) }
    for (name, value) in facts { frame.setInput(program.inputSlots[name]!, value) }
    return compiled.evaluate(rule: program.ruleSlots[rule]!, in: frame).outcome
}

func yuan(_ text: String) -> ExactDecimal { try! ExactDecimal(parsing: text) }

extension Outcome {
    var amount: ExactDecimal? {
        if case .granted(let value, _) = self { return value }
        return nil
    }

    /// The reasons of a refusal, in English.
    var refusalReasons: [String]? {
        if case .refused(let refusals) = self { return refusals.map(\.reason.english) }
        return nil
    }

    /// The problems of an invalid claim, in English.
    var problems: [String]? {
        if case .invalid(let problems) = self { return problems.map(\.english) }
        return nil
    }
}

/// A copy of the bundled policies in a temporary directory, each file changed by `edits` (by
/// file name); the caller removes it.
func copyOfPolicies(editing edits: [String: (String) -> String] = [:]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path("policies")) where name.hasSuffix(".policy") {
        let text = try Repository.read("policies/\(name)")
        let edited = edits[name].map { $0(text) } ?? text
        try edited.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return directory
}

/// A province's policy named `name` in force for `period`, pricing one program, 普惠; it extends
/// `parent` when given. The deep checks' tests of periods build libraries of these.
func provincePolicy(_ name: String, _ period: String, extends parent: String? = nil) -> String {
    """
    policy \(name) {
      title "\(name)"
      document "\(name)〔2022〕1号"
      jurisdiction 山西省
      \(parent.map { "extends \($0)" } ?? "")
      in force \(period)
    }
    \(parent == nil ? "input 天数: days" : "")
    program 普惠: yuan cite "一" = 150 yuan/day * 天数
    """
}

/// The fingerprint of the rules of a bundled policy (`Program.fingerprint`), for outputs that
/// print it: any edit of the policy files moves it, so exact outputs read it rather than spell it.
func bundledFingerprint(_ policy: String) -> String {
    bundledPolicies.entry(named: policy)?.program.fingerprint ?? "(no bundled policy \(policy))"
}

/// The bundled policies, loaded once for the tests that read their fingerprints.
let bundledPolicies = PolicyLibrary.load(paths: [Repository.path("policies")])

/// Result rows of a batch's CSV output, each a dictionary from the header's names.
func rows(_ csv: String) -> [[String: String]] {
    var reader = CSVReader(bytes: Array(csv.utf8))
    guard case .success(let header)? = reader.next() else { return [] }
    var rows: [[String: String]] = []
    while case .success(let record)? = reader.next() {
        rows.append(Dictionary(uniqueKeysWithValues: zip(header.fields, record.fields)))
    }
    return rows
}
