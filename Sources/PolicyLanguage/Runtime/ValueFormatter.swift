// Turns run-time values back into what a policy officer reads: `12 yuan`, `50%`,
// `2022-06-01`, `中级`. At run time every value is an `ExactDecimal`; the checked type says
// what it means.

public struct ValueFormatter {
    /// Needed for texts; quantities, dates and enums format without it.
    let program: Program?
    let frame: Frame?

    public init(program: Program?, frame: Frame? = nil) {
        self.program = program
        self.frame = frame
    }

    public func format(_ value: ExactDecimal, as type: ValueType) -> String {
        switch type {
        case .quantity(let unit):
            if unit.isPercent {
                let percent = (try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value
                return "\(percent)%"
            }
            return "\(value)\(unit.suffix(for: value))"
        case .bool:
            return value.isZero ? "false" : "true"
        case .date:
            return CalendarDate(dayNumber: value.integerValue ?? 0).description
        case .enumeration(let enumType):
            let ordinal = value.integerValue ?? -1
            return enumType.cases.indices.contains(ordinal) ? enumType.cases[ordinal] : "?"
        case .text:
            let index = value.integerValue ?? -1
            guard let program, index >= 0 else { return "?" }
            if index < program.texts.count { return program.texts[index] }
            if let frame, index < frame.policyTextCount + frame.claimTextCount {
                return frame.text(at: index, in: program)
            }
            return "?"
        case .error:
            return "\(value)"
        }
    }

    public func format(_ value: RuntimeValue, as type: ValueType) -> String {
        value.isAbsent ? "none" : format(value.decimal, as: type)
    }
}
