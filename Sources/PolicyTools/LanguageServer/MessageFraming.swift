// The byte level of the Language Server Protocol: each message is a header (`Content-Length: N`,
// lines ended by CRLF, a blank line) and N bytes of JSON. Bytes arrive in pieces of any size, so
// the reader keeps what it has and hands out whole messages; a header it cannot read is skipped
// to the next blank line and reported, and a body longer than the limit is refused without being
// kept, so no input makes the server crash, hang or grow without bound.

import PolicyLanguage

package struct MessageReader {
    /// What the next whole piece of input is.
    package enum Frame: Equatable {
        /// A message's body, still to be read as JSON.
        case message([UInt8])
        /// A header that could not be read (no `Content-Length`, not a number, too long, too big):
        /// skipped, with what was wrong.
        case badHeader(String)
    }

    /// The longest header kept; a client's headers are a few dozen bytes.
    package static let maximumHeader = 8 * 1024
    /// The largest body accepted: a policy file is tens of kilobytes, a message a few times that.
    package static let maximumBody = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var start = 0
    /// After a bad header: the bytes up to the next `Content-Length` are skipped.
    private var resynchronizing = false
    private static let lengthName = Array("content-length".utf8)

    package init() {}

    /// Keeps `bytes`, received from the client.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet handed out.
    package var pending: Int { buffer.count - start }

    /// The next whole frame, or nil until more bytes arrive.
    package mutating func next() -> Frame? {
        if resynchronizing {
            guard let found = nextLengthHeader() else {
                // Keep only what may begin the name, so that garbage does not pile up.
                start = max(start, buffer.count - Self.lengthName.count)
                return nil
            }
            start = found
            resynchronizing = false
        }
        guard let end = headerEnd() else {
            // No blank line yet: a header that long is garbage; drop all but its last three
            // bytes (which may begin the CRLFCRLF) so that the buffer stays small.
            if pending > Self.maximumHeader {
                start = buffer.count - 3
                resynchronizing = true
                return .badHeader("a header longer than \(Self.maximumHeader) bytes")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end.headerEnd], as: UTF8.self)
        var length: Int?
        var problem: String?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                problem = "a header line without ':'"
                continue
            }
            let name = line[..<colon].trimmingSpaces.lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                guard let number = Int(value), number >= 0, value.allSatisfy(\.isASCII) else {
                    problem = "Content-Length is not a number: \(value)"
                    continue
                }
                length = number
            }
        }
        guard problem == nil, let length else {
            start = end.bodyStart
            resynchronizing = true
            return .badHeader(problem ?? "no Content-Length header")
        }
        guard length <= Self.maximumBody else {
            // Not kept: the next message is looked for after the header.
            start = end.bodyStart
            resynchronizing = true
            return .badHeader("a message of \(length) bytes, more than the \(Self.maximumBody) accepted")
        }
        guard buffer.count - end.bodyStart >= length else { return nil }
        let body = Array(buffer[end.bodyStart..<end.bodyStart + length])
        start = end.bodyStart + length
        return .message(body)
    }

    /// Where the next `Content-Length` begins (in any case), from `start`.
    private func nextLengthHeader() -> Int? {
        let name = Self.lengthName
        var index = start
        while index + name.count <= buffer.count {
            var matches = true
            for offset in 0..<name.count where buffer[index + offset] | 0x20 != name[offset] {
                matches = false
                break
            }
            if matches { return index }
            index += 1
        }
        return nil
    }

    /// Where the header ends (before its blank line) and the body starts, when a blank line has arrived.
    private func headerEnd() -> (headerEnd: Int, bodyStart: Int)? {
        var index = start
        let limit = min(buffer.count, start + Self.maximumHeader + 4)
        while index + 3 < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return (index, index + 4)
            }
            index += 1
        }
        return nil
    }
}

package enum MessageWriter {
    /// A message framed for the client: its header and its JSON.
    package static func frame(_ value: JSONValue) -> [UInt8] {
        let body = Array(JSONWriter.write(value).utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
