// Taking a ledger for a command: the lock beside it, exclusive for `run` (which loads, decides and
// saves) and shared for `eval` (which only reads), with what to say when another run holds it.

import PolicyLanguage

/// An exit code is what a failed step hands back to the command.
extension ExitCode: Error {}

enum LedgerAccess {
    /// Locks the ledger at `path`. A lock another process holds is a failure at once (exit 75),
    /// naming the process, unless `wait`: then a note says whom it waits for.
    static func lock(_ path: String, exclusive: Bool, wait: Bool, console: Console) -> Result<FileLock?, ExitCode> {
        switch FileLock.lock(path, exclusive: exclusive, wait: false) {
        case .success(let lock): return .success(lock)
        case .failure(.failed(let error)):
            console.writeError(console.errorLine(error.message))
            return .failure(.usage)
        case .failure(.busy(let holder)):
            let process = holder.map { console.say(" (process \($0))", "（进程 \($0)）") } ?? ""
            guard wait else {
                console.writeError(
                    console.errorLine(
                        exclusive
                            ? console.say(
                                "the ledger \(path) is in use by another run\(process); wait for it to finish, or give --wait",
                                "台账\(path)正由另一次运行使用\(process)；请待其结束，或加 --wait 等待")
                            : console.say(
                                "the ledger \(path) is being updated by another run\(process); try again when it has finished, or give --wait",
                                "台账\(path)正由另一次运行更新\(process)；请待其结束后再试，或加 --wait 等待")))
                return .failure(.ledgerBusy)
            }
            console.writeError(
                console.noteLine(
                    console.say(
                        "waiting for the ledger \(path), in use by another run\(process)", "等待台账\(path)：正由另一次运行使用\(process)")))
            switch FileLock.lock(path, exclusive: exclusive, wait: true) {
            case .success(let lock): return .success(lock)
            case .failure(.failed(let error)):
                console.writeError(console.errorLine(error.message))
                return .failure(.usage)
            case .failure(.busy):
                return .failure(.ledgerBusy)
            }
        }
    }

    /// Rewrites a loaded ledger's keys in the form claims now give them, and says what changed.
    static func canonicalizeKeys(of ledger: Ledger, under library: PolicyLibrary, console: Console) {
        for rewrite in ledger.canonicalizeKeys(of: library.entries.flatMap(\.program.limits)) {
            let (limit, rewritten, merged, unreadable) = (rewrite.limit, rewrite.rewritten, rewrite.merged, rewrite.unreadable)
            if rewritten > 0 {
                console.writeError(
                    console.noteLine(
                        console.say(
                            "the ledger's keys of the limit \(limit) are now written as claims give them (identity numbers in 18 characters, text trimmed and folded): \(rewritten) rewritten, \(merged) of them joined to a key already there",
                            "台账中限额\(limit)的键已改为申领现在的写法（身份号码为 18 位，文本去除首尾空白并转为半角）：改写 \(rewritten) 个，其中 \(merged) 个并入已有的键"
                        )))
            }
            if unreadable > 0 {
                console.writeError(
                    console.noteLine(
                        console.say(
                            "the ledger's keys of the limit \(limit) include \(unreadable) whose identity number no claim can give (a wrong check character or birth date): kept, but no claim will count against them",
                            "台账中限额\(limit)的键有 \(unreadable) 个所含身份号码不成立（校验码或出生日期不符）：予以保留，但任何申领都不会计入"
                        )))
            }
        }
    }
}
