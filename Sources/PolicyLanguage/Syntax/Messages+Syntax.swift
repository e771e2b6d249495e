// The messages of the lexer and the parser.

extension Messages {
    // MARK: Lexer

    /// Bytes that are not UTF-8, one run of them: the first few shown in hex.
    static func invalidUTF8(_ file: SourceFile, _ range: SourceRange, bytes: ArraySlice<UInt8>) -> Diagnostic {
        let shown = Self.runShown
        let hex =
            bytes.prefix(shown).map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            + (bytes.count > shown ? " …" : "")
        let what =
            bytes.count == 1
            ? message("this byte (\(hex)) is not UTF-8 text", "此字节（\(hex)）不是UTF-8文本")
            : message("these \(bytes.count) bytes (\(hex)) are not UTF-8 text", "这\(bytes.count)个字节（\(hex)）不是UTF-8文本")
        return Diagnostic(
            .error, .invalidUTF8, what,
            file: file, range: range,
            hint: message("save the file as UTF-8; policies are plain UTF-8 text", "请将文件另存为UTF-8编码；政策文件是纯UTF-8文本"))
    }

    /// How many bytes of a run that is not UTF-8, or characters of a run of control characters,
    /// its error shows.
    static let runShown = 4

    static func unterminatedString(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .unterminatedText, message("this text has no closing quote", "此文本缺少后引号"),
            file: file, range: range, hint: message("end the text with \" on the same line", "请在同一行内以“\"”结束文本"))
    }

    static func unknownEscape(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar) -> Diagnostic {
        Diagnostic(
            .error, .unknownEscape,
            message(
                "'\\\(Character(scalar))' is not an escape this language knows", "“\\\(Character(scalar))”不是本语言认可的转义写法"),
            file: file, range: range,
            hint: message(
                "inside text write \\\" for a quote, \\\\ for a backslash, \\n for a new line",
                "文本中以“\\\"”表示引号，以“\\\\”表示反斜杠，以“\\n”表示换行"))
    }

    static func invalidDate(_ file: SourceFile, _ range: SourceRange, year: Int, month: Int, day: Int) -> Diagnostic {
        let reason: Phrase
        if !(1...12).contains(month) {
            reason = message("there is no month \(month)", "没有\(month)月")
        } else if year < 1 {
            reason = message("there is no year \(year)", "没有\(year)年")
        } else {
            let days = CalendarDate.daysIn(month: month, year: year)
            reason = message(
                "\(year)-\(month < 10 ? "0" : "")\(month) has \(days) days", "\(year)年\(month)月只有\(days)天")
        }
        return Diagnostic(
            .error, .invalidDate, message("this is not a date: \(reason)", "这不是有效日期：\(reason)"), file: file,
            range: range)
    }

    /// A character that is not part of the language and not a control character (those are
    /// `strayControlCharacters`).
    static func strayCharacter(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar, fix: Phrase?) -> Diagnostic {
        let code = Self.codePoint(scalar)
        return Diagnostic(
            .error, .unexpectedCharacter,
            message(
                "the character '\(Character(scalar))' (\(code)) is not part of the language",
                "字符“\(Character(scalar))”（\(code)）不属于本语言"),
            file: file, range: range,
            hint: fix ?? message("remove it, or put it inside text between \"…\"", "请删除该字符，或将其写在 \"…\" 之间的文本中"))
    }

    /// A run of control characters, one error: the first few by their code points.
    static func strayControlCharacters(_ file: SourceFile, _ range: SourceRange, _ run: [Unicode.Scalar]) -> Diagnostic {
        let shown = Self.runShown
        let codes = run.prefix(shown).map(codePoint).joined(separator: " ") + (run.count > shown ? " …" : "")
        let what =
            run.count == 1
            ? message("the control character \(codes) is not part of the language", "控制字符\(codes)不属于本语言")
            : message(
                "these \(run.count) control characters (\(codes)) are not part of the language",
                "这\(run.count)个控制字符（\(codes)）不属于本语言")
        let them = run.count == 1 ? Phrase("it", "该字符") : Phrase("them", "这些字符")
        return Diagnostic(
            .error, .unexpectedCharacter, what, file: file, range: range,
            hint: message(
                "remove \(them.english): a policy is plain text (was the file saved by a word processor?)",
                "请删除\(them.chinese)：政策文件是纯文本（此文件是否由文字处理软件保存？）"))
    }

    /// A character's code point as Unicode writes it: U+0041.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `if` in a file of Chinese keywords, `否则` in one of English keywords.
    static func otherKeywordSet(
        _ file: SourceFile, _ range: SourceRange, _ word: String, replacement: String, fileSet: KeywordSet
    ) -> Diagnostic {
        let (language, fileLanguage, first): (Phrase, Phrase, String) =
            fileSet == .zh
            ? (Phrase("an English keyword", "英文关键字"), Phrase("Chinese keywords", "中文关键字"), "政策")
            : (Phrase("a Chinese keyword", "中文关键字"), Phrase("English keywords", "英文关键字"), "policy")
        return Diagnostic(
            .error, .otherKeywordSet,
            message(
                "`\(word)` is \(language); this file uses \(fileLanguage): write \(replacement)",
                "“\(word)”是\(language)；本文件使用\(fileLanguage)：应写作“\(replacement)”"),
            file: file, range: range, primaryLabel: message("write \(replacement)", "应写作 \(replacement)"),
            hint: message(
                "a file's first word chooses its keywords (`\(first)` here): in it, words of the other set are read as names",
                "文件的第一个词决定其关键字（此处为“\(first)”）：文件中另一套关键字的词都被读作名称"))
    }

    /// `如果培训天数`: a keyword and a name with no space between, read as one name.
    static func keywordRunsIntoName(_ file: SourceFile, _ range: SourceRange, _ name: String, keyword: String) -> Diagnostic {
        let rest = String(name.dropFirst(keyword.count))
        return Diagnostic(
            .error, .keywordRunsIntoName,
            message(
                "\(name) reads as one name; put a space after \(keyword)", "“\(name)”被读作一个名称；应在“\(keyword)”后加空格"),
            file: file, range: range, primaryLabel: message("write \(keyword) \(rest)", "应写作 \(keyword) \(rest)"),
            hint: message(
                "a keyword is a word of its own: spaces separate it from the names around it",
                "关键字是独立的词，须用空格与前后的名称分开"))
    }

    /// `、` or `；` between two items, read as `,`.
    static func separator(_ file: SourceFile, _ range: SourceRange, _ scalar: Unicode.Scalar) -> Diagnostic {
        let character = String(Character(scalar))
        return Diagnostic(
            .error, .unexpectedCharacter,
            message(
                "items are separated by ',', not '\(character)'", "各项之间用“,”分隔，而不是“\(character)”"),
            file: file, range: range, primaryLabel: message("write ,", "应改为 ,"),
            hint: message(
                "write , between the cases of an enum, the givens of a test, the keys of a lookup and a function's arguments (the rest of the line was read as if it were ,)",
                "枚举的各项、测试的各个给定值、查表的各个键和函数的各个参数之间都用“,”分隔（本行其余部分已按“,”读取）"))
    }

    static func curlyQuotes(_ file: SourceFile, _ range: SourceRange, _ text: String) -> Diagnostic {
        Diagnostic(
            .error, .curlyQuotes,
            message("text is written between straight quotes, not Chinese quotation marks", "文本应写在英文直引号之间，不用中文引号"),
            file: file, range: range, hint: message("write \"\(text)\"", "应写作：\"\(text)\""))
    }

    /// The first error past a file's limit (`ErrorLog`), where it stops being read.
    static func tooManyErrors(_ file: SourceFile, _ range: SourceRange?, limit: Int) -> Diagnostic {
        Diagnostic(
            .error, .tooManyErrors,
            message(
                "more than \(limit) errors: the file is not checked from here on", "错误超过\(limit)处：本文件从此处起未再检查"),
            file: file, range: range,
            hint: message(
                "correct the errors above and check again; a file with this many is often not policy text (saved by a word processor, or not as UTF-8)",
                "请先改正以上错误再检查；错误如此之多，常因文件不是政策文本（由文字处理软件保存，或未存为UTF-8编码）"))
    }

    // MARK: Parser

    static func expected(_ file: SourceFile, _ token: Token, _ what: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .syntax, message("expected \(what), found \(token.kind.phrase)", "此处应为\(what)，实为\(token.kind.phrase)"),
            file: file, range: token.range)
    }

    static func keywordAsName(_ file: SourceFile, _ range: SourceRange, _ keyword: Keyword, expected what: Phrase) -> Diagnostic {
        Diagnostic(
            .error, .keywordAsName,
            message(
                "expected \(what), found the keyword '\(keyword.rawValue)'",
                "此处应为\(what)，实为关键字“\(keyword.phrase)”"),
            file: file, range: range,
            hint: message(
                "'\(keyword.rawValue)' is reserved by the language; choose another name",
                "“\(keyword.phrase)”是本语言的保留字，请另取名称"))
    }

    static func missingHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .missingHeader,
            message("a policy file starts with its header: policy NAME { … }", "政策文件应以政策头部开头：政策 名称 { … }"),
            file: file, range: range,
            hint: message(
                "begin with `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`",
                "以“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”开头"))
    }

    static func emptyFile(_ file: SourceFile) -> Diagnostic {
        Diagnostic(
            .error, .emptyFile, message("this policy file has no policy in it", "此政策文件中没有政策"),
            file: file, range: SourceRange(start: 0, end: 0),
            hint: message(
                "write its header first, `policy NAME { title \"…\" document \"…\" jurisdiction PROVINCE/CITY in force FIRST-DAY to LAST-DAY }`, or remove the file",
                "请先写政策头部“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”，或删除此文件"))
    }

    static func secondHeader(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .secondHeader,
            message("a file holds one policy; this is a second `policy` header", "一个文件只写一项政策；这是第二个“政策”头部"),
            file: file, range: range, hint: message("put each policy in a file of its own", "请将每项政策分别写在单独的文件中"))
    }

    static func chainedComparison(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .chainedComparison, message("comparisons cannot be chained", "比较不能连写"),
            file: file, range: range,
            hint: message("write `a <= x and x <= b`, or `x in a to b`", "应写作“a <= x 与 x <= b”，或“x 在 a 至 b”"))
    }

    static func singleEqualInExpression(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .singleEqual, message("'=' defines; it does not compare", "“=”用于定义，不用于比较"),
            file: file, range: range, hint: message("write == to compare two values", "比较两个值请用“==”"))
    }

    static func nestedTooDeeply(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .nestedTooDeeply,
            message("this expression is nested more than 250 levels deep", "此表达式嵌套超过250层"),
            file: file, range: range,
            hint: message(
                "split it into several rules; each operator of a long chain (a + b + c …) counts as one level",
                "请拆分为几条规则；一长串运算（a + b + c …）中的每个运算符各算一层"))
    }
}
