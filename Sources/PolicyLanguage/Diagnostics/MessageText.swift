// The text of a message in the catalogue (`Messages`), where whatever a policy wrote is quoted
// short: a name, a text or an expression interpolated into a message is abbreviated when it is
// long, so a 10 MB identifier is not echoed whole into a warning. The catalogue's `localized`
// takes these; everything else speaks plain `String`s.

/// One language's text of a message. What is interpolated into it comes from a policy, a claim or
/// a document (a name, a text, an expression as written, a type named after an enum) and is
/// abbreviated when long. A list of names goes in as
/// `\(names, separator: ", ")` or `\(quoted: names)`, each name abbreviated; text that is no
/// name (a file's path, a place, a phrase the catalogue composed) as `\(verbatim: …)`.
struct MessageText: ExpressibleByStringInterpolation {
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
            text += value.description.abbreviated
        }

        /// Names in a list, each abbreviated: `\(programs, separator: ", ")`.
        mutating func appendInterpolation(_ names: [String], separator: String) {
            text += names.map(\.abbreviated).joined(separator: separator)
        }

        /// Names in a list, each abbreviated and quoted: `'a', 'b'` in English, `“a”、“b”` in Chinese.
        mutating func appendInterpolation(quoted names: [String]) {
            let names = names.map(\.abbreviated)
            text += localized(names.map { "'\($0)'" }.joined(separator: ", "), names.map { "“\($0)”" }.joined(separator: "、"))
        }

        mutating func appendInterpolation(verbatim: String) {
            text += verbatim
        }
    }
}

extension String {
    /// The text as a message quotes it: whole up to 100 characters; beyond, its first and last 20
    /// characters and its length, `名名名…名名名 (10,485,760 characters)`, so that a message stays a line
    /// however long a name is. `DiagnosticRenderer` shows a long source line as a window likewise.
    var abbreviated: String {
        guard utf8.count > Self.longestQuoted else { return self }  // fewer bytes, fewer characters
        let length = count
        guard length > Self.longestQuoted else { return self }
        let ends = prefix(20) + "…" + suffix(20)
        let grouped = Self.grouped(length)
        return ends + localized(" (\(grouped) characters)", "（共\(grouped)个字符）")
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
