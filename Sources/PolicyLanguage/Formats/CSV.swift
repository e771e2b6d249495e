// A CSV reader (RFC 4180): quoted fields with "" for a quote, fields spanning lines inside quotes,
// a UTF-8 byte-order mark, CRLF or LF line ends. It hands out one record at a time with the line
// it started on, so a caller can report a bad line and go on.

package struct CSVRecord: Sendable {
    package let fields: [String]
    /// The 1-based line the record starts on.
    package let line: Int
}

package struct CSVError: Error, Sendable, CustomStringConvertible {
    package let line: Int
    package let message: String
    package var description: String { localized("line \(line): \(message)", "第\(line)行：\(message)") }

    package init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

package struct CSVReader: Sendable {
    private let bytes: [UInt8]
    private var offset: Int
    private var line = 1

    package init(bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record, an error for a malformed one (the reader then continues after it), or nil
    /// at the end. Blank lines are skipped.
    package mutating func next() -> Result<CSVRecord, CSVError>? {
        while offset < bytes.count, bytes[offset] == UInt8(ascii: "\n") || bytes[offset] == UInt8(ascii: "\r") {
            if bytes[offset] == UInt8(ascii: "\n") { line += 1 }
            offset += 1
        }
        guard offset < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        while offset < bytes.count {
            let byte = bytes[offset]
            if quoted {
                offset += 1
                if byte == UInt8(ascii: "\"") {
                    if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
                        field.append(byte)
                        offset += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                guard let text = String(validating: field, as: UTF8.self) else { return invalidUTF8(startLine) }
                fields.append(text)
                field.removeAll(keepingCapacity: true)
                afterQuote = false
                offset += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard let text = String(validating: field, as: UTF8.self) else { return invalidUTF8(startLine) }
                if byte == UInt8(ascii: "\r"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "\n") { offset += 1 }
                offset += 1
                line += 1
                fields.append(text)
                return .success(CSVRecord(fields: fields, line: startLine))
            case UInt8(ascii: "\"") where field.isEmpty && !afterQuote:
                quoted = true
                offset += 1
            default:
                if afterQuote {
                    skipRestOfLine()
                    return .failure(CSVError(line: startLine, message: Self.textAfterQuote))
                }
                field.append(byte)
                offset += 1
            }
        }
        if quoted {
            return .failure(
                CSVError(
                    line: startLine,
                    message: localized(
                        "a quoted field is not closed before the end of the file", "带引号的字段直到文件末尾仍未以引号结束")))
        }
        guard let text = String(validating: field, as: UTF8.self) else { return invalidUTF8(startLine) }
        fields.append(text)
        return .success(CSVRecord(fields: fields, line: startLine))
    }

    private mutating func invalidUTF8(_ startLine: Int) -> Result<CSVRecord, CSVError> {
        skipRestOfLine()
        return .failure(
            CSVError(
                line: startLine,
                message: localized("the line is not UTF-8 text; save the file as UTF-8", "该行不是 UTF-8 文本；请将文件另存为 UTF-8 编码")))
    }

    static var textAfterQuote: String {
        localized("text follows a closing quote; a quoted field ends at its quote", "右引号之后还有文字；带引号的字段应在其右引号处结束")
    }

    private mutating func skipRestOfLine() {
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
        if offset < bytes.count {
            offset += 1
            line += 1
        }
    }
}
