// The text of a message in the catalogue (`Messages`), in one language, where whatever a policy
// wrote is quoted short: a name, a text or an expression interpolated into a message is
// abbreviated when it is long, so a 10 MB identifier is not echoed whole into a warning. A phrase
// interpolated into it gives its words in the text's language, so the catalogue writes
// `message("expected \(what)", "此处应为\(what)")` with `what` a `Phrase`.

/// The language a `MessageText` is written in.
protocol MessageLanguage {
    static var language: Language { get }
}

enum InEnglish: MessageLanguage { static var language: Language { .en } }
enum InChinese: MessageLanguage { static var language: Language { .zh } }

/// One language's text of a message. What is interpolated into it comes from a policy, a claim or
/// a document (a name, a text, an expression as written, a type named after an enum) and is
/// abbreviated when long. A list of names goes in as
/// `\(names, separator: ", ")` or `\(quoted: names)`, each name abbreviated; text that is no
/// name (a file's path, a place) as `\(verbatim: …)`; a phrase in this text's language.
struct MessageText<In: MessageLanguage>: ExpressibleByStringInterpolation {
    let text: String

    init(stringLiteral value: String) {
        text = value
    }

    init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// A name, a text or an expression as the policy wrote it, or a type (named after an enum),
        /// a number, a date: whole up to 100 characters, abbreviated beyond.
        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            text += value.description.abbreviated(in: In.language)
        }

        /// Words the catalogue composed, in this text's language.
        mutating func appendInterpolation(_ phrase: Phrase) {
            text += phrase.text(in: In.language)
        }

        /// Words the catalogue may have composed, or nothing.
        mutating func appendInterpolation(_ phrase: Phrase?) {
            if let phrase { text += phrase.text(in: In.language) }
        }

        /// Names in a list, each abbreviated: `\(programs, separator: ", ")`.
        mutating func appendInterpolation(_ names: [String], separator: String) {
            text += names.map { $0.abbreviated(in: In.language) }.joined(separator: separator)
        }

        /// Names in a list, each abbreviated and quoted: `'a', 'b'` in English, `“a”、“b”` in Chinese.
        mutating func appendInterpolation(quoted names: [String]) {
            let names = names.map { $0.abbreviated(in: In.language) }
            text +=
                In.language == .zh
                ? names.map { "“\($0)”" }.joined(separator: "、") : names.map { "'\($0)'" }.joined(separator: ", ")
        }

        mutating func appendInterpolation(verbatim: String) {
            text += verbatim
        }
    }
}

/// A message's phrase, written in both languages side by side.
func message(_ english: MessageText<InEnglish>, _ chinese: MessageText<InChinese>) -> Phrase {
    Phrase(english.text, chinese.text)
}

extension String {
    /// The text as a message quotes it: whole up to 100 characters; beyond, its first and last 20
    /// characters and its length, `名名名…名名名 (10,485,760 characters)`, so that a message stays a line
    /// however long a name is. `DiagnosticRenderer` shows a long source line as a window likewise.
    func abbreviated(in language: Language) -> String {
        guard utf8.count > Self.longestQuoted else { return self }  // fewer bytes, fewer characters
        let length = count
        guard length > Self.longestQuoted else { return self }
        let ends = prefix(20) + "…" + suffix(20)
        let grouped = Self.grouped(length)
        return ends + Phrase(" (\(grouped) characters)", "（共\(grouped)个字符）").text(in: language)
    }

    /// The most characters a message quotes whole.
    static let longestQuoted = 100

    /// A count with its thousands separated: 10,485,760.
    private static func grouped(_ count: Int) -> String {
        var digits = String(count)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return digits
    }
}
