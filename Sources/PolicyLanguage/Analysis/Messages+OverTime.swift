// The messages of the deep checks of rules over time (OverTime.swift, QuotedAmounts.swift).

extension Messages {
    /// The notes of `outlives-parent` and `precedes-parent`: the programs that need the parent's
    /// rules, those only the parent prices and those of the policy itself that read them.
    static func needParent(_ parent: String, only: [String], reading: [String], own: String) -> [Phrase] {
        var notes: [Phrase] = []
        if !only.isEmpty {
            notes.append(
                message(
                    "only \(parent) prices \(only, separator: ", "): every claim for them is refused then",
                    "\(only, separator: "、")仅由\(parent)定价：其间的此类申领一律被拒绝"))
        }
        if !reading.isEmpty {
            notes.append(
                message(
                    "\(own)'s own \(reading, separator: ", ") \(reading.count == 1 ? "reads" : "read") rules of \(parent) (a fallback, `inherited`, a rule used): a claim that reaches them is refused then",
                    "\(own)的\(reading, separator: "、")读取\(parent)的规则（缺省值、`沿用`或所用的规则）：其间用到这些规则的申领将被拒绝"))
        }
        return notes
    }

    static func outlivesParent(_ policy: PolicyInfo, parent: PolicyInfo, from: CalendarDate, to: CalendarDate, affected: [Phrase])
        -> Diagnostic
    {
        // A policy with no end: the days from the parent's end on.
        let stretch =
            to == Period.lastDay
            ? message("from \(from) on", "自\(from)起") : message("from \(from) to \(to)", "自\(from)至\(to)")
        return Diagnostic(
            .warning, .outlivesParent,
            message(
                "\(policy.name) is in force after its parent \(parent.name) ends on \(parent.period.end): \(stretch), claims that need \(parent.name)'s rules are refused",
                "\(policy.name)在其上级政策\(parent.name)于\(parent.period.end)截止后仍在施行：\(stretch)，凡须适用\(parent.name)规则的申领均将被拒绝"
            ),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "make \(policy.name) extend the plan that succeeds \(parent.name), or end it when \(parent.name) ends",
                "请使\(policy.name)依据接替\(parent.name)的方案，或使其与\(parent.name)同时截止"),
            notes: affected
                + [
                    message(
                        "\(parent.name) is in \(verbatim: parent.source.path), in force \(parent.period.phrase)",
                        "\(parent.name)位于\(verbatim: parent.source.path)，施行期间为\(parent.period.phrase)")
                ])
    }

    static func precedesParent(_ policy: PolicyInfo, parent: PolicyInfo, to: CalendarDate, affected: [Phrase]) -> Diagnostic {
        Diagnostic(
            .note, .precedesParent,
            message(
                "\(policy.name) takes force on \(policy.period.start), before its parent \(parent.name) does on \(parent.period.start): until \(to), claims that need \(parent.name)'s rules are refused",
                "\(policy.name)自\(policy.period.start)起施行，早于其上级政策\(parent.name)的施行日\(parent.period.start)：至\(to)止，凡须适用\(parent.name)规则的申领均将被拒绝"
            ),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "until then \(policy.name)'s own rules decide alone; if an earlier plan of \(parent.name)'s jurisdiction applied then, add it to the library",
                "此前仅由\(policy.name)自身的规则裁定；如当时另有\(parent.name)所属辖区的早先方案施行，请将其加入政策库"),
            notes: affected)
    }

    static func testOutsidePeriod(
        _ file: SourceFile, _ range: SourceRange, _ name: String, date: CalendarDate, policy: PolicyInfo
    )
        -> Diagnostic
    {
        Diagnostic(
            .warning, .testOutsidePeriod,
            message(
                "the test \"\(name)\" is dated \(date), outside the period of \(policy.name) (\(policy.period.phrase))",
                "测试“\(name)”的日期\(date)不在\(policy.name)的施行期间（\(policy.period.phrase)）内"),
            file: file, range: range,
            hint: message(
                "no claim dated then is decided by \(policy.name); date the test within its period, or move it to the policy in force then",
                "该日期的申领不由\(policy.name)裁定；请将测试的日期改在其施行期间内，或将测试移至当时施行的政策"))
    }

    static func inheritedTestOutsidePeriod(_ name: String, of predecessor: String, date: CalendarDate, policy: PolicyInfo)
        -> Diagnostic
    {
        Diagnostic(
            .warning, .testOutsidePeriod,
            message(
                "the test \"\(name)\" that \(policy.name) inherits from \(predecessor) is dated \(date), outside the period of \(policy.name) (\(policy.period.phrase))",
                "\(policy.name)继承自\(predecessor)的测试“\(name)”日期为\(date)，不在\(policy.name)的施行期间（\(policy.period.phrase)）内"),
            file: policy.source, range: policy.nameRange,
            hint: message(
                "restate it in \(policy.name) with a date in its period (a test of the same name), or retire it there: repeal test \"\(name)\"",
                "请在\(policy.name)中以其施行期内的日期重写（同名测试），或在其中废止：废止 测试 \"\(name)\""))
    }

    /// The reason and clause of a dropped requirement: `"REASON" (DOCUMENT CLAUSE)`.
    private static func requirement(_ requirement: Analyzer.Requirement) -> Phrase {
        let reason = requirement.refusal.reason
        guard let citation = requirement.refusal.citation else {
            return Phrase("\"\(reason.english)\"", "“\(reason.chinese)”")
        }
        return Phrase("\"\(reason.english)\" (\(citation))", "“\(reason.chinese)”（\(citation)）")
    }

    static func droppedRequirement(
        _ rule: Rule, parent: String, dropped: [Analyzer.Requirement], why: Analyzer.DroppedRequirement
    )
        -> Diagnostic
    {
        let reasons = dropped.map(requirement)
        let list = reasons.dropFirst().reduce(reasons[0]) { $0 + Phrase(", ", "、") + $1 }
        let hint: Phrase
        var notes: [Phrase] = []
        switch why {
        case .predates(let start):
            notes.append(
                message(
                    "\(rule.policy) took force before \(parent) did (\(start)): its document was written before the requirement existed",
                    "\(rule.policy)早于\(parent)施行（\(parent)自\(start)起施行）：其文件成文时尚无此要求"))
            hint = message(
                "if the requirement binds \(rule.policy)'s claims once \(parent) is in force, restate the `require` or read `inherited`",
                "如\(parent)施行后此要求也约束\(rule.policy)的申领，请重新写明该`要求`或以`沿用`保留")
        case .restated:
            notes.append(
                message(
                    "\(rule.policy), a later plan of the same jurisdiction, states conditions of its own in \(verbatim: rule.citation.map(\.clause) ?? "its clause")",
                    "\(rule.policy)是同一辖区较新的方案，已在\(verbatim: rule.citation.map(\.clause) ?? "其条款")中自行规定条件"))
            hint = message(
                "if the document still has \(parent)'s condition, restate the `require` or read `inherited`",
                "如文件仍保留\(parent)的条件，请重新写明该`要求`或以`沿用`保留")
        case .unexplained:
            hint = message(
                "keep it by reading `inherited` in this definition, or restate the `require`", "请在此定义中以`沿用`保留它，或重新写明该`要求`")
        }
        let places = dropped.map {
            message(
                "\(parent)'s requirement is at \(verbatim: $0.place.description)",
                "\(parent)的要求位于\(verbatim: $0.place.description)")
        }
        let isNote: Bool
        if case .unexplained = why { isNote = false } else { isNote = true }
        return Diagnostic(
            isNote ? .note : .warning, .droppedRequirement,
            message(
                "this definition of \(rule.name) drops what \(parent)'s definition requires: \(list)",
                "此处对\(rule.name)的定义去掉了\(parent)的定义所要求的：\(list)"),
            file: rule.span.file, range: rule.nameRange, hint: hint, notes: places + notes)
    }

    /// `names`: the declarations under the comment, one or a group written on consecutive lines.
    static func quotedAmount(_ file: SourceFile, _ range: SourceRange, _ names: [String], quoted: Phrase, amounts: [Phrase])
        -> Diagnostic
    {
        let list = amounts.dropFirst().reduce(amounts[0]) { $0 + Phrase(", ", "、") + $1 }
        return Diagnostic(
            .warning, .quotedAmount,
            message(
                "the comment above \(names, separator: ", ") quotes \(quoted), an amount \(names.count == 1 ? "it does" : "they do") not hold",
                "\(names, separator: "、")上方的注释引用了\(quoted)，而其中没有这一金额"),
            file: file, range: range,
            hint: message(
                "if the document was amended, quote the amended text in the comment; if the comment is right, check the amounts below it",
                "文件如有修订，请在注释中引用修订后的原文；注释无误的，请核对其下方的金额"),
            notes: [message("the amounts below it are \(list)", "其下方的金额为\(list)")])
    }
}
