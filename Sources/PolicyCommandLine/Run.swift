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
            console.writeError(
                errorLine(
                    localized(
                        "run takes one file of claims (CSV or JSON lines), or - for standard input",
                        "run 只接受一个申领文件（CSV 或 JSON 行），或用 - 表示标准输入")))
            return .usage
        }
        var outputFormat: BatchFormat?
        if let format = options.values["--format"] {
            guard let parsed = BatchFormat(rawValue: format) else {
                console.writeError(
                    errorLine(localized("--format is csv or jsonl, not \(format)", "--format 只能是 csv 或 jsonl，不能是 \(format)")))
                return .usage
            }
            outputFormat = parsed
        }
        let library = PolicyLibrary.load(paths: [options.values["--policies"] ?? "policies"])
        if console.reportPolicyErrors(library, so: localized("no claim is evaluated", "不审核任何申领")) { return .invalidPolicy }
        let ledgerPath = options.values["--ledger"]
        var ledger = Ledger()
        if let ledgerPath, !FileManager.default.fileExists(atPath: ledgerPath) {
            console.writeError(
                noteLine(
                    localized(
                        "there is no ledger at \(ledgerPath) yet: this batch starts one", "\(ledgerPath) 尚无台账：本批新建台账")))
        } else if let ledgerPath {
            switch Ledger.load(from: ledgerPath) {
            case .success(let loaded): ledger = loaded
            case .failure(let error):
                console.writeError(errorLine(error.message))
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
                console.writeError(
                    errorLine(
                        localized(
                            "cannot read the claims file \(path): no such file or not readable",
                            "无法读取申领文件 \(path)：文件不存在或不可读")))
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
                console.writeError(errorLine(localized("cannot write the results to \(out)", "无法将结果写入 \(out)")))
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
                console.writeError(errorLine(error.message))
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
        let (read, granted, refused, invalid) = (summary.read, summary.granted, summary.refused, summary.invalid)
        var out = localized(
            "claims read \(read) = granted \(granted) + refused \(refused) + invalid \(invalid)\n",
            "读取申领 \(read) 件 = 核准 \(granted) 件 + 拒绝 \(refused) 件 + 无效 \(invalid) 件\n")
        if !summary.totalsByPolicy.isEmpty {
            out += localized("granted yuan by policy:\n", "核准金额（元），按政策：\n")
            out += TextTable.render(
                summary.totalsByPolicy.map { [$0.policy, $0.amount.description] }, rightAligned: [false, true])
            out += localized("granted yuan by program:\n", "核准金额（元），按项目：\n")
            out += TextTable.render(
                summary.totalsByProgram.map { ["\($0.policy) · \($0.program)", $0.amount.description] },
                rightAligned: [false, true])
        }
        let (milliseconds, rate) = (milliseconds(elapsed), perSecond(read, elapsed))
        let claims = read == 1 ? "1 claim" : "\(read) claims"
        out += localized(
            "\(claims) in \(milliseconds) ms: \(rate) claims/s\n", "申领 \(read) 件，用时 \(milliseconds) 毫秒：每秒 \(rate) 件\n")
        return out
    }

    static func progressLine(done: Int, bytes: Int, size: Int?, elapsed: Duration) -> String {
        let rate = perSecond(done, elapsed)
        var line = localized("\(done) claims, \(rate) claims/s", "已审核 \(done) 件，每秒 \(rate) 件")
        if let size, bytes > 0, rate > 0 {
            let remaining = (size - bytes) * done / bytes / max(rate, 1)
            line += localized(", about \(remaining) s left", "，约剩 \(remaining) 秒")
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
