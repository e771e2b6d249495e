// A diagnostic is data: what went wrong, where, and what to do about it, each text a `Phrase` in
// both languages. Every stage of the pipeline (lexer, parser, checker, library) reports through
// it; `DiagnosticRenderer` turns it into text in the language it is given. The messages
// themselves are built by `Messages`, a catalogue kept beside each stage (`Syntax/Messages+Syntax.swift`, …).

package struct Diagnostic: Error, Sendable {
    package enum Severity: String, Sendable, Comparable {
        case error, warning, note

        package static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        /// How a report names it: `error`, or `错误` in Chinese.
        package var name: Phrase {
            switch self {
            case .error: Phrase("error", "错误")
            case .warning: Phrase("warning", "警告")
            case .note: Phrase("note", "注")
            }
        }

        private var rank: Int {
            switch self {
            case .error: 2
            case .warning: 1
            case .note: 0
            }
        }
    }

    /// A secondary span with a short label, underlined beside the primary one.
    package struct Label: Sendable {
        package let range: SourceRange
        package let text: Phrase
    }

    package let severity: Severity
    /// A short stable code, e.g. `unit-mismatch`, for searching and for editors.
    package let code: DiagnosticCode
    package let message: Phrase
    package let file: SourceFile?
    package let range: SourceRange?
    /// Text under the primary span's underline.
    package var primaryLabel: Phrase?
    package var labels: [Label]
    package var hint: Phrase?
    package var notes: [Phrase]

    package init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: Phrase,
        file: SourceFile?, range: SourceRange?,
        primaryLabel: Phrase? = nil, labels: [Label] = [], hint: Phrase? = nil, notes: [Phrase] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.file = file
        self.range = range
        self.primaryLabel = primaryLabel
        self.labels = labels
        self.hint = hint
        self.notes = notes
    }

    package var location: SourceLocation? {
        guard let file, let range else { return nil }
        return file.location(of: range.start)
    }

    package var isError: Bool { severity == .error }

    /// The same diagnostic at another severity: `--strict` makes warnings errors.
    package func with(severity: Severity) -> Diagnostic {
        Diagnostic(
            severity, code, message, file: file, range: range, primaryLabel: primaryLabel, labels: labels, hint: hint,
            notes: notes)
    }
}

extension [Diagnostic] {
    package var hasErrors: Bool { contains(where: \.isError) }

    /// Diagnostics in file order, then by position: the order a reader expects.
    package func sortedByLocation() -> [Diagnostic] {
        // The keys are sorted, not the diagnostics: moving a diagnostic moves all its texts.
        let keys = indices.map { (path: self[$0].file?.path ?? "", start: self[$0].range?.start ?? -1, index: $0) }
        return keys.sorted { left, right in
            if left.path != right.path { return left.path < right.path }
            if left.start != right.start { return left.start < right.start }
            return left.index < right.index
        }.map { self[$0.index] }
    }
}
