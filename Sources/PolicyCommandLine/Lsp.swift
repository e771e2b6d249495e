// `policy lsp [--stdio]`: the language server for editors (`LanguageServer`), speaking the Language
// Server Protocol on standard input and output until the editor sends `exit` or closes the input.
// Exit code 0 after `shutdown` and `exit`, 1 when the input ends or `exit` comes without
// `shutdown` (as the protocol asks), 64 for an unknown option, 74 when standard output fails.

import Foundation
import PolicyLanguage
import PolicyTools

enum LspCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        // `--stdio` is what editors' clients pass to say how to talk; it is the only way here.
        guard Options.parse(arguments, command: "lsp", reportingTo: console) != nil else { return .usage }
        let server = LanguageServer()
        var given = console.bufferedInput
        var failed = false
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let code = server.run(
            read: {
                if given != nil {
                    defer { given = nil }
                    return given!.isEmpty ? nil : given
                }
                if failed || console.bufferedInput != nil { return nil }
                while true {
                    let count = chunk.withUnsafeMutableBytes { Foundation.read(0, $0.baseAddress, $0.count) }
                    if count > 0 { return Array(chunk[0..<count]) }
                    if count < 0, errno == EINTR { continue }
                    return nil
                }
            },
            write: { bytes in
                guard !failed else { return }
                failed = !bytes.withUnsafeBytes { console.write(bytes: $0) }
            })
        if failed, let failure = console.writeFailure, !failure.isClosedPipe { return .writeFailed }
        return code == 0 ? .success : .invalidClaim
    }
}
