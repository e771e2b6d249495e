// The text of one policy file and the index that turns byte offsets into lines and columns.
// Every later stage speaks in byte offsets (`SourceRange`); only diagnostics and traces
// convert them, counting columns in characters (Unicode scalars), never in bytes.

/// One input file: its display path, its bytes and an index of where each line starts.
public final class SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line.
    let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line and character column of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let line = lineIndex(containing: offset)
        let column = Self.scalarCount(bytes[lineStarts[line]..<min(offset, bytes.count)]) + 1
        return SourceLocation(line: line + 1, column: column)
    }

    /// The text of a 1-based line, without its line end. Invalid UTF-8 shows as U+FFFD.
    public func lineText(_ line: Int) -> String {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text a range covers.
    public func text(of range: SourceRange) -> String {
        String(decoding: bytes[range.start..<min(range.end, bytes.count)], as: UTF8.self)
    }

    public var lineCount: Int { lineStarts.count }

    private func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Counts scalars by counting bytes that do not continue a UTF-8 sequence.
    static func scalarCount(_ slice: ArraySlice<UInt8>) -> Int {
        slice.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }
}

/// A 1-based line and character column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public var description: String { "\(line):\(column)" }
}

/// A half-open range of byte offsets in one file.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public static let none = SourceRange(start: 0, end: 0)
}

/// A range together with its file, for anything that outlives the parse (traces, rules).
public struct SourceSpan: Sendable {
    public let file: SourceFile
    public let range: SourceRange

    public var location: SourceLocation { file.location(of: range.start) }
    public var description: String { "\(file.path):\(location)" }
}
