// The lexer: tokens, positions counted in characters, full-width input, stray characters.

import Testing

@testable import PolicyLanguage

@Suite struct LexerTests {
    private func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(path: "t", text: text)).tokens.map(\.kind).dropLast()
    }

    @Test func chineseIdentifiersAndKeywords() {
        #expect(
            kinds("rule 普惠制补贴: yuan") == [
                .keyword(.rule), .identifier("普惠制补贴"), .symbol(.colon), .keyword(.yuan),
            ])
    }

    @Test func columnsCountCharactersNotBytes() {
        let file = SourceFile(path: "t", text: "rule 补贴:\n  培训天数 >= 80%")
        let tokens = Lexer.tokenize(file).tokens
        // 补贴 starts at character 6 of line 1; `:` after two Chinese characters is column 8.
        #expect(file.location(of: tokens[1].range.start) == PolicyLanguage.SourceLocation(line: 1, column: 6))
        #expect(file.location(of: tokens[2].range.start) == PolicyLanguage.SourceLocation(line: 1, column: 8))
        // `>=` after two spaces and four Chinese characters and a space: column 8 of line 2.
        #expect(file.location(of: tokens[4].range.start) == PolicyLanguage.SourceLocation(line: 2, column: 8))
        #expect(tokens[3].startsLine && !tokens[4].startsLine)
    }

    @Test(arguments: [
        ("２０２１", TokenKind.number("2021")),
        ("１５０．５", .number("150.5")),
        ("％", .symbol(.percent)),
        ("（", .symbol(.leftParen)),
        ("）", .symbol(.rightParen)),
        ("，", .symbol(.comma)),
        ("：", .symbol(.colon)),
        ("＞＝", .symbol(.greaterEqual)),
        ("≥", .symbol(.greaterEqual)),
        ("×", .symbol(.star)),
    ])
    func fullWidthFormsReadAsTheirASCIITwins(text: String, expected: TokenKind) {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: text))
        #expect(lexed.diagnostics.isEmpty)
        #expect(lexed.tokens.first?.kind == expected)
    }

    /// A word's ASCII is read by its bytes: the bytes that continue one are those whose
    /// character does, and a word ends at the first that does not.
    @Test func wordsEndWhereTheirCharactersDo() {
        for byte in UInt8(0)..<0x80 {
            #expect(Lexer.isASCIIWordByte(byte) == Lexer.isIdentifierContinue(Unicode.Scalar(byte)), "byte \(byte)")
        }
        #expect(kinds("a_Z9@b 甲2乙`c") == [.identifier("a_Z9"), .identifier("b"), .identifier("甲2乙"), .identifier("c")])
    }

    @Test func fullWidthDigitsInsideNamesAndDates() {
        #expect(
            kinds("山西省２０２２ ２０２２－０６－０１") == [
                .identifier("山西省2022"), .date(CalendarDate(year: 2022, month: 6, day: 1)!),
            ])
    }

    @Test func numbersUnitsAndDates() {
        #expect(
            kinds("150 yuan/day 79.99% 2022-11-30 2022 - 11") == [
                .number("150"), .keyword(.yuan), .symbol(.slash), .keyword(.day), .number("79.99"), .symbol(.percent),
                .date(CalendarDate(year: 2022, month: 11, day: 30)!), .number("2022"), .symbol(.minus), .number("11"),
            ])
    }

    @Test func impossibleDateIsReported() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "in force 2022-02-30"))
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["invalid-date"])
        #expect(lexed.diagnostics[0].message.english.contains("2022-02 has 28 days"))
    }

    @Test func commentsAreKeptApartFromTokens() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "rule a // 五(二)\n// 整行注释\ninput"))
        #expect(lexed.tokens.map(\.kind).dropLast() == [.keyword(.rule), .identifier("a"), .keyword(.input)])
        #expect(lexed.comments.map(\.text) == ["// 五(二)", "// 整行注释"])
        #expect(lexed.comments.map(\.trailing) == [true, false])
    }

    @Test func textWithEscapesAndChineseQuotesInside() {
        #expect(kinds(#""陵川县创建“人人持证、技能社会”\n\"方案\"""#) == [.string("陵川县创建“人人持证、技能社会”\n\"方案\"")])
    }

    @Test func chineseQuotationMarksAroundTextAreOneError() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "cite “二(七)” ="))
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["curly-quotes"])
        #expect(lexed.diagnostics[0].hint?.english == "write \"二(七)\"")
        #expect(lexed.tokens.map(\.kind).dropLast() == [.keyword(.cite), .string("二(七)"), .symbol(.equal)])
    }

    /// At the end of a line; between two items `、` and `；` are read as `,` (NewcomerMessagesTests).
    @Test(arguments: [("、", ","), ("；", "remove it"), ("〔", "("), ("#", "//")])
    func strayCharactersNameTheCharacterAndTheFix(character: String, fix: String) {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "a \(character)\nb"))
        #expect(lexed.diagnostics.count == 1)
        let diagnostic = lexed.diagnostics[0]
        #expect(diagnostic.code == .unexpectedCharacter)
        #expect(diagnostic.message.english.contains("'\(character)'"))
        #expect(diagnostic.message.english.contains("U+"))
        #expect(diagnostic.hint?.english.contains(fix) == true)
    }

    /// A run of control characters is one error over the run, naming the first four; a line
    /// break or a token ends the run, and one alone is named as before.
    @Test func aRunOfControlCharactersIsOneError() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "a \u{0}\u{0}\u{0}\u{1}\u{1B}\u{7F} b\n\u{0}\u{0}\nc\u{8}d"))
        #expect(lexed.diagnostics.map(\.code) == [.unexpectedCharacter, .unexpectedCharacter, .unexpectedCharacter])
        #expect(
            lexed.diagnostics.map(\.message.english) == [
                "these 6 control characters (U+0000 U+0000 U+0000 U+0001 …) are not part of the language",
                "these 2 control characters (U+0000 U+0000) are not part of the language",
                "the control character U+0008 is not part of the language",
            ])
        #expect(lexed.diagnostics[0].message.chinese == "这6个控制字符（U+0000 U+0000 U+0000 U+0001 …）不属于本语言")
        #expect(lexed.diagnostics.map { $0.range.map { $0.end - $0.start } } == [6, 2, 1])
        #expect(lexed.diagnostics[0].hint?.english.hasPrefix("remove them") == true)
        #expect(lexed.tokens.map(\.kind).dropLast() == [.identifier("a"), .identifier("b"), .identifier("c"), .identifier("d")])
    }

    /// A run of bytes that are not UTF-8 is one error over the run, wherever it is (between
    /// tokens, in a text, in a comment); the next run is another.
    @Test func invalidUTF8IsReportedAtItsPlaceAndLexingGoesOn() {
        let bytes: [UInt8] =
            Array("rule a".utf8) + [0xFF, 0xFE] + Array(" input \"".utf8) + [0xC5, 0xE0, 0xD1] + Array("\" // ".utf8) + [0x80]
        let file = SourceFile(path: "t", bytes: bytes)
        let lexed = Lexer.tokenize(file)
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["invalid-utf8", "invalid-utf8", "invalid-utf8"])
        #expect(lexed.diagnostics.map { $0.range!.end - $0.range!.start } == [2, 3, 1])
        #expect(file.location(of: lexed.diagnostics[0].range!.start) == PolicyLanguage.SourceLocation(line: 1, column: 7))
        #expect(lexed.diagnostics[0].message.english == "these 2 bytes (0xFF 0xFE) are not UTF-8 text")
        #expect(lexed.diagnostics[2].message.english == "this byte (0x80) is not UTF-8 text")
        #expect(lexed.tokens.map(\.kind).dropLast().prefix(3) == [.keyword(.rule), .identifier("a"), .keyword(.input)])
    }

    /// A file saved as GBK: one error for each run of its Chinese, its bytes shown up to four.
    @Test func aLineSavedAsGBKIsOneError() throws {
        let gbk: [UInt8] = [0xC5, 0xE0, 0xD1, 0xB5, 0xB2, 0xB9, 0xCC, 0xF9]  // 培训补贴 in GBK
        let bytes = Array("rule 说明: text = \"".utf8) + gbk + Array("\"\n".utf8)
        let lexed = Lexer.tokenize(SourceFile(path: "t", bytes: bytes))
        let messages = lexed.diagnostics.map(\.message.english)
        #expect(messages.count <= 2, "\(messages)")
        #expect(messages.first?.hasPrefix("these ") == true && messages.first?.contains("0xC5 0xE0") == true, "\(messages)")
    }

    @Test func byteOrderMarkAndCRLFAreHarmless() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("rule a\r\ninput b\r\n".utf8)
        let lexed = Lexer.tokenize(SourceFile(path: "t", bytes: bytes))
        #expect(lexed.diagnostics.isEmpty)
        #expect(lexed.tokens.map(\.kind).dropLast() == [.keyword(.rule), .identifier("a"), .keyword(.input), .identifier("b")])
        #expect(lexed.tokens[2].startsLine)
    }

    @Test func unterminatedTextIsReported() {
        let lexed = Lexer.tokenize(SourceFile(path: "t", text: "cite \"二(七)\nrule"))
        #expect(lexed.diagnostics.map(\.code.rawValue) == ["unterminated-text"])
        #expect(lexed.tokens.map(\.kind).dropLast() == [.keyword(.cite), .string("二(七)"), .keyword(.rule)])
    }
}
