// Replacing a file whole. The new bytes go to a temporary file beside the target, created
// exclusively under an unpredictable name (so nothing planted there can be written through), are
// flushed to disk, and the temporary file is renamed over the target: a reader, or a run killed
// half way, sees the old file or the new one, never half of one. The ledger and a batch's results
// are written this way.
//
// A symbolic link is followed to the file it names, and that file is replaced, so a link stays a
// link. The replacement keeps the old file's permissions (a ledger of identity numbers stays
// 0600). A run killed before its rename leaves its temporary file behind; it holds a lock on the
// file while it lives, so the next run can tell an abandoned file from one being written and
// remove it (`removeAbandoned`).

import Foundation

package final class ReplacementFile {
    /// The file replaced: the path given, with symbolic links followed.
    package let target: String
    /// The path as the user gave it, for messages.
    package let path: String
    let temporaryPath: String
    private var descriptor: Int32
    private let mode: mode_t
    private let owner: (uid: uid_t, gid: gid_t)?
    private var finished = false

    /// Starts replacing `path`. A new file gets `newFileMode`; an existing one keeps its own.
    package init(replacing path: String, newFileMode: mode_t) throws(FileError) {
        self.path = path
        target = try Self.resolvingLinks(path)
        var status = stat()
        if stat(target, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw FileError(
                    message: Phrase(
                        "cannot replace \(path): it is not a regular file", "无法替换\(path)：它不是普通文件"))
            }
            mode = status.st_mode & 0o7777
            // Only the superuser can give a file to another owner; anyone else's replacement is
            // theirs, as an edit with any tool would be.
            owner = geteuid() == 0 ? (status.st_uid, status.st_gid) : nil
        } else {
            mode = newFileMode
            owner = nil
        }
        let directory = Self.directory(of: target)
        let prefix = "." + Self.name(of: target) + "."
        var attempt = 0
        while true {
            attempt += 1
            let candidate = directory + "/" + prefix + Self.randomTag() + ".tmp"
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if opened < 0 {
                if errno == EEXIST, attempt < 16 { continue }
                throw FileError(Phrase("cannot write a file in \(directory)", "无法在\(directory)中写入文件"), code: errno)
            }
            // The lock says the file is being written; `removeAbandoned` leaves it alone.
            _ = flock(opened, LOCK_EX | LOCK_NB)
            var created = stat()
            // Between creating and locking, another run may have taken it for abandoned.
            if fstat(opened, &created) == 0, created.st_nlink == 0, attempt < 16 {
                close(opened)
                continue
            }
            descriptor = opened
            temporaryPath = candidate
            break
        }
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends bytes, all of them or an error.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        if let code = FileDescriptorWriter.writeAll(bytes, to: descriptor) { throw writeError(code) }
    }

    package func write(_ bytes: [UInt8]) throws(FileError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileError) in try write(buffer) } }.get()
    }

    /// Renames the new bytes over the target, flushed to disk first unless `flushing` is false:
    /// the rename alone leaves a reader, or a process killed at any point, the old file or the
    /// new one; the flush keeps that promise across a power failure too.
    package func commit(flushing: Bool = true) throws(FileError) {
        precondition(!finished, "a replacement is committed once")
        finished = true
        var code: Int32 = 0
        if fchmod(descriptor, mode) != 0 { code = errno }
        if code == 0, let owner { _ = fchown(descriptor, owner.uid, owner.gid) }
        if code == 0, flushing, fsync(descriptor) != 0 { code = errno }
        if close(descriptor) != 0, code == 0 { code = errno }
        descriptor = -1
        if code == 0, rename(temporaryPath, target) != 0 { code = errno }
        guard code == 0 else {
            unlink(temporaryPath)
            throw writeError(code)
        }
        // The rename is durable once the directory is.
        if flushing { Self.synchronizeDirectory(of: target) }
    }

    /// Gives up: the temporary file is removed and the target left as it was.
    package func abandon() {
        finished = true
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }

    private func writeError(_ code: Int32) -> FileError {
        FileError(Phrase("cannot write \(path)", "无法写入\(path)"), code: code)
    }

    // MARK: Abandoned files

    /// Removes the temporary files that runs killed before their rename left beside `path`:
    /// those no live writer holds. Returns how many.
    @discardableResult
    package static func removeAbandoned(beside path: String) -> Int {
        guard let target = try? resolvingLinks(path) else { return 0 }
        let directory = directory(of: target)
        let prefix = "." + name(of: target) + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let tag = name.dropFirst(prefix.count).dropLast(4)
            guard tag.count == 16, tag.allSatisfy(\.isHexDigit) else { continue }
            let file = directory + "/" + name
            let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0, unlink(file) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: Paths

    /// `path` with symbolic links followed, to the file that would be read or written; a path
    /// that does not exist is returned as it is.
    package static func resolvingLinks(_ path: String) throws(FileError) -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = buffer.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    readlink(current, $0, buffer.count - 1)
                }
            }
            guard count >= 0 else {
                throw FileError(Phrase("cannot follow the link \(current)", "无法解析链接\(current)"), code: errno)
            }
            let link = String(decoding: buffer[0..<count], as: UTF8.self)
            current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
        }
        throw FileError(Phrase("cannot follow the link \(path)", "无法解析链接\(path)"), code: ELOOP)
    }

    /// The directory a path's file is in: `.` for a bare name.
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func randomTag() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func synchronizeDirectory(of path: String) {
        let descriptor = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
