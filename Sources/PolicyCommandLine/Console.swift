// The streams and environment a command runs with. The executable passes the real ones; tests
// pass buffers, so every subcommand can be run in-process and its output checked.

import Foundation
import PolicyLanguage

package final class Console {
    /// A write to standard output or standard error that did not go through: which stream, and
    /// the system's error number. A closed pipe (EPIPE) ends a command quietly; anything else is
    /// reported and exits 74.
    package struct WriteFailure: Sendable, Equatable {
        package enum Stream: Sendable { case output, error }
        package let stream: Stream
        package let code: Int32
        package var isClosedPipe: Bool { code == EPIPE }
    }

    package let standardInput: () -> [UInt8]
    /// The input given to a console over buffers; nil for the process's own standard input.
    package let bufferedInput: [UInt8]?
    package private(set) var output = ""
    package private(set) var errors = ""
    /// The first write that failed; nothing is written to a stream after it fails.
    package private(set) var writeFailure: WriteFailure?
    private let echo: Bool
    /// For tests: standard output fails with this error number, as a full disk or a closed pipe would.
    private let failingOutput: Int32?
    package let outputIsTerminal: Bool
    package let errorIsTerminal: Bool
    package let environment: [String: String]
    /// The language the command speaks (`--lang`, else LANG): every message is a phrase in both
    /// languages until it is written here.
    package internal(set) var language: Language = .en
    /// The language `--lang` named, nil without the option: what `policy doc` writes every page in,
    /// where otherwise each page speaks its policy file's language.
    package internal(set) var languageOption: Language?
    /// `--color auto|always|never`: whether diagnostics are drawn in colour.
    package enum ColorChoice: String, Sendable {
        /// On a terminal, unless NO_COLOR is set.
        case auto
        /// Even into a file or a pipe, and even with NO_COLOR set: the command line asked.
        case always
        case never
    }
    package internal(set) var color: ColorChoice = .auto

    /// A console over buffers, for tests. `failingOutput` makes every write to standard output
    /// fail with that error number (`ENOSPC`, `EPIPE`).
    package init(input: [UInt8] = [], environment: [String: String] = [:], failingOutput: Int32? = nil) {
        self.standardInput = { input }
        self.bufferedInput = input
        self.echo = false
        self.failingOutput = failingOutput
        self.outputIsTerminal = false
        self.errorIsTerminal = false
        self.environment = environment
    }

    /// The process's own streams.
    package static func standard() -> Console {
        Console(standardStreams: ())
    }

    private init(standardStreams: Void) {
        self.standardInput = { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        self.bufferedInput = nil
        self.echo = true
        self.failingOutput = nil
        self.outputIsTerminal = isatty(1) == 1
        self.errorIsTerminal = isatty(2) == 1
        self.environment = ProcessInfo.processInfo.environment
    }

    package func write(_ text: String) {
        var text = text
        text.withUTF8 { _ = write(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Bytes for standard output, written as they come (a batch's results): whether all of
    /// them were written.
    package func write(bytes: UnsafeRawBufferPointer) -> Bool {
        guard echo else {
            if let failingOutput {
                record(WriteFailure(stream: .output, code: failingOutput))
                return false
            }
            output += String(decoding: bytes, as: UTF8.self)
            return true
        }
        return write(bytes, to: 1, stream: .output)
    }

    package func writeError(_ text: String) {
        guard echo else {
            errors += text
            return
        }
        var text = text
        text.withUTF8 { _ = write(UnsafeRawBufferPointer($0), to: 2, stream: .error) }
    }

    /// Writes all of `bytes` to a descriptor, or records why not.
    private func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, stream: WriteFailure.Stream) -> Bool {
        guard writeFailure?.stream != stream else { return false }
        guard let code = FileDescriptorWriter.writeAll(bytes, to: descriptor) else { return true }
        record(WriteFailure(stream: stream, code: code))
        return false
    }

    /// Flushes standard output to disk when it is a file (`> results.csv`), so what was written
    /// is there; the system's error number if that fails.
    package func synchronizeOutput() -> Int32? {
        guard echo else { return writeFailure?.stream == .output ? writeFailure?.code : nil }
        var status = stat()
        guard fstat(1, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        if fsync(1) != 0, errno != EINVAL, errno != EROFS {
            let code = errno
            record(WriteFailure(stream: .output, code: code))
            return code
        }
        return nil
    }

    private func record(_ failure: WriteFailure) {
        if writeFailure == nil { writeFailure = failure }
    }

    /// Colour as `--color` asks; by default (`auto`) only on a terminal, and never when NO_COLOR
    /// is set (https://no-color.org).
    package func useColor(forErrors: Bool) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto: break
        }
        guard environment["NO_COLOR"].map({ $0.isEmpty }) ?? true else { return false }
        return forErrors ? errorIsTerminal : outputIsTerminal
    }
}

extension Console {
    /// Words in the language of the command.
    func say(_ phrase: Phrase) -> String {
        phrase.text(in: language)
    }

    /// Words written in both languages where they are said.
    func say(_ english: String, _ chinese: String) -> String {
        language == .zh ? chinese : english
    }

    /// `error: MESSAGE`, a line of standard error, headed as the diagnostics are: `错误: …` in Chinese.
    func errorLine(_ message: String) -> String {
        "\(say(Diagnostic.Severity.error.name)): \(message)\n"
    }

    func errorLine(_ message: Phrase) -> String {
        errorLine(say(message))
    }

    /// `note: MESSAGE`, a line of standard error: `注: …` in Chinese.
    func noteLine(_ message: String) -> String {
        "\(say(Diagnostic.Severity.note.name)): \(message)\n"
    }

    func noteLine(_ message: Phrase) -> String {
        noteLine(say(message))
    }

    /// Diagnostics drawn for standard error, in the command's language.
    var renderer: DiagnosticRenderer {
        DiagnosticRenderer(useColor: useColor(forErrors: true), language: language)
    }

    /// The codes of a library's errors that are about the paths the command line named rather
    /// than the policies in them: those exit 64, as every unreadable path does.
    static let pathProblemCodes: Set<DiagnosticCode> = [.noSuchPath, .unreadable, .noPolicies]

    /// Prints a library's errors and what is therefore not done (`no claim is evaluated`, in
    /// Chinese `不审核任何申领`); the exit code when there were any: 64 for a path that cannot be
    /// read, 2 for policies with errors. A broken set of policies is never used.
    /// The paths are taken as operands (`policy doc PATHS`) in the hints.
    func reportPolicyErrors(_ library: PolicyLibrary, so consequence: Phrase) -> ExitCode? {
        reportPolicyErrors(library, so: consequence, explained: Self.explained(library.diagnostics, option: nil, searched: []))
    }

    /// The same, printing `diagnostics`: the library's, with hints for the command line.
    func reportPolicyErrors(_ library: PolicyLibrary, so consequence: Phrase, explained diagnostics: [Diagnostic]) -> ExitCode? {
        guard library.hasErrors else { return nil }
        writeError(renderer.render(diagnostics.filter(\.isError)))
        if diagnostics.contains(where: { $0.isError && Self.pathProblemCodes.contains($0.code) }) { return .usage }
        writeError(
            errorLine(Phrase("the policies have errors, so \(consequence.english)", "政策文件有错误，因此\(consequence.chinese)")))
        return .invalidPolicy
    }

    /// The bytes of a file the command line names (`-`: standard input); nil after printing why
    /// it cannot be read, which is a usage error (64). `what` names the file for the message:
    /// "the claim file".
    func readFile(_ path: String, what: Phrase) -> [UInt8]? {
        if path == "-" { return standardInput() }
        if let problem = Self.readProblem(path) {
            writeError(errorLine(Phrase("cannot read \(what.english) \(path): ", "无法读取\(what.chinese) \(path)：") + problem))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            writeError(errorLine(Phrase("cannot read \(what.english) \(path)", "无法读取\(what.chinese) \(path)")))
            return nil
        }
        return [UInt8](data)
    }

    /// Why a file named on the command line cannot be read as a file, if it cannot.
    static func readProblem(_ path: String) -> Phrase? {
        var status = stat()
        guard stat(path, &status) == 0 else { return SystemError.reason(errno) }
        if status.st_mode & S_IFMT == S_IFDIR { return SystemError.reason(EISDIR) }
        guard access(path, R_OK) == 0 else { return SystemError.reason(errno) }
        return nil
    }
}
