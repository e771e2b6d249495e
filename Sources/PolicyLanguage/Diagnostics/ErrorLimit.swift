// How many syntax errors a file shows. A file that is not policy text at all (a spreadsheet, a
// document saved by a word processor, Chinese saved as GBK) has an error for nearly every line or
// byte: the first twenty say what is wrong, a thousand more would bury them, and reading on through
// them would cost far more than the errors are worth. So the lexer and the parser each stop at their
// first error past the limit, and of what they found, the file shows the first twenty errors in its
// order and one more saying it was not checked from the next one on (`too-many-errors`). C compilers
// stop at twenty too (clang's `-ferror-limit`).

/// The errors one pass over a file (the lexer, the parser) reports, up to the first past the limit,
/// where the pass stops reading.
package struct ErrorLog: Sendable {
    /// How many errors a pass reports before it stops at the next; nil for no limit.
    package let limit: Int?
    /// The errors, in the order reported: the order of the file.
    package private(set) var diagnostics: [Diagnostic] = []

    package init(limit: Int?) {
        self.limit = limit
    }

    /// Whether the pass has reported an error past the limit, and so reads no further.
    package var isFull: Bool {
        guard let limit else { return false }
        return diagnostics.count > limit
    }

    /// An error, kept unless the log is full.
    package mutating func report(_ diagnostic: Diagnostic) {
        guard !isFull else { return }
        diagnostics.append(diagnostic)
    }

    /// The errors a file shows of its passes' logs: the first in the file up to the limit they were
    /// kept to, and, if there were more, one at the first of the others saying the file is not checked from there on.
    ///
    /// A pass stopped at its first error past the limit, so any error before the first `limit + 1`
    /// of all the passes' was read by every pass.
    package static func shown(_ logs: [ErrorLog], file: SourceFile) -> [Diagnostic] {
        let all = logs.flatMap(\.diagnostics)
        let order = all.indices.sorted { (all[$0].range?.start ?? 0, $0) < (all[$1].range?.start ?? 0, $1) }
        guard let limit = logs.compactMap(\.limit).min(), order.count > limit else { return order.map { all[$0] } }
        return order.prefix(limit).map { all[$0] } + [Messages.tooManyErrors(file, all[order[limit]].range, limit: limit)]
    }
}

/// The log a pass fills as it reads. A reference, so that a pass reports from a method that does
/// not change it: the message, built only if the log is not full, reads the pass (and whether the
/// log is full) before the log records it.
final class ErrorRecorder {
    private(set) var log: ErrorLog

    init(limit: Int?) {
        log = ErrorLog(limit: limit)
    }

    var isFull: Bool { log.isFull }

    func report(_ diagnostic: () -> Diagnostic) {
        guard !log.isFull else { return }
        let built = diagnostic()
        log.report(built)
    }
}
