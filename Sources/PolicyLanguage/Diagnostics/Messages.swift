// The catalogue of messages, one function per kind, kept beside the stage that reports them
// (`Syntax/Messages+Syntax.swift`, `Semantics/Messages+Checker.swift`, `Library/Messages+Library.swift`,
// `Analysis/Messages+Analysis.swift`, `Syntax/Messages+Formatter.swift`). Messages are written for
// policy staff: they name what was found, what was expected and, where it helps, what to write
// instead. Each is a `Phrase` written in English and in Chinese side by side with `message`, whose
// `MessageText` quotes a long name abbreviated, in every message alike.

enum Messages {
    /// "did you mean …?", when a close name was found.
    static func didYouMean(_ suggestion: String?) -> Phrase? {
        suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") }
    }

    /// The plural `s` of an English count.
    static func plural(_ count: Int) -> String { count == 1 ? "" : "s" }
}
