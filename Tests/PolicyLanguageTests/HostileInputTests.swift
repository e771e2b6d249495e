// A catalogue of bad input, as a user meets it: each entry is given to the command line as a
// file, and must get its exact message and documented exit code, never a crash, a hang, a
// silent zero or a lost line. Policies come from many hands and claims from many systems.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

/// One bad input: the files it is made of, the command given them, and what the user must see.
struct HostileInput: Sendable, CustomTestStringConvertible {
    let name: String
    /// Policy files of a fresh directory, by name; with `bundled`, added to a copy of the bundled ones.
    var policies: [String: [UInt8]] = [:]
    var bundled = false
    /// The claim or batch file, `$FILE` in the arguments.
    var file: [UInt8] = []
    var fileName = "claim.json"
    /// `$POLICIES` is the policy directory, `$FILE` the file.
    let arguments: [String]
    let exit: ExitCode
    /// What the output or the error stream must say.
    let message: String

    var testDescription: String { name }
}

/// A header for the policies of the catalogue.
private func policy(
    _ name: String = "甲", period: String = "2022-01-01 to 2022-12-31", extends parent: String? = nil, body: String = ""
)
    -> [UInt8]
{
    Array(
        """
        policy \(name) {
          title "\(name)"
          document "测试〔2022〕1号"
          jurisdiction 山西省/测试市
          \(parent.map { "extends \($0)" } ?? "")
          in force \(period)
        }
        input 天数: days
        program 补贴: yuan cite "一" = 100 yuan/day * 天数
        \(body)
        """.utf8)
}

private let forklift: [UInt8] = Array(((try? Repository.read("examples/forklift.json")) ?? "").utf8)
private let check = ["check", "$POLICIES"]
private let evaluate = ["eval", "$FILE", "--policies", "$POLICIES"]
private let batch = ["run", "$FILE", "--policies", "$POLICIES"]
private let csvHeader = "id,date,jurisdiction,program,劳务品牌,培训天数,就业率\n"
private let identityHeader = "id,date,jurisdiction,program,身份证号,培训工种,培训等级,培训天数,就业群体\n"

private let catalogue: [HostileInput] = [
    // Policies.
    HostileInput(
        name: "policy with invalid UTF-8",
        policies: ["x.policy": policy() + Array("input 名".utf8) + [0xFF] + Array(": days\n".utf8)],
        arguments: check, exit: .invalidPolicy, message: "x.policy:10:8: error: this byte (0xFF) is not UTF-8 text [invalid-utf8]"
    ),
    HostileInput(
        name: "policy with a byte-order mark", policies: ["x.policy": [0xEF, 0xBB, 0xBF] + policy()], arguments: check,
        exit: .success, message: "checked 1 policy: no errors"),
    HostileInput(
        name: "policy with a NUL byte", policies: ["x.policy": policy() + Array("input 名".utf8) + [0] + Array(": days\n".utf8)],
        arguments: check, exit: .invalidPolicy, message: "error: the control character U+0000 is not part of the language"),
    HostileInput(
        name: "policy with CRLF line ends",
        policies: [
            "x.policy": Array(String(decoding: policy(), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        ],
        arguments: check, exit: .success, message: "checked 1 policy: no errors"),
    HostileInput(
        name: "policy with CR-only line ends",
        policies: [
            "x.policy": Array(
                String(decoding: policy(body: "// 第五条\nrule 坏: yuan = 1 yuan + 天数"), as: UTF8.self)
                    .replacingOccurrences(of: "\n", with: "\r").utf8)
        ],
        arguments: check, exit: .invalidPolicy, message: "x.policy:11:25: error: cannot add yuan and days [unit-mismatch]"),
    HostileInput(
        name: "an empty policy file", policies: ["x.policy": []], arguments: check, exit: .invalidPolicy,
        message: "x.policy:1:1: error: this policy file has no policy in it [empty-file]"),
    HostileInput(
        name: "a 10 MB line of a policy",
        policies: ["x.policy": policy() + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)],
        arguments: check, exit: .invalidPolicy,
        message: "found the name aaaaaaaaaaaaaaaaaaaa…aaaaaaaaaaaaaaaaaaaa (10,000,000 characters) [syntax]"),
    HostileInput(
        name: "a 10 MB comment",
        policies: ["x.policy": policy() + Array("// ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)],
        arguments: check, exit: .success, message: "checked 1 policy: no errors"),
    HostileInput(
        name: "10,000 nested parentheses",
        policies: [
            "x.policy": policy(
                body: "program 深: yuan cite \"一\" = " + String(repeating: "(", count: 10_000) + "1 yuan"
                    + String(repeating: ")", count: 10_000))
        ],
        arguments: check, exit: .invalidPolicy,
        message: "error: this expression is nested more than 250 levels deep [nested-too-deeply]"),
    HostileInput(
        name: "a number too large for the decimal type",
        policies: ["x.policy": policy(body: "program 大: yuan cite \"一\" = 1234567890123456789 yuan")], arguments: check,
        exit: .invalidPolicy,
        message: "error: this number has more than 18 significant digits [number-too-large]"),
    HostileInput(
        name: "an amount that overflows when evaluated",
        policies: ["x.policy": policy(body: "program 大: yuan cite \"一\" = 999999999999999999 yuan/day * 天数")],
        file: Array(
            #"{"id":"A","date":"2022-05-01","jurisdiction":"山西省/测试市","program":"大","facts":{"天数":999999999999999999}}"#.utf8),
        arguments: evaluate, exit: .invalidClaim, message: "problem     a result has more than 18 significant digits"),
    HostileInput(
        name: "a policy in force until 2022-02-30", policies: ["x.policy": policy(period: "2022-01-01 to 2022-02-30")],
        arguments: check,
        exit: .invalidPolicy, message: "error: this is not a date: 2022-02 has 28 days [invalid-date]"),
    HostileInput(
        name: "a cycle of extends",
        policies: [
            "a.policy": policy("甲", extends: "乙"), "b.policy": policy("乙", period: "2023-01-01 to 2023-12-31", extends: "甲"),
        ],
        arguments: check, exit: .invalidPolicy,
        message: "error: these policies extend or succeed each other in a circle: 甲 → 乙 → 甲 [extends-cycle]"),
    HostileInput(
        name: "a policy extending a missing one", policies: ["a.policy": policy(extends: "丙")], arguments: check,
        exit: .invalidPolicy,
        message: "error: this policy extends 丙, but no policy of that name is loaded [unknown-parent]"),
    HostileInput(
        name: "two policies for one jurisdiction and period", policies: ["a.policy": policy("甲"), "b.policy": policy("乙")],
        arguments: check, exit: .invalidPolicy,
        message: "error: 乙 and 甲 both take force for 山西省/测试市 on 2022-01-01 and both define 补贴 [ambiguous-policies]"),
    HostileInput(
        name: "a policy directory that does not exist", arguments: ["check", "$POLICIES/missing"], exit: .usage,
        message: "missing [no-such-path]"),

    // Claims.
    HostileInput(
        name: "claim with invalid UTF-8", bundled: true, file: forklift.replacing(Array("棋源".utf8), with: [0xFF, 0xFE]),
        arguments: evaluate, exit: .invalidClaim, message: "this byte is not UTF-8 text"),
    HostileInput(
        name: "claim with a byte-order mark", bundled: true, file: [0xEF, 0xBB, 0xBF] + forklift, arguments: evaluate,
        exit: .success,
        message: "LC-2021-0001  granted  3500 yuan"),
    HostileInput(
        name: "claim with a NUL byte", bundled: true, file: forklift.replacing(Array("LC-".utf8), with: Array("LC".utf8) + [0]),
        arguments: evaluate, exit: .invalidClaim,
        message: "a control character (such as a line break) inside text must be escaped"),
    HostileInput(
        name: "claim with CRLF line ends", bundled: true,
        file: Array(String(decoding: forklift, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8),
        arguments: evaluate,
        exit: .success, message: "LC-2021-0001  granted  3500 yuan"),
    HostileInput(
        name: "an empty claim file", bundled: true, arguments: evaluate, exit: .invalidClaim,
        message: "the input is empty; expected a JSON object"),
    HostileInput(
        name: "a claim file that does not exist", bundled: true,
        arguments: ["eval", "$POLICIES/missing.json", "--policies", "$POLICIES"],
        exit: .usage, message: "error: cannot read the claim file"),
    HostileInput(
        name: "a batch file that does not exist", bundled: true,
        arguments: ["run", "$POLICIES/missing.csv", "--policies", "$POLICIES"],
        exit: .usage, message: "error: cannot read the claims file"),
    HostileInput(
        name: "a claim on one 10 MB line", bundled: true,
        file: Array(#"{"id":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
            + Array(
                #"","date":"2021-05-20","jurisdiction":"陵川县","program":"品牌培训补贴","facts":{"劳务品牌":"棋源叉车工","培训天数":20,"就业率":"85%","身份证号":"140524199203150018","培训工种":"叉车","培训等级":"初级"}}"#
                    .utf8)
            + [10],
        fileName: "claims.jsonl", arguments: batch + ["--max-record-bytes", "20000000"], exit: .success,
        message: "claims read 1 = granted 1 + refused 0 + invalid 0"),
    HostileInput(
        name: "a claim longer than the limit on a record", bundled: true,
        file: Array(#"{"id":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2_000_000) + Array(#""}"#.utf8) + [10]
            + forklift.filter { $0 != 10 } + [10],
        fileName: "claims.jsonl", arguments: batch, exit: .invalidClaim,
        message:
            "line 1: the record is longer than 1048576 bytes (2000009 bytes); it is not read (--max-record-bytes allows longer)"),
    HostileInput(
        name: "a claim nested 10,000 deep", bundled: true,
        file: [UInt8](repeating: UInt8(ascii: "["), count: 10_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 10_000),
        arguments: evaluate, exit: .invalidClaim, message: "the JSON is nested more than 200 levels deep"),
    HostileInput(
        name: "a fact too large for the decimal type", bundled: true,
        file: forklift.replacing(Array(#""培训天数": 20"#.utf8), with: Array(#""培训天数": 123456789012345678901234567890"#.utf8)),
        arguments: evaluate, exit: .invalidClaim, message: "123456789012345678901234567890 has more than 18 significant digits"),
    HostileInput(
        name: "a claim dated 2022-02-30", bundled: true,
        file: forklift.replacing(Array("2021-05-20".utf8), with: Array("2022-02-30".utf8)),
        arguments: evaluate, exit: .invalidClaim, message: "the claim's date 2022-02-30 is not a day: 2022-02 has 28 days"),
    HostileInput(
        name: "a claim with a duplicate key", bundled: true,
        file: forklift.replacing(Array(#""id": "LC-2021-0001","#.utf8), with: Array(#""id": "LC-2021-0001", "id": "X","#.utf8)),
        arguments: evaluate, exit: .invalidClaim, message: #"the key "id" appears twice in this object"#),
    HostileInput(
        name: "an identity number given as a JSON number", bundled: true,
        file: forklift.replacing(Array(#""140524199203150018""#.utf8), with: Array("140524199203150018".utf8)),
        arguments: evaluate, exit: .invalidClaim,
        message:
            "the fact 身份证号 is the number 140524199203150018: give it as text, in quotes, since a number this long loses digits"),
    HostileInput(
        name: "an identity number with a wrong check character", bundled: true,
        file: forklift.replacing(Array("140524199203150018".utf8), with: Array("140524199203150017".utf8)),
        arguments: evaluate, exit: .invalidClaim,
        message: "the fact 身份证号 is 140524199203150017, but its check character should be 8, so a digit"),
    HostileInput(
        name: "an identity number a spreadsheet wrote in scientific notation", bundled: true,
        file: Array((identityHeader + "A,2021-05-20,陵川县,普惠制培训补贴,1.40524199203150E+17,电工,初级,5,退役军人\n").utf8),
        fileName: "claims.csv", arguments: batch, exit: .invalidClaim,
        message: "the fact 身份证号 is 1.40524199203150E+17, but it is a number in scientific notation, which has lost digits"),
    HostileInput(
        name: "an identity number of 10 MB", bundled: true,
        file: Array((identityHeader + "A,2021-05-20,陵川县,普惠制培训补贴,").utf8)
            + [UInt8](repeating: UInt8(ascii: "1"), count: 10_000_000)
            + Array(",电工,初级,5,退役军人\n".utf8),
        fileName: "claims.csv", arguments: batch + ["--max-record-bytes", "20000000"], exit: .invalidClaim,
        message: "(10,000,000 characters), but it has 10000000 characters, not 18"),
    HostileInput(
        name: "a CSV missing a column", bundled: true,
        file: Array("id,date,jurisdiction,program,劳务品牌,培训天数\nA,2021-05-20,陵川县,品牌培训补贴,棋源叉车工,20\n".utf8), fileName: "claims.csv",
        arguments: batch, exit: .invalidClaim, message: "the claim does not give the fact 就业率 (percent), which this program needs"
    ),
    HostileInput(
        name: "a CSV with a ragged row", bundled: true,
        file: Array((csvHeader + "A,2021-05-20,陵川县,品牌培训补贴,棋源叉车工,20\nB,2021-05-20,陵川县,品牌培训补贴,棋源叉车工,20,85%\n").utf8),
        fileName: "claims.csv", arguments: batch, exit: .invalidClaim, message: "line 2: the row has 6 fields, the header has 7"),
    HostileInput(
        name: "a CSV with an unterminated quote", bundled: true,
        file: Array((csvHeader + "A,2021-05-20,陵川县,\"品牌培训补贴,棋源叉车工,20,85%\nB,2021-05-20,陵川县,品牌培训补贴,棋源叉车工,20,85%\n").utf8),
        fileName: "claims.csv", arguments: batch, exit: .invalidClaim,
        message:
            "line 2: a quoted field opens on this line and is not closed before the end of the file; the lines after this one are read on their own"
    ),
]

@Suite struct HostileInputTests {
    @Test(arguments: catalogue)
    func badInputGetsItsMessageAndExitCode(_ input: HostileInput) throws {
        let directory = input.bundled ? try copyOfPolicies() : try emptyDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in input.policies {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        let file = directory.appendingPathComponent(input.fileName)
        try Data(input.file).write(to: file)
        let arguments = input.arguments.map {
            $0.replacingOccurrences(of: "$POLICIES", with: directory.path).replacingOccurrences(of: "$FILE", with: file.path)
        }
        let console = Console()
        let code = PolicyCommandLine.run(arguments, console: console)
        let said = console.output + console.errors
        #expect(code == input.exit, "\(said.prefix(2000))")
        #expect(said.contains(input.message), "\(said.prefix(2000))")
        // However large the input, what the user is told stays readable.
        #expect(console.errors.utf8.count < 20_000)
        // A batch accounts for every line it was given.
        if input.fileName.hasSuffix(".csv") {
            let lines = input.file.split(separator: 10).count - 1
            #expect(console.errors.contains("claims read \(lines) ="), "\(console.errors)")
            #expect(console.output.split(separator: "\n").count == lines + 1)
        }
    }

    /// The claims above are made by changing the bundled forklift claim; were it not read, or
    /// no longer held what they replace, they would test an empty file or the claim unchanged.
    @Test func theForkliftClaimHoldsWhatTheHostileClaimsChange() throws {
        #expect(forklift == Array(try Repository.read("examples/forklift.json").utf8))
        let text = String(decoding: forklift, as: UTF8.self)
        for part in ["棋源", "LC-", #""培训天数": 20"#, "2021-05-20", #""id": "LC-2021-0001","#, #""140524199203150018""#] {
            #expect(text.contains(part), "examples/forklift.json no longer holds \(part)")
        }
    }

    /// Five thousand stray characters on one 100 KB line: each is an error at its own column, and
    /// each is shown with a window of the line around it, its caret under it. (Each once
    /// measured the whole line, twice over: a 480 KB line of them took minutes to check.)
    @Test func manyErrorsOnOneLongLineAreEachShownAtTheirPlace() throws {
        let unit = "rule 甲: yuan = 1 yuan @ "
        let file = SourceFile(path: "x.policy", bytes: policy() + Array(String(repeating: unit, count: 5_000).utf8))
        let stray = Lexer.tokenize(file).diagnostics.filter { $0.code == .unexpectedCharacter }
        #expect(stray.count == 5_000)
        let line = try #require(stray.first?.location?.line)
        let unitColumns = unit.unicodeScalars.count
        for (index, diagnostic) in stray.enumerated() where index % 997 == 0 {
            let location = try #require(diagnostic.location)
            #expect(location == SourceLocation(line: line, column: index * unitColumns + unitColumns - 1))
            let rendered = DiagnosticRenderer(useColor: false).render(diagnostic).split(separator: "\n").map(String.init)
            let code = try #require(rendered.first { $0.hasPrefix("\(line) | ") })
            let underline = try #require(rendered.first { $0.contains("^") })
            // Columns: every character of the line is one wide but 甲, which is two.
            func width(_ text: Substring) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1 == "甲" ? 2 : 1) } }
            let caret = width(underline.prefix { $0 != "^" })
            let shown = code.dropFirst("\(line) | ".count)
            #expect(shown.hasPrefix(index == 0 ? "rule" : "…") && shown.hasSuffix("…"), "\(code)")
            #expect(width(shown) <= DiagnosticRenderer.widestLine + 2)
            var column = "\(line) | ".count
            var at = shown.startIndex
            while column < caret, at < shown.endIndex {
                column += width(shown[at...at])
                at = shown.index(after: at)
            }
            #expect(column == caret && at < shown.endIndex && shown[at] == "@", "\(code)\n\(underline)")
        }
    }

    /// A column far along a long line, counted from the checkpoint before it, is the column
    /// counted from the start of the line.
    @Test func columnsFarAlongALongLineAreCountedRight() {
        let text = "第一行\n" + String(repeating: "ab甲乙\u{1F600}", count: 30_000) + "\n末行"
        let file = SourceFile(path: "x.policy", text: text)
        let bytes = Array(text.utf8)
        for offset in stride(from: 0, to: bytes.count, by: 4_093) + [bytes.count - 1, bytes.count] {
            let lineStart = bytes[..<offset].lastIndex(of: 10).map { $0 + 1 } ?? 0
            let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
            #expect(file.location(of: offset).column == column, "at \(offset)")
        }
    }

    /// A long line is cut to the bytes around a diagnostic's span before it is measured; if what
    /// is kept is narrow (2,000 combining accents, of no width, before a stray character), the
    /// line is still shown as cut, not as if it were whole.
    @Test func aCutLineOfCharactersOfNoWidthIsShownAsCut() throws {
        let file = SourceFile(
            path: "x.policy", bytes: policy() + Array(("rule " + String(repeating: "\u{301}", count: 2_000) + "@ x").utf8))
        let stray = try #require(
            Lexer.tokenize(file).diagnostics.first { $0.range.map { file.text(of: $0) } == "@" })
        let rendered = DiagnosticRenderer(useColor: false).render(stray).split(separator: "\n")
        let line = try #require(stray.location?.line)
        let code = try #require(rendered.first { $0.hasPrefix("\(line) | ") })
        // Scalars, not characters: the accents join the `…` into one character.
        #expect(code.unicodeScalars.starts(with: "\(line) | …".unicodeScalars) && code.hasSuffix("@ x"))
        let underline = try #require(rendered.first { $0.contains("^") })
        #expect(underline.hasSuffix("^"))
    }

    /// An error at the end of the file, after a line wider than a snippet: its caret is shown
    /// just past the line's last character, in the window (it once fell outside it).
    @Test func anErrorAtTheEndOfALongLineHasItsCaret() throws {
        let file = SourceFile(
            path: "x.policy", bytes: policy() + Array(("rule 甲: yuan = " + String(repeating: "1 + ", count: 60)).utf8))
        let diagnostics = Parser.parse(file).1
        let end = try #require(diagnostics.first { $0.range?.start == file.bytes.count })
        let rendered = DiagnosticRenderer(useColor: false).render(end).split(separator: "\n")
        let line = try #require(end.location?.line)
        let code = try #require(rendered.first { $0.hasPrefix("\(line) | ") })
        let underline = try #require(
            rendered.first { $0.hasPrefix(String(repeating: " ", count: "\(line)".count) + " | ") && $0 != rendered[1] })
        #expect(code.hasPrefix("\(line) | …") && code.hasSuffix("1 + "))
        #expect(underline.hasSuffix("^") && underline.count == code.count + 1, "\(rendered)")
    }

    /// Characters are counted eight bytes at a time as one by one: random bytes, most not UTF-8,
    /// every length to 40 and from every start, so each byte is met in each place of a word.
    @Test func charactersCountedEightBytesAtATimeAsOneByOne() {
        var generator = SplitMix(seed: 5)
        let pool: [UInt8] = [0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE4, 0xF0, 0xFF, 0x0A]
        let bytes = (0..<4096).map { _ in pool[generator.next(below: pool.count)] }
        for start in 0..<16 {
            for length in 0...40 {
                let slice = bytes[start..<start + length]
                #expect(SourceFile.scalarCount(slice) == slice.filter { $0 & 0xC0 != 0x80 }.count, "\(Array(slice))")
            }
        }
        #expect(SourceFile.scalarCount(bytes[...]) == bytes.filter { $0 & 0xC0 != 0x80 }.count)
    }

    /// A warning quoting a 10 MB name quotes its ends and its length, in either language.
    @Test func aTenMegabyteNameIsQuotedShort() throws {
        let name = "甲" + String(repeating: "a", count: 10_485_758) + "乙"
        let library = PolicyLibrary.load(sources: [
            SourceFile(path: "x.policy", bytes: policy() + Array("input \(name): days\n".utf8))
        ])
        #expect(!library.hasErrors)
        let warning = try #require(Analyzer.review(library).first { $0.code == .unusedInput })
        let ends = "甲" + String(repeating: "a", count: 19) + "…" + String(repeating: "a", count: 19) + "乙"
        #expect(warning.message.english == "nothing uses the input \(ends) (10,485,760 characters)")
        #expect(warning.message.english.count == 88)
        let chinese = Messages.unusedDeclaration(warning.file!, warning.range!, what: "input", name).message.chinese
        #expect(chinese == "输入\(ends)（共10,485,760个字符）未被使用")
        #expect(chinese.count == 63)
    }

    /// Long names in many kinds of message, with their hints, notes and lists: each is quoted by its ends.
    @Test func everyMessageQuotesALongNameShort() {
        let long = (1...3).map { "名\($0)" + String(repeating: "长", count: 500) }
        let (_, diagnostics) = check(
            """
            enum 级别 {
              \(long[0])
              初级
            }
            input \(long[1]): days
            input \(long[1]): days
            rule 甲: days = \(long[2])
            rule 乙: bool = 级别.\(long[2]) == 级别.初级
            rule 己: bool = 级别.X == 级别.初级
            rule 丙: days = 丁
            rule 丁: days = 丙
            table 表 by 级别 cite "一" {
              级别 | 补贴
              初级 | 1 yuan
            }
            rule 戊: yuan = 表[级别.初级].\(long[2])
            """)
        #expect(
            Set(diagnostics.map(\.code.rawValue)) == [
                "duplicate-name", "unknown-name", "unknown-case", "cycle", "unknown-column", "missing-citation",
            ])
        for diagnostic in diagnostics {
            let phrases = [diagnostic.message] + diagnostic.notes + [diagnostic.hint ?? .empty] + diagnostic.labels.map(\.text)
            let said = phrases.flatMap { [$0.english, $0.chinese] }
            #expect(said.allSatisfy { $0.count < 200 }, "\(said)")
            #expect(!long.contains { name in said.contains { $0.contains(name) } }, "\(said)")
        }
        let ends = "名1\(String(repeating: "长", count: 18))…\(String(repeating: "长", count: 20)) (502 characters)"
        #expect(
            diagnostics.filter { $0.code == .unknownCase }.map(\.hint?.english) == [
                "did you mean '\(ends)'?", "the cases of 级别 are '\(ends)', '初级'",
            ])
    }

    private func emptyDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

extension [UInt8] {
    /// The bytes with the first occurrence of `pattern` replaced, for making a bad file from a good one.
    fileprivate func replacing(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let start = indices.first(where: { self[$0...].starts(with: pattern) }) else { return self }
        return Array(self[..<start]) + replacement + Array(self[(start + pattern.count)...])
    }
}
