// An independent evaluator of policies, for testing the engine against: a tree walk over the
// parser's syntax (`PolicyFile`), with exact rational arithmetic of its own. It shares nothing
// with the checker's checked form, the compiler, the frame or `ExactDecimal`'s arithmetic, so a
// wrong yuan in any of them shows as a disagreement with this file.
//
// What it assumes, and the choices made where the engine rounds or errors:
//
// - The policy checks. Names are resolved as the language guide says: a name is the leaf-most
//   layer's rule or input of that name (references bind late, a county's rule replaces the
//   province's input or rule), else an enum case. `inherited` is the nearest lower layer's
//   definition of the rule being defined.
// - Numbers are exact rationals (`Rational`, over Int128; an Int128 overflow of the reference
//   itself is reported as `referenceOverflow`, never wrapped). A percent literal is its figure
//   over 100. Units are not tracked: the checker proved them.
// - The engine holds a value as a decimal of at most 18 significant digits (a 64-bit significand,
//   an exponent within ±40) and stops with "out of range" when a result does not fit. The
//   reference computes every result exactly and then asks the same question of it (`fitsDecimal`)
//   at the same operations: + - * /, negation, `rounded to`, and the subtraction, product and sum
//   of each marginal bracket and the product of a banded one. So an out-of-range stop is compared
//   like any other outcome. Comparisons, `at most`, `at least`, `min` and `max` compute nothing.
// - Division: `a / b` is exact (the checker allows only divisors whose reciprocal terminates, or a
//   rounded quotient); by zero is `divisionByZero`. `(a / b) rounded to q` rounds the exact quotient
//   (no intermediate decimal); `x rounded to q` rounds x. Rounding is half away from zero to a
//   multiple of q, as the guide says (四舍五入).
// - The order of evaluation is the one the guide implies and a reader expects: operands left to
//   right, `and`/`or` short-circuit, `x in a to b` reads `b` only when `a <= x`, every requirement
//   of a run of `require`s is evaluated and each failing reason given in order, a match tries its
//   arms in order, a marginal schedule reads a bracket's upper limit and rate only when the quantity
//   is above its lower limit, a banded one the rate of the bracket that holds the quantity. Where
//   two stops could compete (two missing facts), the first in that order is the outcome.
// - A gap (a table with no row for the key or an empty cell, a banded schedule or a match that
//   covers nothing) refuses, and `otherwise` catches gaps only. The reference words a table's gap
//   as the engine's documentation and worked examples do ("the table T gives no C for K = v"); a
//   schedule's or a match's gap is compared by its opening words only.
// - Deadlines: a decided claim (granted or refused, not invalid) of a listed program whose
//   application date (the claim date if not given) is after the deadline's day is refused with
//   "applied on D, after the deadline U (NAME)", after any other reasons; a claim with no date
//   cannot be late. A gap becomes a refusal then.
// - A rule defined only by a lower layer of another jurisdiction (a province under a county)
//   decides only while that layer is in force on the claim date; otherwise the claim is refused,
//   compared by outcome alone (the engine words the reason).
// - Facts are read as a claim's are: a quantity below its lower bound (0 if none) or above the
//   upper bound of an `input` makes the claim invalid; above an `open` one's, it is the ceiling.
// - Limits across claims (`Reference.Ledger`): applied after a grant, in the order declared, each
//   keyed by the values of its `per` expressions read when it is applied; a limit on claims refuses
//   once its count is used, a limit on an amount grants what is left and refuses once nothing is;
//   the amount granted is then recorded under every key. A limit's refusal is compared by the
//   limit's name, not the engine's wording.
// - Not supported (the bundled policies and the generator use none of them): `succeeds`, `amend`,
//   `repeal`, quota targets' markers and `total` rows in rules. `unsupported` says so.

#if !FUZZING
    @testable import PolicyLanguage
#endif

enum Reference {
    // MARK: Exact rationals

    /// A reduced fraction over Int128, denominator positive. Every operation reports overflow.
    struct Rational: Hashable, Comparable, CustomStringConvertible {
        let numerator: Int128
        let denominator: Int128

        static let zero = Rational(unchecked: 0, 1)
        static let one = Rational(unchecked: 1, 1)

        private init(unchecked numerator: Int128, _ denominator: Int128) {
            self.numerator = numerator
            self.denominator = denominator
        }

        init(_ integer: Int) { self.init(unchecked: Int128(integer), 1) }

        static func make(_ numerator: Int128, _ denominator: Int128) throws(Stop) -> Rational {
            guard denominator != 0 else { throw .arithmetic(.divisionByZero) }
            guard numerator != Int128.min, denominator != Int128.min else { throw .referenceOverflow }
            let divisor = gcd(numerator.magnitude, denominator.magnitude)
            var (n, d) = (numerator / Int128(divisor), denominator / Int128(divisor))
            if d < 0 { (n, d) = (-n, -d) }
            return Rational(unchecked: n, d)
        }

        private static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
            var (x, y) = (a, b)
            while y != 0 { (x, y) = (y, x % y) }
            return x == 0 ? 1 : x
        }

        private static func checked(_ result: (partialValue: Int128, overflow: Bool)) throws(Stop) -> Int128 {
            if result.overflow { throw .referenceOverflow }
            return result.partialValue
        }

        static func + (a: Rational, b: Rational) throws(Stop) -> Rational {
            let g = Int128(gcd(a.denominator.magnitude, b.denominator.magnitude))
            let (da, db) = (a.denominator / g, b.denominator / g)
            let left = try checked(a.numerator.multipliedReportingOverflow(by: db))
            let right = try checked(b.numerator.multipliedReportingOverflow(by: da))
            let sum = try checked(left.addingReportingOverflow(right))
            return try make(sum, try checked(a.denominator.multipliedReportingOverflow(by: db)))
        }

        static prefix func - (a: Rational) -> Rational { Rational(unchecked: -a.numerator, a.denominator) }

        static func - (a: Rational, b: Rational) throws(Stop) -> Rational { try a + (-b) }

        static func * (a: Rational, b: Rational) throws(Stop) -> Rational {
            // Cross-reduce first, so products stay as small as the result.
            let g1 = Int128(gcd(a.numerator.magnitude, b.denominator.magnitude))
            let g2 = Int128(gcd(b.numerator.magnitude, a.denominator.magnitude))
            let n = try checked((a.numerator / g1).multipliedReportingOverflow(by: b.numerator / g2))
            let d = try checked((a.denominator / g2).multipliedReportingOverflow(by: b.denominator / g1))
            return try make(n, d)
        }

        static func / (a: Rational, b: Rational) throws(Stop) -> Rational {
            guard b.numerator != 0 else { throw .arithmetic(.divisionByZero) }
            return try a * Rational.make(b.denominator, b.numerator)
        }

        static func < (a: Rational, b: Rational) -> Bool {
            // a/b < c/d with positive denominators: compare exactly in 256 bits by long multiplication.
            let left = a.numerator.multipliedFullWidth(by: b.denominator)
            let right = b.numerator.multipliedFullWidth(by: a.denominator)
            return left.high != right.high ? left.high < right.high : left.low < right.low
        }

        /// Rounded half away from zero to a multiple of `step` (positive).
        func rounded(to step: Rational) throws(Stop) -> Rational {
            let units = try self / step
            let (q, r) = units.numerator.quotientAndRemainder(dividingBy: units.denominator)
            var whole = q
            // |r| / d >= 1/2  ⇔  2|r| >= d
            if r.magnitude * 2 >= units.denominator.magnitude { whole += units.numerator < 0 ? -1 : 1 }
            return try Rational(unchecked: whole, 1) * step
        }

        var isInteger: Bool { denominator == 1 }

        /// The decimal this is, when it terminates: the significand with no trailing zeros and the exponent.
        var decimal: (significand: Int128, exponent: Int)? {
            var d = denominator
            var twos = 0
            var fives = 0
            while d % 2 == 0 {
                d /= 2
                twos += 1
            }
            while d % 5 == 0 {
                d /= 5
                fives += 1
            }
            guard d == 1 else { return nil }
            let k = max(twos, fives)
            var significand = numerator
            for _ in 0..<(k - twos) {
                let (p, o) = significand.multipliedReportingOverflow(by: 2)
                if o { return nil }
                significand = p
            }
            for _ in 0..<(k - fives) {
                let (p, o) = significand.multipliedReportingOverflow(by: 5)
                if o { return nil }
                significand = p
            }
            var exponent = -k
            while significand != 0, significand % 10 == 0 {
                significand /= 10
                exponent += 1
            }
            return (significand, significand == 0 ? 0 : exponent)
        }

        /// Whether the engine's decimal (a 64-bit significand, exponent within ±40) holds this exactly.
        var fitsDecimal: Bool {
            guard var (significand, exponent) = decimal else { return false }
            guard exponent >= -40 else { return false }
            while exponent > 40 {
                let (p, o) = significand.multipliedReportingOverflow(by: 10)
                if o { return false }
                significand = p
                exponent -= 1
            }
            return Int64(exactly: significand) != nil
        }

        /// Plain decimal notation when it terminates (`12.5`, `-0.01`), else `n/d`.
        var description: String {
            guard let (significand, exponent) = decimal else { return "\(numerator)/\(denominator)" }
            var digits = String(significand.magnitude)
            if exponent >= 0 {
                if significand != 0 { digits += String(repeating: "0", count: exponent) }
            } else {
                let places = -exponent
                if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            }
            return (significand < 0 ? "-" : "") + digits
        }

        /// `12`, `-3.50`, `1e3`: what a number literal or a claim's figure says.
        init?(parsing text: String) {
            var text = Substring(text)
            var exponent = 0
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                guard let power = Int(text[text.index(after: e)...]) else { return nil }
                exponent = power
                text = text[..<e]
            }
            let negative = text.hasPrefix("-")
            if negative || text.hasPrefix("+") { text = text.dropFirst() }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                !parts[0].isEmpty || (parts.count == 2 && !parts[1].isEmpty)
            else { return nil }
            let digits = parts.joined()
            exponent -= parts.count == 2 ? parts[1].count : 0
            guard digits.count <= 36, let whole = Int128(digits.isEmpty ? "0" : digits) else { return nil }
            var value = Rational(unchecked: negative ? -whole : whole, 1)
            do {
                let ten = Rational(unchecked: 10, 1)
                for _ in 0..<abs(exponent) { value = exponent > 0 ? try value * ten : try value / ten }
            } catch { return nil }
            self = value
        }
    }

    // MARK: Values and stops

    enum Value: Hashable, CustomStringConvertible {
        case number(Rational)
        case bool(Bool)
        /// A day number, as `CalendarDate` counts them.
        case date(Int)
        case text(String)
        /// An enum case, by its name (the checker keeps one policy's cases from meeting another's).
        case enumCase(String)
        /// A resident identity number, in its canonical 18 characters.
        case identity(String)

        var number: Rational? {
            if case .number(let value) = self { return value }
            return nil
        }

        var description: String {
            switch self {
            case .number(let value): value.description
            case .bool(let flag): "\(flag)"
            case .date(let day): CalendarDate(dayNumber: day).description
            case .text(let text), .enumCase(let text), .identity(let text): text
            }
        }

        /// Enum cases and texts are both names in a table's cells: compared by their words.
        var key: String {
            switch self {
            case .enumCase(let text), .text(let text), .identity(let text): text
            default: description
            }
        }
    }

    enum ArithmeticKind: String { case outOfRange, divisionByZero }

    /// How an evaluation stops short of a value.
    enum Stop: Error, Equatable {
        case refused([Reason])
        case gap(Reason)
        case missingFact(String)
        case missingClaimDate
        case notADate
        case arithmetic(ArithmeticKind)
        /// The reference's own Int128 overflowed: the engine must have stopped out of range too.
        case referenceOverflow
        /// A fact the claim gives that its input does not accept (out of its bounds).
        case invalidFact(String)
        case unsupported(String)
    }

    /// A refusal's reason: a requirement's own words, or the first words of one the engine words.
    enum Reason: Equatable, CustomStringConvertible {
        case exactly(String)
        case startingWith(String)
        /// A limit's refusal, in the engine's words: compared by the limit's name.
        case limit(String)

        func matches(_ english: String, _ chinese: String) -> Bool {
            switch self {
            case .exactly(let text): english == text || chinese == text
            case .startingWith(let prefix): english.hasPrefix(prefix)
            case .limit(let name): english.contains(name)
            }
        }

        var description: String {
            switch self {
            case .exactly(let text): text
            case .startingWith(let prefix): prefix + "…"
            case .limit(let name): "the limit \(name)…"
            }
        }
    }

    /// What a claim comes to.
    enum Verdict: CustomStringConvertible {
        case granted(Value)
        case refused([Reason])
        /// Invalid: "missing NAME", "no claim date", "not a date", "out of range", "division by zero",
        /// "fact NAME" (a fact the claim gives that its input does not accept).
        case invalid(String)
        case unsupported(String)

        var description: String {
            switch self {
            case .granted(let value): "granted \(value)"
            case .refused(let reasons): "refused \(reasons)"
            case .invalid(let why): "invalid (\(why))"
            case .unsupported(let what): "unsupported (\(what))"
            }
        }

        init(_ stop: Stop) {
            switch stop {
            case .refused(let reasons): self = .refused(reasons)
            case .gap(let reason): self = .refused([reason])
            case .missingFact(let name): self = .invalid("missing \(name)")
            case .missingClaimDate: self = .invalid("no claim date")
            case .notADate: self = .invalid("not a date")
            case .arithmetic(.outOfRange), .referenceOverflow: self = .invalid("out of range")
            case .arithmetic(.divisionByZero): self = .invalid("division by zero")
            case .invalidFact(let name): self = .invalid("fact \(name)")
            case .unsupported(let what): self = .unsupported(what)
            }
        }
    }
}

// MARK: - A policy's layers

extension Reference {
    /// A policy as the syntax of its layers, the root first and the policy decided last, with its
    /// declarations gathered by name.
    struct Policy {
        let layers: [PolicyFile]
        private(set) var inputs: [String: (layer: Int, declaration: InputDeclaration)] = [:]
        /// Every definition of a rule, program or obligation, by layer, lowest first.
        private(set) var definitions: [String: [(layer: Int, declaration: RuleDeclaration)]] = [:]
        private(set) var tables: [String: TableDeclaration] = [:]
        private(set) var limits: [LimitDeclaration] = []
        private(set) var deadlines: [DeadlineDeclaration] = []
        /// The month and day a counting year starts on: the nearest header up the chain that says.
        private(set) var countingStart = (month: 1, day: 1)
        /// What the reference does not evaluate, if the policy uses it.
        private(set) var unsupported: String?

        init(layers: [PolicyFile]) {
            self.layers = layers
            for (layer, file) in layers.enumerated() {
                if let start = file.header?.countingYearStart {
                    let parts = start.date.components
                    countingStart = (parts.month, parts.day)
                }
                if file.header?.succeeds != nil { unsupported = "succeeds" }
                for declaration in file.declarations {
                    switch declaration {
                    case .input(let input): inputs[input.name.name] = (layer, input)
                    case .rule(let rule): definitions[rule.name.name, default: []].append((layer, rule))
                    case .table(let table):
                        if table.amendment != nil { unsupported = "amend table" }
                        tables[table.name.name] = table
                    case .limit(let limit): limits.append(limit)
                    case .deadline(let deadline): deadlines.append(deadline)
                    case .repeal: unsupported = "repeal"
                    case .enumeration(let declaration) where declaration.amendment != nil: unsupported = "amend enum"
                    case .enumeration, .milestones, .test: break
                    }
                }
            }
        }

        /// The layers of the policy named `name` among `files`, following `extends`.
        static func chain(_ name: String, in files: [PolicyFile]) -> [PolicyFile]? {
            var chain: [PolicyFile] = []
            var next: String? = name
            while let current = next {
                guard let file = files.first(where: { $0.header?.name.name == current }), chain.count < 20 else { return nil }
                chain.insert(file, at: 0)
                next = file.header?.extends?.name
            }
            return chain
        }

        /// Whether `name` is, in the policy decided, a rule (true), an input (false), or neither (nil):
        /// the leaf-most declaration wins.
        func isRule(_ name: String) -> Bool? {
            let rule = definitions[name]?.last?.layer
            let input = inputs[name]?.layer
            switch (rule, input) {
            case (nil, nil): return nil
            case (let r?, let i?): return r >= i
            case (.some, nil): return true
            case (nil, .some): return false
            }
        }

        var tests: [(layer: Int, test: TestDeclaration)] {
            layers.indices.flatMap { layer in
                layers[layer].declarations.compactMap { if case .test(let test) = $0 { (layer, test) } else { nil } }
            }
        }
    }

    /// What granted claims used of each limit, by the limit's name and key.
    final class Ledger {
        var used: [String: (claims: Int, amount: Rational)] = [:]
    }

    /// A claim's facts as the reference reads them: by name, already of their types.
    struct Claim {
        var facts: [String: Value] = [:]
        var claimDate: Int?
        var applicationDate: Int?
    }
}

// MARK: - The tree walk

extension Reference {
    /// One evaluation of one claim under one policy: rules are memoised by definition.
    final class Evaluation {
        let policy: Policy
        private var facts: [String: Value]
        /// Rules whose value a worked example gives.
        private var fixed: [String: Value] = [:]
        private var memo: [String: Result<Value, Stop>] = [:]
        private let claimDate: Int?
        private let applicationDate: Int?
        /// The `dated` input of the program decided, when the claim gives it.
        private var decidingDate: Int?
        private var depth = 0

        init(policy: Policy, claim: Claim, fixed: [String: Value] = [:]) {
            self.policy = policy
            self.facts = claim.facts
            self.fixed = fixed
            self.claimDate = claim.claimDate
            self.applicationDate = claim.applicationDate
        }

        /// Where an expression is: the rule being defined and the layer of that definition, for `inherited`.
        struct Site {
            let rule: String?
            let layer: Int
        }

        // MARK: Deciding

        /// The outcome of the program `name`, held to its deadlines and then, given a ledger, to
        /// its limits; a grant is recorded in the ledger.
        func decide(_ name: String, ledger: Ledger) -> Verdict {
            let verdict = decide(name)
            guard case .granted(.number(var amount)) = verdict else { return verdict }
            var entries: [String] = []
            do throws(Stop) {
                for limit in policy.limits where limit.programs.contains(where: { $0.name == name }) {
                    let site = Site(rule: nil, layer: policy.layers.count - 1)
                    var key = limit.name.name
                    for expression in limit.keys { key += "|" + (try evaluate(expression, site)).key.uppercased() }
                    let used = ledger.used[key] ?? (0, .zero)
                    switch limit.bound {
                    case .claims(let allowed):
                        if Rational(used.claims) >= (try number(allowed, site)) { throw .refused([.limit(limit.name.name)]) }
                    case .amount(let allowed):
                        let remaining = try fit(try (try number(allowed, site)) - used.amount)
                        if remaining <= .zero { throw .refused([.limit(limit.name.name)]) }
                        if remaining < amount { amount = remaining }
                    }
                    entries.append(key)
                }
                for key in entries {
                    let used = ledger.used[key] ?? (0, .zero)
                    ledger.used[key] = (used.claims + 1, try fit(try used.amount + amount))
                }
            } catch {
                return Verdict(error)
            }
            return .granted(.number(amount))
        }

        /// The outcome of the program (or obligation, or rule) `name`, held to its deadlines.
        func decide(_ name: String) -> Verdict {
            if let what = policy.unsupported { return .unsupported(what) }
            if let dated = policy.definitions[name]?.last?.declaration.dated?.name, case .date(let day)? = facts[dated] {
                decidingDate = day
            }
            do throws(Stop) {
                let value: Value
                do throws(Stop) {
                    value = try rule(name)
                } catch {
                    switch error {
                    case .refused(let reasons): return .refused(reasons + (try lateness(name)))
                    case .gap(let reason): return .refused([reason] + (try lateness(name)))
                    default: throw error
                    }
                }
                let late = try lateness(name)
                return late.isEmpty ? .granted(value) : .refused(late)
            } catch {
                return Verdict(error)
            }
        }

        private func lateness(_ program: String) throws(Stop) -> [Reason] {
            guard applicationDate != nil || claimDate != nil else { return [] }
            var reasons: [Reason] = []
            for deadline in policy.deadlines where deadline.programs.contains(where: { $0.name == program }) {
                guard case .date(let last) = try evaluate(deadline.until, Site(rule: nil, layer: policy.layers.count - 1)),
                    let applied = applicationDate ?? claimDate
                else { throw .unsupported("a deadline that is not a date") }
                if applied > last {
                    reasons.append(
                        .exactly(
                            "applied on \(CalendarDate(dayNumber: applied)), after the deadline \(CalendarDate(dayNumber: last)) (\(deadline.name.name))"
                        ))
                }
            }
            return reasons
        }

        // MARK: Names

        /// The value of the rule `name` as the policy decided defines it.
        func rule(_ name: String) throws(Stop) -> Value {
            if let value = fixed[name] { return value }
            guard let definition = policy.definitions[name]?.last else { throw .unsupported("no rule \(name)") }
            // A lower layer of another jurisdiction decides only while it is in force.
            let layer = policy.layers[definition.layer].header
            if definition.layer < policy.layers.count - 1, let day = claimDate, let period = layer?.period,
                layer?.jurisdiction?.map(\.name) != policy.layers.last?.header?.jurisdiction?.map(\.name),
                day < period.start.date.dayNumber || day > (period.end?.date.dayNumber ?? Int.max)
            {
                throw .refused([.startingWith("")])
            }
            return try evaluate(definition: definition.declaration, layer: definition.layer)
        }

        private func evaluate(definition: RuleDeclaration, layer: Int) throws(Stop) -> Value {
            let key = "\(definition.name.name)#\(layer)"
            if let known = memo[key] { return try known.get() }
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw .unsupported("rules nested too deeply") }
            let result: Result<Value, Stop>
            do throws(Stop) {
                let site = Site(rule: definition.name.name, layer: layer)
                let value = try evaluate(definition.body, site)
                if definition.kind == .obligation, value == .bool(false) {
                    throw .refused([.exactly(definition.violation?.text ?? "")])
                }
                result = .success(value)
            } catch {
                result = .failure(error)
            }
            memo[key] = result
            return try result.get()
        }

        private func input(_ name: String) throws(Stop) -> Value {
            guard let value = facts[name] else { throw .missingFact(name) }
            return value
        }

        private func name(_ name: String) throws(Stop) -> Value {
            if let value = fixed[name] { return value }
            switch policy.isRule(name) {
            case true?: return try rule(name)
            case false?: return try input(name)
            case nil: return .enumCase(name)
            }
        }

        private func inherited(_ site: Site) throws(Stop) -> Value {
            guard let name = site.rule else { throw .unsupported("inherited outside a rule") }
            let rule = policy.definitions[name]?.last(where: { $0.layer < site.layer })
            let input = policy.inputs[name].flatMap { $0.layer < site.layer ? $0 : nil }
            if let rule, rule.layer >= (input?.layer ?? -1) {
                return try evaluate(definition: rule.declaration, layer: rule.layer)
            }
            guard input != nil else { throw .unsupported("inherited with nothing below") }
            return try self.input(name)
        }

        // MARK: Expressions

        func evaluate(_ expression: Expression, _ site: Site) throws(Stop) -> Value {
            switch expression.kind {
            case .number(let text, let unit):
                guard let value = Rational(parsing: text) else { throw .unsupported("the number \(text)") }
                if unit?.numerator.contains(.percent) == true { return .number(try value / Rational(100)) }
                return .number(value)
            case .date(let date): return .date(date.dayNumber)
            case .text(let text): return .text(text)
            case .boolean(let flag): return .bool(flag)
            case .none, .invalid: throw .unsupported("an empty cell or invalid syntax in an expression")
            case .name(let name): return try self.name(name)
            case .claimDate:
                guard let claimDate else { throw .missingClaimDate }
                return .date(claimDate)
            case .applicationDate:
                guard let day = applicationDate ?? claimDate else { throw .missingClaimDate }
                return .date(day)
            case .countingYear:
                guard let day = decidingDate ?? claimDate else { throw .missingClaimDate }
                let parts = CalendarDate(dayNumber: day).components
                let start = policy.countingStart
                let startYear = (parts.month, parts.day) >= (start.month, start.day) ? parts.year : parts.year - 1
                return .number(Rational(start.month >= 7 ? startYear + 1 : startYear))
            case .inherited: return try inherited(site)
            case .unary(.negate, let operand):
                return .number(try fit(-(try number(operand, site))))
            case .unary(.not, let operand):
                return .bool(!(try truth(operand, site)))
            case .binary(let op, let left, let right):
                return try binary(op, left, right, site)
            case .bound(let kind, let operand, let limit):
                let (x, y) = (try evaluate(operand, site), try evaluate(limit, site))
                let order = try compare(x, y)
                return kind == .atMost ? (order <= 0 ? x : y) : (order >= 0 ? x : y)
            case .rounded(let operand, let quantum):
                let exact: Rational
                if case .binary(.divide, let dividend, let divisor) = operand.kind {
                    let (a, b) = (try number(dividend, site), try number(divisor, site))
                    let step = try number(quantum, site)
                    return .number(try fit(try (try a / b).rounded(to: step)))
                } else {
                    exact = try number(operand, site)
                }
                return .number(try fit(try exact.rounded(to: try number(quantum, site))))
            case .otherwise(let primary, let fallback):
                do throws(Stop) {
                    return try evaluate(primary, site)
                } catch {
                    guard case .gap = error else { throw error }
                    return try evaluate(fallback, site)
                }
            case .within(let operand, let low, let high):
                let x = try evaluate(operand, site)
                guard try compare(try evaluate(low, site), x) <= 0 else { return .bool(false) }
                return .bool(try compare(x, try evaluate(high, site)) <= 0)
            case .conditional(let condition, let then, let otherwise):
                return try truth(condition, site) ? try evaluate(then, site) : try evaluate(otherwise, site)
            case .require(let requirements, let body):
                var failed: [Reason] = []
                for requirement in requirements where !(try truth(requirement.condition, site)) {
                    failed.append(.exactly(requirement.reason.text))
                }
                if !failed.isEmpty { throw .refused(failed) }
                return try evaluate(body, site)
            case .match(let subject, let arms):
                return try match(subject, arms, site)
            case .tiers(let kind, let quantity, let brackets):
                return try tiers(kind, quantity, brackets, site)
            case .subscripted:
                throw .unsupported("a row without a column")
            case .member(let base, let member):
                if case .subscripted(let table, let keys) = base.kind, case .name(let name) = table.kind {
                    return try lookup(name, keys, member.name, site)
                }
                return .enumCase(member.name)
            case .call(let function, let arguments):
                return try call(function, arguments, site)
            }
        }

        private func number(_ expression: Expression, _ site: Site) throws(Stop) -> Rational {
            guard case .number(let value) = try evaluate(expression, site) else { throw .unsupported("not a number") }
            return value
        }

        private func truth(_ expression: Expression, _ site: Site) throws(Stop) -> Bool {
            guard case .bool(let flag) = try evaluate(expression, site) else { throw .unsupported("not a condition") }
            return flag
        }

        /// A result the engine's decimals must hold, or out of range.
        private func fit(_ value: Rational) throws(Stop) -> Rational {
            guard value.decimal != nil else { throw .unsupported("a quotient that does not terminate") }
            guard value.fitsDecimal else { throw .arithmetic(.outOfRange) }
            return value
        }

        private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ site: Site) throws(Stop) -> Value {
            switch op {
            case .and:
                guard try truth(left, site) else { return .bool(false) }
                return .bool(try truth(right, site))
            case .or:
                if try truth(left, site) { return .bool(true) }
                return .bool(try truth(right, site))
            case .add, .subtract, .multiply, .divide:
                let (a, b) = (try number(left, site), try number(right, site))
                switch op {
                case .add: return .number(try fit(try a + b))
                case .subtract: return .number(try fit(try a - b))
                case .multiply: return .number(try fit(try a * b))
                default: return .number(try fit(try a / b))
                }
            case .equal, .notEqual:
                let (a, b) = (try evaluate(left, site), try evaluate(right, site))
                return .bool(Self.same(a, b) == (op == .equal))
            case .less, .lessEqual, .greater, .greaterEqual:
                let order = try compare(try evaluate(left, site), try evaluate(right, site))
                switch op {
                case .less: return .bool(order < 0)
                case .lessEqual: return .bool(order <= 0)
                case .greater: return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            }
        }

        /// Equality across the forms a value is written in: a case or a word, an identity number
        /// in any case of its `x`.
        static func same(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): x == y
            case (.bool(let x), .bool(let y)): x == y
            case (.date(let x), .date(let y)): x == y
            case (.identity, _), (_, .identity): a.key.uppercased() == b.key.uppercased()
            case (.text, .text), (.text, .enumCase), (.enumCase, .text), (.enumCase, .enumCase): a.key == b.key
            default: false
            }
        }

        private func compare(_ a: Value, _ b: Value) throws(Stop) -> Int {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x < y ? -1 : x == y ? 0 : 1
            case (.date(let x), .date(let y)): return x < y ? -1 : x == y ? 0 : 1
            default: throw .unsupported("an order between \(a) and \(b)")
            }
        }

        // MARK: Match, tiers, tables, functions

        private func contains(_ range: RangeSyntax, _ value: Value, _ site: Site) throws(Stop) -> Bool {
            if let lower = range.lower {
                let order = try compare(value, try evaluate(lower.value, site))
                if lower.inclusive ? order < 0 : order <= 0 { return false }
            }
            if let upper = range.upper {
                let order = try compare(value, try evaluate(upper.value, site))
                if upper.inclusive ? order > 0 : order >= 0 { return false }
            }
            return true
        }

        private func match(_ subjectExpression: Expression, _ arms: [MatchArm], _ site: Site) throws(Stop) -> Value {
            let subject = try evaluate(subjectExpression, site)
            for arm in arms {
                for pattern in arm.patterns {
                    let matched: Bool
                    switch pattern {
                    case .otherwise: matched = true
                    case .value(let expression): matched = Self.same(subject, try evaluate(expression, site))
                    case .range(let range): matched = try contains(range, subject, site)
                    }
                    if matched { return try evaluate(arm.body, site) }
                }
            }
            throw .gap(.startingWith("no case of `match"))
        }

        private func tiers(_ kind: TierKind, _ quantityExpression: Expression, _ brackets: [Bracket], _ site: Site) throws(Stop)
            -> Value
        {
            let quantity = try number(quantityExpression, site)
            switch kind {
            case .marginal:
                // Each bracket's rate on the part of the quantity inside it.
                var total = Rational.zero
                for bracket in brackets {
                    let low = try bracket.range.lower.map { (limit) throws(Stop) in try number(limit.value, site) } ?? .zero
                    guard low < quantity else { continue }
                    let high = try bracket.range.upper.map { (limit) throws(Stop) in try number(limit.value, site) }
                    let top = high.map { $0 < quantity ? $0 : quantity } ?? quantity
                    let portion = try fit(try top - low)
                    let part = try fit(try number(bracket.rate, site) * portion)
                    total = try fit(try total + part)
                }
                return .number(total)
            case .banded:
                // The bracket that holds the whole quantity prices all of it.
                for bracket in brackets where try contains(bracket.range, .number(quantity), site) {
                    return .number(try fit(try number(bracket.rate, site) * quantity))
                }
                throw .gap(.startingWith("no bracket of `banded"))
            }
        }

        /// A cell as a value: bare words are names (an enum's case or a text).
        private func cell(_ expression: Expression, _ site: Site) throws(Stop) -> Value? {
            switch expression.kind {
            case .none: return nil
            case .name(let word): return .text(word)
            default: return try evaluate(expression, site)
            }
        }

        private func lookup(_ name: String, _ keyExpressions: [Expression], _ column: String, _ site: Site) throws(Stop) -> Value
        {
            guard let table = policy.tables[name] else { throw .unsupported("no table \(name)") }
            if table.isQuota { throw .unsupported("a quota read in a rule") }
            var keys: [Value] = []
            for expression in keyExpressions { keys.append(try evaluate(expression, site)) }
            let keyNames = table.keys.isEmpty ? [table.columns[0].name] : table.keys.map(\.name)
            let keyColumns = keyNames.compactMap { key in table.columns.firstIndex(where: { $0.name == key }) }
            guard let valueColumn = table.columns.firstIndex(where: { $0.name == column }), keyColumns.count == keys.count
            else { throw .unsupported("the column \(column) of \(name)") }
            let described = zip(keyNames, keys).map { "\($0) = \($1)" }.joined(separator: ", ")
            let wordable = keys.allSatisfy { if case .number = $0 { false } else { true } }
            for row in table.rows {
                var matches = true
                for (column, key) in zip(keyColumns, keys) {
                    guard let written = try cell(row.cells[column], site), Self.same(written, key) else {
                        matches = false
                        break
                    }
                }
                guard matches else { continue }
                guard let value = try cell(row.cells[valueColumn], site) else {
                    throw .gap(
                        wordable
                            ? .exactly("the table \(name) gives no \(column) for \(described)")
                            : .startingWith("the table \(name) gives no \(column) for"))
                }
                return value
            }
            throw .gap(
                wordable
                    ? .exactly("the table \(name) has no row for \(described)")
                    : .startingWith("the table \(name) has no row for"))
        }

        private func call(_ function: Keyword, _ arguments: [Expression], _ site: Site) throws(Stop) -> Value {
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument, site)) }
            switch function {
            case .min, .max:
                var result = values[0]
                for next in values.dropFirst() {
                    let order = try compare(result, next)
                    if function == .min ? order > 0 : order < 0 { result = next }
                }
                return result
            case .year, .month, .day:
                guard case .date(let day) = values[0] else { throw .unsupported("\(function) of \(values[0])") }
                let parts = CalendarDate(dayNumber: day).components
                return .number(Rational(function == .year ? parts.year : function == .month ? parts.month : parts.day))
            case .birthdate:
                let digits = Array(values[0].key)
                guard digits.count == 18, let year = Int(String(digits[6..<10])), let month = Int(String(digits[10..<12])),
                    let day = Int(String(digits[12..<14])), let date = CalendarDate(year: year, month: month, day: day)
                else { throw .unsupported("the birth date of \(values[0])") }
                return .date(date.dayNumber)
            case .date:
                let parts = values.compactMap { $0.number }
                guard parts.count == 3, parts.allSatisfy(\.isInteger),
                    let year = Int(exactly: parts[0].numerator), let month = Int(exactly: parts[1].numerator),
                    let day = Int(exactly: parts[2].numerator), (1...9999).contains(year),
                    let date = CalendarDate(year: year, month: month, day: day)
                else { throw .notADate }
                return .date(date.dayNumber)
            default:
                throw .unsupported("the function \(function)")
            }
        }
    }
}

// MARK: - Claims at the door

extension Reference.Policy {
    /// The facts a claim gives, read as the engine reads them at the door: a quantity below its
    /// lower bound (0 without one) or above an `input`'s upper bound makes the claim invalid ("fact
    /// NAME"); above an `open` parameter's, it is the ceiling. Facts for names that are not inputs
    /// of the policy (or that a layer above makes rules) are left aside.
    func admit(_ claim: Reference.Claim) -> Result<Reference.Claim, Reference.Stop> {
        var admitted = claim
        let constants = Reference.Evaluation(policy: self, claim: Reference.Claim())
        let site = Reference.Evaluation.Site(rule: nil, layer: layers.count - 1)
        for (name, value) in claim.facts {
            guard let input = inputs[name], isRule(name) == false else {
                admitted.facts[name] = nil
                continue
            }
            switch input.declaration.type.kind {
            case .unit, .number: break
            default: continue
            }
            guard case .number(let figure) = value else { continue }
            do throws(Reference.Stop) {
                let lower = try input.declaration.lower.map { (e) throws(Reference.Stop) in try constants.evaluate(e, site) }
                let upper = try input.declaration.upper.map { (e) throws(Reference.Stop) in try constants.evaluate(e, site) }
                if figure < (lower?.number ?? .zero) { return .failure(.invalidFact(name)) }
                if let ceiling = upper?.number, ceiling < figure {
                    guard input.declaration.isOpen else { return .failure(.invalidFact(name)) }
                    admitted.facts[name] = .number(ceiling)
                }
            } catch {
                return .failure(error)
            }
        }
        return .success(admitted)
    }
}
