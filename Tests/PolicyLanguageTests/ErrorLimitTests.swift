// A file shows its first twenty syntax errors, in the order of the file whichever pass found them,
// then one error saying it is not checked from the next one on, where the lexer or the parser
// stopped reading (`ErrorLog`).

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct ErrorLimitTests {
    static let header = """
        policy 示例 {
          title "示例办法"
          document "示例〔2022〕1号"
          jurisdiction 山西省
          in force 2022-01-01 to 2022-12-31
        }

        """

    /// A line with one error the lexer finds (a document's semicolon), one the parser finds (a
    /// declaration without its type), bytes that are neither text nor a declaration, or none.
    enum Line: CaseIterable {
        case lexical, syntax, junk, fine

        func text(_ number: Int) -> String {
            switch self {
            case .lexical: "input 第\(number)期天数: days；\n"
            case .syntax: "input 第\(number)期天数:\n"
            case .junk: "@@ \u{7} # ；\n"
            case .fine: "input 第\(number)期天数: days\n"
            }
        }
    }

    static func file(_ lines: [Line], header: Bool = true) -> SourceFile {
        let body = lines.enumerated().map { $0.element.text($0.offset + 1) }.joined()
        return SourceFile(path: "示例.policy", text: (header ? Self.header : "") + body)
    }

    /// What a diagnostic says and where, to compare two parses of a file.
    static func said(_ diagnostics: some Sequence<Diagnostic>) -> [String] {
        diagnostics.map { "\($0.location.map { "\($0)" } ?? "-") \($0.code.rawValue) \($0.message.english)" }
    }

    @Test func aFileShowsItsFirstTwentyErrorsThenWhereItIsNoLongerChecked() throws {
        let diagnostics = Parser.parse(Self.file(Array(repeating: .lexical, count: 25))).1
        #expect(Parser.errorLimit == 20)
        #expect(diagnostics.count == 21)
        #expect(diagnostics.dropLast().allSatisfy { $0.code == .unexpectedCharacter })
        #expect(diagnostics.dropLast().map { $0.location!.line } == Array(7...26))
        let last = try #require(diagnostics.last)
        #expect(last.code == .tooManyErrors && last.isError)
        #expect(last.location == SourceLocation(line: 27, column: 19))
        #expect(last.message.english == "more than 20 errors: the file is not checked from here on")
        #expect(last.message.chinese == "错误超过20处：本文件从此处起未再检查")
    }

    @Test func aFileWithJustTheLimitShowsThemAll() throws {
        let twenty = Parser.parse(Self.file(Array(repeating: .lexical, count: 20))).1
        #expect(twenty.count == 20 && !twenty.contains { $0.code == .tooManyErrors })
        let twentyOne = Parser.parse(Self.file(Array(repeating: .lexical, count: 21))).1
        #expect(twentyOne.count == 21)
        #expect(twentyOne.last?.code == .tooManyErrors && twentyOne.last?.location?.line == 27)
    }

    /// The lexer reads the whole file before the parser starts: its errors late in a file must not
    /// push out the parser's earlier ones.
    @Test func theFirstErrorsInTheFileAreShownWhicheverPassFoundThem() throws {
        let lines = Array(repeating: Line.syntax, count: 15) + Array(repeating: .lexical, count: 15)
        let diagnostics = Parser.parse(Self.file(lines)).1
        #expect(diagnostics.count == 21)
        #expect(diagnostics.prefix(15).allSatisfy { $0.code == .syntax })
        #expect(diagnostics.dropFirst(15).prefix(5).allSatisfy { $0.code == .unexpectedCharacter })
        #expect(diagnostics.last?.code == .tooManyErrors && diagnostics.last?.location?.line == 27)
    }

    /// Any mix of errors, under any limit: what is shown is what the unlimited parse gives, cut
    /// at the limit, with the error that says so at the first one cut. The end of what the lexer
    /// read is no error of its own (a file of nothing but junk is not an empty file).
    @Test func whatIsShownIsTheUnlimitedParseCutAtTheLimit() throws {
        var random = SplitMix(seed: 20)
        var cut = 0
        for _ in 0..<400 {
            let lines = (0..<random.next(below: 40)).map { _ in Line.allCases[random.next(below: Line.allCases.count)] }
            let limit = random.next(below: 25)
            let source = Self.file(lines, header: random.next(below: 4) != 0)
            let all = Parser.parse(source, errorLimit: nil).1
            let limited = Parser.parse(source, errorLimit: limit).1
            guard all.count > limit else {
                #expect(Self.said(limited) == Self.said(all), "\(lines) under \(limit)")
                continue
            }
            cut += 1
            #expect(Self.said(limited.dropLast()) == Self.said(all.prefix(limit)), "\(lines) under \(limit)")
            let last = try #require(limited.last)
            #expect(last.code == .tooManyErrors && last.range == all[limit].range, "\(lines) under \(limit)")
            #expect(last.message.english == "more than \(limit) errors: the file is not checked from here on")
        }
        #expect(cut > 100)
    }

    @Test func theTreeEndsWhereReadingStopped() throws {
        let source = Self.file(Array(repeating: Line.lexical, count: 30) + [.fine])
        let (file, diagnostics) = Parser.parse(source)
        #expect(diagnostics.count == 21)
        // The 21st semicolon stopped the lexer; the declaration before it on its line was read.
        #expect(file.declarations.map { $0.name?.name } == (1...21).map { "第\($0)期天数" })
        #expect(Parser.parse(source, errorLimit: nil).0.declarations.count == 31)
        // The parser stops at its own 21st error: of the sound declarations between its errors,
        // those after it are not read.
        let alternating = Self.file(Array(repeating: [Line.syntax, .fine], count: 25).flatMap { $0 })
        #expect(Parser.parse(alternating).0.declarations.count == 20)
        #expect(Parser.parse(alternating, errorLimit: nil).0.declarations.count == 25)
    }

    /// A policy saved as GBK, as Chinese editors on Windows long did: every Chinese name is bytes
    /// that are not UTF-8, and `policy check` says so twenty times, then where it stopped.
    @Test func aPolicySavedAsGBKIsTwentyErrorsAndWhereCheckingStopped() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("error-limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let gbk: [UInt8] = [0xC5, 0xE0, 0xD1, 0xB5]  // 培训 in GBK
        var bytes = Array(Self.header.utf8)
        for _ in 0..<500 { bytes += Array("input ".utf8) + gbk + Array(": days\n".utf8) }
        let path = directory.appendingPathComponent("gbk.policy").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let console = Console(input: [], environment: [:])
        #expect(PolicyCommandLine.run(["check", path, "--color", "never"], console: console) == .invalidPolicy)
        let errors = (console.output + console.errors).split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 21, "\(console.errors.prefix(2000))")
        #expect(errors.prefix(20).allSatisfy { $0.hasSuffix("are not UTF-8 text [invalid-utf8]") })
        #expect(
            errors.last?.hasSuffix(
                "gbk.policy:27:7: error: more than 20 errors: the file is not checked from here on [too-many-errors]")
                == true)
        // The count says so too: the limit's own error is not one of the file's.
        #expect(console.errors.hasSuffix("\nmore than 20 errors\n"), "\(console.errors.suffix(200))")
    }
}
