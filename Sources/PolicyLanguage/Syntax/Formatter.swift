// The formatter behind `policy fmt`: a policy file's tokens and comments, laid out canonically.
// Line breaks are the author's (table rows and enum cases are lines, and where a long rule
// breaks is a choice worth keeping); everything else is the formatter's: indentation from the
// blocks and the open `if`/`require`/parentheses, one space between tokens where the language
// puts one, the full-width forms written as their ASCII twins, table columns and `=>` arrows
// aligned by display width (a Chinese character is two columns wide), runs of blank lines
// collapsed. It works on tokens, so a file that does not lex and parse is left alone; and it
// never gives a text that does not read back as the tokens it was made from: a name that is a
// keyword of the set a file is converted to is refused, and every text is verified before it is
// given out.

package enum Formatter {
    /// The canonical text of a policy file; nil, with the diagnostics, when it has syntax errors,
    /// when a name would read as a keyword of the set it is converted to, or when the text would
    /// not read back as the same tokens. `keywords` converts the file to that keyword set; by
    /// default it keeps its own.
    package static func format(_ source: SourceFile, keywords: KeywordSet? = nil) -> (text: String?, diagnostics: [Diagnostic]) {
        let (_, diagnostics) = Parser.parse(source)
        guard !diagnostics.hasErrors else { return (nil, diagnostics) }
        let lexed = Lexer.tokenize(source)
        let target = keywords ?? lexed.keywords
        let collisions = keywordCollisions(in: lexed, of: source, with: target)
        guard collisions.isEmpty else { return (nil, diagnostics + collisions) }
        var layout = Layout(source: source, lines: Line.split(lexed, in: source), from: lexed.keywords, to: target)
        let text = layout.render()
        if let mismatch = verify(text, against: lexed, of: source) { return (nil, diagnostics + [mismatch]) }
        return (text, diagnostics)
    }

    /// The names a file uses that are keywords of `target` (`如果` converted to Chinese keywords,
    /// `if` to English ones): one error for each, at its first place, naming the others.
    static func keywordCollisions(in lexed: LexedFile, of source: SourceFile, with target: KeywordSet) -> [Diagnostic] {
        guard target != lexed.keywords else { return [] }
        var places: [String: [SourceRange]] = [:]
        var order: [String] = []
        for token in lexed.tokens {
            guard case .identifier(let name) = token.kind, target.keywords(for: name) != nil else { continue }
            if places[name] == nil { order.append(name) }
            places[name, default: []].append(token.range)
        }
        return order.map { name in
            Messages.keywordCollision(source, places[name]!, name, keywords: target.keywords(for: name)!, in: target)
        }
    }

    /// Whether `text` reads back as the tokens and comments it was made from: the same tokens
    /// (a unit's singular and plural are one, as a Chinese unit word is both), starting the same
    /// lines, no error lexing or parsing it, and the same comments but for trailing spaces. Nil when
    /// it does; else an error at the first token or comment that would change.
    static func verify(_ text: String, against lexed: LexedFile, of source: SourceFile) -> Diagnostic? {
        let again = SourceFile(path: source.path, text: text)
        let relexed = Lexer.tokenize(again)
        if let index = firstDifference(
            lexed.tokens, relexed.tokens, by: { $0.startsLine == $1.startsLine && reading(of: $0.kind) == reading(of: $1.kind) })
        {
            return Messages.formatMismatch(source, lexed.tokens[min(index, lexed.tokens.count - 1)].range)
        }
        if let index = firstDifference(
            lexed.comments, relexed.comments, by: { trailingSpaceTrimmed($0.text) == trailingSpaceTrimmed($1.text) })
        {
            return Messages.formatMismatch(source, index < lexed.comments.count ? lexed.comments[index].range : .none)
        }
        if relexed.diagnostics.hasErrors || Parser.parse(again).1.hasErrors {
            return Messages.formatMismatch(source, .none)
        }
        return nil
    }

    /// The first position where two lists differ, or where the shorter ends; nil when they are alike.
    private static func firstDifference<T>(_ a: [T], _ b: [T], by same: (T, T) -> Bool) -> Int? {
        let common = min(a.count, b.count)
        return (0..<common).first { !same(a[$0], b[$0]) } ?? (a.count == b.count ? nil : common)
    }

    /// A token as the parser reads it: a plural unit as its singular.
    private static func reading(of kind: TokenKind) -> TokenKind {
        guard case .keyword(let keyword) = kind, let singular = Self.singular[keyword] else { return kind }
        return .keyword(singular)
    }

    private static let singular: [Keyword: Keyword] = [
        .days: .day, .months: .month, .hours: .hour, .persons: .person, .years: .year, .claims: .claim,
    ]

    /// A comment's text as the formatter keeps it: without the spaces that end it.
    static func trailingSpaceTrimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == " " || last == "\t" || last == "\u{3000}" { text.removeLast() }
        return String(text)
    }
}

/// One line of the source: its tokens, its comment, and whether blank lines came before it.
private struct Line {
    var tokens: [Token]
    var comment: Comment?
    var blankBefore: Bool

    var isComment: Bool { tokens.isEmpty }

    static func split(_ lexed: LexedFile, in source: SourceFile) -> [Line] {
        var byLine: [Int: Line] = [:]
        for token in lexed.tokens where token.kind != .endOfFile {
            byLine[source.location(of: token.range.start).line, default: Line(tokens: [], blankBefore: false)]
                .tokens.append(token)
        }
        for comment in lexed.comments {
            byLine[source.location(of: comment.range.start).line, default: Line(tokens: [], blankBefore: false)]
                .comment = comment
        }
        var lines: [Line] = []
        var previous: Int?
        for number in byLine.keys.sorted() {
            var line = byLine[number]!
            line.blankBefore = previous.map { number - $0 > 1 } ?? false
            lines.append(line)
            previous = number
        }
        return lines
    }
}

/// The indentation and alignment pass over a file's lines.
private struct Layout {
    /// What a block holds, which decides where its items start and what lines up inside it.
    enum BlockKind {
        case file, header, enumeration, table, test, limit, milestones, arms
    }

    /// An `if`, `require` or parenthesis still open at a line break: lines inside it are
    /// indented one step past its anchor.
    struct Open {
        enum Kind { case conditional, elseBranch, requirement, obligation, parenthesis }
        let kind: Kind
        let anchor: Int

        /// Where a line inside it goes: a line starting with its `else`, or any other.
        func indent(forElse: Bool) -> Int {
            switch kind {
            case .conditional: forElse ? anchor : anchor + 2
            case .obligation: forElse ? anchor + 4 : anchor + 2
            case .elseBranch, .requirement, .parenthesis: anchor + 2
            }
        }
    }

    struct Block {
        let kind: BlockKind
        /// The indentation of the line that opened it; its `}` goes there.
        let openerIndent: Int
        var itemIndent: Int { kind == .file ? 0 : openerIndent + 2 }
        /// The indentation of the item being laid out.
        var currentItem: Int
        var open: [Open] = []
        /// The block the next `{` opens.
        var pending: BlockKind?
        /// Numbers the blocks of a file: the lines a block aligns share its number.
        let id: Int
    }

    /// A line ready to print: its indentation and its pieces.
    struct Rendered {
        var indent = 0
        var code = ""
        /// Table cells, or the text before and after `=>`, or a header item's keyword and the rest.
        var cells: [String] = []
        var alignment: Alignment = .none
        /// Cells that do not widen their column: a quota's total that is another quota's figure
        /// (`全年任务["…"].人数`), which would otherwise pad every row of its column to its width.
        var unpadded: Set<Int> = []
        /// Lines aligned together share a group: their block's id.
        var group = -1
        var comment: String?
        var blankBefore = false
    }

    enum Alignment { case none, tableRow, arrow, headerItem }

    let source: SourceFile
    let lines: [Line]
    private var blocks: [Block] = []
    private var blockCount = 0
    private var rendered: [Rendered] = []

    /// The keyword set the file is written in, and the one it is written out in.
    let from: KeywordSet
    let to: KeywordSet

    init(source: SourceFile, lines: [Line], from: KeywordSet, to: KeywordSet) {
        self.source = source
        self.lines = lines
        self.from = from
        self.to = to
    }

    mutating func render() -> String {
        blocks = [Block(kind: .file, openerIndent: 0, currentItem: 0, id: 0)]
        blockCount = 1
        rendered = []
        for line in lines {
            var out = Rendered(comment: line.comment.map { trimmed($0.text) }, blankBefore: line.blankBefore)
            if !line.isComment { layOut(line, into: &out) }
            rendered.append(out)
        }
        indentComments()
        align()
        return print()
    }

    // MARK: Indentation

    private mutating func layOut(_ line: Line, into out: inout Rendered) {
        let tokens = line.tokens
        let first = tokens[0]
        var block = blocks[blocks.count - 1]
        let indent: Int
        if first.isSymbol(.rightBrace) {
            indent = block.openerIndent
        } else if startsItem(tokens, in: block.kind) {
            indent = block.itemIndent
            block.currentItem = indent
            // An obligation's `else` hangs under its condition, like a `require`'s.
            block.open = first.isKeyword(.obligation) ? [Open(kind: .obligation, anchor: indent)] : []
            if block.kind == .file, case .keyword(let keyword) = first.kind {
                // `amend enum …` and `amend table …` open the block of what they amend.
                let opener = keyword == .amend && tokens.count > 1 ? tokens[1] : first
                if case .keyword(let opening) = opener.kind { block.pending = Self.blockOpened(by: opening) }
            }
        } else {
            let startsElse = first.isKeyword(.else) && !(tokens.count > 1 && tokens[1].isSymbol(.arrow))
            indent = block.open.last?.indent(forElse: startsElse) ?? block.currentItem + 2
        }
        blocks[blocks.count - 1] = block
        out.indent = indent
        describe(tokens, in: block.kind, into: &out)
        if out.alignment != .none { out.group = blocks[blocks.count - 1].id }
        track(tokens, lineIndent: indent)
    }

    /// Whether a line begins a new item of its block rather than continuing the last one.
    private func startsItem(_ tokens: [Token], in kind: BlockKind) -> Bool {
        let first = tokens[0]
        switch kind {
        case .file:
            guard case .keyword(let keyword) = first.kind else { return false }
            return Self.declarationKeywords.contains(keyword)
        case .header:
            return [.title, .document, .jurisdiction, .extends, .succeeds, .in, .counting].contains { first.isKeyword($0) }
        case .enumeration, .table:
            return true
        case .test:
            return first.isKeyword(.given) || first.isKeyword(.expect)
        case .limit:
            return first.isKeyword(.for) || first.isKeyword(.per) || first.isKeyword(.at) || first.isKeyword(.until)
        case .milestones:
            if case .date = first.kind { return true }
            return false
        case .arms:
            return arrowIndex(in: tokens) != nil
        }
    }

    static let declarationKeywords: Set<Keyword> = [
        .policy, .enum, .input, .open, .rule, .program, .obligation, .table, .quota, .milestones, .limit, .test, .deadline,
        .amend, .repeal,
    ]

    static func blockOpened(by keyword: Keyword) -> BlockKind? {
        switch keyword {
        case .policy: .header
        case .enum: .enumeration
        case .table, .quota: .table
        case .test: .test
        case .limit, .deadline: .limit
        case .milestones: .milestones
        default: nil
        }
    }

    /// Follows the line's tokens: blocks opened and closed, `if`s and `require`s left open.
    private mutating func track(_ tokens: [Token], lineIndent: Int) {
        for (position, token) in tokens.enumerated() {
            let anchor = position == 0 || lineIndent != blocks[blocks.count - 1].currentItem ? lineIndent : lineIndent + 2
            switch token.kind {
            case .symbol(.leftBrace):
                let kind = blocks[blocks.count - 1].pending ?? .arms
                blocks[blocks.count - 1].pending = nil
                blocks.append(Block(kind: kind, openerIndent: lineIndent, currentItem: lineIndent + 2, id: blockCount))
                blockCount += 1
            case .symbol(.rightBrace):
                if blocks.count > 1 { blocks.removeLast() }
            case .symbol(.leftParen), .symbol(.leftBracket):
                blocks[blocks.count - 1].open.append(Open(kind: .parenthesis, anchor: anchor))
            case .symbol(.rightParen), .symbol(.rightBracket):
                popOpen { $0 == .parenthesis }
            case .keyword(.match), .keyword(.marginal), .keyword(.banded):
                blocks[blocks.count - 1].pending = .arms
            case .keyword(.if):
                blocks[blocks.count - 1].open.append(Open(kind: .conditional, anchor: anchor))
            case .keyword(.require):
                blocks[blocks.count - 1].open.append(Open(kind: .requirement, anchor: anchor))
            case .keyword(.else):
                if position + 1 < tokens.count, tokens[position + 1].isSymbol(.arrow) { break }
                guard let top = blocks[blocks.count - 1].open.last else { break }
                blocks[blocks.count - 1].open.removeLast()
                // The else branch of an `if` goes on at the `if`'s level until the item ends.
                if top.kind == .conditional {
                    blocks[blocks.count - 1].open.append(Open(kind: .elseBranch, anchor: top.anchor))
                }
            default:
                break
            }
        }
    }

    private mutating func popOpen(where matches: (Open.Kind) -> Bool) {
        if let index = blocks[blocks.count - 1].open.lastIndex(where: { matches($0.kind) }) {
            blocks[blocks.count - 1].open.removeSubrange(index...)
        }
    }

    /// A comment line takes the indentation of the code after it; before a `}` it stays inside the block.
    private mutating func indentComments() {
        var next: (indent: Int, closes: Bool) = (0, false)
        for index in rendered.indices.reversed() {
            if lines[index].isComment {
                rendered[index].indent = next.closes ? next.indent + 2 : next.indent
            } else {
                next = (rendered[index].indent, lines[index].tokens[0].isSymbol(.rightBrace))
            }
        }
    }

    // MARK: Spacing

    /// The line's code with canonical spacing, split where its block aligns it.
    private func describe(_ tokens: [Token], in kind: BlockKind, into out: inout Rendered) {
        switch kind {
        case .table where !tokens[0].isSymbol(.rightBrace):
            var cells: [[Token]] = [[]]
            for token in tokens {
                if token.isSymbol(.bar) { cells.append([]) } else { cells[cells.count - 1].append(token) }
            }
            out.cells = cells.map { join($0, in: kind) }
            out.alignment = .tableRow
            if tokens[0].isKeyword(.total) {
                out.unpadded = Set(cells.indices.filter { cells[$0].contains { $0.isSymbol(.leftBracket) } })
            }
        case .arms, .milestones:
            if let arrow = arrowIndex(in: tokens) {
                out.cells = [join(Array(tokens[..<arrow]), in: kind), join(Array(tokens[arrow...]), in: kind)]
                out.alignment = .arrow
            } else {
                out.code = join(tokens, in: kind)
            }
        case .header where startsItem(tokens, in: kind):
            let twoWords =
                tokens.count > 1
                && (tokens[0].isKeyword(.in) && tokens[1].isKeyword(.force)
                    || tokens[0].isKeyword(.counting) && tokens[1].isKeyword(.year))
            let keywordCount = twoWords ? 2 : 1
            out.cells = [join(Array(tokens[..<keywordCount]), in: kind), join(Array(tokens[keywordCount...]), in: kind)]
            out.alignment = .headerItem
        default:
            out.code = join(tokens, in: kind)
        }
    }

    /// The position of the line's `=>` outside any brackets, if it has one.
    private func arrowIndex(in tokens: [Token]) -> Int? {
        var depth = 0
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .symbol(.leftBrace), .symbol(.leftParen), .symbol(.leftBracket): depth += 1
            case .symbol(.rightBrace), .symbol(.rightParen), .symbol(.rightBracket): depth -= 1
            case .symbol(.arrow) where depth == 0: return index
            default: break
            }
        }
        return nil
    }

    private func join(_ tokens: [Token], in kind: BlockKind) -> String {
        var text = ""
        var previous: Token?
        var beforePrevious: Token?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            // Two keywords one Chinese word stands for (`at most`, 至多) are written as one.
            var (spelled, last) = (spelling(of: token, at: index, in: tokens), token)
            if to == .zh, case .keyword(let keyword) = token.kind,
                let phrase = KeywordSet.phrases.first(where: { phrase in
                    phrase.words[0] == keyword && index + 1 < tokens.count && tokens[index + 1].kind == .keyword(phrase.words[1])
                })
            {
                spelled = phrase.chinese
                last = tokens[index + 1]
                index += 1
            }
            if let previous {
                let next = index + 1 < tokens.count ? tokens[index + 1] : nil
                if Self.spaced(beforePrevious, previous, token, next, inPath: kind == .header) { text += " " }
            }
            text += spelled
            beforePrevious = previous
            previous = last
            index += 1
        }
        return text
    }

    /// The canonical spelling of a token: ASCII for full-width input, keywords in the set
    /// written out, text as written.
    private func spelling(of token: Token, at index: Int, in tokens: [Token]) -> String {
        switch token.kind {
        case .identifier(let name): name
        case .keyword(let keyword) where to == .zh: KeywordSet.chinese[keyword] ?? keyword.rawValue
        case .keyword(let keyword)
        where from == .zh && !(index + 1 < tokens.count && tokens[index + 1].isKeyword(.date))
            && !(index > 0 && tokens[index - 1].isKeyword(.counting)):
            // A Chinese unit has no plural: the English one is plural but after 1, in a rate's
            // denominator (`yuan/day`) and as a date function (`year(…)`).
            Lexer.englishUnit(
                keyword,
                after: index > 0 && (tokens[index - 1].isSymbol(.slash) || tokens[index - 1].kind == .number("1"))
                    || (index + 1 < tokens.count && tokens[index + 1].isSymbol(.leftParen)) ? "1" : "")
        case .keyword(let keyword): keyword.rawValue
        case .number(let text): text
        case .date(let date): date.description
        case .string: source.text(of: token.range)
        case .symbol(let symbol): symbol.rawValue
        case .endOfFile: ""
        }
    }

    /// Whether one space separates `left` from `right`.
    static func spaced(_ beforeLeft: Token?, _ left: Token, _ right: Token, _ afterRight: Token?, inPath: Bool) -> Bool {
        switch right.kind {
        case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.comma), .symbol(.colon), .symbol(.dot),
            .symbol(.percent):
            return false
        case .symbol(.leftBracket):
            return !endsOperand(left)
        case .symbol(.leftParen):
            if case .keyword(let keyword) = left.kind, Parser.functions.contains(keyword),
                !(beforeLeft.map(endsOperand) ?? false)
            {
                return false
            }
        case .symbol(.slash):
            if isUnitWord(left), let afterRight, isUnitWord(afterRight) { return false }
            if inPath { return false }
        default:
            break
        }
        switch left.kind {
        case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.dot):
            return false
        case .symbol(.leftBrace):
            return !right.isSymbol(.rightBrace)
        case .symbol(.slash):
            if isUnitWord(right), let beforeLeft, isUnitWord(beforeLeft) { return false }
            if inPath { return false }
        case .symbol(.minus):
            // A minus that starts an operand is a sign, written against it.
            return beforeLeft.map(endsOperand) ?? false
        default:
            break
        }
        return true
    }

    /// Whether a token can end an operand, so that `-` after it subtracts and `[` after it looks up.
    static func endsOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .number, .date, .string: return true
        case .symbol(let symbol): return [.rightParen, .rightBracket, .percent].contains(symbol)
        case .keyword(let keyword):
            return Parser.unitWords.contains(keyword) || [.true, .false, .none, .inherited, .date].contains(keyword)
        case .endOfFile: return false
        }
    }

    static func isUnitWord(_ token: Token) -> Bool {
        if case .keyword(let keyword) = token.kind { return Parser.unitWords.contains(keyword) }
        return false
    }

    // MARK: Alignment and printing

    /// Pads table cells, the text before `=>` and header keywords to the widest of their group.
    private mutating func align() {
        var widths: [Int: [Int]] = [:]
        for line in rendered where line.alignment != .none {
            let padded = line.alignment == .tableRow ? line.cells.dropLast() : line.cells.prefix(1)
            var columns = widths[line.group] ?? []
            for (column, cell) in padded.enumerated() {
                let width = line.unpadded.contains(column) ? 0 : DisplayWidth.of(cell)
                if column < columns.count { columns[column] = max(columns[column], width) } else { columns.append(width) }
            }
            widths[line.group] = columns
        }
        for index in rendered.indices where rendered[index].alignment != .none {
            let line = rendered[index]
            let columns = widths[line.group] ?? []
            var code = ""
            for (column, cell) in line.cells.enumerated() {
                let isLast = column == line.cells.count - 1
                code += cell
                if isLast { break }
                let padding = String(repeating: " ", count: max(0, columns[column] - DisplayWidth.of(cell)))
                switch line.alignment {
                case .tableRow: code += padding + " |" + (line.cells[column + 1].isEmpty ? "" : " ")
                case .arrow, .headerItem: code += padding + " "
                case .none: break
                }
            }
            rendered[index].code = code
        }
    }

    private func print() -> String {
        var text = ""
        var first = true
        for line in rendered {
            if line.blankBefore, !first { text += "\n" }
            first = false
            let code = trimmed(line.code)
            var content = code
            if let comment = line.comment { content += (code.isEmpty ? "" : " ") + comment }
            text += String(repeating: " ", count: line.indent) + content + "\n"
        }
        return text
    }

    private func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\u{3000}" { text.removeLast() }
        return String(text)
    }
}
