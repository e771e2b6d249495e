// `policy run CLAIMS [--policies DIR] [--out FILE] [--ledger FILE [--wait]] [--format csv|jsonl]
// [--max-record-bytes N] [--rules FP[,FP…]]`: a batch of claims, one result per claim in input order, with a summary
// on standard error. The order of its steps is what makes it safe: every path checked before
// anything is read, the ledger locked for the whole load-decide-save, the results put in place
// before the ledger is saved.

import Foundation
import PolicyLanguage

enum RunCommand {
    /// What the command line asks of a run.
    struct Request {
        var claims = "-"
        var policies = ["policies"]
        var out: String?
        var ledger: String?
        var format: BatchFormat?
        var limits = InputLimits()
        var wait = false
        /// The fingerprints the loaded policies must include (`--rules`), to replay a batch.
        var rules: [String]?
    }

    static func run(_ arguments: [String], console: Console) -> ExitCode {
        guard let request = request(from: arguments, console: console) else { return .usage }
        // Every path is checked before anything is read or decided: a batch found at its end to
        // have nowhere to go would have been decided for nothing.
        if let problem = pathProblem(request) {
            console.writeError(console.errorLine(problem))
            return .usage
        }
        let library = PolicyLibrary.load(paths: request.policies)
        if let code = console.reportPolicyErrors(
            library, so: Phrase("no claim is evaluated", "不审核任何申领"), option: "--policies", paths: request.policies)
        {
            return code
        }
        if let code = RulesOption.require(
            request.rules, in: library, policies: request.policies.joined(separator: " "), console: console)
        {
            return code
        }

        let held: HeldLedger
        switch HeldLedger.open(request, library: library, console: console) {
        case .success(let opened): held = opened
        case .failure(let code): return code
        }
        let claims: ClaimsInput
        do throws(FileError) {
            claims = try ClaimsInput(request.claims, console: console)
        } catch {
            console.writeError(console.errorLine(error.message))
            return .usage
        }
        // The results: a file replaced whole at the end, a device written as it is, or standard output.
        let results: ResultsFile
        do throws(FileError) {
            results = try ResultsFile(request.out, console: console)
        } catch {
            console.writeError(console.errorLine(error.message))
            return .usage
        }

        let started = ContinuousClock.now
        let showProgress = console.errorIsTerminal
        var lastShown = started
        let runner = BatchRunner(
            library: library, ledger: held.ledger, outputFormat: request.format ?? claims.format, language: console.language,
            limits: request.limits,
            progress: showProgress
                ? { done, bytes in
                    let now = ContinuousClock.now
                    guard now - lastShown > .milliseconds(250) else { return }
                    lastShown = now
                    console.writeError(
                        "\r" + progressLine(done: done, bytes: bytes, size: claims.size, elapsed: now - started, console: console)
                            + "\u{1B}[K")
                } : nil)
        let summary = runner.run(&claims.source, inputFormat: claims.format, emit: results.write)
        let elapsed = ContinuousClock.now - started
        if showProgress { console.writeError("\r\u{1B}[K") }

        if let code = save(summary, results: results, ledger: held, request: request, console: console) { return code }
        console.writeError(summaryText(summary, elapsed: elapsed, console: console))
        return summary.invalid > 0 ? .invalidClaim : .success
    }

    /// The request the arguments make, or nil after printing what is wrong with them.
    private static func request(from arguments: [String], console: Console) -> Request? {
        guard
            let options = Options.parse(arguments, command: "run", reportingTo: console)
        else {
            return nil
        }
        guard options.positional.count <= 1 else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "run takes one file of claims (CSV or JSON lines), or - for standard input",
                        "run 只接受一个申领文件（CSV 或 JSON 行），或用 - 表示标准输入")))
            return nil
        }
        var request = Request(
            claims: options.positional.first ?? "-", policies: options.paths("--policies", default: "policies"),
            // `--out -` is standard output, as if no --out were given (not a file named "-").
            out: options.values["--out"].flatMap { $0 == "-" ? nil : $0 }, ledger: options.values["--ledger"],
            wait: options.flags.contains("--wait"))
        if let format = options.values["--format"] {
            guard let parsed = BatchFormat(rawValue: format) else {
                console.writeError(
                    console.errorLine(
                        console.say("--format is csv or jsonl, not \(format)", "--format 只能是 csv 或 jsonl，不能是 \(format)")))
                return nil
            }
            request.format = parsed
        } else if let out = request.out {
            // Without --format, the results are what the output file's name says they are.
            request.format =
                out.hasSuffix(".jsonl") || out.hasSuffix(".json") ? .jsonl : out.hasSuffix(".csv") ? .csv : nil
        }
        if let text = options.values["--rules"] {
            guard let given = RulesOption.fingerprints(text, console: console) else { return nil }
            request.rules = given
        }
        if let text = options.values["--max-record-bytes"] {
            guard let bytes = Int(text), bytes > 0 else {
                console.writeError(
                    console.errorLine(
                        console.say(
                            "--max-record-bytes is a number of bytes, such as 4194304, not \(text)",
                            "--max-record-bytes 应为字节数，如 4194304，不能是 \(text)")))
                return nil
            }
            request.limits.maximumRecordBytes = bytes
        }
        return request
    }

    /// What is wrong with the paths of a request, found before anything is read: an output that
    /// is an input, claims that cannot be read, a ledger or results that cannot be written.
    private static func pathProblem(_ request: Request) -> Phrase? {
        if let clash = Paths.clash(claims: request.claims, policies: request.policies, out: request.out, ledger: request.ledger) {
            return clash
        }
        if request.claims != "-", let problem = Console.readProblem(request.claims) {
            return Phrase("cannot read the claims file \(request.claims): ", "无法读取申领文件 \(request.claims)：") + problem
        }
        if let ledger = request.ledger, let problem = Ledger.problem(with: ledger, forWriting: true) { return problem.message }
        if let out = request.out, let problem = Paths.outputProblem(out) { return problem }
        return nil
    }

    /// Puts the results in place, then saves the ledger: a ledger saved without its results
    /// would refuse their claims on a re-run, and they could never be had again. The exit code
    /// when either fails.
    private static func save(
        _ summary: BatchSummary, results: ResultsFile, ledger held: HeldLedger, request: Request, console: Console
    ) -> ExitCode? {
        // Claims that could not all be read make a batch that is not the file's: its results are
        // not put in place and its ledger is not saved, as when they cannot be written.
        if let code = summary.inputFailure {
            _ = results.finish(complete: false, flushing: false)
            let name = request.claims == "-" ? Phrase("standard input", "标准输入") : Phrase(verbatim: request.claims)
            let unsaved = request.ledger.map { Phrase(" and the ledger \($0) is not saved", "，台账\($0)未保存") } ?? .empty
            let error = FileError(
                Phrase(
                    "cannot read the claims from \(name.english) after \(summary.read) claims",
                    "读取\(name.chinese)中第 \(summary.read) 件申领之后的内容失败"), code: code)
            console.writeError(
                console.errorLine(
                    error.message
                        + Phrase("; the results are not those of the whole file", "；结果不是整个文件的结果") + unsaved))
            return .writeFailed
        }
        // With a ledger the results are flushed to disk before it is saved: a ledger that
        // survived a power failure without its results would refuse their claims on a re-run.
        // Without one, a batch's results depend on its claims and policies alone, and the
        // rename keeps them whole; flushing 100 MB would take longer than deciding them.
        if let failure = results.finish(complete: !summary.outputFailed, flushing: request.ledger != nil) {
            if failure.code == EPIPE, request.out == nil {
                if let path = request.ledger {
                    console.writeError(
                        console.noteLine(
                            console.say(
                                "standard output was closed before every result was written: the ledger \(path) is not saved",
                                "在全部结果写出之前标准输出已关闭：台账\(path)未保存")))
                }
                return .closedPipe
            }
            let unsaved = request.ledger.map { Phrase("; the ledger \($0) is not saved", "；台账\($0)未保存") } ?? .empty
            console.writeError(console.errorLine(failure.message + unsaved))
            return .writeFailed
        }
        if let path = request.ledger, case .failure(let error) = held.ledger.save(to: path) {
            let written = request.out.map { Phrase("the results are written to \($0), but ", "结果已写入 \($0)，但") } ?? .empty
            console.writeError(
                console.errorLine(
                    written + error.message
                        + Phrase(
                            "; run the batch again once the ledger can be written: it decides the same",
                            "；待台账可以写入后请重新运行本批：审核结果相同")))
            return .writeFailed
        }
        return nil
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

    static func summaryText(_ summary: BatchSummary, elapsed: Duration, console: Console) -> String {
        let (read, granted, refused, invalid) = (summary.read, summary.granted, summary.refused, summary.invalid)
        var out = console.say(
            "claims read \(read) = granted \(granted) + refused \(refused) + invalid \(invalid)\n",
            "读取申领 \(read) 件 = 核准 \(granted) 件 + 拒绝 \(refused) 件 + 无效 \(invalid) 件\n")
        if !summary.totalsByPolicy.isEmpty {
            out += console.say("granted yuan by policy:\n", "核准金额（元），按政策：\n")
            out += TextTable.render(
                summary.totalsByPolicy.map { [$0.policy, $0.amount.description] }, rightAligned: [false, true])
            out += console.say("granted yuan by program:\n", "核准金额（元），按项目：\n")
            out += TextTable.render(
                summary.totalsByProgram.map { ["\($0.policy) · \($0.program)", $0.amount.description] },
                rightAligned: [false, true])
        }
        let (milliseconds, rate) = (milliseconds(elapsed), perSecond(read, elapsed))
        let claims = read == 1 ? "1 claim" : "\(read) claims"
        out += console.say(
            "\(claims) in \(milliseconds) ms: \(rate) claims/s\n", "申领 \(read) 件，用时 \(milliseconds) 毫秒：每秒 \(rate) 件\n")
        return out
    }

    static func progressLine(done: Int, bytes: Int, size: Int?, elapsed: Duration, console: Console) -> String {
        let rate = perSecond(done, elapsed)
        var line = console.say("\(done) claims, \(rate) claims/s", "已审核 \(done) 件，每秒 \(rate) 件")
        if let size, bytes > 0, rate > 0 {
            let remaining = (size - bytes) * done / bytes / max(rate, 1)
            line += console.say(", about \(remaining) s left", "，约剩 \(remaining) 秒")
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
