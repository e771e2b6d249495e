// A diagnostic is data: what went wrong, where, and what to do about it. Every stage of the
// pipeline (lexer, parser, checker, library) reports through it; `DiagnosticRenderer` turns it
// into text. The messages themselves are built in `Messages.swift`, one catalogue for the project.

public struct Diagnostic: Error, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        /// How a report names it: `error`, or `错误` in Chinese.
        public var name: String {
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
    public struct Label: Sendable {
        public let range: SourceRange
        public let text: String
    }

    public let severity: Severity
    /// A short stable code, e.g. `unit-mismatch`, for searching and for editors.
    public let code: String
    public let message: String
    public let file: SourceFile?
    public let range: SourceRange?
    /// Text under the primary span's underline.
    public var primaryLabel: String?
    public var labels: [Label]
    public var hint: String?
    public var notes: [String]

    public init(
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

    public var location: SourceLocation? {
        guard let file, let range else { return nil }
        return file.location(of: range.start)
    }

    public var isError: Bool { severity == .error }

    /// The same diagnostic at another severity: `--strict` makes warnings errors.
    public func with(severity: Severity) -> Diagnostic {
        Diagnostic(
            severity, code, message, file: file, range: range, primaryLabel: primaryLabel, labels: labels, hint: hint,
            notes: notes)
    }
}

extension [Diagnostic] {
    public var hasErrors: Bool { contains(where: \.isError) }

    /// Diagnostics in file order, then by position: the order a reader expects.
    public func sortedByLocation() -> [Diagnostic] {
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
