// The two keyword sets: every keyword has its Chinese twin, a file is read in the set its first
// word chooses, a policy and its translation parse to the same tree, `policy fmt --keywords`
// converts both ways without losing a byte, and numbers and dates are read as staff type them.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct KeywordSetTests {
    @Test func everyKeywordHasAChineseTwinAndEveryChineseWordReadsBack() {
        for keyword in Keyword.allCases {
            let chinese = KeywordSet.chinese[keyword]
            #expect(chinese != nil, "\(keyword) has no Chinese twin")
            guard let chinese else { continue }
            let read = KeywordSet.zh.keywords(for: chinese) ?? []
            // Singular and plural units share a word, which reads as the singular.
            #expect(read == [keyword] || (read.count == 1 && keyword.rawValue.hasPrefix(read[0].rawValue)), "\(chinese)")
            // A twin is a whole word of the language: letters only, so it cannot glue to a name.
            #expect(chinese.unicodeScalars.allSatisfy { Lexer.isIdentifierContinue($0) }, "\(chinese)")
        }
        for phrase in KeywordSet.phrases {
            #expect(KeywordSet.zh.keywords(for: phrase.chinese) == phrase.words)
            #expect(KeywordSet.chinese.values.contains(phrase.chinese) == false, "\(phrase.chinese) is also a single keyword")
        }
        // No twin is an English keyword, so neither set reads the other's words as its own.
        #expect(Set(KeywordSet.chinese.values).isDisjoint(with: Keyword.allCases.map(\.rawValue)))
    }

    @Test func theGrammarDocumentsEveryPair() throws {
        let guide = try Repository.read("Grammar/README.md")
        for keyword in Keyword.allCases {
            #expect(guide.contains("| `\(keyword.rawValue)` | `\(KeywordSet.chinese[keyword] ?? "")` |"), "\(keyword)")
        }
        for phrase in KeywordSet.phrases {
            #expect(
                guide.contains("`\(phrase.chinese)` is\n`\(phrase.words.map(\.rawValue).joined(separator: " "))`")
                    || guide.contains("`\(phrase.chinese)` is `\(phrase.words.map(\.rawValue).joined(separator: " "))`"),
                "\(phrase.chinese)")
        }
    }

    @Test func aFileIsReadInTheSetItsFirstWordChooses() {
        let chinese = Lexer.tokenize(SourceFile(path: "t", text: "\u{FEFF}// 注释\n政策 甲 {}\n如果 那么 否则 policy"))
        #expect(chinese.keywords == .zh)
        #expect(
            chinese.tokens.map(\.kind).dropLast() == [
                .keyword(.policy), .identifier("甲"), .symbol(.leftBrace), .symbol(.rightBrace), .keyword(.if),
                .keyword(.then), .keyword(.else), .identifier("policy"),
            ])
        let english = Lexer.tokenize(SourceFile(path: "t", text: "policy 甲 {}\nif 如果"))
        #expect(english.keywords == .en)
        #expect(english.tokens.map(\.kind).dropLast().suffix(2) == [.keyword(.if), .identifier("如果")])
        // A keyword glued to a name is part of the name.
        #expect(Lexer.tokenize(SourceFile(path: "t", text: "政策 如果就业率")).tokens[1].kind == .identifier("如果就业率"))
    }

    @Test func oneChineseWordCanStandForTwoKeywords() {
        let tokens = Lexer.tokenize(SourceFile(path: "t", text: "政策 施行 至多 至少 不超过 业务日期 申领日期 计数年度")).tokens.map(
            \.kind)
        #expect(
            tokens.dropFirst().dropLast() == [
                .keyword(.in), .keyword(.force), .keyword(.at), .keyword(.most), .keyword(.at), .keyword(.least),
                .keyword(.up), .keyword(.to), .keyword(.claim), .keyword(.date), .keyword(.application), .keyword(.date),
                .keyword(.counting), .keyword(.year),
            ])
    }

    /// The bundled policies; throws (failing the test that lists them) when a folder holds none.
    static func repositoryPolicies() throws -> [String] {
        try Listing.paths(in: ["policies", "Grammar/examples"], endingWith: ".policy")
    }

    @Test func theRepositoryPoliciesAreAllListed() throws {
        let paths = try Self.repositoryPolicies()
        #expect(paths.count >= 7, "\(paths)")
        #expect(paths.contains("Grammar/examples/county.policy"))
    }

    @Test(arguments: try repositoryPolicies())
    func aPolicyAndItsTranslationParseToTheSameTree(path: String) throws {
        let original = SourceFile(path: path, text: try Repository.read(path))
        let lexed = Lexer.tokenize(original)
        let other: KeywordSet = lexed.keywords == .en ? .zh : .en
        let translated = try #require(Formatter.format(original, keywords: other).text)
        #expect(Lexer.tokenize(SourceFile(path: path, text: translated)).keywords == other)
        let (before, beforeDiagnostics) = Parser.parse(original)
        let (after, afterDiagnostics) = Parser.parse(SourceFile(path: path, text: translated))
        #expect(!beforeDiagnostics.hasErrors && !afterDiagnostics.hasErrors)
        #expect(Self.shape(of: before.header as Any) == Self.shape(of: after.header as Any))
        #expect(before.declarations.count == after.declarations.count)
        for (a, b) in zip(before.declarations, after.declarations) {
            #expect(Self.shape(of: a) == Self.shape(of: b), "\(path): \(a.name?.name ?? "a test")")
        }
        // And back again, byte for byte.
        #expect(
            Formatter.format(SourceFile(path: path, text: translated), keywords: lexed.keywords).text
                == original.text(of: .init(start: 0, end: original.bytes.count)))
    }

    @Test func theShapeOfATreeSeesWhatWasWritten() {
        func rule(_ body: String) -> String {
            shape(of: Parser.parse(SourceFile(path: "t", text: "policy 甲 {}\nrule 乙: yuan = \(body)")).0.declarations)
        }
        #expect(rule("1 yuan") == rule("1  yuan"))
        #expect(rule("1 yuan") != rule("2 yuan"))
        #expect(rule("1 yuan at most 2 yuan") != rule("1 yuan at least 2 yuan"))
    }

    /// A syntax tree without its places: what was written, not where. A unit is one unit however
    /// many it counts (`day` and `days`; Chinese has one word for both).
    func shape(of value: Any) -> String { Self.shape(of: value) }

    static func shape(of value: Any) -> String {
        if let keyword = value as? Keyword {
            let singular: [Keyword: Keyword] = [
                .days: .day, .months: .month, .hours: .hour, .persons: .person, .years: .year, .claims: .claim,
            ]
            return (singular[keyword] ?? keyword).rawValue
        }
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty {
            return "\(value)"
        }
        let parts = mirror.children.compactMap { child -> String? in
            if child.value is SourceRange || child.value is SourceFile || child.label == "depth" { return nil }
            return "\(child.label ?? "_"):\(shape(of: child.value))"
        }
        return "\(mirror.subjectType)(\(parts.joined(separator: ",")))"
    }

    @Test func theBundledChinesePolicyChecksAndPassesItsTests() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        #expect(!library.hasErrors)
        let entry = try #require(library.entry(named: "陵川县2020"))
        #expect(Lexer.tokenize(entry.info.source).keywords == .zh)
        let compiled = library.compiled(entry, traced: false)
        #expect(entry.program.tests.count > 40)
        #expect(entry.program.tests.allSatisfy { compiled.run($0).passed })
    }

    // MARK: Numbers and dates as staff type them

    @Test(arguments: [
        ("政策 甲 { 施行 2022年11月30日 至 2023年1月1日 }", CalendarDate(year: 2022, month: 11, day: 30)),
        ("policy 甲 { in force ２０２２年１１月３０日 }", CalendarDate(year: 2022, month: 11, day: 30)),
    ])
    func datesAsWrittenInDocuments(text: String, date: CalendarDate?) {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: text))
        #expect(lexed.diagnostics.isEmpty)
        #expect(lexed.tokens.contains { $0.kind == .date(date!) })
    }

    @Test func periodsReadInTheLanguageOfTheCommand() {
        let closed = Period(
            start: CalendarDate(year: 2021, month: 1, day: 1)!, end: CalendarDate(year: 2025, month: 12, day: 31)!)
        let open = Period(start: CalendarDate(year: 2022, month: 1, day: 1)!)
        #expect("\(closed.phrase.english) · \(open.phrase.english)" == "2021-01-01 to 2025-12-31 · from 2022-01-01")
        #expect("\(closed.phrase.chinese) · \(open.phrase.chinese)" == "2021-01-01 至 2025-12-31 · 自 2022-01-01 起")
    }

    @Test func anImpossibleChineseDateIsReported() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "政策 甲 { 施行 2022年2月30日 }"))
        #expect(lexed.diagnostics.map(\.message.english) == ["this is not a date: 2022-02 has 28 days"])
    }

    @Test func amountsAsTypedInChineseAndTheExactFixInEnglish() {
        let chinese = Lexer.tokenize(SourceFile(path: "t", text: "政策 甲 ４０００元 80％ 150元/天"))
        #expect(chinese.diagnostics.isEmpty)
        #expect(
            chinese.tokens.map(\.kind).dropFirst(2).dropLast() == [
                .number("4000"), .keyword(.yuan), .number("80"), .symbol(.percent), .number("150"), .keyword(.yuan),
                .symbol(.slash), .keyword(.day),
            ])
        let english = Lexer.tokenize(SourceFile(path: "t", text: "policy 甲 ４０００元 3天 1天"))
        #expect(english.diagnostics.map(\.code.rawValue) == ["chinese-unit", "chinese-unit", "chinese-unit"])
        #expect(
            english.diagnostics.compactMap(\.hint?.english).first
                == "write 4000 yuan; or write the whole file with Chinese keywords (policy fmt --keywords zh)")
        #expect(english.diagnostics.compactMap(\.hint?.english)[1].hasPrefix("write 3 days;"))
        #expect(english.diagnostics.compactMap(\.hint?.english)[2].hasPrefix("write 1 day;"))
    }

    @Test(arguments: [
        ("2022-11-30", true), ("2022年11月30日", true), ("２０２２年１１月３０日", true), ("２０２２－１１－３０", true),
        ("2022年2月30日", false), ("2022年11月", false), ("2022/11/30", false), ("2022-11-30日", false),
    ])
    func aDateAsWrittenBySomeone(text: String, valid: Bool) {
        #expect((CalendarDate(written: text) == CalendarDate(year: 2022, month: 11, day: 30)) == valid)
    }

    @Test func aBatchReadsDatesAsStaffTypeThem() {
        let csv =
            "id,date,jurisdiction,program,劳务品牌,培训天数,就业率,身份证号,培训工种,培训等级\n"
            + "A,2021年5月20日,陵川县,品牌培训补贴,棋源叉车工,20,85%,\(person(1)),叉车,初级\n"
        let console = Console(input: Array(csv.utf8))
        let code = PolicyCommandLine.run(["run", "-", "--policies", Repository.path("policies")], console: console)
        #expect(code == .success, "\(console.errors)")
        #expect(console.output.contains("2,A,陵川县2020,品牌培训补贴,granted,3500,"))
    }

    @Test func aClaimGivesDatesAndAmountsAsStaffTypeThem() throws {
        var claim = try Repository.read("examples/forklift.json")
        claim = claim.replacingOccurrences(of: "\"2021-05-20\"", with: "\"2021年5月20日\"")
            .replacingOccurrences(of: "\"培训天数\": 20", with: "\"培训天数\": \"２０天\"")
            .replacingOccurrences(of: "\"85%\"", with: "\"85％\"")
        #expect(claim.contains("２０天") && claim.contains("2021年5月20日"))
        let console = Console(input: Array(claim.utf8))
        #expect(
            PolicyCommandLine.run(["eval", "--policies", Repository.path("policies"), "--lang", "zh"], console: console)
                == .success)
        #expect(console.output.hasPrefix("LC-2021-0001  核准  3500 元\n"))
    }

    @Test func theDayOfAQuotaReportAsStaffTypeIt() {
        let (iso, chinese) = (Console(), Console())
        let progress = Repository.path("examples/progress-2022-10.csv")
        let policies = ["--policies", Repository.path("policies")]
        _ = PolicyCommandLine.run(["quota", progress, "--as-of", "2022-10-15"] + policies, console: iso)
        _ = PolicyCommandLine.run(["quota", progress, "--as-of", "2022年10月15日"] + policies, console: chinese)
        #expect(chinese.output == iso.output)
        #expect(iso.output.contains("as of 2022-10-15"))
    }

    // MARK: Names that are keywords of the other set

    /// An English file using 如果 and 施行 as names (Chinese keywords: `if`, `in force`), the first
    /// three times; and a Chinese file using `if`.
    static let englishWithChineseKeywords = """
        policy 甲 {}
        input 如果: days
        input 施行: days
        program 补贴: yuan cite "一" = 100 yuan/day * 如果 + 100 yuan/day * 施行 + 1 yuan/day * 如果

        """
    static let chineseWithEnglishKeyword = "政策 甲 {}\n输入 if: 天\n项目 补贴: 元 引用 \"一\" = 100 元/天 * if\n"

    @Test func aNameThatIsAKeywordOfTheOtherSetIsNotConverted() {
        let source = SourceFile(path: "t.policy", text: Self.englishWithChineseKeywords)
        // Each set reads the file, and formats it in its own keywords.
        #expect(Formatter.format(source).text == Self.englishWithChineseKeywords)
        let (text, diagnostics) = Formatter.format(source, keywords: .zh)
        #expect(text == nil)
        #expect(
            DiagnosticRenderer(useColor: false).render(diagnostics) == """
                t.policy:2:7: error: converted to Chinese keywords, the name 如果 would read as the keyword 如果 (`if`) [keyword-collision]
                  |
                2 | input 如果: days
                  |       ^~~~
                  = note: it also appears at 4:44, 4:82
                  = hint: rename it, here and wherever it appears, to a word that is a keyword in neither set; then convert the file
                t.policy:3:7: error: converted to Chinese keywords, the name 施行 would read as the keyword 施行 (`in force`) [keyword-collision]
                  |
                3 | input 施行: days
                  |       ^~~~
                  = note: it also appears at 4:64
                  = hint: rename it, here and wherever it appears, to a word that is a keyword in neither set; then convert the file

                """)
        let chinese = Formatter.format(source, keywords: .zh).diagnostics
        #expect(
            chinese.map { "\($0.location!) \($0.message.chinese) \($0.notes.map(\.chinese)) \($0.hint!.chinese)" } == [
                "2:7 改写为中文关键字后，名称“如果”将被读作关键字“如果”（if） [\"该名称还出现在4:44、4:82\"] 请将其改名（此处及其出现的各处），改用在两套关键字中都不是关键字的词，再转换本文件",
                "3:7 改写为中文关键字后，名称“施行”将被读作关键字“施行”（in force） [\"该名称还出现在4:64\"] 请将其改名（此处及其出现的各处），改用在两套关键字中都不是关键字的词，再转换本文件",
            ])
    }

    @Test func anEnglishKeywordInAChineseFileIsNotConvertedEither() {
        let source = SourceFile(path: "t.policy", text: Self.chineseWithEnglishKeyword)
        #expect(Formatter.format(source).text == Self.chineseWithEnglishKeyword)
        let (text, diagnostics) = Formatter.format(source, keywords: .en)
        #expect(text == nil)
        #expect(
            diagnostics.map { "\($0.location!) \($0.code.rawValue) \($0.message.english) \($0.notes.map(\.english))" } == [
                "2:4 keyword-collision converted to English keywords, the name if would read as the keyword `if` [\"it also appears at 3:29\"]"
            ])
        let chinese = Formatter.format(source, keywords: .en).diagnostics
        #expect(chinese.map(\.message.chinese) == ["改写为英文关键字后，名称“if”将被读作关键字“if”"])
    }

    @Test func fmtWritesNothingForAFileItCannotConvert() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("collision-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let english = directory.appendingPathComponent("english.policy")
        let chinese = directory.appendingPathComponent("chinese.policy")
        try Self.englishWithChineseKeywords.write(to: english, atomically: true, encoding: .utf8)
        try Self.chineseWithEnglishKeyword.write(to: chinese, atomically: true, encoding: .utf8)

        for (file, keywords, original) in [
            (english, "zh", Self.englishWithChineseKeywords), (chinese, "en", Self.chineseWithEnglishKeyword),
        ] {
            let console = Console()
            #expect(PolicyCommandLine.run(["fmt", "--keywords", keywords, file.path], console: console) == .invalidPolicy)
            #expect(try String(contentsOf: file, encoding: .utf8) == original)
            #expect(console.output.isEmpty)
            #expect(console.errors.contains("[keyword-collision]"))
            #expect(
                console.errors.hasSuffix("0 files reformatted, 0 files already formatted, 1 file with errors left as they are\n"))

            let check = Console()
            #expect(
                PolicyCommandLine.run(["fmt", "--check", "--keywords", keywords, file.path], console: check) == .invalidPolicy)
            #expect(check.output.isEmpty)

            let piped = Console(input: Array(original.utf8))
            #expect(PolicyCommandLine.run(["fmt", "--keywords", keywords, "-"], console: piped) == .invalidPolicy)
            #expect(piped.output.isEmpty)
            #expect(piped.errors.contains("<stdin>:2:") && piped.errors.contains("[keyword-collision]"))
        }
        // The rest of a directory is converted; the file that cannot be is named and left alone.
        try "policy 乙 {}\ninput 天数: days\n".write(
            to: directory.appendingPathComponent("plain.policy"), atomically: true, encoding: .utf8)
        let console = Console()
        #expect(
            PolicyCommandLine.run(["fmt", "--keywords", "zh", "--lang", "zh", directory.path], console: console) == .invalidPolicy
        )
        #expect(
            try String(contentsOf: directory.appendingPathComponent("plain.policy"), encoding: .utf8) == "政策 乙 {}\n输入 天数: 天\n")
        #expect(try String(contentsOf: english, encoding: .utf8) == Self.englishWithChineseKeywords)
        #expect(console.errors.contains("english.policy:2:7: 错误: 改写为中文关键字后，名称“如果”将被读作关键字“如果”（if） [keyword-collision]"))
        #expect(console.errors.hasSuffix("已整理 1 个文件，1 个文件已是规范格式，1 个文件有错误，未作改动\n"))
    }

    // MARK: The command

    @Test func fmtConvertsBetweenTheSetsInPlace() throws {
        let directory = try copyOfPolicies()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("shanxi-2021.policy").path
        let console = Console()
        #expect(PolicyCommandLine.run(["fmt", "--keywords", "zh", file], console: console) == .success)
        let chinese = try String(contentsOfFile: file, encoding: .utf8)
        #expect(chinese.contains("\n政策 山西省2021 {\n"))
        #expect(chinese.contains("  施行 2021-01-01 至 2025-12-31\n"))
        #expect(!PolicyLibrary.load(paths: [directory.path]).hasErrors)
        #expect(PolicyCommandLine.run(["fmt", "--keywords", "en", file], console: Console()) == .success)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == Repository.read("policies/shanxi-2021.policy"))
        let chineseConsole = Console()
        #expect(PolicyCommandLine.run(["fmt", "--check", "--lang", "zh", directory.path], console: chineseConsole) == .success)
        #expect(chineseConsole.errors == "需整理 0 个文件，5 个文件已是规范格式\n")
        let (code, wrong) = (PolicyCommandLine.run(["fmt", "--keywords", "fr", file], console: console), console)
        #expect(code == .usage)
        #expect(wrong.errors.contains("--keywords takes en or zh, not fr"))
    }
}
