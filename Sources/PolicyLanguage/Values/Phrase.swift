// What the engine says to a person, held in both languages it speaks. A diagnostic, a claim's
// problem, a refusal's reason and a trace's label are phrases; the language is chosen only where
// the words are shown (the renderer, the console, a batch's writer), so one compiled program or
// one library serves an English and a Chinese reader alike.

package struct Phrase: Sendable, Hashable {
    package let english: String
    package let chinese: String

    /// A phrase written in both languages, side by side where it is made.
    package init(_ english: String, _ chinese: String) {
        self.english = english
        self.chinese = chinese
    }

    /// Words that read the same in both languages: a name, a number, a date, a quotation.
    package init(verbatim text: String) {
        self.english = text
        self.chinese = text
    }

    package func text(in language: Language) -> String {
        language == .zh ? chinese : english
    }

    package static let empty = Phrase(verbatim: "")

    package var isEmpty: Bool { english.isEmpty && chinese.isEmpty }

    /// Each language's text changed alike: `reason.map { "(\($0))" }`.
    package func map(_ transform: (String) -> String) -> Phrase {
        Phrase(transform(english), transform(chinese))
    }

    /// The two phrases one after the other, in each language.
    package static func + (left: Phrase, right: Phrase) -> Phrase {
        Phrase(left.english + right.english, left.chinese + right.chinese)
    }
}

extension Sequence<Phrase> {
    /// The phrases joined, each language with its own separator (`, ` and `、`).
    package func joined(_ english: String, _ chinese: String) -> Phrase {
        let all = Array(self)
        return Phrase(all.map(\.english).joined(separator: english), all.map(\.chinese).joined(separator: chinese))
    }
}

extension DefaultStringInterpolation {
    /// A phrase has no text until a language is chosen: write `\(phrase.english)` in an English
    /// text and `\(phrase.chinese)` in a Chinese one, or `phrase.text(in: language)`. (An
    /// unavailable overload would only make the compiler pick the generic one; this one wins and warns.)
    @available(*, deprecated, message: "choose the language: phrase.english, phrase.chinese or phrase.text(in:)")
    package mutating func appendInterpolation(_ phrase: Phrase) {
        appendLiteral(phrase.english)
    }
}
