// The two keyword sets of the language, English and Chinese, over one grammar. A file speaks one
// of them, chosen by its first word (`policy` or `政策`); the lexer turns either into the same
// tokens, so the parser, the checker and everything after never see which it was. Every keyword
// has a Chinese twin; a few Chinese words stand for two English keywords that the grammar puts
// together (`施行` for `in force`, `至多` for `at most`), and singular and plural units share one
// Chinese word (`天` is `day` and `days`). `Grammar/README.md` lists the pairs.

package enum KeywordSet: String, Sendable, CaseIterable {
    case en, zh

    /// The Chinese twin of each keyword.
    package static let chinese: [Keyword: String] = [
        .policy: "政策", .title: "标题", .document: "文号", .jurisdiction: "辖区", .extends: "依据", .succeeds: "延续", .in: "在",
        .force: "生效", .to: "至",
        .enum: "枚举", .input: "输入", .open: "待定", .between: "介于", .rule: "规则", .program: "项目",
        .obligation: "义务", .cite: "引用", .table: "表", .by: "按", .test: "测试", .given: "给定", .expect: "期望",
        .refused: "拒绝", .quota: "任务表", .total: "合计", .milestones: "进度", .for: "适用", .none: "无",
        .limit: "限额", .per: "每", .claims: "件", .claim: "件", .about: "约",
        .amend: "修订", .repeal: "废止", .remove: "删除",
        .if: "如果", .then: "那么", .else: "否则", .match: "匹配", .require: "要求", .at: "于", .most: "多",
        .least: "少", .rounded: "四舍五入", .marginal: "累进", .banded: "分档", .up: "上至", .below: "低于",
        .above: "超过", .from: "自", .otherwise: "缺省", .inherited: "沿用", .and: "与", .or: "或", .not: "非",
        .true: "是", .false: "否", .min: "较小值", .max: "较大值", .birthdate: "出生日期",
        .yuan: "元", .day: "天", .days: "天", .month: "月", .months: "月", .hour: "小时", .hours: "小时",
        .person: "人", .persons: "人", .year: "年", .years: "年", .percent: "百分比",
        .number: "数值", .bool: "是否", .date: "日期", .text: "文本", .identity: "身份号码",
        .application: "申领", .counting: "计数", .dated: "按日期", .deadline: "申领期限", .until: "截至",
    ]

    /// One Chinese word for two keywords the grammar puts together.
    package static let phrases: [(words: [Keyword], chinese: String)] = [
        ([.in, .force], "施行"), ([.at, .most], "至多"), ([.at, .least], "至少"), ([.up, .to], "不超过"),
        ([.claim, .date], "业务日期"), ([.application, .date], "申领日期"), ([.counting, .year], "计数年度"),
    ]

    /// The keywords a Chinese word reads as. A word shared by a singular and a plural reads as
    /// the singular, which the grammar accepts wherever it accepts the plural.
    static let fromChinese: [String: [Keyword]] = {
        var words: [String: [Keyword]] = [:]
        for keyword in Keyword.allCases {
            guard let chinese = chinese[keyword] else { continue }
            if let existing = words[chinese], existing.count == 1, existing[0].rawValue.count < keyword.rawValue.count {
                continue  // `day` before `days`
            }
            words[chinese] = [keyword]
        }
        for phrase in phrases { words[phrase.chinese] = phrase.words }
        return words
    }()

    /// The keywords a word of this set reads as; nil for a name.
    func keywords(for word: String) -> [Keyword]? {
        switch self {
        case .en: Keyword(rawValue: word).map { [$0] }
        case .zh: Self.fromChinese[word]
        }
    }

    /// The other set.
    package var other: KeywordSet { self == .en ? .zh : .en }

    /// How this set writes a keyword of the other set, `word` (and `next`, for a keyword of two
    /// words): in Chinese, `if` is `如果` and `at most` is `至多`; in English, `否则` is `else`. nil
    /// when the word is no keyword of the other set. `words` is how many words it took.
    package func twin(of word: String, next: String?) -> (written: String, replacement: String, words: Int)? {
        switch self {
        case .zh:
            if let next, let first = Keyword(rawValue: word), let second = Keyword(rawValue: next),
                let phrase = Self.phrases.first(where: { $0.words == [first, second] })
            {
                return (word + " " + next, phrase.chinese, 2)
            }
            guard let keyword = Keyword(rawValue: word), let chinese = Self.chinese[keyword] else { return nil }
            return (word, chinese, 1)
        case .en:
            guard let keywords = Self.fromChinese[word] else { return nil }
            return (word, keywords.map(\.rawValue).joined(separator: " "), 1)
        }
    }

    /// The keyword a name of this set begins with, where a space was forgotten: `如果培训天数` is
    /// `如果` and `培训天数`. Chinese only, and only keywords of two or more characters (one-character
    /// words such as 年 and 人 begin many names).
    package func keywordPrefix(of name: String) -> String? {
        guard self == .zh else { return nil }
        return Self.fromChinese.keys.filter { $0.count >= 2 && name.count > $0.count && name.hasPrefix($0) }
            .max(by: { $0.count < $1.count })
    }

    /// The set a file speaks: Chinese when its first word is `政策`, English otherwise.
    package static func of(_ bytes: [UInt8]) -> KeywordSet {
        let first = Array(chinese[.policy]!.utf8)
        var offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                offset += 1
            case UInt8(ascii: "/") where offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "/"):
                while offset < bytes.count, !Lexer.isLineBreak(bytes[offset]) { offset += 1 }
            case 0xE3 where bytes[offset...].starts(with: [0xE3, 0x80, 0x80]):  // the ideographic space
                offset += 3
            default:
                return bytes[offset...].starts(with: first) ? .zh : .en
            }
        }
        return .en
    }
}
