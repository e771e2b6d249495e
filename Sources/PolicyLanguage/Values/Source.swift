// The text of one policy file and the index that turns byte offsets into lines and columns.
// Every later stage speaks in byte offsets (`SourceRange`); only diagnostics and traces
// convert them, counting columns in characters (Unicode scalars), never in bytes. A line ends at
// LF, CRLF or a lone CR (old Mac files, a stray CR): the lexer, the formatter and the
// documentation all see the lines this index sees.

/// One input file: its display path, its bytes and an index of where each line starts.
package final class SourceFile: Sendable {
    package let path: String
    package let bytes: [UInt8]
    /// Byte offset of the first byte of every line.
    package let lineStarts: [Int]
    /// How many characters come before every `checkpointBytes`-th byte: a column far along a
    /// long line is counted from the checkpoint before it, not from the start of its line.
    private let checkpoints: [Int]
    private static let checkpointBytes = 1 << 12

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for offset in bytes.indices where Self.endsLine(bytes, at: offset) {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
        var checkpoints = [0]
        for start in stride(from: 0, to: bytes.count - Self.checkpointBytes, by: Self.checkpointBytes) {
            checkpoints.append(checkpoints[checkpoints.count - 1] + Self.scalarCount(bytes[start..<start + Self.checkpointBytes]))
        }
        self.checkpoints = checkpoints
    }

    package convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line and character column of a byte offset.
    package func location(of offset: Int) -> SourceLocation {
        let line = lineIndex(containing: offset)
        let (start, end) = (lineStarts[line], min(offset, bytes.count))
        guard end - start > 2 * Self.checkpointBytes else {
            return SourceLocation(line: line + 1, column: Self.scalarCount(bytes[start..<end]) + 1)
        }
        return SourceLocation(line: line + 1, column: charactersBefore(end) - charactersBefore(start) + 1)
    }

    /// How many characters the file has before byte `offset`.
    private func charactersBefore(_ offset: Int) -> Int {
        let checkpoint = min(offset / Self.checkpointBytes, checkpoints.count - 1)
        let from = checkpoint * Self.checkpointBytes
        return checkpoints[checkpoint] + Self.scalarCount(bytes[from..<offset])
    }

    /// The text of a 1-based line, without its line end. Invalid UTF-8 shows as U+FFFD.
    package func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineBytes(line)], as: UTF8.self)
    }

    /// The bytes of a 1-based line, without its line end.
    package func lineBytes(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return start..<end
    }

    /// The source text a range covers.
    package func text(of range: SourceRange) -> String {
        String(decoding: bytes[range.start..<min(range.end, bytes.count)], as: UTF8.self)
    }

    /// A span's text on one line, as a message or a trace quotes it: its runs of spaces, tabs and
    /// line breaks made one space.
    package func oneLineText(of range: SourceRange) -> String {
        text(of: range).collapsingWhitespace
    }

    /// Whether the byte at `offset` is the last of a line break: an LF, or a CR that no LF
    /// follows (the CR of a CRLF is the first byte of one break, not a break of its own).
    static func endsLine(_ bytes: [UInt8], at offset: Int) -> Bool {
        switch bytes[offset] {
        case UInt8(ascii: "\n"): true
        case UInt8(ascii: "\r"): offset + 1 == bytes.count || bytes[offset + 1] != UInt8(ascii: "\n")
        default: false
        }
    }

    private func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Counts scalars by counting bytes that do not continue a UTF-8 sequence: a loop over raw
    /// bytes, which the compiler vectorises, since a column far along a long line is counted
    /// for every diagnostic on it.
    static func scalarCount(_ slice: ArraySlice<UInt8>) -> Int {
        slice.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            // The bytes that continue a character (10xxxxxx), eight at a time: a byte's top bit
            // set and the bit below it clear. No byte is compared on its own.
            var continuing = 0
            var index = 0
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                continuing &+= (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                index += 8
            }
            while index < bytes.count {
                continuing &+= Int((bytes[index] & ~(bytes[index] << 1)) >> 7)
                index += 1
            }
            return bytes.count - continuing
        }
    }
}

/// Decodes the UTF-8 scalar at `offset`: the scalar and its length in bytes, or nil at the end
/// or at a malformed sequence (overlong forms and surrogates included).
func decodeScalar(in bytes: [UInt8], at offset: Int) -> (Unicode.Scalar, Int)? {
    guard offset < bytes.count else { return nil }
    if bytes[offset] < 0x80 { return (Unicode.Scalar(bytes[offset]), 1) }
    guard let (value, length) = bytes.withUnsafeBufferPointer({ decodeUTF8($0, at: offset) }) else { return nil }
    return (Unicode.Scalar(value)!, length)
}

/// The UTF-8 sequence at `offset`, which must be inside `bytes`: its scalar value and length, or
/// nil for a malformed sequence (a stray continuation byte, a short sequence, an overlong form, a
/// surrogate, anything past U+10FFFF).
@inline(__always)
func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (value: UInt32, length: Int)? {
    let lead = bytes[offset]
    if lead < 0x80 { return (UInt32(lead), 1) }
    let length: Int
    let minimum: UInt32
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
    default: return nil
    }
    guard offset + length <= bytes.count else { return nil }
    for index in 1..<length {
        let byte = bytes[offset + index]
        guard byte & 0xC0 == 0x80 else { return nil }
        value = value << 6 | UInt32(byte & 0x3F)
    }
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
    return (value, length)
}

/// A 1-based line and character column.
package struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    package let line: Int
    package let column: Int
    package var description: String { "\(line):\(column)" }
}

/// A half-open range of byte offsets in one file.
package struct SourceRange: Hashable, Sendable {
    package var start: Int
    package var end: Int

    package init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both.
    package func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    package static let none = SourceRange(start: 0, end: 0)
}

/// A range together with its file, for anything that outlives the parse (traces, rules).
package struct SourceSpan: Sendable {
    package let file: SourceFile
    package let range: SourceRange

    package var location: SourceLocation { file.location(of: range.start) }
    package var description: String { "\(file.path):\(location)" }
}

/// Columns a monospace editor or terminal gives text: East Asian wide and full-width characters
/// take two, combining marks none. The formatter aligns table columns by it, the renderer
/// underlines by it, and the command line pads its tables by it.
package enum DisplayWidth {
    package static func of(_ text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    package static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        // The common ideographs, most of a Chinese policy, before the general category is looked up.
        if (0x4E00...0x9FFF).contains(value) { return 2 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    /// The text with each run of spaces, tabs and line breaks made one space, and none at either end.
    package var collapsingWhitespace: String {
        // `isNewline`: CRLF is one Character, neither "\r" nor "\n".
        split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline }).joined(separator: " ")
    }
}
