// The checker's messages about time: deciding dates, deadlines and dates made from numbers.

extension Messages {
    static func datedInput(
        _ file: SourceFile, _ range: SourceRange, _ name: String, program: String, found: Phrase?, suggestion: String?
    ) -> Diagnostic {
        let what =
            found.map {
                message(
                    "\(program) is dated by \(name), which is \($0), not a date input",
                    "\(program)按“\(name)”选择政策，但“\(name)”是\($0)，不是日期输入")
            }
            ?? message(
                "\(program) is dated by \(name), but no input of that name is declared",
                "\(program)按“\(name)”选择政策，但没有声明名为“\(name)”的输入")
        return Diagnostic(
            .error, .datedInput, what, file: file, range: range,
            hint: suggestion.map { message("did you mean \($0)?", "是否应为\($0)？") }
                ?? message(
                    "`dated` names an input of type date the claim gives, e.g. `input 评价日期: date`",
                    "“按日期”后应为申领所给出的日期输入，如“输入 评价日期: 日期”"))
    }

    static func deadlineProgram(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, .deadlineProgram,
            message(
                "a deadline applies to programs, and \(name) is not a program of this policy",
                "申领期限适用于项目，而“\(name)”不是本政策的项目"),
            file: file, range: range, hint: suggestion.map { message("did you mean '\($0)'?", "是否应为“\($0)”？") })
    }

    static func deadlinePrograms(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .deadlinePrograms,
            message(
                "the programs of a deadline give one type: \(expected), but this one gives \(found)",
                "申领期限所适用的各项目须得出同一类型：\(expected.name)，但此项目得出的是\(found.name)"),
            file: file, range: range)
    }

    static func deadlineDate(_ file: SourceFile, _ range: SourceRange, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, .deadlineDate,
            message("a deadline's `until` is a date, found \(found)", "申领期限的“截至”应为日期，实为\(found.name)"), file: file,
            range: range, primaryLabel: found.name,
            hint: message(
                "write the last day to apply, e.g. `until date(counting year, 12, 31)` or `until 2022-12-31`",
                "请写明申领的最后一天，如“截至 日期(计数年度, 12, 31)”或“截至 2022-12-31”"))
    }

    /// `date(2022, 2, 30)` with constant arguments that name no day.
    static func dateFromNumbers(_ file: SourceFile, _ range: SourceRange, year: Int, month: Int, day: Int) -> Diagnostic {
        invalidDate(file, range, year: year, month: month, day: day)
    }
}
