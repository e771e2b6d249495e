// The formatter: canonical layout case by case, idempotence and losslessness on every policy and
// fixture of the repository, display widths, and `policy fmt` as a user runs it.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct FormatterTests {
    /// A file starts with its header; fragments are formatted after this one.
    private static let header = "policy 样例 {}\n"

    private func format(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let fragment = !text.contains("policy ")
        let (formatted, diagnostics) = Formatter.format(SourceFile(path: "t.policy", text: (fragment ? Self.header : "") + text))
        guard let formatted else {
            Issue.record(
                "does not format:\n\(DiagnosticRenderer(useColor: false).render(diagnostics))", sourceLocation: sourceLocation)
            return ""
        }
        guard fragment else { return formatted }
        #expect(formatted.hasPrefix(Self.header), sourceLocation: sourceLocation)
        return String(formatted.dropFirst(Self.header.count))
    }

    /// Every `.policy` file of the repository: the bundled policies, the grammar's examples and the fixtures.
    /// Every policy file of the repository, the test fixtures included; throws (failing the test
    /// that lists them) when a folder cannot be read or holds none.
    static func repositoryPolicyFiles() throws -> [String] {
        try Listing.paths(under: ["policies", "Grammar/examples", "Tests/PolicyLanguageTests/Fixtures"], endingWith: ".policy")
    }

    @Test(arguments: [
        // Spacing: one space between tokens, none inside brackets, units written together.
        (
            "rule 甲:yuan cite \"一\"=150 yuan / day*培训天数  at most(1000 yuan)\n",
            "rule 甲: yuan cite \"一\" = 150 yuan/day * 培训天数 at most (1000 yuan)\n"
        ),
        (
            "rule 乙: yuan cite \"一\" = 表 [ 级别 ] . 补贴 otherwise max( 1 yuan , -2 yuan )\n",
            "rule 乙: yuan cite \"一\" = 表[级别].补贴 otherwise max(1 yuan, -2 yuan)\n"
        ),
        ("rule 丙: yuan cite \"一\" = 80 % * 总额 - 3 yuan\n", "rule 丙: yuan cite \"一\" = 80% * 总额 - 3 yuan\n"),
        // Full-width forms copied from documents become their ASCII twins.
        ("rule 丁：yuan cite \"一\" ＝ ４０００ yuan × 人数\n", "rule 丁: yuan cite \"一\" = 4000 yuan * 人数\n"),
        // Indentation: a rule's body one step in, an if's branches one more, a require's else hanging.
        (
            "program 戊: yuan cite \"一\" =\nif 甲 then\nrequire 乙 else \"不\"\n1 yuan\nelse 2 yuan\n",
            "program 戊: yuan cite \"一\" =\n  if 甲 then\n    require 乙 else \"不\"\n    1 yuan\n  else 2 yuan\n"
        ),
        (
            "program 己: yuan cite \"一\" =\n        require 甲\n else \"不\"\n  1 yuan\n",
            "program 己: yuan cite \"一\" =\n  require 甲\n    else \"不\"\n  1 yuan\n"
        ),
        (
            "obligation 庚 cite \"一\" =\n甲 == 0 yuan\nelse \"不得收费\"\n",
            "obligation 庚 cite \"一\" =\n  甲 == 0 yuan\n    else \"不得收费\"\n"
        ),
        // Arms line up on their arrows, blocks close where they opened.
        (
            "rule 辛: yuan cite \"一\" =\n marginal 天数 {\nup to 10 days => 150 yuan/day\n   above 10 days=>100 yuan/day\n        } at most 4000 yuan\n",
            "rule 辛: yuan cite \"一\" =\n  marginal 天数 {\n    up to 10 days => 150 yuan/day\n    above 10 days => 100 yuan/day\n  } at most 4000 yuan\n"
        ),
        // Table columns line up by display width: a Chinese character is two columns.
        (
            "table 壬 by 级别 cite \"一\" {\n级别|补贴\n初级工|300 yuan\n高级|600 yuan\n}\n",
            "table 壬 by 级别 cite \"一\" {\n  级别   | 补贴\n  初级工 | 300 yuan\n  高级   | 600 yuan\n}\n"
        ),
        // Header keywords line up; comments stay where they were, indented with the code they precede.
        (
            "policy 甲 {\ntitle \"t\"\n    // 期限\nin force 2022-01-01 to 2022-12-31 // 全年\n}\n",
            "policy 甲 {\n  title    \"t\"\n  // 期限\n  in force 2022-01-01 to 2022-12-31 // 全年\n}\n"
        ),
        // Runs of blank lines become one; trailing spaces, CRLF and blank lines at the ends go.
        ("\n\npolicy 甲 {}   \r\n\r\n\r\n\ninput 乙: days\n\n\n", "policy 甲 {}\n\ninput 乙: days\n"),
        // Enum cases one per line stay so; tests indent their given and expect lines.
        (
            "enum 级别 {\n初级\n  高级\n}\ntest \"t\" {\ngiven 甲 = 1 days,\n乙 = 2 days\n   expect 丙 refused \"不\"\n}\n",
            "enum 级别 {\n  初级\n  高级\n}\ntest \"t\" {\n  given 甲 = 1 days,\n    乙 = 2 days\n  expect 丙 refused \"不\"\n}\n"
        ),
        // A limit's clauses and a date function.
        (
            "limit 甲 cite \"一\" {\nfor 乙 , 丙\nper 身份证号,year( claim date )\nat most 3 claims }\n",
            "limit 甲 cite \"一\" {\n  for 乙, 丙\n  per 身份证号, year(claim date)\n  at most 3 claims }\n"
        ),
    ])
    func layout(input: String, expected: String) {
        #expect(format(input) == expected)
        #expect(format(expected) == expected)
    }

    @Test func theBundledPoliciesAndExamplesAreFormatted() throws {
        for path in try Self.repositoryPolicyFiles() where !path.hasPrefix("Tests") {
            let text = try Repository.read(path)
            let formatted = Formatter.format(SourceFile(path: path, text: text)).text
            #expect(formatted == text, "\(path) is not formatted: run policy fmt \(path)")
        }
    }

    @Test func formattingIsIdempotentAndLosslessOnEveryFile() throws {
        let paths = try Self.repositoryPolicyFiles()
        #expect(paths.count >= 14)
        var formattedCount = 0
        for path in paths {
            let original = SourceFile(path: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: Repository.path(path)))))
            guard let once = Formatter.format(original).text else {
                // Only the fixtures of syntax errors (and the examples of diagnostic codes) may
                // refuse, and they must say why.
                #expect(
                    path.contains("Fixtures/diagnostics") || path.contains("Fixtures/codes"), "\(path) does not format")
                #expect(Formatter.format(original).diagnostics.hasErrors)
                continue
            }
            formattedCount += 1
            let twice = Formatter.format(SourceFile(path: path, text: once)).text
            #expect(twice == once, "formatting \(path) twice changes it")
            let before = Lexer.tokenize(original)
            let after = Lexer.tokenize(SourceFile(path: path, text: once))
            #expect(before.tokens.map(\.kind) == after.tokens.map(\.kind), "formatting \(path) changes its tokens")
            #expect(before.comments.map(\.text) == after.comments.map(\.text), "formatting \(path) changes its comments")
        }
        #expect(formattedCount >= 12)
    }

    @Test func aFileWithSyntaxErrorsIsLeftAlone() {
        let (text, diagnostics) = Formatter.format(SourceFile(path: "t.policy", text: Self.header + "rule 甲: yuan = (1 yuan\n"))
        #expect(text == nil)
        #expect(diagnostics.filter(\.isError).map(\.code.rawValue) == ["syntax"])
    }

    // MARK: The safety net

    /// What `verify` says of a formatted text made from `original`: nil when it reads back alike.
    private func verify(_ formatted: String, from original: String) -> Diagnostic? {
        let source = SourceFile(path: "t.policy", text: original)
        return Formatter.verify(formatted, against: Lexer.tokenize(source), of: source)
    }

    private static let original = """
        policy 甲 {}
        input 乙: days
        // 五(二)
        table 丙 by 级别 cite "一" {
          级别 | 补贴
          初级 | 1 yuan
          高级 | 2 yuan
        }

        """

    @Test func aTextThatDoesNotReadBackAsItsTokensIsRefused() throws {
        let original = Self.original
        #expect(verify(original, from: original) == nil)
        // A unit's singular for its plural reads alike, and so do spaces, as a conversion writes them.
        #expect(verify(original.replacingOccurrences(of: ": days", with: ":day"), from: original) == nil)
        #expect(verify(original.replacingOccurrences(of: "// 五(二)", with: "// 五(二)   "), from: original) == nil)

        let changes: [(String, String, String)] = [
            ("input 乙: days", "input 乙: hours", "2:10"),  // a token
            ("初级 | 1 yuan\n  高级", "初级 | 1 yuan 高级", "7:3"),  // two rows made one line
            ("// 五(二)\n", "", "3:1"),  // a comment lost
            ("// 五(二)", "// 五(三)", "3:1"),  // a comment changed
            ("  高级 | 2 yuan\n}\n", "  高级 | 2 yuan\n}\n}\n", "9:1"),  // a token added at the end
        ]
        for (old, new, place) in changes {
            let changed = original.replacingOccurrences(of: old, with: new)
            #expect(changed != original)
            let refusal = try #require(verify(changed, from: original), "\(new)")
            #expect(refusal.code == .formatMismatch)
            #expect(refusal.isError)
            #expect("\(refusal.location!)" == place, "\(new)")
        }
        let refusal = try #require(verify(original.replacingOccurrences(of: "days", with: "hours"), from: original))
        #expect(
            DiagnosticRenderer(useColor: false).render(refusal) == """
                t.policy:2:10: error: formatting would change what this file says here, so it is not formatted [format-mismatch]
                  |
                2 | input 乙: days
                  |           ^~~~
                  = hint: this is a fault of policy fmt: please report it with the file

                """)
        #expect(refusal.message.chinese == "整理格式会改变本文件此处的内容，因此不予整理")
        #expect(refusal.hint?.chinese == "这是 policy fmt 的缺陷，请连同此文件一并报告")
    }

    @Test(arguments: [
        ("ab", 2), ("陵川县", 6), ("４０００元", 10), ("〔2022〕", 8), ("e\u{301}", 1), ("か\u{3099}", 2), ("", 0),
    ])
    func displayWidth(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    /// The renderer measures a line's bytes, its ASCII byte by byte, as the characters they
    /// decode to: a tab four columns, an ideograph two, a mark none, a byte that is not UTF-8
    /// one (as the replacement character it is shown as).
    @Test(arguments: [
        Array("rule 甲: yuan".utf8), Array("\ta\t".utf8), Array("陵川县 e\u{301} か\u{3099}".utf8),
        [0x61, 0xFF, 0xE9, 0x99, 0x62, 0x09],
        [0xE9, 0x99, 0xB5, 0x80, 0x41], [],
    ])
    func theRendererMeasuresBytesAsTheirCharacters(bytes: [UInt8]) {
        let scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars
        let expected = scalars.reduce(0) { $0 + ($1 == "\t" ? 4 : DisplayWidth.of($1)) }
        #expect(DiagnosticRenderer.displayWidth(of: bytes[...]) == expected)
        // A slice of a line, as the renderer measures one, starts where it starts.
        #expect(DiagnosticRenderer.displayWidth(of: (Array("x\t".utf8) + bytes).dropFirst(2)) == expected)
    }

    /// Random bytes, mostly not UTF-8, measure as the String they decode to, and a String as its
    /// characters: the renderer decodes bytes itself, with no String made, and reads runs of
    /// ASCII eight bytes at a time (the runs here are long enough, with tabs and control
    /// characters in them, at every offset). Of a long line, the characters shown in a window of
    /// columns are those of the decoded line, each tab four spaces and each control character its
    /// picture, that start in the window; and no line is wider than its bytes and three more
    /// columns for each tab.
    @Test func randomBytesMeasureAsTheirDecodedText() {
        var generator = SplitMix(seed: 11)
        let pieces: [[UInt8]] = [
            [0x61], [0x09], [0xFF], [0x80], [0xE9], [0x99], [0xB5], [0xF0, 0x9F], Array("陵".utf8), Array("é".utf8),
            Array("abcdefghij".utf8), Array("a\tb c\t\td".utf8), [0x00], [0x1B], [0x7F], [0x1F, 0x20], [0x89],
        ]
        for _ in 0..<3000 {
            let bytes = (0..<generator.next(below: 24)).flatMap { _ in pieces[generator.next(below: pieces.count)] }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = text.unicodeScalars.reduce(0) { $0 + ($1 == "\t" ? 4 : DisplayWidth.of($1)) }
            #expect(DiagnosticRenderer.displayWidth(of: bytes[...]) == expected, "\(bytes)")
            #expect(DiagnosticRenderer.displayWidth(of: text) == expected, "\(bytes)")
            let control = bytes.contains { $0 < 0x20 || $0 == 0x7F }
            #expect(DiagnosticRenderer.hasControlCharacter(bytes[...]) == control, "\(bytes)")

            // Each character as a terminal shows it, and the column it starts at.
            var shown: [(scalar: Unicode.Scalar, column: Int)] = []
            var column = 0
            for scalar in text.unicodeScalars {
                let pictures: [Unicode.Scalar] =
                    switch scalar.value {
                    case 0x09: [" ", " ", " ", " "]
                    case 0..<0x20: [Unicode.Scalar(0x2400 + scalar.value)!]
                    case 0x7F: ["\u{2421}"]
                    default: [scalar]
                    }
                for picture in pictures {
                    shown.append((picture, column))
                    column += DisplayWidth.of(picture)
                }
            }
            #expect(DiagnosticRenderer.printable(bytes[...]) == String(String.UnicodeScalarView(shown.map(\.scalar))))
            let start = generator.next(below: expected + 2)
            let window = start..<(start + generator.next(below: 12))
            let inWindow = String(String.UnicodeScalarView(shown.filter { window.contains($0.column) }.map(\.scalar)))
            #expect(DiagnosticRenderer.printable(bytes[...], columns: window) == inWindow, "\(bytes) \(window)")
            let tabs = bytes.filter { $0 == 0x09 }.count
            let bound = DiagnosticRenderer.widthBound(bytes[...])
            #expect(bound == bytes.count + 3 * tabs && expected <= bound, "\(bytes)")
        }
    }

    // MARK: The command

    private func run(_ arguments: [String], input: String = "") -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8))
        return (PolicyCommandLine.run(arguments, console: console), console)
    }

    @Test func fmtCheckListsWhatWouldChangeAndFmtRewritesIt() throws {
        let directory = try copyOfPolicies(editing: [
            "lingchuan-2020.policy": {
                $0.replacingOccurrences(of: "  棋源叉车工 | 20 天    | 3500 元", with: "棋源叉车工|20 天|3500 元")
            }
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("lingchuan-2020.policy").path
        let edited = try String(contentsOfFile: file, encoding: .utf8)

        let (checkCode, check) = run(["fmt", "--check", directory.path])
        #expect(checkCode == .invalidClaim)
        #expect(check.output == "would reformat \(file)\n")
        #expect(check.errors == "1 file would be reformatted, 4 files already formatted\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == edited)

        let (code, console) = run(["fmt", directory.path])
        #expect(code == .success)
        #expect(console.output == "formatted \(file)\n")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == Repository.read("policies/lingchuan-2020.policy"))
        #expect(run(["fmt", "--check", directory.path]).0 == .success)
    }

    @Test func fmtReadsStandardInputAndRefusesBrokenFiles() {
        let (code, console) = run(["fmt", "-"], input: Self.header + "input 甲:days\n")
        #expect(code == .success)
        #expect(console.output == Self.header + "input 甲: days\n")

        let (brokenCode, broken) = run(["fmt", "-"], input: Self.header + "input 甲 days\n")
        #expect(brokenCode == .invalidPolicy)
        #expect(broken.output.isEmpty)
        #expect(broken.errors.contains("<stdin>:2:9: error: expected ':' and the input's type"))

        let (missingCode, missing) = run(["fmt", "no-such-directory"])
        #expect(missingCode == .usage)
        #expect(missing.errors.contains("there is no file or directory no-such-directory"))
    }
}
