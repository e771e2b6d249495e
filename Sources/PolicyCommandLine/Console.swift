// The streams and environment a command runs with. The executable passes the real ones; tests
// pass buffers, so every subcommand can be run in-process and its output checked.

import Foundation
import PolicyLanguage

public final class Console {
    public let standardInput: () -> [UInt8]
    /// The input given to a console over buffers; nil for the process's own standard input.
    public let bufferedInput: [UInt8]?
    public private(set) var output = ""
    public private(set) var errors = ""
    private let echo: Bool
    public let outputIsTerminal: Bool
    public let errorIsTerminal: Bool
    public let environment: [String: String]

    /// A console over buffers, for tests.
    public init(input: [UInt8] = [], environment: [String: String] = [:]) {
        self.standardInput = { input }
        self.bufferedInput = input
        self.echo = false
        self.outputIsTerminal = false
        self.errorIsTerminal = false
        self.environment = environment
    }

    /// The process's own streams.
    public static func standard() -> Console {
        Console(standardStreams: ())
    }

    private init(standardStreams: Void) {
        self.standardInput = { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        self.bufferedInput = nil
        self.echo = true
        self.outputIsTerminal = isatty(1) == 1
        self.errorIsTerminal = isatty(2) == 1
        self.environment = ProcessInfo.processInfo.environment
    }

    public func write(_ text: String) {
        if echo { FileHandle.standardOutput.write(Data(text.utf8)) } else { output += text }
    }

    /// Bytes for standard output, written as they come: a batch's results.
    public func write(bytes: UnsafeRawBufferPointer) {
        if echo {
            var written = 0
            while written < bytes.count {
                let result = Foundation.write(1, bytes.baseAddress! + written, bytes.count - written)
                if result <= 0 { return }
                written += result
            }
        } else {
            output += String(decoding: bytes, as: UTF8.self)
        }
    }

    public func writeError(_ text: String) {
        if echo { FileHandle.standardError.write(Data(text.utf8)) } else { errors += text }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    public func useColor(forErrors: Bool) -> Bool {
        guard environment["NO_COLOR"].map({ $0.isEmpty }) ?? true else { return false }
        return forErrors ? errorIsTerminal : outputIsTerminal
    }
}

extension Console {
    /// Prints a library's errors and what is therefore not done (`no claim is evaluated`, in
    /// Chinese `不审核任何申领`); whether there were any. A broken set of policies is never used.
    func reportPolicyErrors(_ library: PolicyLibrary, so consequence: String) -> Bool {
        guard library.hasErrors else { return false }
        writeError(DiagnosticRenderer(useColor: useColor(forErrors: true)).render(library.diagnostics.filter(\.isError)))
        writeError(errorLine(localized("the policies have errors, so \(consequence)", "政策文件有错误，因此\(consequence)")))
        return true
    }
}
