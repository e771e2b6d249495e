// The vocabulary of the lexer: keywords, symbols and token kinds. `Grammar/policy.ebnf` names
// every keyword and symbol listed here; a test keeps the two in step.

/// A reserved word. Multi-word keywords of the grammar (`in force`, `at most`, `claim date`)
/// are sequences of these, combined by the parser.
package enum Keyword: String, CaseIterable, Sendable {
    // The header.
    case policy, title, document, jurisdiction, extends, succeeds, `in`, force, to
    // Declarations.
    case `enum`, input, open, between, rule, program, obligation, cite, table, by, test, given, expect, refused
    case quota, total, milestones, `for`, none, limit, per, claims, about
    // Changes a successor makes to what it inherits.
    case amend, repeal, remove
    // Time: `application date`, `counting year`, `dated NAME`, `deadline NAME { … until DATE }`.
    case application, counting, dated, deadline, until
    // Expressions.
    case `if`, then, `else`, match, require, at, most, least, rounded, marginal, banded
    case up, below, above, from, otherwise, inherited, and, or, not, `true`, `false`, claim
    case min, max, birthdate
    // Units and types. `year`, `month` and `day` double as date functions: `year(d)`.
    case yuan, day, days, month, months, hour, hours, person, persons, year, years, percent
    case number, bool, date, text, identity
}

/// Punctuation and operators.
package enum Symbol: String, CaseIterable, Sendable {
    case leftBrace = "{", rightBrace = "}", leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]"
    case comma = ",", colon = ":", dot = ".", bar = "|", arrow = "=>"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
    case equal = "=", equalEqual = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

package enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case keyword(Keyword)
    /// A number in ASCII digits, with at most one `.`: `12`, `0.25`.
    case number(String)
    /// A calendar date written `YYYY-MM-DD`, already validated.
    case date(CalendarDate)
    case string(String)
    case symbol(Symbol)
    case endOfFile
}

package struct Token: Sendable {
    package let kind: TokenKind
    package let range: SourceRange
    /// Whether the token is the first on its line; table rows are lines.
    package let startsLine: Bool

    package func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }
    package func isSymbol(_ symbol: Symbol) -> Bool { kind == .symbol(symbol) }
}

/// A `//` comment, kept for the formatter and the documentation generator.
package struct Comment: Sendable {
    package let text: String
    package let range: SourceRange
    /// Whether code precedes the comment on its line.
    package let trailing: Bool
}

extension TokenKind {
    /// How a token is named in a message: "keyword 'rule'", "'{'", "the name 培训天数"; in Chinese
    /// "关键字“规则”", "“{”", "名称“培训天数”".
    package var phrase: Phrase {
        switch self {
        case .identifier(let name): message("the name \(name)", "名称“\(name)”")
        case .keyword(let keyword): message("keyword '\(keyword.rawValue)'", "关键字“\(keyword.phrase)”")
        case .number(let text): message("the number \(text)", "数字“\(text)”")
        case .date(let date): message("the date \(date)", "日期“\(date)”")
        case .string(let text): message("the text \"\(text)\"", "文本\"\(text)\"")
        case .symbol(let symbol): message("'\(symbol.rawValue)'", "“\(symbol.rawValue)”")
        case .endOfFile: message("the end of the file", "文件末尾")
        }
    }
}

extension Keyword {
    /// How a message names the keyword: its own spelling in English, its Chinese twin in Chinese
    /// (`rule` is 规则, `at` and `most` are 于 and 多, though `at most` together reads 至多).
    var phrase: Phrase {
        Phrase(rawValue, KeywordSet.chinese[self] ?? rawValue)
    }
}
