// `policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE] [--format csv|jsonl]`: a batch
// of claims, one result per claim in input order, with a summary on standard error.

import Foundation
import PolicyLanguage

enum RunCommand {
    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard
            let options = Options.parse(
                arguments, flags: ["--wait"], options: ["--policies", "--out", "--ledger", "--format", "--max-record-bytes"],
                reportingTo: console)
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
        var limits = InputLimits()
        if let text = options.values["--max-record-bytes"] {
            guard let bytes = Int(text), bytes > 0 else {
                console.writeError(
                    errorLine(
                        localized(
                            "--max-record-bytes is a number of bytes, such as 4194304, not \(text)",
                            "--max-record-bytes 应为字节数，如 4194304，不能是 \(text)")))
                return .usage
            }
            limits.maximumRecordBytes = bytes
        }
        let path = options.positional.first ?? "-"
        let (outPath, ledgerPath) = (options.values["--out"], options.values["--ledger"])
        let policiesPath = options.values["--policies"] ?? "policies"

        // Every path is checked before anything is read or decided: a batch found at its end to
        // have nowhere to go would have been decided for nothing.
        if let problem = Paths.clash(claims: path, policies: policiesPath, out: outPath, ledger: ledgerPath) {
            console.writeError(errorLine(problem))
            return .usage
        }
        if path != "-", let problem = Console.readProblem(path) {
            console.writeError(errorLine(localized("cannot read the claims file \(path): ", "无法读取申领文件 \(path)：") + problem))
            return .usage
        }
        if let ledgerPath, let problem = Ledger.problem(with: ledgerPath, forWriting: true) {
            console.writeError(errorLine(problem.message))
            return .usage
        }
        if let outPath, let problem = Paths.outputProblem(outPath) {
            console.writeError(errorLine(problem))
            return .usage
        }

        let library = PolicyLibrary.load(paths: [policiesPath])
        if let code = console.reportPolicyErrors(library, so: localized("no claim is evaluated", "不审核任何申领")) { return code }

        // The ledger, held for the whole load-decide-save, so that no other run saves over it.
        var ledger = Ledger()
        var lock: FileLock?
        if let ledgerPath {
            switch LedgerAccess.lock(ledgerPath, exclusive: true, wait: options.flags.contains("--wait"), console: console) {
            case .success(let held): lock = held
            case .failure(let code): return code
            }
            ReplacementFile.removeAbandoned(beside: ledgerPath)
            switch Ledger.problem(with: ledgerPath, forWriting: false) {
            case nil:
                switch Ledger.load(from: ledgerPath) {
                case .success(let loaded): ledger = loaded
                case .failure(let error):
                    console.writeError(
                        errorLine(
                            localized(
                                "\(error.message); no claim is decided against it", "\(error.message)；不依据该台账审核任何申领")))
                    return .damagedLedger
                }
                let declared = Set(library.entries.flatMap { $0.program.limits.map(\.identity) })
                for (limit, keys) in ledger.limits(notIn: declared) {
                    console.writeError(
                        noteLine(
                            localized(
                                "the ledger holds \(keys) key\(keys == 1 ? "" : "s") of the limit \(limit), which no policy declares; they are kept",
                                "台账中有限额\(limit)的 \(keys) 个键，但没有政策声明该限额；这些键予以保留")))
                }
            case .some:
                console.writeError(
                    noteLine(
                        localized(
                            "there is no ledger at \(ledgerPath) yet: this batch starts one", "\(ledgerPath) 尚无台账：本批新建台账")))
            }
        }
        defer { withExtendedLifetime(lock) {} }

        // The claims: a file, or standard input.
        var source: any ByteSource
        var size: Int?
        var firstBytes: [UInt8]
        if path == "-", let bytes = console.bufferedInput {
            source = BytesSource(bytes)
            firstBytes = Array(bytes.prefix(64))
        } else {
            let descriptor = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                console.writeError(
                    errorLine(
                        localized("cannot read the claims file \(path): ", "无法读取申领文件 \(path)：") + SystemError.reason(errno)))
                return .usage
            }
            var status = stat()
            if path != "-", fstat(descriptor, &status) == 0 { size = Int(status.st_size) }
            var file = FileDescriptorSource(descriptor: descriptor)
            firstBytes = file.peek(64)
            source = file
        }
        let inputFormat = detectFormat(path: path, firstBytes: firstBytes)

        // The results: a file replaced whole at the end, a device written as it is, or standard output.
        let results: ResultsFile
        do throws(FileError) {
            results = try ResultsFile(outPath, console: console)
        } catch {
            console.writeError(errorLine(error.message))
            return .usage
        }

        let started = ContinuousClock.now
        let showProgress = console.errorIsTerminal
        var lastShown = started
        let runner = BatchRunner(
            library: library, ledger: ledger, outputFormat: outputFormat ?? inputFormat, limits: limits,
            progress: showProgress
                ? { done, bytes in
                    let now = ContinuousClock.now
                    guard now - lastShown > .milliseconds(250) else { return }
                    lastShown = now
                    console.writeError(
                        "\r" + progressLine(done: done, bytes: bytes, size: size, elapsed: now - started) + "\u{1B}[K")
                } : nil)
        let summary = runner.run(&source, inputFormat: inputFormat, emit: results.write)
        let elapsed = ContinuousClock.now - started
        if showProgress { console.writeError("\r\u{1B}[K") }

        // The results first, then the ledger: a ledger saved without its results would refuse
        // their claims on a re-run, and they could never be had again.
        let unsaved =
            ledgerPath.map {
                localized("; the ledger \($0) is not saved", "；台账\($0)未保存")
            } ?? ""
        if let failure = results.finish(complete: !summary.outputFailed) {
            if failure.code == EPIPE, outPath == nil {
                if let ledgerPath {
                    console.writeError(
                        noteLine(
                            localized(
                                "standard output was closed before every result was written: the ledger \(ledgerPath) is not saved",
                                "在全部结果写出之前标准输出已关闭：台账\(ledgerPath)未保存")))
                }
                return .closedPipe
            }
            console.writeError(errorLine(failure.message + unsaved))
            return .writeFailed
        }
        if let ledgerPath, case .failure(let error) = ledger.save(to: ledgerPath) {
            let written = outPath.map { localized("the results are written to \($0), but ", "结果已写入 \($0)，但") } ?? ""
            console.writeError(
                errorLine(
                    written + error.message
                        + localized(
                            "; run the batch again once the ledger can be written: it decides the same",
                            "；待台账可以写入后请重新运行本批：审核结果相同")))
            return .writeFailed
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
}
