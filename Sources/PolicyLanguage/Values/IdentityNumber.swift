// The resident identity number of GB 11643 (公民身份号码): 17 digits and a check character. The
// policies key their limits by it, so one person must be one key however a claim writes the
// number. At run time it is the integer of its first 17 digits: the check character follows from
// them, and the canonical form (18 ASCII characters, upper-case X) is written from that integer.

package struct IdentityNumber: Hashable, Sendable, CustomStringConvertible {
    /// The first 17 digits as an integer: region (6), birth date (8), sequence (3).
    package let body: Int64

    /// What is wrong with a text that is not an identity number.
    package enum Problem: Error, Equatable, Sendable {
        /// Not 18 characters, after trimming and folding.
        case length(Int)
        /// The character at a 1-based position is not a digit (or, last, neither a digit nor X).
        case notADigit(position: Int, character: Character)
        /// The check character does not follow from the 17 digits.
        case checkCharacter(expected: Character)
        /// Digits 7 to 14 are not a day.
        case birthDate(String)
        /// Written in scientific notation, as a spreadsheet writes a long number.
        case scientificNotation
    }

    /// The number whose first 17 digits are `body`, when they hold a birth date that is a day.
    package init?(body: Int64) {
        guard (0..<100_000_000_000_000_000).contains(body), Self.hasBirthDate(body) else { return nil }
        self.body = body
    }

    /// The run-time value of an `identity` fact.
    package var value: ExactDecimal { ExactDecimal(significand: body, exponent: 0) }

    /// The number a run-time value holds.
    package init(value: ExactDecimal) {
        body = value.significand
    }

    // MARK: The check character

    /// ISO 7064 MOD 11-2: the digits weighted 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 (2^(17-i) mod 11,
    /// so Horner's rule with 2 applies them), and the check character the one that makes the
    /// weighted sum with it 1 mod 11: "10X98765432" by the sum mod 11.
    @inline(__always)
    static func checkValue(weightedSum sum: Int) -> Int {
        (12 - sum % 11) % 11
    }

    @inline(__always)
    static func checkCharacter(_ value: Int) -> UInt8 {
        value == 10 ? UInt8(ascii: "X") : UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)
    }

    /// The check character, as ASCII.
    package var checkCharacter: UInt8 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { scratch in
            write(to: scratch.baseAddress!)
            return scratch[17]
        }
    }

    // MARK: Reading

    /// The number in `bytes` when they are exactly its canonical form, or with a lower-case x: the
    /// batch's path, which reads the 18 bytes in place. Nil for anything else, which
    /// `init(reading:)` reads or explains.
    @inline(__always)
    package static func canonical(_ bytes: UnsafeBufferPointer<UInt8>) -> IdentityNumber? {
        guard bytes.count == 18 else { return nil }
        var body: Int64 = 0
        var sum = 0
        for index in 0..<17 {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            body = body &* 10 &+ Int64(digit)
            sum = sum &* 2 &+ Int(digit)
        }
        let last = bytes[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : bytes[17]
        guard last == checkCharacter(checkValue(weightedSum: sum &* 2)) else { return nil }
        return IdentityNumber(body: body)
    }

    /// Reads a number as a claim gives it: trimmed, full-width digits and X folded, a lower-case
    /// x upper-cased; then it must be 17 digits and the check character they give, with a birth
    /// date that is a day.
    package init(reading text: String) throws(Problem) {
        let characters = Array(Self.fold(text))
        if characters.contains(where: { $0 == "e" || $0 == "E" }), characters.contains(where: \.isWholeNumber),
            characters.allSatisfy({ $0.isASCII && ($0.isWholeNumber || "eE+-.".contains($0)) })
        {
            throw .scientificNotation
        }
        guard characters.count == 18 else { throw .length(characters.count) }
        var body: Int64 = 0
        var sum = 0
        for (index, character) in characters.prefix(17).enumerated() {
            guard character.isASCII, let digit = character.wholeNumberValue else {
                throw .notADigit(position: index + 1, character: character)
            }
            body = body * 10 + Int64(digit)
            sum = sum * 2 + digit
        }
        let check = Character(Unicode.Scalar(Self.checkCharacter(Self.checkValue(weightedSum: sum * 2))))
        let last = characters[17]
        guard last.isASCII, last.wholeNumberValue != nil || last == "X" else {
            throw .notADigit(position: 18, character: last)
        }
        guard last == check else { throw .checkCharacter(expected: check) }
        guard let number = IdentityNumber(body: body) else {
            throw .birthDate(String(characters[6..<14]))
        }
        self = number
    }

    /// Full-width digits and X folded to ASCII, any white space at either end removed, x
    /// upper-cased.
    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in FactText.fold(text).unicodeScalars {
            scalars.append(scalar == "x" ? "X" : scalar)
        }
        return String(scalars)
    }

    // MARK: Writing

    /// Writes the canonical form, 18 ASCII bytes, at `destination`. Every limit keyed by a person
    /// writes it for every claim, so it is written in two halves of unsigned 32-bit arithmetic,
    /// where dividing by 10 is a short multiply, and the check character is summed from the
    /// digits by Horner's rule as the bytes are read.
    @inline(__always)
    func write(to destination: UnsafeMutablePointer<UInt8>) {
        let value = UInt64(bitPattern: body)
        var high = UInt32(truncatingIfNeeded: value / 100_000_000)  // digits 1 to 9
        var low = UInt32(truncatingIfNeeded: value % 100_000_000)  // digits 10 to 17
        for position in stride(from: 16, through: 9, by: -1) {
            destination[position] = UInt8(truncatingIfNeeded: 48 &+ low % 10)
            low /= 10
        }
        for position in stride(from: 8, through: 0, by: -1) {
            destination[position] = UInt8(truncatingIfNeeded: 48 &+ high % 10)
            high /= 10
        }
        var sum = 0
        for position in 0..<17 { sum = sum &* 2 &+ Int(destination[position] &- 48) }
        destination[17] = Self.checkCharacter(Self.checkValue(weightedSum: sum &* 2))
    }

    /// The canonical form: `140524199203150018`, `11010519491231002X`.
    package var description: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { scratch in
            write(to: scratch.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: scratch.baseAddress!, count: 18), as: UTF8.self)
        }
    }

    // MARK: The birth date

    /// The date of birth the number encodes, digits 7 to 14.
    package var birthDate: CalendarDate {
        let (year, month, day) = Self.birthDateParts(body)
        return CalendarDate(year: year, month: month, day: day) ?? CalendarDate(dayNumber: 0)
    }

    @inline(__always)
    private static func birthDateParts(_ body: Int64) -> (year: Int, month: Int, day: Int) {
        let digits = Int(body / 1000 % 100_000_000)
        return (digits / 10000, digits / 100 % 100, digits % 100)
    }

    @inline(__always)
    private static func hasBirthDate(_ body: Int64) -> Bool {
        let (year, month, day) = birthDateParts(body)
        return year >= 1 && (1...12).contains(month) && day >= 1 && day <= CalendarDate.daysIn(month: month, year: year)
    }
}

extension IdentityNumber.Problem {
    /// What is wrong, to follow "the fact 身份证号 is …, but": `its check character should be 8: …`.
    package var reason: Phrase {
        switch self {
        case .length(let count):
            let old =
                count == 15
                ? Phrase("; a 15-digit number of the first generation is given in its 18-digit form", "；15位的第一代号码请换算为18位")
                : Phrase.empty
            return Phrase(
                "it has \(count) characters, not 18 (17 digits and a check character)\(old.english)",
                "其共有\(count)位，而不是18位（17位数字加1位校验码）\(old.chinese)")
        case .notADigit(18, let character):
            return Phrase("its check character, \(character), is neither a digit nor X", "其校验码“\(character)”既不是数字也不是X")
        case .notADigit(let position, let character):
            return Phrase(
                "its \(Self.ordinal(position)) character, \(character), is not a digit", "其第\(position)位“\(character)”不是数字")
        case .checkCharacter(let expected):
            return Phrase(
                "its check character should be \(expected), so a digit or the check character is mistyped",
                "其校验码应为\(expected)，可见有数字或校验码录入有误")
        case .birthDate(let digits):
            return Phrase("its birth date, \(digits), is not a day", "其出生日期\(digits)不是有效的日期")
        case .scientificNotation:
            return Phrase(
                "it is a number in scientific notation, which has lost digits; give it as text (format a spreadsheet's column as text)",
                "这是以科学计数法书写的数值，已丢失位数；请以文本给出（在电子表格中将该列设为文本格式）")
        }
    }

    private static func ordinal(_ number: Int) -> String {
        switch (number % 10, number % 100) {
        case (_, 11...13): "\(number)th"
        case (1, _): "\(number)st"
        case (2, _): "\(number)nd"
        case (3, _): "\(number)rd"
        default: "\(number)th"
        }
    }
}
