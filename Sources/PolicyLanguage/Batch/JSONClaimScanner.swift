// JSON lines at the speed of CSV: a claim of the usual shape — `id`, `date`, `jurisdiction`,
// `program` and a flat `facts` object, strings without escapes, plain numbers, true or false —
// is read straight from its bytes into fields, as if it were a CSV record under a header that
// names every input of the library. Anything else (an escape, an exponent, `applied`, a key
// twice, a fact no policy has, an empty or null value, broken UTF-8) is left to the full parser
// and `Claim.decode`, which say what is wrong in their own words; the scanner only ever declines.

/// How a fact was written in JSON, which decides how the engine reads it (`Fact.Value`).
enum JSONFactKind: UInt8 {
    case text, number, bool
}

struct JSONClaimScanner {
    /// The columns a scanned claim fills: the claim's own fields, then every input of the library.
    let header: CSVHeader
    /// The column of each fact name.
    private var factColumns: ByteKeyTable<Int>

    /// A scanner for the library's inputs; nil when an input is named like one of a claim's own
    /// fields in a CSV header, which would make the columns ambiguous.
    init?(library: PolicyLibrary) {
        var names = ["id", "date", "jurisdiction", "program"]
        var columns = ByteKeyTable<Int>()
        let roleNames = Set(CSVHeader.roles.flatMap(\.names))
        for entry in library.entries {
            for input in entry.program.inputs {
                guard !roleNames.contains(input.name) else { return nil }
                var bytes = Array(input.name.utf8)
                let added = bytes.withUnsafeMutableBufferPointer { buffer -> Bool in
                    let key = UnsafeBufferPointer(buffer)
                    guard columns.index(of: key) == nil else { return false }
                    columns.insert(key, hash: ByteKeyTable<Int>.hash(key), value: names.count)
                    return true
                }
                if added { names.append(input.name) }
            }
        }
        header = CSVHeader(names: names)
        guard header.problems.isEmpty else { return nil }
        factColumns = columns
    }

    /// Reads a claim of the usual shape into `fields` and `kinds` (one of each per column; a
    /// field left empty is a fact not given); false for any other line.
    func scan(
        _ line: UnsafeBufferPointer<UInt8>, into fields: UnsafeMutablePointer<FieldBytes>,
        kinds: UnsafeMutablePointer<JSONFactKind>
    ) -> Bool {
        guard let base = line.baseAddress, line.isValidUTF8 else { return false }
        let empty = FieldBytes(start: base, count: 0)
        for column in header.names.indices {
            fields[column] = empty
            kinds[column] = .text
        }
        var cursor = Cursor(base: base, end: line.count)
        var seenFacts = false
        guard cursor.take(UInt8(ascii: "{")) else { return false }
        if cursor.take(UInt8(ascii: "}")) { return false }
        repeat {
            guard let key = cursor.string() else { return false }
            guard cursor.take(UInt8(ascii: ":")) else { return false }
            let column: Int
            switch key.count {
            case 2 where key.equals("id"): column = header.id
            case 4 where key.equals("date"): column = header.date
            case 7 where key.equals("program"): column = header.program
            case 12 where key.equals("jurisdiction"): column = header.jurisdiction
            case 5 where key.equals("facts"):
                guard !seenFacts, scanFacts(&cursor, into: fields, kinds: kinds) else { return false }
                seenFacts = true
                continue
            default: return false
            }
            guard fields[column].isEmpty else { return false }
            if let text = cursor.string() {
                fields[column] = text
            } else if column == header.id, let number = cursor.number() {
                fields[column] = number
            } else {
                return false
            }
            // An empty text is a problem the full reading words.
            if fields[column].isEmpty { return false }
        } while cursor.take(UInt8(ascii: ","))
        guard cursor.take(UInt8(ascii: "}")), cursor.atEnd, seenFacts else { return false }
        return [header.id, header.date, header.jurisdiction, header.program].allSatisfy { !fields[$0].isEmpty }
    }

    private func scanFacts(
        _ cursor: inout Cursor, into fields: UnsafeMutablePointer<FieldBytes>, kinds: UnsafeMutablePointer<JSONFactKind>
    ) -> Bool {
        guard cursor.take(UInt8(ascii: "{")) else { return false }
        if cursor.take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let name = cursor.string(), cursor.take(UInt8(ascii: ":")) else { return false }
            guard let entry = factColumns.index(of: name) else { return false }
            let column = factColumns[entry]
            guard fields[column].isEmpty else { return false }
            if let text = cursor.string() {
                guard !text.isEmpty else { return false }
                fields[column] = text
            } else if let number = cursor.number() {
                fields[column] = number
                kinds[column] = .number
            } else if let flag = cursor.literal() {
                fields[column] = flag
                kinds[column] = .bool
            } else {
                return false
            }
        } while cursor.take(UInt8(ascii: ","))
        return cursor.take(UInt8(ascii: "}"))
    }

    /// A position in a line, skipping JSON's white space before each token.
    private struct Cursor {
        let base: UnsafePointer<UInt8>
        let end: Int
        var index = 0

        init(base: UnsafePointer<UInt8>, end: Int) {
            self.base = base
            self.end = end
        }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == end
            }
        }

        @inline(__always)
        mutating func skipSpace() {
            while index < end, base[index] == 0x20 || base[index] == 0x09 || base[index] == 0x0D { index += 1 }
        }

        @inline(__always)
        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < end, base[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string without escapes or control characters: its bytes between the quotes.
        mutating func string() -> FieldBytes? {
            skipSpace()
            guard index < end, base[index] == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            var position = start
            while position < end {
                let byte = base[position]
                if byte == UInt8(ascii: "\"") {
                    index = position + 1
                    return FieldBytes(start: base + start, count: position - start)
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }

        /// A number of the plain form `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: its text.
        mutating func number() -> FieldBytes? {
            skipSpace()
            let start = index
            var position = index
            if position < end, base[position] == UInt8(ascii: "-") { position += 1 }
            let integerStart = position
            while position < end, base[position] &- UInt8(ascii: "0") <= 9 { position += 1 }
            let integerDigits = position - integerStart
            guard integerDigits > 0, integerDigits == 1 || base[integerStart] != UInt8(ascii: "0") else { return nil }
            if position < end, base[position] == UInt8(ascii: ".") {
                position += 1
                let fractionStart = position
                while position < end, base[position] &- UInt8(ascii: "0") <= 9 { position += 1 }
                guard position > fractionStart else { return nil }
            }
            // An exponent, or a number run into other text, is the full parser's to read.
            if position < end, base[position] == UInt8(ascii: "e") || base[position] == UInt8(ascii: "E") { return nil }
            index = position
            return FieldBytes(start: base + start, count: position - start)
        }

        /// `true` or `false`: its bytes.
        mutating func literal() -> FieldBytes? {
            skipSpace()
            for word: StaticString in ["true", "false"] {
                let length = word.utf8CodeUnitCount
                if index + length <= end, FieldBytes(start: base + index, count: length).equals(word) {
                    index += length
                    return FieldBytes(start: base + index - length, count: length)
                }
            }
            return nil
        }
    }
}
