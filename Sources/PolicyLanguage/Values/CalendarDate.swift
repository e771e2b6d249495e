// A day on the proleptic Gregorian calendar, with no time of day and no time zone: the documents
// speak of days ("2022年11月30日"), and a claim's date must mean the same day on every machine.
// Stored as a day number so that comparison is integer comparison.

package struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package let dayNumber: Int

    package init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// A valid date, or nil for dates such as 2022-02-30 or month 13.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses exactly `YYYY-MM-DD` in ASCII digits.
    package init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// A date as staff type it: `2022-11-30`, `2022年11月30日`, in ASCII or full-width digits
    /// (`２０２２－１１－３０`); nil for anything else, and for days the calendar does not have.
    package init?(written text: some StringProtocol) {
        guard let (year, month, day) = Self.numbers(written: text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day of a date written as `init(written:)` reads it, whether or not the
    /// calendar has that day: for saying what is wrong with one it does not have.
    package static func numbers(written text: some StringProtocol) -> (year: Int, month: Int, day: Int)? {
        var digits: [Int] = []
        var separators: [Character] = []
        var number = 0
        var inNumber = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let digit: UInt32? =
                (0x30...0x39).contains(value) ? value - 0x30 : (0xFF10...0xFF19).contains(value) ? value - 0xFF10 : nil
            if let digit {
                number = number * 10 + Int(digit)
                inNumber = true
                guard number <= 9999 else { return nil }
                continue
            }
            guard inNumber else { return nil }
            digits.append(number)
            (number, inNumber) = (0, false)
            separators.append(Character(scalar == "－" ? "-" : scalar))
        }
        if inNumber { digits.append(number) }
        guard digits.count == 3 else { return nil }
        let dashed = separators == ["-", "-"]
        let chinese = separators == ["年", "月", "日"]
        guard dashed || chinese else { return nil }
        return (digits[0], digits[1], digits[2])
    }

    package var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    package var year: Int { components.year }
    package var month: Int { components.month }
    package var day: Int { components.day }

    package var description: String {
        let (year, month, day) = components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
    }

    package static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    package static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// A closed range of days: a policy's period in force. A period with no end runs to the last
/// day the calendar knows.
package struct Period: Hashable, Sendable {
    package let start: CalendarDate
    package let end: CalendarDate

    package static let lastDay = CalendarDate(year: 9999, month: 12, day: 31)!

    package init(start: CalendarDate, end: CalendarDate = Period.lastDay) {
        self.start = start
        self.end = end
    }

    package var isOpenEnded: Bool { end == Self.lastDay }
    package func contains(_ date: CalendarDate) -> Bool { start <= date && date <= end }
    package func contains(_ other: Period) -> Bool { start <= other.start && other.end <= end }
    /// `2021-01-01 to 2025-12-31`, `from 2022-01-01`; in Chinese `2021-01-01 至 2025-12-31`,
    /// `自 2022-01-01 起`.
    package var phrase: Phrase {
        isOpenEnded ? Phrase("from \(start)", "自 \(start) 起") : Phrase("\(start) to \(end)", "\(start) 至 \(end)")
    }
}
