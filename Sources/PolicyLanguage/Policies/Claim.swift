// A claim: who asks for what, when and where, and the facts that price it. Decoding checks
// the claim's own shape (fields, date, jurisdiction); the facts are checked against the
// inputs of the policy that the claim's date and jurisdiction select (`Engine`).

public struct Claim: Sendable {
    public var id: String
    public var date: CalendarDate
    /// Outermost first: ["山西省", "晋城市", "陵川县"].
    public var jurisdiction: [String]
    public var program: String
    public var facts: [Fact]

    public init(id: String, date: CalendarDate, jurisdiction: [String], program: String, facts: [Fact]) {
        self.id = id
        self.date = date
        self.jurisdiction = jurisdiction
        self.program = program
        self.facts = facts
    }
}

/// One fact as the claim gives it, before the policy says what type it should have.
public struct Fact: Sendable {
    public enum Value: Sendable, Equatable {
        /// Exact decimal text.
        case number(String)
        case text(String)
        case bool(Bool)
    }

    public let name: String
    public let value: Value

    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }
}

/// What is wrong with a claim, in words a claims officer can act on.
public struct ClaimProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension Claim {
    static let fields = ["id", "date", "jurisdiction", "program", "facts"]

    /// Decodes a claim from JSON text, reporting every problem with its shape at once.
    /// When the id can be read it is returned alongside the problems, so a result can name it.
    public static func decode(json bytes: [UInt8]) -> Result<Claim, ClaimProblems> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .failure(ClaimProblems(id: nil, problems: [ClaimProblem("the claim is not valid JSON: \(error)")]))
        }
        return decode(value)
    }

    public static func decode(_ value: JSONValue) -> Result<Claim, ClaimProblems> {
        guard case .object(let members) = value else {
            return .failure(
                ClaimProblems(
                    id: nil,
                    problems: [
                        ClaimProblem(
                            "a claim is a JSON object with \(fields.joined(separator: ", "))")
                    ]))
        }
        var problems: [ClaimProblem] = []
        for member in members where !fields.contains(member.key) {
            let suggestion = closest(to: member.key, among: fields).map { "; did you mean \"\($0)\"?" } ?? ""
            problems.append(
                ClaimProblem(
                    "the claim has a field \"\(member.key)\" that claims do not have\(suggestion) (fields: \(fields.joined(separator: ", ")))"
                ))
        }
        func text(_ field: String, _ what: String) -> String? {
            switch value[field] {
            case .string(let text)? where !text.isEmpty: return text
            case .number(let text)? where field == "id": return text
            case nil: problems.append(ClaimProblem("the claim has no \"\(field)\" (\(what))"))
            default: problems.append(ClaimProblem("the claim's \"\(field)\" should be \(what)"))
            }
            return nil
        }
        let id = text("id", "the claim's identifier, as text")
        let dateText = text("date", "the date of the training or certificate, as \"YYYY-MM-DD\"")
        let jurisdictionText = text("jurisdiction", "where the claim is made, e.g. \"山西省/晋城市/陵川县\"")
        let program = text("program", "the name of the program claimed, as the policy names it")
        var date: CalendarDate?
        if let dateText {
            date = CalendarDate(iso: dateText)
            if date == nil { problems.append(ClaimProblem(dateProblem(dateText))) }
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
                            "the fact \(member.key) should be a number, text or true/false, not \(member.value.kindName)"))
                }
            }
        case nil:
            problems.append(ClaimProblem("the claim has no \"facts\" (an object of the facts the program needs)"))
        case let other?:
            problems.append(ClaimProblem("the claim's \"facts\" should be an object, not \(other.kindName)"))
        }
        guard problems.isEmpty, let id, let date, let jurisdictionText, let program else {
            return .failure(ClaimProblems(id: id, problems: problems))
        }
        return .success(
            Claim(
                id: id, date: date, jurisdiction: jurisdictionPath(jurisdictionText), program: program, facts: facts))
    }

    static func jurisdictionPath(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "/" || $0 == "／" }).map { String($0).trimmed }
    }

    static func dateProblem(_ text: String) -> String {
        let parts = text.split(separator: "-")
        if parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
            if !(1...12).contains(month) { return "the claim's date \(text) has no month \(month)" }
            if year >= 1 {
                return
                    "the claim's date \(text) is not a day: \(year)-\(parts[1]) has \(CalendarDate.daysIn(month: month, year: year)) days"
            }
            _ = day
        }
        return "the claim's date \"\(text)\" should be written YYYY-MM-DD, e.g. 2022-06-01"
    }
}

/// A claim that could not be read, with its id when the id itself was readable.
public struct ClaimProblems: Error, Sendable {
    public let id: String?
    public let problems: [ClaimProblem]
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string: "text"
        case .number: "a number"
        case .bool: "true/false"
        case .null: "null"
        }
    }
}

extension String {
    var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
