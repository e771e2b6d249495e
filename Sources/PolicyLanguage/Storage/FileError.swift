// What goes wrong with a file, in words: the path, what was being done, and the system's reason.
// The storage layer (replacing a file whole, locking a ledger) reports through it, and the
// command line turns it into a message and an exit code.

import Foundation

package struct FileError: Error, Sendable {
    package let message: Phrase
    /// The system's error number, when the system refused something; nil for bad content.
    package let code: Int32?

    package init(message: Phrase, code: Int32? = nil) {
        self.message = message
        self.code = code
    }

    /// `WHAT: the system's reason`, e.g. "cannot write out.csv: no space left on the device".
    package init(_ what: Phrase, code: Int32) {
        self.init(message: what + Phrase(verbatim: ": ") + SystemError.reason(code), code: code)
    }
}

package enum SystemError {
    /// The system's reason for an error number: the C library speaks English only, so the errors a
    /// file can meet are written here in both languages.
    package static func reason(_ code: Int32) -> Phrase {
        switch code {
        case ENOSPC: Phrase("no space left on the device", "磁盘空间不足")
        case EDQUOT: Phrase("the disk quota is used up", "超出磁盘配额")
        case EACCES, EPERM: Phrase("permission denied", "没有权限")
        case ENOENT: Phrase("no such file or directory", "文件或目录不存在")
        case ENOTDIR: Phrase("a part of the path is not a directory", "路径中的某一部分不是目录")
        case EISDIR: Phrase("it is a directory", "这是一个目录")
        case EROFS: Phrase("the file system is read-only", "文件系统为只读")
        case EIO: Phrase("input/output error", "输入/输出错误")
        case EPIPE: Phrase("the reader closed the pipe", "读取方已关闭管道")
        case ELOOP: Phrase("too many symbolic links", "符号链接层数过多")
        case EFBIG: Phrase("the file is too large", "文件过大")
        case ENAMETOOLONG: Phrase("the name is too long", "名称过长")
        case EXDEV: Phrase("it is on another file system", "位于另一个文件系统")
        default: Phrase(String(cString: strerror(code)), "系统错误：\(String(cString: strerror(code)))")
        }
    }
}

/// Writing to a file descriptor, checked: every byte, or the system's reason why not.
package enum FileDescriptorWriter {
    /// Writes all of `bytes`, going on after a signal; the system's error number if a write fails
    /// (a write that takes nothing counts as EIO).
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, base + offset, bytes.count - offset)
            if count > 0 {
                offset += count
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return count < 0 ? errno : EIO
            }
        }
        return nil
    }
}
