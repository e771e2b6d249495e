// A small JSON reader and writer for claims and results. Hand-written rather than Foundation's
// so that numbers stay exact decimal text, duplicate keys are caught, every error names its
// line and column, and deep nesting is refused instead of overflowing the stack.

package indirect enum JSONValue: Sendable, Equatable {
    case object([JSONMember])
    case array([JSONValue])
    case string(String)
    /// The number exactly as written, e.g. `79.99`.
    case number(String)
    case bool(Bool)
    case null

    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }
}

package struct JSONMember: Sendable, Equatable {
    package let key: String
    package let value: JSONValue

    package init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

package struct JSONError: Error, Sendable {
    package let message: Phrase
    package let line: Int
    package let column: Int

    /// The message with where it was found: `line 3, column 7: …`.
    package var located: Phrase {
        Phrase("line \(line), column \(column): \(message.english)", "第\(line)行第\(column)列：\(message.chinese)")
    }
}

package struct JSONParser {
    private let bytes: [UInt8]
    private var offset = 0
    private var depth = 0
    private static let maximumDepth = 200

    package static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.offset = 3 }
        parser.skipWhitespace()
        guard parser.offset < bytes.count else {
            throw parser.error(message("the input is empty; expected a JSON object", "输入为空；应为 JSON 对象"))
        }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.offset == bytes.count else {
            throw parser.error(message("unexpected text after the JSON value", "JSON 值之后有多余的文字"))
        }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseValue() throws(JSONError) -> JSONValue {
        guard offset < bytes.count else { throw error(message("the input ends where a value was expected", "输入在应有值之处结束")) }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(Self.expectedValue)
        }
    }

    private mutating func parseObject() throws(JSONError) -> JSONValue {
        try enter()
        offset += 1
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return .object([])
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error(message("expected a key in double quotes", "此处应为用双引号括起的键")) }
            let keyOffset = offset
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw error(message("the key \"\(key)\" appears twice in this object", "键“\(key)”在此对象中出现了两次"), at: keyOffset)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error(message("expected ':' after the key \"\(key)\"", "键“\(key)”之后应为“:”"))
            }
            offset += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            if peek == UInt8(ascii: ",") { offset += 1; continue }
            if peek == UInt8(ascii: "}") { offset += 1; break }
            throw error(message("expected ',' or '}' in the object", "对象中此处应为“,”或“}”"))
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(JSONError) -> JSONValue {
        try enter()
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .array([])
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek == UInt8(ascii: ",") { offset += 1; continue }
            if peek == UInt8(ascii: "]") { offset += 1; break }
            throw error(message("expected ',' or ']' in the array", "数组中此处应为“,”或“]”"))
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error(
                message("the JSON is nested more than \(Self.maximumDepth) levels deep", "JSON 嵌套超过\(Self.maximumDepth)层"))
        }
    }

    private mutating func parseString() throws(JSONError) -> String {
        let start = offset
        offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        func flush(_ scalars: inout String.UnicodeScalarView, _ end: Int) {
            if end > runStart {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while true {
            guard offset < bytes.count else { throw error(message("this text has no closing quote", "此文本缺少右引号"), at: start) }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                flush(&scalars, offset)
                offset += 1
                return String(scalars)
            }
            if byte < 0x20 {
                throw error(
                    message("a control character (such as a line break) inside text must be escaped", "文本中的控制字符（如换行符）必须转义"))
            }
            if byte == UInt8(ascii: "\\") {
                flush(&scalars, offset)
                offset += 1
                guard offset < bytes.count else { throw error(message("the text ends inside an escape", "文本在转义序列中结束")) }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                            bytes[offset + 1] == UInt8(ascii: "u")
                        else {
                            throw error(
                                message(
                                    "a \\u escape for a high surrogate must be followed by its low surrogate",
                                    "高位代理项的 \\u 转义之后必须紧跟低位代理项"))
                        }
                        offset += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw error(message("invalid low surrogate in \\u escape", "\\u 转义中的低位代理项无效"))
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw error(message("\\u escape names no character", "\\u 转义不对应任何字符"))
                    }
                    scalars.append(scalar)
                default:
                    throw error(
                        message(
                            "unknown escape '\\\(Character(Unicode.Scalar(escape)))' in text",
                            "文本中有未知的转义“\\\(Character(Unicode.Scalar(escape)))”"), at: offset - 2)
                }
                runStart = offset
                continue
            }
            if byte >= 0x80 {
                guard let (_, length) = decodeScalar(in: bytes, at: offset) else {
                    throw error(message("this byte is not UTF-8 text", "此字节不是 UTF-8 文本"))
                }
                offset += length
                continue
            }
            offset += 1
        }
    }

    private mutating func parseHex4() throws(JSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error(message("a \\u escape needs four hex digits", "\\u 转义需要四位十六进制数字")) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error(message("a \\u escape needs four hex digits", "\\u 转义需要四位十六进制数字"))
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONError) -> String {
        let start = offset
        if peek == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek, Self.isDigit(first) else { throw error(message("expected a digit", "此处应为数字")) }
        if first == UInt8(ascii: "0") {
            offset += 1
        } else {
            while let byte = peek, Self.isDigit(byte) { offset += 1 }
        }
        if peek == UInt8(ascii: ".") {
            offset += 1
            guard let byte = peek, Self.isDigit(byte) else {
                throw error(message("expected a digit after the decimal point", "小数点之后应为数字"))
            }
            while let byte = peek, Self.isDigit(byte) { offset += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            offset += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { offset += 1 }
            guard let byte = peek, Self.isDigit(byte) else {
                throw error(message("expected a digit in the exponent", "指数中应为数字"))
            }
            while let byte = peek, Self.isDigit(byte) { offset += 1 }
        }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func expectWord(_ word: String) throws(JSONError) {
        let utf8 = Array(word.utf8)
        guard offset + utf8.count <= bytes.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else {
            throw error(Self.expectedValue)
        }
        offset += utf8.count
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private static var expectedValue: Phrase {
        message(
            "expected a value (an object, array, text, number, true, false or null)", "此处应为一个值（对象、数组、文本、数值、true、false 或 null）")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func error(_ message: Phrase, at position: Int? = nil) -> JSONError {
        let position = min(position ?? offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<position where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        let column = SourceFile.scalarCount(bytes[lineStart..<position]) + 1
        return JSONError(message: message, line: line, column: column)
    }
}

// MARK: - Writing

/// Writes JSON with keys in the order given, so output is byte-for-byte deterministic.
package enum JSONWriter {
    package static func write(_ value: JSONValue, indent: Int? = nil) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int) {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let closing = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        switch value {
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                out += newline
                appendString(member.key, to: &out)
                out += indent == nil ? ":" : ": "
                write(member.value, into: &out, indent: indent, level: level + 1)
            }
            out += closing + "}"
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                out += newline
                write(element, into: &out, indent: indent, level: level + 1)
            }
            out += closing + "]"
        case .string(let text): appendString(text, to: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    package static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

// MARK: - Writing

extension OutputBuffer {
    mutating func appendJSONString(_ text: String) {
        appendJSONString(Array(text.utf8))
    }

    /// A JSON string from UTF-8 bytes: quotes, backslashes and control characters escaped.
    mutating func appendJSONString(_ text: UnsafeBufferPointer<UInt8>) {
        var index = Self.firstJSONEscape(in: text, from: 0)
        // The usual text, with nothing to escape: one copy.
        if index == text.count { return appendQuoted(text) }
        append(UInt8(ascii: "\""))
        var plain = 0
        while true {
            append(UnsafeBufferPointer(rebasing: text[plain..<index]))
            guard index < text.count else { break }
            let byte = text[index]
            plain = index + 1
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            default:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00")
                append(hex[Int(byte >> 4)])
                append(hex[Int(byte & 0xF)])
            }
            index = Self.firstJSONEscape(in: text, from: plain)
        }
        append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that a JSON string escapes (a quote, a
    /// backslash, a control character), or the end; eight bytes at a time.
    static func firstJSONEscape(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = text.baseAddress else { return 0 }
        var index = start
        while index + 8 <= text.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            let found =
                InputBuffer.zeroBytes(word ^ 0x2222_2222_2222_2222) | InputBuffer.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                | InputBuffer.zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < text.count, text[index] != UInt8(ascii: "\""), text[index] != UInt8(ascii: "\\"), text[index] >= 0x20 {
            index += 1
        }
        return index
    }

    /// Text as a JSON string, as bytes.
    static func jsonString(_ text: String) -> [UInt8] {
        bytes { $0.appendJSONString(text) }
    }

    mutating func appendJSONString(_ text: [UInt8]) {
        text.withUnsafeBufferPointer { appendJSONString($0) }
    }
}
