// Time at run time: a date made from numbers, the application date and the counting year, and
// the deadlines for applying that a decided claim is held to.

extension Compiler {
    /// `date(Y, M, D)`, `application date` and `counting year`.
    func timeCall(_ builtin: Builtin, _ arguments: [Evaluate]) -> Evaluate {
        switch builtin {
        case .applicationDate:
            return { frame throws(Stop) in try frame.applicationDay() }
        case .countingYear:
            let counting = program.countingYear
            return { frame throws(Stop) in
                ExactDecimal(counting.year(of: CalendarDate(dayNumber: try frame.decidingDay().smallInteger)))
            }
        default:
            let (year, month, day) = (arguments[0], arguments[1], arguments[2])
            return { frame throws(Stop) in
                let parts = (try year(frame), try month(frame), try day(frame))
                guard let y = parts.0.integerValue, let m = parts.1.integerValue, let d = parts.2.integerValue,
                    let date = CalendarDate(year: y, month: m, day: d)
                else {
                    throw .notADate([parts.0, parts.1, parts.2])
                }
                return ExactDecimal(date.dayNumber)
            }
        }
    }
}

/// A deadline for applying, its last day compiled.
struct CompiledDeadline {
    let deadline: Deadline
    let until: Evaluate
}

extension CompiledProgram {
    /// The value of a program that has deadlines, held to them: a claim applied for after one is
    /// refused with its clause, whether the rule granted or refused it. Outlined, so the programs
    /// without deadlines pay one test.
    @inline(never)
    func valueWithinDeadlines(rule slot: Int, in frame: Frame) throws(Stop) -> ExactDecimal {
        if deadlinesByRule[slot].isEmpty { return try ruleValue(slot, in: frame) }
        let value: ExactDecimal
        do {
            value = try ruleValue(slot, in: frame)
        } catch {
            switch error {
            case .refused(let refusals):
                let late = try lateness(rule: slot, in: frame)
                throw .refused(refusals + late)
            case .gap(let gap):
                let late = try lateness(rule: slot, in: frame)
                if late.isEmpty { throw error }
                throw .refused([gap.refusal(in: frame)] + late)
            default:
                throw error
            }
        }
        let late = try lateness(rule: slot, in: frame)
        if !late.isEmpty { throw .refused(late) }
        return value
    }

    /// The deadlines of the rule's program that the claim's application date is after.
    private func lateness(rule slot: Int, in frame: Frame) throws(Stop) -> [Refusal] {
        // A claim with no date at all (a worked example of the rates alone) cannot be late.
        guard frame.hasApplicationDate || frame.hasClaimDate else { return [] }
        var refusals: [Refusal] = []
        for index in deadlinesByRule[slot] {
            let deadline = deadlines[index]
            let last = try deadline.until(frame)
            let applied = try frame.applicationDay()
            guard applied > last else { continue }
            let (day, end) = (CalendarDate(dayNumber: applied.smallInteger), CalendarDate(dayNumber: last.smallInteger))
            let name = deadline.deadline.name
            refusals.append(
                Refusal(
                    reason: Phrase(
                        "applied on \(day), after the deadline \(end) (\(name))", "于 \(day) 申领，已过申领期限 \(end)（\(name)）"),
                    citation: deadline.deadline.citation))
        }
        return refusals
    }

    /// Why numbers name no day: "2022-02 has 28 days", "there is no month 13".
    static func notADay(_ parts: [ExactDecimal]) -> Phrase {
        guard let year = parts[0].integerValue, let month = parts[1].integerValue, parts[2].integerValue != nil else {
            return Phrase("a year, a month and a day are whole numbers", "年、月、日须为整数")
        }
        if !(1...9999).contains(year) { return Phrase("years run from 1 to 9999", "年份应在 1 至 9999 之间") }
        if !(1...12).contains(month) { return Phrase("there is no month \(month)", "没有\(month)月") }
        let days = CalendarDate.daysIn(month: month, year: year)
        return Phrase("\(year)-\(month < 10 ? "0" : "")\(month) has \(days) days", "\(year)年\(month)月只有\(days)天")
    }
}
