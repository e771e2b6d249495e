// Exact decimal arithmetic for money and quantities. A value is `significand × 10^exponent`
// with a 64-bit significand (18 significant digits, far beyond any subsidy), so sums and
// products of decimal inputs are exact. Nothing is ever rounded unless a rule says
// `rounded to`; a result that does not fit is an error, never a wrap-around or a silent
// rounding. Intermediate results use 128-bit integers.

package struct ExactDecimal: Sendable {
    package var significand: Int64
    package var exponent: Int32

    @inlinable
    package init(significand: Int64, exponent: Int32) {
        self.significand = significand
        self.exponent = exponent
    }

    @inlinable
    package init(_ integer: Int) {
        self.significand = Int64(integer)
        self.exponent = 0
    }

    package static let zero = ExactDecimal(0)
    package static let one = ExactDecimal(1)

    /// Exponents outside this range are reported as out of range rather than kept.
    static let exponentLimit: Int32 = 40

    package var isZero: Bool { significand == 0 }
    package var isNegative: Bool { significand < 0 }

    /// The value with trailing zeros of the significand removed: 1.50 becomes 1.5.
    package var normalized: ExactDecimal {
        guard significand != 0 else { return .zero }
        var value = self
        while value.significand % 10 == 0 {
            value.significand /= 10
            value.exponent += 1
        }
        return value
    }

    /// The value as an integer, for the small whole numbers the run time stores (an enum's
    /// ordinal, a text's number, a day number); -1 for anything else.
    @inline(__always)
    package var smallInteger: Int {
        exponent == 0 ? Int(significand) : (integerValue ?? -1)
    }

    /// The value as an integer, when it is one and fits.
    package var integerValue: Int? {
        let value = normalized
        if value.exponent < 0 { return nil }
        guard value.exponent <= 18 else { return nil }
        let (product, overflow) = value.significand.multipliedReportingOverflow(by: Int64(Self.powersOfTen[Int(value.exponent)]))
        return overflow ? nil : Int(product)
    }
}

/// Why an operation on exact decimals has no exact answer.
package enum ArithmeticError: Error, Sendable, Equatable {
    /// The exact result needs more than 18 significant digits.
    case outOfRange
    case divisionByZero
    /// The quotient does not terminate within 18 digits; the rule must say `rounded to`.
    case inexactDivision
}

// MARK: - Arithmetic

extension ExactDecimal {
    static let powersOfTen: [Int128] = {
        var powers: [Int128] = [1]
        for _ in 1...38 { powers.append(powers.last! * 10) }
        return powers
    }()

    /// Brings an exact 128-bit result back to 64 bits, dropping only trailing zeros.
    @inline(__always)
    static func fit(_ value: Int128, exponent: Int) throws(ArithmeticError) -> ExactDecimal {
        if let small = Int64(exactly: value), abs(exponent) <= Int(exponentLimit) {
            return ExactDecimal(significand: small, exponent: Int32(exponent))
        }
        return try fitSlowly(value, exponent: exponent)
    }

    static func fitSlowly(_ value: Int128, exponent: Int) throws(ArithmeticError) -> ExactDecimal {
        if value == 0 { return .zero }
        var value = value
        var exponent = exponent
        while Int64(exactly: value) == nil || exponent < -Int(exponentLimit) {
            guard value % 10 == 0 else { throw .outOfRange }
            value /= 10
            exponent += 1
        }
        while value % 10 == 0 && exponent < -Int(exponentLimit) {
            value /= 10
            exponent += 1
        }
        // Too large an exponent: written with a longer significand instead, if that fits.
        while exponent > Int(exponentLimit) {
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, Int64(exactly: scaled) != nil else { throw .outOfRange }
            value = scaled
            exponent -= 1
        }
        guard exponent >= -Int(exponentLimit) else { throw .outOfRange }
        return ExactDecimal(significand: Int64(value), exponent: Int32(exponent))
    }

    /// Both significands on the smaller exponent, in 128 bits; nil when that needs more than 38 digits.
    @inline(__always)
    static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int128, Int128, Int)? {
        let exponent = min(a.exponent, b.exponent)
        let shiftA = Int(a.exponent - exponent)
        let shiftB = Int(b.exponent - exponent)
        guard shiftA <= 19, shiftB <= 19 else { return nil }
        return (Int128(a.significand) * powersOfTen[shiftA], Int128(b.significand) * powersOfTen[shiftB], Int(exponent))
    }

    /// The usual case, equal exponents and no overflow, in place; the others in `alignedSum`.
    @inline(__always)
    package static func adding(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if a.exponent == b.exponent {
            let (sum, overflow) = a.significand.addingReportingOverflow(b.significand)
            if !overflow { return ExactDecimal(significand: sum, exponent: a.exponent) }
        }
        return try alignedSum(a, b)
    }

    @inline(never)
    static func alignedSum(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if a.significand == 0 { return b }
        if b.significand == 0 { return a }
        let (x, y) = (a.normalized, b.normalized)
        guard let (left, right, exponent) = aligned(x, y) else { throw .outOfRange }
        return try fit(left + right, exponent: exponent)
    }

    @inline(__always)
    package static func subtracting(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        if a.exponent == b.exponent {
            let (difference, overflow) = a.significand.subtractingReportingOverflow(b.significand)
            if !overflow { return ExactDecimal(significand: difference, exponent: a.exponent) }
        }
        return try adding(a, try b.negated())
    }

    package func negated() throws(ArithmeticError) -> ExactDecimal {
        try Self.fit(-Int128(significand), exponent: Int(exponent))
    }

    /// The usual case, a product that fits, in place; the others in `wideProduct`.
    @inline(__always)
    package static func multiplying(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        let (product, overflow) = a.significand.multipliedReportingOverflow(by: b.significand)
        let exponent = Int(a.exponent) + Int(b.exponent)
        if !overflow, abs(exponent) <= Int(exponentLimit) {
            return ExactDecimal(significand: product, exponent: Int32(exponent))
        }
        return try wideProduct(a, b)
    }

    @inline(never)
    static func wideProduct(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        try fit(Int128(a.significand) * Int128(b.significand), exponent: Int(a.exponent) + Int(b.exponent))
    }

    /// The exact quotient: `.inexactDivision` when it does not terminate (a third), `.outOfRange`
    /// when it terminates beyond what fits.
    package static func dividing(_ a: ExactDecimal, by b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        guard b.significand != 0 else { throw .divisionByZero }
        if a.significand == 0 { return .zero }
        // a/b = (a.s/g) / d · 10^(a.e − b.e) with d = |b.s|/g, which terminates exactly when d is
        // 2^twos · 5^fives; then 1/d = 2^(k − twos) · 5^(k − fives) / 10^k with k = max(twos, fives).
        var (x, y) = (a.significand.magnitude, b.significand.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        var rest = b.significand.magnitude / x
        var twos = 0
        var fives = 0
        while rest % 2 == 0 {
            rest /= 2
            twos += 1
        }
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        guard rest == 1 else { throw .inexactDivision }
        let k = max(twos, fives)
        var multiplier: Int128 = 1
        for _ in 0..<(k - twos) { multiplier = try multiplyOrOutOfRange(multiplier, 2) }
        for _ in 0..<(k - fives) { multiplier = try multiplyOrOutOfRange(multiplier, 5) }
        let quotient = try multiplyOrOutOfRange(Int128(a.significand.magnitude / x), multiplier)
        let negative = (a.significand < 0) != (b.significand < 0)
        return try fit(negative ? -quotient : quotient, exponent: Int(a.exponent) - Int(b.exponent) - k)
    }

    private static func multiplyOrOutOfRange(_ a: Int128, _ b: Int128) throws(ArithmeticError) -> Int128 {
        guard let product = multiplyChecked(a, b) else { throw .outOfRange }
        return product
    }

    /// `a / b` rounded half up (away from zero at exactly one half) to a multiple of `quantum`.
    package static func dividing(
        _ a: ExactDecimal, by b: ExactDecimal, roundedTo quantum: ExactDecimal
    ) throws(ArithmeticError) -> ExactDecimal {
        guard b.significand != 0, quantum.significand != 0 else { throw .divisionByZero }
        if a.significand == 0 { return ExactDecimal(significand: 0, exponent: quantum.exponent) }
        // a / b / quantum = a.s / (b.s · q.s) · 10^(a.e − b.e − q.e)
        let shift = Int(a.exponent) - Int(b.exponent) - Int(quantum.exponent)
        var numerator = Int128(a.significand)
        var denominator = Int128(b.significand) * Int128(quantum.significand)
        if shift >= 0 {
            guard shift <= 38, let scaled = multiplyChecked(numerator, powersOfTen[shift]) else {
                let units = try longDivision(numerator, times: shift, by: denominator)
                return try multiplying(ExactDecimal(significand: units, exponent: 0), quantum)
            }
            numerator = scaled
        } else {
            guard -shift <= 38, let scaled = multiplyChecked(denominator, powersOfTen[-shift]) else {
                // The quotient is far below one quantum: it rounds to zero.
                return ExactDecimal(significand: 0, exponent: quantum.exponent)
            }
            denominator = scaled
        }
        let units = roundedQuotient(numerator, denominator)
        guard let count = Int64(exactly: units) else { throw .outOfRange }
        return try multiplying(ExactDecimal(significand: count, exponent: 0), quantum)
    }

    /// The value rounded half up to a multiple of `quantum` (0.01 yuan, 1 yuan, 10 yuan).
    package func rounded(to quantum: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        try Self.dividing(self, by: .one, roundedTo: quantum)
    }

    package static func minimum(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal { a <= b ? a : b }
    package static func maximum(_ a: ExactDecimal, _ b: ExactDecimal) -> ExactDecimal { a >= b ? a : b }

    private static func multiplyChecked(_ a: Int128, _ b: Int128) -> Int128? {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : product
    }

    /// `numerator · 10^shift / denominator` rounded half away from zero, digit by digit, for when
    /// the scaled numerator would not fit in 128 bits. The quotient must fit in 64 bits and the
    /// divisor below 2^124 (so ten remainders fit); past that it is out of range.
    private static func longDivision(_ numerator: Int128, times shift: Int, by denominator: Int128) throws(ArithmeticError)
        -> Int64
    {
        let divisor = denominator.magnitude
        guard divisor < (1 as UInt128) << 124 else { throw .outOfRange }
        var quotient = numerator.magnitude / divisor
        var remainder = numerator.magnitude % divisor
        for _ in 0..<shift {
            remainder *= 10
            let (scaled, overflow) = quotient.multipliedReportingOverflow(by: 10)
            guard !overflow, scaled <= UInt128(Int64.max.magnitude) + 1 else { throw .outOfRange }
            quotient = scaled + remainder / divisor
            remainder %= divisor
        }
        if remainder >= divisor - remainder { quotient += 1 }
        let negative = (numerator < 0) != (denominator < 0)
        guard let units = Int64(exactly: negative ? -Int128(quotient) : Int128(quotient)) else { throw .outOfRange }
        return units
    }

    /// Integer division rounding half away from zero.
    private static func roundedQuotient(_ numerator: Int128, _ denominator: Int128) -> Int128 {
        let quotient = numerator / denominator
        let remainder = (numerator % denominator).magnitude
        let divisor = denominator.magnitude
        if remainder >= divisor - remainder {
            return (numerator < 0) != (denominator < 0) ? quotient - 1 : quotient + 1
        }
        return quotient
    }
}

// MARK: - Comparison

extension ExactDecimal: Comparable, Hashable {
    @inline(__always)
    package static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.exponent == b.exponent {
            return a.significand < b.significand ? -1 : (a.significand == b.significand ? 0 : 1)
        }
        let signA = a.significand.signum()
        let signB = b.significand.signum()
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        guard let (left, right, _) = aligned(a, b) else {
            // More than 19 digits apart: the one with the larger exponent has the larger magnitude.
            let largerMagnitude = a.exponent > b.exponent ? 1 : -1
            return signA > 0 ? largerMagnitude : -largerMagnitude
        }
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    package static func < (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) < 0 }
    package static func <= (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) <= 0 }
    package static func > (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) > 0 }
    package static func >= (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) >= 0 }
    package static func == (a: ExactDecimal, b: ExactDecimal) -> Bool { compare(a, b) == 0 }

    package func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.significand)
        hasher.combine(value.exponent)
    }
}

// MARK: - Text

/// Why a piece of text is not a decimal number.
package enum DecimalSyntaxError: Error, Sendable, Equatable {
    case notANumber
    case tooManyDigits
}

extension ExactDecimal: CustomStringConvertible {
    /// Parses `-12`, `79.99`, `1e3`, `2.5E-1` exactly. ASCII only; callers normalise full-width digits.
    package init(parsing text: some StringProtocol) throws(DecimalSyntaxError) {
        var bytes = Array(text.utf8)
        self = try bytes.withUnsafeMutableBufferPointer { buffer throws(DecimalSyntaxError) in
            try ExactDecimal(parsing: UnsafeBufferPointer(buffer))
        }
    }

    /// Parses a decimal from UTF-8 bytes without allocating.
    package init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(DecimalSyntaxError) {
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var significand: Int64 = 0
        var exponent = 0
        var digits = 0
        var sawPoint = false
        var sawDigit = false
        while index < count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                sawDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if significand == 0 && digit == 0 {
                    // Leading zeros carry no digits.
                } else {
                    digits += 1
                    guard digits <= 18 else {
                        // Trailing zeros after the limit are harmless only if they are integral zeros.
                        if !sawPoint && digit == 0 { exponent += 1; index += 1; continue }
                        if sawPoint && digit == 0 { index += 1; continue }
                        throw .tooManyDigits
                    }
                    significand = significand * 10 + digit
                }
                if sawPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { throw .notANumber }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < count, bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                written = written * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                exponentDigits += 1
                guard written < 1000 else { throw .tooManyDigits }
                index += 1
            }
            guard exponentDigits > 0 else { throw .notANumber }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { throw .notANumber }
        if significand == 0 { self = .zero; return }
        guard let value = try? ExactDecimal.fit(Int128(negative ? -significand : significand), exponent: exponent) else {
            throw .tooManyDigits
        }
        self = value
    }

    /// Plain decimal notation with exactly `fractionDigits` digits after the point, for values
    /// already rounded to that many: `60.0`, `45.5`. More precise values keep their digits.
    package func formatted(fractionDigits: Int) -> String {
        let text = description
        let existing = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        guard existing < fractionDigits else { return text }
        return text + (existing == 0 ? "." : "") + String(repeating: "0", count: fractionDigits - existing)
    }

    /// Plain decimal notation with no exponent and no trailing fractional zeros: `12`, `0.5`.
    package var description: String {
        let value = normalized
        let magnitude = String(value.significand.magnitude)
        let sign = value.significand < 0 ? "-" : ""
        if value.exponent >= 0 {
            return sign + magnitude + String(repeating: "0", count: Int(value.exponent))
        }
        let fractionDigits = Int(-value.exponent)
        if magnitude.count > fractionDigits {
            let split = magnitude.index(magnitude.endIndex, offsetBy: -fractionDigits)
            return sign + magnitude[..<split] + "." + magnitude[split...]
        }
        return sign + "0." + String(repeating: "0", count: fractionDigits - magnitude.count) + magnitude
    }
}
