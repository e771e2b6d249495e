// `policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE] [--format csv|jsonl]`: a batch
// of claims, one result per claim in input order, with a summary on standard error.

import Foundation
import PolicyLanguage

enum RunCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(
                arguments, flags: [], options: ["--policies", "--out", "--ledger", "--format"], reportingTo: console)
        else {
            return .usage
        }
        guard options.positional.count <= 1 else {
            console.writeError("error: run takes one file of claims (CSV or JSON lines), or - for standard input\n")
            return .usage
        }
        var outputFormat: BatchFormat?
        if let format = options.values["--format"] {
            guard let parsed = BatchFormat(rawValue: format) else {
                console.writeError("error: --format is csv or jsonl, not \(format)\n")
                return .usage
            }
            outputFormat = parsed
        }
        let library = PolicyLibrary.load(paths: [options.values["--policies"] ?? "policies"])
        if console.reportPolicyErrors(library, so: "no claim is evaluated") { return .invalidPolicy }
        let ledgerPath = options.values["--ledger"]
        var ledger = Ledger()
        if let ledgerPath, !FileManager.default.fileExists(atPath: ledgerPath) {
            console.writeError("note: there is no ledger at \(ledgerPath) yet: this batch starts one\n")
        } else if let ledgerPath {
            switch Ledger.load(from: ledgerPath) {
            case .success(let loaded): ledger = loaded
            case .failure(let error):
                console.writeError("error: \(error.message)\n")
                return .invalidClaim
            }
        }

        // The claims: a file, or standard input.
        let path = options.positional.first ?? "-"
        var source: any ByteSource
        var size: Int?
        var firstBytes: [UInt8]
        if path == "-", let bytes = console.bufferedInput {
            source = BytesSource(bytes)
            firstBytes = Array(bytes.prefix(64))
        } else {
            let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
            guard descriptor >= 0 else {
                console.writeError("error: cannot read the claims file \(path): no such file or not readable\n")
                return .invalidClaim
            }
            var status = stat()
            if path != "-", fstat(descriptor, &status) == 0 { size = Int(status.st_size) }
            var file = FileDescriptorSource(descriptor: descriptor)
            firstBytes = file.peek(64)
            source = file
        }
        let inputFormat = detectFormat(path: path, firstBytes: firstBytes)

        // The results: a file, or standard output.
        let write: (UnsafeRawBufferPointer) -> Void
        var outputDescriptor: Int32?
        if let out = options.values["--out"] {
            let descriptor = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else {
                console.writeError("error: cannot write the results to \(out)\n")
                return .usage
            }
            outputDescriptor = descriptor
            write = { buffer in writeAll(descriptor, buffer) }
        } else {
            write = { buffer in console.write(bytes: buffer) }
        }

        let started = ContinuousClock.now
        let showProgress = console.errorIsTerminal
        var lastShown = started
        let runner = BatchRunner(
            library: library, ledger: ledger, outputFormat: outputFormat ?? inputFormat,
            progress: showProgress
                ? { done, bytes in
                    let now = ContinuousClock.now
                    guard now - lastShown > .milliseconds(250) else { return }
                    lastShown = now
                    console.writeError(
                        "\r" + progressLine(done: done, bytes: bytes, size: size, elapsed: now - started) + "\u{1B}[K")
                } : nil)
        let summary = runner.run(&source, inputFormat: inputFormat, write: write)
        let elapsed = ContinuousClock.now - started
        if let outputDescriptor { close(outputDescriptor) }
        if showProgress { console.writeError("\r\u{1B}[K") }

        if let ledgerPath {
            if case .failure(let error) = ledger.save(to: ledgerPath) {
                console.writeError("error: \(error.message)\n")
                return .invalidClaim
            }
        }
        console.writeError(summaryText(summary, elapsed: elapsed))
        return summary.invalid > 0 ? .invalidClaim : .success
    }

    /// JSON lines or CSV, by the file's extension or else by its first character.
    static func detectFormat(path: String, firstBytes: [UInt8]) -> BatchFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        let first = firstBytes.drop(while: {
            $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09
        }).first
        return first == UInt8(ascii: "{") ? .jsonl : .csv
    }

    static func summaryText(_ summary: BatchSummary, elapsed: Duration) -> String {
        var out =
            "claims read \(summary.read) = granted \(summary.granted) + refused \(summary.refused) + invalid \(summary.invalid)\n"
        if !summary.totalsByPolicy.isEmpty {
            out += "granted yuan by policy:\n"
            out += TextTable.render(
                summary.totalsByPolicy.map { [$0.policy, $0.amount.description] }, rightAligned: [false, true])
            out += "granted yuan by program:\n"
            out += TextTable.render(
                summary.totalsByProgram.map { ["\($0.policy) · \($0.program)", $0.amount.description] },
                rightAligned: [false, true])
        }
        let claims = summary.read == 1 ? "1 claim" : "\(summary.read) claims"
        out += "\(claims) in \(milliseconds(elapsed)) ms: \(perSecond(summary.read, elapsed)) claims/s\n"
        return out
    }

    static func progressLine(done: Int, bytes: Int, size: Int?, elapsed: Duration) -> String {
        let rate = perSecond(done, elapsed)
        var line = "\(done) claims, \(rate) claims/s"
        if let size, bytes > 0, rate > 0 {
            let remaining = (size - bytes) * done / bytes
            line += ", about \(remaining / max(rate, 1)) s left"
        }
        return line
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }

    static func milliseconds(_ duration: Duration) -> Int64 { nanoseconds(duration) / 1_000_000 }

    static func perSecond(_ count: Int, _ duration: Duration) -> Int {
        let nanos = max(nanoseconds(duration), 1)
        return Int(Int64(count) * 1_000_000_000 / nanos)
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) {
        var written = 0
        while written < buffer.count {
            let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if result <= 0 { return }
            written += result
        }
    }
}
