// The words the messages are built from, in Chinese: how a token, a keyword, a unit and a type
// are named under `--lang zh`, while code and JSON keep the English spelling.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct ChineseDiagnosticsTests {
    @Test(arguments: [
        (TokenKind.keyword(.rule), "keyword 'rule'", "关键字“规则”"),
        (.keyword(.days), "keyword 'days'", "关键字“天”"),
        (.identifier("培训天数"), "the name 培训天数", "名称“培训天数”"),
        (.number("12"), "the number 12", "数字“12”"),
        (.string("初级"), "the text \"初级\"", "文本\"初级\""),
        (.symbol(.leftBrace), "'{'", "“{”"),
        (.endOfFile, "the end of the file", "文件末尾"),
        (
            .identifier(String(repeating: "长", count: 50)), "the name \(String(repeating: "长", count: 40))… (50 characters)",
            "名称“\(String(repeating: "长", count: 40))…（共50个字符）”"
        ),
    ])
    func tokensAreNamed(_ kind: TokenKind, english: String, chinese: String) {
        #expect(kind.description == english)
        #expect(Localization.$language.withValue(.zh) { kind.description } == chinese)
    }

    @Test func everyKeywordHasItsChineseTwin() {
        for keyword in Keyword.allCases {
            #expect(keyword.localizedName == keyword.rawValue)
            let twin = Localization.$language.withValue(.zh) { keyword.localizedName }
            #expect(twin != keyword.rawValue && twin.unicodeScalars.allSatisfy { $0.value > 0x2E80 }, "\(keyword): \(twin)")
        }
        let twins = Localization.$language.withValue(.zh) {
            [Keyword.policy, .in, .force, .at, .most, .claims, .bool, .otherwise, .min].map(\.localizedName)
        }
        #expect(twins == ["政策", "在", "生效", "于", "多", "件", "是否", "缺省", "较小值"])
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
        #expect(type.name == english)
        #expect(Localization.$language.withValue(.zh) { type.name } == chinese)
        // Code and JSON keep the English spelling whatever the language.
        #expect(Localization.$language.withValue(.zh) { type.description } == english)
    }
}
