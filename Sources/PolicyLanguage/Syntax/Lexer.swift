// The lexer: UTF-8 bytes to tokens, first stage of the pipeline. It validates UTF-8 itself so
// that a bad byte is reported at its line and column, accepts the full-width digits and
// punctuation that documents copied from PDFs carry (`２０２１`, `％`, `（`) as their ASCII twins,
// and names any other stray character together with the character to write instead.

package struct LexedFile: Sendable {
    package let tokens: [Token]
    package let comments: [Comment]
    /// The errors, up to the first past the limit `tokenize` was given, where it stopped reading.
    package let errors: ErrorLog
    /// The keywords the file is written in.
    package let keywords: KeywordSet

    package var diagnostics: [Diagnostic] { errors.diagnostics }
}

package struct Lexer {
    private let file: SourceFile
    private let bytes: [UInt8]
    private let keywords: KeywordSet
    private var offset = 0
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private let errors: ErrorRecorder
    /// Whether a token has been produced since the last line break.
    private var lineHasToken = false
    /// The last separator (`、`, `；`) reported, its line and the errors reported with it: one is
    /// reported once a line, unless another error came between.
    private var separatorReported: (scalar: Unicode.Scalar, line: Int, errors: Int)?

    /// The file's tokens, comments and errors; with an `errorLimit`, up to the first error past
    /// it, where the lexer stops reading (`ErrorLog`).
    package static func tokenize(_ file: SourceFile, errorLimit: Int? = nil) -> LexedFile {
        var lexer = Lexer(file: file, errorLimit: errorLimit)
        lexer.run()
        return LexedFile(tokens: lexer.tokens, comments: lexer.comments, errors: lexer.errors.log, keywords: lexer.keywords)
    }

    private init(file: SourceFile, errorLimit: Int?) {
        self.file = file
        self.bytes = file.bytes
        self.keywords = KeywordSet.of(file.bytes)
        self.errors = ErrorRecorder(limit: errorLimit)
    }

    /// An error, whose message is built only while the log is not full.
    private func report(_ diagnostic: @autoclosure () -> Diagnostic) {
        errors.report(diagnostic)
    }

    private mutating func run() {
        // A byte-order mark at the start is harmless.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        while offset < bytes.count, !errors.isFull {
            let byte = bytes[offset]
            if byte < 0x80 {
                lexASCII(byte)
                continue
            }
            guard let (scalar, length) = peekScalar() else {
                reportInvalidUTF8()
                continue
            }
            let start = offset
            switch scalar {
            case "\u{3000}", "\u{FEFF}":
                offset += length
            case "“":
                lexCurlyQuotedString()
            case _ where Self.digitValue(scalar) != nil:
                lexNumberOrDate()
            case _ where Self.isIdentifierStart(scalar):
                lexWord()
            default:
                if let symbol = lexSymbol(scalar, length: length) {
                    emit(.symbol(symbol), from: start)
                } else {
                    reportStrayCharacter(scalar, length: length)
                }
            }
        }
        tokens.append(Token(kind: .endOfFile, range: SourceRange(start: bytes.count, end: bytes.count), startsLine: true))
    }

    /// What starts at an ASCII byte, found by its class in a table, not by comparing the byte with
    /// each character it might be. Any other character is read in `run`, in the same order: digits
    /// (full-width ones), then words.
    private mutating func lexASCII(_ byte: UInt8) {
        let start = offset
        switch Self.asciiClasses[Int(byte)] {
        case .blank:
            offset += 1
        case .lineBreak:
            // A line ends at LF, CRLF or a lone CR, as `SourceFile` counts lines.
            offset += 1
            lineHasToken = false
        case .slash where peekByte(1) == UInt8(ascii: "/"):
            lexComment()
        case .quote:
            lexString()
        case .digit:
            lexNumberOrDate()
        case .letter:
            lexWord()
        case .slash, .other:
            let next = peekByte(1) ?? 0
            let symbol: Symbol?
            if next < 0x80 {
                symbol = Self.asciiSymbols[Int(byte) << 7 | Int(next)]
                offset += symbol?.rawValue.utf8.count ?? 0
            } else {
                symbol = lexSymbol(Unicode.Scalar(byte), length: 1)  // a full-width half may complete it: `<＝`
            }
            if let symbol {
                emit(.symbol(symbol), from: start)
            } else {
                reportStrayCharacter(Unicode.Scalar(byte), length: 1)
            }
        }
    }

    private enum ASCIIClass { case blank, lineBreak, slash, quote, digit, letter, other }

    /// Each ASCII byte's class, from the character classes below.
    private static let asciiClasses: [ASCIIClass] = (0..<128).map { (byte: UInt8) in
        let scalar = Unicode.Scalar(byte)
        return switch scalar {
        case " ", "\t": .blank
        case "\n", "\r": .lineBreak
        case "/": .slash
        case "\"": .quote
        case _ where digitValue(scalar) != nil: .digit
        case _ where isIdentifierStart(scalar): .letter
        default: .other
        }
    }

    /// The symbol that starts with two ASCII bytes, at `first << 7 | second`: the two-byte
    /// symbol they make (`=>`, `<=`), or else the one-byte symbol the first is, or nil.
    private static let asciiSymbols: [Symbol?] = (0..<(128 * 128)).map { (pair: Int) in
        let (first, second) = (Character(Unicode.Scalar(UInt8(pair >> 7))), Character(Unicode.Scalar(UInt8(pair & 0x7F))))
        return Symbol(rawValue: String([first, second])) ?? Symbol(rawValue: String(first))
    }

    // MARK: Tokens

    private mutating func emit(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, range: SourceRange(start: start, end: offset), startsLine: !lineHasToken))
        lineHasToken = true
    }

    private mutating func lexComment() {
        let start = offset
        while offset < bytes.count, !Self.isLineBreak(bytes[offset]) {
            guard let (_, length) = peekScalar() else {
                reportInvalidUTF8()
                continue
            }
            offset += length
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        comments.append(Comment(text: text, range: SourceRange(start: start, end: offset), trailing: lineHasToken))
    }

    private mutating func lexString() {
        let start = offset
        offset += 1
        var text = ""
        while true {
            guard offset < bytes.count else {
                report(Messages.unterminatedString(file, SourceRange(start: start, end: offset)))
                break
            }
            guard let (scalar, length) = peekScalar() else {
                reportInvalidUTF8()
                continue
            }
            if scalar == "\n" || scalar == "\r" {
                report(Messages.unterminatedString(file, SourceRange(start: start, end: offset)))
                break
            }
            offset += length
            if scalar == "\"" { break }
            if scalar == "\\" {
                guard let (escaped, escapedLength) = peekScalar() else { continue }
                offset += escapedLength
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\"", "\\": text.unicodeScalars.append(escaped)
                default:
                    report(
                        Messages.unknownEscape(
                            file, SourceRange(start: offset - length - escapedLength, end: offset), escaped))
                }
                continue
            }
            text.unicodeScalars.append(scalar)
        }
        emit(.string(text), from: start)
    }

    /// Text between Chinese quotation marks, as copied from a document: reported once, then read
    /// as text so that the rest of the line parses.
    private mutating func lexCurlyQuotedString() {
        let start = offset
        var cursor = offset + 3  // “ is three bytes
        var text = ""
        while let (scalar, length) = peekScalar(at: cursor), scalar != "\n", scalar != "\r" {
            cursor += length
            if scalar == "”" {
                offset = cursor
                report(Messages.curlyQuotes(file, SourceRange(start: start, end: offset), text))
                emit(.string(text), from: start)
                return
            }
            text.unicodeScalars.append(scalar)
        }
        reportStrayCharacter("“", length: 3)
    }

    private mutating func lexNumberOrDate() {
        let start = offset
        let integral = readDigits()
        // `YYYY-MM-DD` written without spaces is a date, not a subtraction.
        if integral.count == 4, let dash = peekDash(), let (month, monthEnd) = digitsAfter(offset + dash),
            (1...2).contains(month.count), let secondDash = peekDash(at: monthEnd),
            let (day, dayEnd) = digitsAfter(monthEnd + secondDash), (1...2).contains(day.count)
        {
            offset = dayEnd
            let range = SourceRange(start: start, end: offset)
            let (y, m, d) = (Int(integral)!, Int(month)!, Int(day)!)
            if let date = CalendarDate(year: y, month: m, day: d) {
                emit(.date(date), from: start)
            } else {
                report(Messages.invalidDate(file, range, year: y, month: m, day: d))
                emit(.date(CalendarDate(dayNumber: 0)), from: start)
            }
            return
        }
        // `2022年11月30日`, as staff type a date.
        if integral.count == 4, let (year, afterYear) = peekScalar(), year == "年",
            let (month, monthEnd) = digitsAfter(offset + afterYear), (1...2).contains(month.count),
            let (monthMark, afterMonth) = peekScalar(at: monthEnd), monthMark == "月",
            let (day, dayEnd) = digitsAfter(monthEnd + afterMonth), (1...2).contains(day.count),
            let (dayMark, afterDay) = peekScalar(at: dayEnd), dayMark == "日"
        {
            offset = dayEnd + afterDay
            let (y, m, d) = (Int(integral)!, Int(month)!, Int(day)!)
            if let date = CalendarDate(year: y, month: m, day: d) {
                emit(.date(date), from: start)
            } else {
                report(Messages.invalidDate(file, SourceRange(start: start, end: offset), year: y, month: m, day: d))
                emit(.date(CalendarDate(dayNumber: 0)), from: start)
            }
            return
        }
        var text = integral
        if let (scalar, length) = peekScalar(), scalar == "." || scalar == "．",
            let (next, _) = peekScalar(at: offset + length), Self.digitValue(next) != nil
        {
            offset += length
            text += "." + readDigits()
        }
        emit(.number(text), from: start)
        _ = lexChineseUnit(after: text)
    }

    private mutating func readDigits() -> String {
        var text = ""
        while let (scalar, length) = peekScalar(), let digit = Self.digitValue(scalar) {
            text.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit))))
            offset += length
        }
        return text
    }

    /// The digits starting at `position`, without consuming them.
    private func digitsAfter(_ position: Int) -> (String, Int)? {
        var cursor = position
        var text = ""
        while let (scalar, length) = peekScalar(at: cursor), let digit = Self.digitValue(scalar) {
            text.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit))))
            cursor += length
        }
        return text.isEmpty ? nil : (text, cursor)
    }

    /// The length of a `-` (or full-width `－`) at `position`, if there is one.
    private func peekDash(at position: Int? = nil) -> Int? {
        guard let (scalar, length) = peekScalar(at: position ?? offset) else { return nil }
        return scalar == "-" || scalar == "－" ? length : nil
    }

    private mutating func lexWord() {
        let start = offset
        // The word's end first, its ASCII a byte at a time; then its text, made once.
        var fullWidthDigits = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x80 {
                guard Self.isASCIIWordByte(byte) else { break }
                offset += 1
                continue
            }
            guard let (scalar, length) = peekScalar(), Self.isIdentifierContinue(scalar) else { break }
            if Self.digitValue(scalar) != nil { fullWidthDigits = true }
            offset += length
        }
        var word = String(decoding: bytes[start..<offset], as: UTF8.self)
        if fullWidthDigits {
            // A full-width digit is its ASCII digit in a name, as in a number.
            word = String(
                String.UnicodeScalarView(
                    word.unicodeScalars.map { scalar in
                        Self.digitValue(scalar).map { Unicode.Scalar(UInt8(ascii: "0") + UInt8($0)) } ?? scalar
                    }))
        }
        guard let meaning = keywords.keywords(for: word) else {
            emit(.identifier(word), from: start)
            return
        }
        // A Chinese word may stand for two keywords (`施行` is `in force`): both span the word.
        for keyword in meaning { emit(.keyword(keyword), from: start) }
    }

    /// A unit written in Chinese after a number in a file of English keywords (`4000元`): reported
    /// with the exact fix, and read as the English unit so that the rest of the file parses.
    private mutating func lexChineseUnit(after number: String) -> Bool {
        guard keywords == .en, let (scalar, _) = peekScalar(), Self.isIdentifierStart(scalar) else { return false }
        var cursor = offset
        var word = ""
        while let (next, length) = peekScalar(at: cursor), Self.isIdentifierStart(next) {
            word.unicodeScalars.append(next)
            cursor += length
        }
        guard let unit = KeywordSet.zh.keywords(for: word), unit.count == 1, Parser.unitWords.contains(unit[0]) else {
            return false
        }
        let english = Self.englishUnit(unit[0], after: number)
        report(
            Messages.chineseUnit(file, SourceRange(start: offset, end: cursor), word, number: number, english: english))
        let start = offset
        offset = cursor
        emit(.keyword(Keyword(rawValue: english) ?? unit[0]), from: start)
        return true
    }

    /// `day` after 1, `days` after any other number (and `claim`, `claims`); `yuan` and `percent`
    /// have one form.
    static func englishUnit(_ unit: Keyword, after number: String) -> String {
        let plural: [Keyword: Keyword] = [
            .day: .days, .month: .months, .hour: .hours, .person: .persons, .year: .years, .claim: .claims,
        ]
        guard let many = plural[unit], number != "1" else { return unit.rawValue }
        return many.rawValue
    }

    private mutating func lexSymbol(_ scalar: Unicode.Scalar, length: Int) -> Symbol? {
        guard let first = Self.asciiTwin(of: scalar) else { return nil }
        offset += length
        if let (next, nextLength) = peekScalar(), let second = Self.asciiTwin(of: next),
            let pair = Symbol(rawValue: String(first) + String(second))
        {
            offset += nextLength
            return pair
        }
        switch first {
        case "≤": return .lessEqual
        case "≥": return .greaterEqual
        case "≠": return .notEqual
        case "×": return .star
        case "÷": return .slash
        default: break
        }
        if let symbol = Symbol(rawValue: String(first)) { return symbol }
        offset -= length
        return nil
    }

    private mutating func reportStrayCharacter(_ scalar: Unicode.Scalar, length: Int) {
        let range = SourceRange(start: offset, end: offset + length)
        let start = offset
        offset += length
        // `、` and `；` between two items of a line (`甲、乙、丙`, `天数 = 3 天； 人数 = 2 人`) separate
        // them as `,` does: read as `,`, so the rest of the line is checked, and reported once a line.
        if Self.separators.contains(scalar), !restOfLineIsEmpty() {
            emit(.symbol(.comma), from: start)
            let line = file.location(of: start).line
            if let last = separatorReported, last.scalar == scalar, last.line == line, last.errors == errors.log.diagnostics.count
            {
                return
            }
            report(Messages.separator(file, range, scalar))
            separatorReported = (scalar, line, errors.log.diagnostics.count)
            return
        }
        if Self.isStrayControl(scalar) {
            // A run of control characters (a file saved by a word processor, or bytes that are
            // not text, holds them by the hundred) is one error over the run.
            var run = [scalar]
            while let (next, nextLength) = peekScalar(), Self.isStrayControl(next) {
                offset += nextLength
                run.append(next)
            }
            report(Messages.strayControlCharacters(file, SourceRange(start: start, end: offset), run))
            return
        }
        report(Messages.strayCharacter(file, range, scalar, fix: Self.suggestedFix(for: scalar)))
    }

    /// A control character the lexer reads as no token: any but the line breaks and the tab,
    /// which separate tokens.
    static func isStrayControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\n" && scalar != "\r" && scalar != "\t" && scalar.properties.generalCategory == .control
    }

    /// Characters copied from documents that separate items, where the language writes `,`.
    static let separators: Set<Unicode.Scalar> = ["、", "；", ";"]

    /// Whether nothing but spaces, a comment or a closing `}` follows on this line.
    private func restOfLineIsEmpty() -> Bool {
        var cursor = offset
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                cursor += 1
            } else if byte == 0xE3, cursor + 2 < bytes.count, bytes[cursor + 1] == 0x80, bytes[cursor + 2] == 0x80 {
                cursor += 3  // U+3000, the ideographic space
            } else {
                return Self.isLineBreak(byte) || byte == UInt8(ascii: "}")
                    || (byte == UInt8(ascii: "/") && cursor + 1 < bytes.count && bytes[cursor + 1] == UInt8(ascii: "/"))
            }
        }
        return true
    }

    /// Reports the run of bytes from here that are not UTF-8, up to the next character that is,
    /// as one error: a word saved as GBK is one error, not one a character.
    private mutating func reportInvalidUTF8() {
        let start = offset
        repeat {
            offset += 1
            // The rest of the malformed sequence.
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
        } while offset < bytes.count && peekScalar() == nil
        report(Messages.invalidUTF8(file, SourceRange(start: start, end: offset), bytes: bytes[start..<offset]))
    }

    // MARK: UTF-8

    private func peekByte(_ ahead: Int) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    private func peekScalar() -> (Unicode.Scalar, Int)? {
        peekScalar(at: offset)
    }

    private func peekScalar(at position: Int) -> (Unicode.Scalar, Int)? {
        decodeScalar(in: bytes, at: position)
    }

    // MARK: Character classes

    /// LF or CR: either ends a line (a CR alone, or the CR of a CRLF).
    static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: Int(scalar.value - 0xFF10)  // full-width ０-９
        default: nil
        }
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar == "_" || (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        }
        return scalar.properties.isAlphabetic
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || digitValue(scalar) != nil
    }

    /// Whether an ASCII byte continues a word (a letter, a digit or `_`), read from two masks,
    /// one bit a byte: one test, not one for each range of letters and digits.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        byte < 64 ? (wordBytesBelow64 >> UInt64(byte)) & 1 != 0 : (wordBytesFrom64 >> UInt64(byte &- 64)) & 1 != 0
    }

    /// `0`–`9` (0x30–0x39).
    private static let wordBytesBelow64: UInt64 = 0x03FF_0000_0000_0000
    /// `A`–`Z` (0x41–0x5A), `_` (0x5F) and `a`–`z` (0x61–0x7A), less 64.
    private static let wordBytesFrom64: UInt64 = 0x07FF_FFFE_87FF_FFFE

    /// ASCII operators and punctuation, and the full-width forms accepted in their place.
    static func asciiTwin(of scalar: Unicode.Scalar) -> Character? {
        switch scalar {
        case "{", "}", "(", ")", "[", "]", ",", ":", ".", "|", "+", "-", "*", "/", "%", "=", "!", "<", ">":
            Character(scalar)
        case "≤", "≥", "≠", "×", "÷":
            Character(scalar)
        case "（": "("
        case "）": ")"
        case "［": "["
        case "］": "]"
        case "｛": "{"
        case "｝": "}"
        case "，": ","
        case "：": ":"
        case "．": "."
        case "｜": "|"
        case "＋": "+"
        case "－": "-"
        case "＊": "*"
        case "／": "/"
        case "％": "%"
        case "＝": "="
        case "！": "!"
        case "＜": "<"
        case "＞": ">"
        default: nil
        }
    }

    /// What to do instead of writing a character the language does not use.
    static func suggestedFix(for scalar: Unicode.Scalar) -> Phrase? {
        switch scalar {
        case "“", "”", "„", "‟", "＂": Phrase("write \" around text instead", "文本应改用直引号“\"”括起")
        case "‘", "’", "'": Phrase("write text between straight double quotes: \"…\"", "文本应写在英文直双引号之间：\"…\"")
        case "、": Phrase("write , instead", "应改为“,”")
        case "；", ";": Phrase("remove it: a declaration needs no closing mark", "请删除：声明末尾不需要结束符号")
        case "。": Phrase("write . instead, or remove it", "应改为“.”，或删除")
        case "—", "–", "―": Phrase("write - instead", "应改为“-”")
        case "〔", "【", "〈", "《", "〕", "】", "〉", "》":
            Phrase(
                "write ( or ) instead, or keep the character inside text between \"…\"",
                "应改为“(”或“)”，或将该字符写在 \"…\" 之间的文本中")
        case "#": Phrase("write // to start a comment", "注释以“//”开头")
        case "!": Phrase("write != to compare, or not to negate", "比较不等用“!=”，取反用“非”")
        default: nil
        }
    }
}
