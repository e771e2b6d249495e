// A claim: who asks for what, when and where, and the facts that price it. Decoding checks
// the claim's own shape (fields, date, jurisdiction); the facts are checked against the
// inputs of the policy that the claim's date and jurisdiction select (`Engine`).

package struct Claim: Sendable {
    package var id: String
    package var date: CalendarDate
    /// Outermost first: ["山西省", "晋城市", "陵川县"].
    package var jurisdiction: [String]
    package var program: String
    package var facts: [Fact]
    /// When the claim was applied for (`applied`); without it, the claim date stands for it.
    package var applied: CalendarDate?

    package init(
        id: String, date: CalendarDate, jurisdiction: [String], program: String, facts: [Fact], applied: CalendarDate? = nil
    ) {
        self.id = id
        self.date = date
        self.jurisdiction = jurisdiction
        self.program = program
        self.facts = facts
        self.applied = applied
    }

    /// A date fact as the claim gives it, read as a date; nil when the claim does not give it or
    /// it is not one (the facts' own check says so).
    package func dateFact(_ name: String) -> CalendarDate? {
        guard let fact = facts.first(where: { $0.name == name }), case .text(let text) = fact.value else { return nil }
        return CalendarDate(written: text.trimmed)
    }
}

/// One fact as the claim gives it, before the policy says what type it should have.
package struct Fact: Sendable {
    package enum Value: Sendable, Equatable {
        /// Exact decimal text.
        case number(String)
        case text(String)
        case bool(Bool)
    }

    package let name: String
    package let value: Value

    package init(name: String, value: Value) {
        self.name = name
        self.value = value
    }
}

/// What is wrong with a claim, in words a claims officer can act on.
package struct ClaimProblem: Error, Sendable, Equatable {
    package let message: Phrase

    package init(_ message: Phrase) {
        self.message = message
    }
}

extension Claim {
    static let fields = ["id", "date", "jurisdiction", "program", "facts", "applied"]

    /// Decodes a claim from JSON text, reporting every problem with its shape at once.
    /// When the id can be read it is returned alongside the problems, so a result can name it.
    package static func decode(json bytes: [UInt8]) -> Result<Claim, ClaimProblems> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let located = error.located
            return .failure(
                ClaimProblems(
                    id: nil,
                    problems: [ClaimProblem(message("the claim is not valid JSON: \(located)", "申领不是有效的 JSON：\(located)"))]
                ))
        }
        return decode(value)
    }

    package static func decode(_ value: JSONValue) -> Result<Claim, ClaimProblems> {
        guard case .object(let members) = value else {
            return .failure(
                ClaimProblems(
                    id: nil,
                    problems: [
                        ClaimProblem(
                            message(
                                "a claim is a JSON object with \(fields.joined(separator: ", "))",
                                "申领应为含有\(fields.joined(separator: "、"))的 JSON 对象"))
                    ]))
        }
        var problems: [ClaimProblem] = []
        for member in members where !fields.contains(member.key) {
            let suggestion =
                closest(to: member.key, among: fields).map { message("; did you mean \"\($0)\"?", "；是否应为“\($0)”？") } ?? .empty
            problems.append(
                ClaimProblem(
                    message(
                        "the claim has a field \"\(member.key)\" that claims do not have\(suggestion) (fields: \(fields.joined(separator: ", ")))",
                        "申领含有未定义的字段“\(member.key)”\(suggestion)（申领的字段为：\(fields.joined(separator: "、"))）")))
        }
        func text(_ field: String, _ what: Phrase) -> String? {
            switch value[field] {
            case .string(let text)? where !text.isEmpty: return text
            case .number(let text)? where field == "id": return text
            case nil:
                problems.append(ClaimProblem(message("the claim has no \"\(field)\" (\(what))", "申领缺少“\(field)”（\(what)）")))
            default:
                problems.append(ClaimProblem(message("the claim's \"\(field)\" should be \(what)", "申领的“\(field)”应为\(what)")))
            }
            return nil
        }
        let id = text("id", message("the claim's identifier, as text", "以文本书写的申领编号"))
        let dateText = text(
            "date", message("the date of the training or certificate, as \"YYYY-MM-DD\"", "按“YYYY-MM-DD”书写的培训或取证日期"))
        let jurisdictionText = text(
            "jurisdiction", message("where the claim is made, e.g. \"山西省/晋城市/陵川县\"", "申领所在的辖区，如“山西省/晋城市/陵川县”"))
        let program = text(
            "program", message("the name of the program claimed, as the policy names it", "所申领项目的名称，与政策中的名称一致"))
        var date: CalendarDate?
        if let dateText {
            date = CalendarDate(written: dateText.trimmed)
            if date == nil { problems.append(ClaimProblem(dateProblem(dateText))) }
        }
        var applied: CalendarDate?
        switch value["applied"] {
        case nil, .null?: break
        case .string(let text)?:
            applied = CalendarDate(written: text.trimmed)
            if applied == nil { problems.append(ClaimProblem(dateProblem(text, of: appliedSubject))) }
        case let other?:
            problems.append(
                ClaimProblem(
                    message(
                        "the claim's \"applied\" should be the date it was applied for, as \"YYYY-MM-DD\", not \(other.kindName)",
                        "申领的“applied”应为按“YYYY-MM-DD”书写的申领日期，而不是\(other.kindName)")))
        }
        var facts: [Fact] = []
        switch value["facts"] {
        case .object(let members)?:
            for member in members {
                switch member.value {
                case .number(let number): facts.append(Fact(name: member.key, value: .number(number)))
                case .string(let text): facts.append(Fact(name: member.key, value: .text(text)))
                case .bool(let flag): facts.append(Fact(name: member.key, value: .bool(flag)))
                default:
                    problems.append(
                        ClaimProblem(
                            message(
                                "the fact \(member.key) should be a number, text or true/false, not \(member.value.kindName)",
                                "事实\(member.key)应为数值、文本或 true/false，而不是\(member.value.kindName)")))
                }
            }
        case nil:
            problems.append(
                ClaimProblem(
                    message(
                        "the claim has no \"facts\" (an object of the facts the program needs)", "申领缺少“facts”（由项目所需事实组成的对象）")))
        case let other?:
            problems.append(
                ClaimProblem(
                    message(
                        "the claim's \"facts\" should be an object, not \(other.kindName)", "申领的“facts”应为对象，而不是\(other.kindName)")
                ))
        }
        guard problems.isEmpty, let id, let date, let jurisdictionText, let program else {
            return .failure(ClaimProblems(id: id, problems: problems))
        }
        return .success(
            Claim(
                id: id, date: date, jurisdiction: jurisdictionPath(jurisdictionText), program: program, facts: facts,
                applied: applied))
    }

    /// How a problem names the application date: the claim's `applied`.
    static let appliedSubject = message("the claim's application date (applied)", "申领日期（applied）")

    static func jurisdictionPath(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "/" || $0 == "／" }).map { String($0).trimmed }
    }

    /// What is wrong with a date that does not read as one: the claim's date, or another date
    /// `subject` names ("the fact 开班日期").
    static func dateProblem(_ text: String, of subject: Phrase? = nil) -> Phrase {
        let subject = subject ?? message("the claim's date", "业务日期")
        if let (year, month, day) = CalendarDate.numbers(written: text.trimmed) {
            if !(1...9999).contains(year) {
                return message(
                    "\(subject) \(text) is outside the calendar: years run from 1 to 9999",
                    "\(subject)\(text)超出了日历的范围：年份应在 1 至 9999 之间")
            }
            if !(1...12).contains(month) {
                return message("\(subject) \(text) has no month \(month)", "\(subject)\(text)中的月份\(month)不存在")
            }
            let days = CalendarDate.daysIn(month: month, year: year)
            if !(1...days).contains(day) {
                let yearMonth = "\(year)-\(month < 10 ? "0" : "")\(month)"
                return message(
                    "\(subject) \(text) is not a day: \(yearMonth) has \(days) days",
                    "\(subject)\(text)不是有效的日期：\(yearMonth)只有\(days)天")
            }
        }
        return message(
            "\(subject) \"\(text)\" should be written YYYY-MM-DD or 2022年6月1日, e.g. 2022-06-01",
            "\(subject)“\(text)”应按 YYYY-MM-DD 或“2022年6月1日”的格式书写，如 2022-06-01")
    }
}

/// A claim that could not be read, with its id when the id itself was readable.
package struct ClaimProblems: Error, Sendable {
    package let id: String?
    package let problems: [ClaimProblem]
}

extension JSONValue {
    var kindName: Phrase {
        switch self {
        case .object: message("an object", "对象")
        case .array: message("a list", "列表")
        case .string: message("text", "文本")
        case .number: message("a number", "数值")
        case .bool: Phrase(verbatim: "true/false")
        case .null: Phrase(verbatim: "null")
        }
    }
}

extension String {
    package var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

// MARK: - Percent

extension ExactDecimal {
    /// A percent fact as a claim gives it (80, meaning 80%) as the value the policy computes with
    /// (0.8): exact, by moving the decimal point.
    @inline(__always)
    package static func fromPercentFigure(_ figure: ExactDecimal) -> ExactDecimal {
        ExactDecimal(significand: figure.significand, exponent: figure.exponent - 2)
    }

    /// A percent value (0.8) as the figure a result writes (80); the value itself past the range.
    package var percentFigure: ExactDecimal { (try? ExactDecimal.multiplying(self, ExactDecimal(100))) ?? self }
}
