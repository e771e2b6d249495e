// Where bytes to be read come from: a file descriptor (a claims file, a pipe, a ledger), or bytes
// in memory (tests, the fuzzer). Readers (`InputBuffer`) pull from them in chunks.

import Foundation

/// Where bytes come from: a file descriptor, or bytes in memory.
package protocol ByteSource {
    /// Fills `buffer` from the start; returns how many bytes were read, 0 at the end (or once
    /// reading failed).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
    /// Why reading stopped before the end, as an errno: a batch that ends there is not whole.
    var readFailure: Int32? { get }
}

extension ByteSource {
    package var readFailure: Int32? { nil }
}

package struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    /// Bytes read ahead by `peek`, given back first.
    private var pending: [UInt8] = []
    package private(set) var readFailure: Int32?
    package init(descriptor: Int32) { self.descriptor = descriptor }

    /// The first bytes of the stream, so its format can be told before it is read; a pipe
    /// cannot be read twice, so they are kept and `read` gives them back.
    package mutating func peek(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { readSome(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }
            if got == 0 { break }
            filled += got
        }
        pending = Array(bytes.prefix(filled))
        return pending
    }

    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard pending.isEmpty else {
            let count = min(buffer.count, pending.count)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            pending.removeFirst(count)
            return count
        }
        return readSome(into: buffer)
    }

    private mutating func readSome(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard readFailure == nil else { return 0 }
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR {
                readFailure = errno
                return 0
            }
        }
    }
}

package struct BytesSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    package init(_ bytes: [UInt8]) { self.bytes = bytes }
    package mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        if count > 0 {
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
            }
        }
        offset += count
        return count
    }
}
