// A worked example of every diagnostic code (`DiagnosticCode.allCases`), in English and in
// Chinese. `Fixtures/codes/` holds, for each code, the smallest input that produces it: `CODE.policy`,
// or a directory `CODE/` where the code needs several policies (a county and its province) or a
// path that is not a policy file. Each is run as the command that reports the code runs it:
// `policy check` (the library, the checker and the deep checks), or `policy fmt`. The whole
// rendered output must contain the code and read exactly as `CODE.expected` (English) and
// `CODE.zh.expected` (Chinese) beside it.
//
// Re-record after an intended change to a message with
// `RECORD_GOLDENS=1 swift test --filter DiagnosticGoldenTests`, then read `git diff` as a policy
// officer would: each golden must still say what is wrong and what to write instead.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct DiagnosticGoldenTests {
    static let directory = "Tests/PolicyLanguageTests/Fixtures/codes"

    /// Codes no input can produce, each with the reason; they have no fixture. Empty: every code
    /// has a worked example.
    static let unreachable: [DiagnosticCode: String] = [:]

    /// How a code's example is run, when not as `policy check FIXTURE`.
    enum Run {
        /// `policy check` on the fixture: the library as loaded from its path, and the deep checks.
        case check
        /// `policy check` on a path inside the fixture's directory (one that does not exist).
        case checkPath(String)
        /// `policy fmt --keywords SET` on the fixture.
        case format(KeywordSet)
        /// The check `policy fmt` makes of its own output before writing it: `original.policy`
        /// against `formatted.policy`, a text the formatter must never give for it. No input is
        /// known to make the formatter give such a text, so the check is run directly.
        case verifyFormatting
    }

    static let runs: [DiagnosticCode: Run] = [
        .noSuchPath: .checkPath("policies"),
        .keywordCollision: .format(.zh),
        .formatMismatch: .verifyFormatting,
    ]

    /// The one place the language of the messages is chosen: the renderer that draws them.
    static func renderer(in language: Language) -> DiagnosticRenderer {
        DiagnosticRenderer(useColor: false, language: language)
    }

    /// A path as the goldens show it: from the repository's root, wherever it is checked out.
    static func relative(_ text: String) -> String {
        text.replacingOccurrences(of: Repository.root.path + "/", with: "")
    }

    /// The diagnostics the example of `code` gives, as `policy` renders them (without colour).
    static func rendered(_ code: DiagnosticCode, in language: Language) throws -> (codes: [String], text: String) {
        let base = Repository.path("\(directory)/\(code.rawValue)")
        let path = isDirectory(base) ? base : base + ".policy"
        let diagnostics: [Diagnostic] = try {
            switch runs[code] ?? .check {
            case .check, .checkPath:
                var checked = path
                if case .checkPath(let inside) = runs[code] { checked = path + "/" + inside }
                let library = PolicyLibrary.load(paths: [checked])
                return (library.diagnostics + Analyzer.review(library)).sortedByLocation()
            case .format(let keywords):
                let source = try sourceFile(path)
                return Formatter.format(source, keywords: keywords).diagnostics.filter(\.isError)
            case .verifyFormatting:
                let original = try sourceFile(path + "/original.policy")
                let formatted = try String(contentsOfFile: path + "/formatted.policy", encoding: .utf8)
                return Formatter.verify(formatted, against: Lexer.tokenize(original), of: original).map { [$0] } ?? []
            }
        }()
        let text = renderer(in: language).render(diagnostics)
        return (diagnostics.map(\.code.rawValue), relative(text))
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func sourceFile(_ path: String) throws -> SourceFile {
        let bytes = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        return SourceFile(path: relative(path), bytes: [UInt8](bytes))
    }

    @Test func everyCodeIsCounted() {
        // A listing that came back empty would make the test below run no case at all.
        #expect(DiagnosticCode.allCases.count >= 100)
        #expect(Set(DiagnosticCode.allCases.map(\.rawValue)).count == DiagnosticCode.allCases.count)
    }

    /// Every fixture is an example of a code, and every code but the unreachable ones has one.
    @Test func fixturesAreTheCodes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repository.path(Self.directory))
        try #require(!names.isEmpty, "no fixtures in \(Self.directory)")
        let codes = Set(DiagnosticCode.allCases.map(\.rawValue))
        for name in names {
            var stem = name
            for suffix in [".zh.expected", ".expected", ".policy"] where stem.hasSuffix(suffix) {
                stem.removeLast(suffix.count)
                break
            }
            #expect(codes.contains(stem), "\(name) in \(Self.directory) is the example of no diagnostic code")
        }
        let stems = Set(names.map { $0.replacingOccurrences(of: ".policy", with: "") })
        for code in DiagnosticCode.allCases where Self.unreachable[code] == nil {
            #expect(stems.contains(code.rawValue), "no fixture for \(code.rawValue)")
        }
        for code in Self.unreachable.keys {
            #expect(!stems.contains(code.rawValue), "\(code.rawValue) is listed as unreachable but has a fixture")
        }
    }

    @Test(arguments: DiagnosticCode.allCases)
    func golden(_ code: DiagnosticCode) throws {
        if let reason = Self.unreachable[code] {
            #expect(!reason.isEmpty)
            return
        }
        let base = Repository.path("\(Self.directory)/\(code.rawValue)")
        try #require(
            FileManager.default.fileExists(atPath: base + ".policy") || Self.isDirectory(base),
            "no fixture for \(code.rawValue): add \(Self.directory)/\(code.rawValue).policy (or a directory)")
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil
        for language in Language.allCases {
            let (codes, text) = try Self.rendered(code, in: language)
            #expect(codes.contains(code.rawValue), "the example of \(code.rawValue) gives \(codes) in \(language)")
            let goldenPath = base + (language == .en ? ".expected" : ".\(language.rawValue).expected")
            if record { try text.write(toFile: goldenPath, atomically: true, encoding: .utf8) }
            guard let golden = FileManager.default.contents(atPath: goldenPath).map({ String(decoding: $0, as: UTF8.self) })
            else {
                Issue.record("no golden \(goldenPath): record it with RECORD_GOLDENS=1")
                continue
            }
            #expect(text == golden, "the \(language) diagnostics of \(code.rawValue) changed:\n\(text)")
        }
    }
}
