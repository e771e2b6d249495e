// What helps while writing: completion, formatting (`policy fmt` on the whole document), the
// outline, quick fixes for diagnostics that say exactly what to write, and code lenses that run
// the worked examples.

import PolicyLanguage

extension LanguageServer {
    // MARK: Completion

    /// The protocol's kinds of completion item.
    private enum ItemKind: Int {
        case function = 3, variable = 6, module = 9, unit = 11, enumeration = 13, keyword = 14, enumMember = 20, structure = 22
    }

    func completion(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, offset) = try target(params) else { return .null }
        let lexed = Lexer.tokenize(document.source)
        let program = layers(of: document).entry?.program
        var items: [(label: String, kind: ItemKind, detail: String?)] = []
        // After `NAME ==`, `NAME !=` or `ENUM.`, where NAME is of an enum type: its cases alone.
        let before = lexed.tokens.filter { $0.range.end < offset || ($0.range.end == offset && !Self.isName($0)) }
        if let program, before.count >= 2, case .symbol(let symbol) = before[before.count - 1].kind,
            [.equalEqual, .notEqual, .dot].contains(symbol), case .identifier(let subject) = before[before.count - 2].kind,
            let type = enumType(of: subject, in: program)
        {
            items = type.cases.map { ($0, .enumMember, type.name) }
        } else {
            if let program {
                for rule in program.rules {
                    items.append((rule.name, rule.kind == .rule ? .function : .module, say(rule.type.name)))
                }
                for input in program.inputs { items.append((input.name, .variable, say(input.type.name))) }
                for table in program.tables { items.append((table.name, .structure, nil)) }
                for type in program.enums {
                    items.append((type.name, .enumeration, nil))
                    items += type.cases.map { ($0, .enumMember, type.name) }
                }
            }
            let units: [Keyword] = [
                .yuan, .day, .days, .month, .months, .hour, .hours, .person, .persons, .year, .years, .percent,
            ]
            let unitWords = Self.words(units, in: lexed.keywords)
            items += unitWords.map { ($0, .unit, nil) }
            let keywords = Keyword.allCases.filter { !units.contains($0) }
            var words = Self.words(keywords, in: lexed.keywords)
            if lexed.keywords == .zh { words += KeywordSet.phrases.map(\.chinese) }
            items += words.filter { !unitWords.contains($0) }.map { ($0, .keyword, nil) }
        }
        var seen: Set<String> = []
        let unique = items.filter { seen.insert($0.label + "#\($0.kind.rawValue)").inserted }
        return .array(
            unique.map { item in
                .object([
                    "label": .string(item.label), "kind": .int(item.kind.rawValue), "detail": item.detail.map { .string($0) },
                ])
            })
    }

    private static func isName(_ token: Token) -> Bool {
        if case .identifier = token.kind { return true }
        return false
    }

    /// How a keyword set writes keywords, each word once, in the order given.
    private static func words(_ keywords: [Keyword], in set: KeywordSet) -> [String] {
        var seen: Set<String> = []
        return keywords.map { set == .zh ? KeywordSet.chinese[$0] ?? $0.rawValue : $0.rawValue }.filter {
            seen.insert($0).inserted
        }
    }

    /// The enum a name's values are cases of: a rule's or input's type, or the enum itself.
    private func enumType(of name: String, in program: Program) -> EnumType? {
        var type: ValueType?
        if let slot = program.ruleSlots[name] { type = program.rules[slot].type }
        if let slot = program.inputSlots[name] { type = program.inputs[slot].type }
        if case .enumeration(let enumeration)? = type { return enumeration }
        return program.enums.first { $0.name == name }
    }

    // MARK: Formatting

    func formatting(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, _) = try target(params) else { return .null }
        // A file with errors is left as it is: its diagnostics say why.
        guard let text = Formatter.format(document.source).text else { return .null }
        if Array(text.utf8) == document.source.bytes { return .array([]) }
        let whole = document.source.lspRange(SourceRange(start: 0, end: document.source.bytes.count))
        return .array([.object(["range": whole, "newText": .string(text)])])
    }

    // MARK: Outline

    /// The protocol's kinds of symbol.
    private enum SymbolKind: Int {
        case file = 1, namespace = 3, package = 4, method = 6, constant = 14, function = 12, variable = 13,
            enumeration = 10, structure = 23, event = 24, enumMember = 22, object = 19
    }

    func documentSymbols(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, _) = try target(params) else { return .null }
        let source = document.source
        let file = Parser.parse(source).0
        func symbol(_ name: String, _ kind: SymbolKind, _ range: SourceRange, _ selection: SourceRange, _ children: [JSONValue]?)
            -> JSONValue
        {
            .object([
                "name": .string(name.isEmpty ? "?" : name), "kind": .int(kind.rawValue), "range": source.lspRange(range),
                "selectionRange": source.lspRange(selection), "children": children.map { .array($0) },
            ])
        }
        func declarationSymbol(_ declaration: Declaration) -> JSONValue {
            let range = declaration.range
            switch declaration {
            case .enumeration(let d):
                let cases = d.cases.map { symbol($0.name, .enumMember, $0.range, $0.range, nil) }
                return symbol(d.name.name, .enumeration, range, d.name.range, cases)
            case .input(let d): return symbol(d.name.name, d.isOpen ? .constant : .variable, range, d.name.range, nil)
            case .rule(let d): return symbol(d.name.name, d.kind == .rule ? .function : .method, range, d.name.range, nil)
            case .table(let d): return symbol(d.name.name, .structure, range, d.name.range, nil)
            case .milestones(let d): return symbol(d.name.name, .object, range, d.name.range, nil)
            case .limit(let d): return symbol(d.name.name, .constant, range, d.name.range, nil)
            case .deadline(let d): return symbol(d.name.name, .event, range, d.name.range, nil)
            case .test(let d): return symbol(d.name.text, .event, range, d.name.range, nil)
            case .repeal(let d): return symbol(d.name.name, .constant, range, d.name.range, nil)
            }
        }
        // Sections: a comment line `// ---- TITLE ----` starts one, up to the next.
        let sections = file.comments.filter { !$0.trailing && $0.text.hasPrefix("// ----") }
        var symbols: [JSONValue] = []
        if let header = file.header {
            symbols.append(symbol(header.name.name, .package, header.range, header.name.range, nil))
        }
        var index = 0
        let declarations = file.declarations
        while index < declarations.count, sections.first.map({ declarations[index].range.start < $0.range.start }) ?? true {
            symbols.append(declarationSymbol(declarations[index]))
            index += 1
        }
        for (number, section) in sections.enumerated() {
            let end = number + 1 < sections.count ? sections[number + 1].range.start : Int.max
            var children: [JSONValue] = []
            var last = section.range.end
            while index < declarations.count, declarations[index].range.start < end {
                children.append(declarationSymbol(declarations[index]))
                last = declarations[index].range.end
                index += 1
            }
            let title = section.text.dropFirst(2).trimmingCharacters(in: " -")
            symbols.append(symbol(title, .namespace, SourceRange(start: section.range.start, end: last), section.range, children))
        }
        return .array(symbols)
    }

    // MARK: Quick fixes

    func codeActions(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, _) = try target(params) else { return .null }
        guard let start = LSPPosition(params["range"]?["start"]), let end = LSPPosition(params["range"]?["end"]) else {
            throw RequestError(code: .invalidParams, message: "range needs a start and an end")
        }
        let wanted = SourceRange(start: document.source.offset(of: start), end: document.source.offset(of: end))
        let analysis = workspace.analysis(of: document)
        var actions: [JSONValue] = []
        for diagnostic in analysis.diagnostics where diagnostic.file?.path == document.path {
            guard let range = diagnostic.range, range.start <= wanted.end, wanted.start <= range.end,
                let replacement = Self.exactReplacement(diagnostic)
            else { continue }
            let edit: JSONValue = .object(["range": document.source.lspRange(range), "newText": .string(replacement)])
            actions.append(
                .object([
                    "title": .string(say(Phrase("Write \(replacement)", "改为 \(replacement)"))),
                    "kind": .string("quickfix"),
                    "diagnostics": .array([lspDiagnostic(diagnostic, uri: document.uri)]),
                    "isPreferred": .bool(true),
                    "edit": .object(["changes": .object([JSONMember(key: document.uri, value: .array([edit]))])]),
                ]))
        }
        return .array(actions)
    }

    /// What to write in place of a diagnostic's span, when the diagnostic says it exactly: a label
    /// `write X` under the span, or the hint `did you mean X?`.
    static func exactReplacement(_ diagnostic: Diagnostic) -> String? {
        if let label = diagnostic.primaryLabel?.english, label.hasPrefix("write ") {
            return String(label.dropFirst("write ".count))
        }
        guard let hint = diagnostic.hint?.english, hint.hasPrefix("did you mean "), hint.hasSuffix("?") else { return nil }
        var name = hint.dropFirst("did you mean ".count).dropLast()
        if name.hasPrefix("'"), name.hasSuffix("'"), name.count >= 2 { name = name.dropFirst().dropLast() }
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        return String(name)
    }

    // MARK: Code lenses

    func codeLenses(_ params: JSONValue) throws(RequestError) -> JSONValue {
        guard let (document, _) = try target(params) else { return .null }
        let analysis = workspace.analysis(of: document)
        guard let entry = analysis.entry(at: document.path) else { return .array([]) }
        let program = entry.program
        let compiled = analysis.library.compiled(entry, traced: false)
        let source = document.source
        var lenses: [(offset: Int, title: String)] = []
        for (slot, rule) in program.rules.enumerated() where rule.kind == .program && rule.span.file.path == document.path {
            let count = program.tests.filter { test in test.expectations.contains { $0.rule == slot } }.count
            let title =
                count == 0
                ? say(Phrase("no worked example exercises it", "尚无算例"))
                : say(Phrase("\(count) worked example\(count == 1 ? "" : "s")", "\(count) 个算例"))
            lenses.append((rule.span.range.start, title))
        }
        for test in program.tests where test.span.file.path == document.path && test.inheritedFrom == nil {
            let result = compiled.run(test)
            let title: String
            if let failure = result.failures.first {
                title = say(
                    Phrase("✗ fails: expected ", "✗ 未通过：期望 ") + failure.expected + Phrase(", got ", "，实际 ") + failure.actual)
            } else {
                title = say(Phrase("✓ passes", "✓ 通过"))
            }
            lenses.append((test.span.range.start, title))
        }
        return .array(
            lenses.sorted { $0.offset < $1.offset }.map { lens in
                let start = source.position(of: lens.offset)
                let range = LSPPosition(line: start.line, character: start.character)
                return .object([
                    "range": .object(["start": range.json, "end": range.json]),
                    "command": .object(["title": .string(lens.title), "command": .string("")]),
                ])
            })
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
