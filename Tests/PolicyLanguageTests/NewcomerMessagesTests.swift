// The mistakes a county officer makes writing a first policy in Chinese keywords from the guide,
// each answered by one message that says what to write, in both languages (issue 17's table).

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct NewcomerMessagesTests {
    static let chineseHeader = """
        政策 示例县 {
          标题 "示例"
          文号 "示例〔2022〕1号"
          辖区 山西省
          施行 2022-01-01 至 2022-12-31
        }

        """

    /// The diagnostics of one file, rendered in a language without colour.
    private func rendered(_ text: String, in language: Language) -> String {
        let library = PolicyLibrary.load(sources: [SourceFile(path: "示例.policy", text: text)])
        let renderer = DiagnosticRenderer(useColor: false, language: language)
        return library.diagnostics.map { renderer.render($0) }.joined()
    }

    private func expectOnly(
        _ text: String, english: String, chinese: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(rendered(text, in: .en) == english, sourceLocation: sourceLocation)
        #expect(rendered(text, in: .zh) == chinese, sourceLocation: sourceLocation)
    }

    @Test func anEnglishKeywordInAChineseFile() {
        expectOnly(
            Self.chineseHeader + "输入 就业率: 百分比\n规则 甲: 元 引用 \"一\" = if 就业率 >= 80% then 100 元 else 0 元\n",
            english: """
                示例.policy:8:18: error: `if` is an English keyword; this file uses Chinese keywords: write 如果 [other-keyword-set]
                  |
                8 | 规则 甲: 元 引用 "一" = if 就业率 >= 80% then 100 元 else 0 元
                  |                         ^~ write 如果
                  = hint: a file's first word chooses its keywords (`政策` here): in it, words of the other set are read as names

                """,
            chinese: """
                示例.policy:8:18: 错误: “if”是英文关键字；本文件使用中文关键字：应写作“如果” [other-keyword-set]
                  |
                8 | 规则 甲: 元 引用 "一" = if 就业率 >= 80% then 100 元 else 0 元
                  |                         ^~ 应写作 如果
                  = 提示: 文件的第一个词决定其关键字（此处为“政策”）：文件中另一套关键字的词都被读作名称

                """)
        // `program` where a declaration starts: the same message, not "expected … program …, found program".
        let program = rendered(Self.chineseHeader + "program 甲: 元 引用 \"一\" = 100 元\n", in: .en)
        #expect(
            program.hasPrefix("示例.policy:7:1: error: `program` is an English keyword; this file uses Chinese keywords: write 项目"))
    }

    @Test func everyKeywordOfTheOtherSetIsNamedWithItsTwin() {
        let english = """
            policy 示例 {
              title "t"
              document "d"
              jurisdiction 山西省
              in force 2022-01-01 to 2022-12-31
            }

            """
        // Every English keyword in a Chinese file, where a declaration starts.
        for keyword in Keyword.allCases {
            guard let chinese = KeywordSet.chinese[keyword] else { continue }
            let library = PolicyLibrary.load(sources: [SourceFile(path: "t", text: Self.chineseHeader + keyword.rawValue + "\n")])
            #expect(library.diagnostics.map(\.code) == [.otherKeywordSet], "\(keyword)")
            #expect(library.diagnostics.first?.message.english.hasSuffix("write \(chinese)") == true, "\(keyword)")
        }
        // Every Chinese word in an English file, the words that stand for two keywords included.
        for (word, keywords) in KeywordSet.fromChinese {
            let library = PolicyLibrary.load(sources: [SourceFile(path: "t", text: english + word + "\n")])
            let written = keywords.map(\.rawValue).joined(separator: " ")
            #expect(library.diagnostics.map(\.code) == [.otherKeywordSet], "\(word)")
            #expect(
                library.diagnostics.first?.message.english
                    == "`\(word)` is a Chinese keyword; this file uses English keywords: write \(written)", "\(word)")
        }
        // `at most` in a Chinese file is one keyword of two words: 至多.
        let atMost = PolicyLibrary.load(sources: [
            SourceFile(path: "t", text: Self.chineseHeader + "输入 天数: 天\n规则 甲: 元 引用 \"一\" = 150 元/天 * 天数 at most 1000 元\n")
        ])
        #expect(
            atMost.diagnostics.first?.message.english.hasSuffix(
                "`at most` is an English keyword; this file uses Chinese keywords: write 至多") == true)
    }

    @Test func aNameThatBeginsWithAKeyword() {
        expectOnly(
            Self.chineseHeader + "输入 就业率: 百分比\n规则 甲: 元 引用 \"一\" = 如果就业率 >= 80% 那么 100 元 否则 0 元\n",
            english: """
                示例.policy:8:18: error: 如果就业率 reads as one name; put a space after 如果 [keyword-runs-into-name]
                  |
                8 | 规则 甲: 元 引用 "一" = 如果就业率 >= 80% 那么 100 元 否则 0 元
                  |                         ^~~~~~~~~~ write 如果 就业率
                  = hint: a keyword is a word of its own: spaces separate it from the names around it

                """,
            chinese: """
                示例.policy:8:18: 错误: “如果就业率”被读作一个名称；应在“如果”后加空格 [keyword-runs-into-name]
                  |
                8 | 规则 甲: 元 引用 "一" = 如果就业率 >= 80% 那么 100 元 否则 0 元
                  |                         ^~~~~~~~~~ 应写作 如果 就业率
                  = 提示: 关键字是独立的词，须用空格与前后的名称分开

                """)
        // Names that begin with a one-character keyword (年度, 人数, 天数) are names.
        #expect(KeywordSet.zh.keywordPrefix(of: "年度工作任务") == nil)
        #expect(KeywordSet.zh.keywordPrefix(of: "天数") == nil)
    }

    @Test func anAmountTimesDaysWhereARateWasMeant() {
        expectOnly(
            Self.chineseHeader + "输入 培训天数: 天\n规则 甲: 元 引用 \"一\" = 150 元 * 培训天数 至多 1000 元\n",
            english: """
                示例.policy:8:18: error: 150 元 is an amount and 培训天数 is days: did you mean 150 元/天? [bound-unit]
                  |
                8 | 规则 甲: 元 引用 "一" = 150 元 * 培训天数 至多 1000 元
                  |                         ^~~~~~ write 150 元/天
                  = hint: a rate is written with what it is per: 150 元/天 times 培训天数 is an amount, which the cap then limits

                """,
            chinese: """
                示例.policy:8:18: 错误: 150 元是金额，培训天数是天：是否应为 150 元/天？ [bound-unit]
                  |
                8 | 规则 甲: 元 引用 "一" = 150 元 * 培训天数 至多 1000 元
                  |                         ^~~~~~ 应写作 150 元/天
                  = 提示: 费率须写明“每”什么：150 元/天 乘以 培训天数 得出金额，再由上限限定

                """)
    }

    @Test func oneOddCellIsOneError() {
        let text =
            Self.chineseHeader
            + "枚举 工种 { 甲, 乙, 丙 }\n输入 工种: 工种\n表 标准 按 工种 引用 \"一\" {\n  工种 | 补贴\n  甲   | 3500 元\n  乙   | 3800 元/天\n  丙   | 2500 元\n}\n规则 补贴: 元 引用 \"一\" = 标准[工种].补贴\n"
        expectOnly(
            text,
            english: """
                示例.policy:12:9: error: the column 补贴 holds yuan, but this cell is yuan/day [cell-type]
                   |
                12 |   乙   | 3800 元/天
                   |          ^~~~~~~~~~ yuan/day

                """,
            chinese: """
                示例.policy:12:9: 错误: “补贴”列应为元，此单元格却为元/天 [cell-type]
                   |
                12 |   乙   | 3800 元/天
                   |          ^~~~~~~~~~ 元/天

                """)
    }

    @Test func anEnglishUnitInAChineseTable() {
        let text =
            Self.chineseHeader
            + "枚举 工种 { 甲, 乙 }\n输入 工种: 工种\n表 标准 按 工种 引用 \"一\" {\n  工种 | 补贴\n  甲   | 3500 yuan\n  乙   | 2500 元\n}\n规则 补贴: 元 引用 \"一\" = 标准[工种].补贴\n"
        #expect(
            rendered(text, in: .en).hasPrefix(
                "示例.policy:11:14: error: `yuan` is an English keyword; this file uses Chinese keywords: write 元 [other-keyword-set]"
            ))
        #expect(rendered(text, in: .zh).hasPrefix("示例.policy:11:14: 错误: “yuan”是英文关键字；本文件使用中文关键字：应写作“元” [other-keyword-set]"))
    }

    @Test func aSemicolonBetweenGivensAndAnEnumerationCommaBetweenCases() {
        expectOnly(
            Self.chineseHeader
                + "输入 天数: 天\n输入 人数: 人\n规则 甲: 元 引用 \"一\" = 150 元/天 * 天数\n测试 \"t\" {\n  给定 天数 = 3 天； 人数 = 2 人\n  期望 甲 = 450 元\n}\n",
            english: """
                示例.policy:11:14: error: items are separated by ',', not '；' [unexpected-character]
                   |
                11 |   给定 天数 = 3 天； 人数 = 2 人
                   |                   ^~ write ,
                   = hint: write , between the cases of an enum, the givens of a test, the keys of a lookup and a function's arguments (the rest of the line was read as if it were ,)

                """,
            chinese: """
                示例.policy:11:14: 错误: 各项之间用“,”分隔，而不是“；” [unexpected-character]
                   |
                11 |   给定 天数 = 3 天； 人数 = 2 人
                   |                   ^~ 应改为 ,
                   = 提示: 枚举的各项、测试的各个给定值、查表的各个键和函数的各个参数之间都用“,”分隔（本行其余部分已按“,”读取）

                """)
        // `、` twice on one line is one error; the enum has its three cases.
        let library = PolicyLibrary.load(sources: [SourceFile(path: "t", text: Self.chineseHeader + "枚举 工种 { 甲、乙、丙 }\n")])
        #expect(library.diagnostics.map(\.code) == [.unexpectedCharacter])
        #expect(library.diagnostics.first?.message.chinese == "各项之间用“,”分隔，而不是“、”")
        // At the end of a line it is a closing mark, and dropped.
        let closing = PolicyLibrary.load(sources: [SourceFile(path: "t", text: Self.chineseHeader + "输入 天数: 天；\n")])
        #expect(closing.diagnostics.first?.hint?.english == "remove it: a declaration needs no closing mark")
    }

    @Test func aTableWithoutItsCitationIsToldWhereItGoes() {
        let text = Self.chineseHeader + "枚举 工种 { 甲 }\n表 标准 按 工种 {\n  工种 | 补贴\n  甲   | 3500 元\n}\n"
        let library = PolicyLibrary.load(sources: [SourceFile(path: "t", text: text)])
        #expect(
            library.diagnostics.first?.hint
                == Phrase(
                    "cite the clause after the key column, before `{`: `table 标准 by … cite \"第五条\" {`",
                    "请在键列之后、“{”之前写明所依据的条款：“表 标准 按 … 引用 \"第五条\" {”"))
    }

    @Test func aChineseClaimSays是And否AndWritesDatesAsPoliciesDo() {
        // The batch reads 是 and 否 as a policy in Chinese keywords does, and 2021-6-1 as 2021-06-01.
        let claims = """
            id,date,jurisdiction,program,证书等级,初次取证,已使用电子培训券
            A,2021-6-1,山西省/太原市,职业技能等级证书补贴,初级工,是,是
            B,2021-06-01,山西省/太原市,职业技能等级证书补贴,初级工,是,否
            C,2021-06-01,山西省/太原市,职业技能等级证书补贴,初级工,是,对

            """
        var source = BytesSource(Array(claims.utf8))
        var written: [UInt8] = []
        let runner = BatchRunner(library: Self.library, ledger: Ledger(), outputFormat: .csv)
        _ = runner.run(&source, inputFormat: .csv, write: { written.append(contentsOf: $0) })
        let rows = rows(String(decoding: written, as: UTF8.self))
        #expect(rows.map { $0["status"] } == ["granted", "refused", "invalid"])
        #expect(rows[0]["amount"] == "400")
        #expect(rows[2]["reasons"] == "the fact 已使用电子培训券 should be true or false (是 or 否), but it is \"对\"")
        // A policy writes a day the same way.
        #expect(errorCodes("input 日: date\nrule 早: bool = 日 < 2022-1-1") == [])
    }

    static let library = PolicyLibrary.load(paths: [Repository.path("policies")])
}
