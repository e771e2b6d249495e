// A diagnostic is data: what went wrong, where, and what to do about it. Every stage of the
// pipeline (lexer, parser, checker, library) reports through it; `DiagnosticRenderer` turns it
// into text. The messages themselves are built in `Messages.swift`, one catalogue for the project.

package struct Diagnostic: Error, Sendable {
    package enum Severity: String, Sendable, Comparable {
        case error, warning, note

        package static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        /// How a report names it: `error`, or `错误` in Chinese.
        package var name: String {
            switch self {
            case .error: localized("error", "错误")
            case .warning: localized("warning", "警告")
            case .note: localized("note", "注")
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
        package let text: String
    }

    package let severity: Severity
    /// A short stable code, e.g. `unit-mismatch`, for searching and for editors.
    package let code: String
    package let message: String
    package let file: SourceFile?
    package let range: SourceRange?
    /// Text under the primary span's underline.
    package var primaryLabel: String?
    package var labels: [Label]
    package var hint: String?
    package var notes: [String]

    package init(
        _ severity: Severity, _ code: String, _ message: String,
        file: SourceFile?, range: SourceRange?,
        primaryLabel: String? = nil, labels: [Label] = [], hint: String? = nil, notes: [String] = []
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
        enumerated().sorted { left, right in
            let l = left.element
            let r = right.element
            let lp = l.file?.path ?? ""
            let rp = r.file?.path ?? ""
            if lp != rp { return lp < rp }
            let lo = l.range?.start ?? -1
            let ro = r.range?.start ?? -1
            if lo != ro { return lo < ro }
            return left.offset < right.offset
        }.map(\.element)
    }
}
