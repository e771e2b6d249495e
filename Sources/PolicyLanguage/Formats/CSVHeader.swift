// Claims in CSV: a header row names the columns, the claim's own fields in English or Chinese
// and every other column a fact, named as the policies name their inputs. The batch reads the
// facts from bytes (`EntryPlan`); the tools read a record as a `Claim`.

/// Which column holds what. The claim's own fields may be named in English or Chinese; every other
/// column is a fact, named as the policies name their inputs.
package struct CSVHeader {
    package let names: [String]
    package var id = -1
    package var date = -1
    package var jurisdiction = -1
    package var program = -1
    /// The application date's column, which a header may leave out; -1 then.
    package var applied = -1
    package var problems: [Phrase] = []

    static let roles: [(role: String, names: [String])] = [
        ("id", ["id", "编号"]), ("date", ["date", "日期"]), ("jurisdiction", ["jurisdiction", "地区"]), ("program", ["program", "项目"]),
        ("applied", ["applied", "申领日期"]),
    ]

    package init(names: [String]) {
        self.names = names.map(\.trimmed)
        var seen: Set<String> = []
        for (index, name) in self.names.enumerated() {
            if !seen.insert(name).inserted {
                problems.append(message("the header names the column \(name) twice", "表头中列\(name)出现了两次"))
            }
            switch Self.roles.first(where: { $0.names.contains(name) })?.role {
            case "id": id = index
            case "date": date = index
            case "jurisdiction": jurisdiction = index
            case "program": program = index
            case "applied": applied = index
            default: break
            }
        }
        for (role, column) in [("id", id), ("date", date), ("jurisdiction", jurisdiction), ("program", program)] where column < 0
        {
            let names = Self.roles.first { $0.role == role }!.names
            problems.append(
                message(
                    "the header has no \(role) column (\(names.joined(separator: " or ")))",
                    "表头中没有\(names[1])列（列名为\(names.map { "“\($0)”" }.joined(separator: "或"))）"))
        }
    }

    package func isFact(_ column: Int) -> Bool {
        column != id && column != date && column != jurisdiction && column != program && column != applied
    }
}

extension CSVHeader {
    /// The claim a record of this header's width gives, its facts as text, as the batch reads it;
    /// nil when the header is not usable or the record has no usable date.
    package func claim(_ fields: [String]) -> Claim? {
        guard problems.isEmpty, fields.count == names.count, let date = CalendarDate(written: fields[self.date].trimmed) else {
            return nil
        }
        let facts = fields.indices.filter { isFact($0) && !fields[$0].isEmpty }.map {
            Fact(name: names[$0], value: .text(fields[$0]))
        }
        var applied: CalendarDate?
        if self.applied >= 0, !fields[self.applied].trimmed.isEmpty {
            guard let date = CalendarDate(written: fields[self.applied].trimmed) else { return nil }
            applied = date
        }
        return Claim(
            id: fields[id], date: date, jurisdiction: Claim.jurisdictionPath(fields[jurisdiction]), program: fields[program],
            facts: facts, applied: applied)
    }
}
