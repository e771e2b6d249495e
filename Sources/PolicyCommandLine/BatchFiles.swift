// The files of a batch: which paths may not be one file (results written over the claims or the
// ledger they came with), and where the results go: a file replaced whole once every result is
// written, a device or pipe written as it is, or standard output.

import Foundation
import PolicyLanguage

enum Paths {
    /// What makes two paths one file: its device and inode, or, for a file not yet made, the
    /// path it would be made at.
    enum Identity: Equatable {
        case inode(device: UInt64, inode: UInt64)
        case path(String)
        /// A device or pipe: writing to it empties nothing, so it clashes with nothing.
        case stream
    }

    static func identity(_ path: String) -> Identity {
        var status = stat()
        if path == "-" ? fstat(0, &status) == 0 : stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else { return .stream }
            return .inode(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        }
        // Not there yet: the path it would be made at, with the directory's links resolved.
        let directory = ReplacementFile.directory(of: path)
        let name = String(path.dropFirst(path.hasPrefix(directory + "/") ? directory.count + 1 : 0))
        guard let resolved = realpath(directory, nil) else { return .path(path) }
        defer { free(resolved) }
        return .path(String(cString: resolved) + "/" + name)
    }

    /// Why the outputs of a run cannot be where they are: `--out` or `--ledger` the same file as
    /// the claims, a policy, or each other. Nothing is read before this is known.
    static func clash(claims: String, policies: [String], out: String?, ledger: String?) -> Phrase? {
        var inputs: [(name: Phrase, identity: Identity)] = [
            (
                claims == "-" ? Phrase("standard input", "标准输入") : Phrase("the claims file \(claims)", "申领文件 \(claims)"),
                identity(claims)
            )
        ]
        for file in policies.flatMap(policyFiles) {
            inputs.append((Phrase("the policy \(file)", "政策文件 \(file)"), identity(file)))
        }
        let outputs = [("--out", out), ("--ledger", ledger)].compactMap { name, path in path.map { (name, $0, identity($0)) } }
        for (option, path, output) in outputs where output != .stream {
            if let input = inputs.first(where: { $0.identity == output }) {
                return Phrase(
                    "\(option) \(path) is the same file as \(input.name.english): it would be written over",
                    "\(option) \(path) 与\(input.name.chinese)是同一个文件：会被覆盖")
            }
        }
        if outputs.count == 2, outputs[0].2 != .stream, outputs[0].2 == outputs[1].2 {
            return Phrase(
                "--out \(outputs[0].1) and --ledger \(outputs[1].1) are the same file: the results and the ledger need a file each",
                "--out \(outputs[0].1) 与 --ledger \(outputs[1].1) 是同一个文件：结果和台账须各用一个文件")
        }
        return nil
    }

    /// The `.policy` files at a path (a file, or those under a directory), without reading them.
    private static func policyFiles(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".policy") { files.append(path + "/" + relative) }
        }
        return files
    }

    /// Why results cannot be written at `path`, found before any claim is decided.
    static func outputProblem(_ path: String) -> Phrase? {
        let target: String
        do throws(FileError) { target = try ReplacementFile.resolvingLinks(path) } catch { return error.message }
        var status = stat()
        if stat(target, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR {
                return Phrase(
                    "cannot write the results to \(path): it is a directory; name a file", "无法将结果写入 \(path)：这是一个目录；请给出文件名")
            }
            if status.st_mode & S_IFMT != S_IFREG { return nil }
        }
        let directory = ReplacementFile.directory(of: target)
        guard access(directory, W_OK | X_OK) == 0 else {
            return Phrase("cannot write the results to \(path): ", "无法将结果写入 \(path)：") + SystemError.reason(errno)
        }
        return nil
    }
}

/// Where a batch's results go. A file is written beside itself and renamed into place only once
/// every result is written and flushed, so `--out` never holds half a batch: a run that fails or
/// is killed leaves the previous file as it was.
final class ResultsFile {
    private enum Sink {
        case console(Console)
        case replacement(ReplacementFile)
        case device(descriptor: Int32, path: String)
    }

    private let sink: Sink
    private var failure: FileError?

    init(_ path: String?, console: Console) throws(FileError) {
        guard let path else {
            sink = .console(console)
            return
        }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            // A device or a pipe (/dev/null, a FIFO) cannot be replaced: it is written as it is.
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw FileError(Phrase("cannot write the results to \(path)", "无法将结果写入 \(path)"), code: errno)
            }
            sink = .device(descriptor: descriptor, path: path)
        } else {
            ReplacementFile.removeAbandoned(beside: path)
            sink = .replacement(try ReplacementFile(replacing: path, newFileMode: Self.newFileMode))
        }
    }

    /// What a new file's permissions are, as any tool would make it: 0666 less the umask.
    private static let newFileMode: mode_t = {
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }()

    /// Writes bytes of results; false once writing has failed.
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard failure == nil else { return false }
        switch sink {
        case .console(let console):
            if console.write(bytes: bytes) { return true }
            failure = FileError(
                Phrase("cannot write the results to standard output", "无法将结果写入标准输出"), code: console.writeFailure?.code ?? EIO)
        case .replacement(let file):
            do throws(FileError) {
                try file.write(bytes)
                return true
            } catch {
                failure = Self.resultsError(file.path, error)
            }
        case .device(let descriptor, let path):
            guard let code = FileDescriptorWriter.writeAll(bytes, to: descriptor) else { return true }
            failure = FileError(Phrase("cannot write the results to \(path)", "无法将结果写入 \(path)"), code: code)
        }
        return false
    }

    /// `cannot write the results to PATH: the system's reason`.
    private static func resultsError(_ path: String, _ error: FileError) -> FileError {
        guard let code = error.code else {
            return FileError(message: Phrase("cannot write the results: ", "无法写入结果：") + error.message)
        }
        return FileError(Phrase("cannot write the results to \(path)", "无法将结果写入 \(path)"), code: code)
    }

    /// Puts the results in place once the batch is `complete`: renamed over the file, flushed to
    /// disk first when `flushing` (a ledger is saved after them); the failure, if anything was
    /// not written. An incomplete batch leaves a file as it was.
    func finish(complete: Bool, flushing: Bool) -> FileError? {
        switch sink {
        case .console(let console):
            if failure == nil, complete, let code = console.synchronizeOutput() {
                failure = FileError(Phrase("cannot write the results to standard output", "无法将结果写入标准输出"), code: code)
            }
        case .replacement(let file):
            guard failure == nil, complete else {
                file.abandon()
                break
            }
            do throws(FileError) { try file.commit(flushing: flushing) } catch {
                failure = Self.resultsError(file.path, error)
            }
        case .device(let descriptor, let path):
            if close(descriptor) != 0, failure == nil, errno != EINTR {
                failure = FileError(Phrase("cannot write the results to \(path)", "无法将结果写入 \(path)"), code: errno)
            }
        }
        return failure
    }
}

/// The ledger of a run, and the lock that keeps it the run's own until the run ends.
struct HeldLedger {
    let ledger: Ledger
    let lock: FileLock?

    /// Locks the request's ledger, removes what killed runs left beside it and loads it; without
    /// `--ledger`, an empty ledger of the batch's own. The exit code when it cannot be had.
    static func open(_ request: RunCommand.Request, library: PolicyLibrary, console: Console) -> Result<HeldLedger, ExitCode> {
        guard let path = request.ledger else { return .success(HeldLedger(ledger: Ledger(), lock: nil)) }
        let lock: FileLock?
        switch LedgerAccess.lock(path, exclusive: true, wait: request.wait, console: console) {
        case .success(let held): lock = held
        case .failure(let code): return .failure(code)
        }
        ReplacementFile.removeAbandoned(beside: path)
        guard Ledger.problem(with: path, forWriting: false) == nil else {
            console.writeError(
                console.noteLine(Phrase("there is no ledger at \(path) yet: this batch starts one", "\(path) 尚无台账：本批新建台账")))
            return .success(HeldLedger(ledger: Ledger(), lock: lock))
        }
        let ledger: Ledger
        switch Ledger.load(from: path) {
        case .success(let loaded): ledger = loaded
        case .failure(let error):
            console.writeError(
                console.errorLine(
                    Phrase(
                        "\(error.message.english); no claim is decided against it", "\(error.message.chinese)；不依据该台账审核任何申领")))
            return .failure(.damagedLedger)
        }
        LedgerAccess.canonicalizeKeys(of: ledger, under: library, console: console)
        let declared = Set(library.entries.flatMap { $0.program.limits.map(\.identity) })
        for (limit, keys) in ledger.limits(notIn: declared) {
            console.writeError(
                console.noteLine(
                    Phrase(
                        "the ledger holds \(keys) key\(keys == 1 ? "" : "s") of the limit \(limit), which no policy declares; they are kept",
                        "台账中有限额\(limit)的 \(keys) 个键，但没有政策声明该限额；这些键予以保留")))
        }
        return .success(HeldLedger(ledger: ledger, lock: lock))
    }
}

/// A batch's claims: a file or standard input, its size when known, and its format, told by the
/// file's extension or its first bytes.
final class ClaimsInput {
    var source: any ByteSource
    let size: Int?
    let format: BatchFormat
    private let descriptor: Int32?

    init(_ path: String, console: Console) throws(FileError) {
        let firstBytes: [UInt8]
        if path == "-", let bytes = console.bufferedInput {
            source = BytesSource(bytes)
            firstBytes = Array(bytes.prefix(64))
            size = nil
            descriptor = nil
        } else {
            let opened = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else {
                throw FileError(Phrase("cannot read the claims file \(path)", "无法读取申领文件 \(path)"), code: errno)
            }
            var status = stat()
            size = path != "-" && fstat(opened, &status) == 0 ? Int(status.st_size) : nil
            var file = FileDescriptorSource(descriptor: opened)
            firstBytes = file.peek(64)
            source = file
            descriptor = path == "-" ? nil : opened
        }
        format = RunCommand.detectFormat(path: path, firstBytes: firstBytes)
    }

    deinit {
        if let descriptor { close(descriptor) }
    }
}
