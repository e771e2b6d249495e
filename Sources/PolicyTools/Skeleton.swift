// `policy new`: the skeleton of a successor file. The header is filled in from what it succeeds
// (jurisdiction, the predecessor, the newest parent, a period starting the day after the
// predecessor's ends), and the body lists, as comments in the file's own keyword set, what can be
// changed and how: the predecessor's tables, enums, programs and limits by name.

import PolicyLanguage

package struct SuccessorSkeleton {
    package let name: String
    package let predecessor: PolicyLibrary.Entry
    /// The parent to name with `extends`, when it is not the predecessor's own.
    package let newParent: PolicyInfo?
    package let period: Period
    package let keywords: KeywordSet

    package enum Problem: Error {
        case unknownPredecessor(String, suggestion: String?)
        case unknownParent(String, suggestion: String?)
        case nameTaken(String)
        /// The predecessor has no end, so no day follows it.
        case openEnded(String)
    }

    /// The skeleton of `name`, the next version of `predecessor`: its parent is `parent`, or the
    /// newest policy built on the predecessor's parent (the one that took force last among those
    /// whose layers include it).
    package static func make(
        name: String, succeeding predecessorName: String, extends parentName: String?, keywords: KeywordSet?,
        in library: PolicyLibrary
    ) -> Result<SuccessorSkeleton, Problem> {
        let names = library.entries.map(\.info.name)
        guard library.entry(named: name) == nil else { return .failure(.nameTaken(name)) }
        guard let predecessor = library.entry(named: predecessorName) else {
            return .failure(.unknownPredecessor(predecessorName, suggestion: closest(to: predecessorName, among: names)))
        }
        guard !predecessor.info.period.isOpenEnded else { return .failure(.openEnded(predecessorName)) }
        let start = CalendarDate(dayNumber: predecessor.info.period.end.dayNumber + 1)
        let oldParent = predecessor.program.chain.dropFirst().first { $0.jurisdiction != predecessor.info.jurisdiction }
        var parent: PolicyInfo?
        if let parentName {
            guard let named = library.entry(named: parentName) else {
                return .failure(.unknownParent(parentName, suggestion: closest(to: parentName, among: names)))
            }
            parent = named.info
        } else if let oldParent {
            // The newest policy built on the old parent: its next version, or the next one's.
            parent =
                library.entries
                .filter {
                    $0.info.jurisdiction == oldParent.jurisdiction && $0.program.chain.contains { $0.name == oldParent.name }
                }
                .map(\.info)
                .max { $0.period.start < $1.period.start }
        }
        // To the end of its first year, and no longer than the parent it falls back to.
        var last = CalendarDate(year: start.year, month: 12, day: 31)!
        if let parentEnd = parent?.period.end, parentEnd >= start, parentEnd < last { last = parentEnd }
        if last < start { last = start }
        let set = keywords ?? KeywordSet.of(predecessor.info.source.bytes)
        return .success(
            SuccessorSkeleton(
                name: name, predecessor: predecessor, newParent: parent?.name == oldParent?.name ? nil : parent,
                period: Period(start: start, end: last), keywords: set))
    }

    /// The file's text.
    package var text: String {
        let zh = keywords == .zh
        func word(_ keyword: Keyword) -> String { zh ? KeywordSet.chinese[keyword]! : keyword.rawValue }
        let old = predecessor.info
        let own = predecessor.program
        func owned<T>(_ items: [T], _ span: (T) -> SourceSpan, _ name: (T) -> String) -> [String] {
            items.filter { span($0).file === old.source }.map(name)
        }
        let tables = owned(own.tables, \.span, \.name).filter { name in own.tables.first { $0.name == name }?.isQuota == false }
        let programs = owned(own.rules, \.span, \.name).filter { name in own.programs[name] != nil }
        let limits = owned(own.limits, \.span, \.name)
        let list = { (names: [String]) in names.isEmpty ? (zh ? "（无）" : "(none)") : names.joined(separator: zh ? "、" : ", ") }
        let period = "\(period.start) \(word(.to)) \(period.end)"
        var lines = [
            zh
                ? "// \(name)：\(old.name)的下一版。只写变化之处，每处变化引用本文件的条款；其余一律沿用\(old.name)。"
                : "// \(name): the next version of \(old.name). Write only what changes, each change citing this"
        ]
        if !zh { lines.append("// document's clause; everything else is \(old.name)'s.") }
        lines += [
            "\(word(.policy)) \(name) {",
            "  \(word(.title)) \"\(zh ? "（标题）" : "(title)")\"",
            "  \(word(.document)) \"\(zh ? "（文号）" : "(document number)")\"",
            "  \(word(.jurisdiction)) \(old.jurisdictionPath)",
            "  \(word(.succeeds)) \(old.name)",
        ]
        if let parent = newParent { lines.append("  \(word(.extends)) \(parent.name)") }
        lines.append("  \(zh ? "施行" : "in force") \(period)")
        lines.append("}")
        lines.append("")
        if zh {
            lines += [
                "// 改表：同键的行替换原行，新键的行增加，“\(word(.remove)) 键”删去一行。可改的表：\(list(tables))",
                "// \(word(.amend)) \(word(.table)) 表名 \(word(.cite)) \"条款\" {",
                "//   （表头，同原表）",
                "//   （改动或新增的行）",
                "//   \(word(.remove)) （键）",
                "// }",
                "",
                "// 给枚举增加取值：\(word(.amend)) \(word(.enum)) 枚举名 { 新取值 }",
                "",
                "// 重新定义规则或项目：写出同名的\(word(.rule))或\(word(.program))。现有项目：\(list(programs))",
                "",
                "// 废止项目或限额：\(word(.repeal)) \(word(.program)) 项目名 \(word(.cite)) \"条款\"。现有限额：\(list(limits))",
                "",
                "// \(old.name)的测试在本政策下照样运行；结果因本次修改而变化的，请重写同名测试，或“\(word(.repeal)) \(word(.test)) \"名称\"”。",
            ]
        } else {
            lines += [
                "// Change a table: a row with an existing key replaces it, a new key adds a row, `remove KEY`",
                "// drops one. Tables: \(list(tables))",
                "// amend table NAME cite \"CLAUSE\" {",
                "//   (the header, as in the table)",
                "//   (changed or added rows)",
                "//   remove (KEY)",
                "// }",
                "",
                "// Add cases to an enum: amend enum NAME { NEW CASE }",
                "",
                "// Redefine a rule or program: declare it again by name. Programs: \(list(programs))",
                "",
                "// Repeal a program or limit: repeal program NAME cite \"CLAUSE\". Limits: \(list(limits))",
                "",
                "// \(old.name)'s worked examples run against this policy too; restate one whose outcome your",
                "// changes move (a test of the same name), or retire it with repeal test \"NAME\".",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
