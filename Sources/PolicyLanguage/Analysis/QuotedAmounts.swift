// Comments that quote an amount the declaration below them does not hold: a document's amount
// quoted above a table whose row was later raised. The heuristic, kept simple so that an officer
// can predict it:
// - A declaration is a rule, a program, an input (an `open` parameter) or a table of the policy's
//   own file. Declarations written on consecutive lines, with no blank line or comment between
//   them, are one group: a comment above the first describes them all (two `open` parameters
//   under one quotation of both).
// - The comment of a group is the block of `//` lines directly above its first line.
// - A quoted amount is an Arabic number (`1200`, `1,200`, `0.5`) followed, spaces allowed, by a
//   money unit: `元`, `万元` (× 10000), `亿元` (× 100000000) or `yuan`. Numbers in Chinese
//   numerals, and numbers with any other unit or none (a percentage, a number of months), are
//   not amounts.
// - The amounts of a group are its money constants: the numbers of a rule's body whose unit
//   involves yuan (`10 yuan/day`, `at most 100 yuan`), a table's cells in such columns, an
//   input's bounds. A group without any is not compared (a comment may quote the document's
//   ceiling above a rate the claim gives).
// - A quoted amount is stale when it is none of the group's amounts and none of the amounts of
//   the definitions of the same names the group replaces (a comment may say what it changes,
//   quoting the parent's ceiling it narrows).

struct QuotedAmounts {
    let program: Program

    /// A declaration of the policy's own file: its name, lines, and the money it holds.
    private struct Declaration {
        let name: String
        let firstLine: Int
        let lastLine: Int
        let amounts: [(value: ExactDecimal, type: ValueType)]
    }

    func review() -> [Diagnostic] {
        let own = program.policy.source
        var declarations: [Declaration] = []
        func add(_ name: String, _ range: SourceRange, _ amounts: [(ExactDecimal, ValueType)]) {
            let first = own.location(of: range.start).line
            let last = own.location(of: max(range.start, range.end - 1)).line
            declarations.append(Declaration(name: name, firstLine: first, lastLine: last, amounts: amounts))
        }
        for rule in program.rules where rule.policy == program.policy.name && rule.span.file === own {
            add(rule.name, rule.span.range, Self.amounts(in: rule.body))
        }
        for table in program.tables where table.span.file === own {
            add(table.name, table.span.range, Self.amounts(in: table))
        }
        for input in program.inputs where input.policy == program.policy.name && input.span.file === own {
            add(input.name, input.span.range, Self.amounts(of: input))
        }
        declarations.sort { $0.firstLine < $1.firstLine }
        var groups: [[Declaration]] = []
        for declaration in declarations {
            if let last = groups.last?.last, declaration.firstLine == last.lastLine + 1 {
                groups[groups.count - 1].append(declaration)
            } else {
                groups.append([declaration])
            }
        }
        var diagnostics: [Diagnostic] = []
        let formatter = ValueFormatter(program: program)
        let parents = amountsOfParents()
        for group in groups {
            let amounts = group.flatMap(\.amounts)
            guard !amounts.isEmpty else { continue }
            var held = Set(amounts.map(\.value))
            for declaration in group { held.formUnion(parents[declaration.name] ?? []) }
            var line = group[0].firstLine - 1
            var quoted: [(value: ExactDecimal, range: SourceRange)] = []
            while line >= 1, let comment = Self.comment(own, line: line) {
                quoted.insert(contentsOf: Self.quotedAmounts(in: comment, at: own.lineStarts[line - 1]), at: 0)
                line -= 1
            }
            var seen: Set<ExactDecimal> = []
            for (value, range) in quoted where !held.contains(value) && seen.insert(value).inserted {
                diagnostics.append(
                    Messages.quotedAmount(
                        own, range, group.map(\.name), quoted: formatter.phrase(value, as: .quantity(.yuan)),
                        amounts: Self.listed(amounts, formatter)))
            }
        }
        return diagnostics
    }

    /// The first amounts of a group, each once, as a note lists them: at most ten, then `…`.
    private static func listed(_ amounts: [(value: ExactDecimal, type: ValueType)], _ formatter: ValueFormatter) -> [Phrase] {
        var listed: [Phrase] = []
        var seen: Set<Phrase> = []
        for (value, type) in amounts {
            let phrase = formatter.phrase(value, as: type)
            guard seen.insert(phrase).inserted else { continue }
            if listed.count == 10 { return listed + [Phrase(verbatim: "…")] }
            listed.append(phrase)
        }
        return listed
    }

    /// The amounts of the definitions of `name` in the policies this one extends: a rule, an
    /// input's bounds, a table.
    /// The amounts of every definition of the policies this one extends, by name: a rule's, an
    /// input's bounds, a table's cells.
    private func amountsOfParents() -> [String: [ExactDecimal]] {
        let own = program.policy.name
        var found: [String: [ExactDecimal]] = [:]
        for rule in program.rules where rule.policy != own {
            found[rule.name, default: []] += Self.amounts(in: rule.body).map(\.0)
        }
        for input in program.inputs where input.policy != own {
            found[input.name, default: []] += Self.amounts(of: input).map(\.0)
        }
        for table in program.tables where table.span.file !== program.policy.source {
            found[table.name, default: []] += Self.amounts(in: table).map(\.0)
        }
        return found
    }

    private static func isMoney(_ type: ValueType) -> Bool {
        if case .quantity(let unit) = type { return unit.involvesMoney }
        return false
    }

    /// The money constants of an expression, in the order they are written.
    private static func amounts(in node: Node) -> [(ExactDecimal, ValueType)] {
        var found: [(ExactDecimal, ValueType)] = []
        func visit(_ node: Node) {
            if case .constant(.number(let value)) = node.kind, isMoney(node.type) { found.append((value, node.type)) }
            node.forEachChild(visit)
        }
        visit(node)
        return found
    }

    private static func amounts(in table: Table) -> [(ExactDecimal, ValueType)] {
        let columns = table.columns.indices.filter { isMoney(table.columns[$0].type) }
        return table.rows.flatMap { row in
            columns.compactMap { column in
                guard case .number(let value) = row[column] else { return nil }
                return (value, table.columns[column].type)
            }
        }
    }

    private static func amounts(of input: Input) -> [(ExactDecimal, ValueType)] {
        guard isMoney(input.type) else { return [] }
        return [input.lower, input.upper].compactMap { $0.map { ($0, input.type) } }
    }

    /// The line's bytes if it is a comment line (`//` after spaces), else nil.
    private static func comment(_ file: SourceFile, line: Int) -> ArraySlice<UInt8>? {
        let start = file.lineStarts[line - 1]
        let end = line < file.lineStarts.count ? file.lineStarts[line] : file.bytes.count
        let bytes = file.bytes[start..<end]
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), first + 1 < end,
            bytes[first] == UInt8(ascii: "/"), bytes[first + 1] == UInt8(ascii: "/")
        else { return nil }
        return bytes
    }

    private static let units: [(bytes: [UInt8], scale: Int)] = [
        (Array("万元".utf8), 10000), (Array("亿元".utf8), 100_000_000), (Array("元".utf8), 1), (Array("yuan".utf8), 1),
    ]

    /// The amounts a comment line quotes, each with the range of its number and unit.
    static func quotedAmounts(in line: ArraySlice<UInt8>, at offset: Int) -> [(value: ExactDecimal, range: SourceRange)] {
        func isDigit(_ index: Int) -> Bool { index < line.endIndex && (0x30...0x39).contains(line[index]) }
        func isLetter(_ index: Int) -> Bool {
            index >= line.startIndex && index < line.endIndex
                && ((0x41...0x5A).contains(line[index]) || (0x61...0x7A).contains(line[index]))
        }
        var found: [(ExactDecimal, SourceRange)] = []
        var index = line.startIndex
        while index < line.endIndex {
            guard isDigit(index), index == line.startIndex || !(isDigit(index - 1) || isLetter(index - 1)) else {
                index += 1
                continue
            }
            let start = index
            var digits: [UInt8] = []
            while index < line.endIndex {
                if isDigit(index) {
                    digits.append(line[index])
                    index += 1
                } else if line[index] == UInt8(ascii: ","), isDigit(index + 1), isDigit(index + 2), isDigit(index + 3),
                    !isDigit(index + 4)
                {
                    index += 1
                } else if line[index] == UInt8(ascii: "."), isDigit(index + 1) {
                    digits.append(line[index])
                    index += 1
                } else {
                    break
                }
            }
            var unitStart = index
            while unitStart < line.endIndex, line[unitStart] == 0x20 { unitStart += 1 }
            for unit in units where line[unitStart...].starts(with: unit.bytes) {
                let end = unitStart + unit.bytes.count
                if unit.scale == 1, unit.bytes[0] == UInt8(ascii: "y"), isLetter(end) { continue }
                guard let number = try? ExactDecimal(parsing: String(decoding: digits, as: UTF8.self)),
                    let value = try? ExactDecimal.multiplying(number, ExactDecimal(unit.scale))
                else { break }
                found.append((value, SourceRange(start: offset + start - line.startIndex, end: offset + end - line.startIndex)))
                break
            }
        }
        return found
    }
}
