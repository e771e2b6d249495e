// Types and units. A quantity's unit is a product of base dimensions with integer exponents
// (yuan, day, month, hour, person, year), so `yuan/day * days` is `yuan` by arithmetic rather
// than by a table of special cases. Percent is a dimensionless scale: `50% * 12 yuan` is yuan.
// Units are proven by the checker and erased at run time.

package struct Unit: Hashable, Sendable {
    package enum Dimension: Int, CaseIterable, Sendable {
        case yuan, day, month, hour, person, year

        var plural: String {
            switch self {
            case .yuan: "yuan"
            case .day: "days"
            case .month: "months"
            case .hour: "hours"
            case .person: "persons"
            case .year: "years"
            }
        }

        var singular: String {
            switch self {
            case .yuan: "yuan"
            case .day: "day"
            case .month: "month"
            case .hour: "hour"
            case .person: "person"
            case .year: "year"
            }
        }

        /// The Chinese unit, the same for one and for many.
        var chinese: String {
            switch self {
            case .yuan: "元"
            case .day: "天"
            case .month: "月"
            case .hour: "小时"
            case .person: "人"
            case .year: "年"
            }
        }
    }

    /// Exponent of each dimension, indexed by `Dimension.rawValue`.
    package private(set) var exponents: [Int8]
    package private(set) var isPercent: Bool

    package init(_ exponents: [Dimension: Int8] = [:], percent: Bool = false) {
        var values = [Int8](repeating: 0, count: Dimension.allCases.count)
        for (dimension, exponent) in exponents { values[dimension.rawValue] = exponent }
        self.exponents = values
        self.isPercent = percent && values.allSatisfy { $0 == 0 }
    }

    package static let number = Unit()
    package static let percent = Unit(percent: true)
    package static let yuan = Unit([.yuan: 1])

    package var isDimensionless: Bool { exponents.allSatisfy { $0 == 0 } }

    /// Whether money is part of this unit (yuan, yuan/day …): such rules must cite their clause.
    package var involvesMoney: Bool { exponents[Dimension.yuan.rawValue] != 0 }

    package static func * (a: Unit, b: Unit) -> Unit {
        var result = Unit()
        result.exponents = zip(a.exponents, b.exponents).map { $0 + $1 }
        result.isPercent = result.isDimensionless && (a.isPercent || b.isPercent)
        return result
    }

    package static func / (a: Unit, b: Unit) -> Unit {
        var result = Unit()
        result.exponents = zip(a.exponents, b.exponents).map { $0 - $1 }
        // percent / percent is a plain ratio; yuan / percent is yuan.
        result.isPercent = result.isDimensionless && a.isPercent && !b.isPercent
        return result
    }

    /// The unit a keyword names: `days`, `yuan`, `percent`.
    init?(keyword: Keyword) {
        switch keyword {
        case .yuan: self.init([.yuan: 1])
        case .day, .days: self.init([.day: 1])
        case .month, .months: self.init([.month: 1])
        case .hour, .hours: self.init([.hour: 1])
        case .person, .persons: self.init([.person: 1])
        case .year, .years: self.init([.year: 1])
        case .percent: self.init(percent: true)
        default: return nil
        }
    }
}

extension Unit: CustomStringConvertible {
    /// `yuan`, `days`, `yuan/day`, `yuan/person/month`, `percent`, `number`.
    package var description: String {
        if isPercent { return "percent" }
        let positive = Dimension.allCases.filter { exponents[$0.rawValue] > 0 }
        let negative = Dimension.allCases.filter { exponents[$0.rawValue] < 0 }
        if positive.isEmpty && negative.isEmpty { return "number" }
        func power(_ dimension: Dimension, _ name: String) -> String {
            let exponent = abs(Int(exponents[dimension.rawValue]))
            return exponent == 1 ? name : "\(name)^\(exponent)"
        }
        var text = positive.map { power($0, $0.plural) }.joined(separator: "*")
        if text.isEmpty { text = "1" }
        for dimension in negative { text += "/" + power(dimension, dimension.singular) }
        return text
    }

    /// How a message names the unit: `description` in English; in Chinese the Chinese units,
    /// `元/天`, `元/人/月`, `百分比`, `数值`. Code and JSON keep `description`.
    package var name: Phrase {
        Phrase(description, chineseName)
    }

    /// The Chinese units, whatever the language: `元/天`, `百分比`, `数值`.
    var chineseName: String {
        if isPercent { return "百分比" }
        let positive = Dimension.allCases.filter { exponents[$0.rawValue] > 0 }
        let negative = Dimension.allCases.filter { exponents[$0.rawValue] < 0 }
        if positive.isEmpty && negative.isEmpty { return "数值" }
        func power(_ dimension: Dimension) -> String {
            let exponent = abs(Int(exponents[dimension.rawValue]))
            return exponent == 1 ? dimension.chinese : "\(dimension.chinese)^\(exponent)"
        }
        var text = positive.map(power).joined(separator: "*")
        if text.isEmpty { text = "1" }
        for dimension in negative { text += "/" + power(dimension) }
        return text
    }

    /// The unit written after an amount: singular for exactly one (`1 day`), plural otherwise.
    func suffix(for value: ExactDecimal) -> String {
        if isPercent { return "%" }
        if isDimensionless { return "" }
        let positive = Dimension.allCases.filter { exponents[$0.rawValue] > 0 }
        if value == .one, positive.count == 1, exponents[positive[0].rawValue] == 1,
            !Dimension.allCases.contains(where: { exponents[$0.rawValue] < 0 })
        {
            return " " + positive[0].singular
        }
        return " " + description
    }
}

/// An enum declared in a policy: its cases become small integers at run time.
package struct EnumType: Hashable, Sendable {
    package let name: String
    package let cases: [String]
    /// Each case's ordinal by name, so that finding a case does not read all of them: a table or
    /// a match naming each of thousands of cases is checked in linear time.
    private let ordinals: [String: Int]

    package init(name: String, cases: [String]) {
        self.name = name
        self.cases = cases
        // A case named twice is reported by the checker; its first place is its ordinal.
        self.ordinals = Dictionary(cases.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package func ordinal(of name: String) -> Int? { ordinals[name] }

    /// The table of ordinals follows from the cases, so two enums are equal when their names and cases are.
    package static func == (a: EnumType, b: EnumType) -> Bool { a.name == b.name && a.cases == b.cases }

    /// The number of cases stands in for the cases: hashing an enum's type does not read them all.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(cases.count)
    }
}

package enum ValueType: Hashable, Sendable {
    case quantity(Unit)
    case bool
    case date
    case text
    /// A resident identity number (GB 11643), held as the integer of its first 17 digits.
    case identity
    case enumeration(EnumType)
    /// The type of something already reported as wrong; it agrees with everything, so one
    /// mistake yields one diagnostic.
    case error

    package static let yuan = ValueType.quantity(.yuan)
    package static let number = ValueType.quantity(.number)
    package static let percent = ValueType.quantity(.percent)

    package var unit: Unit? {
        if case .quantity(let unit) = self { return unit }
        return nil
    }

    var isError: Bool { self == .error }

    /// Whether values of the type can be ordered (`<`, ranges, tiers).
    var isOrdered: Bool {
        switch self {
        case .quantity, .date, .error: true
        default: false
        }
    }

    /// Whether two types agree, an error type agreeing with anything.
    func agrees(with other: ValueType) -> Bool {
        self == other || isError || other.isError
    }
}

extension ValueType: CustomStringConvertible {
    package var description: String {
        switch self {
        case .quantity(let unit): unit.description
        case .bool: "bool"
        case .date: "date"
        case .text: "text"
        case .identity: "identity"
        case .enumeration(let type): type.name
        case .error: "unknown"
        }
    }

    /// How a message names the type: `description` in English; in Chinese `元/天`, `百分比`,
    /// `是否值`, `日期`, `文本`, `身份号码`, or the enum's name in quotation marks, `“证书等级”`, so that it
    /// stands apart from the sentence around it.
    package var name: Phrase {
        switch self {
        case .quantity(let unit): unit.name
        case .bool: Phrase(description, "是否值")
        case .date: Phrase(description, "日期")
        case .text: Phrase(description, "文本")
        case .identity: Phrase(description, "身份号码")
        case .enumeration(let type): Phrase(description, "“\(type.name)”")
        case .error: Phrase(description, "未知")
        }
    }
}
