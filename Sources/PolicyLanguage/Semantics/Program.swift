// The checked form: what the checker proves and the compiler consumes. Every name is resolved
// to a slot (an index into the inputs or the rules), every node carries its proven type, enum
// cases are ordinals, and a policy that extends another has been merged with it, so one
// `Program` holds everything a claim under that policy can reach.

/// What a policy file says about itself.
package struct PolicyInfo: Sendable {
    package let name: String
    package let title: String
    package let document: String
    /// Outermost first: ["山西省", "晋城市", "陵川县"].
    package let jurisdiction: [String]
    package let period: Period
    package let parent: String?
    /// The earlier policy of the same jurisdiction this one is the next version of (`succeeds`).
    package let predecessor: String?
    package let source: SourceFile
    /// Where the header names the policy.
    package let nameRange: SourceRange
    /// `counting year from DATE`, if this policy's own header says it.
    package var countingYearStart: CalendarDate? = nil

    package var jurisdictionPath: String { jurisdiction.joined(separator: "/") }
}

/// The first day of each counting year, as a month and a day: a year for limits and quotas that
/// need not be the calendar year (`counting year from 2021-12-01`: December counts towards the
/// next year). A counting year is named by the calendar year that holds most of its days, so one
/// that starts in July or later is named by the year after the one it starts in.
package struct CountingYear: Sendable, Equatable {
    package let month: Int
    package let day: Int

    package static let calendar = CountingYear(month: 1, day: 1)

    package init(month: Int, day: Int) {
        self.month = month
        self.day = day
    }

    /// The counting year that starts on the month and day of `start`.
    package init(startingOn start: CalendarDate) {
        let parts = start.components
        self.init(month: parts.month, day: parts.day)
    }

    /// The counting year a day falls in.
    package func year(of date: CalendarDate) -> Int {
        let parts = date.components
        let startYear = (parts.month, parts.day) >= (month, day) ? parts.year : parts.year - 1
        return month >= 7 ? startYear + 1 : startYear
    }

    /// The first and last day of a counting year.
    package func days(of year: Int) -> (first: CalendarDate?, last: CalendarDate?) {
        let startYear = month >= 7 ? year - 1 : year
        let first = CalendarDate(year: startYear, month: month, day: day)
        let next = CalendarDate(year: startYear + 1, month: month, day: day)
        return (first, next.map { CalendarDate(dayNumber: $0.dayNumber - 1) })
    }
}

/// `deadline NAME cite "…" { for PROGRAM, …  until DATE }`: a claim of a listed program applied
/// for after the date is refused with the deadline's clause.
package struct Deadline: Sendable {
    package let name: String
    /// The policy whose file declares it.
    package let policy: String
    package let citation: Citation?
    /// Rule slots of the programs it applies to, as the policy being checked resolves them.
    package let programs: [Int]
    /// The last day to apply: a date, evaluated for each claim.
    package let until: Node
    package let span: SourceSpan
}

/// A clause of a document: its document number and the clause, as the policy cites it.
package struct Citation: Hashable, Sendable, CustomStringConvertible {
    package let document: String
    package let clause: String

    package var description: String { "\(document) \(clause)" }
}

/// Why a claim is refused: a reason written in a policy's `require`, or one the engine gives
/// where a document prices no case, with the clause it falls under.
package struct Refusal: Hashable, Sendable {
    /// Why, in words.
    package var reason: Phrase {
        limit.map {
            Phrase(String(decoding: $0.bytes(in: .en), as: UTF8.self), String(decoding: $0.bytes(in: .zh), as: UTF8.self))
        }
            ?? text
    }
    package let citation: Citation?
    private let text: Phrase
    /// A refusal by a limit on claims, kept as data: a batch writes it out as bytes without
    /// making its text, and a claim refused by a limit is a common one.
    let limit: LimitRefusal?
    /// The reason's UTF-8 in each language (empty for a limit's), and ` [DOCUMENT CLAUSE]`: what a
    /// batch writes.
    private let englishBytes: [UInt8]
    private let chineseBytes: [UInt8]
    let citationBytes: [UInt8]

    package init(reason: Phrase, citation: Citation?) {
        self.text = reason
        self.citation = citation
        self.limit = nil
        self.englishBytes = Array(reason.english.utf8)
        self.chineseBytes = Array(reason.chinese.utf8)
        self.citationBytes = citation.map { Array(" [\($0)]".utf8) } ?? []
    }

    init(limit: LimitRefusal, citation: Citation?) {
        self.text = .empty
        self.citation = citation
        self.limit = limit
        self.englishBytes = []
        self.chineseBytes = []
        self.citationBytes = limit.template.citationBytes
    }

    /// The reason's UTF-8 in a language, as a batch writes it; empty for a limit's, which writes itself.
    func textBytes(in language: Language) -> [UInt8] {
        language == .zh ? chineseBytes : englishBytes
    }

    package static func == (a: Refusal, b: Refusal) -> Bool { a.reason == b.reason && a.citation == b.citation }
    package func hash(into hasher: inout Hasher) {
        hasher.combine(reason)
        hasher.combine(citation)
    }
}

/// "the limit NAME allows 3 claims per KEY, …; KEY = VALUE, … has used them: ID, ID, ID", or in
/// Chinese "限额NAME按KEY、…计，至多 3 件；对KEY = VALUE，…，该额度已用完：ID、ID、ID".
struct LimitRefusal: Sendable {
    /// The parts of the message that depend only on the limit, as bytes, in both languages: made
    /// once when the program is compiled, so a compiled program serves a reader of either.
    final class Template: Sendable {
        struct Words: Sendable {
            let head: [UInt8]
            let labels: [[UInt8]]
            /// Between the key's parts.
            let partSeparator: [UInt8]
            let tail: [UInt8]
            /// Around the count of earlier claims whose ids are no longer kept: ": 5 claims, then".
            let countPrefix: [UInt8]
            let countSuffix: [UInt8]
            /// Before the first id, after a count or not, and between ids.
            let firstAfterCount: [UInt8]
            let first: [UInt8]
            let idSeparator: [UInt8]

            init(limit: Limit, in language: Language) {
                let chinese = language == .zh
                var head =
                    chinese ? "限额\(limit.name)按\(limit.keyLabels.joined(separator: "、"))计，至多" : "the limit \(limit.name) allows "
                let used: String
                switch limit.bound {
                case .claims(let allowed):
                    head += chinese ? " \(allowed) 件" : "\(allowed) claim\(allowed == 1 ? "" : "s")"
                    used = allowed == 1 ? " has used it" : " has used them"
                case .amount:
                    used = " has used it"
                }
                head += chinese ? "；对" : " per \(limit.keyLabels.joined(separator: ", ")); "
                self.head = Array(head.utf8)
                self.labels = limit.keyLabels.map { Array("\($0) = ".utf8) }
                self.partSeparator = Array((chinese ? "，" : ", ").utf8)
                self.tail = Array((chinese ? "，该额度已用完" : used).utf8)
                self.countPrefix = Array((chinese ? "：此前 " : ": ").utf8)
                self.countSuffix = Array((chinese ? " 件，其后为" : " claims, then").utf8)
                self.firstAfterCount = Array((chinese ? "" : " ").utf8)
                self.first = Array((chinese ? "：" : ": ").utf8)
                self.idSeparator = Array((chinese ? "、" : ", ").utf8)
            }
        }

        let english: Words
        let chinese: Words
        let citationBytes: [UInt8]

        init(limit: Limit) {
            citationBytes = limit.citation.map { Array(" [\($0)]".utf8) } ?? []
            english = Words(limit: limit, in: .en)
            chinese = Words(limit: limit, in: .zh)
        }
    }

    let template: Template
    /// The claim's key: its parts joined by U+001F.
    let key: [UInt8]
    /// The last few claims that used the allowance, of `claims` in all.
    let ids: [String]
    let claims: Int

    func write(to buffer: inout [UInt8], in language: Language) {
        let words = language == .zh ? template.chinese : template.english
        buffer.append(contentsOf: words.head)
        var part = 0
        var first = true
        for piece in key.split(separator: Limit.keySeparator, omittingEmptySubsequences: false) {
            if !first { buffer.append(contentsOf: words.partSeparator) }
            first = false
            if part < words.labels.count { buffer.append(contentsOf: words.labels[part]) }
            buffer.append(contentsOf: piece)
            part += 1
        }
        buffer.append(contentsOf: words.tail)
        if claims > ids.count {
            buffer.append(contentsOf: words.countPrefix)
            buffer.append(contentsOf: "\(claims - ids.count)".utf8)
            buffer.append(contentsOf: words.countSuffix)
        }
        for (index, id) in ids.enumerated() {
            buffer.append(contentsOf: index == 0 ? (claims > ids.count ? words.firstAfterCount : words.first) : words.idSeparator)
            buffer.append(contentsOf: id.utf8)
        }
    }

    func bytes(in language: Language) -> [UInt8] {
        var buffer: [UInt8] = []
        write(to: &buffer, in: language)
        return buffer
    }
}

package struct Input: Sendable {
    package let name: String
    package let type: ValueType
    /// Inclusive bounds; quantities without a declared lower bound must not be negative.
    package let lower: ExactDecimal?
    package let upper: ExactDecimal?
    /// A number the document leaves to a lower layer or to the claim (`open`).
    package let isOpen: Bool
    package let citation: Citation?
    package let span: SourceSpan
    /// Where the declaration names it.
    package let nameRange: SourceRange
    /// The policy whose file declares the input.
    package let policy: String
}

package struct Rule: Sendable {
    package let name: String
    package let type: ValueType
    package let citation: Citation?
    package let kind: RuleKind
    package let body: Node
    package let span: SourceSpan
    /// Where the declaration names it.
    package let nameRange: SourceRange
    /// The policy whose file defines this rule.
    package let policy: String
    /// `dated NAME`: the input slot of the date that selects the policy for this program (its
    /// deciding date); nil for the claim date.
    package var decidingInput: Int? = nil

    /// Whether a claim can name it.
    package var isEntryPoint: Bool { kind != .rule }
}

package struct Table: Sendable {
    package struct Column: Sendable {
        package let name: String
        package let type: ValueType
    }

    package let name: String
    package let citation: Citation?
    package let columns: [Column]
    /// Indexes of the key columns, in the order a lookup gives its keys.
    package let keyColumns: [Int]
    package let rows: [[RuntimeValue]]
    package let rowSpans: [SourceSpan]
    package let span: SourceSpan
    /// Where the declaration names it.
    package let nameRange: SourceRange
    /// A table of targets (`quota`).
    package let isQuota: Bool
    /// The stated totals of a quota, by column; nil for key columns and where none is stated.
    package let totals: [RuntimeValue?]
    /// The index of the milestones a quota's progress is measured against.
    package let milestones: Int?
    /// The columns the milestones apply to.
    package let milestoneColumns: [Int]
    /// What each cell of a quota asks of its figure, row by row; empty for a table.
    package let targets: [[TargetKind]]
    /// Totals that are another quota's figure, by column: the figure as written
    /// (`全年任务["各市补贴性职业技能培训"].人数`).
    package var totalSources: [Int: String] = [:]

    /// The columns that are not keys: a quota's targets.
    package var valueColumns: [Int] { columns.indices.filter { !keyColumns.contains($0) } }

    /// What a quota's column adds up to: its figures, and the upper ends of its ranges.
    package struct Sum: Sendable, Equatable {
        package var low: ExactDecimal
        package var high: ExactDecimal

        /// One figure, or a range `low to high`.
        func phrase(_ formatter: ValueFormatter, as type: ValueType) -> Phrase {
            guard low != high else { return formatter.phrase(low, as: type) }
            return formatter.phrase { "\($0.format(low, as: type))–\($0.format(high, as: type))" }
        }
    }

    /// The sum of a quota's column, each end of its ranges apart (a figure past the largest
    /// decimal is left out, and the total then disagrees).
    package func sum(of column: Int) -> Sum {
        var sum = Sum(low: .zero, high: .zero)
        for (index, row) in rows.enumerated() {
            guard case .number(let figure) = row[column],
                let low = try? ExactDecimal.adding(sum.low, figure),
                let high = try? ExactDecimal.adding(sum.high, target(row: index, column: column).upper(of: figure))
            else { continue }
            sum = Sum(low: low, high: high)
        }
        return sum
    }

    /// The same table with these totals.
    func with(totals: [RuntimeValue?]) -> Table {
        var table = Table(
            name: name, citation: citation, columns: columns, keyColumns: keyColumns, rows: rows, rowSpans: rowSpans,
            span: span, nameRange: nameRange, isQuota: isQuota, totals: totals, milestones: milestones,
            milestoneColumns: milestoneColumns, targets: targets)
        table.totalSources = totalSources
        return table
    }

    /// What the cell at `row`, `column` of a quota asks of its figure.
    package func target(row: Int, column: Int) -> TargetKind {
        row < targets.count ? targets[row][column] : .reach
    }
}

/// What a quota's figure asks, as the document words it. The cell holds the figure; for a range,
/// its lower end.
package enum TargetKind: Sendable, Equatable {
    /// A figure to be reached: "完成培训100万人".
    case reach
    /// Reached or passed: "100个以上", "不少于3万人".
    case atLeast
    /// An approximate figure: "1000家左右", "约10万人", "预计4万人".
    case about
    /// Not to be passed: "不超过", "以内".
    case atMost
    /// Within a range, both ends included: "1-2个".
    case between(upper: ExactDecimal)

    /// The range's upper end, or the figure itself.
    package func upper(of figure: ExactDecimal) -> ExactDecimal {
        if case .between(let upper) = self { return upper }
        return figure
    }
}

/// A limit kept across claims in a ledger: at most so many granted claims, or so much granted
/// money, per key (a person, a person and a year, a platform …) for the programs it lists.
package final class Limit: Sendable {
    package enum Bound: Sendable {
        case claims(Int)
        /// An amount of the programs' unit, evaluated for each claim (a course's cap by its level).
        case amount(Node)
    }
    package let name: String
    /// The declaring policy and the limit's name: what the ledger files its counts under.
    package let identity: String
    package let citation: Citation?
    /// Rule slots of the programs it counts.
    package let programs: [Int]
    package let keys: [Node]
    /// The keys as written, for messages: `身份证号`, `培训年度`.
    package let keyLabels: [String]
    package let bound: Bound
    package let span: SourceSpan

    /// Between the parts of a limit's key, in the ledger and in a refusal: U+001F, the unit
    /// separator.
    static let keySeparator: UInt8 = 0x1F

    init(
        name: String, identity: String, citation: Citation?, programs: [Int], keys: [Node], keyLabels: [String], bound: Bound,
        span: SourceSpan
    ) {
        self.name = name
        self.identity = identity
        self.citation = citation
        self.programs = programs
        self.keys = keys
        self.keyLabels = keyLabels
        self.bound = bound
        self.span = span
    }
}

/// The share of each target due by each day: `2022-09-30 => 60%`.
package struct Milestones: Sendable {
    package struct Step: Sendable {
        package let date: CalendarDate
        /// A fraction: 60% is 0.6.
        package let share: ExactDecimal
    }
    package let name: String
    package let citation: Citation?
    package let steps: [Step]
    package let span: SourceSpan

    /// The step in force on a day: the latest whose day has come.
    package func step(asOf date: CalendarDate) -> Step? {
        steps.last { $0.date <= date }
    }
}

/// A constant known at check time. Every type is an `ExactDecimal` at run time (dates as day
/// numbers, enum cases as ordinals, texts as interned indexes) except booleans.
package enum RuntimeValue: Hashable, Sendable {
    case number(ExactDecimal)
    case boolean(Bool)
    /// A table cell the document leaves empty (`none`); reading it is a gap, never a zero.
    case absent

    package var decimal: ExactDecimal {
        switch self {
        case .number(let value): value
        case .boolean(let flag): flag ? .one : .zero
        case .absent: preconditionFailure("an absent cell has no value; check `isAbsent` first")
        }
    }

    package var isAbsent: Bool { self == .absent }
}

/// A test written beside the rules: given these inputs, expect these results.
package struct TestCase: Sendable {
    package struct Expectation: Sendable {
        package enum Outcome: Sendable {
            case value(RuntimeValue)
            case refused(String?)
        }
        package let rule: Int
        package let outcome: Outcome
        package let span: SourceSpan
    }

    package let name: String
    /// Values for input slots or rule slots.
    package let givenInputs: [(slot: Int, value: RuntimeValue)]
    package let givenRules: [(slot: Int, value: RuntimeValue)]
    package let claimDate: CalendarDate?
    /// `given application date = …`.
    package var applicationDate: CalendarDate? = nil
    /// Each `given` as written: the name (nil for `claim date`) and where.
    package let givens: [(name: String?, range: SourceRange)]
    package let expectations: [Expectation]
    package let span: SourceSpan
    package let policy: String
    /// The policy that wrote it, when it is a predecessor's worked example carried over to its
    /// successor: run against the successor, and reported as inherited.
    package let inheritedFrom: String?
}

package final class Program: Sendable {
    /// A program or obligation a policy drops: who repealed it, under which clause.
    package struct Repeal: Sendable {
        package let policy: String
        package let citation: Citation?
    }

    package let policy: PolicyInfo
    /// The policy and the ones it extends, the policy itself first.
    package let chain: [PolicyInfo]
    package let inputs: [Input]
    package let rules: [Rule]
    package let tables: [Table]
    package let milestones: [Milestones]
    package let limits: [Limit]
    package let enums: [EnumType]
    /// Entry points a claim can name, each the slot of a rule.
    package let programs: [String: Int]
    /// The rule slot each visible name resolves to, after overriding.
    package let ruleSlots: [String: Int]
    package let inputSlots: [String: Int]
    package let texts: [String]
    /// The reasons of every `require`, indexed by `CheckedRequirement.reason`.
    package let reasons: [Refusal]
    package let tests: [TestCase]
    /// Entry points a layer declares and this policy (or a version before it) repeals.
    package let repealed: [String: Repeal]
    /// The fingerprint of the rules: the first 12 hex digits of SHA-256 over the chain's files,
    /// outermost first (`Fingerprint.of`). Every decision carries it, so a result can be traced
    /// to the exact files that made it.
    package let fingerprint: String
    /// Deadlines for applying, the chain's, each with the programs it applies to.
    package let deadlines: [Deadline]
    /// When a counting year starts: the nearest declaration up the chain, else the calendar year.
    package var countingYear: CountingYear {
        chain.lazy.compactMap(\.countingYearStart).first.map(CountingYear.init(startingOn:)) ?? .calendar
    }

    init(
        policy: PolicyInfo, chain: [PolicyInfo], inputs: [Input], rules: [Rule], tables: [Table],
        milestones: [Milestones], limits: [Limit], enums: [EnumType], programs: [String: Int], ruleSlots: [String: Int],
        inputSlots: [String: Int],
        texts: [String], reasons: [Refusal], tests: [TestCase], repealed: [String: Repeal] = [:], deadlines: [Deadline] = []
    ) {
        self.deadlines = deadlines
        self.policy = policy
        self.chain = chain
        self.inputs = inputs
        self.rules = rules
        self.tables = tables
        self.milestones = milestones
        self.limits = limits
        self.enums = enums
        self.programs = programs
        self.ruleSlots = ruleSlots
        self.inputSlots = inputSlots
        self.texts = texts
        self.reasons = reasons
        self.tests = tests
        self.repealed = repealed
        self.fingerprint = Fingerprint.of(chain.reversed().map { ($0.name, $0.source.bytes) })
    }
}

// MARK: - Checked expressions

package enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

extension ArithmeticOperator {
    /// How a message names the operation: "cannot add yuan and days", 元与天不能相加.
    var verb: Phrase {
        switch self {
        case .add: Phrase("add", "相加")
        case .subtract: Phrase("subtract", "相减")
        case .multiply: Phrase("multiply", "相乘")
        case .divide: Phrase("divide", "相除")
        }
    }

    func apply(_ a: ExactDecimal, _ b: ExactDecimal) throws(ArithmeticError) -> ExactDecimal {
        switch self {
        case .add: try ExactDecimal.adding(a, b)
        case .subtract: try ExactDecimal.subtracting(a, b)
        case .multiply: try ExactDecimal.multiplying(a, b)
        case .divide: try ExactDecimal.dividing(a, by: b)
        }
    }
}

package enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

package enum Builtin: String, Sendable {
    case min, max, year, month, day
    /// The date of birth an identity number encodes.
    case birthdate
    /// `date(Y, M, D)`: a day from numbers.
    case date
    /// `application date`: when the claim was applied for; the claim date if it does not say.
    case applicationDate
    /// `counting year`: the counting year of the deciding date, a number.
    case countingYear
}

/// A range test with checked limits: a match pattern or a tier bracket.
package struct CheckedRange: Sendable {
    package struct Limit: Sendable {
        package let value: Node
        package let inclusive: Bool
    }
    package let lower: Limit?
    package let upper: Limit?
    package let range: SourceRange
}

package struct CheckedArm: Sendable {
    package enum Pattern: Sendable {
        case equals(RuntimeValue)
        case range(CheckedRange)
    }
    /// Empty for the `else` arm.
    package let patterns: [Pattern]
    package let body: Node
    package let range: SourceRange
}

package struct CheckedBracket: Sendable {
    package let range: CheckedRange
    package let rate: Node
    package let span: SourceRange
}

package struct CheckedRequirement: Sendable {
    package let condition: Node
    /// Index into `Program.reasons`.
    package let reason: Int
    package let range: SourceRange
}

package struct Node: Sendable {
    package indirect enum Kind: Sendable {
        case constant(RuntimeValue)
        case input(Int)
        case rule(Int)
        case claimDate
        case negate(Node)
        case arithmetic(ArithmeticOperator, Node, Node)
        /// A division rounded in one step, so that no unrounded quotient is ever formed.
        case divideRounded(Node, Node, quantum: Node)
        case rounded(Node, quantum: Node)
        case compare(ComparisonOperator, Node, Node)
        case not(Node)
        case and(Node, Node)
        case or(Node, Node)
        case within(Node, low: Node, high: Node)
        case conditional(Node, then: Node, else: Node)
        case require([CheckedRequirement], Node)
        /// Arms in order; the `else` arm, if any, is last with no patterns.
        case match(Node, [CheckedArm])
        case tiers(TierKind, quantity: Node, [CheckedBracket])
        case bound(BoundKind, Node, limit: Node)
        case lookup(table: Int, keys: [Node], column: Int)
        case otherwise(Node, Node)
        case call(Builtin, [Node])
    }

    package let kind: Kind
    package let type: ValueType
    package let range: SourceRange
    /// The file the node was written in (a merged program spans several files).
    package let file: SourceFile

    package var constantValue: RuntimeValue? {
        if case .constant(let value) = kind { return value }
        return nil
    }
}

extension Node {
    /// Calls `body` with each operand of the node, range limits and bracket rates included, in
    /// the order they are written.
    package func forEachChild(_ body: (Node) -> Void) {
        switch kind {
        case .constant, .input, .rule, .claimDate: break
        case .negate(let a), .not(let a): body(a)
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b),
            .otherwise(let a, let b), .rounded(let a, let b), .bound(_, let a, let b):
            body(a)
            body(b)
        case .divideRounded(let a, let b, let c), .within(let a, let b, let c), .conditional(let a, let b, let c):
            body(a)
            body(b)
            body(c)
        case .require(let requirements, let a):
            requirements.forEach { body($0.condition) }
            body(a)
        case .match(let subject, let arms):
            body(subject)
            for arm in arms {
                for case .range(let range) in arm.patterns { range.forEachLimit(body) }
                body(arm.body)
            }
        case .tiers(_, let quantity, let brackets):
            body(quantity)
            for bracket in brackets {
                bracket.range.forEachLimit(body)
                body(bracket.rate)
            }
        case .lookup(_, let keys, _):
            keys.forEach(body)
        case .call(_, let arguments):
            arguments.forEach(body)
        }
    }
}

extension Node {
    /// Calls `body` with the slot of every rule the expression reads.
    func forEachRuleReference(_ body: (Int) -> Void) {
        if case .rule(let slot) = kind { body(slot) }
        forEachChild { $0.forEachRuleReference(body) }
    }
}

extension CheckedRange {
    func forEachLimit(_ body: (Node) -> Void) {
        lower.map { body($0.value) }
        upper.map { body($0.value) }
    }
}

/// What a rule reads, directly or through the rules it reads: itself among the rules.
package struct RuleReads: Sendable {
    package var rules: Set<Int> = []
    package var inputs: Set<Int> = []

    package mutating func formUnion(_ other: RuleReads) {
        rules.formUnion(other.rules)
        inputs.formUnion(other.inputs)
    }
}

extension Program {
    /// What each rule reads, by slot, each found once from the rules it reads, with the date
    /// input that dates it, if it is `dated`. A cycle, which the checker reports, reads nothing
    /// more where it closes.
    package func reads() -> [RuleReads] {
        var reads = [RuleReads?](repeating: nil, count: rules.count)
        func reading(_ slot: Int) -> RuleReads {
            if let known = reads[slot] { return known }
            reads[slot] = RuleReads()
            var found = RuleReads(rules: [slot])
            func visit(_ node: Node) {
                switch node.kind {
                case .input(let input): found.inputs.insert(input)
                case .rule(let other): found.formUnion(reading(other))
                default: break
                }
                node.forEachChild(visit)
            }
            visit(rules[slot].body)
            reads[slot] = found
            return found
        }
        return rules.indices.map { slot in
            var found = reading(slot)
            // Only the rule decided reads its date: another that reads it is not dated by it.
            if let input = rules[slot].decidingInput { found.inputs.insert(input) }
            return found
        }
    }
}
