// Line ends: a line of a policy file ends at LF, CRLF or a lone CR (old Mac files, a stray CR),
// and every stage that reads the text sees the same lines whichever it is: the line index and
// the diagnostics' places, the lexer's comments and texts, the formatter (which writes LF), the
// first word that chooses the keyword set, and the documentation's source.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage
@testable import PolicyTools

/// How a file's lines end: every line by CR, by CRLF, or by CR, LF and CRLF in turn.
enum LineEnd: String, CaseIterable, Sendable {
    case cr, crlf, mixed

    /// LF text with its line ends replaced. Mixed, an LF never follows a CR that ends the line
    /// before (an empty line between them): the two would be one CRLF.
    func apply(to text: String) -> String {
        var out = ""
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 {
                switch self {
                case .cr: out += "\r"
                case .crlf: out += "\r\n"
                case .mixed:
                    out += index % 3 == 1 && out.utf8.last == UInt8(ascii: "\r") ? "\r\n" : ["\r", "\n", "\r\n"][index % 3]
                }
            }
            out += line
        }
        return out
    }
}

@Suite struct LineEndTests {
    /// A policy with comments before and after declarations and errors on the lines after them:
    /// what a comment running on to the end of the file would hide.
    static let policy =
        testHeader + """
            // 第五条: the comment ends at its line end
            input 天数: days
            rule 坏: yuan = 1 yuan + 天数 // two errors on this line
            program 补贴: yuan cite "一" = 100 yuan/day * 天数

            // 又一条
            rule 又坏: days = 天数 * 天数

            """

    /// Everything `policy check` says of a file, each with its place, and the declarations it has.
    private func checked(_ text: String) -> (declarations: [String], diagnostics: [String]) {
        let source = SourceFile(path: "t.policy", text: text)
        let library = PolicyLibrary.load(sources: [source])
        let diagnostics = (library.diagnostics + Analyzer.review(library)).map { diagnostic in
            "\(diagnostic.location.map(\.description) ?? "-") \(diagnostic.severity) \(diagnostic.code.rawValue): \(diagnostic.message.english)"
                + " \(diagnostic.notes.map(\.english)) \(diagnostic.hint?.english ?? "")"
        }
        let declarations = Parser.parse(source).0.declarations.map { $0.name?.name ?? "test" }
        return (declarations, diagnostics)
    }

    @Test(arguments: LineEnd.allCases)
    func aFileChecksLikeItsLFTwin(_ lineEnd: LineEnd) {
        let text = lineEnd.apply(to: Self.policy)
        #expect(text != Self.policy && !text.isEmpty)
        let twin = checked(Self.policy)
        #expect(twin.declarations == ["天数", "坏", "补贴", "又坏"])
        #expect(
            twin.diagnostics.map { $0.components(separatedBy: ": ")[0] } == [
                "9:6 error missing-citation", "9:25 error unit-mismatch", "13:17 error rule-type",
            ])
        let checked = checked(text)
        #expect(checked.declarations == twin.declarations)
        #expect(checked.diagnostics == twin.diagnostics)
        // Rendered, the source lines show without their line ends.
        let render = { (text: String) in
            DiagnosticRenderer(useColor: false).render(
                PolicyLibrary.load(sources: [SourceFile(path: "t.policy", text: text)]).diagnostics)
        }
        #expect(render(text) == render(Self.policy))
        #expect(render(text).contains("9 | rule 坏: yuan = 1 yuan + 天数 // two errors on this line\n"))
    }

    @Test(arguments: LineEnd.allCases)
    func theBundledPoliciesCheckAsTheirLFTwins(_ lineEnd: LineEnd) throws {
        let paths = try FileManager.default.contentsOfDirectory(atPath: Repository.path("policies"))
            .filter { $0.hasSuffix(".policy") }.sorted().map { "policies/\($0)" }
        func review(_ sources: [SourceFile]) -> [String] {
            let library = PolicyLibrary.load(sources: sources)
            return (library.diagnostics + Analyzer.review(library)).map {
                "\($0.file?.path ?? "") \($0.location.map(\.description) ?? "-") \($0.code.rawValue): \($0.message.english) \($0.notes.map(\.english))"
            }
        }
        let twins = review(try paths.map { SourceFile(path: $0, text: try Repository.read($0)) })
        #expect(twins.contains { $0.hasPrefix("policies/lingchuan-2020.policy 178:3 unpriced-case:") })
        #expect(review(try paths.map { SourceFile(path: $0, text: lineEnd.apply(to: try Repository.read($0))) }) == twins)
    }

    @Test(arguments: LineEnd.allCases)
    func linesAndColumnsCountEveryLineEnd(_ lineEnd: LineEnd) {
        let file = SourceFile(path: "t", text: lineEnd.apply(to: "一\n二二\n\n四"))
        #expect(file.location(of: file.lineStarts[1] + 3) == PolicyLanguage.SourceLocation(line: 2, column: 2))
        #expect(file.location(of: file.bytes.count - 3) == PolicyLanguage.SourceLocation(line: 4, column: 1))
        #expect((1...4).map(file.lineText) == ["一", "二二", "", "四"])
    }

    @Test func aLoneCRAtTheEndOrBeforeACRLFIsALineEndOfItsOwn() {
        let file = SourceFile(path: "t", text: "a\r\r\nb\r")
        #expect(file.lineStarts == [0, 2, 4, 6])
        #expect((1...4).map(file.lineText) == ["a", "", "b", ""])
    }

    @Test(arguments: LineEnd.allCases)
    func theLexerEndsCommentsAndTextsAtEveryLineEnd(_ lineEnd: LineEnd) {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: lineEnd.apply(to: "rule a // 五(二)\n// 整行\ninput \"未完\nb")))
        #expect(lexed.comments.map(\.text) == ["// 五(二)", "// 整行"])
        #expect(lexed.comments.map(\.trailing) == [true, false])
        #expect(
            lexed.tokens.map(\.kind).dropLast() == [
                .keyword(.rule), .identifier("a"), .keyword(.input), .string("未完"), .identifier("b"),
            ])
        #expect(lexed.tokens.map(\.startsLine).dropLast() == [true, false, true, false, true])
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["unterminated-text"])
        #expect(lexed.diagnostics.map { "\($0.location!)" } == ["3:7"])
    }

    @Test(arguments: LineEnd.allCases)
    func aLeadingCommentEndsAtEveryLineEndBeforeTheFirstWord(_ lineEnd: LineEnd) {
        #expect(KeywordSet.of(Array(lineEnd.apply(to: "// 注释\n政策 甲 {}\n").utf8)) == .zh)
        #expect(KeywordSet.of(Array(lineEnd.apply(to: "// 注释\npolicy 甲 {}\n").utf8)) == .en)
    }

    /// The policy files of the repository that are formatted.
    static func formattedFiles() throws -> [String] {
        try FormatterTests.repositoryPolicyFiles().filter { !$0.hasPrefix("Tests") }
    }

    @Test(arguments: LineEnd.allCases)
    func formattingAnyLineEndsGivesTheLFFile(_ lineEnd: LineEnd) throws {
        let files = try Self.formattedFiles()
        #expect(files.count >= 7)
        for path in files {
            let lf = try Repository.read(path)
            let converted = SourceFile(path: path, text: lineEnd.apply(to: lf))
            #expect(Formatter.format(converted).text == lf, "\(path)")
            let other: KeywordSet = Lexer.tokenize(converted).keywords == .en ? .zh : .en
            #expect(
                Formatter.format(converted, keywords: other).text
                    == Formatter.format(SourceFile(path: path, text: lf), keywords: other).text, "\(path)")
        }
    }

    @Test func fmtRewritesACROnlyFileWithLF() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("line-ends-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lf = try Repository.read("policies/lingchuan-2020.policy")
        let file = directory.appendingPathComponent("lingchuan-2020.policy")
        try Data(LineEnd.cr.apply(to: lf).utf8).write(to: file)
        #expect(!(try Data(contentsOf: file)).contains(UInt8(ascii: "\n")))

        let check = Console()
        #expect(PolicyCommandLine.run(["fmt", "--check", file.path], console: check) == .invalidClaim)
        #expect(check.output == "would reformat \(file.path)\n")
        let console = Console()
        #expect(PolicyCommandLine.run(["fmt", file.path], console: console) == .success)
        #expect(try String(contentsOf: file, encoding: .utf8) == lf)
    }

    @Test(arguments: LineEnd.allCases)
    func theDocumentationPagesAreThoseOfTheLFFiles(_ lineEnd: LineEnd) throws {
        let paths = try FileManager.default.contentsOfDirectory(atPath: Repository.path("policies"))
            .filter { $0.hasSuffix(".policy") }.sorted().map { "policies/\($0)" }
        let lf = try paths.map { SourceFile(path: $0, text: try Repository.read($0)) }
        let converted = try paths.map { SourceFile(path: $0, text: lineEnd.apply(to: try Repository.read($0))) }
        let expected = DocumentationSite(library: PolicyLibrary.load(sources: lf)).pages
        let pages = DocumentationSite(library: PolicyLibrary.load(sources: converted)).pages
        #expect(pages.count == expected.count && pages.count >= 5)
        for (page, twin) in zip(pages, expected) {
            #expect(page.html == twin.html, "\(page.policy)")
        }
        // The source of a rule is shown with LF line ends, never a CR.
        #expect(!pages.contains { $0.html.utf8.contains(UInt8(ascii: "\r")) })
    }
}
