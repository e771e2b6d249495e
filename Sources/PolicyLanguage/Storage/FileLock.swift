// A lock between processes on a file's contents, held on a lock file beside it (`FILE.lock`):
// exclusive for a run that loads, updates and saves a ledger, shared for one that only reads it.
// Without it two runs on one ledger each load the same year and the second's save loses the
// first's claims. The holder of the exclusive lock writes its process id into the lock file, so
// whoever waits can say who holds it. The lock file stays: removing it would let a third run lock
// a new file while the second still waits on the old one.

import Foundation

package final class FileLock {
    package enum Failure: Error {
        /// Another process holds the lock; its process id when it wrote one.
        case busy(holder: Int32?)
        case failed(FileError)
    }

    private let descriptor: Int32
    /// The lock file.
    package let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Locks the file at `path` (links followed, so two links to one ledger share its lock).
    /// `wait` blocks until the lock is free; otherwise a held lock is `.busy` at once. A reader that
    /// can neither create nor open the lock file (a directory it may not write) gets nil: it reads
    /// a file that is only ever replaced whole, so it sees one state or the other without a lock.
    package static func lock(_ path: String, exclusive: Bool, wait: Bool) -> Result<FileLock?, Failure> {
        let target: String
        do throws(FileError) {
            target = try ReplacementFile.resolvingLinks(path)
        } catch {
            return .failure(.failed(error))
        }
        let lockPath = target + ".lock"
        var descriptor = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if descriptor < 0, !exclusive, errno == EACCES || errno == EROFS || errno == EPERM {
            descriptor = open(lockPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if descriptor < 0 { return .success(nil) }
        }
        guard descriptor >= 0 else {
            return .failure(
                .failed(FileError(Phrase("cannot create the lock file \(lockPath)", "无法创建锁文件\(lockPath)"), code: errno)))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(
                .failed(
                    FileError(message: Phrase("\(lockPath) is not a regular file", "\(lockPath)不是普通文件"))))
        }
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            let code = errno
            defer { close(descriptor) }
            if code == EWOULDBLOCK { return .failure(.busy(holder: holder(descriptor))) }
            return .failure(.failed(FileError(Phrase("cannot lock \(lockPath)", "无法锁定\(lockPath)"), code: code)))
        }
        if exclusive {
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return .success(FileLock(descriptor: descriptor, path: lockPath))
    }

    /// The process id the holder of the lock wrote, if it reads as one.
    private static func holder(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
