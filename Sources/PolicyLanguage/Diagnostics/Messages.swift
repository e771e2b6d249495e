// The catalogue of messages, one function per kind, grouped by the stage that reports them.
// Messages are written for policy staff: they name what was found, what was expected and,
// where it helps, what to write instead. Each is written in English and in Chinese, side by side.
// Here `localized` takes `MessageText`s: a name or a text interpolated into a message is quoted
// abbreviated when it is long (`String.abbreviated`), in every message, by this one function.

enum Messages {
    /// The English or the Chinese text, as the current language asks, with long names abbreviated.
    private static func localized(_ english: @autoclosure () -> MessageText, _ chinese: @autoclosure () -> MessageText)
        -> String
    {
        Localization.language == .zh ? chinese().text : english().text
    }

    // MARK: Lexer

    static func invalidUTF8(_ file: SourceFile, _ range: SourceRange, byte: UInt8) -> Diagnostic {
        let hex = "0x" + String(byte, radix: 16, uppercase: true)
        return Diagnostic(
            .error, "invalid-utf8", localized("this byte (\(hex)) is not UTF-8 text", "此字节（\(hex)）不是UTF-8文本"),
            file: file, range: range,
            hint: localized("save the file as UTF-8; policies are plain UTF-8 text", "请将文件另存为UTF-8编码；政策文件是纯UTF-8文本"))
    }

    static func unterminatedString(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "unterminated-text", localized("this text has no closing quote", "此文本缺少后引号"),
            file: file, range: range, hint: localized("end the text with \" on the same line", "请在同一行内以“\"”结束文本"))
    }

    static func unknownEscape(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar) -> Diagnostic {
        Diagnostic(
            .error, "unknown-escape",
            localized(
                "'\\\(Character(scalar))' is not an escape this language knows", "“\\\(Character(scalar))”不是本语言认可的转义写法"),
            file: file, range: range,
            hint: localized(
                "inside text write \\\" for a quote, \\\\ for a backslash, \\n for a new line",
                "文本中以“\\\"”表示引号，以“\\\\”表示反斜杠，以“\\n”表示换行"))
    }

    static func invalidDate(_ file: SourceFile, _ range: SourceRange, year: Int, month: Int, day: Int) -> Diagnostic {
        let reason: String
        if !(1...12).contains(month) {
            reason = localized("there is no month \(month)", "没有\(month)月")
        } else if year < 1 {
            reason = localized("there is no year \(year)", "没有\(year)年")
        } else {
            let days = CalendarDate.daysIn(month: month, year: year)
            reason = localized(
                "\(year)-\(month < 10 ? "0" : "")\(month) has \(days) days", "\(year)年\(month)月只有\(days)天")
        }
        return Diagnostic(
            .error, "invalid-date", localized("this is not a date: \(reason)", "这不是有效日期：\(reason)"), file: file,
            range: range)
    }

    static func strayCharacter(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar, fix: String?) -> Diagnostic {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.generalCategory == .control {
            return Diagnostic(
                .error, "unexpected-character",
                localized("the control character \(code) is not part of the language", "控制字符\(code)不属于本语言"),
                file: file, range: range,
                hint: localized(
                    "remove it: a policy is plain text (was the file saved by a word processor?)",
                    "请删除该字符：政策文件是纯文本（此文件是否由文字处理软件保存？）"))
        }
        return Diagnostic(
            .error, "unexpected-character",
            localized(
                "the character '\(Character(scalar))' (\(code)) is not part of the language",
                "字符“\(Character(scalar))”（\(code)）不属于本语言"),
            file: file, range: range,
            hint: fix ?? localized("remove it, or put it inside text between \"…\"", "请删除该字符，或将其写在 \"…\" 之间的文本中"))
    }

    static func curlyQuotes(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, "curly-quotes",
            localized("text is written between straight quotes, not Chinese quotation marks", "文本应写在英文直引号之间，不用中文引号"),
            file: file, range: range, hint: localized("write \"\(text)\"", "应写作：\"\(text)\""))
    }

    // MARK: Parser

    static func expected(_ file: SourceFile, _ token: Token, _ what: String) -> Diagnostic {
        Diagnostic(
            .error, "syntax", localized("expected \(what), found \(token.kind)", "此处应为\(what)，实为\(token.kind)"),
            file: file, range: token.range)
    }

    static func keywordAsName(_ file: SourceFile, _ range: SourceRange, _ keyword: Keyword, expected what: String) -> Diagnostic {
        Diagnostic(
            .error, "keyword-as-name",
            localized(
                "expected \(what), found the keyword '\(keyword.rawValue)'",
                "此处应为\(what)，实为关键字“\(keyword.localizedName)”"),
            file: file, range: range,
            hint: localized(
                "'\(keyword.rawValue)' is reserved by the language; choose another name",
                "“\(keyword.localizedName)”是本语言的保留字，请另取名称"))
    }

    static func missingHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "missing-header",
            localized("a policy file starts with its header: policy NAME { … }", "政策文件应以政策头部开头：政策 名称 { … }"),
            file: file, range: range,
            hint: localized(
                "begin with `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`",
                "以“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”开头"))
    }

    static func emptyFile(_ file: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, "empty-file", localized("this policy file has no policy in it", "此政策文件中没有政策"),
            file: file, range: SourceRange(start: 0, end: 0),
            hint: localized(
                "write its header first, `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`, or remove the file",
                "请先写政策头部“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”，或删除此文件"))
    }

    static func secondHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "second-header",
            localized("a file holds one policy; this is a second `policy` header", "一个文件只写一项政策；这是第二个“政策”头部"),
            file: file, range: range, hint: localized("put each policy in a file of its own", "请将每项政策分别写在单独的文件中"))
    }

    static func chainedComparison(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "chained-comparison", localized("comparisons cannot be chained", "比较不能连写"),
            file: file, range: range,
            hint: localized("write `a <= x and x <= b`, or `x in a to b`", "应写作“a <= x 与 x <= b”，或“x 在 a 至 b”"))
    }

    static func singleEqualInExpression(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "single-equal", localized("'=' defines; it does not compare", "“=”用于定义，不用于比较"),
            file: file, range: range, hint: localized("write == to compare two values", "比较两个值请用“==”"))
    }

    static func nestedTooDeeply(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "nested-too-deeply",
            localized("this expression is nested more than 250 levels deep", "此表达式嵌套超过250层"),
            file: file, range: range,
            hint: localized(
                "split it into several rules; each operator of a long chain (a + b + c …) counts as one level",
                "请拆分为几条规则；一长串运算（a + b + c …）中的每个运算符各算一层"))
    }
}

// MARK: - Checker

extension Messages {
    private static func didYouMean(_ suggestion: String?) -> String? {
        suggestion.map { localized("did you mean '\($0)'?", "是否应为“\($0)”？") }
    }

    /// The plural `s` of an English count.
    private static func plural(_ count: Int) -> String { count == 1 ? "" : "s" }

    static func incompleteHeader(_ file: SourceFile, _ range: SourceRange, missing: [String]) -> Diagnostic {
        Diagnostic(
            .error, "incomplete-header",
            localized(
                "the policy's header lacks \(verbatim: missing.joined(separator: ", "))",
                "政策头部缺少\(verbatim: missing.map { "“\($0)”" }.joined(separator: "、"))"),
            file: file, range: range,
            hint: localized(
                "every policy says its title, document number, jurisdiction and period in force",
                "每项政策都须写明标题、文号、辖区和施行期间"))
    }

    static func periodEndsBeforeStart(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "empty-period", localized("the period in force ends before it starts", "施行期间的末日早于首日"), file: file,
            range: range)
    }

    static func extendsItself(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.error, "extends-cycle", localized("a policy cannot extend itself", "政策不能依据其自身"), file: file, range: range)
    }

    static func duplicateEnum(
        _ file: SourceFile, _ range: SourceRange, _ name: String,
        previous: SourceFile, _ previousRange: SourceRange, inParent parent: String?
    ) -> Diagnostic {
        let location = previous.location(of: previousRange.start)
        return Diagnostic(
            .error, "duplicate-enum",
            parent.map {
                localized(
                    "the enum \(name) is already declared by \($0); a policy cannot redeclare it",
                    "枚举“\(name)”已由“\($0)”声明，本政策不能重复声明")
            }
                ?? localized("the enum \(name) is declared twice", "枚举“\(name)”重复声明"),
            file: file, range: range,
            notes: [
                localized(
                    "first declared at \(verbatim: previous.path):\(location)", "首次声明位置：\(verbatim: previous.path):\(location)")
            ])
    }

    private static var firstHere: String { localized("first here", "首次出现于此") }

    static func duplicateCase(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-case", localized("the case \(name) is listed twice", "枚举项“\(name)”重复列出"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func duplicateName(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        let line = file.location(of: first.start).line
        return Diagnostic(
            .error, "duplicate-name", localized("\(name) is declared twice in this policy", "“\(name)”在本政策中重复声明"),
            file: file, range: range,
            hint: localized("give one of them another name, or remove it", "请将其中一个改名，或删去一个"),
            notes: [localized("first declared at line \(line)", "首次声明于第\(line)行")])
    }

    static func overrideKind(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: String, was: String, now: String
    ) -> Diagnostic {
        Diagnostic(
            .error, "override-kind",
            localized(
                "\(name) is \(was) in \(parent); it cannot be redefined as \(now)", "“\(name)”在“\(parent)”中是\(was)，不能重新定义为\(now)"),
            file: file, range: range,
            hint: localized(
                "a policy may redefine a parent's rule, program or table, or give a parent's input a value with a rule",
                "政策可以重新定义上级政策的规则、项目或表，也可以用一条规则为上级政策的输入赋值"))
    }

    static func overrideType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, parent: String, was: ValueType, now: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "override-type",
            localized("\(name) is \(was) in \(parent) but \(now) here", "“\(name)”在“\(parent)”中为\(was.name)，此处却为\(now.name)"),
            file: file, range: range,
            hint: localized("a redefinition keeps the type of the definition it replaces", "重新定义须保持被替换定义的类型"))
    }

    static func overrideTableShape(_ file: SourceFile, _ range: SourceRange, _ name: String, parent: String) -> Diagnostic {
        Diagnostic(
            .error, "override-table",
            localized(
                "the table \(name) replaces the one in \(parent) but has other columns or keys",
                "表“\(name)”替换“\(parent)”中的同名表，但列或键不同"),
            file: file, range: range,
            hint: localized(
                "keep the parent's column names, their units and the `by` keys", "请保留上级政策表的列名、各列的单位和“按”所列的键"))
    }

    static func unknownType(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-type", localized("there is no type or enum named \(name)", "没有名为“\(name)”的类型或枚举"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? localized(
                    "types are yuan, yuan/day, days, months, hours, persons, percent, number, bool, date, text, or an enum the policy declares",
                    "类型有：元、元/天、天、月、小时、人、百分比、数值、是否、日期、文本，以及本政策声明的枚举"))
    }

    static func duplicateColumn(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-column", localized("the column \(name) appears twice", "列“\(name)”重复出现"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func unknownColumn(
        _ file: SourceFile, _ range: SourceRange, _ name: String, table: String, columns: [String]
    ) -> Diagnostic {
        Diagnostic(
            .error, "unknown-column", localized("the table \(table) has no column \(name)", "表“\(table)”没有“\(name)”列"),
            file: file, range: range,
            hint: didYouMean(closest(to: name, among: columns))
                ?? localized("its columns are \(quoted: columns)", "该表的列为\(quoted: columns)"))
    }

    static func raggedRow(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: Int) -> Diagnostic {
        Diagnostic(
            .error, "ragged-row",
            localized(
                "this row has \(cells) cell\(plural(cells)) but the table has \(columns) columns",
                "此行有\(cells)个单元格，但该表有\(columns)列"),
            file: file, range: range,
            hint: localized("separate cells with |; every row fills every column", "单元格之间以“|”分隔；每行都须填满各列"))
    }

    static func cellNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "cell-not-constant", localized("a table cell holds a value, not a calculation", "表的单元格只填值本身，不填算式"),
            file: file, range: range, hint: localized("write the amount itself, with its unit", "请直接写出数额及其单位"))
    }

    static func cellType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "cell-type",
            localized(
                "the column \(column) holds \(expected), but this cell is \(found)",
                "“\(column)”列应为\(expected.name)，此单元格却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name)
    }

    static func duplicateRowKey(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        let line = file.location(of: first.start).line
        return Diagnostic(
            .error, "duplicate-key",
            localized("this row repeats the key of the row on line \(line)", "此行的键与第\(line)行重复"),
            file: file, range: range,
            hint: localized(
                "each key appears once, so a lookup finds exactly one row", "每个键只能出现一次，以便查表时只找到一行"))
    }

    /// How a message names what the checker says lacks a citation ("rule", "open parameter" …).
    private static func declarationName(_ what: String) -> String {
        let chinese: String =
            switch what {
            case "rule": "规则"
            case "program": "项目"
            case "obligation": "义务"
            case "open parameter": "待定参数"
            case "table": "表"
            case "quota": "任务表"
            case "milestones": "进度"
            case "limit": "限额"
            default: what
            }
        return localized("\(verbatim: what)", "\(verbatim: chinese)")
    }

    static func missingCitation(_ file: SourceFile, _ range: SourceRange, what: String, _ name: String) -> Diagnostic {
        let kind = declarationName(what)
        return Diagnostic(
            .error, "missing-citation",
            what == "obligation" || what == "open parameter"
                ? localized("the \(what) \(name) cites no clause", "\(kind)“\(name)”未引用条款")
                : localized("the \(what) \(name) prices money but cites no clause", "\(kind)“\(name)”涉及金额，但未引用条款"),
            file: file, range: range,
            hint: localized(
                "add the clause it encodes after the type, e.g. `: yuan cite \"第五条\"`",
                "请在类型后写明所依据的条款，如“: 元 引用 \"第五条\"”"))
    }

    static func emptyCitation(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "empty-citation", localized("the citation is empty", "所引用的条款为空"), file: file, range: range,
            hint: localized("name the clause, e.g. cite \"第五条\"", "请写明条款，如“引用 \"第五条\"”"))
    }

    static func unknownCase(
        _ file: SourceFile, _ range: SourceRange, _ name: String, enumType: EnumType, suggestion: String?
    ) -> Diagnostic {
        Diagnostic(
            .error, "unknown-case",
            localized("\(name) is not a case of \(enumType.name)", "“\(name)”不是“\(enumType.name)”的枚举项"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? localized(
                    "the cases of \(enumType.name) are \(quoted: enumType.cases)",
                    "“\(enumType.name)”的枚举项为\(quoted: enumType.cases)"))
    }

    static func boundsOnUnorderedInput(_ file: SourceFile, _ range: SourceRange, _ type: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "bounds-unordered",
            localized(
                "an input of type \(type) has no order, so it cannot have bounds", "\(type.name)类型的输入没有大小之分，不能设定取值范围"),
            file: file, range: range)
    }

    static func typeMismatch(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "type-mismatch",
            localized("expected \(expected) here, found \(found)", "此处应为\(expected.name)，实为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: unitHint(expected: expected, found: found))
    }

    private static func unitHint(expected: ValueType, found: ValueType) -> String? {
        if expected == .identity, found.unit != nil {
            return localized(
                "write an identity number as text, in quotes: \"11010519491231002X\"",
                "身份号码应加引号书写为文本，如\"11010519491231002X\"")
        }
        guard case .quantity(let want) = expected, case .quantity(let have) = found else { return nil }
        if have == .number, want != .number {
            return localized(
                "write the unit after the number, e.g. 1000 \(want.isPercent ? "%" : want.description)",
                "请在数字后写上单位，如“1000\(want.isPercent ? "%" : " " + want.name)”")
        }
        return nil
    }

    static func boundsNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "bounds-not-constant", localized("an input's bounds are fixed values", "输入的取值范围须为固定值"), file: file,
            range: range, hint: localized("write e.g. `between 0% and 100%`", "如写作“介于 0% 与 100%”"))
    }

    static func boundsReversed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "bounds-reversed", localized("the lower bound is above the upper bound", "下限高于上限"), file: file,
            range: range)
    }

    static func ruleType(
        _ file: SourceFile, _ range: SourceRange, _ name: String, declared: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "rule-type",
            localized(
                "\(name) is declared \(declared) but its definition gives \(found)",
                "“\(name)”声明为\(declared.name)，但其定义得出的是\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: unitHint(expected: declared, found: found))
    }

    static func cycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, "cycle",
            localized(
                "these rules depend on each other in a circle: \(names, separator: " → ")",
                "以下规则相互依赖，形成循环：\(names, separator: " → ")"),
            file: file, range: range,
            hint: localized(
                "a rule cannot need its own value; break the circle by defining one of them without the others",
                "规则不能依赖其自身的值；请改写其中一条，使其不依赖其余几条，以打破循环"))
    }

    static func evaluationTooDeep(_ file: SourceFile, _ range: SourceRange, _ name: String, depth: Int, limit: Int) -> Diagnostic
    {
        Diagnostic(
            .error, "too-deep",
            localized(
                "evaluating \(name) goes \(depth) levels deep through the rules it uses; the engine allows \(limit)",
                "计算“\(name)”要经由所用规则深入\(depth)层；引擎最多允许\(limit)层"),
            file: file, range: range,
            hint: localized(
                "compute it in fewer steps: a rule can add many terms at once, or read a table, instead of a long chain of rules",
                "请减少计算步骤：一条规则可一次加总多项，或改为查表，不必经过一长串规则"))
    }

    static func unknownName(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-name", localized("nothing named \(name) is declared", "未声明“\(name)”"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? localized(
                    "declare it with `input \(name): …` or `rule \(name): … = …`", "请以“输入 \(name): …”或“规则 \(name): … = …”声明"))
    }

    static func givenNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "not-constant",
            localized("a test gives and expects fixed values, not calculations", "测试的给定值和期望值都须是固定值，不能是算式"),
            file: file, range: range)
    }

    static func givenTable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "given-table",
            localized("\(name) is a table; a test gives values to inputs and rules", "“\(name)”是表；测试只能为输入和规则给定值"),
            file: file, range: range)
    }

    static func expectNotRule(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "expect-not-rule",
            localized("\(name) is not a rule or program of this policy", "“\(name)”不是本政策的规则或项目"),
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func quotedCase(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, "quoted-case",
            localized("\"\(text)\" is text, but a case of an enum is expected here", "\"\(text)\"是文本，但此处应为枚举项"),
            file: file, range: range,
            hint: localized("write the case without quotes: \(text)", "枚举项不加引号，应写作：\(text)"))
    }

    static func invalidIdentity(
        _ file: SourceFile, _ range: SourceRange, _ text: String, problem: IdentityNumber.Problem
    ) -> Diagnostic {
        Diagnostic(
            .error, "invalid-identity",
            localized(
                "\"\(text.abbreviated)\" is not an identity number: \(problem.reason)",
                "\"\(text.abbreviated)\"不是有效的公民身份号码：\(problem.reason)"),
            file: file, range: range,
            hint: localized(
                "an identity number is 17 digits and the check character they give (GB 11643)",
                "公民身份号码为17位数字加由其算出的1位校验码（GB 11643）"))
    }

    /// `doing` is the Checker's verb in the current language: "negate" or 取负.
    static func notANumber(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: String) -> Diagnostic {
        Diagnostic(
            .error, "not-a-number", localized("cannot \(doing) a value of type \(found)", "\(found.name)不能\(doing)"), file: file,
            range: range, primaryLabel: found.name)
    }

    static func lookupWithoutColumn(_ file: SourceFile, _ range: SourceRange, table: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "lookup-column",
            localized(
                "a lookup says which column of \(file.text(of: table)) it reads", "查表须写明读取“\(file.text(of: table))”的哪一列"),
            file: file, range: range,
            hint: localized(
                "name the column after the key: \(file.text(of: range)).COLUMN", "请在键后写明列名：\(file.text(of: range)).列名"))
    }

    static func numberTooLarge(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "number-too-large",
            localized("this number has more than 18 significant digits", "此数字的有效数字超过18位"),
            file: file, range: range, hint: localized("amounts are exact to 18 digits", "数额精确到18位有效数字"))
    }

    static func tableWithoutLookup(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "table-as-value",
            localized("\(name) is a table; look a row up and name the column", "“\(name)”是表；请查出一行并写明列名"),
            file: file, range: range, hint: localized("write \(name)[key].column", "应写作：\(name)[键].列名"))
    }

    static func ambiguousCase(_ file: SourceFile, _ range: SourceRange, _ name: String, enums: [String]) -> Diagnostic {
        Diagnostic(
            .error, "ambiguous-case",
            localized(
                "\(name) is a case of several enums: \(enums, separator: ", ")", "“\(name)”同为多个枚举的枚举项：\(quoted: enums)"),
            file: file, range: range,
            hint: localized("say which: \(enums[0]).\(name)", "请写明所属的枚举，如：\(enums[0]).\(name)"))
    }

    static func inheritedWithoutParent(_ file: SourceFile, _ range: SourceRange, rule: String?) -> Diagnostic {
        Diagnostic(
            .error, "inherited-without-parent",
            rule.map {
                localized(
                    "`inherited` refers to the parent policy's \($0), but no parent policy defines it",
                    "“沿用”指沿用上级政策的“\($0)”，但上级政策均未定义“\($0)”")
            }
                ?? localized(
                    "`inherited` is only meaningful inside a rule that redefines a parent policy's rule",
                    "“沿用”只能用在重新定义上级政策规则的规则中"),
            file: file, range: range)
    }

    static func conditionNotBool(_ file: SourceFile, _ range: SourceRange, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "condition-type",
            localized("a condition is true or false, but this is \(found)", "条件的结果应为是或否，此处却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: localized("compare it with a value, e.g. x >= 50%", "请将其与某个值比较，如“x >= 50%”"))
    }

    static func incomparable(_ file: SourceFile, _ range: SourceRange, left: Node, right: Node) -> Diagnostic {
        Diagnostic(
            .error, "incomparable",
            localized("cannot compare \(left.type) with \(right.type)", "\(left.type.name)与\(right.type.name)不能比较"),
            file: file, range: left.range,
            primaryLabel: left.type.name, labels: [.init(range: right.range, text: right.type.name)],
            hint: left.type == .percent && right.type == .number
                ? localized("write the percent sign after the number, e.g. 50%", "请在数字后加百分号，如“50%”")
                : unitHint(expected: left.type, found: right.type))
    }

    static func unitMismatch(
        _ file: SourceFile, _ range: SourceRange, op: ArithmeticOperator, left: Node, right: Node
    ) -> Diagnostic {
        var hint: String?
        if let l = left.type.unit, let r = right.type.unit {
            if l == .yuan, !r.isDimensionless, !r.involvesMoney {
                let quantity = file.text(of: right.range)
                hint = localized(
                    "multiply a rate by the quantity: RATE yuan/\(r.description.dropLast()) * \(quantity)",
                    "请用补贴标准乘以数量：标准 元/\(r.name) * \(quantity)")
            } else if r == .number || l == .number {
                hint = localized("write the unit after the number", "请在数字后写上单位")
            }
        }
        return Diagnostic(
            .error, "unit-mismatch",
            localized("cannot \(op.verb) \(left.type) and \(right.type)", "\(left.type.name)与\(right.type.name)不能\(op.verb)"),
            file: file, range: right.range, primaryLabel: right.type.name,
            labels: [.init(range: left.range, text: left.type.name)], hint: hint)
    }

    static func boundUnit(_ file: SourceFile, _ kind: BoundKind, value: Node, limit: Node) -> Diagnostic {
        Diagnostic(
            .error, "bound-unit",
            localized(
                "`\(kind.rawValue)` limits \(value.type) by \(limit.type)",
                "“\(kind.localizedName)”限定的值是\(value.type.name)，限额却是\(limit.type.name)"),
            file: file, range: limit.range, primaryLabel: limit.type.name,
            labels: [.init(range: value.range, text: value.type.name)],
            hint: unitHint(expected: value.type, found: limit.type)
                ?? localized("give the limit in the value's unit", "限额的单位应与被限定的值相同"))
    }

    static func inexactDivision(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "unrounded-division",
            localized(
                "this division may not come out exact, and nothing says how to round it", "此除法可能除不尽，且未写明如何舍入"),
            file: file, range: range,
            hint: localized(
                "say how to round: (\(file.text(of: range))) rounded to 0.01 yuan",
                "请写明舍入方式：(\(file.text(of: range))) 四舍五入 至 0.01 元"))
    }

    static func roundingQuantum(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "rounding-quantum", localized("round to a fixed positive amount", "舍入的单位须为固定的正数"), file: file,
            range: range,
            hint: localized(
                "e.g. rounded to 0.01 yuan, or rounded to 1 yuan", "如“四舍五入 至 0.01 元”，或“四舍五入 至 1 元”"))
    }

    static func unitOfQuantum(_ file: SourceFile, _ range: SourceRange, value: ValueType, quantum: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "rounding-unit",
            localized("a value in \(value) is rounded to a step in \(quantum)", "以\(value.name)计的值不能按\(quantum.name)舍入"),
            file: file, range: range, primaryLabel: quantum.name,
            hint: localized("round to a step of the same unit", "请按同一单位舍入"))
    }

    /// `doing` names the operation in the current language: `<`, `at most` or 至多.
    static func notOrdered(_ file: SourceFile, _ range: SourceRange, found: ValueType, doing: String) -> Diagnostic {
        Diagnostic(
            .error, "not-ordered",
            localized(
                "values of type \(found) have no order, so `\(doing)` does not apply", "\(found.name)没有大小之分，不能使用“\(doing)”"),
            file: file, range: range,
            hint: localized("compare them with == or !=, or use match", "请用“==”或“!=”比较，或用“匹配”"))
    }

    /// `what` names the branches in the current language: "the cases of this match".
    static func branchTypes(_ file: SourceFile, _ a: Node, _ b: Node, what: String) -> Diagnostic {
        Diagnostic(
            .error, "branch-types",
            localized("\(what) give different types: \(a.type) and \(b.type)", "\(what)的类型不一致：\(a.type.name)与\(b.type.name)"),
            file: file, range: b.range, primaryLabel: b.type.name, labels: [.init(range: a.range, text: a.type.name)])
    }

    static func notATable(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(.error, "not-a-table", localized("\(name) is not a table", "“\(name)”不是表"), file: file, range: range)
    }

    static func keyCount(_ file: SourceFile, _ range: SourceRange, table: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .error, "key-count",
            localized("the table \(table) is looked up by \(expected, separator: ", ")", "表“\(table)”按\(quoted: expected)查找"),
            file: file, range: range,
            hint: localized(
                "give one key for each: \(table)[\(expected, separator: ", ")]",
                "请为每个键各给一个值：\(table)[\(expected, separator: ", ")]"))
    }

    static func keyType(
        _ file: SourceFile, _ range: SourceRange, column: String, expected: ValueType, found: ValueType
    ) -> Diagnostic {
        Diagnostic(
            .error, "key-type",
            localized(
                "the key column \(column) holds \(expected), but this key is \(found)",
                "键列“\(column)”为\(expected.name)，此键却为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: expected == .text
                ? localized(
                    "name the column after the enum (\(found)) so its cells are cases",
                    "请以枚举名（\(found.name)）为该列命名，使其单元格成为枚举项")
                : nil)
    }

    static func memberOfValue(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "member",
            localized(
                "'.' reads a column of a looked-up row or names an enum's case", "“.”用于读取查出的行中的某一列，或指明枚举的某一项"),
            file: file, range: range,
            hint: localized("write TABLE[KEY].COLUMN, or ENUM.CASE", "应写作 表名[键].列名，或 枚举名.枚举项"))
    }

    /// `function` and `expected` are in the current language: "min" or 较小值, "one date" or 一个日期.
    static func argumentCount(_ file: SourceFile, _ range: SourceRange, function: String, expected: String) -> Diagnostic {
        Diagnostic(
            .error, "arguments", localized("\(function)(…) takes \(expected)", "\(function)(…)的参数应为\(expected)"), file: file,
            range: range)
    }

    static func elseNotLast(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "else-not-last",
            localized("`else` is the last case of a match, on its own", "“否则”须单独作为匹配的最后一个分支"),
            file: file, range: range)
    }

    static func patternNotConstant(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "pattern-not-constant",
            localized("a case of a match is a fixed value, a range or else", "匹配的分支须为固定值、范围或“否则”"),
            file: file, range: range,
            hint: localized("e.g. 初级 =>, below 100 persons =>, else =>", "如“初级 =>”、“低于 100 人 =>”、“否则 =>”"))
    }

    static func duplicatePattern(_ file: SourceFile, _ range: SourceRange, first: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-pattern", localized("this case is already matched above", "此分支与上文的分支重复"), file: file,
            range: range, labels: [.init(range: first, text: firstHere)])
    }

    static func nonExhaustiveEnum(_ file: SourceFile, _ range: SourceRange, type: EnumType, missing: [String]) -> Diagnostic {
        Diagnostic(
            .error, "non-exhaustive",
            localized(
                "this match does not say what \(missing, separator: ", ") get\(missing.count == 1 ? "s" : "")",
                "此匹配未写明\(quoted: missing)对应的值"),
            file: file, range: range,
            hint: localized(
                "add a case for \(missing.count == 1 ? "it" : "each") (\(type.name) has \(type.cases, separator: ", ")), or `else => …`",
                "请为\(missing.count == 1 ? "其" : "每一项")添加分支（“\(type.name)”的枚举项为\(quoted: type.cases)），或添加“否则 => …”"
            ))
    }

    /// `hint` is the Checker's, in the current language.
    static func nonExhaustive(_ file: SourceFile, _ range: SourceRange, hint: String) -> Diagnostic {
        Diagnostic(
            .error, "non-exhaustive", localized("this match does not cover every value", "此匹配未涵盖所有取值"), file: file,
            range: range, hint: hint)
    }

    static func emptyKey(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "empty-key", localized("a key cell cannot be none", "键所在的单元格不能为“无”"), file: file, range: range,
            hint: localized("every row is found by its key; write the key", "每行都凭键查找；请填写键"))
    }

    static func noneOutsideTable(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "none-outside-table",
            localized("`none` marks an empty table cell; it is not a value", "“无”表示表中的空单元格，不是一个值"),
            file: file, range: range,
            hint: localized(
                "use `otherwise` to give a value where a table has none", "表中为“无”时，请用“缺省”给出取值"))
    }

    static func unknownMilestones(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-milestones", localized("no milestones named \(name) are declared", "未声明名为“\(name)”的进度"),
            file: file, range: range,
            hint: didYouMean(suggestion)
                ?? localized(
                    "declare them: milestones \(name) cite \"…\" { DAY => SHARE }",
                    "请声明：进度 \(name) 引用 \"…\" { 日期 => 比例 }"))
    }

    static func quotaColumnType(_ file: SourceFile, _ range: SourceRange, column: String, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "quota-column",
            localized(
                "the quota's column \(column) holds \(found), but targets are numbers",
                "任务表的“\(column)”列为\(found.name)，但任务目标须为数字"),
            file: file, range: range)
    }

    static func totalCells(_ file: SourceFile, _ range: SourceRange, cells: Int, columns: [String]) -> Diagnostic {
        Diagnostic(
            .error, "total-cells",
            localized(
                "the total row has \(cells) cell\(plural(cells)), one for each target column is needed",
                "合计行有\(cells)个单元格，应为每个目标列各填一个"),
            file: file, range: range,
            hint: localized(
                "write `total | …` with a total for each of \(columns, separator: ", "), or none",
                "应写作“合计 | …”，为\(quoted: columns)各填一个合计数，或填“无”"))
    }

    static func totalMismatch(_ file: SourceFile, _ range: SourceRange, column: String, sum: String, stated: String) -> Diagnostic
    {
        Diagnostic(
            .error, "total-mismatch",
            localized(
                "the rows of \(column) add up to \(sum), but the stated total is \(stated)",
                "“\(column)”列各行相加为\(sum)，但所列合计为\(stated)"),
            file: file, range: range, primaryLabel: localized("stated \(stated)", "所列合计\(stated)"),
            hint: localized(
                "check each row against the document: a row may be missing, split over two lines, or mistyped",
                "请逐行对照原文件核对：可能漏了一行、一行被拆成了两行，或有录入错误"))
    }

    static func milestonesOrder(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "milestones-order",
            localized(
                "milestones go forward: each day later and each share no smaller than the one before",
                "进度节点须依次推进：每个节点的日期晚于前一个，比例不小于前一个"),
            file: file, range: range)
    }

    static func milestoneShare(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "milestone-share",
            localized("a milestone is a share of the target between 0% and 100%", "进度节点是目标的比例，须介于0%与100%之间"),
            file: file, range: range)
    }

    static func limitProgram(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "limit-program",
            localized(
                "a limit counts programs, and \(name) is not a program of this policy", "限额所计的是项目，而“\(name)”不是本政策的项目"),
            file: file, range: range, hint: didYouMean(suggestion))
    }

    static func limitProgramTypes(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "limit-programs",
            localized(
                "the programs a limit counts give one unit: \(expected), but this one gives \(found)",
                "限额所计的各项目须得出同一单位：\(expected.name)，但此项目得出的是\(found.name)"),
            file: file, range: range)
    }

    static func limitCount(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "limit-count",
            localized("a limit on claims is a whole number of at least 1", "申领件数的限额须为不小于1的整数"), file: file,
            range: range, hint: localized("e.g. at most 3 claims", "如“至多 3 件”"))
    }

    static func limitAmountType(_ file: SourceFile, _ range: SourceRange, programs: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "limit-amount",
            localized("the programs give \(programs), but the limit is \(found)", "这些项目得出的是\(programs.name)，但限额为\(found.name)"),
            file: file, range: range, primaryLabel: found.name,
            hint: localized(
                "write `claims` after a number of claims: at most 3 claims", "申领件数后应写“件”：至多 3 件"))
    }

    static func bracketRates(_ file: SourceFile, _ range: SourceRange, expected: ValueType, found: ValueType) -> Diagnostic {
        Diagnostic(
            .error, "bracket-rates",
            localized(
                "every bracket's rate has one unit: \(expected), but this is \(found)",
                "各档标准的单位须一致：\(expected.name)，但此处为\(found.name)"),
            file: file, range: range, primaryLabel: found.name)
    }
}

extension BoundKind {
    /// How a message names the bound: `at most`, or 至多 in Chinese.
    var localizedName: String {
        localized(rawValue, self == .atMost ? "至多" : "至少")
    }
}

// MARK: - Library

extension Messages {
    static func duplicatePolicy(_ file: SourceFile, _ range: SourceRange, _ name: String, first: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, "duplicate-policy",
            localized("another file already defines a policy named \(name)", "另一文件已定义名为\(name)的政策"),
            file: file, range: range, hint: localized("policy names are unique across the library", "政策名称在政策库中不得重复"),
            notes: [localized("first defined in \(verbatim: first.path)", "首次定义于\(verbatim: first.path)")])
    }

    static func unknownParent(_ file: SourceFile, _ range: SourceRange, _ name: String, suggestion: String?) -> Diagnostic {
        Diagnostic(
            .error, "unknown-parent",
            localized(
                "this policy extends \(name), but no policy of that name is loaded", "本政策依据\(name)，但未载入该名称的政策"),
            file: file, range: range,
            hint: suggestion.map { localized("did you mean '\($0)'?", "是否应为“\($0)”？") }
                ?? localized("add the parent policy's file to the policy directory", "请将所依据政策的文件放入政策目录"))
    }

    static func brokenAncestor(_ file: SourceFile, _ range: SourceRange, _ name: String) -> Diagnostic {
        Diagnostic(
            .error, "broken-parent", localized("this policy extends \(name), which cannot be loaded", "本政策依据\(name)，但该政策无法载入"),
            file: file, range: range,
            hint: localized(
                "fix the error reported for \(name) or the policies it extends", "请先改正\(name)或其所依据政策中报告的错误"))
    }

    static func extendsCycle(_ file: SourceFile, _ range: SourceRange, names: [String]) -> Diagnostic {
        Diagnostic(
            .error, "extends-cycle",
            localized(
                "these policies extend each other in a circle: \(names, separator: " → ")",
                "以下政策相互依据，形成循环：\(names, separator: " → ")"),
            file: file, range: range,
            hint: localized("a county extends its province; the province extends no county", "县级政策依据省级政策，省级政策不依据县级政策"))
    }

    static func ambiguousPolicies(_ policy: PolicyInfo, other: PolicyInfo, programs: [String]) -> Diagnostic {
        Diagnostic(
            .error, "ambiguous-policies",
            localized(
                "\(policy.name) and \(other.name) both take force for \(policy.jurisdictionPath) on \(policy.period.start) and both define \(programs, separator: ", ")",
                "\(policy.name)与\(other.name)均自\(policy.period.start)起在\(policy.jurisdictionPath)生效，且均定义了\(programs, separator: "、")"
            ),
            file: policy.source, range: nil,
            hint: localized(
                "a claim could not tell which decides; give each its own period in force", "申领时无法确定由哪一政策裁定；请为两者分别规定施行期间"),
            notes: [
                localized("\(other.name) is in \(verbatim: other.source.path)", "\(other.name)位于\(verbatim: other.source.path)")
            ])
    }
}

// MARK: - Deep checks (`policy check`)

extension Messages {
    private static var checkAgainstDocument: String {
        localized("check the comparison against the document, and the conditions before it", "请对照文件核对该比较及其前面的条件")
    }

    static func conditionNeverTrue(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "branch-never-taken",
            localized(
                "this condition is never true here, so the branch after `then` is never taken", "此处该条件永不成立，`那么`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func conditionAlwaysTrue(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "branch-never-taken",
            localized(
                "this condition is always true here, so the branch after `else` is never taken", "此处该条件恒成立，`否则`之后的分支永远不会执行"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementNeverMet(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "requirement-never-met",
            localized("this requirement can never be met here, so every claim is refused", "此处该要求永远无法满足，所有申领都将被拒绝"),
            file: file, range: range, hint: checkAgainstDocument, notes: known)
    }

    static func requirementAlwaysMet(_ file: SourceFile, _ range: SourceRange, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "requirement-always-met",
            localized("this requirement is always met here, so it never refuses a claim", "此处该要求总能满足，不会拒绝任何申领"),
            file: file, range: range,
            hint: localized(
                "check the comparison; a requirement that cannot fail decides nothing", "请核对该比较；总能满足的要求不起判定作用"),
            notes: known)
    }

    /// A note of a condition's warning: what is known here about one of its subjects.
    static func knownValues(of subject: String, _ values: String) -> String {
        localized("here \(subject) is \(verbatim: values)", "此处\(subject)的取值为“\(verbatim: values)”")
    }

    static func caseNeverReached(
        _ file: SourceFile, _ range: SourceRange, isElse: Bool, subject: String, left: String?
    ) -> Diagnostic {
        let message =
            isElse
            ? localized(
                "this else is never reached: the cases above take every value \(subject) can have",
                "此`否则`分支永远不会执行：上面的情形已涵盖\(subject)可能取的全部值")
            : left.map {
                localized(
                    "this case is never reached: by here \(subject) can only be \(verbatim: $0)",
                    "此情形永远不会匹配：到此处\(subject)的取值只剩“\(verbatim: $0)”")
            }
                ?? localized(
                    "this case is never reached: the cases and conditions before it leave no value of \(subject)",
                    "此情形永远不会匹配：其前面的情形和条件已不给\(subject)留下任何取值")
        return Diagnostic(
            .warning, "case-never-reached", message, file: file, range: range,
            hint: isElse
                ? localized("remove the else, or check the cases above", "请删除`否则`分支，或核对上面的情形")
                : localized("remove the case, or check the ones before it", "请删除该情形，或核对其前面的情形"))
    }

    static func bracketNeverApplies(
        _ file: SourceFile, _ range: SourceRange, holdsNothing: Bool, quantity: String, domain: String
    ) -> Diagnostic {
        Diagnostic(
            .warning, "bracket-never-applies",
            holdsNothing
                ? localized(
                    "this bracket holds no quantity: its lower end is not below its upper end", "此档不含任何数量：其下限不低于上限")
                : localized(
                    "this bracket never applies: \(quantity) can only be \(verbatim: domain)",
                    "此档永远不会适用：\(quantity)的取值只能是“\(verbatim: domain)”"),
            file: file, range: range, hint: localized("check the bracket's ends against the document", "请对照文件核对此档的上下限"))
    }

    static func bracketShadowed(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "bracket-never-applies",
            localized(
                "this bracket never applies: the brackets before it take every quantity it holds", "此档永远不会适用：其所含的数量已全部落入前面各档"),
            file: file, range: range,
            hint: localized(
                "in a banded schedule the first bracket that holds the quantity decides", "按`分档`计算时，由第一个包含该数量的档裁定"))
    }

    static func bracketsOverlap(
        _ file: SourceFile, _ range: SourceRange, earlier: SourceRange, shared: String, kind: TierKind
    ) -> Diagnostic {
        let line = file.location(of: earlier.start).line
        let text = file.oneLineText(of: earlier)
        return Diagnostic(
            .warning, "brackets-overlap",
            localized(
                "this bracket overlaps an earlier one: both hold \(verbatim: shared)", "此档与前面的一档重叠：两档都包含“\(verbatim: shared)”"),
            file: file, range: range, labels: [.init(range: earlier, text: localized("the earlier bracket", "前面的一档"))],
            hint: kind == .marginal
                ? localized(
                    "a marginal schedule would pay that part twice; start each bracket where the last ends: `up to 10 days`, then `above 10 days`",
                    "按`累进`计算会对重叠部分重复补贴；每一档应从上一档的终点开始：先写`不超过 10 天`，再写`超过 10 天`")
                : localized(
                    "the first bracket decides what both hold; make the edges meet without overlapping: `below 100 persons`, then `from 100 persons`",
                    "两档都包含的数量由前一档裁定；请使两档首尾相接而不重叠：先写`低于 100 人`，再写`自 100 人`"),
            notes: [localized("the earlier bracket is `\(text)`, line \(line)", "前面的一档为`\(text)`，位于第\(line)行")])
    }

    static func scheduleGap(_ file: SourceFile, _ range: SourceRange, gap: String, kind: TierKind) -> Diagnostic {
        Diagnostic(
            .warning, "schedule-gap", localized("no bracket of this schedule holds \(verbatim: gap)", "各档均不包含“\(verbatim: gap)”"),
            file: file, range: range,
            hint: kind == .marginal
                ? localized(
                    "that part of the quantity earns nothing; add a bracket for it (`=> 0 yuan/day` if the document pays nothing there)",
                    "该部分数量得不到任何补贴；请为其增设一档（文件对该部分不予补贴的，写`=> 0 元/天`）")
                : localized(
                    "a claim there is refused (or takes the `otherwise`); add a bracket for it",
                    "落在该范围的申领将被拒绝（或取`缺省`之值）；请为其增设一档"))
    }

    /// `what` is `input`, `rule` or `table`: it names the declaration and ends the code.
    static func unusedDeclaration(_ file: SourceFile, _ range: SourceRange, what: String, _ name: String) -> Diagnostic {
        let kind =
            switch what {
            case "input": "输入"
            case "rule": "规则"
            case "table": "表"
            default: what
            }
        return Diagnostic(
            .warning, "unused-\(what)", localized("nothing uses the \(what) \(name)", "\(kind)\(name)未被使用"), file: file,
            range: range,
            hint: what == "rule"
                ? localized(
                    "make it a program if a claim should name it, or use it where the document applies it, or remove it",
                    "申领若须指明它，请将其改为`项目`；也可在文件适用之处使用它，或将其删除")
                : localized("use it where the document applies it, or remove it", "请在文件适用之处使用它，或将其删除"))
    }

    static func testExpectsNothing(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .warning, "test-expects-nothing",
            localized("this test expects nothing, so it checks nothing", "此测试没有任何期望，因而不检验任何内容"), file: file,
            range: range,
            hint: localized(
                "add `expect PROGRAM = AMOUNT` or `expect PROGRAM refused \"…\"`", "请添加`期望 项目 = 金额`或`期望 项目 拒绝 \"…\"`"))
    }

    static func givenUnused(_ file: SourceFile, _ range: SourceRange, _ name: String, expected: [String]) -> Diagnostic {
        Diagnostic(
            .warning, "given-unused",
            localized(
                "the test gives \(name), but nothing it expects reads it (\(expected, separator: ", "))",
                "此测试给定了\(name)，但所期望的项目均不读取它（\(expected, separator: "、")）"),
            file: file, range: range,
            hint: localized("remove it, or expect the program that uses it", "请将其删除，或期望使用它的项目"))
    }

    static func unpricedCases(
        _ file: SourceFile, _ range: SourceRange, table: String, column: String, missing: [String], uses: [String],
        allFallBack: Bool
    ) -> Diagnostic {
        Diagnostic(
            allFallBack ? .note : .warning, "unpriced-case",
            localized(
                "the table \(table) has no row for \(column) \(missing, separator: ", ")",
                "表\(table)中没有\(column)为\(missing, separator: "、")的行"),
            file: file, range: range,
            hint: allFallBack
                ? nil
                : localized(
                    "add a row for each case (write none in the cells the document leaves empty), or `otherwise …` where the table is read",
                    "请为每种情形各添一行（文件未作规定的格子写`无`），或在读取该表之处写`缺省 …`"),
            notes: uses)
    }

    /// A note of `unpriced-case`: a rule that reads the table, the column it reads, and what it
    /// does with a case the table has no row for: refuse, or fall back (`writtenFallback`,
    /// `inheritedFallback`).
    static func tableReader(_ rule: String, line: Int, column: String, fallback: String?) -> String {
        guard let fallback else {
            return localized(
                "\(rule) (line \(line)) reads \(column) and refuses such a claim: it has no `otherwise`",
                "\(rule)（第\(line)行）读取\(column)，会拒绝此类申领：该处没有`缺省`")
        }
        return localized(
            "\(rule) (line \(line)) reads \(column) and falls back to \(verbatim: fallback)",
            "\(rule)（第\(line)行）读取\(column)，缺省时取\(verbatim: fallback)")
    }

    /// The `otherwise` of a table reader as written.
    static func writtenFallback(_ expression: String) -> String {
        localized("`\(expression)`", "`\(expression)`")
    }

    /// The `otherwise` of a table reader that is `inherited`: the parent's rule, and the day the
    /// parent takes force when that is after the reader's policy does.
    static func inheritedFallback(parent: String, _ rule: String, inForceFrom start: CalendarDate?) -> String {
        let inherited = localized("inherited: \(parent)'s \(rule)", "`沿用`，即\(parent)的\(rule)")
        guard let start else { return inherited }
        return inherited
            + localized(", in force from \(start): before then such a claim is refused", "，该政策自\(start)起施行，此前的此类申领将被拒绝")
    }

    static func aboveParentCap(
        _ file: SourceFile, _ range: SourceRange, _ name: String, reaches: String, parent: String, cap: String, at place: String
    ) -> Diagnostic {
        Diagnostic(
            .warning, "above-parent-cap",
            localized(
                "\(name) can reach \(reaches), above the \(cap) that \(parent) sets as its cap",
                "\(name)最高可达\(reaches)，超过\(parent)规定的封顶额\(cap)"),
            file: file, range: range,
            hint: localized(
                "a county prices within its province's cap; check the amount or add `at most \(cap)`",
                "县级标准应在省级封顶额以内；请核对金额，或加上`至多 \(cap)`"),
            notes: [localized("\(parent)'s cap is at \(verbatim: place)", "\(parent)的封顶规定位于\(verbatim: place)")])
    }

    /// `lowest` is nil where the amount has no limit below.
    static func negativeAmount(_ file: SourceFile, _ range: SourceRange, _ name: String, lowest: String?, zero: String)
        -> Diagnostic
    {
        Diagnostic(
            .warning, "negative-amount",
            lowest.map {
                localized("the program \(name) can grant a negative amount: as low as \($0)", "项目\(name)可能核发负数金额：最低可达\($0)")
            } ?? localized("the program \(name) can grant a negative amount, with no limit below", "项目\(name)可能核发负数金额，且没有下限"),
            file: file, range: range,
            hint: localized(
                "a subsidy is never negative; check the signs and what is subtracted against the document, or keep the amount at zero or above with `max(\(zero), …)` or `at least \(zero)`",
                "补贴金额不会为负；请对照文件核对正负号和所减的数额，或以`较大值(\(zero), …)`或`至少 \(zero)`使金额不低于零"))
    }

    static func periodsOverlap(_ policy: PolicyInfo, other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, "period-overlap",
            localized(
                "\(policy.name) and \(other.name) are both in force for \(policy.jurisdictionPath) from \(from) to \(to), and both define \(programs, separator: ", ")",
                "\(policy.name)与\(other.name)自\(from)至\(to)均在\(policy.jurisdictionPath)施行，且均定义了\(programs, separator: "、")"
            ),
            file: policy.source, range: policy.nameRange,
            hint: localized(
                "\(policy.name), which takes force later, decides them then; if it replaces \(other.name), make it extend \(other.name) or end \(other.name)'s period the day before",
                "其间由生效较晚的\(policy.name)裁定；如\(policy.name)取代\(other.name)，请使其依据\(other.name)，或将\(other.name)的施行期间截止于前一日"
            ),
            notes: [
                localized(
                    "\(other.name) is in \(verbatim: other.source.path), in force \(other.period)",
                    "\(other.name)位于\(verbatim: other.source.path)，施行期间为\(other.period)")
            ])
    }

    static func periodGap(_ policy: PolicyInfo, after other: PolicyInfo, from: CalendarDate, to: CalendarDate, programs: [String])
        -> Diagnostic
    {
        Diagnostic(
            .warning, "period-gap",
            localized(
                "from \(from) to \(to), between \(other.name) and \(policy.name), no policy for \(policy.jurisdictionPath) defines \(programs, separator: ", ")",
                "自\(from)至\(to)，即\(other.name)与\(policy.name)之间，\(policy.jurisdictionPath)没有任何政策定义\(programs, separator: "、")"
            ),
            file: policy.source, range: policy.nameRange,
            hint: localized(
                "claims dated then are refused; start \(policy.name) the day after \(other.name) ends, or extend \(other.name)'s period",
                "该期间的申领将被拒绝；请使\(policy.name)自\(other.name)截止的次日起施行，或延长\(other.name)的施行期间"),
            notes: [
                localized(
                    "\(other.name) is in \(verbatim: other.source.path), in force \(other.period)",
                    "\(other.name)位于\(verbatim: other.source.path)，施行期间为\(other.period)")
            ])
    }
}

// MARK: - Keyword sets and the formatter

extension Messages {
    /// A name that reads as a keyword of the set a file is converted to; `places` are where it
    /// appears, the first reported, the others noted.
    static func keywordCollision(
        _ file: SourceFile, _ places: [SourceRange], _ name: String, keywords: [Keyword], in target: KeywordSet
    ) -> Diagnostic {
        let english = keywords.map(\.rawValue).joined(separator: " ")
        let chinese =
            KeywordSet.phrases.first { $0.words == keywords }?.chinese
            ?? keywords.map { KeywordSet.chinese[$0] ?? $0.rawValue }.joined()
        let others = places.dropFirst().prefix(10).map { "\(file.location(of: $0.start))" }
        let more = places.count - 1 - others.count
        return Diagnostic(
            .error, "keyword-collision",
            target == .zh
                ? localized(
                    "converted to Chinese keywords, the name \(name) would read as the keyword \(verbatim: chinese) (`\(verbatim: english)`)",
                    "改写为中文关键字后，名称“\(name)”将被读作关键字“\(verbatim: chinese)”（\(verbatim: english)）")
                : localized(
                    "converted to English keywords, the name \(name) would read as the keyword `\(verbatim: english)`",
                    "改写为英文关键字后，名称“\(name)”将被读作关键字“\(verbatim: english)”"),
            file: file, range: places[0],
            hint: localized(
                "rename it, here and wherever it appears, to a word that is a keyword in neither set; then convert the file",
                "请将其改名（此处及其出现的各处），改用在两套关键字中都不是关键字的词，再转换本文件"),
            notes: others.isEmpty
                ? []
                : [
                    localized(
                        "it also appears at \(others, separator: ", ")\(verbatim: more > 0 ? " and \(more) more places" : "")",
                        "该名称还出现在\(others, separator: "、")\(verbatim: more > 0 ? "等处（另有\(more)处）" : "")")
                ])
    }

    static func formatMismatch(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, "format-mismatch",
            localized(
                "formatting would change what this file says here, so it is not formatted", "整理格式会改变本文件此处的内容，因此不予整理"),
            file: file, range: range,
            hint: localized(
                "this is a fault of policy fmt: please report it with the file", "这是 policy fmt 的缺陷，请连同此文件一并报告"))
    }

    static func chineseUnit(_ file: SourceFile, _ range: SourceRange, _ word: String, number: String, english: String)
        -> Diagnostic
    {
        Diagnostic(
            .error, "chinese-unit",
            localized(
                "this file is written with English keywords, where \(word) is written \(english)",
                "本文件使用英文关键字，“\(word)”应写作 \(english)"),
            file: file, range: range,
            hint: localized(
                "write \(number) \(english); or write the whole file with Chinese keywords (policy fmt --keywords zh)",
                "写作 \(number) \(english)；或用 policy fmt --keywords zh 将全文改为中文关键字"))
    }
}
