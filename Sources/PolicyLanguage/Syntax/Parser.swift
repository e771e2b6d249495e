// The parser: tokens to the syntax tree, by recursive descent following `Grammar/policy.ebnf`.
// On an error it reports, skips to the next line that starts a declaration and carries on, so
// one run reports every broken declaration in a file, not only the first.

package struct Parser {
    private let file: SourceFile
    private let tokens: [Token]
    /// The keywords the file is written in, for the messages about the other set's.
    private let keywords: KeywordSet
    private var index = 0
    private let errors: ErrorRecorder
    /// Whether the tokens end where the lexer stopped reading, not at the end of the file: what is
    /// missing there is not an error.
    private let tokensStop: Bool
    /// Inside a table row: an operator at the start of a line belongs to the next row.
    private var withinLine = false
    /// Nesting of expressions, bounded so that hostile input gets a diagnostic, not a stack overflow.
    private var depth = 0
    private static let maximumDepth = 256

    /// Thrown after a diagnostic has been reported, to unwind to the enclosing declaration.
    private struct Failure: Error {}

    /// The file's syntax tree and its errors: the first `errorLimit` of them in the file, then,
    /// if there are more, one saying the file is not checked from the next one on, where the
    /// lexer or the parser stopped reading (`ErrorLog`); the tree ends there too.
    package static func parse(_ file: SourceFile, errorLimit: Int? = errorLimit) -> (PolicyFile, [Diagnostic]) {
        let lexed = Lexer.tokenize(file, errorLimit: errorLimit)
        var parser = Parser(
            file: file, tokens: lexed.tokens, keywords: lexed.keywords, errorLimit: errorLimit,
            tokensStop: lexed.errors.isFull)
        let policy = parser.parseFile(comments: lexed.comments)
        return (policy, ErrorLog.shown([lexed.errors, parser.errors.log], file: file))
    }

    /// The syntax errors a file shows; the parser and the lexer stop at the next.
    package static let errorLimit = 20

    private init(file: SourceFile, tokens: [Token], keywords: KeywordSet, errorLimit: Int?, tokensStop: Bool) {
        self.file = file
        self.tokens = tokens
        self.keywords = keywords
        self.errors = ErrorRecorder(limit: errorLimit)
        self.tokensStop = tokensStop
    }

    // MARK: File and header

    private mutating func parseFile(comments: [Comment]) -> PolicyFile {
        var header: Header?
        if current.isKeyword(.policy) {
            let start = index
            do { header = try parseHeader() } catch { synchronize(from: start) }
        } else if current.kind != .endOfFile {
            report(Messages.missingHeader(file, current.range))
        } else {
            report(Messages.emptyFile(file))
        }
        var declarations: [Declaration] = []
        while current.kind != .endOfFile {
            let start = index
            do {
                declarations.append(try parseDeclaration())
            } catch {
                synchronize(from: start)
            }
        }
        return PolicyFile(source: file, header: header, declarations: declarations, comments: comments)
    }

    private mutating func parseHeader() throws(Failure) -> Header {
        let start = advance().range
        let name = try expectIdentifier(Phrase("the policy's name", "政策名称"))
        var header = Header(name: name, range: start)
        try expect(.leftBrace, Phrase("'{' to open the policy's header", "开始政策头部的“{”"))
        while !current.isSymbol(.rightBrace) {
            let item = current
            guard case .keyword(let keyword) = item.kind else {
                throw fail(
                    Messages.expected(
                        file, item, Phrase("title, document, jurisdiction, extends, succeeds or in force", "标题、文号、辖区、依据、延续或施行")))
            }
            advance()
            switch keyword {
            case .title: header.title = try expectText(Phrase("the policy's title", "政策标题"))
            case .document: header.document = try expectText(Phrase("the document number in quotes", "加引号的文号"))
            case .jurisdiction:
                var path = [try expectIdentifier(Phrase("a jurisdiction such as 山西省/晋城市/陵川县", "辖区，如 山西省/晋城市/陵川县"))]
                while accept(.slash) {
                    path.append(try expectIdentifier(Phrase("the next level of the jurisdiction", "辖区的下一级")))
                }
                header.jurisdiction = path
            case .extends:
                header.extends = try expectIdentifier(Phrase("the name of the policy this one builds on", "本政策所依据的政策名称"))
            case .succeeds:
                header.succeeds = try expectIdentifier(
                    Phrase("the name of the earlier policy this one is the next version of", "本政策所延续的前一版政策名称"))
            case .counting:
                header.countingYearStart = try parseCountingYear()
            case .in:
                try expectKeyword(.force, Phrase("'force' (the header says `in force FROM to TO`)", "“生效”（头部写作“施行 首日 至 末日”）"))
                if acceptKeyword(.from) {
                    header.period = (
                        try expectDate(Phrase("the first day in force, as YYYY-MM-DD", "施行首日，格式为YYYY-MM-DD")), nil
                    )
                } else {
                    let from = try expectDate(Phrase("the first day in force, as YYYY-MM-DD", "施行首日，格式为YYYY-MM-DD"))
                    try expectKeyword(.to, Phrase("'to' between the first and last day in force", "施行首日与末日之间的“至”"))
                    let to = try expectDate(Phrase("the last day in force, as YYYY-MM-DD", "施行末日，格式为YYYY-MM-DD"))
                    header.period = (from, to)
                }
            default:
                throw fail(
                    Messages.expected(
                        file, item, Phrase("title, document, jurisdiction, extends, succeeds or in force", "标题、文号、辖区、依据、延续或施行")))
            }
        }
        let end = advance().range
        return Header(
            name: header.name, title: header.title, document: header.document,
            jurisdiction: header.jurisdiction, extends: header.extends, succeeds: header.succeeds, period: header.period,
            range: start.union(end), countingYearStart: header.countingYearStart)
    }

    /// `counting year from DATE`, after `counting`: the first day of a counting year.
    private mutating func parseCountingYear() throws(Failure) -> DateLiteral {
        try expectKeyword(.year, Phrase("'year' (the header says `counting year from DATE`)", "“年”（头部写作“计数年度 自 日期”）"))
        try expectKeyword(
            .from, Phrase("'from' and the first day of a counting year, e.g. from 2021-12-01", "“自”及计数年度的首日，如“自 2021-12-01”"))
        return try expectDate(
            Phrase("the first day of a counting year, as YYYY-MM-DD", "计数年度的首日，格式为YYYY-MM-DD"))
    }

    // MARK: Declarations

    private mutating func parseDeclaration() throws(Failure) -> Declaration {
        switch current.kind {
        case .keyword(.enum): return .enumeration(try parseEnum())
        case .keyword(.input), .keyword(.open): return .input(try parseInput())
        case .keyword(.rule), .keyword(.program), .keyword(.obligation): return .rule(try parseRule())
        case .keyword(.table), .keyword(.quota): return .table(try parseTable())
        case .keyword(.milestones): return .milestones(try parseMilestones())
        case .keyword(.limit): return .limit(try parseLimit())
        case .keyword(.test): return .test(try parseTest())
        case .keyword(.amend): return try parseAmendment()
        case .keyword(.repeal): return .repeal(try parseRepeal())
        case .keyword(.deadline): return .deadline(try parseDeadline())
        case .keyword(.policy):
            throw fail(Messages.secondHeader(file, current.range))
        default:
            throw fail(
                Messages.expected(
                    file, current,
                    Phrase(
                        "a declaration: enum, input, open, rule, program, obligation, table, quota, milestones, limit, deadline, test, amend or repeal",
                        "声明（枚举、输入、待定、规则、项目、义务、表、任务表、进度、限额、申领期限、测试、修订或废止）")))
        }
    }

    /// `amend enum NAME { … }` or `amend table NAME cite "…" { … }`: a change to an inherited enum or table.
    private mutating func parseAmendment() throws(Failure) -> Declaration {
        let keyword = advance().range
        switch current.kind {
        case .keyword(.enum):
            var declaration = try parseEnum()
            declaration.amendment = keyword
            return .enumeration(declaration)
        case .keyword(.table), .keyword(.quota):
            var declaration = try parseTable(amending: true)
            declaration.amendment = keyword
            return .table(declaration)
        default:
            throw fail(
                Messages.expected(
                    file, current, Phrase("'enum' or 'table' after 'amend'", "“修订”后的“枚举”或“表”")))
        }
    }

    /// `repeal program NAME cite "…"`, `repeal obligation …`, `repeal limit …` or `repeal test "…"`.
    private mutating func parseRepeal() throws(Failure) -> RepealDeclaration {
        let start = advance().range
        let kind: RepealDeclaration.Kind
        switch current.kind {
        case .keyword(.program): kind = .program
        case .keyword(.obligation): kind = .obligation
        case .keyword(.limit): kind = .limit
        case .keyword(.deadline): kind = .deadline
        case .keyword(.test): kind = .test
        default:
            throw fail(
                Messages.expected(
                    file, current,
                    Phrase(
                        "what is repealed: program, obligation, limit, deadline or test", "所废止的对象（项目、义务、限额、申领期限或测试）")))
        }
        advance()
        let name: Identifier
        if kind == .test {
            let text = try expectText(Phrase("the name of the inherited test, in quotes", "加引号的所继承测试名称"))
            name = Identifier(name: text.text, range: text.range)
        } else {
            name = try expectIdentifier(Phrase("the name of what is repealed", "所废止对象的名称"))
        }
        let citation = try parseCitation()
        return RepealDeclaration(kind: kind, name: name, citation: citation, range: start.union(citation?.range ?? name.range))
    }

    private mutating func parseEnum() throws(Failure) -> EnumDeclaration {
        let start = advance().range
        let name = try expectIdentifier(Phrase("the enum's name", "枚举名称"))
        try expect(.leftBrace, Phrase("'{' and the enum's cases", "“{”及枚举的各项"))
        var cases: [Identifier] = []
        while !current.isSymbol(.rightBrace) {
            cases.append(try expectIdentifier(Phrase("a case name", "枚举项名称")))
            if !accept(.comma), !current.isSymbol(.rightBrace), !current.startsLine {
                throw fail(
                    Messages.expected(file, current, Phrase("',' between cases or '}' after the last", "枚举项之间的“,”或最后一项后的“}”")))
            }
        }
        let end = advance().range
        return EnumDeclaration(name: name, cases: cases, range: start.union(end))
    }

    private mutating func parseInput() throws(Failure) -> InputDeclaration {
        let keyword = advance()
        let name = try expectIdentifier(Phrase("the input's name", "输入名称"))
        try expect(.colon, Phrase("':' and the input's type", "“:”及输入的类型"))
        let type = try parseType()
        var lower: Expression?
        var upper: Expression?
        var end = type.range
        while true {
            if acceptKeyword(.between) {
                lower = try parseAdditive()
                try expectKeyword(.and, Phrase("'and' between the lowest and highest value", "最低值与最高值之间的“与”"))
                upper = try parseAdditive()
                end = upper!.range
            } else if current.isKeyword(.at), case .keyword(let word) = peek(1).kind, word == .least || word == .most {
                advance()
                advance()
                let limit = try parseAdditive()
                if word == .least { lower = limit } else { upper = limit }
                end = limit.range
            } else {
                break
            }
        }
        let citation = try parseCitation()
        return InputDeclaration(
            name: name, type: type, isOpen: keyword.isKeyword(.open), lower: lower, upper: upper, citation: citation,
            range: keyword.range.union(citation?.range ?? end))
    }

    private mutating func parseRule() throws(Failure) -> RuleDeclaration {
        let keyword = advance()
        let kind: RuleKind = keyword.isKeyword(.obligation) ? .obligation : keyword.isKeyword(.program) ? .program : .rule
        let name = try expectIdentifier(
            Phrase("the \(kind.rawValue)'s name", "\(KeywordSet.chinese[Keyword(rawValue: kind.rawValue) ?? .rule] ?? "")名称"))
        var type: TypeSyntax?
        if kind != .obligation {
            try expect(.colon, Phrase("':' and the type of the rule's value, e.g. `: yuan`", "“:”及规则取值的类型，如“: 元”"))
            type = try parseType()
        }
        let citation = try parseCitation()
        let dated = kind == .rule ? nil : try parseDated()
        try expect(
            .equal,
            kind == .obligation
                ? Phrase("'=' and the condition the obligation requires", "“=”及义务所要求的条件")
                : Phrase("'=' and the rule's definition", "“=”及规则的定义"))
        let body = try parseExpression()
        var violation: TextLiteral?
        if kind == .obligation {
            try expectKeyword(.else, Phrase("'else' and what the obligation requires, in quotes", "“否则”及加引号的义务要求"))
            violation = try expectText(Phrase("what the obligation requires, in quotes", "加引号的义务要求"))
        }
        return RuleDeclaration(
            kind: kind, name: name, type: type, citation: citation, body: body, violation: violation,
            range: keyword.range.union(violation?.range ?? body.range), dated: dated)
    }

    /// `dated NAME` after a program's citation: the date input that decides it.
    private mutating func parseDated() throws(Failure) -> Identifier? {
        guard acceptKeyword(.dated) else { return nil }
        return try expectIdentifier(
            Phrase("the date input that selects the policy for this program", "决定本项目所适用政策的日期输入"))
    }

    /// `deadline NAME cite "…" { for PROGRAM, …  until DATE }`
    private mutating func parseDeadline() throws(Failure) -> DeadlineDeclaration {
        let start = advance().range
        let name = try expectIdentifier(Phrase("the deadline's name", "申领期限名称"))
        let citation = try parseCitation()
        try expect(
            .leftBrace, Phrase("'{' and the deadline: for PROGRAMS, until DATE", "“{”及申领期限（适用 项目, 截至 日期）"))
        try expectKeyword(.for, Phrase("'for' and the programs the deadline applies to", "“适用”及申领期限所适用的项目"))
        var programs = [try expectIdentifier(Phrase("a program the deadline applies to", "申领期限所适用的项目"))]
        while accept(.comma) {
            programs.append(try expectIdentifier(Phrase("a program the deadline applies to", "申领期限所适用的项目")))
        }
        try expectKeyword(
            .until,
            Phrase(
                "'until' and the last day to apply, e.g. until date(counting year, 12, 31)", "“截至”及申领的最后一天，如“截至 日期(计数年度, 12, 31)”"
            ))
        let until = try parseAdditive()
        let end = try expect(.rightBrace, Phrase("'}' to close the deadline", "结束申领期限的“}”"))
        return DeadlineDeclaration(name: name, citation: citation, programs: programs, until: until, range: start.union(end))
    }

    private mutating func parseCitation() throws(Failure) -> TextLiteral? {
        guard acceptKeyword(.cite) else { return nil }
        return try expectText(Phrase("the clause in quotes, e.g. cite \"第五条\"", "加引号的条款，如“引用 \"第五条\"”"))
    }

    private mutating func parseTable(amending: Bool = false) throws(Failure) -> TableDeclaration {
        let keyword = advance()
        let start = keyword.range
        let name = try expectIdentifier(Phrase("the table's name", "表名"))
        var keys: [Identifier] = []
        if acceptKeyword(.by) {
            keys.append(try expectIdentifier(Phrase("the key column", "键列")))
            while accept(.comma) { keys.append(try expectIdentifier(Phrase("the next key column", "下一个键列"))) }
        }
        let citation = try parseCitation()
        var milestones: Identifier?
        var milestoneColumns: [Identifier] = []
        if keyword.isKeyword(.quota), acceptKeyword(.milestones) {
            milestones = try expectIdentifier(
                Phrase("the name of the milestones the targets are measured against", "衡量任务目标所依据的进度名称"))
            if acceptKeyword(.for) {
                repeat {
                    milestoneColumns.append(
                        try expectIdentifier(Phrase("a target column the milestones apply to", "进度所适用的目标列")))
                } while accept(.comma)
            }
        }
        try expect(.leftBrace, Phrase("'{' and the table's header row", "“{”及表头行"))
        var columns: [Identifier] = [try expectIdentifier(Phrase("the first column's name", "第一列的列名"))]
        while !current.startsLine && accept(.bar) {
            columns.append(try expectIdentifier(Phrase("a column name after '|'", "“|”后的列名")))
        }
        var rows: [TableRow] = []
        var removals: [TableRow] = []
        var total: TableRow?
        while !current.isSymbol(.rightBrace) && current.kind != .endOfFile {
            if amending, current.startsLine, current.isKeyword(.remove) {
                let removeStart = advance().range
                var cells: [Expression] = []
                withinLine = true
                defer { withinLine = false }
                cells.append(try parseAdditive())
                while !current.startsLine && accept(.bar) { cells.append(try parseAdditive()) }
                removals.append(TableRow(cells: cells, range: removeStart.union(cells.last!.range)))
                continue
            }
            if keyword.isKeyword(.quota), current.startsLine, current.isKeyword(.total) {
                let totalStart = advance().range
                var cells: [Expression] = []
                var markers: [TargetMarker?] = []
                withinLine = true
                defer { withinLine = false }
                while !current.startsLine && accept(.bar) {
                    let (cell, marker) = try parseCell()
                    cells.append(cell)
                    markers.append(marker)
                }
                total = TableRow(cells: cells, markers: markers, range: totalStart.union(cells.last?.range ?? totalStart))
                continue
            }
            guard current.startsLine else {
                throw fail(
                    Messages.expected(
                        file, current, Phrase("'|' between cells or a new line for the next row", "单元格之间的“|”，或换行另起一行")))
            }
            let rowStart = current.range
            var cells: [Expression] = []
            var markers: [TargetMarker?] = []
            withinLine = true
            defer { withinLine = false }
            repeat {
                let (cell, marker) = try parseCell()
                cells.append(cell)
                markers.append(marker)
            } while !current.startsLine && accept(.bar)
            rows.append(TableRow(cells: cells, markers: markers, range: rowStart.union(cells.last!.range)))
        }
        let end = try expect(.rightBrace, Phrase("'}' to close the table", "结束表的“}”"))
        return TableDeclaration(
            isQuota: keyword.isKeyword(.quota), name: name, keys: keys, citation: citation, milestones: milestones,
            milestoneColumns: milestoneColumns, columns: columns, rows: rows, total: total, removals: removals,
            range: start.union(end))
    }

    /// A table's cell: a value, or in a quota a figure with what it asks written before it
    /// (`at least 100`, `about 1000`, `at most 3`, `between 1 and 2`). The checker keeps the
    /// markers to quotas.
    private mutating func parseCell() throws(Failure) -> (Expression, TargetMarker?) {
        let start = current.range
        if current.isKeyword(.at), peek(1).isKeyword(.least) || peek(1).isKeyword(.most) {
            let kind: TargetMarker.Kind = peek(1).isKeyword(.least) ? .atLeast : .atMost
            advance()
            let end = advance().range
            return (try parseAdditive(), TargetMarker(kind: kind, range: start.union(end)))
        }
        if acceptKeyword(.about) {
            return (try parseAdditive(), TargetMarker(kind: .about, range: start))
        }
        if acceptKeyword(.between) {
            let low = try parseAdditive()
            try expectKeyword(.and, Phrase("'and' and the upper end of the range", "“与”及范围的上限"))
            let high = try parseAdditive()
            return (low, TargetMarker(kind: .between(upper: high), range: start.union(high.range)))
        }
        return (try parseAdditive(), nil)
    }

    private mutating func parseLimit() throws(Failure) -> LimitDeclaration {
        let start = advance().range
        let name = try expectIdentifier(Phrase("the limit's name", "限额名称"))
        let citation = try parseCitation()
        try expect(.leftBrace, Phrase("'{' and the limit: for PROGRAMS, per KEYS, at most …", "“{”及限额（适用 项目, 每 键, 至多 …）"))
        try expectKeyword(.for, Phrase("'for' and the programs the limit counts", "“适用”及限额所计的项目"))
        var programs = [try expectIdentifier(Phrase("a program the limit counts", "限额所计的项目"))]
        while accept(.comma) { programs.append(try expectIdentifier(Phrase("a program the limit counts", "限额所计的项目"))) }
        try expectKeyword(
            .per, Phrase("'per' and what the limit is counted by, e.g. per 身份证号, 培训年度", "“每”及限额的计算依据，如“每 身份证号, 培训年度”"))
        var keys = [try parseAdditive()]
        while accept(.comma) { keys.append(try parseAdditive()) }
        guard current.isKeyword(.at), peek(1).isKeyword(.most) else {
            throw fail(
                Messages.expected(
                    file, current, Phrase("'at most' and the limit: a number of claims, or an amount", "“至多”及限额（申领件数或金额）")))
        }
        advance()
        advance()
        let limit = try parseAdditive()
        let bound: LimitDeclaration.Bound = acceptKeyword(.claims) || acceptKeyword(.claim) ? .claims(limit) : .amount(limit)
        let end = try expect(.rightBrace, Phrase("'}' to close the limit", "结束限额的“}”"))
        return LimitDeclaration(
            name: name, citation: citation, programs: programs, keys: keys, bound: bound, range: start.union(end))
    }

    private mutating func parseMilestones() throws(Failure) -> MilestonesDeclaration {
        let start = advance().range
        let name = try expectIdentifier(Phrase("the milestones' name", "进度名称"))
        let citation = try parseCitation()
        try expect(.leftBrace, Phrase("'{' and the milestones, e.g. `2022-09-30 => 60%`", "“{”及各进度节点，如“2022-09-30 => 60%”"))
        var steps: [MilestonesDeclaration.Step] = []
        while !current.isSymbol(.rightBrace) {
            let date = try expectDate(Phrase("a day, as YYYY-MM-DD", "日期，格式为YYYY-MM-DD"))
            try expect(.arrow, Phrase("'=>' and the share of the target due by that day", "“=>”及该日应完成的目标比例"))
            steps.append(.init(date: date, share: try parseAdditive()))
            _ = accept(.comma)
        }
        let end = advance().range
        return MilestonesDeclaration(name: name, citation: citation, steps: steps, range: start.union(end))
    }

    private mutating func parseTest() throws(Failure) -> TestDeclaration {
        let start = advance().range
        let name = try expectText(Phrase("the test's name in quotes", "加引号的测试名称"))
        try expect(.leftBrace, Phrase("'{' and the test's given and expect lines", "“{”及测试的给定行和期望行"))
        var givens: [TestDeclaration.Given] = []
        var expectations: [TestDeclaration.Expectation] = []
        while !current.isSymbol(.rightBrace) {
            if acceptKeyword(.given) {
                repeat {
                    let first = current.range
                    var target: Identifier?
                    var isApplicationDate = false
                    if acceptKeyword(.claim) {
                        try expectKeyword(
                            .date, Phrase("'date' (write `given claim date = 2022-06-01`)", "“日期”（写作“给定 业务日期 = 2022-06-01”）"))
                    } else if acceptKeyword(.application) {
                        try expectKeyword(
                            .date,
                            Phrase("'date' (write `given application date = 2022-12-20`)", "“日期”（写作“给定 申领日期 = 2022-12-20”）"))
                        isApplicationDate = true
                    } else {
                        target = try expectIdentifier(Phrase("an input's name", "输入名称"))
                    }
                    try expect(.equal, Phrase("'=' and the value", "“=”及取值"))
                    let value = try parseExpression()
                    givens.append(
                        .init(
                            name: target, value: value, range: first.union(value.range),
                            isApplicationDate: isApplicationDate))
                } while accept(.comma)
            } else if acceptKeyword(.expect) {
                let target = try expectIdentifier(Phrase("the rule or program whose result is expected", "期望其结果的规则或项目"))
                if acceptKeyword(.refused) {
                    var reason: TextLiteral?
                    if case .string = current.kind { reason = try expectText(Phrase("the refusal's reason", "拒绝理由")) }
                    expectations.append(
                        .init(
                            name: target, outcome: .refused(reason),
                            range: target.range.union(reason?.range ?? target.range)))
                } else {
                    try expect(.equal, Phrase("'=' and the expected value, or 'refused'", "“=”及期望值，或“拒绝”"))
                    let value = try parseExpression()
                    expectations.append(.init(name: target, outcome: .value(value), range: target.range.union(value.range)))
                }
            } else {
                throw fail(Messages.expected(file, current, Phrase("'given', 'expect' or '}'", "“给定”、“期望”或“}”")))
            }
        }
        let end = advance().range
        return TestDeclaration(name: name, givens: givens, expectations: expectations, range: start.union(end))
    }

    private mutating func parseType() throws(Failure) -> TypeSyntax {
        let token = current
        switch token.kind {
        case .keyword(.number): advance(); return TypeSyntax(kind: .number, range: token.range)
        case .keyword(.bool): advance(); return TypeSyntax(kind: .bool, range: token.range)
        case .keyword(.date): advance(); return TypeSyntax(kind: .date, range: token.range)
        case .keyword(.text): advance(); return TypeSyntax(kind: .text, range: token.range)
        case .keyword(.identity): advance(); return TypeSyntax(kind: .identity, range: token.range)
        case .identifier(let name):
            advance()
            return TypeSyntax(kind: .named(Identifier(name: name, range: token.range)), range: token.range)
        case .keyword(let keyword) where Self.unitWords.contains(keyword):
            let unit = try parseUnit()
            return TypeSyntax(kind: .unit(unit), range: unit.range)
        default:
            throw fail(
                Messages.expected(
                    file, token,
                    Phrase(
                        "a type: yuan, yuan/day, days, months, hours, persons, percent, number, bool, date, text, identity or an enum",
                        "类型（元、元/天、天、月、小时、人、百分比、数值、是否、日期、文本、身份号码或枚举）")))
        }
    }

    static let unitWords: Set<Keyword> = [
        .yuan, .day, .days, .month, .months, .hour, .hours, .person, .persons, .year, .years, .percent,
    ]

    private mutating func parseUnit() throws(Failure) -> UnitSyntax {
        let start = current.range
        var numerator: [Keyword] = []
        var denominator: [Keyword] = []
        guard case .keyword(let first) = current.kind, Self.unitWords.contains(first) else {
            throw fail(Messages.expected(file, current, Phrase("a unit", "单位")))
        }
        advance()
        numerator.append(first)
        var end = start
        while current.isSymbol(.slash), case .keyword(let word) = peek(1).kind, Self.unitWords.contains(word) {
            advance()
            end = advance().range
            denominator.append(word)
        }
        return UnitSyntax(numerator: numerator, denominator: denominator, range: start.union(end))
    }

    // MARK: Expressions, lowest precedence first

    private mutating func parseExpression() throws(Failure) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maximumDepth else { throw fail(Messages.nestedTooDeeply(file, current.range)) }
        if current.isKeyword(.require) { return try parseRequire() }
        if current.isKeyword(.if) { return try parseConditional() }
        return try parseOr()
    }

    /// An expression built by a loop (`a + b + c …`, `x at most y at most z …`) grows deeper
    /// without the parser recursing; it is held to the same limit as nesting.
    private mutating func bounded(_ expression: Expression) throws(Failure) -> Expression {
        guard depth + expression.depth < Self.maximumDepth else { throw fail(Messages.nestedTooDeeply(file, expression.range)) }
        return expression
    }

    private mutating func parseRequire() throws(Failure) -> Expression {
        var requirements: [Requirement] = []
        while current.isKeyword(.require) {
            let start = advance().range
            let condition = try parseExpression()
            try expectKeyword(.else, Phrase("'else' and the reason for refusing, e.g. else \"…\"", "“否则”及拒绝理由，如“否则 \"…\"”"))
            let reason = try expectText(Phrase("the reason for refusing, in quotes", "加引号的拒绝理由"))
            requirements.append(Requirement(condition: condition, reason: reason, range: start.union(reason.range)))
        }
        let body = try parseExpression()
        return Expression(kind: .require(requirements, body), range: requirements[0].range.union(body.range))
    }

    private mutating func parseConditional() throws(Failure) -> Expression {
        let start = advance().range
        let condition = try parseExpression()
        try expectKeyword(.then, Phrase("'then' after the condition", "条件后的“那么”"))
        let whenTrue = try parseExpression()
        try expectKeyword(.else, Phrase("'else': every `if` says what happens otherwise", "“否则”（每个“如果”都须写明条件不成立时取何值）"))
        let whenFalse = try parseExpression()
        return Expression(kind: .conditional(condition, then: whenTrue, else: whenFalse), range: start.union(whenFalse.range))
    }

    private mutating func parseOr() throws(Failure) -> Expression {
        var left = try parseAnd()
        while continuesLine, acceptKeyword(.or) {
            let right = try parseAnd()
            left = try bounded(Expression(kind: .binary(.or, left, right), range: left.range.union(right.range)))
        }
        return left
    }

    private mutating func parseAnd() throws(Failure) -> Expression {
        var left = try parseNot()
        while continuesLine, acceptKeyword(.and) {
            let right = try parseNot()
            left = try bounded(Expression(kind: .binary(.and, left, right), range: left.range.union(right.range)))
        }
        return left
    }

    private mutating func parseNot() throws(Failure) -> Expression {
        if current.isKeyword(.not) {
            let start = advance().range
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maximumDepth else { throw fail(Messages.nestedTooDeeply(file, current.range)) }
            let operand = try parseNot()
            return Expression(kind: .unary(.not, operand), range: start.union(operand.range))
        }
        return try parseComparison()
    }

    private static let comparisons: [Symbol: BinaryOperator] = [
        .equalEqual: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    private mutating func parseComparison() throws(Failure) -> Expression {
        let left = try parseBound()
        if continuesLine, case .symbol(let symbol) = current.kind, let op = Self.comparisons[symbol] {
            advance()
            let right = try parseBound()
            if case .symbol(let next) = current.kind, Self.comparisons[next] != nil {
                throw fail(Messages.chainedComparison(file, current.range))
            }
            return Expression(kind: .binary(op, left, right), range: left.range.union(right.range))
        }
        if continuesLine, current.isSymbol(.equal) {
            throw fail(Messages.singleEqualInExpression(file, current.range))
        }
        if continuesLine, acceptKeyword(.in) {
            let low = try parseBound()
            try expectKeyword(.to, Phrase("'to' between the lowest and highest value", "最低值与最高值之间的“至”"))
            let high = try parseBound()
            return Expression(kind: .within(left, low: low, high: high), range: left.range.union(high.range))
        }
        return left
    }

    private mutating func parseBound() throws(Failure) -> Expression {
        var value = try parseOtherwise()
        while continuesLine {
            if current.isKeyword(.at), case .keyword(let word) = peek(1).kind, word == .most || word == .least {
                advance()
                advance()
                let limit = try parseOtherwise()
                value = try bounded(
                    Expression(
                        kind: .bound(word == .most ? .atMost : .atLeast, value, limit), range: value.range.union(limit.range)))
            } else if acceptKeyword(.rounded) {
                try expectKeyword(
                    .to, Phrase("'to' and the unit to round to, e.g. rounded to 0.01 yuan", "“至”及舍入的单位，如“四舍五入 至 0.01 元”"))
                let quantum = try parseOtherwise()
                value = try bounded(Expression(kind: .rounded(value, quantum: quantum), range: value.range.union(quantum.range)))
            } else {
                break
            }
        }
        return value
    }

    private mutating func parseOtherwise() throws(Failure) -> Expression {
        var value = try parseAdditive()
        while continuesLine, acceptKeyword(.otherwise) {
            let fallback = try parseAdditive()
            value = try bounded(Expression(kind: .otherwise(value, fallback), range: value.range.union(fallback.range)))
        }
        return value
    }

    private mutating func parseAdditive() throws(Failure) -> Expression {
        var left = try parseMultiplicative()
        while continuesLine, case .symbol(let symbol) = current.kind, symbol == .plus || symbol == .minus {
            advance()
            let right = try parseMultiplicative()
            left = try bounded(
                Expression(kind: .binary(symbol == .plus ? .add : .subtract, left, right), range: left.range.union(right.range)))
        }
        return left
    }

    private mutating func parseMultiplicative() throws(Failure) -> Expression {
        var left = try parseUnary()
        while continuesLine, case .symbol(let symbol) = current.kind, symbol == .star || symbol == .slash {
            advance()
            let right = try parseUnary()
            left = try bounded(
                Expression(
                    kind: .binary(symbol == .star ? .multiply : .divide, left, right), range: left.range.union(right.range)))
        }
        return left
    }

    private mutating func parseUnary() throws(Failure) -> Expression {
        if current.isSymbol(.minus) {
            let start = advance().range
            depth += 1
            defer { depth -= 1 }
            guard depth < Self.maximumDepth else { throw fail(Messages.nestedTooDeeply(file, current.range)) }
            let operand = try parseUnary()
            return Expression(kind: .unary(.negate, operand), range: start.union(operand.range))
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(Failure) -> Expression {
        var value = try parsePrimary()
        while true {
            if current.isSymbol(.leftBracket) && !(withinLine && current.startsLine) {
                advance()
                var keys = [try parseExpression()]
                while accept(.comma) { keys.append(try parseExpression()) }
                let end = try expect(.rightBracket, Phrase("']' after the key", "键后的“]”"))
                value = try bounded(Expression(kind: .subscripted(value, keys), range: value.range.union(end)))
            } else if current.isSymbol(.dot) && !(withinLine && current.startsLine) {
                advance()
                let member = try expectIdentifier(Phrase("a column name or enum case after '.'", "“.”后的列名或枚举项"))
                value = try bounded(Expression(kind: .member(value, member), range: value.range.union(member.range)))
            } else {
                return value
            }
        }
    }

    private mutating func parsePrimary() throws(Failure) -> Expression {
        let token = current
        switch token.kind {
        case .number(let text):
            advance()
            if current.isSymbol(.percent) {
                let end = advance().range
                let unit = UnitSyntax(numerator: [.percent], denominator: [], range: end)
                return Expression(kind: .number(text, unit), range: token.range.union(end))
            }
            if case .keyword(let word) = current.kind, Self.unitWords.contains(word) {
                let unit = try parseUnit()
                return Expression(kind: .number(text, unit), range: token.range.union(unit.range))
            }
            return Expression(kind: .number(text, nil), range: token.range)
        case .date(let date):
            advance()
            return Expression(kind: .date(date), range: token.range)
        case .string(let text):
            advance()
            return Expression(kind: .text(text), range: token.range)
        case .identifier(let name):
            advance()
            return Expression(kind: .name(name), range: token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(kind: .boolean(token.isKeyword(.true)), range: token.range)
        case .keyword(.none):
            advance()
            return Expression(kind: .none, range: token.range)
        case .keyword(.claim):
            advance()
            let end = current.range
            try expectKeyword(.date, Phrase("'date': `claim date` is the date on the claim", "“日期”（“业务日期”即申领所载的业务日期）"))
            return Expression(kind: .claimDate, range: token.range.union(end))
        case .keyword(.application):
            advance()
            let end = current.range
            try expectKeyword(
                .date, Phrase("'date': `application date` is when the claim was applied for", "“日期”（“申领日期”即提出申领的日期）"))
            return Expression(kind: .applicationDate, range: token.range.union(end))
        case .keyword(.counting):
            advance()
            let end = current.range
            try expectKeyword(
                .year, Phrase("'year': `counting year` is the counting year of the deciding date", "“年”（“计数年度”即决定日期所在的计数年度）"))
            return Expression(kind: .countingYear, range: token.range.union(end))
        case .keyword(.inherited):
            advance()
            return Expression(kind: .inherited, range: token.range)
        case .keyword(.if), .keyword(.require):
            return try parseExpression()
        case .keyword(.match):
            return try parseMatch()
        case .keyword(.marginal), .keyword(.banded):
            return try parseTiers()
        case .keyword(let function) where Self.functions.contains(function) && peek(1).isSymbol(.leftParen):
            advance()
            advance()
            var arguments: [Expression] = []
            if !current.isSymbol(.rightParen) {
                arguments.append(try parseExpression())
                while accept(.comma) { arguments.append(try parseExpression()) }
            }
            let end = try expect(.rightParen, Phrase("')' after the arguments", "参数后的“)”"))
            return Expression(kind: .call(function, arguments), range: token.range.union(end))
        case .symbol(.leftParen):
            advance()
            let saved = withinLine
            withinLine = false
            let inner = try parseExpression()
            withinLine = saved
            let end = try expect(.rightParen, Phrase("')' to close the '('", "与“(”配对的“)”"))
            return Expression(kind: inner.kind, range: token.range.union(end))
        default:
            throw fail(
                Messages.expected(
                    file, token,
                    Phrase("a value: a number, a name, a date, text in quotes, or '('", "一个值（数字、名称、日期、加引号的文本或“(”）")))
        }
    }

    static let functions: Set<Keyword> = [.min, .max, .year, .month, .day, .birthdate, .date]

    private mutating func parseMatch() throws(Failure) -> Expression {
        let start = advance().range
        let subject = try parseOr()
        try expect(.leftBrace, Phrase("'{' and the cases of the match", "“{”及匹配的各分支"))
        var arms: [MatchArm] = []
        while !current.isSymbol(.rightBrace) {
            let armStart = current.range
            var patterns: [MatchArm.Pattern] = []
            repeat {
                if current.isKeyword(.else) {
                    patterns.append(.otherwise(advance().range))
                } else if let range = try parseRangeIfPresent() {
                    patterns.append(.range(range))
                } else {
                    patterns.append(.value(try parseAdditive()))
                }
            } while accept(.comma)
            try expect(.arrow, Phrase("'=>' and the value for this case", "“=>”及该分支的取值"))
            let body = try parseExpression()
            arms.append(MatchArm(patterns: patterns, body: body, range: armStart.union(body.range)))
            _ = accept(.comma)
        }
        let end = advance().range
        return Expression(kind: .match(subject, arms), range: start.union(end))
    }

    private mutating func parseTiers() throws(Failure) -> Expression {
        let keyword = advance()
        let kind: TierKind = keyword.isKeyword(.marginal) ? .marginal : .banded
        let quantity = try parseOr()
        try expect(
            .leftBrace, Phrase("'{' and the brackets, e.g. `up to 10 days => 12 yuan/day`", "“{”及各档，如“不超过 10 天 => 12 元/天”"))
        var brackets: [Bracket] = []
        while !current.isSymbol(.rightBrace) {
            guard let range = try parseRangeIfPresent() else {
                throw fail(
                    Messages.expected(
                        file, current, Phrase("a bracket: below, up to, above or from and a limit", "一档（低于、不超过、超过或自，后接界限值）")))
            }
            try expect(.arrow, Phrase("'=>' and the bracket's rate", "“=>”及该档的标准"))
            let rate = try parseExpression()
            brackets.append(Bracket(range: range, rate: rate, span: range.range.union(rate.range)))
            _ = accept(.comma)
        }
        let end = advance().range
        return Expression(kind: .tiers(kind, quantity: quantity, brackets), range: keyword.range.union(end))
    }

    /// `below X`, `up to X`, `above X [below Y | up to Y]`, `from X [below Y | up to Y]`.
    private mutating func parseRangeIfPresent() throws(Failure) -> RangeSyntax? {
        let start = current.range
        var lower: RangeSyntax.Limit?
        if current.isKeyword(.above) || current.isKeyword(.from) {
            let inclusive = advance().isKeyword(.from)
            lower = .init(value: try parseAdditive(), inclusive: inclusive)
        }
        var upper: RangeSyntax.Limit?
        if current.isKeyword(.below) {
            advance()
            upper = .init(value: try parseAdditive(), inclusive: false)
        } else if current.isKeyword(.up) {
            advance()
            try expectKeyword(.to, Phrase("'to' (write `up to 10 days`)", "“至”（写作“不超过 10 天”）"))
            upper = .init(value: try parseAdditive(), inclusive: true)
        }
        guard lower != nil || upper != nil else { return nil }
        let end = (upper ?? lower)!.value.range
        return RangeSyntax(lower: lower, upper: upper, range: start.union(end))
    }

    // MARK: Tokens

    /// The token read next: past the first error beyond the limit, the end of the file.
    private var position: Int { errors.isFull ? tokens.count - 1 : index }

    private var current: Token { tokens[position] }

    private func peek(_ ahead: Int) -> Token {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    /// False at the start of a new line inside a table row, where an operator begins the next row.
    private var continuesLine: Bool { !(withinLine && current.startsLine) }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: Symbol) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func acceptKeyword(_ keyword: Keyword) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    @discardableResult
    private mutating func expect(_ symbol: Symbol, _ what: Phrase) throws(Failure) -> SourceRange {
        guard current.isSymbol(symbol) else { throw fail(Messages.expected(file, current, what)) }
        return advance().range
    }

    private mutating func expectKeyword(_ keyword: Keyword, _ what: Phrase) throws(Failure) {
        guard current.isKeyword(keyword) else { throw fail(Messages.expected(file, current, what)) }
        advance()
    }

    private mutating func expectIdentifier(_ what: Phrase) throws(Failure) -> Identifier {
        if case .identifier(let name) = current.kind {
            return Identifier(name: name, range: advance().range)
        }
        if case .keyword(let keyword) = current.kind {
            throw fail(Messages.keywordAsName(file, current.range, keyword, expected: what))
        }
        throw fail(Messages.expected(file, current, what))
    }

    private mutating func expectText(_ what: Phrase) throws(Failure) -> TextLiteral {
        if case .string(let text) = current.kind {
            return TextLiteral(text: text, range: advance().range)
        }
        throw fail(Messages.expected(file, current, what))
    }

    private mutating func expectDate(_ what: Phrase) throws(Failure) -> DateLiteral {
        if case .date(let date) = current.kind {
            return DateLiteral(date: date, range: advance().range)
        }
        throw fail(Messages.expected(file, current, what))
    }

    /// An error, whose message is built only while the log is not full.
    private func report(_ diagnostic: @autoclosure () -> Diagnostic) {
        if tokensStop, current.kind == .endOfFile { return }
        errors.report {
            let built = diagnostic()
            return built.code == .syntax ? (newcomersMistake() ?? built) : built
        }
    }

    private func fail(_ diagnostic: @autoclosure () -> Diagnostic) -> Failure {
        report(diagnostic())
        return Failure()
    }

    /// What a syntax error most likely is when the words before it say so: a keyword of the other
    /// set (`if` in a file of Chinese keywords, read as a name), at the error or just before it; or,
    /// earlier on the line, a name that begins with a keyword (`如果培训天数`: a space forgotten).
    private func newcomersMistake() -> Diagnostic? {
        let name = { (position: Int) -> String? in
            guard tokens.indices.contains(position), case .identifier(let word) = tokens[position].kind else { return nil }
            return word
        }
        for position in [index, index - 1] {
            guard let word = name(position), let twin = keywords.twin(of: word, next: name(position + 1)) else {
                continue
            }
            let end = tokens[position + twin.words - 1].range
            return Messages.otherKeywordSet(
                file, tokens[position].range.union(end), twin.written, replacement: twin.replacement, fileSet: keywords)
        }
        var position = index
        while position >= 0, tokens.indices.contains(position) {
            if let word = name(position), let keyword = keywords.keywordPrefix(of: word) {
                return Messages.keywordRunsIntoName(file, tokens[position].range, word, keyword: keyword)
            }
            if tokens[position].startsLine { break }
            position -= 1
        }
        return nil
    }

    /// Skips to the next line that starts a declaration: the recovery point after an error.
    /// The declaration that failed is skipped whole, but one that starts where the error was
    /// found (an unfinished rule followed by the next rule) is kept.
    private mutating func synchronize(from start: Int) {
        withinLine = false
        depth = 0
        if index == start { advance() }
        while current.kind != .endOfFile {
            if current.startsLine, case .keyword(let keyword) = current.kind, Self.declarationKeywords.contains(keyword) {
                return
            }
            advance()
        }
    }

    private static let declarationKeywords: Set<Keyword> = [
        .enum, .input, .open, .rule, .program, .obligation, .table, .quota, .milestones, .limit, .test, .policy, .deadline,
        .amend, .repeal,
    ]
}
