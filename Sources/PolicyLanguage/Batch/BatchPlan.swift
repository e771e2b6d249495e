// What a batch works out once and uses for every claim: each policy's plan (its compiled program, a frame, a decoder for each fact column, the text of its
// results), and which policy decides each pair of jurisdiction and program. The per-claim
// structures hold plain values, so reading them costs no reference counting.

// MARK: - One policy's plan for a batch

/// The plans one batch made, which the next batch of the same runner takes up when its header
/// names the same columns (nil: no header, as for JSON claims read in full).
struct KeptPlans {
    let header: [String]?
    var plans: [EntryPlan?]
    /// Each policy's rows, which no header changes: kept when the header does.
    var rows: [EntryRows?]
}

/// What a batch writes of each program of a policy, whatever the header: the text of its rows
/// and what the hot path needs of each rule slot. A runner makes it once for each policy
/// (`KeptPlans`), and a plan for a new header takes it up.
struct EntryRows {
    let slots: [EntryPlan.Slot]
    let rowText: [UInt8]

    init(entry: PolicyLibrary.Entry, compiled: CompiledProgram, format: BatchFormat) {
        let program = entry.program
        var rowText: [UInt8] = []
        func row(_ rule: Rule, _ status: String, amountFollows: Bool = false) -> Range<Int> {
            let start = rowText.count
            switch format {
            case .csv:
                rowText.append(UInt8(ascii: ","))
                rowText += OutputBuffer.csvField(entry.info.name)
                rowText.append(UInt8(ascii: ","))
                rowText += OutputBuffer.csvField(rule.name)
                rowText += Array(",\(status),".utf8)
            case .jsonl:
                rowText += Array(",\"policy\":".utf8) + OutputBuffer.jsonString(program.policy.name)
                rowText += Array(",\"program\":".utf8) + OutputBuffer.jsonString(rule.name)
                rowText += Array(",\"status\":".utf8) + OutputBuffer.jsonString(status)
                if amountFollows { rowText += Array(",\"amount\":\"".utf8) }
            }
            return start..<rowText.count
        }
        func unit(_ rule: Rule) -> Range<Int> {
            let start = rowText.count
            rowText += Array("\",\"unit\":".utf8) + OutputBuffer.jsonString(rule.type.description)
            return start..<rowText.count
        }
        func quietEnd(_ rule: Rule, withUnit: Bool) -> Range<Int> {
            let start = rowText.count
            switch format {
            case .csv:
                rowText.append(UInt8(ascii: ","))
                _ = provenance(rule)
                rowText.append(UInt8(ascii: "\n"))
            case .jsonl:
                if withUnit { _ = unit(rule) }
                rowText += Array(",\"reasons\":[]".utf8)
                _ = provenance(rule)
                rowText += Array("}\n".utf8)
            }
            return start..<rowText.count
        }
        func provenance(_ rule: Rule) -> Range<Int> {
            let start = rowText.count
            switch format {
            case .csv:
                for field in [rule.policy, rule.citation?.description ?? "", program.fingerprint] {
                    rowText.append(UInt8(ascii: ","))
                    rowText += OutputBuffer.csvField(field)
                }
            case .jsonl:
                let members: [(String, JSONValue)] = [
                    ("pricedBy", .string(rule.policy)), ("pricedClause", rule.citation.map { .string($0.description) } ?? .null),
                    ("fingerprint", .string(program.fingerprint)),
                ]
                for (key, value) in members { rowText += Array(",\"\(key)\":\(JSONWriter.write(value))".utf8) }
            }
            return start..<rowText.count
        }
        slots = program.rules.indices.map { slot in
            let rule = program.rules[slot]
            let isObligation = rule.kind == .obligation
            return EntryPlan.Slot(
                isObligation: isObligation, isMoney: rule.type.unit?.involvesMoney == true, isPercent: rule.type == .percent,
                hasLimits: !compiled.limitsByRule[slot].isEmpty, decidingInput: rule.decidingInput ?? -1,
                grantedRow: row(
                    rule, DecisionStatus(granted: true, isObligation: isObligation).rawValue, amountFollows: !isObligation),
                refusedRow: row(rule, DecisionStatus(granted: false, isObligation: isObligation).rawValue),
                invalidRow: row(rule, DecisionStatus.invalid.rawValue), unit: format == .jsonl ? unit(rule) : 0..<0,
                provenance: provenance(rule), quietEnd: quietEnd(rule, withUnit: false),
                quietEndWithUnit: format == .jsonl ? quietEnd(rule, withUnit: true) : 0..<0)
        }
        self.rowText = rowText
    }
}

/// What a batch keeps per policy: the compiled program, a frame reused for every claim, a decoder
/// for each CSV column that is one of the policy's inputs, and what it writes for each program.
final class EntryPlan {
    /// What the hot path needs of a rule slot, so that it never copies a `Rule`.
    struct Slot {
        let isObligation: Bool
        let isMoney: Bool
        let isPercent: Bool
        let hasLimits: Bool
        /// The input slot of the date a `dated` program is decided by; -1 for the claim date.
        let decidingInput: Int
        /// `,POLICY,PROGRAM,granted,` (`compliant` for an obligation), and the same for a refusal
        /// and for an invalid claim: a CSV result between its id and its amount, as ranges of
        /// `rowText`; for JSON lines, `,"policy":…,"program":…,"status":…`, and for a program
        /// granted, which has an amount, `,"amount":"` after them.
        let grantedRow: Range<Int>
        let refusedRow: Range<Int>
        let invalidRow: Range<Int>
        /// For JSON lines, what follows an amount: `","unit":"UNIT"`.
        let unit: Range<Int>
        /// Who priced the claim and the rules that made it, written after the reasons, as a range
        /// of `rowText`: `,PRICED_BY,CLAUSE,FINGERPRINT` for CSV, `,"pricedBy":…,"pricedClause":…,
        /// "fingerprint":…` for JSON lines.
        let provenance: Range<Int>
        /// The end of a result without reasons, from just after its amount (or its status, when
        /// it has none): `,,PRICED_BY,CLAUSE,FINGERPRINT` and the line's end for CSV; for JSON
        /// lines `,"reasons":[]`, the provenance and the line's end, after the unit if
        /// `withUnit`. A granted claim, the usual result, is written in six or eight pieces.
        let quietEnd: Range<Int>
        let quietEndWithUnit: Range<Int>
    }

    let index: Int
    let program: Program
    let compiled: CompiledProgram
    let frame: Frame
    let slots: [Slot]
    /// Whether any program of the policy is `dated`: only then does a claim need its deciding date.
    let hasDecidingDates: Bool
    /// Whether a claim has more to do for its dates: a `dated` program, or the batch's header has
    /// an application date column.
    let needsDates: Bool
    let rowText: [UInt8]
    /// The CSV columns that are the policy's inputs.
    let facts: [FactColumn]
    /// Each enum fact's case names, end to end, and where each case's name is in them.
    let caseNames: CaseNames
    /// Granted yuan by rule slot.
    private(set) var totals: [ExactDecimal]
    /// The tables of the ledger last asked for. The ledger is held, so that another made later
    /// at its address is never taken for it.
    private var ledgerTables: (ledger: Ledger, tables: [Ledger.Table])?

    init(index: Int, entry: PolicyLibrary.Entry, compiled: CompiledProgram, header: CSVHeader?, rows: EntryRows) {
        let program = entry.program
        self.index = index
        self.program = program
        self.compiled = compiled
        self.frame = Frame(program: program)
        self.hasDecidingDates = compiled.hasDecidingDates
        self.needsDates = hasDecidingDates || (header?.applied ?? -1) >= 0
        self.slots = rows.slots
        self.rowText = rows.rowText
        self.totals = Array(repeating: .zero, count: program.rules.count)

        var caseNames = CaseNames()
        var facts: [FactColumn] = []
        for (column, name) in (header?.names ?? []).enumerated() {
            guard header!.isFact(column), let slot = program.inputSlots[name] else { continue }
            let input = program.inputs[slot]
            let kind: FactColumn.Kind
            switch input.type {
            case .quantity(let unit): kind = .quantity(percent: unit.isPercent)
            case .enumeration(let type): kind = .enumeration(cases: caseNames.add(type.cases))
            case .bool: kind = .bool
            case .text: kind = .text
            case .identity: kind = .identity
            case .date: kind = .date
            case .error: kind = .other
            }
            facts.append(FactColumn(column: column, slot: slot, kind: kind, lower: input.lower ?? .zero, upper: input.upper))
        }
        self.facts = facts
        self.caseNames = caseNames
    }

    /// The ledger's tables for this policy's limits, found once per ledger.
    func tables(_ ledger: Ledger) -> [Ledger.Table] {
        if let known = ledgerTables, known.ledger === ledger { return known.tables }
        let tables = ledger.tables(for: compiled)
        ledgerTables = (ledger, tables)
        return tables
    }

    /// Makes a plan an earlier batch used ready for another: its totals start again.
    func startBatch() {
        totals = Array(repeating: .zero, count: totals.count)
    }

    /// Adds a granted amount to its program's total, if it is money.
    @inline(__always)
    func count(_ amount: ExactDecimal, slot: Int) {
        guard slots[slot].isMoney, let sum = try? ExactDecimal.adding(totals[slot], amount) else { return }
        totals[slot] = sum
    }

    /// Writes a claim's date and facts into the frame, ready for evaluation; what is wrong with
    /// the facts, if anything.
    /// `kinds`, for a claim scanned from JSON, says how each field was written there (text, a
    /// number, true or false), which the engine reads differently; CSV fields are all text.
    func prepare(_ fields: UnsafeBufferPointer<FieldBytes>, date: CalendarDate, kinds: UnsafePointer<JSONFactKind>? = nil)
        -> [Phrase]
    {
        frame.reset()
        frame.setClaimDate(date)
        var problems: [Phrase] = []
        for fact in facts {
            let bytes = fields[fact.column]
            if bytes.isEmpty { continue }
            let kind = kinds?[fact.column] ?? .text
            if Self.readsInPlace(kind, fact.kind), let value = decode(bytes, as: fact) {
                frame.setInput(fact.slot, value)
            } else {
                switch slowDecode(bytes, as: fact, kind: kind) {
                case .success(let value): frame.setInput(fact.slot, value)
                case .failure(let problem): problems.append(problem.message)
                }
            }
        }
        return problems
    }

    /// Whether `decode` reads a fact written as `kind` as the engine would: text always, a
    /// JSON number only as a quantity, true or false only as a yes-or-no.
    @inline(__always)
    private static func readsInPlace(_ kind: JSONFactKind, _ column: FactColumn.Kind) -> Bool {
        switch (kind, column) {
        case (.text, _), (.number, .quantity), (.bool, .bool): true
        default: false
        }
    }

    /// The common forms of a fact straight from its bytes; nil for anything else.
    @inline(__always)
    private func decode(_ bytes: FieldBytes, as fact: FactColumn) -> ExactDecimal? {
        switch fact.kind {
        case .quantity(let percent):
            var digits = bytes
            if percent, bytes.last == UInt8(ascii: "%") { digits = FieldBytes(rebasing: bytes.dropLast()) }
            let value: ExactDecimal
            if let whole = Self.wholeNumber(digits) {
                // A whole figure is checked against the bounds as whole figures.
                if let figures = fact.wholeFigures {
                    guard figures.contains(whole) else { return nil }
                    return ExactDecimal(significand: Int64(whole), exponent: percent ? -2 : 0)
                }
                value = ExactDecimal(whole)
            } else {
                guard let parsed = try? ExactDecimal(parsing: digits) else { return nil }
                value = parsed
            }
            let scaled = percent ? ExactDecimal.fromPercentFigure(value) : value
            guard scaled >= fact.lower, fact.upper.map({ scaled <= $0 }) ?? true else { return nil }
            return scaled
        case .enumeration(let cases):
            return caseNames.ordinal(of: bytes, among: cases).map { ExactDecimal($0 - cases.lowerBound) }
        case .bool:
            if bytes.equals("true") || bytes.equals("是") { return .one }
            if bytes.equals("false") || bytes.equals("否") { return .zero }
            return nil
        case .text:
            return FactText.isFolded(bytes) ? ExactDecimal(frame.textNumber(bytes)) : nil
        case .identity:
            guard let number = IdentityNumber.canonical(bytes) else { return nil }
            frame.remember(number, canonical: bytes)
            return number.value
        case .date:
            return BatchRunner.parseDate(bytes).map { ExactDecimal($0.dayNumber) }
        case .other:
            return nil
        }
    }

    /// The number a field of 1 to 18 ASCII digits writes, as `ExactDecimal(parsing:)` reads it
    /// (leading zeros and all); nil for any other field.
    @inline(__always)
    private static func wholeNumber(_ bytes: FieldBytes) -> Int? {
        guard (1...18).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            value = value &* 10 &+ Int(digit)
        }
        return value
    }

    /// Every other form, and every error, through the engine's own fact decoding.
    private func slowDecode(_ bytes: FieldBytes, as fact: FactColumn, kind: JSONFactKind) -> Result<ExactDecimal, ClaimProblem> {
        let input = program.inputs[fact.slot]
        guard bytes.isValidUTF8 else {
            return .failure(
                ClaimProblem(
                    message(
                        "the fact \(input.name) is not UTF-8 text; save the file as UTF-8",
                        "事实\(input.name)不是 UTF-8 文本；请将文件另存为 UTF-8 编码")))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let value: Fact.Value =
            switch kind {
            case .text: .text(text)
            case .number: .number(text)
            case .bool: .bool(text == "true")
            }
        return FactDecoder(program: program).value(of: value, for: input, in: frame)
    }
}

/// A CSV column that is one of a policy's inputs, and how to read it.
struct FactColumn {
    enum Kind {
        case quantity(percent: Bool)
        /// The cases' names, as a range of the plan's `caseNames.ranges`.
        case enumeration(cases: Range<Int>)
        case bool, text, date, other
        /// Read in place when the field is the number's 18 characters; padded, full-width or
        /// wrong, through the engine's decoding, which folds it or says what is wrong.
        case identity
    }

    let column: Int
    let slot: Int
    let kind: Kind
    /// A quantity's bounds: at least 0 unless the policy says otherwise.
    let lower: ExactDecimal
    let upper: ExactDecimal?
    /// The whole figures (85 for 85%) within the bounds, when they can be told as integers.
    let wholeFigures: ClosedRange<Int>?

    init(column: Int, slot: Int, kind: Kind, lower: ExactDecimal, upper: ExactDecimal?) {
        self.column = column
        self.slot = slot
        self.kind = kind
        self.lower = lower
        self.upper = upper
        guard case .quantity(let percent) = kind else {
            wholeFigures = nil
            return
        }
        let shift: Int32 = percent ? 2 : 0
        guard let low = Self.figure(lower, shift: shift, roundingUp: true),
            let high = upper.map({ Self.figure($0, shift: shift, roundingUp: false) }) ?? Int.max, low <= high
        else {
            wholeFigures = nil
            return
        }
        wholeFigures = low...high
    }

    /// The least (or greatest) whole figure at or above (or below) `bound`, a figure being the
    /// value times 10^`shift`; nil when it is out of an integer's reach.
    private static func figure(_ bound: ExactDecimal, shift: Int32, roundingUp: Bool) -> Int? {
        let exponent = Int(bound.exponent) + Int(shift)
        var value = Int(bound.significand)
        if exponent >= 0 {
            for _ in 0..<exponent {
                let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                value = scaled
            }
            return value
        }
        guard exponent > -19 else { return nil }
        var divisor = 1
        for _ in 0..<(-exponent) { divisor *= 10 }
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        if remainder == 0 { return quotient }
        // Truncated toward zero: one more going up from a positive, one less going down from a negative.
        if roundingUp { return remainder > 0 ? quotient + 1 : quotient }
        return remainder < 0 ? quotient - 1 : quotient
    }
}

// MARK: - Selecting policies by the bytes of a claim

/// The policies that could decide a (jurisdiction, program) pair, most specific and newest first;
/// the first in force on a claim's date decides it. Found by hashing the pair's bytes, so a batch
/// works selection out once per distinct pair.
struct SelectionCache {
    struct Candidate {
        let entry: Int
        let slot: Int
        let period: Period
    }

    private struct Pair {
        let jurisdiction: Range<Int>
        let program: Range<Int>
        let candidates: Range<Int>
        /// Whether the bytes are UTF-8; a pair that is not selects nothing.
        let isText: Bool
    }

    /// The pairs' bytes, end to end.
    private var names: [UInt8] = []
    private var pairs: [Pair] = []
    private var candidates: [Candidate] = []
    /// Open addressing: a pair's index, or -1.
    private var slots = [Int](repeating: -1, count: 64)
    /// The pairs found lately, by a guess from their lengths and end bytes: a batch's claims
    /// name a few places and programs over and over, and a guess that is right saves the hash.
    private var recent = [Int](repeating: -1, count: 16)

    /// The pair of `jurisdiction` and `program`, as an index for `isText` and `pick`.
    mutating func find(jurisdiction: FieldBytes, program: FieldBytes, library: PolicyLibrary) -> Int {
        let guess = Self.guess(jurisdiction, program)
        let recentPair = recent[guess]
        if recentPair >= 0, matches(recentPair, jurisdiction, program) { return recentPair }
        var slot = Int(truncatingIfNeeded: Self.hash(jurisdiction, program)) & (slots.count - 1)
        while slots[slot] >= 0 {
            if matches(slots[slot], jurisdiction, program) {
                recent[guess] = slots[slot]
                return slots[slot]
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        let pair = add(jurisdiction: jurisdiction, program: program, library: library)
        slots[slot] = pair
        if pairs.count * 2 > slots.count { rehash() }
        recent[guess] = pair
        return pair
    }

    @inline(__always)
    private static func guess(_ jurisdiction: FieldBytes, _ program: FieldBytes) -> Int {
        let ends = Int(program.first ?? 0) &* 5 &+ Int(program.last ?? 0) &* 3 &+ Int(jurisdiction.last ?? 0)
        return (ends &+ program.count &* 7 &+ jurisdiction.count) & 15
    }

    func isText(_ pair: Int) -> Bool { pairs[pair].isText }

    private static func hash(_ jurisdiction: FieldBytes, _ program: FieldBytes) -> UInt64 {
        ByteHash.hash(jurisdiction) &* 0x9E37_79B9_7F4A_7C15 ^ ByteHash.hash(program)
    }

    /// The entry and rule slot that decide a claim of `pair` made on `date`.
    func pick(_ pair: Int, on date: CalendarDate) -> (entry: Int, slot: Int)? {
        for candidate in candidates[pairs[pair].candidates] where candidate.period.contains(date) {
            return (candidate.entry, candidate.slot)
        }
        return nil
    }

    private func matches(_ pair: Int, _ jurisdiction: FieldBytes, _ program: FieldBytes) -> Bool {
        names.withUnsafeBufferPointer { names in
            FieldBytes(rebasing: names[pairs[pair].jurisdiction]).equals(jurisdiction)
                && FieldBytes(rebasing: names[pairs[pair].program]).equals(program)
        }
    }

    private mutating func add(jurisdiction: FieldBytes, program: FieldBytes, library: PolicyLibrary) -> Int {
        let isText = jurisdiction.isValidUTF8 && program.isValidUTF8
        let first = candidates.count
        if isText {
            let place = library.resolve(Claim.jurisdictionPath(String(decoding: jurisdiction, as: UTF8.self)))
            let name = String(decoding: program, as: UTF8.self)
            candidates += library.entries.enumerated()
                .compactMap { index, entry -> (Candidate, depth: Int)? in
                    guard place.starts(with: entry.info.jurisdiction), let slot = entry.program.programs[name] else { return nil }
                    return (Candidate(entry: index, slot: slot, period: entry.info.period), entry.info.jurisdiction.count)
                }
                .sorted { a, b in a.depth != b.depth ? a.depth > b.depth : a.0.period.start > b.0.period.start }
                .map(\.0)
        }
        let jurisdictionStart = names.count
        names += jurisdiction
        let programStart = names.count
        names += program
        pairs.append(
            Pair(
                jurisdiction: jurisdictionStart..<programStart, program: programStart..<names.count,
                candidates: first..<candidates.count, isText: isText))
        return pairs.count - 1
    }

    private mutating func rehash() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        names.withUnsafeBufferPointer { names in
            for (index, pair) in pairs.enumerated() {
                let hash = Self.hash(FieldBytes(rebasing: names[pair.jurisdiction]), FieldBytes(rebasing: names[pair.program]))
                var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = index
            }
        }
    }
}
