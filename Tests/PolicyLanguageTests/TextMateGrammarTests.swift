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
        let english = named.filter { $0.allSatisfy(\.isASCII) }
        let keywords = Set(Keyword.allCases.map(\.rawValue))
        #expect(keywords.subtracting(english).isEmpty, "no pattern names the keywords \(keywords.subtracting(english).sorted())")
        #expect(
            english.subtracting(keywords).isEmpty,
            "the grammar names words that are not keywords: \(english.subtracting(keywords).sorted())")

        // The Chinese set: every keyword's twin, and the words that stand for two keywords.
        let chinese = named.subtracting(english)
        let twins = Set(KeywordSet.chinese.values).union(KeywordSet.phrases.map(\.chinese))
        #expect(
            twins.subtracting(chinese).isEmpty, "no pattern names the Chinese keywords \(twins.subtracting(chinese).sorted())")
        #expect(
            chinese.subtracting(twins).isEmpty,
            "the grammar names Chinese words that are not keywords: \(chinese.subtracting(twins).sorted())")
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

    /// Every Chinese keyword word, each once: a unit's one word for both numbers, and the words
    /// that stand for two keywords.
    static let chineseWords = Set(KeywordSet.chinese.values).sorted() + KeywordSet.phrases.map(\.chinese)

    /// A Chinese word is coloured as the English keywords the lexer reads it as, alone or glued into
    /// a name. Twins are found by the lexer, in a file of Chinese keywords.
    @Test(arguments: chineseWords)
    func everyChineseKeywordIsColouredAsItsEnglishTwin(_ word: String) throws {
        let grammar = try TextMateGrammar.bundled()
        let lexed = Lexer.tokenize(SourceFile(path: "zh.policy", text: "政策 \(word)"))
        #expect(lexed.keywords == .zh && lexed.diagnostics.isEmpty)
        let twins = lexed.tokens.dropFirst().compactMap { token -> Keyword? in
            if case .keyword(let keyword) = token.kind { keyword } else { nil }
        }
        try #require(!twins.isEmpty && twins.count == lexed.tokens.count - 2, "the lexer reads '\(word)' as \(lexed.tokens)")

        // `in force` is one token; `up to` is two, coloured alike.
        let phrase = twins.map(\.rawValue).joined(separator: " ")
        let english = try grammar.highlight("甲 \(phrase) 乙")
        let wordScopes = twins.map { english.token($0.rawValue) }
        let englishScopes = try #require(
            english.token(phrase) ?? (Set(wordScopes).count == 1 ? wordScopes[0] : nil), "'\(phrase)': \(english)")
        let alone = try grammar.highlight("甲 \(word) 乙")
        #expect(alone.token(word) == englishScopes, "'\(word)' is not coloured as '\(phrase)': \(alone) and \(english)")
        #expect(englishScopes.count > 1 && !englishScopes.contains { $0.hasPrefix("invalid") }, "\(english)")

        // Glued to a name, the word is part of it: the lexer reads one name, the grammar colours none.
        for text in ["名\(word)称", "\(word)名", "名\(word)", "\(word)_1", "\(word)２", "x\(word)", "名2\(word)"] {
            let name = text.replacingOccurrences(of: "２", with: "2")  // as the lexer reads a full-width digit
            #expect(chineseTokens(text) == [.identifier(name)], "the lexer reads '\(text)' as \(chineseTokens(text))")
            let line = try grammar.highlight(text)
            #expect(line.units.allSatisfy { $0 == [grammar.scopeName] }, "\(line)")
        }
    }

    /// The date functions, `min` and `max` in Chinese, before either bracket.
    @Test(arguments: [Keyword.min, .max, .year, .month, .day, .date])
    func chineseFunctionsAreColouredAsTheEnglishOnes(_ function: Keyword) throws {
        let grammar = try TextMateGrammar.bundled()
        let chinese = try #require(KeywordSet.chinese[function])
        for bracket in ["(", "（"] {
            let english = try grammar.highlight("甲 = \(function.rawValue)\(bracket)业务日期)")
            let twin = try grammar.highlight("甲 = \(chinese)\(bracket)业务日期)")
            #expect(english.token(function.rawValue) == ["source.policy", "support.function.builtin.policy"], "\(english)")
            #expect(twin.token(chinese) == english.token(function.rawValue), "\(twin)")
            #expect(twin.token("业务日期") == ["source.policy", "variable.language.claim-date.policy"], "\(twin)")
        }
    }

    /// A declaration's Chinese keyword and the name after it, as in English.
    @Test(arguments: [
        Keyword.policy, .jurisdiction, .extends, .rule, .program, .obligation, .input, .open, .enum, .table, .quota,
        .milestones, .limit, .deadline,
    ])
    func chineseDeclarationsAreColouredAsTheEnglishOnes(_ keyword: Keyword) throws {
        let grammar = try TextMateGrammar.bundled()
        let chinese = try #require(KeywordSet.chinese[keyword])
        let english = try grammar.highlight("\(keyword.rawValue) 培训补贴 {")
        let twin = try grammar.highlight("\(chinese) 培训补贴 {")
        let name = try #require(english.token("培训补贴"), "\(english)")
        #expect(name.count == 2 && name[1].hasPrefix("entity."), "\(english)")
        #expect(twin.token("培训补贴") == name, "\(twin)")
        #expect(twin.token(chinese) == english.token(keyword.rawValue), "\(twin) and \(english)")
    }

    @Test func chineseUnitsAndDatesAreColouredAsTheEnglishOnes() throws {
        let grammar = try TextMateGrammar.bundled()
        let unit = ["source.policy", "support.type.unit.policy"]
        let date = ["source.policy", "constant.numeric.date.policy"]
        for (english, chinese) in [("yuan/day", "元/天"), ("yuan/person/month", "元/人/月"), ("hours", "小时"), ("percent", "百分比")] {
            #expect(try grammar.highlight("1 \(english) 甲").token(english) == unit)
            #expect(try grammar.highlight("1 \(chinese) 甲").token(chinese) == unit)
            // Against the number, as documents write it: the lexer reads a number, then the unit.
            let lexed = chineseTokens("1\(chinese)")
            #expect(lexed.first == .number("1") && lexed.count > 1 && !lexed.contains(where: isName), "\(lexed)")
            let glued = try grammar.highlight("1\(chinese) 甲")
            #expect(glued.token("1") == ["source.policy", "constant.numeric.decimal.policy"], "\(glued)")
            #expect(glued.token(chinese) == unit, "\(glued)")
        }
        #expect(try grammar.highlight("甲 元 / 人 乙").token("元 / 人") == unit)
        // A compound unit is in one keyword set.
        #expect(try grammar.highlight("1 元/day 甲").token("元/day") == nil)

        for (text, day) in [("2022年11月30日", 30), ("２０２２年１１月３０日", 30), ("2022年11月3日", 3)] {
            #expect(chineseTokens(text) == [.date(try #require(CalendarDate(year: 2022, month: 11, day: day)))])
            #expect(try grammar.highlight("给定 业务日期 = \(text)").token(text) == date)
        }
        #expect(try grammar.highlight("给定 业务日期 = 2022-11-30").token("2022-11-30") == date)
        // Not dates, for the lexer either: three digits for the month, or no 日.
        #expect(chineseTokens("2022年123月4日") == [.number("2022"), .identifier("年123月4日")])
        let month = try grammar.highlight("2022年123月4日")
        #expect(!month.units.contains { $0.contains("constant.numeric.date.policy") }, "\(month)")
        #expect(chineseTokens("2022年11月30 天") == [.number("2022"), .identifier("年11月30"), .keyword(.day)])
        let noDay = try grammar.highlight("2022年11月30 天")
        #expect(!noDay.units.contains { $0.contains("constant.numeric.date.policy") }, "\(noDay)")
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

    @Test func linesOfTheChinesePolicyAreColouredAsTheyRead() throws {
        let file = "policies/lingchuan-2020.policy"
        let grammar = try TextMateGrammar.bundled()
        let declaration = "storage.type.declaration.policy"
        let unit = ["source.policy", "support.type.unit.policy"]
        let number = ["source.policy", "constant.numeric.decimal.policy"]

        let policy = try grammar.highlight(line("政策 陵川县2020 {", in: file))
        #expect(policy.token("政策") == ["source.policy", declaration])
        #expect(policy.token("陵川县2020") == ["source.policy", "entity.name.namespace.policy"])
        let place = try grammar.highlight(line("  辖区 山西省/晋城市/陵川县", in: file))
        #expect(place.token("辖区") == ["source.policy", "keyword.other.header.policy"])
        #expect(place.token("山西省/晋城市/陵川县") == ["source.policy", "entity.name.namespace.jurisdiction.policy"])
        let parent = try grammar.highlight(line("  依据 山西省2021", in: file))
        #expect(parent.token("依据") == ["source.policy", "keyword.other.header.policy"])
        #expect(parent.token("山西省2021") == ["source.policy", "entity.other.inherited-class.policy"])
        let header = try grammar.highlight(line("  施行 2020-09-10 至 2021-12-31", in: file))
        #expect(header.token("施行") == ["source.policy", "keyword.other.header.policy"])
        #expect(header.token("2020-09-10") == ["source.policy", "constant.numeric.date.policy"])
        #expect(header.token("至") == ["source.policy", "keyword.other.range.policy"])

        let program = try grammar.highlight(line("项目 普惠制培训补贴: 元 引用 \"五(六)\" =", in: file))
        #expect(program.token("项目") == ["source.policy", declaration])
        #expect(program.token("普惠制培训补贴") == ["source.policy", "entity.name.function.policy"])
        #expect(program.token("元") == unit)
        #expect(program.token("引用") == ["source.policy", "meta.citation.policy", "keyword.other.cite.policy"])
        #expect(program.token("五(六)")?.last == "string.quoted.double.citation.policy")
        #expect(program.token("=")?.last == "keyword.operator.assignment.policy")

        let cap = try grammar.highlight(line("  150 元/天 * 培训天数 至多 1000 元", in: file))
        #expect(cap.token("150") == number)
        #expect(cap.token("元/天") == unit)
        #expect(cap.token("*") == ["source.policy", "keyword.operator.arithmetic.policy"])
        #expect(cap.isPlain("培训天数"), "a name is not coloured: \(cap)")
        #expect(cap.token("至多") == ["source.policy", "keyword.operator.bound.policy"])
        #expect(cap.token("1000") == number)
        let monthly = try grammar.highlight(line("  300 元/月 * (以工代训月数 至多 6 月)", in: file))
        #expect(monthly.token("元/月") == unit)
        #expect(monthly.isPlain("以工代训月数") && monthly.token("至多") == ["source.policy", "keyword.operator.bound.policy"])
        let perPerson = try grammar.highlight(line("项目 劳动力建档立卡经费", in: file))
        #expect(perPerson.token("元/人") == unit, "\(perPerson)")

        let input = try grammar.highlight(line("输入 就业率: 百分比 介于 0% 与 100%", in: file))
        #expect(input.token("输入") == ["source.policy", declaration])
        #expect(input.token("就业率") == ["source.policy", "entity.name.variable.input.policy"])
        #expect(input.token("百分比") == unit)
        #expect(input.token("介于") == ["source.policy", "keyword.operator.bound.policy"])
        #expect(input.token("与") == ["source.policy", "keyword.operator.word.policy"])
        let flag = try grammar.highlight(line("输入 岗位技能提升培训: 是否", in: file))
        #expect(flag.token("是否") == ["source.policy", "support.type.primitive.policy"], "not 是 then 否: \(flag)")
        let open = try grammar.highlight(line("待定 订单式培训补贴标准", in: file))
        #expect(open.token("待定") == ["source.policy", declaration])
        #expect(open.token("订单式培训补贴标准") == ["source.policy", "entity.name.variable.input.policy"])

        let branch = try grammar.highlight(line("  如果 就业率 >= 80% 那么 订单式培训补贴标准 否则 普惠制补贴标准", in: file))
        for word in ["如果", "那么", "否则"] { #expect(branch.token(word) == ["source.policy", "keyword.control.policy"]) }
        #expect(branch.token(">=") == ["source.policy", "keyword.operator.comparison.policy"])
        let require = try grammar.highlight(line("  要求 就业群体 != 其他劳动者 否则", in: file))
        #expect(require.token("要求") == ["source.policy", "keyword.control.policy"])
        #expect(require.token("否则") == ["source.policy", "keyword.control.policy"], "not 否 then 则: \(require)")
        let logic = try grammar.highlight(line("  要求 初次取证 或 非 (", in: file))
        #expect(logic.token("或") == ["source.policy", "keyword.operator.word.policy"])
        #expect(logic.token("非") == ["source.policy", "keyword.operator.word.policy"])
        #expect(logic.token("缺省") == ["source.policy", "keyword.control.policy"])
        #expect(logic.token("否") == ["source.policy", "constant.language.policy"], "\(logic)")
        let fallback = try grammar.highlight(line("  取证培训补贴标准[证书等级].补贴 缺省 沿用", in: file))
        #expect(fallback.token("沿用") == ["source.policy", "keyword.control.policy"])

        let table = try grammar.highlight(line("表 品牌培训标准 按 劳务品牌", in: file))
        #expect(table.token("表") == ["source.policy", declaration])
        #expect(table.token("品牌培训标准") == ["source.policy", "entity.name.type.table.policy"])
        #expect(table.token("按") == ["source.policy", "keyword.other.policy"])
        let quota = try grammar.highlight(line("任务表 年度工作任务 按 任务", in: file))
        #expect(quota.token("任务表") == ["source.policy", declaration], "not 任务 then 表: \(quota)")
        #expect(quota.token("年度工作任务") == ["source.policy", "entity.name.type.table.policy"])
        let row = try grammar.highlight(line("  特种作业操作证     | 300 元 | 是", in: file))
        #expect(row.token("是") == ["source.policy", "constant.language.policy"])
        #expect(row.token("|") == ["source.policy", "punctuation.separator.cell.policy"])
        let empty = try grammar.highlight(line("  专项职业能力证书   | 无", in: file))
        #expect(empty.token("无") == ["source.policy", "constant.language.policy"])
        let total = try grammar.highlight(line("  合计 ", in: file))
        #expect(total.token("合计") == ["source.policy", "keyword.other.policy"])
        let cases = try grammar.highlight(line("枚举 就业群体 {", in: file))
        #expect(cases.token("枚举") == ["source.policy", declaration])
        #expect(cases.token("就业群体") == ["source.policy", "entity.name.type.enum.policy"])

        let limit = try grammar.highlight(line("限额 每人每年补贴性培训次数", in: file))
        #expect(limit.token("限额") == ["source.policy", declaration])
        #expect(limit.token("每人每年补贴性培训次数") == ["source.policy", "entity.name.type.limit.policy"])
        let programs = try grammar.highlight(line("  适用 普惠制培训补贴", in: file))
        #expect(programs.token("适用") == ["source.policy", "keyword.other.policy"])
        let key = try grammar.highlight(line("  每 身份证号, 年(业务日期)", in: file))
        #expect(key.token("每") == ["source.policy", "keyword.other.policy"])
        #expect(key.isPlain("身份证号"))
        #expect(key.token("年") == ["source.policy", "support.function.builtin.policy"])
        #expect(key.token("(") == ["source.policy", "punctuation.section.parens.begin.policy"])
        #expect(key.token("业务日期") == ["source.policy", "variable.language.claim-date.policy"])
        let allowance = try grammar.highlight(line("  至多 3 件", in: file))
        #expect(allowance.token("至多") == ["source.policy", "keyword.operator.bound.policy"])
        #expect(allowance.token("件") == ["source.policy", "keyword.other.policy"])

        let test = try grammar.highlight(line("测试 \"建档立卡 2500 人\" {", in: file))
        #expect(test.token("测试") == ["source.policy", declaration])
        #expect(test.token("建档立卡 2500 人")?.last == "string.quoted.double.policy")
        let given = try grammar.highlight(line("  给定 证书等级 = 中级工, 初次取证 = 否, 已使用电子培训券 = 是, 业务日期 = 2021-06-01", in: file))
        #expect(given.token("给定") == ["source.policy", "keyword.other.policy"])
        #expect(given.token("否") == ["source.policy", "constant.language.policy"])
        #expect(given.token("是") == ["source.policy", "constant.language.policy"])
        #expect(given.token("业务日期") == ["source.policy", "variable.language.claim-date.policy"])
        let expect = try grammar.highlight(line("  期望 职业技能等级证书补贴 拒绝", in: file))
        #expect(expect.token("期望") == ["source.policy", "keyword.other.policy"])
        #expect(expect.token("拒绝") == ["source.policy", "keyword.other.policy"])

        // A name that holds a keyword's characters, written by hand: no keyword inside it.
        let name = try grammar.highlight("规则 培训如果天数: 天 = 培训天数如果 + 1 天")
        #expect(name.token("培训如果天数") == ["source.policy", "entity.name.function.policy"])
        #expect(name.isPlain("培训天数如果"), "\(name)")
        #expect(!name.units.contains { $0.contains("keyword.control.policy") }, "\(name)")
        #expect(!chineseTokens(name.text).contains(.keyword(.if)), "the lexer reads no 如果 there either")
    }

    /// Every token of every bundled policy, in either keyword set, is coloured as what the lexer
    /// reads: a keyword has a keyword's colour, a name has none (or a declared name's), numbers,
    /// dates and text theirs.
    @Test(arguments: try bundledPolicies())
    func everyTokenIsColouredAsTheLexerReadsIt(_ file: String) throws {
        let grammar = try TextMateGrammar.bundled()
        let source = SourceFile(path: file, text: try Repository.read(file))
        let lexed = Lexer.tokenize(source)
        #expect(lexed.diagnostics.isEmpty)
        let lines = try grammar.highlight(lines: (1...source.lineStarts.count).map(source.lineText))
        let keywordScopes = ["keyword.", "storage.type.", "support.", "constant.language.", "variable.language."]
        var wrong: [String] = []
        for token in lexed.tokens where token.kind != .endOfFile {
            let location = source.location(of: token.range.start)
            let start = source.lineStarts[location.line - 1]
            let before = String(decoding: source.bytes[start..<token.range.start], as: UTF8.self).utf16.count
            let length = source.text(of: token.range).utf16.count
            let units = lines[location.line - 1].units[before..<before + length]
            let scopes = Set(units.map { $0.last! })
            let shown: Bool =
                switch token.kind {
                case .keyword: scopes.allSatisfy { scope in keywordScopes.contains { scope.hasPrefix($0) } }
                case .identifier: scopes.allSatisfy { $0 == grammar.scopeName || $0.hasPrefix("entity.") }
                case .number: scopes == ["constant.numeric.decimal.policy"]
                case .date: scopes == ["constant.numeric.date.policy"]
                case .string: units.allSatisfy { $0.contains { $0.hasPrefix("string.quoted.double") } }
                case .symbol(let symbol):
                    scopes.allSatisfy {
                        $0.hasPrefix("keyword.operator") || $0.hasPrefix("punctuation")
                            || (symbol == .percent && $0 == "support.type.unit.percent.policy")
                            // The `/` of a compound unit or a jurisdiction is part of it.
                            || (symbol == .slash && ($0 == "support.type.unit.policy" || $0.hasPrefix("entity.name")))
                    }
                case .endOfFile: true
                }
            if !shown { wrong.append("\(file):\(location) \(token.kind) \(source.text(of: token.range)) is \(scopes.sorted())") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20).joined(separator: "\n"))")
    }

    /// The policies in the repository, in both keyword sets; throws (failing the test that lists
    /// them) when a folder holds none.
    static func bundledPolicies() throws -> [String] {
        try Listing.paths(in: ["policies", "Grammar/examples"], endingWith: ".policy")
    }

    @Test func theBundledPoliciesShowNoErrors() throws {
        let grammar = try TextMateGrammar.bundled()
        let files = try Self.bundledPolicies()
        #expect(files.count >= 7)
        #expect(try files.contains { Lexer.tokenize(SourceFile(path: $0, text: try Repository.read($0))).keywords == .zh })
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

    /// What the lexer reads in a file of Chinese keywords: the tokens after its first word, 政策.
    private func chineseTokens(_ text: String) -> [TokenKind] {
        let lexed = Lexer.tokenize(SourceFile(path: "zh.policy", text: "政策 " + text))
        #expect(lexed.keywords == .zh)
        return lexed.tokens.dropFirst().map(\.kind).filter { $0 != .endOfFile }
    }

    private func isName(_ kind: TokenKind) -> Bool {
        if case .identifier = kind { true } else { false }
    }

    /// The first line of a file that starts with `prefix`, so a test names the line it colours.
    private func line(_ prefix: String, in file: String) throws -> String {
        let lines = try Repository.read(file).components(separatedBy: "\n")
        return try #require(lines.first { $0.hasPrefix(prefix) }, "\(file) has no line starting \(prefix)")
    }

    /// The words a regex lists as a flat alternation: `(?:at\s+most|at\s+least|至多)` lists at, most,
    /// least and 至多, `(rule|规则)` lists rule and 规则. A character class lists none, so a keyword
    /// that only appears inside another word (`in` in `input`) is not counted.
    private func alternatedWords(_ source: String) -> [String] {
        let alternation = try! Regex(#"\((?:\?:)?(\p{L}+(?:\\s\+\p{L}+)*(?:\|\p{L}+(?:\\s\+\p{L}+)*)*)\)"#)
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
