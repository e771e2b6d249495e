// Exact decimal arithmetic: no float, explicit half-up rounding, errors instead of wrap-around.

import Testing

@testable import PolicyLanguage

@Suite struct DecimalTests {
    private func d(_ text: String) -> ExactDecimal { try! ExactDecimal(parsing: text) }

    @Test(arguments: [
        ("0.1", "0.2", "0.3"), ("3500", "0.01", "3500.01"), ("-1.5", "1.5", "0"), ("1e3", "1", "1001"),
    ])
    func additionIsExact(a: String, b: String, sum: String) throws {
        #expect(try ExactDecimal.adding(d(a), d(b)) == d(sum))
        #expect(try ExactDecimal.adding(d(a), d(b)).description == d(sum).description)
    }

    @Test func multiplicationIsExact() throws {
        #expect(try ExactDecimal.multiplying(d("150"), d("20")).description == "3000")
        #expect(try ExactDecimal.multiplying(d("0.8"), d("2500")).description == "2000")
        #expect(try ExactDecimal.multiplying(d("0.15"), d("0.15")).description == "0.0225")
    }

    @Test(arguments: [
        ("2.345", "0.01", "2.35"), ("2.344", "0.01", "2.34"), ("-2.345", "0.01", "-2.35"),
        ("2.5", "1", "3"), ("1234", "10", "1230"), ("1235", "10", "1240"), ("0.005", "0.01", "0.01"),
    ])
    func roundingIsHalfUpAwayFromZero(value: String, quantum: String, expected: String) throws {
        #expect(try d(value).rounded(to: d(quantum)) == d(expected))
    }

    @Test func divisionIsExactOrRefused() throws {
        #expect(try ExactDecimal.dividing(d("3500"), by: d("20")).description == "175")
        #expect(try ExactDecimal.dividing(d("1"), by: d("8")).description == "0.125")
        #expect(throws: ArithmeticError.inexactDivision) { try ExactDecimal.dividing(d("1000"), by: d("3")) }
        #expect(throws: ArithmeticError.divisionByZero) { try ExactDecimal.dividing(d("1"), by: d("0")) }
        #expect(try ExactDecimal.dividing(d("1000"), by: d("3"), roundedTo: d("0.01")).description == "333.33")
        #expect(try ExactDecimal.dividing(d("2000"), by: d("3"), roundedTo: d("0.01")).description == "666.67")
    }

    @Test func overflowIsAnErrorNeverAWrapAround() {
        let big = d("9000000000000000000")
        #expect(throws: ArithmeticError.outOfRange) { try ExactDecimal.multiplying(d("922337203685477581"), d("10.1")) }
        #expect(throws: ArithmeticError.outOfRange) { try ExactDecimal.adding(d("9200000000000000000"), d("0.5")) }
        #expect(throws: ArithmeticError.outOfRange) { try ExactDecimal.adding(d("1e30"), d("1")) }
        // Trailing zeros are shed before giving up: 1e19 + 1e19 = 2e19 is representable.
        #expect(throws: Never.self) { try ExactDecimal.adding(big, big) }
    }

    @Test func parsingRejectsWhatIsNotANumberOrTooPrecise() {
        #expect(throws: DecimalSyntaxError.notANumber) { try ExactDecimal(parsing: "12a") }
        #expect(throws: DecimalSyntaxError.notANumber) { try ExactDecimal(parsing: "") }
        #expect(throws: DecimalSyntaxError.tooManyDigits) { try ExactDecimal(parsing: "1234567890.1234567891") }
        #expect(d("100000000000000000000").description == "100000000000000000000")
    }

    @Test func comparisonAndEqualityIgnoreTrailingZeros() {
        #expect(d("1.50") == d("1.5"))
        #expect(d("0.8") < d("0.8000001"))
        #expect(d("-3") < d("0.001"))
        #expect(d("1e30") > d("999999999999999999"))
        #expect(Set([d("2"), d("2.00")]).count == 1)
    }
}
