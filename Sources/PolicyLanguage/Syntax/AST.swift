// The syntax tree the parser produces: what was written, with a source range on every node and
// no meaning attached yet. The checker reads it and builds the checked form (`Program`); nothing
// downstream of the checker ever looks at syntax again.

package struct PolicyFile: Sendable {
    package let source: SourceFile
    package let header: Header?
    package let declarations: [Declaration]
    package let comments: [Comment]
}

package struct Identifier: Sendable, Hashable {
    package let name: String
    package let range: SourceRange
}

package struct TextLiteral: Sendable {
    package let text: String
    package let range: SourceRange
}

package struct DateLiteral: Sendable {
    package let date: CalendarDate
    package let range: SourceRange
}

/// `policy NAME { title … document … jurisdiction … extends … in force … }`
package struct Header: Sendable {
    package let name: Identifier
    package var title: TextLiteral?
    package var document: TextLiteral?
    /// `山西省/晋城市/陵川县`, outermost first.
    package var jurisdiction: [Identifier]?
    package var extends: Identifier?
    /// `succeeds NAME`: the earlier policy of the same jurisdiction this one is the next version of.
    package var succeeds: Identifier?
    /// `in force FROM to TO`, or `in force from FROM` with no end.
    package var period: (start: DateLiteral, end: DateLiteral?)?
    package let range: SourceRange
    /// `counting year from DATE`: the first day of a counting year (2021-12-01 starts 2022's).
    package var countingYearStart: DateLiteral? = nil
}

package enum Declaration: Sendable {
    case enumeration(EnumDeclaration)
    case input(InputDeclaration)
    case rule(RuleDeclaration)
    case table(TableDeclaration)
    case milestones(MilestonesDeclaration)
    case limit(LimitDeclaration)
    case test(TestDeclaration)
    /// `repeal program NAME cite "…"`: a successor drops something it inherits.
    case repeal(RepealDeclaration)
    case deadline(DeadlineDeclaration)

    package var name: Identifier? {
        switch self {
        case .enumeration(let d): d.name
        case .input(let d): d.name
        case .rule(let d): d.name
        case .table(let d): d.name
        case .milestones(let d): d.name
        case .limit(let d): d.name
        case .deadline(let d): d.name
        case .test, .repeal: nil
        }
    }

    package var range: SourceRange {
        switch self {
        case .enumeration(let d): d.range
        case .input(let d): d.range
        case .rule(let d): d.range
        case .table(let d): d.range
        case .milestones(let d): d.range
        case .limit(let d): d.range
        case .test(let d): d.range
        case .repeal(let d): d.range
        case .deadline(let d): d.range
        }
    }
}

/// `enum 证书等级 { 初级, 中级, 高级 }`, or `amend enum 劳务品牌 { 陵川厨师 }`: cases added to an
/// inherited enum.
package struct EnumDeclaration: Sendable {
    package let name: Identifier
    package let cases: [Identifier]
    /// Where `amend` is written, for an amendment.
    package var amendment: SourceRange? = nil
    package let range: SourceRange
}

/// `repeal program NAME cite "…"`, `repeal limit NAME cite "…"`, `repeal test "…"`: a successor
/// drops a program, obligation, limit, deadline or worked example it inherits.
package struct RepealDeclaration: Sendable {
    package enum Kind: String, Sendable {
        case program, obligation, limit, deadline, test
    }
    package let kind: Kind
    /// The name repealed; for a test, its name in quotes.
    package let name: Identifier
    package let citation: TextLiteral?
    package let range: SourceRange
}

/// `input NAME: percent between 0% and 100%`
package struct InputDeclaration: Sendable {
    package let name: Identifier
    package let type: TypeSyntax
    /// Declared `open`: a number the document leaves to a lower layer or to the claim.
    package let isOpen: Bool
    /// `between A and B`, `at least A`, `at most B`: inclusive.
    package let lower: Expression?
    package let upper: Expression?
    package let citation: TextLiteral?
    package let range: SourceRange
}

package enum RuleKind: String, Sendable {
    case rule
    /// An entry point a claim can name.
    case program
    /// An entry point that answers compliant or not: `obligation NAME cite "…" = CONDITION else "…"`.
    case obligation
}

/// `rule NAME: TYPE cite "…" = EXPRESSION`, `program …`, or `obligation NAME cite "…" = CONDITION else "…"`.
package struct RuleDeclaration: Sendable {
    package let kind: RuleKind
    package let name: Identifier
    /// nil for an obligation, whose value is whether it is met.
    package let type: TypeSyntax?
    package let citation: TextLiteral?
    package let body: Expression
    /// What an obligation requires, said when it is not met.
    package let violation: TextLiteral?
    package let range: SourceRange
    /// `dated NAME`: the date input whose value selects the policy for this program (its deciding
    /// date); nil for the claim date.
    package var dated: Identifier? = nil
}

/// `deadline NAME cite "…" { for PROGRAM, …  until DATE }`: a listed program's claim applied for
/// after the date is refused.
package struct DeadlineDeclaration: Sendable {
    package let name: Identifier
    package let citation: TextLiteral?
    package let programs: [Identifier]
    package let until: Expression
    package let range: SourceRange
}

/// `table NAME by KEY cite "…" { header row; rows }`: rows are lines, cells are separated by `|`.
/// A `quota` is a table of targets: it may end with a `total` row, which the checker adds up,
/// and name the `milestones` its progress is measured against.
package struct TableDeclaration: Sendable {
    package let isQuota: Bool
    package let name: Identifier
    package let keys: [Identifier]
    package let citation: TextLiteral?
    package let milestones: Identifier?
    /// The target columns the milestones apply to; empty for all of them.
    package let milestoneColumns: [Identifier]
    package let columns: [Identifier]
    package let rows: [TableRow]
    /// The stated totals, one per column that is not a key.
    package let total: TableRow?
    /// Where `amend` is written, for an amendment: its rows replace the inherited rows of the same
    /// key or are added, and `removals` drop inherited rows.
    package var amendment: SourceRange? = nil
    /// `remove KEY | …` lines of an amendment: the key cells of each inherited row dropped.
    package var removals: [TableRow] = []
    package let range: SourceRange
}

/// A limit across claims, kept in the ledger of a batch:
/// `limit NAME cite "…" { for PROGRAM, …  per KEY, …  at most 3 claims }` or `at most AMOUNT`.
package struct LimitDeclaration: Sendable {
    package enum Bound: Sendable {
        /// At most this many granted claims per key.
        case claims(Expression)
        /// The granted amounts per key add up to at most this; the claim that reaches it gets the rest.
        case amount(Expression)
    }
    package let name: Identifier
    package let citation: TextLiteral?
    package let programs: [Identifier]
    package let keys: [Expression]
    package let bound: Bound
    package let range: SourceRange
}

/// `milestones NAME cite "…" { 2022-09-30 => 60% … }`: the share of each target due by each day.
package struct MilestonesDeclaration: Sendable {
    package struct Step: Sendable {
        package let date: DateLiteral
        package let share: Expression
    }
    package let name: Identifier
    package let citation: TextLiteral?
    package let steps: [Step]
    package let range: SourceRange
}

package struct TableRow: Sendable {
    package let cells: [Expression]
    /// What each cell of a quota asks of its figure, written before it (nil for a plain figure).
    package var markers: [TargetMarker?] = []
    package let range: SourceRange
}

/// The words before a quota's figure that say what kind of target it is: `at least 100`
/// (以上, 不少于), `about 1000` (左右, 约), `at most 3` (不超过, 以内), `between 1 and 2` (1-2个).
package struct TargetMarker: Sendable {
    package enum Kind: Sendable {
        case atLeast, about, atMost
        /// The cell is the range's lower end; this is its upper end.
        case between(upper: Expression)
    }
    package let kind: Kind
    /// The marker's words, for messages.
    package let range: SourceRange
}

/// `test "…" { given …  expect … }`: a worked example beside the rules.
package struct TestDeclaration: Sendable {
    package let name: TextLiteral
    package let givens: [Given]
    package let expectations: [Expectation]
    package let range: SourceRange

    package struct Given: Sendable {
        /// nil for `claim date` and `application date`.
        package let name: Identifier?
        package let value: Expression
        package let range: SourceRange
        /// `application date`: when the claim was applied for.
        package var isApplicationDate = false
    }

    package struct Expectation: Sendable {
        package enum Outcome: Sendable {
            case value(Expression)
            /// `refused`, optionally with the exact reason.
            case refused(TextLiteral?)
        }
        package let name: Identifier
        package let outcome: Outcome
        package let range: SourceRange
    }
}

/// A type as written: `yuan`, `yuan/day`, `percent`, `date`, or an enum's name.
package struct TypeSyntax: Sendable {
    package enum Kind: Sendable {
        case unit(UnitSyntax)
        case number, bool, date, text, identity
        case named(Identifier)
    }
    package let kind: Kind
    package let range: SourceRange
}

/// A unit as written: a product of unit words over a product of unit words, e.g. `yuan/person/month`.
package struct UnitSyntax: Sendable {
    package let numerator: [Keyword]
    package let denominator: [Keyword]
    package let range: SourceRange
}

// MARK: - Expressions

package struct Expression: Sendable {
    package indirect enum Kind: Sendable {
        /// `12`, `12 yuan/day`, `50%`
        case number(String, UnitSyntax?)
        case date(CalendarDate)
        case text(String)
        case boolean(Bool)
        /// `none`: a table cell the document leaves empty (——).
        case none
        case name(String)
        /// `claim date`: the date on the claim.
        case claimDate
        /// `application date`: when the claim was applied for; the claim date if it does not say.
        case applicationDate
        /// `counting year`: the counting year (a number) of the deciding date.
        case countingYear
        /// `inherited`: the parent policy's definition of the rule being defined.
        case inherited
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `x at most 100 yuan`, `x at least 0 yuan`
        case bound(BoundKind, Expression, Expression)
        /// `x rounded to 0.01 yuan`
        case rounded(Expression, quantum: Expression)
        /// `lookup otherwise fallback`: the fallback is used where the document prices no case.
        case otherwise(Expression, Expression)
        /// `x in low to high`
        case within(Expression, low: Expression, high: Expression)
        case conditional(Expression, then: Expression, else: Expression)
        case require([Requirement], Expression)
        case match(Expression, [MatchArm])
        case tiers(TierKind, quantity: Expression, [Bracket])
        /// `table[key, …]`
        case subscripted(Expression, [Expression])
        /// `base.member`: a table column or a qualified enum case.
        case member(Expression, Identifier)
        case call(Keyword, [Expression])
        /// Stands in for what could not be parsed; the checker stays silent about it.
        case invalid
    }

    package let kind: Kind
    package let range: SourceRange
    /// How many levels of expressions this one is, itself included: a literal is 1, `a + b + c`
    /// is 3. The parser keeps it bounded, so every later stage may recurse over an expression.
    package let depth: Int

    package init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
        self.depth = 1 + kind.operands.reduce(0) { max($0, $1.depth) }
    }
}

extension Expression.Kind {
    /// The expressions directly inside this one.
    var operands: [Expression] {
        switch self {
        case .number, .date, .text, .boolean, .none, .name, .claimDate, .applicationDate, .countingYear, .inherited, .invalid:
            []
        case .unary(_, let a), .member(let a, _): [a]
        case .binary(_, let a, let b), .bound(_, let a, let b), .rounded(let a, let b), .otherwise(let a, let b): [a, b]
        case .within(let a, let b, let c), .conditional(let a, let b, let c): [a, b, c]
        case .require(let requirements, let body): requirements.map(\.condition) + [body]
        case .match(let subject, let arms):
            [subject]
                + arms.flatMap { arm in
                    arm.patterns.flatMap { pattern -> [Expression] in
                        switch pattern {
                        case .value(let value): [value]
                        case .range(let range): range.limits
                        case .otherwise: []
                        }
                    } + [arm.body]
                }
        case .tiers(_, let quantity, let brackets): [quantity] + brackets.flatMap { $0.range.limits + [$0.rate] }
        case .subscripted(let base, let keys): [base] + keys
        case .call(_, let arguments): arguments
        }
    }
}

extension RangeSyntax {
    var limits: [Expression] { [lower?.value, upper?.value].compactMap { $0 } }
}

package enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not
}

package enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    package var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

package enum BoundKind: String, Sendable {
    case atMost = "at most"
    case atLeast = "at least"
}

package enum TierKind: String, Sendable {
    /// Each bracket's rate applies to the part of the quantity inside it (progressive).
    case marginal
    /// The bracket containing the whole quantity sets the rate for all of it.
    case banded
}

/// `require CONDITION else "reason"`
package struct Requirement: Sendable {
    package let condition: Expression
    package let reason: TextLiteral
    package let range: SourceRange
}

/// A range of numbers, dates or percents: `below 100 persons`, `from 3 days up to 7 days`.
package struct RangeSyntax: Sendable {
    package struct Limit: Sendable {
        package let value: Expression
        package let inclusive: Bool
    }
    package let lower: Limit?
    package let upper: Limit?
    package let range: SourceRange
}

package struct MatchArm: Sendable {
    package enum Pattern: Sendable {
        /// An enum case or a literal value.
        case value(Expression)
        case range(RangeSyntax)
        case otherwise(SourceRange)
    }
    package let patterns: [Pattern]
    package let body: Expression
    package let range: SourceRange
}

package struct Bracket: Sendable {
    package let range: RangeSyntax
    package let rate: Expression
    package let span: SourceRange
}
