// The decimal arithmetic against an independent oracle: arbitrary-precision integers written here
// from scratch (no code shared with ExactDecimal, which works in 64 and 128 bits), on a large
// random sample of sums, differences, products, exact quotients, rounded quotients, roundings and
// comparisons, from everyday amounts to the edges of the type. The rule both must follow: a
// result is the exact value when it can be written as s × 10^e with s a 64-bit integer and
// |e| ≤ 40, and an error otherwise; rounding is half away from zero, and only where asked.

import Testing

@testable import PolicyLanguage

@Suite struct DecimalDifferentialTests {
    static let samples = 40_000

    @Test func sumsDifferencesAndProducts() {
        var random = SplitMix(seed: 1)
        var mismatches: [String] = []
        for _ in 0..<Self.samples {
            let (a, b) = (random.decimal(), random.decimal())
            check("\(a) + \(b)", try ExactDecimal.adding(a, b), Oracle.fit(Oracle.value(a) + Oracle.value(b)), &mismatches)
            check("\(a) - \(b)", try ExactDecimal.subtracting(a, b), Oracle.fit(Oracle.value(a) - Oracle.value(b)), &mismatches)
            check("\(a) * \(b)", try ExactDecimal.multiplying(a, b), Oracle.fit(Oracle.value(a) * Oracle.value(b)), &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func exactAndRoundedQuotients() {
        var random = SplitMix(seed: 2)
        var mismatches: [String] = []
        for _ in 0..<Self.samples {
            let (a, b, quantum) = (random.decimal(), random.decimal(), random.quantum())
            // An exact quotient: its value when it terminates and fits; otherwise an error (which
            // one is not specified when it terminates beyond what fits).
            let exact = Oracle.quotient(a, b)
            switch (Result { () throws(ArithmeticError) in try ExactDecimal.dividing(a, by: b) }, exact) {
            case (.success(let got), .value(let expected)) where Oracle.value(got) == expected: break
            case (.failure(.divisionByZero), .divisionByZero), (.failure(.inexactDivision), .inexact): break
            case (.failure(.outOfRange), .outOfRange), (.failure(.inexactDivision), .outOfRange): break
            case (let got, let expected): mismatches.append("\(a) / \(b): got \(got), expected \(expected)")
            }
            check(
                "\(a) / \(b) rounded to \(quantum)", try ExactDecimal.dividing(a, by: b, roundedTo: quantum),
                Oracle.roundedQuotient(a, b, quantum: quantum), &mismatches)
            check(
                "\(a) rounded to \(quantum)", try a.rounded(to: quantum),
                Oracle.roundedQuotient(a, .one, quantum: quantum), &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func comparisons() {
        var random = SplitMix(seed: 3)
        var mismatches: [String] = []
        for _ in 0..<Self.samples {
            let a = random.decimal()
            // Often equal values written differently: 1.50 and 1.5.
            let b =
                random.next(below: 4) == 0
                ? ExactDecimal(significand: a.significand, exponent: a.exponent).rescaled(by: random.next(below: 3)) ?? a
                : random.decimal()
            let expected = Oracle.compare(Oracle.value(a), Oracle.value(b))
            if ExactDecimal.compare(a, b) != expected {
                mismatches.append("compare(\(a), \(b)) = \(ExactDecimal.compare(a, b)), expected \(expected)")
            }
            if (a == b) != (expected == 0) || (a == b && a.hashValue != b.hashValue) {
                mismatches.append("\(a) == \(b), or their hashes")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func chainedExpressionsAsARuleWouldComputeThem() {
        // days × rate, capped, a share taken and rounded to the fen: as a subsidy is computed.
        var random = SplitMix(seed: 4)
        var mismatches: [String] = []
        for _ in 0..<Self.samples {
            let days = ExactDecimal(significand: Int64(random.next(below: 400)), exponent: 0)
            let rate = ExactDecimal(significand: Int64(random.next(below: 100_000)), exponent: -2)
            let cap = ExactDecimal(significand: Int64(random.next(below: 1_000_000)), exponent: 0)
            let share = ExactDecimal(significand: Int64(random.next(below: 10_001)), exponent: -4)
            let fen = ExactDecimal(significand: 1, exponent: -2)
            let got = Result { () throws(ArithmeticError) in
                try ExactDecimal.multiplying(ExactDecimal.minimum(try ExactDecimal.multiplying(rate, days), cap), share).rounded(
                    to: fen)
            }
            let product = Oracle.value(rate) * Oracle.value(days)
            let capped = Oracle.compare(product, Oracle.value(cap)) <= 0 ? product : Oracle.value(cap)
            let expected = Oracle.rounded(capped * Oracle.value(share), to: fen)
            if case .success(let value) = got, case .value(let oracle) = expected, Oracle.value(value) == oracle { continue }
            mismatches.append("\(rate) × \(days) at most \(cap), × \(share), to the fen: got \(got), expected \(expected)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test func theOracleItselfKnowsItsArithmetic() {
        let big = BigInt(Int64.max) * BigInt(Int64.max)
        #expect(big.description == "85070591730234615847396907784232501249")
        #expect((big / BigInt(Int64.max)).description == String(Int64.max))
        #expect((BigInt(-7) / BigInt(2)).description == "-3" && (BigInt(-7) % BigInt(2)).description == "-1")
        #expect(
            Oracle.fit(Oracle.value(ExactDecimal(significand: 150, exponent: -2)))
                == .value(Oracle.Decimal(significand: BigInt(15), exponent: -1))
        )
        #expect(
            Oracle.roundedQuotient(ExactDecimal(-5), ExactDecimal(2), quantum: .one)
                == .value(Oracle.Decimal(significand: BigInt(-3), exponent: 0)))
        #expect(Oracle.quotient(ExactDecimal(1), ExactDecimal(3)) == .inexact)
        #expect(
            Oracle.fit(Oracle.Decimal(significand: BigInt(1), exponent: 41))
                == .value(Oracle.Decimal(significand: BigInt(10), exponent: 40)))
    }

    private func check(
        _ what: String, _ operation: @autoclosure () throws(ArithmeticError) -> ExactDecimal, _ expected: Oracle.Outcome,
        _ mismatches: inout [String]
    ) {
        switch (Result(catching: operation), expected) {
        case (.success(let got), .value(let value)) where Oracle.value(got) == value: return
        case (.failure(.outOfRange), .outOfRange), (.failure(.divisionByZero), .divisionByZero): return
        case (let got, _): mismatches.append("\(what): got \(got), expected \(expected)")
        }
    }
}

// MARK: - The oracle

/// Exact decimals over arbitrary-precision integers, and the rule for what fits.
enum Oracle {
    /// significand × 10^exponent, exactly.
    struct Decimal: Equatable, CustomStringConvertible {
        let significand: BigInt
        let exponent: Int

        /// Equal values are equal, however they are written.
        static func == (a: Decimal, b: Decimal) -> Bool { compare(a, b) == 0 }

        static func + (a: Decimal, b: Decimal) -> Decimal {
            let exponent = min(a.exponent, b.exponent)
            return Decimal(
                significand: a.significand.timesTen(a.exponent - exponent) + b.significand.timesTen(b.exponent - exponent),
                exponent: exponent)
        }
        static func - (a: Decimal, b: Decimal) -> Decimal {
            a + Decimal(significand: BigInt(0) - b.significand, exponent: b.exponent)
        }
        static func * (a: Decimal, b: Decimal) -> Decimal {
            Decimal(significand: a.significand * b.significand, exponent: a.exponent + b.exponent)
        }

        var description: String { "\(significand)e\(exponent)" }
    }

    enum Outcome: Equatable, CustomStringConvertible {
        case value(Decimal)
        case outOfRange, divisionByZero, inexact

        var description: String {
            switch self {
            case .value(let value): "\(value)"
            case .outOfRange: "out of range"
            case .divisionByZero: "division by zero"
            case .inexact: "inexact"
            }
        }
    }

    static func value(_ decimal: ExactDecimal) -> Decimal {
        Decimal(significand: BigInt(decimal.significand), exponent: Int(decimal.exponent))
    }

    static let int64Min = BigInt(Int64.min)
    static let int64Max = BigInt(Int64.max)

    /// The value when it can be written s × 10^e, s a 64-bit integer, |e| ≤ 40; else out of range.
    static func fit(_ value: Decimal) -> Outcome {
        if value.significand.isZero { return .value(value) }
        var (significand, exponent) = (value.significand, value.exponent)
        while significand.remainder(dividingBy: 10) == 0 {
            significand = significand.quotient(dividingBy: 10)
            exponent += 1
        }
        if exponent > 40 {
            significand = significand.timesTen(exponent - 40)
            exponent = 40
        }
        guard exponent >= -40, int64Min <= significand, significand <= int64Max else { return .outOfRange }
        return .value(value)
    }

    /// a / b exactly: the value if it terminates and fits, inexact if it does not terminate.
    static func quotient(_ a: ExactDecimal, _ b: ExactDecimal) -> Outcome {
        if b.significand == 0 { return .divisionByZero }
        if a.significand == 0 { return .value(value(.zero)) }
        // Ten to a power large enough (a 64-bit divisor has at most 63 factors of two) makes the
        // division exact if anything does.
        let scale = 64
        let numerator = BigInt(a.significand).timesTen(scale)
        let divisor = BigInt(b.significand)
        guard (numerator % divisor).isZero else { return .inexact }
        return fit(Decimal(significand: numerator / divisor, exponent: Int(a.exponent) - Int(b.exponent) - scale))
    }

    /// a / b rounded half away from zero to a multiple of `quantum`. One limit is the engine's,
    /// documented in ExactDecimal: operands more than 10^38 apart with a divisor and quantum whose
    /// significands multiply past 2^124 are out of range.
    static func roundedQuotient(_ a: ExactDecimal, _ b: ExactDecimal, quantum: ExactDecimal) -> Outcome {
        if b.significand == 0 || quantum.significand == 0 { return .divisionByZero }
        let shift = Int(a.exponent) - Int(b.exponent) - Int(quantum.exponent)
        let numerator = BigInt(a.significand).timesTen(max(0, shift))
        let denominator = BigInt(b.significand) * BigInt(quantum.significand)
        if shift > 38, denominator.magnitude >= BigInt(1).shifted(124), !numerator.isZero { return .outOfRange }
        let scaled = denominator.timesTen(max(0, -shift))
        var count = (numerator.magnitude * BigInt(2) + scaled.magnitude) / (scaled.magnitude * BigInt(2))
        if numerator.isNegative != scaled.isNegative { count = BigInt(0) - count }
        guard int64Min <= count, count <= int64Max else { return .outOfRange }
        return fit(Decimal(significand: count, exponent: 0) * value(quantum))
    }

    /// A decimal rounded half away from zero to a multiple of `quantum`.
    static func rounded(_ value: Decimal, to quantum: ExactDecimal) -> Outcome {
        let shift = value.exponent - Int(quantum.exponent)
        let numerator = value.significand.timesTen(max(0, shift))
        let denominator = BigInt(quantum.significand).timesTen(max(0, -shift))
        var count = (numerator.magnitude * BigInt(2) + denominator.magnitude) / (denominator.magnitude * BigInt(2))
        if numerator.isNegative != denominator.isNegative { count = BigInt(0) - count }
        guard int64Min <= count, count <= int64Max else { return .outOfRange }
        return fit(Decimal(significand: count, exponent: 0) * Oracle.value(quantum))
    }

    static func compare(_ a: Decimal, _ b: Decimal) -> Int {
        let difference = (a - b).significand
        return difference.isZero ? 0 : (difference.isNegative ? -1 : 1)
    }
}

/// A signed integer of any size: 32-bit limbs, least significant first, schoolbook arithmetic.
struct BigInt: Equatable, Comparable, CustomStringConvertible {
    private(set) var limbs: [UInt32]  // no trailing zero limbs; empty for zero
    private(set) var isNegative: Bool

    static let ten = BigInt(10)

    init(_ value: Int64) {
        var magnitude = value.magnitude
        limbs = []
        while magnitude > 0 {
            limbs.append(UInt32(truncatingIfNeeded: magnitude))
            magnitude >>= 32
        }
        isNegative = value < 0
    }

    init(_ value: Int) { self.init(Int64(value)) }

    private init(limbs: [UInt32], negative: Bool) {
        var limbs = limbs
        while limbs.last == 0 { limbs.removeLast() }
        self.limbs = limbs
        self.isNegative = negative && !limbs.isEmpty
    }

    var isZero: Bool { limbs.isEmpty }

    /// This times 10^count.
    func timesTen(_ count: Int) -> BigInt {
        (0..<count).reduce(self) { value, _ in value.multiplied(bySmall: 10) }
    }

    func shifted(_ bits: Int) -> BigInt { (0..<bits).reduce(self) { value, _ in value.multiplied(bySmall: 2) } }

    func multiplied(bySmall factor: UInt32) -> BigInt {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for limb in limbs {
            let product = UInt64(limb) * UInt64(factor) + carry
            result.append(UInt32(truncatingIfNeeded: product))
            carry = product >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return BigInt(limbs: result, negative: isNegative)
    }

    /// Division by a small divisor, one limb at a time: the truncated quotient and the remainder's magnitude.
    private func divided(bySmall divisor: UInt32) -> (BigInt, UInt32) {
        var result = [UInt32](repeating: 0, count: limbs.count)
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            let current = remainder << 32 | UInt64(limbs[index])
            result[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        return (BigInt(limbs: result, negative: isNegative), UInt32(remainder))
    }

    func quotient(dividingBy divisor: UInt32) -> BigInt { divided(bySmall: divisor).0 }
    func remainder(dividingBy divisor: UInt32) -> UInt32 { divided(bySmall: divisor).1 }
    var magnitude: BigInt { BigInt(limbs: limbs, negative: false) }

    // Magnitudes.
    private static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
            return a[index] < b[index] ? -1 : 1
        }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(a.count, b.count) {
            let sum = UInt64(index < a.count ? a[index] : 0) + UInt64(index < b.count ? b[index] : 0) + carry
            result.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry > 0 { result.append(UInt32(carry)) }
        return result
    }

    /// a − b for |a| ≥ |b|.
    private static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var borrow: Int64 = 0
        for index in 0..<a.count {
            var difference = Int64(a[index]) - Int64(index < b.count ? b[index] : 0) - borrow
            borrow = 0
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            }
            result.append(UInt32(difference))
        }
        return result
    }

    private static func multiplyMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var result = [UInt32](repeating: 0, count: a.count + b.count)
        for i in 0..<a.count {
            var carry: UInt64 = 0
            for j in 0..<b.count {
                let product = UInt64(a[i]) * UInt64(b[j]) + UInt64(result[i + j]) + carry
                result[i + j] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            result[i + b.count] = UInt32(carry)
        }
        return result
    }

    /// Quotient and remainder of magnitudes, bit by bit.
    private static func divideMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> ([UInt32], [UInt32]) {
        precondition(!b.isEmpty, "division by zero")
        var quotient = [UInt32](repeating: 0, count: a.count)
        var remainder: [UInt32] = []
        for bit in stride(from: a.count * 32 - 1, through: 0, by: -1) {
            // remainder = remainder · 2 + the next bit of a
            var carry: UInt32 = (a[bit / 32] >> UInt32(bit % 32)) & 1
            for index in 0..<remainder.count {
                let shifted = UInt64(remainder[index]) << 1 | UInt64(carry)
                remainder[index] = UInt32(truncatingIfNeeded: shifted)
                carry = UInt32(shifted >> 32)
            }
            if carry > 0 { remainder.append(carry) }
            if compareMagnitudes(remainder, b) >= 0 {
                remainder = subtractMagnitudes(remainder, b)
                while remainder.last == 0 { remainder.removeLast() }
                quotient[bit / 32] |= 1 << UInt32(bit % 32)
            }
        }
        return (quotient, remainder)
    }

    static func + (a: BigInt, b: BigInt) -> BigInt {
        if a.isNegative == b.isNegative { return BigInt(limbs: addMagnitudes(a.limbs, b.limbs), negative: a.isNegative) }
        return compareMagnitudes(a.limbs, b.limbs) >= 0
            ? BigInt(limbs: subtractMagnitudes(a.limbs, b.limbs), negative: a.isNegative)
            : BigInt(limbs: subtractMagnitudes(b.limbs, a.limbs), negative: b.isNegative)
    }

    static func - (a: BigInt, b: BigInt) -> BigInt { a + BigInt(limbs: b.limbs, negative: !b.isNegative) }

    static func * (a: BigInt, b: BigInt) -> BigInt {
        BigInt(limbs: multiplyMagnitudes(a.limbs, b.limbs), negative: a.isNegative != b.isNegative)
    }

    /// Truncating division, as Swift's integers do.
    static func / (a: BigInt, b: BigInt) -> BigInt {
        BigInt(limbs: divideMagnitudes(a.limbs, b.limbs).0, negative: a.isNegative != b.isNegative)
    }

    static func % (a: BigInt, b: BigInt) -> BigInt {
        BigInt(limbs: divideMagnitudes(a.limbs, b.limbs).1, negative: a.isNegative)
    }

    static func < (a: BigInt, b: BigInt) -> Bool { (a - b).isNegative }

    var description: String {
        if isZero { return "0" }
        var digits: [Character] = []
        var value = magnitude
        let billion = BigInt(1_000_000_000)
        while !value.isZero {
            let (quotient, remainder) = BigInt.divideMagnitudes(value.limbs, billion.limbs)
            var chunk = String(remainder.first ?? 0)
            value = BigInt(limbs: quotient, negative: false)
            if !value.isZero { chunk = String(repeating: "0", count: 9 - chunk.count) + chunk }
            digits.insert(contentsOf: chunk, at: 0)
        }
        return (isNegative ? "-" : "") + String(digits)
    }
}

// MARK: - Random samples

/// A small deterministic generator, so a failure is reproducible from its seed.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Everyday amounts most of the time, the edges of the type some of the time.
    mutating func decimal() -> ExactDecimal {
        let significand: Int64
        switch next(below: 10) {
        case 0: significand = 0
        case 1...5: significand = Int64(next(below: 100_000))
        case 6, 7: significand = Int64(truncatingIfNeeded: next() >> UInt64(next(below: 64)))
        case 8: significand = Int64.max - Int64(next(below: 1000))
        default: significand = Int64.min + Int64(next(below: 1000))
        }
        let signed = next(below: 4) == 0 && significand != Int64.min ? -significand : significand
        let exponent: Int32 = next(below: 5) == 0 ? Int32(next(below: 81)) - 40 : Int32(next(below: 9)) - 4
        return ExactDecimal(significand: signed, exponent: exponent)
    }

    /// Quanta as rules write them: 0.01 yuan, 1, 10, 0.5, and now and then an odd one.
    mutating func quantum() -> ExactDecimal {
        let common: [ExactDecimal] = [
            ExactDecimal(significand: 1, exponent: -2), .one, ExactDecimal(10), ExactDecimal(significand: 5, exponent: -1),
            ExactDecimal(significand: 1, exponent: -4), ExactDecimal(100),
        ]
        if next(below: 5) == 0 {
            return ExactDecimal(significand: Int64(next(below: 999)) + 1, exponent: Int32(next(below: 7)) - 3)
        }
        return common[next(below: common.count)]
    }
}

extension ExactDecimal {
    /// The same value with `digits` more trailing zeros in its significand, if that fits.
    fileprivate func rescaled(by digits: Int) -> ExactDecimal? {
        var value = self
        for _ in 0..<digits {
            let (product, overflow) = value.significand.multipliedReportingOverflow(by: 10)
            guard !overflow, value.exponent > -40 else { return nil }
            value = ExactDecimal(significand: product, exponent: value.exponent - 1)
        }
        return value
    }
}
