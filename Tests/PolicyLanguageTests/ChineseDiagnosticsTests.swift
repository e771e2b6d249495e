// The lexer's, the parser's and the checker's messages in Chinese: each broken policy below is
// checked under `--lang zh` and its message and hint read exactly as written here. The golden
// renderings of Fixtures/diagnostics in both languages are compared by `goldenDiagnostics`.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct ChineseDiagnosticsTests {
    /// A broken inline policy (the test header is added), the code of the diagnostic it gives,
    /// and that diagnostic's Chinese message and hint.
    struct Case: Sendable, CustomTestStringConvertible {
        let policy: String
        let code: String
        let message: String
        let hint: String?

        init(_ policy: String, _ code: String, _ message: String, hint: String? = nil) {
            self.policy = policy
            self.code = code
            self.message = message
            self.hint = hint
        }

        var testDescription: String { code }
    }

    static let units = """
        input 天数: days
        input 比例: percent
        input 说明: text
        enum 等级 { 初级, 中级, 高级 }
        input 级别: 等级

        """

    static let table = """
        enum 等级 { 初级, 中级 }
        table 标准 by 等级 cite "x" {
          等级 | 额
          初级 | 1 yuan
          中级 | 2 yuan
        }

        """

    static let lexerAndParser: [Case] = [
        Case(#"rule a: text = "abc"#, "unterminated-text", "此文本缺少后引号", hint: "请在同一行内以“\"”结束文本"),
        Case(
            #"rule a: text = "a\qb""#, "unknown-escape", #"“\q”不是本语言认可的转义写法"#,
            hint: #"文本中以“\"”表示引号，以“\\”表示反斜杠，以“\n”表示换行"#),
        Case("rule a: date = 2022-02-30", "invalid-date", "这不是有效日期：2022年2月只有28天"),
        Case("rule a: date = 2022-13-01", "invalid-date", "这不是有效日期：没有13月"),
        Case("rule a: number = 3；", "unexpected-character", "字符“；”（U+FF1B）不属于本语言", hint: "请删除：声明末尾不需要结束符号"),
        Case("rule a: number = 3 # x", "unexpected-character", "字符“#”（U+0023）不属于本语言", hint: "注释以“//”开头"),
        Case(
            "rule a: number = 1\u{01}", "unexpected-character", "控制字符U+0001不属于本语言",
            hint: "请删除该字符：政策文件是纯文本（此文件是否由文字处理软件保存？）"),
        Case("rule a: text = “五”", "curly-quotes", "文本应写在英文直引号之间，不用中文引号", hint: "应写作：\"五\""),
        Case("rule a: number = (1 + 2", "syntax", "此处应为与“(”配对的“)”，实为文件末尾"),
        Case("input 天数 days", "syntax", "此处应为“:”及输入的类型，实为关键字“天”"),
        Case(
            "rule a: text = cite", "syntax", "此处应为一个值（数字、名称、日期、加引号的文本或“(”），实为关键字“引用”"),
        Case(
            "input n: number\nrule a: number = if n > 1 then 1", "syntax",
            "此处应为“否则”（每个“如果”都须写明条件不成立时取何值），实为文件末尾"),
        Case(
            "rule a: number = 3 x", "syntax",
            "此处应为声明（枚举、输入、待定、规则、项目、义务、表、任务表、进度、限额、申领期限、测试、修订或废止），实为名称“x”"),
        Case("rule a: number = 1 . 2", "syntax", "此处应为“.”后的列名或枚举项，实为数字“2”"),
        Case(
            "rule a: number = 1\ntest \"t\" { given claim = 1\n expect a = 1 }", "syntax",
            "此处应为“日期”（写作“给定 业务日期 = 2022-06-01”），实为“=”"),
        Case(
            "input days: number", "keyword-as-name", "此处应为输入名称，实为关键字“天”", hint: "“天”是本语言的保留字，请另取名称"),
        Case("rule a: bool = 1 < 2 < 3", "chained-comparison", "比较不能连写", hint: "应写作“a <= x 与 x <= b”，或“x 在 a 至 b”"),
        Case("rule a: bool = 1 = 1", "single-equal", "“=”用于定义，不用于比较", hint: "比较两个值请用“==”"),
        Case(
            "rule a: number = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
            "nested-too-deeply", "此表达式嵌套超过250层",
            hint: "请拆分为几条规则；一长串运算（a + b + c …）中的每个运算符各算一层"),
    ]

    static let checker: [Case] = [
        Case(
            units + #"rule a: yuan cite "x" = 150 yuan + 天数"#, "unit-mismatch", "元与天不能相加",
            hint: "请用补贴标准乘以数量：标准 元/天 * 天数"),
        Case(units + #"rule a: yuan cite "x" = 100 yuan - 2"#, "unit-mismatch", "元与数值不能相减", hint: "请在数字后写上单位"),
        Case(units + #"rule a: yuan cite "x" = 天数"#, "rule-type", "“a”声明为元，但其定义得出的是天"),
        Case(
            units + #"rule a: yuan cite "x" = 150 yuan/day * 天数 * 天数"#, "rule-type", "“a”声明为元，但其定义得出的是元*天"),
        Case(units + "rule a: percent = 1", "rule-type", "“a”声明为百分比，但其定义得出的是数值", hint: "请在数字后写上单位，如“1000%”"),
        Case(units + "rule a: bool = 比例 >= 0.8", "incomparable", "百分比与数值不能比较", hint: "请在数字后加百分号，如“50%”"),
        Case(units + "rule a: bool = 1 >= true", "incomparable", "数值与是否值不能比较"),
        Case(units + "rule a: number = -\"x\"", "not-a-number", "文本不能取负"),
        Case(units + "rule a: number = true + 1", "not-a-number", "是否值不能相加"),
        Case(
            units + "rule a: number = 说明 marginal { up to 10 days => 1 yuan/day }", "syntax",
            "此处应为声明（枚举、输入、待定、规则、项目、义务、表、任务表、进度、限额、申领期限、测试、修订或废止），实为关键字“累进”"),
        Case(
            units + #"rule a: yuan cite "x" = marginal 说明 { up to 10 persons => 1 yuan/person }"#, "not-a-number",
            "文本不能分档计算"),
        Case(
            units + #"rule a: yuan cite "x" = marginal 天数 { up to 10 days => 1 yuan/day, above 10 days => 2 yuan/person }"#,
            "bracket-rates", "各档标准的单位须一致：元/天，但此处为元/人"),
        Case(
            units + "rule a: bool = 说明 < \"x\"", "not-ordered", "文本没有大小之分，不能使用“<”",
            hint: "请用“==”或“!=”比较，或用“匹配”"),
        Case(units + "rule a: bool = 说明 in 1 to 2", "not-ordered", "文本没有大小之分，不能使用“在”", hint: "请用“==”或“!=”比较，或用“匹配”"),
        Case(units + "rule a: bool = 说明 at most 2", "not-ordered", "文本没有大小之分，不能使用“至多”", hint: "请用“==”或“!=”比较，或用“匹配”"),
        Case(
            units + "rule a: number = if 天数 > 1 days then 1 else \"x\"", "branch-types",
            "“那么”与“否则”两个分支的类型不一致：数值与文本"),
        Case(units + #"rule a: yuan cite "x" = 1 yuan otherwise 2 days"#, "branch-types", "“缺省”两侧的类型不一致：元与天"),
        Case(units + "rule a: number = min(1)", "arguments", "较小值(…)的参数应为两个或更多的值"),
        Case(units + "rule a: number = year(1, 2)", "arguments", "年(…)的参数应为一个日期"),
        Case(units + "rule a: number = year(天数)", "type-mismatch", "此处应为日期，实为天"),
        Case(
            units + #"rule a: yuan cite "x" = 2500 yuan / 3"#, "unrounded-division", "此除法可能除不尽，且未写明如何舍入",
            hint: "请写明舍入方式：(2500 yuan / 3) 四舍五入 至 0.01 元"),
        Case(
            units + #"rule a: yuan cite "x" = (10 yuan / 3) rounded to 1 day"#, "rounding-unit", "以元计的值不能按天舍入",
            hint: "请按同一单位舍入"),
        Case(
            units + #"rule a: yuan cite "x" = (10 yuan / 3) rounded to 0 yuan"#, "rounding-quantum", "舍入的单位须为固定的正数",
            hint: "如“四舍五入 至 0.01 元”，或“四舍五入 至 1 元”"),
        Case(
            units + #"rule a: yuan cite "x" = 150 yuan/day * 天数 at most 1000"#, "bound-unit", "“至多”限定的值是元，限额却是数值",
            hint: "请在数字后写上单位，如“1000 元”"),
        Case(
            units + #"rule a: yuan cite "x" = 1 yuan/day * 天数 at least 2 days"#, "bound-unit", "“至少”限定的值是元，限额却是天",
            hint: "限额的单位应与被限定的值相同"),
        Case(
            units + "rule a: bool = if 天数 then true else false", "condition-type", "条件的结果应为是或否，此处却为天",
            hint: "请将其与某个值比较，如“x >= 50%”"),
        Case(
            units + "rule a: number = match 级别 { 初级 => 1 }", "non-exhaustive", "此匹配未写明“中级”、“高级”对应的值",
            hint: "请为每一项添加分支（“等级”的枚举项为“初级”、“中级”、“高级”），或添加“否则 => …”"),
        Case(
            units + "rule a: number = match 级别 { 初级 => 1, 中级 => 2 }", "non-exhaustive", "此匹配未写明“高级”对应的值",
            hint: "请为其添加分支（“等级”的枚举项为“初级”、“中级”、“高级”），或添加“否则 => …”"),
        Case(
            units + "input b: bool\nrule a: number = match b { true => 1 }", "non-exhaustive", "此匹配未涵盖所有取值",
            hint: "请匹配“是”和“否”，或添加“否则”"),
        Case(
            units + "rule a: number = match 说明 { \"a\" => 1 }", "non-exhaustive", "此匹配未涵盖所有取值",
            hint: "对文本的匹配须有“否则 => …”"),
        Case(
            units + "rule a: number = match 天数 { below 3 days => 1 }", "non-exhaustive", "此匹配未涵盖所有取值",
            hint: "请为没有分支匹配的值添加“否则 => …”"),
        Case(
            units + "rule a: number = match 天数 { else => 1, 1 day => 2 }", "else-not-last", "“否则”须单独作为匹配的最后一个分支"),
        Case(
            units + "rule a: number = match 级别 { 初级 => 1, 初级 => 2, else => 3 }", "duplicate-pattern", "此分支与上文的分支重复"),
        Case(
            units + "rule a: number = match 天数 { 天数 => 1, else => 3 }", "pattern-not-constant", "匹配的分支须为固定值、范围或“否则”",
            hint: "如“初级 =>”、“低于 100 人 =>”、“否则 =>”"),
        Case(
            units + "rule a: bool = 级别 == \"初级\"", "quoted-case", "\"初级\"是文本，但此处应为枚举项", hint: "枚举项不加引号，应写作：初级"),
        Case(units + "rule a: bool = 级别 == 特级", "unknown-name", "未声明“特级”", hint: "是否应为“中级”？"),
        Case(
            units + "rule a: bool = 级别 == 等级.其他", "unknown-case", "“其他”不是“等级”的枚举项",
            hint: "“等级”的枚举项为“初级”、“中级”、“高级”"),
        Case(
            "enum 甲 { 初级 }\nenum 乙 { 初级 }\nrule b: bool = 初级 == 初级", "ambiguous-case", "“初级”同为多个枚举的枚举项：“甲”、“乙”",
            hint: "请写明所属的枚举，如：甲.初级"),
        Case("enum 等级 { 初级, 初级 }", "duplicate-case", "枚举项“初级”重复列出"),
        Case("enum 等级 { 初级 }\nenum 等级 { 中级 }", "duplicate-enum", "枚举“等级”重复声明"),
        Case(
            "rule b: number = 1\nrule b: number = 2", "duplicate-name", "“b”在本政策中重复声明", hint: "请将其中一个改名，或删去一个"),
        Case(
            "rule a: number = 培训天", "unknown-name", "未声明“培训天”",
            hint: "请以“输入 培训天: …”或“规则 培训天: … = …”声明"),
        Case(
            "input d: 日起", "unknown-type", "没有名为“日起”的类型或枚举",
            hint: "类型有：元、元/天、天、月、小时、人、百分比、数值、是否、日期、文本，以及本政策声明的枚举"),
        Case("input x: text between 1 and 2", "bounds-unordered", "文本类型的输入没有大小之分，不能设定取值范围"),
        Case("input x: number between 2 and 1", "bounds-reversed", "下限高于上限"),
        Case(
            "input x: days between 1 days and 2", "type-mismatch", "此处应为天，实为数值", hint: "请在数字后写上单位，如“1000 天”"),
        Case(
            "rule a: number = 12345678901234567890", "number-too-large", "此数字的有效数字超过18位",
            hint: "数额精确到18位有效数字"),
        Case("rule a: number = none", "none-outside-table", "“无”表示表中的空单元格，不是一个值", hint: "表中为“无”时，请用“缺省”给出取值"),
        Case(#"rule a: yuan cite "x" = inherited"#, "inherited-without-parent", "“沿用”指沿用上级政策的“a”，但上级政策均未定义“a”"),
        Case(
            "rule a: yuan = 1 yuan", "missing-citation", "规则“a”涉及金额，但未引用条款",
            hint: "请在类型后写明所依据的条款，如“: 元 引用 \"第五条\"”"),
        Case(
            "obligation 甲 = true else \"x\"", "missing-citation", "义务“甲”未引用条款",
            hint: "请在类型后写明所依据的条款，如“: 元 引用 \"第五条\"”"),
        Case(#"rule a: yuan cite "" = 1 yuan"#, "empty-citation", "所引用的条款为空", hint: "请写明条款，如“引用 \"第五条\"”"),
        Case(
            "rule 甲: yuan cite \"一\" = 乙 + 1 yuan\nrule 乙: yuan cite \"一\" = 甲", "cycle", "以下规则相互依赖，形成循环：甲 → 乙 → 甲",
            hint: "规则不能依赖其自身的值；请改写其中一条，使其不依赖其余几条，以打破循环"),
        Case(
            "input n: number\nrule a: number = n.x", "member", "“.”用于读取查出的行中的某一列，或指明枚举的某一项",
            hint: "应写作 表名[键].列名，或 枚举名.枚举项"),
        Case("input n: number\nrule a: number = n[1].额", "not-a-table", "“n”不是表"),
        Case(
            table + #"rule a: yuan cite "x" = 标准[初级]"#, "lookup-column", "查表须写明读取“标准”的哪一列",
            hint: "请在键后写明列名：标准[初级].列名"),
        Case(table + #"rule a: yuan cite "x" = 标准"#, "table-as-value", "“标准”是表；请查出一行并写明列名", hint: "应写作：标准[键].列名"),
        Case(table + #"rule a: yuan cite "x" = 标准[初级].数"#, "unknown-column", "表“标准”没有“数”列", hint: "是否应为“额”？"),
        Case(
            table + #"rule a: yuan cite "x" = 标准[初级].数目"#, "unknown-column", "表“标准”没有“数目”列", hint: "该表的列为“等级”、“额”"),
        Case(table + #"rule a: yuan cite "x" = 标准[初级, 中级].额"#, "key-count", "表“标准”按“等级”查找", hint: "请为每个键各给一个值：标准[等级]"),
        Case(
            "table 标准 by 等 cite \"x\" {\n 等 | 额\n \"a\" | 1 yuan\n}\nenum 等级 { 初级 }\nrule b: yuan cite \"x\" = 标准[等级.初级].额",
            "key-type", "键列“等”为文本，此键却为“等级”", hint: "请以枚举名（“等级”）为该列命名，使其单元格成为枚举项"),
        Case(
            "enum 等级 { 初级, 中级 }\ntable 标准 by 等级 cite \"x\" {\n 等级 | 额\n 初级 | 1 yuan\n 中级 | 2 yuan | 3\n}",
            "ragged-row", "此行有3个单元格，但该表有2列", hint: "单元格之间以“|”分隔；每行都须填满各列"),
        Case(
            "enum 等级 { 初级, 中级 }\ntable 标准 by 等级 cite \"x\" {\n 等级 | 额\n 初级 | 1 yuan\n 初级 | 2 yuan\n}",
            "duplicate-key", "此行的键与第10行重复", hint: "每个键只能出现一次，以便查表时只找到一行"),
        Case(
            "enum 等级 { 初级, 中级 }\ntable 标准 by 等级 cite \"x\" {\n 等级 | 额\n 初级 | 1 yuan\n 中级 | 7 days\n}",
            "cell-type", "“额”列应为元，此单元格却为天"),
        Case(
            "table 标准 by 等 cite \"x\" {\n 等 | 额 | 额\n \"a\" | 1 yuan | 2 yuan\n}", "duplicate-column", "列“额”重复出现"),
        Case("table 标准 by 等 cite \"x\" {\n 等 | 额\n none | 1 yuan\n}", "empty-key", "键所在的单元格不能为“无”", hint: "每行都凭键查找；请填写键"),
        Case(
            "enum 等 { 甲 }\ntable 标准 by 等 cite \"x\" {\n 等 | 额\n 甲 | none\n}", "empty-column",
            "表“标准”的“额”列没有任何一行给出数值，无从知道其取值", hint: "请至少为一行给出数值（“无”表示文件未填的单元格），或删去此列"),
        Case(
            "quota 任务 by 单位 cite \"x\" {\n 单位 | 甲年 | 乙年\n 一 | 1 | 2\n total | 1\n}", "total-cells",
            "合计行有1个单元格，应为每个目标列各填一个", hint: "应写作“合计 | …”，为“甲年”、“乙年”各填一个合计数，或填“无”"),
        Case(
            "quota 任务 by 单位 cite \"x\" {\n 单位 | 甲年\n 一 | 1\n 二 | 2\n total | 4\n}", "total-mismatch",
            "“甲年”列各行相加为3，但所列合计为4", hint: "请逐行对照原文件核对：可能漏了一行、一行被拆成了两行，或有录入错误"),
        Case(
            "milestones 进度 cite \"x\" { 2022-09-30 => 60%\n 2022-08-30 => 50% }", "milestones-order",
            "进度节点须依次推进：每个节点的日期晚于前一个，比例不小于前一个"),
        Case("milestones 进度 cite \"x\" { 2022-09-30 => 160% }", "milestone-share", "进度节点是目标的比例，须介于0%与100%之间"),
        Case(
            "program 乙: yuan cite \"x\" = 1 yuan\nlimit 限 cite \"x\" {\n for 乙, 丁\n per 乙\n at most 3 claims\n}", "limit-program",
            "限额所计的是项目，而“丁”不是本政策的项目", hint: "是否应为“乙”？"),
        Case(
            "program 乙: yuan cite \"x\" = 1 yuan\nprogram 丙: days cite \"x\" = 1 day\nlimit 限 cite \"x\" {\n for 乙, 丙\n per 乙\n at most 3 claims\n}",
            "limit-programs", "限额所计的各项目须得出同一单位：元，但此项目得出的是天"),
        Case(
            "program 乙: yuan cite \"x\" = 1 yuan\nlimit 限 cite \"x\" {\n for 乙\n per 乙\n at most 0 claims\n}", "limit-count",
            "申领件数的限额须为不小于1的整数", hint: "如“至多 3 件”"),
        Case(
            "program 乙: yuan cite \"x\" = 1 yuan\nlimit 限 cite \"x\" {\n for 乙\n per 乙\n at most 3 days\n}", "limit-amount",
            "这些项目得出的是元，但限额为天", hint: "申领件数后应写“件”：至多 3 件"),
        Case(
            "program 乙: yuan cite \"x\" = 1 yuan\nlimit 限 {\n for 乙\n per 乙\n at most 3 yuan\n}", "missing-citation",
            "限额“限”涉及金额，但未引用条款", hint: "请在名称之后、“{”之前写明所依据的条款：“限额 限 引用 \"第五条\" {”"),
        Case(
            table + "test \"t\" { given 标准 = 1\n expect 标准 = 1 }", "given-table", "“标准”是表；测试只能为输入和规则给定值"),
        Case(
            "input 天数: days\nrule a: number = 1\ntest \"t\" { given 天数 = 1 day + 天数\n expect a = 1 }", "not-constant",
            "测试的给定值和期望值都须是固定值，不能是算式"),
        Case(
            "rule a: number = 1\ntest \"t\" { expect c = 1 }", "expect-not-rule", "“c”不是本政策的规则或项目", hint: "是否应为“a”？"),
    ]

    @Test(arguments: lexerAndParser + checker)
    func speaksChinese(_ example: Case) throws {
        let diagnostics = check(example.policy).1
        let found = try #require(
            diagnostics.first { $0.code.rawValue == example.code },
            "no \(example.code) among \(diagnostics.map { "\($0.code.rawValue): \($0.message.chinese)" })")
        #expect(found.message.chinese == example.message)
        #expect(found.hint?.chinese == example.hint)
    }

    /// The same policy in English says what it said before the Chinese was written.
    @Test func englishStaysAsItWas() throws {
        let policy = Self.units + #"rule a: yuan cite "x" = 150 yuan + 天数"#
        let diagnostic = try #require(check(policy).1.first)
        #expect(diagnostic.message.english == "cannot add yuan and days")
        #expect(diagnostic.primaryLabel?.english == "days")
        #expect(diagnostic.labels.map(\.text.english) == ["yuan"])
        #expect(diagnostic.hint?.english == "multiply a rate by the quantity: RATE yuan/day * 天数")
        #expect(diagnostic.primaryLabel?.chinese == "天")
        #expect(diagnostic.labels.map(\.text.chinese) == ["元"])
    }

    @Test func headersAndFilesInChinese() throws {
        func diagnostics(_ text: String) -> [Diagnostic] {
            PolicyLibrary.load(sources: [SourceFile(path: "p.policy", text: text)]).diagnostics
        }
        let header = "policy 甲 {\n  title \"x\"\n}\n"
        #expect(
            diagnostics(header).first { $0.code == .incompleteHeader }?.message.chinese
                == "政策头部缺少“文号 \"…\"”、“辖区 山西省/…”、“施行 首日 至 末日”")
        let missing = try #require(diagnostics("rule a: number = 1").first)
        #expect(missing.message.chinese == "政策文件应以政策头部开头：政策 名称 { … }")
        #expect(missing.hint?.chinese == "以“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”开头")
        let empty = try #require(diagnostics("").first)
        #expect(empty.message.chinese == "此政策文件中没有政策")
        #expect(empty.hint?.chinese == "请先写政策头部“政策 名称 { 标题 \"…\" 文号 \"…\" 辖区 省/市 施行 首日 至 末日 }”，或删除此文件")
        let second = try #require(diagnostics(testHeader + testHeader).first)
        #expect(second.message.chinese == "一个文件只写一项政策；这是第二个“政策”头部")
        let reversed = testHeader.replacingOccurrences(of: "2022-01-01 to 2022-12-31", with: "2022-12-31 to 2022-01-01")
        #expect(diagnostics(reversed).first?.message.chinese == "施行期间的末日早于首日")
    }

    @Test func overridesInChinese() throws {
        let parent = """
            policy 省 {
              title "省"
              document "省"
              jurisdiction 山西省
              in force 2021-01-01 to 2021-12-31
            }
            enum 等级 { 初级, 中级 }
            rule 日标准: yuan/day cite "x" = 1 yuan/day
            program 补贴: yuan cite "x" = 1 yuan
            table 标准 by 等级 cite "x" {
              等级 | 额
              初级 | 1 yuan
              中级 | 2 yuan
            }
            """
        let child = """
            policy 县 {
              title "县"
              document "县"
              jurisdiction 山西省/某县
              extends 省
              in force 2021-01-01 to 2021-12-31
            }

            """
        func diagnostic(_ text: String) throws -> Diagnostic {
            try #require(
                PolicyLibrary.load(sources: [
                    SourceFile(path: "p0.policy", text: parent), SourceFile(path: "p1.policy", text: child + text),
                ]).diagnostics.first)
        }
        let type = try diagnostic(#"rule 日标准: yuan cite "x" = 1 yuan"#)
        #expect(type.message.chinese == "“日标准”在“省”中为元/天，此处却为元")
        #expect(type.hint?.chinese == "重新定义须保持被替换定义的类型")
        let kind = try diagnostic("table 补贴 by 等级 cite \"x\" {\n 等级 | 额\n 初级 | 1 yuan\n}")
        #expect(kind.message.chinese == "“补贴”在“省”中是项目，不能重新定义为表")
        let shape = try diagnostic("table 标准 by 等级 cite \"x\" {\n 等级 | 数\n 初级 | 1 yuan\n}")
        #expect(shape.message.chinese == "表“标准”替换“省”中的同名表，但列或键不同")
        #expect(shape.hint?.chinese == "请保留上级政策表的列名、各列的单位和“按”所列的键")
        let enumeration = try diagnostic("enum 等级 { 初级 }")
        #expect(enumeration.message.chinese == "枚举“等级”已由“省”声明，本政策不能重复声明")
        #expect(enumeration.notes.map(\.chinese) == ["首次声明位置：p0.policy:7:6"])
    }

    @Test func bytesAndDepthInChinese() throws {
        let bytes = [UInt8](testHeader.utf8) + [UInt8]("rule ".utf8) + [0xFF] + [UInt8](": number = 1\n".utf8)
        let invalid = try #require(PolicyLibrary.load(sources: [SourceFile(path: "p.policy", bytes: bytes)]).diagnostics.first)
        #expect(invalid.message.chinese == "此字节（0xFF）不是UTF-8文本")
        #expect(invalid.hint?.chinese == "请将文件另存为UTF-8编码；政策文件是纯UTF-8文本")

        let limit = CheckContext.maximumEvaluationDepth
        let chain = (0...limit).map { "rule 链\($0): yuan cite \"一\" = \($0 == 0 ? "1 yuan" : "链\($0 - 1) + 1 yuan")" }
        let deep = try #require(check(chain.joined(separator: "\n")).1.first { $0.code == .tooDeep })
        #expect(deep.message.chinese.hasPrefix("计算“链"))
        #expect(deep.message.chinese.hasSuffix("层；引擎最多允许\(limit)层"))
        #expect(deep.hint?.chinese == "请减少计算步骤：一条规则可一次加总多项，或改为查表，不必经过一长串规则")
    }

    @Test(arguments: [
        (TokenKind.keyword(.rule), "keyword 'rule'", "关键字“规则”"),
        (.keyword(.days), "keyword 'days'", "关键字“天”"),
        (.identifier("培训天数"), "the name 培训天数", "名称“培训天数”"),
        (.number("12"), "the number 12", "数字“12”"),
        (.string("初级"), "the text \"初级\"", "文本\"初级\""),
        (.symbol(.leftBrace), "'{'", "“{”"),
        (.endOfFile, "the end of the file", "文件末尾"),
        // A long name: its first and last 20 characters and its length; up to 100 characters it is whole.
        (
            .identifier("甲" + String(repeating: "长", count: 1198) + "乙"),
            "the name 甲\(String(repeating: "长", count: 19))…\(String(repeating: "长", count: 19))乙 (1,200 characters)",
            "名称“甲\(String(repeating: "长", count: 19))…\(String(repeating: "长", count: 19))乙（共1,200个字符）”"
        ),
        (
            .identifier(String(repeating: "长", count: 100)), "the name \(String(repeating: "长", count: 100))",
            "名称“\(String(repeating: "长", count: 100))”"
        ),
    ])
    func tokensAreNamed(_ kind: TokenKind, english: String, chinese: String) {
        #expect(kind.phrase.english == english)
        #expect(kind.phrase.chinese == chinese)
    }

    @Test func everyKeywordHasItsChineseTwin() {
        for keyword in Keyword.allCases {
            #expect(keyword.phrase.english == keyword.rawValue)
            let twin = keyword.phrase.chinese
            #expect(twin != keyword.rawValue && twin.unicodeScalars.allSatisfy { $0.value > 0x2E80 }, "\(keyword): \(twin)")
        }
        let twins = [Keyword.policy, .in, .force, .at, .most, .claims, .bool, .otherwise, .min].map(\.phrase.chinese)
        #expect(twins == ["政策", "在", "生效", "于", "多", "件", "是否", "缺省", "较小值"])
        #expect([BoundKind.atMost, .atLeast].map(\.phrase.chinese) == ["至多", "至少"])
        #expect([BoundKind.atMost, .atLeast].map(\.phrase.english) == ["at most", "at least"])
    }

    @Test(arguments: [
        (ValueType.yuan, "yuan", "元"),
        (.quantity(Unit([.yuan: 1, .day: -1])), "yuan/day", "元/天"),
        (.quantity(Unit([.yuan: 1, .person: -1, .month: -1])), "yuan/month/person", "元/月/人"),
        (.quantity(Unit([.yuan: 1, .month: 1, .day: -1])), "yuan*months/day", "元*月/天"),
        (.quantity(Unit([.hour: 2])), "hours^2", "小时^2"),
        (.percent, "percent", "百分比"),
        (.number, "number", "数值"),
        (.bool, "bool", "是否值"),
        (.date, "date", "日期"),
        (.text, "text", "文本"),
        (.enumeration(EnumType(name: "等级", cases: ["初级"])), "等级", "“等级”"),
        (.error, "unknown", "未知"),
    ])
    func typesAreNamed(_ type: ValueType, english: String, chinese: String) {
        #expect(type.description == english)
        #expect(type.name.english == english)
        #expect(type.name.chinese == chinese)
        // Code and JSON keep the English spelling whatever the language: `description` has one.
    }
}
