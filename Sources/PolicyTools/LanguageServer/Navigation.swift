// What a name is and where it is written: hover, go to definition and find references. A name is
// looked up in the checked program of the document's policy (its type, unit and citation), and
// its declarations are found in the files of the policy's chain, outermost first, so that a
// county's override leads to the province's definition it replaces.

import PolicyLanguage

extension LanguageServer {
    /// A declaration of a name in one layer of a chain.
    struct Declared {
        let policy: String
        let source: SourceFile
        let name: Identifier
        let declaration: Declaration?
    }

    /// The files of the document's policy chain, outermost first, the open buffers in place of
    /// their files; just the document when its policy has never checked.
    func layers(of document: Workspace.Document) -> (
        analysis: Workspace.Analysis?, entry: PolicyLibrary.Entry?, files: [(policy: String, source: SourceFile)]
    ) {
        guard let analysis = workspace.checkedAnalysis(of: document), let entry = analysis.entry(at: document.path) else {
            // A file that has never checked: its parent's chain, when the parent checks, under it.
            let analysis = workspace.analysis(of: document)
            let header = analysis.parse(document.source).header
            guard let link = header?.extends ?? header?.succeeds, let parent = analysis.library.entry(named: link.name) else {
                return (nil, nil, [(header?.name.name ?? "", document.source)])
            }
            let files = parent.program.chain.reversed().map { info in
                (info.name, analysis.sources[info.source.path] ?? info.source)
            }
            return (analysis, parent, files + [(header?.name.name ?? "", document.source)])
        }
        let files = entry.program.chain.reversed().map { info in
            (info.name, info.source.path == document.path ? document.source : analysis.sources[info.source.path] ?? info.source)
        }
        return (analysis, entry, files)
    }

    /// Where `name` is declared in each layer (an enum's case where a case is), outermost first.
    func declarations(of name: String, in files: [(policy: String, source: SourceFile)], analysis: Workspace.Analysis?)
        -> [Declared]
    {
        var found: [Declared] = []
        for (policy, source) in files {
            let file = analysis?.parse(source) ?? Parser.parse(source).0
            for declaration in file.declarations {
                if let identifier = declaration.name, identifier.name == name {
                    found.append(Declared(policy: policy, source: source, name: identifier, declaration: declaration))
                } else if case .enumeration(let enumeration) = declaration,
                    let identifier = enumeration.cases.first(where: { $0.name == name })
                {
                    found.append(Declared(policy: policy, source: source, name: identifier, declaration: nil))
                }
            }
        }
        return found
    }

    /// The name under a byte offset, with its range.
    func identifier(at offset: Int, in document: Workspace.Document) -> (name: String, range: SourceRange)? {
        for token in Lexer.tokenize(document.source).tokens where token.range.start <= offset && offset <= token.range.end {
            if case .identifier(let name) = token.kind { return (name, token.range) }
        }
        return nil
    }

    /// A table read under the cursor, `TABLE[KEY]` with the cursor on KEY (its first key): the
    /// table's name, and the row whose first key cell is KEY in the innermost layer that has one.
    func tableRow(
        at identifier: (name: String, range: SourceRange), in document: Workspace.Document,
        files: [(policy: String, source: SourceFile)], analysis: Workspace.Analysis?
    ) -> (table: String, policy: String, source: SourceFile, row: TableRow, header: [String])? {
        let tokens = Lexer.tokenize(document.source).tokens
        guard let index = tokens.firstIndex(where: { $0.range == identifier.range }), index >= 2,
            tokens[index - 1].isSymbol(.leftBracket), case .identifier(let table) = tokens[index - 2].kind
        else { return nil }
        for declared in declarations(of: table, in: files, analysis: analysis).reversed() {
            guard case .table(let declaration)? = declared.declaration else { continue }
            if let row = declaration.rows.first(where: { row in
                row.cells.first.map { declared.source.oneLineText(of: $0.range) } == identifier.name
            }) {
                return (table, declared.policy, declared.source, row, declaration.columns.map(\.name))
            }
        }
        return nil
    }

    // MARK: Hover

    func hover(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, offset) = try target(params), let identifier = identifier(at: offset, in: document) else {
            return .null
        }
        let (analysis, entry, files) = layers(of: document)
        if let read = tableRow(at: identifier, in: document, files: files, analysis: analysis) {
            // A table read: the row it reads, under the table's columns.
            let cells = read.row.cells.map { read.source.oneLineText(of: $0.range) }
            let pairs = zip(read.header, cells).map { "\($0) = \($1)" }.joined(separator: say(Phrase(", ", "，")))
            let value =
                say(Phrase("**row** of `\(read.table)` (\(read.policy)): ", "`\(read.table)`的**行**（\(read.policy)）："))
                + pairs
            return .object([
                "contents": .object(["kind": .string("markdown"), "value": .string(value)]),
                "range": document.source.lspRange(identifier.range),
            ])
        }
        let declared = declarations(of: identifier.name, in: files, analysis: analysis)
        let say = { (phrase: Phrase) in phrase.text(in: self.language) }
        var lines: [String] = []
        let name = identifier.name
        if let entry {
            lines.append(describe(name, in: entry.program))
            // A file that does not check is described by its parent's program: say so.
            if entry.info.source.path != document.path, !lines[0].isEmpty {
                lines[0] += say(Phrase(" (as \(entry.info.name) has it)", "（依\(entry.info.name)）"))
            }
        }
        if lines.first?.isEmpty ?? true {
            guard let last = declared.last else { return .null }
            lines = ["`\(name)`" + (last.declaration == nil ? say(Phrase(" (enum case)", "（枚举项）")) : "")]
        }
        if let last = declared.last {
            let comment = commentAbove(
                last.declaration?.range.start ?? last.name.range.start, in: last.source, analysis: analysis)
            if !comment.isEmpty { lines.append(comment) }
            if case .rule(let rule)? = last.declaration, let brackets = Self.brackets(in: rule.body) {
                // A tier schedule: its brackets as written.
                let rows = brackets.map { last.source.oneLineText(of: $0.span) }
                lines.append("```\n" + rows.joined(separator: "\n") + "\n```")
            }
            let own = files.last?.policy ?? ""
            let here = declared.filter { $0.policy == own && $0.source.path == document.path }
            let earlier = declared.filter { $0.policy != own }
            if !here.isEmpty, let parent = earlier.last {
                lines.append(say(Phrase("Overrides the definition in \(parent.policy)", "覆盖\(parent.policy)中的定义")))
            } else if here.isEmpty {
                lines.append(say(Phrase("Inherited from \(last.policy)", "继承自\(last.policy)")))
            } else {
                lines.append(say(Phrase("Defined in this policy", "本政策定义")))
            }
        }
        return .object([
            "contents": .object(["kind": .string("markdown"), "value": .string(lines.joined(separator: "\n\n"))]),
            "range": document.source.lspRange(identifier.range),
        ])
    }

    /// The brackets of the tier schedule a rule's value comes from, when it has one: looked for
    /// through requirements, caps, fallbacks, roundings and conditions.
    static func brackets(in expression: Expression) -> [Bracket]? {
        switch expression.kind {
        case .tiers(_, _, let brackets): return brackets
        case .require(_, let inner), .rounded(let inner, _), .unary(_, let inner): return brackets(in: inner)
        case .bound(_, let left, let right), .binary(_, let left, let right), .otherwise(let left, let right):
            return brackets(in: left) ?? brackets(in: right)
        case .conditional(_, let then, let otherwise): return brackets(in: then) ?? brackets(in: otherwise)
        default: return nil
        }
    }

    /// The first line of a hover: the kind of thing a name is, its type and its citation.
    private func describe(_ name: String, in program: Program) -> String {
        let say = { (phrase: Phrase) in phrase.text(in: self.language) }
        let cite = { (citation: Citation?) in
            citation.map { self.say(Phrase(" — cites ", " — 引用 ")) + "\($0.document) \($0.clause)" } ?? ""
        }
        let colon = say(Phrase(": ", "："))
        if let slot = program.ruleSlots[name] {
            let rule = program.rules[slot]
            let kind: Phrase =
                switch rule.kind {
                case .rule: Phrase("rule", "规则")
                case .program: Phrase("program", "项目")
                case .obligation: Phrase("obligation", "义务")
                }
            return "**\(say(kind))** `\(name)`\(colon)\(say(rule.type.name))" + cite(rule.citation)
        }
        if let slot = program.inputSlots[name] {
            let input = program.inputs[slot]
            let formatter = ValueFormatter(program: program, language: language)
            let kind = input.isOpen ? Phrase("open parameter", "待定参数") : Phrase("input", "输入")
            var range = ""
            switch (input.lower, input.upper) {
            case (let low?, let high?):
                range = say(
                    Phrase(
                        ", between \(formatter.format(low, as: input.type)) and \(formatter.format(high, as: input.type))",
                        "，介于 \(formatter.format(low, as: input.type)) 与 \(formatter.format(high, as: input.type))"))
            case (nil, let high?):
                range = say(
                    Phrase(", at most \(formatter.format(high, as: input.type))", "，至多 \(formatter.format(high, as: input.type))")
                )
            case (let low?, nil):
                range = say(
                    Phrase(", at least \(formatter.format(low, as: input.type))", "，至少 \(formatter.format(low, as: input.type))"))
            case (nil, nil): break
            }
            return "**\(say(kind))** `\(name)`\(colon)\(say(input.type.name))\(range)" + cite(input.citation)
        }
        if let table = program.tables.first(where: { $0.name == name }) {
            let kind = table.isQuota ? Phrase("quota", "任务表") : Phrase("table", "表")
            let columns = table.columns.map { "\($0.name) (\(say($0.type.name)))" }.joined(separator: ", ")
            let rows = say(Phrase("\(table.rows.count) rows", "\(table.rows.count) 行"))
            return "**\(say(kind))** `\(name)`\(colon)\(columns)\(say(Phrase("; ", "；")))\(rows)" + cite(table.citation)
        }
        if let type = program.enums.first(where: { $0.name == name }) {
            return "**\(say(Phrase("enum", "枚举")))** `\(name)`\(colon)" + type.cases.joined(separator: ", ")
        }
        if let type = program.enums.first(where: { $0.ordinal(of: name) != nil }) {
            return "**\(say(Phrase("enum case", "枚举项")))** `\(name)` " + say(Phrase("of \(type.name)", "属于\(type.name)"))
        }
        if let limit = program.limits.first(where: { $0.name == name }) {
            return "**\(say(Phrase("limit", "限额")))** `\(name)`" + cite(limit.citation)
        }
        if let deadline = program.deadlines.first(where: { $0.name == name }) {
            return "**\(say(Phrase("deadline", "申领期限")))** `\(name)`" + cite(deadline.citation)
        }
        if let schedule = program.milestones.first(where: { $0.name == name }) {
            return "**\(say(Phrase("milestones", "进度")))** `\(name)`" + cite(schedule.citation)
        }
        return ""
    }

    func say(_ phrase: Phrase) -> String { phrase.text(in: language) }

    /// The comment block on the lines just above a declaration, without its `//`.
    func commentAbove(_ offset: Int, in source: SourceFile, analysis: Workspace.Analysis?) -> String {
        let comments = (analysis?.parse(source) ?? Parser.parse(source).0).comments.filter { !$0.trailing }
        var line = source.location(of: offset).line - 1
        var texts: [String] = []
        for comment in comments.reversed() where comment.range.start < offset {
            let at = source.location(of: comment.range.start).line
            if at > line { continue }
            guard at == line else { break }
            var text = Substring(comment.text)
            if text.hasPrefix("//") { text = text.dropFirst(2) }
            if text.hasPrefix(" ") { text = text.dropFirst() }
            texts.append(String(text))
            line -= 1
        }
        return texts.reversed().joined(separator: "\n")
    }

    // MARK: Definition and references

    func definition(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, offset) = try target(params), let identifier = identifier(at: offset, in: document) else {
            return .null
        }
        let (analysis, _, files) = layers(of: document)
        if let read = tableRow(at: identifier, in: document, files: files, analysis: analysis) {
            return .object(["uri": .string(uri(of: read.source.path)), "range": read.source.lspRange(read.row.range)])
        }
        let declared = declarations(of: identifier.name, in: files, analysis: analysis)
        // On a declaration that overrides an inherited one: the one it overrides.
        if let index = declared.firstIndex(where: { $0.source.path == document.path && $0.name.range == identifier.range }) {
            guard index > 0 else { return location(declared[index]) }
            return location(declared[index - 1])
        }
        return declared.last.map(location) ?? .null
    }

    private func location(_ declared: Declared) -> JSONValue {
        .object([
            "uri": .string(uri(of: declared.source.path)), "range": declared.source.lspRange(declared.name.range),
        ])
    }

    /// The URI of a path: the open document's own when it is open.
    func uri(of path: String) -> String {
        workspace.documents.values.first { $0.path == path }?.uri ?? DocumentURI.uri(of: path)
    }

    func references(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, offset) = try target(params), let identifier = identifier(at: offset, in: document) else {
            return .null
        }
        let includeDeclaration = params["context"]?["includeDeclaration"] != .bool(false)
        let (analysis, _, files) = layers(of: document)
        let declared = declarations(of: identifier.name, in: files, analysis: analysis)
        // Every policy whose chain holds the outermost declaration's policy: it and the ones on top of it.
        var sources: [SourceFile] = files.map(\.source)
        // The policies beside it on disk, and every open document's (a county below a province
        // is checked in its own directory).
        if let outermost = declared.first?.policy {
            let analyses =
                [analysis].compactMap { $0 } + workspace.documents.values.sorted { $0.uri < $1.uri }.map(workspace.analysis)
            for analysis in analyses {
                for entry in analysis.library.entries where entry.program.chain.contains(where: { $0.name == outermost }) {
                    sources.append(analysis.sources[entry.info.source.path] ?? entry.info.source)
                }
            }
        }
        var seen: Set<String> = []
        var results: [JSONValue] = []
        let declarationRanges = Set(declared.map { "\($0.source.path)#\($0.name.range.start)" })
        for source in sources.sorted(by: { $0.path < $1.path }) where seen.insert(source.path).inserted {
            for token in Lexer.tokenize(source).tokens where token.kind == .identifier(identifier.name) {
                if !includeDeclaration, declarationRanges.contains("\(source.path)#\(token.range.start)") { continue }
                results.append(.object(["uri": .string(uri(of: source.path)), "range": source.lspRange(token.range)]))
            }
        }
        return .array(results)
    }
}
