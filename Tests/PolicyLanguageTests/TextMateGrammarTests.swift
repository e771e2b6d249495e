// Keeps the editor grammar in step with the lexer. The grammar is read where the VS Code
// extension in Grammar/vscode says it is; a small TextMate tokenizer over NSRegularExpression then
// colours keywords, symbols and lines of the bundled policies as an editor would, and the lexer
// itself says which characters must show as errors.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct TextMateGrammarTests {
    @Test func theExtensionShipsTheOneGrammar() throws {
        let manifest = try readJSON(TextMateGrammar.extensionFolder + "/package.json")
        let contributes = try #require(manifest["contributes"] as? [String: Any])

        let languages = try #require(contributes["languages"] as? [[String: Any]])
        let language = try #require(languages.first { $0["id"] as? String == "policy" }, "no language policy")
        #expect(language["extensions"] as? [String] == [".policy"])
        let configurationPath = try #require(language["configuration"] as? String)
        let configuration = try readJSON(TextMateGrammar.extensionFolder + "/" + configurationPath)
        #expect((configuration["comments"] as? [String: Any])?["lineComment"] as? String == "//")
        #expect(configuration["brackets"] as? [[String]] == [["{", "}"], ["[", "]"], ["(", ")"]])
        let autoClosing = (configuration["autoClosingPairs"] as? [[String: Any]] ?? []).compactMap { $0["open"] as? String }
        #expect(Set(autoClosing) == ["{", "[", "(", "\""])

        let grammars = try #require(contributes["grammars"] as? [[String: Any]])
        #expect(grammars.count == 1)
        #expect(grammars.first?["language"] as? String == "policy")
        #expect(grammars.first?["scopeName"] as? String == "source.policy")
        let grammarPath = try #require(grammars.first?["path"] as? String)
        // VS Code loads a grammar from outside the extension's folder only with a warning, and a copy
        // of the folder would lose it; so the grammar lives inside the folder, and only there.
        #expect(!grammarPath.contains(".."), "the grammar path \(grammarPath) leaves the extension's folder")
        let copies = try FileManager.default.subpathsOfDirectory(atPath: Repository.path("Grammar"))
            .filter { $0.hasSuffix(".tmLanguage.json") }
        #expect(copies == ["vscode/syntaxes/policy.tmLanguage.json"])

        let grammar = try TextMateGrammar.bundled()
        #expect(grammar.scopeName == "source.policy")
        #expect(grammar.json["fileTypes"] as? [String] == ["policy"])
    }

    @Test func everyRegexCompiles() throws {
        let sources = try TextMateGrammar.regexSources(in: TextMateGrammar.bundledJSON())
        #expect(sources.count >= 30)
        for source in sources {
            #expect(throws: Never.self, "\(source)") { try NSRegularExpression(pattern: source) }
        }
    }

    @Test func theKeywordListsAreTheLexersKeywords() throws {
        let grammar = try TextMateGrammar.bundled()
        let named = Set(TextMateGrammar.regexSources(in: grammar.json, keys: ["match", "begin"]).flatMap(alternatedWords))
        let keywords = Set(Keyword.allCases.map(\.rawValue))
        #expect(keywords.subtracting(named).isEmpty, "no pattern names the keywords \(keywords.subtracting(named).sorted())")
        #expect(
            named.subtracting(keywords).isEmpty,
            "the grammar names words that are not keywords: \(named.subtracting(keywords).sorted())")
    }

    @Test(arguments: Keyword.allCases)
    func everyKeywordIsColouredAsAWholeWord(_ keyword: Keyword) throws {
        let grammar = try TextMateGrammar.bundled()
        let word = keyword.rawValue
        let alone = try grammar.highlight("甲 \(word) 乙")
        let scopes = try #require(alone.token(word), "'\(word)' is not one token: \(alone)")
        #expect(scopes.count > 1 && !scopes.contains { $0.hasPrefix("invalid") }, "'\(word)' is coloured \(scopes)")
        // Names may be Chinese, and touch a keyword with no space between: no colour inside them.
        for text in ["名\(word)称", "\(word)名", "名\(word)", "\(word)_1", "\(word)２", "x\(word)"] {
            let line = try grammar.highlight(text)
            #expect(line.units.allSatisfy { $0 == [grammar.scopeName] }, "\(line)")
        }
    }

    @Test(arguments: Symbol.allCases)
    func everySymbolIsColoured(_ symbol: Symbol) throws {
        let grammar = try TextMateGrammar.bundled()
        let line = try grammar.highlight("甲 \(symbol.rawValue) 乙")
        let scopes = try #require(line.token(symbol.rawValue), "'\(symbol.rawValue)' is not one token: \(line)")
        #expect(scopes.contains { $0.hasPrefix("keyword.operator") || $0.hasPrefix("punctuation") }, "\(line)")
    }

    /// Each character stands alone between two names, as a stray one would: the grammar shows it as
    /// an error exactly when the lexer reports one, and as the symbol, number or name the lexer reads.
    @Test func everyCharacterIsColouredAsTheLexerReadsIt() throws {
        let grammar = try TextMateGrammar.bundled()
        let blocks: [ClosedRange<UInt32>] = [
            0x21...0x7E, 0xA1...0xFF, 0x2010...0x2027, 0x2190...0x22FF, 0x3000...0x303F, 0xFF01...0xFF5E,
        ]
        var disagreements: [String] = []
        for value in blocks.joined() {
            // A lone quote opens text, which both read to the end of the line.
            guard let scalar = Unicode.Scalar(value), scalar != "\"" else { continue }
            let text = "甲 \(Character(scalar)) 乙"
            let lexed = Lexer.tokenize(SourceFile(path: "character.policy", text: text))
            let lexerReads =
                switch lexed.diagnostics.isEmpty ? lexed.tokens[1].kind : nil {
                case nil: "an error"
                case .symbol: "a symbol"
                case .number: "a number"
                case .identifier: "a name"
                case let kind?: "\(kind)"
                }
            let scopes = try grammar.highlight(text).units[2]
            let grammarShows =
                if scopes.contains(where: { $0.hasPrefix("invalid") }) {
                    "an error"
                } else if scopes.contains(where: { $0.hasPrefix("keyword.operator") || $0.hasPrefix("punctuation") }) {
                    "a symbol"
                } else if scopes.contains(where: { $0.hasPrefix("constant.numeric") }) {
                    "a number"
                } else {
                    scopes.count == 1 ? "a name" : "\(scopes)"
                }
            if lexerReads != grammarShows {
                let code = "U+" + String(value, radix: 16, uppercase: true)
                disagreements.append(
                    "\(Character(scalar)) \(code): the lexer reads \(lexerReads), the grammar shows \(grammarShows)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test func linesOfTheBundledPoliciesAreColouredAsTheyRead() throws {
        let grammar = try TextMateGrammar.bundled()

        let program = try grammar.highlight(line("program 普惠制培训补贴: yuan", in: "policies/shanxi-2022.policy"))
        #expect(program.token("program") == ["source.policy", "storage.type.declaration.policy"])
        #expect(program.token("普惠制培训补贴") == ["source.policy", "entity.name.function.policy"])
        #expect(program.token("yuan") == ["source.policy", "support.type.unit.policy"])
        #expect(program.token("cite") == ["source.policy", "meta.citation.policy", "keyword.other.cite.policy"])
        #expect(program.token("二(七)")?.last == "string.quoted.double.citation.policy")
        #expect(program.token("=")?.last == "keyword.operator.assignment.policy")

        let cap = try grammar.highlight("  150 yuan/day * 培训天数 at most 1000 yuan")
        #expect(cap.token("150") == ["source.policy", "constant.numeric.decimal.policy"])
        #expect(cap.token("yuan/day") == ["source.policy", "support.type.unit.policy"])
        #expect(cap.token("*") == ["source.policy", "keyword.operator.arithmetic.policy"])
        #expect(cap.isPlain("培训天数"), "a name is not coloured: \(cap)")
        #expect(cap.token("at most") == ["source.policy", "keyword.operator.bound.policy"])

        // `in` inside `input` is part of that keyword, not the operator `in`.
        let input = try grammar.highlight(line("input 就业率: percent between 0% and 100%", in: "policies/shanxi-2022.policy"))
        #expect(input.token("input") == ["source.policy", "storage.type.declaration.policy"])
        #expect(input.token("in") == nil)
        #expect(input.token("就业率") == ["source.policy", "entity.name.variable.input.policy"])
        #expect(input.token("between") == ["source.policy", "keyword.operator.bound.policy"])
        #expect(input.token("0") == ["source.policy", "constant.numeric.decimal.policy"])
        #expect(input.token("%") == ["source.policy", "support.type.unit.percent.policy"])
        #expect(input.token("and") == ["source.policy", "keyword.operator.word.policy"])

        let range = try grammar.highlight(line("  require 培训月数 in 3 months to 6 months else", in: "policies/shanxi-2021.policy"))
        #expect(range.token("require") == ["source.policy", "keyword.control.policy"])
        #expect(range.token("in") == ["source.policy", "keyword.operator.word.policy"])
        #expect(range.token("to") == ["source.policy", "keyword.other.range.policy"])
        // One token: the digits inside text are text.
        #expect(range.token("定向式培训每期3至6个月")?.last == "string.quoted.double.policy")

        let header = try grammar.highlight(line("  in force     2021-01-01 to 2025-12-31", in: "policies/shanxi-2021.policy"))
        #expect(header.token("in force") == ["source.policy", "keyword.other.header.policy"])
        #expect(header.token("2021-01-01") == ["source.policy", "constant.numeric.date.policy"])
        let place = try grammar.highlight(line("  jurisdiction 示例省/示例市/示例县", in: "Grammar/examples/county.policy"))
        #expect(place.token("示例省/示例市/示例县") == ["source.policy", "entity.name.namespace.jurisdiction.policy"])

        let comment = try grammar.highlight(line("// ---- 二(一) Directional", in: "policies/shanxi-2021.policy"))
        #expect(comment.units.allSatisfy { $0.contains("comment.line.double-slash.policy") }, "\(comment)")

        // Digits and dates copied from documents, in full width.
        let copied = try grammar.highlight("  given 培训天数 = １５．５ days, claim date = ２０２２－１１－３０")
        #expect(copied.token("１５．５") == ["source.policy", "constant.numeric.decimal.policy"])
        #expect(copied.token("claim date") == ["source.policy", "variable.language.claim-date.policy"])
        #expect(copied.token("２０２２－１１－３０") == ["source.policy", "constant.numeric.date.policy"])

        // A name that holds a keyword's letters, written by hand: no keyword inside it.
        let name = try grammar.highlight("rule 培训in天数: days = 培训天数in + 1 days")
        #expect(name.token("培训in天数") == ["source.policy", "entity.name.function.policy"])
        #expect(!name.units.contains { $0.contains("keyword.operator.word.policy") }, "\(name)")
    }

    @Test func theBundledPoliciesShowNoErrors() throws {
        let grammar = try TextMateGrammar.bundled()
        var files: [String] = []
        for folder in ["policies", "Grammar/examples"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path(folder)).sorted()
            where name.hasSuffix(".policy") {
                files.append(folder + "/" + name)
            }
        }
        #expect(files.count >= 7)
        for file in files {
            let lines = try grammar.highlight(lines: Repository.read(file).components(separatedBy: "\n"))
            for (index, line) in lines.enumerated() {
                #expect(!line.units.contains { $0.contains { $0.hasPrefix("invalid") } }, "\(file):\(index + 1): \(line)")
            }
        }
    }

    /// The lexer reports text left open and ends it with its line; so does the grammar, or one
    /// missing quote would colour the rest of the file as text.
    @Test func textLeftOpenEndsWithItsLine() throws {
        let grammar = try TextMateGrammar.bundled()
        let lines = try grammar.highlight(lines: [#"  title "没有结尾"#, #"rule 甲: yuan cite "第三条 = 1 yuan"#, "test 乙"])
        #expect(lines[0].token("没有结尾")?.last == "string.quoted.double.policy")
        #expect(lines[1].token("rule") == ["source.policy", "storage.type.declaration.policy"])
        #expect(lines[1].token("第三条 = 1 yuan")?.last == "string.quoted.double.citation.policy")
        #expect(lines[2].token("test") == ["source.policy", "storage.type.declaration.policy"])
    }

    // MARK: Helpers

    private func readJSON(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path(relative)))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(relative) is no JSON object")
    }

    /// The first line of a file that starts with `prefix`, so a test names the line it colours.
    private func line(_ prefix: String, in file: String) throws -> String {
        let lines = try Repository.read(file).components(separatedBy: "\n")
        return try #require(lines.first { $0.hasPrefix(prefix) }, "\(file) has no line starting \(prefix)")
    }

    /// The words a regex lists as a flat alternation: `(?:at\s+most|at\s+least)` lists at, most and
    /// least, `(rule|program)` lists rule and program. A character class lists none, so a keyword
    /// that only appears inside another word (`in` in `input`) is not counted.
    private func alternatedWords(_ source: String) -> [String] {
        let alternation = try! Regex(#"\((?:\?:)?([A-Za-z]+(?:\\s\+[A-Za-z]+)*(?:\|[A-Za-z]+(?:\\s\+[A-Za-z]+)*)*)\)"#)
        return source.matches(of: alternation).flatMap { match in
            String(match.output[1].substring ?? "").split(separator: "|").flatMap { $0.components(separatedBy: #"\s+"#) }
        }
    }
}

/// Just enough of a TextMate tokenizer to see what an editor shows: `match` and `begin`/`end` rules,
/// `include`s of the repository, captures, lines in order. The grammar keeps to regexes that
/// Oniguruma and ICU read alike, so NSRegularExpression stands in for Oniguruma.
struct TextMateGrammar {
    static let extensionFolder = "Grammar/vscode"

    final class Rule {
        var name: [String] = []
        var contentName: [String] = []
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var beginCaptures: [Int: [String]] = [:]
        var endCaptures: [Int: [String]] = [:]
        var patterns: [Rule] = []
    }

    struct GrammarError: Error, CustomStringConvertible {
        let description: String
    }

    let json: [String: Any]
    let scopeName: String
    private let patterns: [Rule]

    /// The grammar the VS Code extension names in its manifest.
    static func bundled() throws -> TextMateGrammar {
        try TextMateGrammar(json: bundledJSON())
    }

    /// That grammar's JSON, its regexes not yet compiled.
    static func bundledJSON() throws -> [String: Any] {
        let folder = URL(fileURLWithPath: Repository.path(extensionFolder))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("package.json")))
        guard let contributes = (manifest as? [String: Any])?["contributes"] as? [String: Any],
            let path = (contributes["grammars"] as? [[String: Any]])?.first?["path"] as? String
        else { throw GrammarError(description: "\(extensionFolder)/package.json names no grammar") }
        let data = try Data(contentsOf: folder.appendingPathComponent(path).standardizedFileURL)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw GrammarError(description: "\(path) is no JSON object")
        }
        return json
    }

    init(json: [String: Any]) throws {
        self.json = json
        guard let scopeName = json["scopeName"] as? String else { throw GrammarError(description: "no scopeName") }
        self.scopeName = scopeName
        patterns = try Self.rules(json["patterns"], repository: json["repository"] as? [String: Any] ?? [:], depth: 0)
    }

    /// Every regex of the grammar, wherever it sits.
    static func regexSources(in value: Any, keys: Set<String> = ["match", "begin", "end", "while"]) -> [String] {
        if let list = value as? [Any] { return list.flatMap { regexSources(in: $0, keys: keys) } }
        guard let object = value as? [String: Any] else { return [] }
        return object.keys.sorted().flatMap { key in
            keys.contains(key) ? [object[key] as? String].compactMap { $0 } : regexSources(in: object[key]!, keys: keys)
        }
    }

    private static func rules(_ value: Any?, repository: [String: Any], depth: Int) throws -> [Rule] {
        guard let value else { return [] }
        guard depth < 16 else {
            throw GrammarError(description: "includes nest 16 deep: a cycle, which this tokenizer does not follow")
        }
        guard let entries = value as? [[String: Any]] else {
            throw GrammarError(description: "patterns that are not a list: \(value)")
        }
        return try entries.flatMap { try rules(for: $0, repository: repository, depth: depth) }
    }

    private static func rules(for entry: [String: Any], repository: [String: Any], depth: Int) throws -> [Rule] {
        if let include = entry["include"] as? String {
            guard include.hasPrefix("#"), let target = repository[String(include.dropFirst())] as? [String: Any] else {
                throw GrammarError(description: "cannot include \(include)")
            }
            return try rules(for: target, repository: repository, depth: depth + 1)
        }
        let rule = Rule()
        rule.match = try regex(entry["match"])
        rule.begin = try regex(entry["begin"])
        rule.end = try regex(entry["end"])
        // A group: its patterns stand in for it.
        if rule.match == nil && rule.begin == nil {
            return try rules(entry["patterns"], repository: repository, depth: depth + 1)
        }
        if rule.begin != nil && rule.end == nil { throw GrammarError(description: "a begin without an end: \(entry)") }
        rule.name = scopes(entry["name"])
        rule.contentName = scopes(entry["contentName"])
        rule.beginCaptures = captures(entry["beginCaptures"] ?? entry["captures"])
        rule.endCaptures = captures(entry["endCaptures"] ?? entry["captures"])
        rule.patterns = try rules(entry["patterns"], repository: repository, depth: depth + 1)
        return [rule]
    }

    private static func regex(_ value: Any?) throws -> NSRegularExpression? {
        guard let source = value as? String else { return nil }
        do { return try NSRegularExpression(pattern: source) } catch {
            throw GrammarError(description: "\(source) does not compile: \(error)")
        }
    }

    /// A name may hold several scopes separated by spaces.
    private static func scopes(_ value: Any?) -> [String] {
        (value as? String)?.split(separator: " ").map(String.init) ?? []
    }

    private static func captures(_ value: Any?) -> [Int: [String]] {
        var captures: [Int: [String]] = [:]
        for (key, entry) in value as? [String: Any] ?? [:] {
            if let group = Int(key) { captures[group] = scopes((entry as? [String: Any])?["name"]) }
        }
        return captures
    }

    /// A `begin`/`end` region not yet closed: its rule, the scopes around its begin and end, and
    /// the scopes inside it.
    typealias Region = (rule: Rule, outer: [String], inner: [String])

    func highlight(_ line: String) throws -> HighlightedLine {
        try highlight(lines: [line])[0]
    }

    /// Colours lines as TextMate does: a region left open at the end of a line goes on in the next.
    func highlight(lines: [String]) throws -> [HighlightedLine] {
        var regions: [Region] = []
        return try lines.map { try highlight($0, regions: &regions) }
    }

    /// One line: at each point the match that starts first wins, the earlier-listed rule on a tie,
    /// and inside a region its end before its patterns.
    private func highlight(_ line: String, regions: inout [Region]) throws -> HighlightedLine {
        let text = line as NSString
        var units = Array(repeating: [scopeName], count: text.length)
        // A rule's first match from an earlier point holds until the scan passes it.
        var found: [ObjectIdentifier: NSTextCheckingResult?] = [:]
        var position = 0
        var steps = 0

        func paint(_ range: NSRange, _ scopes: [String]) {
            for unit in range.location..<range.location + range.length { units[unit] = scopes }
        }
        func paint(_ match: NSTextCheckingResult, _ scopes: [String], captures: [Int: [String]]) {
            paint(match.range, scopes)
            for (group, names) in captures.sorted(by: { $0.key < $1.key }) where group < match.numberOfRanges {
                let range = match.range(at: group)
                if range.location != NSNotFound { paint(range, scopes + names) }
            }
        }
        func firstMatch(_ regex: NSRegularExpression) -> NSTextCheckingResult? {
            let searched = NSRange(location: position, length: text.length - position)
            return regex.firstMatch(in: line, options: [.withTransparentBounds, .withoutAnchoringBounds], range: searched)
        }

        while position <= text.length {
            steps += 1
            if steps > 4 * text.length + 16 { throw GrammarError(description: "no progress at \(position) in \(line)") }
            let region = regions.last
            let inside = region?.inner ?? [scopeName]
            var best: (match: NSTextCheckingResult, rule: Rule?)?
            if let end = region?.rule.end, let match = firstMatch(end) { best = (match, nil) }
            for rule in region?.rule.patterns ?? patterns {
                let cached = found[ObjectIdentifier(rule)]
                let match: NSTextCheckingResult?
                if let cached, cached.map({ $0.range.location >= position }) ?? true {
                    match = cached
                } else {
                    match = firstMatch((rule.match ?? rule.begin)!)
                    found[ObjectIdentifier(rule)] = .some(match)
                }
                if let match, match.range.location < best?.match.range.location ?? Int.max { best = (match, rule) }
            }
            guard let (match, rule) = best else {
                paint(NSRange(location: position, length: text.length - position), inside)
                break
            }
            paint(NSRange(location: position, length: match.range.location - position), inside)
            position = match.range.location + match.range.length
            if let rule, rule.match != nil {
                paint(match, inside + rule.name, captures: rule.beginCaptures)
                if match.range.length == 0 { position += 1 }
            } else if let rule {
                let outer = inside + rule.name
                paint(match, outer, captures: rule.beginCaptures)
                regions.append((rule, outer, outer + rule.contentName))
                found = [:]
            } else if let region = regions.popLast() {
                paint(match, region.outer, captures: region.rule.endCaptures)
                found = [:]
            }
        }
        return HighlightedLine(text: line, units: units)
    }
}

/// A line and the scopes of each of its UTF-16 units, outermost first.
struct HighlightedLine: CustomStringConvertible {
    let text: String
    let units: [[String]]

    /// The scopes of `word`'s first occurrence if an editor shows it as one token: the same scopes
    /// throughout, and other scopes on either side. Nil when the word is split between tokens or is
    /// part of a longer one, as `in` is part of `input`.
    func token(_ word: String) -> [String]? {
        let text = self.text as NSString
        let range = text.range(of: word)
        guard range.location != NSNotFound, range.length > 0 else { return nil }
        let scopes = units[range.location]
        guard units[range.location..<range.location + range.length].allSatisfy({ $0 == scopes }) else { return nil }
        if range.location > 0, units[range.location - 1] == scopes { return nil }
        if range.location + range.length < units.count, units[range.location + range.length] == scopes { return nil }
        return scopes
    }

    /// Whether `word`'s first occurrence has no colour of its own.
    func isPlain(_ word: String) -> Bool {
        let range = (text as NSString).range(of: word)
        return range.location != NSNotFound && units[range.location..<range.location + range.length].allSatisfy { $0.count == 1 }
    }

    /// The line cut into tokens, each with its innermost scope: what a failing test shows.
    var description: String {
        let text = self.text as NSString
        var tokens: [String] = []
        var start = 0
        for unit in 0...units.count where unit == units.count || units[unit] != units[start] {
            if unit > start {
                let scope = units[start].count > 1 ? units[start].last! : "-"
                tokens.append("\(text.substring(with: NSRange(location: start, length: unit - start)))⟨\(scope)⟩")
            }
            start = unit
        }
        return "\"\(self.text)\": " + tokens.joined(separator: " ")
    }
}
