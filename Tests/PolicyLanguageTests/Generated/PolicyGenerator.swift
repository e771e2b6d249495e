// Writes well-typed policies from a stream of choices (the fuzzer's bytes, or a seeded generator's):
// a province's policy and, often, a county's that extends it, in English or Chinese keywords, with
// enums, inputs of every type, tables keyed by enums, rules built from the grammar's expressions,
// limits and worked examples; and claims for them. Every expression is written for a type it is
// known to have, so everything written should check: a rejection is a bug here or in the checker.
//
// One function per construct, each bounded by the depth it may still nest; every compound operand
// is parenthesised, so the text's structure is the one meant whatever the precedence. Names are
// ASCII words no keyword set uses (`x3`, `r2`, `T1`, `E1b`), so a policy converts to either set.

#if !FUZZING
    @testable import PolicyLanguage
#endif

/// Reads choices off bytes; past their end every choice is the first.
struct GeneratorChoices {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes from a seed, for the tests' deterministic runs (SplitMix64).
    init(seed: UInt64, count: Int = 4096) {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: z >> UInt64(shift))) }
        }
        self.init(bytes)
    }

    mutating func byte() -> Int {
        defer { offset += 1 }
        return offset < bytes.count ? Int(bytes[offset]) : 0
    }

    /// A number in `0..<count`.
    mutating func below(_ count: Int) -> Int {
        guard count > 1 else { return 0 }
        return (byte() << 8 | byte()) % count
    }

    /// True `chance` times in `outOf`.
    mutating func chance(_ chance: Int, outOf: Int) -> Bool { below(outOf) < chance }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

// MARK: - Types

/// The units the generator writes, each with its spelling in both keyword sets.
enum GeneratedUnit: CaseIterable, Hashable {
    case yuan, days, months, hours, persons, number, percent, yuanPerDay, yuanPerMonth, yuanPerHour, yuanPerPerson

    /// The type as declared: `yuan/day`, `number`, `percent`.
    var typeName: String {
        switch self {
        case .yuan: "yuan"
        case .days: "days"
        case .months: "months"
        case .hours: "hours"
        case .persons: "persons"
        case .number: "number"
        case .percent: "percent"
        case .yuanPerDay: "yuan/day"
        case .yuanPerMonth: "yuan/month"
        case .yuanPerHour: "yuan/hour"
        case .yuanPerPerson: "yuan/person"
        }
    }

    /// What follows a figure: `12 yuan/day`, `12`, `12%`.
    var suffix: String {
        switch self {
        case .number: ""
        case .percent: "%"
        default: " " + typeName
        }
    }

    /// A figure with its unit, singular after exactly 1 (`1 day`, `2 days`), as `fmt` writes it.
    func written(_ figure: String) -> String {
        guard figure == "1", [.days, .months, .hours, .persons].contains(self) else { return figure + suffix }
        return figure + " " + String(typeName.dropLast())
    }

    /// The quantity a rate is paid by (`yuan/day` by `days`), and the rate that pays by a quantity.
    var per: GeneratedUnit? {
        switch self {
        case .yuanPerDay: .days
        case .yuanPerMonth: .months
        case .yuanPerHour: .hours
        case .yuanPerPerson: .persons
        default: nil
        }
    }

    static let counts: [GeneratedUnit] = [.days, .months, .hours, .persons]
    static let rates: [GeneratedUnit] = [.yuanPerDay, .yuanPerMonth, .yuanPerHour, .yuanPerPerson]

    static func rate(for count: GeneratedUnit) -> GeneratedUnit { rates.first { $0.per == count }! }
}

indirect enum GeneratedType: Hashable {
    case quantity(GeneratedUnit)
    case bool, date, text, identity
    case enumeration(Int)

    static let yuan = GeneratedType.quantity(.yuan)
}

/// The constructs a generated policy can contain, counted by the generator's own test.
enum GeneratedConstruct: String, CaseIterable {
    case header, enumeration, chineseKeywords, extends, inherited, countyRate
    case inputYuan, inputCount, inputNumber, inputPercent, inputRate, inputBool, inputEnum, inputDate, inputText
    case inputIdentity, openInput, bounds
    case arithmetic, division, roundedDivision, rounded, conditional, matchEnum, matchRange, table, otherwise
    case marginal, banded, atMost, atLeast, minMax, require, within, dateFunctions, birthdate, claimDate, logic
    case limitClaims, limitAmount, limits, test, testRefused, deadline, countingYear, applicationDate, dateFromNumbers
}

// MARK: - The policy

/// A policy file (or two) the generator wrote, with what a claim may give.
struct GeneratedPolicy {
    struct Input {
        let name: String
        let type: GeneratedType
        let isOpen: Bool
        /// Inclusive bounds as figures (a percent's as its figure, 80 for 80%), when declared.
        let lower: Int?
        let upper: Int?
        /// A layer above gives it a value by a rule: claims leave it out.
        var overridden = false
    }

    /// `(path, text)`: the province's file first, then the county's when there is one.
    var files: [(path: String, text: String)]
    let inputs: [Input]
    let enums: [[String]]
    /// The programs each policy (by name) decides, the province's first.
    let programs: [(policy: String, names: [String])]
    var constructs: Set<GeneratedConstruct>
    let keywords: KeywordSet
    let jurisdiction: [String]
}

struct PolicyGenerator {
    var choices: GeneratorChoices
    private(set) var constructs: Set<GeneratedConstruct> = []
    private var enums: [[String]] = []
    private var inputs: [GeneratedPolicy.Input] = []
    /// Rules and programs written so far, with their types: a rule reads only earlier ones, so no cycle.
    private var rules: [(name: String, type: GeneratedType)] = []
    private var tables: [(name: String, enumIndex: Int, columns: [(name: String, type: GeneratedType)])] = []
    private var counter = 0
    private var reasons = 0
    /// Lowered each time an expression nests: the depth left.
    private let maxDepth = 3

    init(_ choices: GeneratorChoices) { self.choices = choices }

    private mutating func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    private mutating func note(_ construct: GeneratedConstruct) { constructs.insert(construct) }

    // MARK: Literals

    /// A small figure: whole, or with one or two decimals.
    private mutating func figure() -> String {
        let whole = choices.below(501)
        switch choices.below(4) {
        case 0: return "\(whole).\(choices.below(10))"
        case 1: return "\(whole).\(choices.below(90) + 10)"
        default: return "\(whole)"
        }
    }

    private mutating func literal(_ unit: GeneratedUnit) -> String {
        switch unit {
        case .percent: return "\(choices.below(101))\(choices.chance(1, outOf: 4) ? ".5" : "")%"
        case .number: return "\(choices.below(20))"
        case .days, .months, .hours, .persons: return unit.written("\(choices.below(40))")
        default: return unit.written(figure())
        }
    }

    private mutating func dateLiteral() -> String {
        let month = choices.below(12) + 1
        return "2022-\(month < 10 ? "0" : "")\(month)-\(10 + choices.below(18))"
    }

    // MARK: Expressions

    private func inputs(of type: GeneratedType) -> [String] {
        inputs.filter { $0.type == type }.map(\.name)
    }

    private func rules(of type: GeneratedType) -> [String] {
        rules.filter { $0.type == type }.map(\.name)
    }

    /// A leaf of the type: an input, an earlier rule, or a literal.
    private mutating func leaf(_ type: GeneratedType) -> String {
        let named = inputs(of: type) + rules(of: type)
        if !named.isEmpty, choices.chance(3, outOf: 4) { return choices.pick(named) }
        switch type {
        case .quantity(let unit): return literal(unit)
        case .bool: return choices.chance(1, outOf: 2) ? "true" : "false"
        case .date:
            if choices.chance(1, outOf: 3) {
                note(.claimDate)
                return "claim date"
            }
            return dateLiteral()
        case .text: return "\"文\(choices.below(3))\""
        case .identity: return "\"11010519491231002X\""
        case .enumeration(let index): return "E\(index).\(choices.pick(enums[index]))"
        }
    }

    /// An expression of the quantity type `unit`.
    mutating func quantity(_ unit: GeneratedUnit, depth: Int) -> String {
        guard depth > 0 else { return leaf(.quantity(unit)) }
        let d = depth - 1
        switch choices.below(18) {
        case 0, 1:
            note(.arithmetic)
            return "(\(quantity(unit, depth: d))) \(choices.chance(2, outOf: 3) ? "+" : "-") (\(quantity(unit, depth: d)))"
        case 2 where unit == .yuan:
            note(.arithmetic)
            let count = choices.pick(GeneratedUnit.counts)
            return "(\(quantity(GeneratedUnit.rate(for: count), depth: d))) * (\(quantity(count, depth: d)))"
        case 3:
            note(.arithmetic)
            return choices.chance(1, outOf: 2) && unit != .number
                ? "(\(quantity(.percent, depth: d))) * (\(quantity(unit, depth: d)))"
                : "(\(quantity(.number, depth: d))) * (\(quantity(unit, depth: d)))"
        case 4:
            note(.division)
            return "(\(quantity(unit, depth: d))) / \(choices.pick(["2", "4", "5", "10", "8", "0.5", "100"]))"
        case 5 where unit == .yuan:
            note(.roundedDivision)
            return
                "((\(quantity(.yuan, depth: d))) / (\(quantity(.number, depth: d)))) rounded to \(choices.pick(["0.01", "1", "10", "0.5"])) yuan"
        case 6 where unit != .number && unit != .percent:
            note(.rounded)
            return "(\(quantity(unit, depth: d))) rounded to \(unit.written(choices.pick(["0.1", "1", "5", "100"])))"
        case 7:
            return conditional(.quantity(unit), depth: d)
        case 8:
            return match(.quantity(unit), depth: d)
        case 9:
            if let lookup = lookup(.quantity(unit), depth: d) { return lookup }
            return leaf(.quantity(unit))
        case 10 where unit == .yuan:
            return schedule(depth: d)
        case 11:
            let kind = choices.chance(1, outOf: 2)
            note(kind ? .atMost : .atLeast)
            return "(\(quantity(unit, depth: d))) \(kind ? "at most" : "at least") (\(quantity(unit, depth: d)))"
        case 12:
            note(.minMax)
            let count = 2 + choices.below(2)
            let arguments = (0..<count).map { _ in quantity(unit, depth: d) }
            return "\(choices.chance(1, outOf: 2) ? "min" : "max")(\(arguments.joined(separator: ", ")))"
        case 13 where unit == .yuan:
            return requirement(.yuan, depth: d)
        case 14 where unit == .number:
            note(.dateFunctions)
            return "\(choices.pick(["year", "month", "day"]))(\(date(depth: d)))"
        default:
            return leaf(.quantity(unit))
        }
    }

    private mutating func conditional(_ type: GeneratedType, depth: Int) -> String {
        note(.conditional)
        return "(if \(condition(depth: depth)) then \(expression(type, depth: depth)) else \(expression(type, depth: depth)))"
    }

    private mutating func requirement(_ type: GeneratedType, depth: Int) -> String {
        note(.require)
        var text = "("
        for _ in 0..<(1 + choices.below(2)) {
            reasons += 1
            text += "require \(condition(depth: depth)) else \"条件\(reasons)未满足\" "
        }
        return text + expression(type, depth: depth) + ")"
    }

    /// `match` over an enum (each case, some sharing an arm, or an `else`) or over ranges of a quantity.
    private mutating func match(_ type: GeneratedType, depth: Int) -> String {
        if !enums.isEmpty, choices.chance(1, outOf: 2) {
            note(.matchEnum)
            let index = choices.below(enums.count)
            let subject =
                inputs(of: .enumeration(index)).first.map { choices.chance(3, outOf: 4) ? $0 : "E\(index).\(enums[index][0])" }
                ?? "E\(index).\(enums[index][0])"
            var cases = enums[index]
            var arms: [String] = []
            while !cases.isEmpty {
                if arms.count > 0, choices.chance(1, outOf: 4) {
                    arms.append("else => \(expression(type, depth: depth))")
                    break
                }
                let take = min(cases.count, 1 + choices.below(2))
                arms.append("\(cases.prefix(take).joined(separator: ", ")) => \(expression(type, depth: depth))")
                cases.removeFirst(take)
            }
            return "(match \(subject) {\n    \(arms.joined(separator: "\n    "))\n  })"
        }
        note(.matchRange)
        let unit = choices.pick(GeneratedUnit.counts + [.yuan, .percent, .number])
        let cuts = [choices.below(30), 30 + choices.below(30)].map { unit.written("\($0)") }
        var arms = [
            "below \(cuts[0]) => \(expression(type, depth: depth))",
            "from \(cuts[0]) up to \(cuts[1]) => \(expression(type, depth: depth))",
        ]
        arms.append(
            choices.chance(1, outOf: 2)
                ? "above \(cuts[1]) => \(expression(type, depth: depth))" : "else => \(expression(type, depth: depth))")
        return "(match \(quantity(unit, depth: 0)) {\n    \(arms.joined(separator: "\n    "))\n  })"
    }

    /// A marginal or banded schedule of yuan over a count, its brackets' rates per that count.
    private mutating func schedule(depth: Int) -> String {
        let count = choices.pick(GeneratedUnit.counts)
        let rate = GeneratedUnit.rate(for: count)
        let quantity = quantity(count, depth: min(depth, 1))
        let cuts = [1 + choices.below(10), 11 + choices.below(20)].map { count.written("\($0)") }
        if choices.chance(1, outOf: 2) {
            note(.marginal)
            return """
                (marginal \(quantity) {
                    up to \(cuts[0]) => \(literal(rate))
                    above \(cuts[0]) up to \(cuts[1]) => \(literal(rate))
                    above \(cuts[1]) => \(literal(rate))
                  })
                """
        }
        note(.banded)
        // Sometimes a hole above the last bracket: a claim there is a gap, or the fallback.
        let whole = choices.chance(2, outOf: 3)
        let banded = """
            (banded \(quantity) {
                below \(cuts[0]) => \(literal(rate))
                from \(cuts[0]) \(whole ? "" : "up to \(cuts[1]) ")=> \(literal(rate))
              })
            """
        guard !whole || choices.chance(1, outOf: 4) else { return banded }
        note(.otherwise)
        return "(\(banded) otherwise \(literal(.yuan)))"
    }

    /// `T[key].column` of a table with a column of the type, sometimes with `otherwise`.
    private mutating func lookup(_ type: GeneratedType, depth: Int) -> String? {
        let candidates = tables.filter { table in table.columns.contains { $0.type == type } }
        guard !candidates.isEmpty else { return nil }
        let table = choices.pick(candidates)
        let column = choices.pick(table.columns.filter { $0.type == type })
        let key = expression(.enumeration(table.enumIndex), depth: 0)
        note(.table)
        let read = "\(table.name)[\(key)].\(column.name)"
        guard choices.chance(1, outOf: 2) else { return read }
        note(.otherwise)
        return "(\(read) otherwise (\(expression(type, depth: depth))))"
    }

    private mutating func date(depth: Int) -> String {
        let dates = inputs(of: .date)
        if !inputs(of: .identity).isEmpty, choices.chance(1, outOf: 5) {
            note(.birthdate)
            return "birthdate(\(choices.pick(inputs(of: .identity))))"
        }
        if !dates.isEmpty, choices.chance(2, outOf: 3) { return choices.pick(dates) }
        return leaf(.date)
    }

    /// A condition: comparisons of every type, ranges, logic.
    mutating func condition(depth: Int) -> String {
        let d = max(depth - 1, 0)
        switch choices.below(depth > 0 ? 10 : 6) {
        case 0:
            let unit = choices.pick([GeneratedUnit.yuan, .days, .percent, .number, .persons])
            return "\(quantity(unit, depth: d)) \(choices.pick(["<", "<=", ">", ">=", "==", "!="])) \(literal(unit))"
        case 1 where !inputs(of: .bool).isEmpty:
            return choices.pick(inputs(of: .bool))
        case 2 where !enums.isEmpty:
            let index = choices.below(enums.count)
            guard let input = inputs(of: .enumeration(index)).first else { break }
            return "\(input) \(choices.chance(1, outOf: 2) ? "==" : "!=") \(choices.pick(enums[index]))"
        case 3:
            note(.within)
            let unit = choices.pick([GeneratedUnit.days, .yuan, .percent])
            let low = choices.below(30)
            return "\(quantity(unit, depth: d)) in \(unit.written("\(low)")) to \(unit.written("\(low + choices.below(40))"))"
        case 4 where !inputs(of: .text).isEmpty:
            return "\(choices.pick(inputs(of: .text))) == \"文\(choices.below(3))\""
        case 5:
            note(.dateFunctions)
            if choices.chance(1, outOf: 4) {
                note(.applicationDate)
                return "application date \(choices.pick(["<=", ">"])) \(dateLiteral())"
            }
            if choices.chance(1, outOf: 4) {
                note(.countingYear)
                return "counting year \(choices.pick(["==", ">="])) \(2022 + choices.below(2))"
            }
            return "\(date(depth: 0)) \(choices.pick(["<", ">=", "=="])) \(dateLiteral())"
        case 6, 7:
            note(.logic)
            return "(\(condition(depth: d))) \(choices.chance(1, outOf: 2) ? "and" : "or") (\(condition(depth: d)))"
        case 8:
            note(.logic)
            return "not (\(condition(depth: d)))"
        case 9:
            if let lookup = lookup(.bool, depth: d) { return lookup }
        default:
            break
        }
        return "\(leaf(.quantity(.days))) >= \(literal(.days))"
    }

    mutating func expression(_ type: GeneratedType, depth: Int) -> String {
        switch type {
        case .quantity(let unit): return quantity(unit, depth: depth)
        case .bool: return condition(depth: depth)
        case .date: return date(depth: depth)
        default: return leaf(type)
        }
    }

    // MARK: Declarations

    private mutating func declareEnum() -> String {
        note(.enumeration)
        let index = enums.count
        let cases = (0..<(2 + choices.below(3))).map { "E\(index)\(["a", "b", "c", "d", "e"][$0])" }
        enums.append(cases)
        return choices.chance(1, outOf: 2)
            ? "enum E\(index) { \(cases.joined(separator: ", ")) }"
            : "enum E\(index) {\n  \(cases.joined(separator: "\n  "))\n}"
    }

    private mutating func declareInput(_ type: GeneratedType) -> String {
        let name = fresh("x")
        var isOpen = false
        var lower: Int?
        var upper: Int?
        var typeName: String
        var bounds = ""
        switch type {
        case .quantity(let unit):
            typeName = unit.typeName
            switch unit {
            case .yuan: note(.inputYuan)
            case .number: note(.inputNumber)
            case .percent: note(.inputPercent)
            case .days, .months, .hours, .persons: note(.inputCount)
            default: note(.inputRate)
            }
            if unit == .percent || choices.chance(1, outOf: 3) {
                note(.bounds)
                let high = unit == .percent ? 100 : 50 + choices.below(500)
                if choices.chance(1, outOf: 2) {
                    lower = choices.below(3)
                    upper = high
                    bounds = " between \(unit.written("\(lower!)")) and \(unit.written("\(high)"))"
                } else if choices.chance(1, outOf: 2) || unit == .percent {
                    upper = high
                    bounds = " at most \(high)\(unit.suffix)"
                } else {
                    lower = 1
                    bounds = " at least \(unit.written("1"))"
                }
            }
            if GeneratedUnit.rates.contains(unit) || unit == .yuan, choices.chance(1, outOf: 2) {
                note(.openInput)
                isOpen = true
            }
        case .bool:
            note(.inputBool)
            typeName = "bool"
        case .date:
            note(.inputDate)
            typeName = "date"
        case .text:
            note(.inputText)
            typeName = "text"
        case .identity:
            note(.inputIdentity)
            typeName = "identity"
        case .enumeration(let index):
            note(.inputEnum)
            typeName = "E\(index)"
        }
        inputs.append(.init(name: name, type: type, isOpen: isOpen, lower: lower, upper: upper))
        return "\(isOpen ? "open" : "input") \(name): \(typeName)\(bounds)\(isOpen ? " cite \"开放\(counter)\"" : "")"
    }

    private mutating func declareTable() -> String? {
        guard !enums.isEmpty else { return nil }
        let index = choices.below(enums.count)
        let name = fresh("T")
        let columnTypes: [GeneratedType] = (0..<(1 + choices.below(3))).map { _ in
            choices.pick([.yuan, .quantity(.percent), .bool, .quantity(choices.pick(GeneratedUnit.rates)), .yuan])
        }
        let columns = columnTypes.enumerated().map { (name: "\(name)c\($0.offset)", type: $0.element) }
        var text =
            "table \(name) by E\(index) cite \"表\(counter)\" {\n  E\(index) | \(columns.map(\.name).joined(separator: " | "))\n"
        for (position, caseName) in enums[index].enumerated() where position == 0 || choices.chance(4, outOf: 5) {
            // The first row fills every cell: a column left all `none` is an error (empty-column,
            // GeneratedPolicyTests.emptyColumn).
            let cells = columns.map { column -> String in
                if position > 0, choices.chance(1, outOf: 8) { return "none" }
                switch column.type {
                case .quantity(let unit): return literal(unit)
                default: return choices.chance(1, outOf: 2) ? "true" : "false"
                }
            }
            text += "  \(caseName) | \(cells.joined(separator: " | "))\n"
        }
        tables.append((name, index, columns))
        return text + "}"
    }

    private mutating func declareRule(program: Bool) -> String {
        let type: GeneratedType =
            program
            ? .yuan
            : choices.pick([
                .yuan, .yuan, .quantity(choices.pick(GeneratedUnit.rates)), .quantity(.days), .bool, .quantity(.percent),
            ])
        let name = fresh(program ? "p" : "r")
        let body = expression(type, depth: maxDepth)
        rules.append((name, type))
        let typeName: String
        switch type {
        case .quantity(let unit): typeName = unit.typeName
        default: typeName = "bool"
        }
        return "\(program ? "program" : "rule") \(name): \(typeName) cite \"第\(counter)条\" =\n  \(body)"
    }

    private mutating func declareLimit(programs: [String]) -> String? {
        guard !programs.isEmpty else { return nil }
        let keys = inputs.filter { input in
            switch input.type {
            case .identity, .text, .bool, .enumeration: !input.isOpen
            default: false
            }
        }
        guard !keys.isEmpty else { return nil }
        var per = [choices.pick(keys).name]
        if choices.chance(1, outOf: 3) { per.append(choices.chance(1, outOf: 2) ? choices.pick(keys).name : "counting year") }
        let counted = Array(Set((0..<(1 + choices.below(2))).map { _ in choices.pick(programs) })).sorted()
        let bound: String
        if choices.chance(1, outOf: 2) {
            note(.limitClaims)
            let allowed = 1 + choices.below(3)
            bound = "\(allowed) \(allowed == 1 ? "claim" : "claims")"
        } else {
            note(.limitAmount)
            bound = literal(.yuan)
        }
        return
            "limit \(fresh("L")) cite \"限\(counter)\" {\n  for \(counted.joined(separator: ", "))\n  per \(per.joined(separator: ", "))\n  at most \(bound)\n}"
    }

    /// `deadline`: the last day to apply for some programs, a day or one made from the counting year.
    private mutating func declareDeadline(programs: [String]) -> String {
        note(.deadline)
        let until: String
        if choices.chance(1, outOf: 2) {
            note(.dateFromNumbers)
            note(.countingYear)
            until = "date(counting year, \(1 + choices.below(12)), \(1 + choices.below(28)))"
        } else {
            until = dateLiteral()
        }
        let listed = Array(Set((0..<(1 + choices.below(2))).map { _ in choices.pick(programs) })).sorted()
        return "deadline \(fresh("D")) cite \"期限\(counter)\" {\n  for \(listed.joined(separator: ", "))\n  until \(until)\n}"
    }

    /// The province's policy, and sometimes a county's on it; tests are added later, by `withTests`.
    mutating func policy(seed: Int) -> GeneratedPolicy {
        note(.header)
        let province = "G\(seed)省"
        var declarations: [String] = []
        for _ in 0..<(1 + choices.below(2)) { declarations.append(declareEnum()) }
        var types: [GeneratedType] = [.yuan, .quantity(.days), .quantity(.percent), .quantity(choices.pick(GeneratedUnit.rates))]
        types += (0..<(2 + choices.below(5))).map { _ in
            choices.pick([
                .yuan, .quantity(choices.pick(GeneratedUnit.counts)), .quantity(.number), .quantity(.percent),
                .quantity(choices.pick(GeneratedUnit.rates)), .bool, .date, .text, .identity,
                .enumeration(choices.below(enums.count)),
            ])
        }
        types.append(.enumeration(0))
        for type in types { declarations.append(declareInput(type)) }
        for _ in 0..<(1 + choices.below(2)) { if let table = declareTable() { declarations.append(table) } }
        for _ in 0..<(1 + choices.below(3)) { declarations.append(declareRule(program: false)) }
        var programs: [String] = []
        for _ in 0..<(1 + choices.below(3)) {
            declarations.append(declareRule(program: true))
            programs.append(rules.last!.name)
        }
        if choices.chance(1, outOf: 2), let limit = declareLimit(programs: programs) {
            declarations.append(limit)
            // A second limit on the same programs, by another key: applied in order, each may refuse.
            if choices.chance(1, outOf: 3), let second = declareLimit(programs: programs) {
                note(.limits)
                declarations.append(second)
            }
        }
        if choices.chance(1, outOf: 3) { declarations.append(declareDeadline(programs: programs)) }
        let countingYear: String
        if choices.chance(1, outOf: 3) {
            note(.countingYear)
            countingYear = "\n  counting year from \(choices.pick(["2021-12-01", "2022-07-01", "2022-03-15"]))"
        } else {
            countingYear = ""
        }
        let header = """
            policy \(province) {
              title "生成的政策\(seed)"
              document "生成〔2022〕\(seed)号"
              jurisdiction \(province)
              in force 2022-01-01 to 2022-12-31\(countingYear)
            }
            """
        var files = [(path: "\(province).policy", text: ([header] + declarations).joined(separator: "\n\n") + "\n")]
        var programsByPolicy = [(policy: province, names: programs)]
        var jurisdiction = [province]

        if choices.chance(1, outOf: 2) {
            note(.extends)
            let county = "G\(seed)县"
            jurisdiction.append(county)
            var county_: [String] = []
            // The county sets a rate the province left open.
            if let index = inputs.firstIndex(where: { $0.isOpen }) {
                note(.countyRate)
                inputs[index].overridden = true
                let input = inputs[index]
                guard case .quantity(let unit) = input.type else { preconditionFailure() }
                // Within the province's bounds, as a county's rate must be.
                let value = min(input.upper ?? 100, 1 + choices.below(100))
                county_.append("rule \(input.name): \(unit.typeName) cite \"县\(counter)\" = \(unit.written("\(value)"))")
            }
            var countyPrograms: [String] = []
            if let redefined = programs.first, choices.chance(2, outOf: 3) {
                note(.inherited)
                county_.append(
                    "program \(redefined): yuan cite \"县第\(counter)条\" =\n  inherited + \(literal(.yuan))")
            }
            for _ in 0..<(1 + choices.below(2)) {
                county_.append(declareRule(program: true))
                countyPrograms.append(rules.last!.name)
            }
            let header = """
                policy \(county) {
                  title "生成的县政策\(seed)"
                  document "县生成〔2022〕\(seed)号"
                  jurisdiction \(province)/\(county)
                  extends \(province)
                  in force 2022-01-01 to 2022-12-31
                }
                """
            files.append((path: "\(county).policy", text: ([header] + county_).joined(separator: "\n\n") + "\n"))
            programsByPolicy.append((county, programs + countyPrograms))
        }
        let keywords: KeywordSet = choices.chance(1, outOf: 3) ? .zh : .en
        if keywords == .zh { note(.chineseKeywords) }
        return GeneratedPolicy(
            files: files, inputs: inputs, enums: enums, programs: programsByPolicy, constructs: constructs,
            keywords: keywords, jurisdiction: jurisdiction)
    }

    // MARK: Claims

    /// A value for each input a claim may give: usually within its bounds, sometimes at or past
    /// them, sometimes left out.
    mutating func claim(for policy: GeneratedPolicy) -> Reference.Claim {
        var claim = Reference.Claim()
        for input in policy.inputs where !input.overridden {
            if choices.chance(1, outOf: 12) { continue }
            claim.facts[input.name] = value(for: input, enums: policy.enums)
        }
        claim.claimDate = CalendarDate(year: 2022, month: 1 + choices.below(12), day: 1 + choices.below(28))!.dayNumber
        if choices.chance(1, outOf: 3) { claim.applicationDate = claim.claimDate! + choices.below(60) }
        return claim
    }

    mutating func value(for input: GeneratedPolicy.Input, enums: [[String]]) -> Reference.Value {
        switch input.type {
        case .quantity(let unit):
            var figure: Reference.Rational
            switch choices.below(10) {
            case 0 where input.upper != nil: figure = Reference.Rational(input.upper! + choices.below(2))
            case 1: figure = Reference.Rational(input.lower ?? 0)
            case 2: figure = Reference.Rational(-1 - choices.below(5))
            default:
                let high = input.upper ?? (unit == .number ? 20 : 60)
                figure = Reference.Rational(parsing: "\(choices.below(high + 1)).\(choices.below(100))")!
                if let upper = input.upper, Reference.Rational(upper) < figure { figure = Reference.Rational(upper) }
            }
            if unit == .percent { figure = (try? figure / Reference.Rational(100)) ?? figure }
            return .number(figure)
        case .bool: return .bool(choices.chance(1, outOf: 2))
        case .date:
            return .date(
                CalendarDate(year: 2021 + choices.below(3), month: 1 + choices.below(12), day: 1 + choices.below(28))!.dayNumber)
        case .text: return .text("文\(choices.below(4))")
        case .identity:
            let year = 1960 + choices.below(45)
            let body = "110105\(year)0\(1 + choices.below(9))1\(choices.below(10))\(100 + choices.below(900))"
            return .identity(body + Self.checkCharacter(body))
        case .enumeration(let index): return .enumCase(enums[index][choices.below(enums[index].count)])
        }
    }

    /// GB 11643's check character of 17 digits.
    static func checkCharacter(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return String(Array("10X98765432")[sum % 11])
    }
}
