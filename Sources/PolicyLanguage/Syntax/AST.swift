// The syntax tree the parser produces: what was written, with a source range on every node and
// no meaning attached yet. The checker reads it and builds the checked form (`Program`); nothing
// downstream of the checker ever looks at syntax again.

public struct PolicyFile: Sendable {
    public let source: SourceFile
    public let header: Header?
    public let declarations: [Declaration]
    public let comments: [Comment]
}

public struct Identifier: Sendable, Hashable {
    public let name: String
    public let range: SourceRange
}

public struct TextLiteral: Sendable {
    public let text: String
    public let range: SourceRange
}

public struct DateLiteral: Sendable {
    public let date: CalendarDate
    public let range: SourceRange
}

/// `policy NAME { title … document … jurisdiction … extends … in force … }`
public struct Header: Sendable {
    public let name: Identifier
    public var title: TextLiteral?
    public var document: TextLiteral?
    /// `山西省/晋城市/陵川县`, outermost first.
    public var jurisdiction: [Identifier]?
    public var extends: Identifier?
    /// `in force FROM to TO`, or `in force from FROM` with no end.
    public var period: (start: DateLiteral, end: DateLiteral?)?
    public let range: SourceRange
}

public enum Declaration: Sendable {
    case enumeration(EnumDeclaration)
    case input(InputDeclaration)
    case rule(RuleDeclaration)
    case table(TableDeclaration)
    case milestones(MilestonesDeclaration)
    case limit(LimitDeclaration)
    case test(TestDeclaration)

    public var name: Identifier? {
        switch self {
        case .enumeration(let d): d.name
        case .input(let d): d.name
        case .rule(let d): d.name
        case .table(let d): d.name
        case .milestones(let d): d.name
        case .limit(let d): d.name
        case .test: nil
        }
    }

    public var range: SourceRange {
        switch self {
        case .enumeration(let d): d.range
        case .input(let d): d.range
        case .rule(let d): d.range
        case .table(let d): d.range
        case .milestones(let d): d.range
        case .limit(let d): d.range
        case .test(let d): d.range
        }
    }
}

/// `enum 证书等级 { 初级, 中级, 高级 }`
public struct EnumDeclaration: Sendable {
    public let name: Identifier
    public let cases: [Identifier]
    public let range: SourceRange
}

/// `input NAME: percent between 0% and 100%`
public struct InputDeclaration: Sendable {
    public let name: Identifier
    public let type: TypeSyntax
    /// Declared `open`: a number the document leaves to a lower layer or to the claim.
    public let isOpen: Bool
    /// `between A and B`, `at least A`, `at most B`: inclusive.
    public let lower: Expression?
    public let upper: Expression?
    public let citation: TextLiteral?
    public let range: SourceRange
}

public enum RuleKind: String, Sendable {
    case rule
    /// An entry point a claim can name.
    case program
    /// An entry point that answers compliant or not: `obligation NAME cite "…" = CONDITION else "…"`.
    case obligation
}

/// `rule NAME: TYPE cite "…" = EXPRESSION`, `program …`, or `obligation NAME cite "…" = CONDITION else "…"`.
public struct RuleDeclaration: Sendable {
    public let kind: RuleKind
    public let name: Identifier
    /// nil for an obligation, whose value is whether it is met.
    public let type: TypeSyntax?
    public let citation: TextLiteral?
    public let body: Expression
    /// What an obligation requires, said when it is not met.
    public let violation: TextLiteral?
    public let range: SourceRange
}

/// `table NAME by KEY cite "…" { header row; rows }`: rows are lines, cells are separated by `|`.
/// A `quota` is a table of targets: it may end with a `total` row, which the checker adds up,
/// and name the `milestones` its progress is measured against.
public struct TableDeclaration: Sendable {
    public let isQuota: Bool
    public let name: Identifier
    public let keys: [Identifier]
    public let citation: TextLiteral?
    public let milestones: Identifier?
    /// The target columns the milestones apply to; empty for all of them.
    public let milestoneColumns: [Identifier]
    public let columns: [Identifier]
    public let rows: [TableRow]
    /// The stated totals, one per column that is not a key.
    public let total: TableRow?
    public let range: SourceRange
}

/// A limit across claims, kept in the ledger of a batch:
/// `limit NAME cite "…" { for PROGRAM, …  per KEY, …  at most 3 claims }` or `at most AMOUNT`.
public struct LimitDeclaration: Sendable {
    public enum Bound: Sendable {
        /// At most this many granted claims per key.
        case claims(Expression)
        /// The granted amounts per key add up to at most this; the claim that reaches it gets the rest.
        case amount(Expression)
    }
    public let name: Identifier
    public let citation: TextLiteral?
    public let programs: [Identifier]
    public let keys: [Expression]
    public let bound: Bound
    public let range: SourceRange
}

/// `milestones NAME cite "…" { 2022-09-30 => 60% … }`: the share of each target due by each day.
public struct MilestonesDeclaration: Sendable {
    public struct Step: Sendable {
        public let date: DateLiteral
        public let share: Expression
    }
    public let name: Identifier
    public let citation: TextLiteral?
    public let steps: [Step]
    public let range: SourceRange
}

public struct TableRow: Sendable {
    public let cells: [Expression]
    public let range: SourceRange
}

/// `test "…" { given …  expect … }`: a worked example beside the rules.
public struct TestDeclaration: Sendable {
    public let name: TextLiteral
    public let givens: [Given]
    public let expectations: [Expectation]
    public let range: SourceRange

    public struct Given: Sendable {
        /// nil for `claim date`.
        public let name: Identifier?
        public let value: Expression
        public let range: SourceRange
    }

    public struct Expectation: Sendable {
        public enum Outcome: Sendable {
            case value(Expression)
            /// `refused`, optionally with the exact reason.
            case refused(TextLiteral?)
        }
        public let name: Identifier
        public let outcome: Outcome
        public let range: SourceRange
    }
}

/// A type as written: `yuan`, `yuan/day`, `percent`, `date`, or an enum's name.
public struct TypeSyntax: Sendable {
    public enum Kind: Sendable {
        case unit(UnitSyntax)
        case number, bool, date, text, identity
        case named(Identifier)
    }
    public let kind: Kind
    public let range: SourceRange
}

/// A unit as written: a product of unit words over a product of unit words, e.g. `yuan/person/month`.
public struct UnitSyntax: Sendable {
    public let numerator: [Keyword]
    public let denominator: [Keyword]
    public let range: SourceRange
}

// MARK: - Expressions

public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
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

    public let kind: Kind
    public let range: SourceRange
    /// How many levels of expressions this one is, itself included: a literal is 1, `a + b + c`
    /// is 3. The parser keeps it bounded, so every later stage may recurse over an expression.
    public let depth: Int

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
        self.depth = 1 + kind.operands.reduce(0) { max($0, $1.depth) }
    }
}

extension Expression.Kind {
    /// The expressions directly inside this one.
    var operands: [Expression] {
        switch self {
        case .number, .date, .text, .boolean, .none, .name, .claimDate, .inherited, .invalid: []
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

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }
}

public enum BoundKind: String, Sendable {
    case atMost = "at most"
    case atLeast = "at least"
}

public enum TierKind: String, Sendable {
    /// Each bracket's rate applies to the part of the quantity inside it (progressive).
    case marginal
    /// The bracket containing the whole quantity sets the rate for all of it.
    case banded
}

/// `require CONDITION else "reason"`
public struct Requirement: Sendable {
    public let condition: Expression
    public let reason: TextLiteral
    public let range: SourceRange
}

/// A range of numbers, dates or percents: `below 100 persons`, `from 3 days up to 7 days`.
public struct RangeSyntax: Sendable {
    public struct Limit: Sendable {
        public let value: Expression
        public let inclusive: Bool
    }
    public let lower: Limit?
    public let upper: Limit?
    public let range: SourceRange
}

public struct MatchArm: Sendable {
    public enum Pattern: Sendable {
        /// An enum case or a literal value.
        case value(Expression)
        case range(RangeSyntax)
        case otherwise(SourceRange)
    }
    public let patterns: [Pattern]
    public let body: Expression
    public let range: SourceRange
}

public struct Bracket: Sendable {
    public let range: RangeSyntax
    public let rate: Expression
    public let span: SourceRange
}
