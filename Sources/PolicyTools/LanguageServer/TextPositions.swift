// Where things are, in the editor's terms and in the engine's. The protocol counts a position as a
// line and a character offset in UTF-16 code units (a Chinese character is one, an emoji two);
// `SourceFile` counts bytes of UTF-8 (a Chinese character is three). Every position crosses here.
// Documents are named by `file://` URIs, percent-encoded (a Chinese directory name is `%E5%…`).

import PolicyLanguage

package struct LSPPosition: Equatable, Sendable {
    package var line: Int
    package var character: Int

    package init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    var json: JSONValue { .object([.init(key: "line", value: .int(line)), .init(key: "character", value: .int(character))]) }

    init?(_ value: JSONValue?) {
        guard let line = value?["line"]?.intValue, let character = value?["character"]?.intValue else { return nil }
        self.init(line: line, character: character)
    }
}

extension SourceFile {
    /// The protocol's position of a byte offset: the line, and the UTF-16 code units before it on that line.
    package func position(of offset: Int) -> LSPPosition {
        let offset = max(0, min(offset, bytes.count))
        var line = 0
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        line = low
        var units = 0
        var index = lineStarts[line]
        while index < offset {
            let (width, scalarUnits) = Self.scalarWidth(bytes, at: index)
            if index + width > offset { break }
            units += scalarUnits
            index += width
        }
        return LSPPosition(line: line, character: units)
    }

    /// The byte offset of a protocol position; a line past the end is the end of the file, a
    /// character past the end of its line is the line's end (before its line break), and a
    /// position inside a character of two code units is that character's start.
    package func offset(of position: LSPPosition) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        var index = lineStarts[position.line]
        var units = 0
        while index < bytes.count, units < position.character,
            bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r")
        {
            let (width, scalarUnits) = Self.scalarWidth(bytes, at: index)
            if units + scalarUnits > position.character { break }
            units += scalarUnits
            index += width
        }
        return index
    }

    /// The protocol's range of a byte range.
    package func lspRange(_ range: SourceRange) -> JSONValue {
        .object([
            .init(key: "start", value: position(of: range.start).json), .init(key: "end", value: position(of: range.end).json),
        ])
    }

    /// The bytes of the scalar at `index` and its length in UTF-16; a malformed byte is one byte, one unit.
    private static func scalarWidth(_ bytes: [UInt8], at index: Int) -> (bytes: Int, units: Int) {
        let lead = bytes[index]
        let width: Int
        switch lead {
        case 0..<0x80: return (1, 1)
        case 0xC2...0xDF: width = 2
        case 0xE0...0xEF: width = 3
        case 0xF0...0xF4: width = 4
        default: return (1, 1)
        }
        guard index + width <= bytes.count, (1..<width).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 }) else { return (1, 1) }
        return (width, width == 4 ? 2 : 1)
    }
}

/// A document's `file://` URI and the path it names.
package enum DocumentURI {
    /// The path of a `file://` URI, percent-decoded; nil for another scheme.
    package static func path(of uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = Array(uri.utf8.dropFirst("file://".count))
        // `file://host/path`: only an empty host or localhost names this machine's files.
        if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
            let host = String(decoding: rest[..<slash], as: UTF8.self)
            guard host.isEmpty || host == "localhost" else { return nil }
            rest = Array(rest[slash...])
        } else {
            return nil
        }
        var bytes: [UInt8] = []
        var index = 0
        while index < rest.count {
            if rest[index] == UInt8(ascii: "%"), index + 2 < rest.count,
                let high = hexValue(rest[index + 1]), let low = hexValue(rest[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(rest[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `file://` URI of an absolute path, percent-encoding what RFC 3986 does not allow in a path.
    package static func uri(of path: String) -> String {
        var out = "file://"
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension JSONValue {
    static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// An object from pairs, in order, leaving out the nil ones.
    static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { pair in pair.value.map { JSONMember(key: pair.key, value: $0) } })
    }
}
