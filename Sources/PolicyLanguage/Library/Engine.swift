// The engine decides claims: it selects the policy for the claim's date and jurisdiction,
// checks each fact against the input it names (type, unit, enum case, bounds), writes the facts
// into a frame and evaluates the claimed program. Every way a claim can be wrong ends as an
// `invalid` decision that says what is wrong; nothing is ever quietly priced at zero.

/// What became of a claim, as results name it: granted, refused or invalid; for an obligation,
/// compliant or not compliant.
package enum DecisionStatus: String, Sendable, CaseIterable {
    case granted, refused, invalid, compliant
    case notCompliant = "not compliant"

    package init(_ outcome: Outcome, isObligation: Bool) {
        switch outcome {
        case .granted: self.init(granted: true, isObligation: isObligation)
        case .refused: self.init(granted: false, isObligation: isObligation)
        case .invalid: self.init(granted: nil, isObligation: isObligation)
        }
    }

    /// A claim granted (true), refused (false) or found invalid (nil).
    package init(granted: Bool?, isObligation: Bool) {
        switch granted {
        case true?: self = isObligation ? .compliant : .granted
        case false?: self = isObligation ? .notCompliant : .refused
        case nil: self = .invalid
        }
    }

    /// Whether the claim was decided in its favour: granted, or compliant.
    package var isGranted: Bool { self == .granted || self == .compliant }

    /// How a reader is told it: `granted`, or 核准 in Chinese.
    package var phrase: Phrase {
        switch self {
        case .granted: Phrase("granted", "核准")
        case .refused: Phrase("refused", "拒绝")
        case .invalid: Phrase("invalid", "无效")
        case .compliant: Phrase("compliant", "合规")
        case .notCompliant: Phrase("not compliant", "不合规")
        }
    }
}

package struct Decision: Sendable {
    package let claimID: String?
    package let policy: PolicyInfo?
    package let program: String?
    package let outcome: Outcome
    package let trace: TraceNode?
    /// A granted value as a reader sees it: `3500 yuan`, `85%`, an enum's case.
    package let formattedValue: Phrase?
    /// Whether the claim named a program or an obligation; nil when no policy was selected.
    package let kind: RuleKind?
    /// How limits across claims reduced a granted amount.
    package let notes: [Phrase]
    /// The policy whose definition of the program priced the claim. `policy` is the one the claim
    /// was routed through: the same, unless that one inherits the program from a policy it extends.
    package let pricedBy: String?
    /// The clause that definition cites.
    package let pricingClause: Citation?
    /// The fingerprint of the rules that made the decision (`Program.fingerprint`); nil when no
    /// policy was selected.
    package let fingerprint: String?

    package init(
        claimID: String?, policy: PolicyInfo?, program: String?, outcome: Outcome, trace: TraceNode?,
        formattedValue: Phrase? = nil, kind: RuleKind? = nil, notes: [Phrase] = [], pricedBy: String? = nil,
        pricingClause: Citation? = nil, fingerprint: String? = nil
    ) {
        self.claimID = claimID
        self.policy = policy
        self.program = program
        self.outcome = outcome
        self.trace = trace
        self.formattedValue = formattedValue
        self.kind = kind
        self.notes = notes
        self.pricedBy = pricedBy
        self.pricingClause = pricingClause
        self.fingerprint = fingerprint
    }

    /// A decision by the program in `slot` of a policy's program: who priced it and the
    /// fingerprint of the rules come from there.
    package init(
        claimID: String?, program: Program, slot: Int, outcome: Outcome, trace: TraceNode?, formattedValue: Phrase? = nil,
        notes: [Phrase] = []
    ) {
        let rule = program.rules[slot]
        self.init(
            claimID: claimID, policy: program.policy, program: rule.name, outcome: outcome, trace: trace,
            formattedValue: formattedValue, kind: rule.kind, notes: notes, pricedBy: rule.policy, pricingClause: rule.citation,
            fingerprint: program.fingerprint)
    }

    /// Whether a policy the claim was routed through inherits the program it was priced by.
    package var isPricedElsewhere: Bool {
        guard let pricedBy, let policy else { return false }
        return pricedBy != policy.name
    }

    /// The clauses that decided the outcome, in the order the derivation met them.
    package var citations: [Citation] {
        if case .refused(let refusals) = outcome {
            let fromRefusals = refusals.compactMap(\.citation)
            if !fromRefusals.isEmpty { return Array(uniqueCitations(fromRefusals + (trace?.citations ?? []))) }
        }
        return trace?.citations ?? []
    }

    /// granted, refused or invalid; for an obligation, compliant or not compliant.
    package var status: DecisionStatus {
        DecisionStatus(outcome, isObligation: kind == .obligation)
    }
}

/// Removes repeated citations, keeping the first of each.
private func uniqueCitations(_ citations: [Citation]) -> [Citation] {
    var seen: Set<Citation> = []
    return citations.filter { seen.insert($0).inserted }
}

package final class Engine: Sendable {
    package let library: PolicyLibrary

    package init(library: PolicyLibrary) {
        self.library = library
    }

    /// Decides a claim given as JSON text.
    package func decide(json bytes: [UInt8], ledger: Ledger? = nil) -> Decision {
        switch Claim.decode(json: bytes) {
        case .success(let claim):
            return decide(claim, ledger: ledger)
        case .failure(let problems):
            return Decision(
                claimID: problems.id, policy: nil, program: nil,
                outcome: .invalid(problems.problems.map(\.message)), trace: nil)
        }
    }

    /// Decides one claim, recording the derivation so the decision can name its clauses. Limits
    /// across claims are checked against `ledger`, read only.
    package func decide(_ claim: Claim, ledger: Ledger? = nil) -> Decision {
        let entry: PolicyLibrary.Entry
        let slot: Int
        switch library.selectDeciding(program: claim.program, at: claim.jurisdiction, on: claim.date, dates: claim.dateFact) {
        case .success(let selected): (entry, slot) = selected
        case .failure(let problem):
            return Decision(
                claimID: claim.id, policy: nil, program: claim.program, outcome: .invalid([problem.message]), trace: nil)
        }
        let compiled = library.compiled(entry, traced: true)
        let frame = Frame(program: entry.program)
        let problems = FactDecoder(program: entry.program).write(claim, into: frame)
        guard problems.isEmpty else {
            return Decision(
                claimID: claim.id, program: entry.program, slot: slot, outcome: .invalid(problems.map(\.message)), trace: nil)
        }
        // Limits across claims apply to every decision; without a ledger, no earlier claim counts.
        var evaluation = compiled.evaluate(rule: slot, in: frame, ledger: ledger ?? Ledger())
        // A misspelt fact name is the likeliest reason a fact is missing.
        if let missing = evaluation.missingFact, case .invalid(let problems) = evaluation.outcome,
            let given = closest(
                to: entry.program.inputs[missing].name,
                among: claim.facts.map(\.name).filter { entry.program.inputSlots[$0] == nil })
        {
            evaluation = Evaluation(
                outcome: .invalid(
                    problems.map {
                        $0 + message("; the claim gives \(given): is that it, misspelt?", "；申领中给出了\(given)，是否为该事实名称的误写？")
                    }),
                trace: evaluation.trace, notes: evaluation.notes, missingFact: missing)
        }
        var formatted: Phrase?
        if case .granted(let value, let type) = evaluation.outcome {
            formatted = ValueFormatter(program: entry.program, frame: frame).phrase(value, as: type)
        }
        return Decision(
            claimID: claim.id, program: entry.program, slot: slot, outcome: evaluation.outcome, trace: evaluation.trace,
            formattedValue: formatted, notes: frame.ceilingNotes + evaluation.notes)
    }
}

extension PolicyLibrary {
    /// The policy and program slot that decide a claim: selected by the claim date; then, when
    /// the program selected is `dated` by another of the claim's dates and the claim gives it
    /// (`dates` reads a date fact by name), selected again by that date, once. The definition
    /// found then must be dated by the same date, or the claim is invalid, saying so.
    package func selectDeciding(
        program: String, at jurisdiction: [String], on date: CalendarDate, dates: (String) -> CalendarDate?
    ) -> Result<(Entry, Int), ClaimProblem> {
        let first = select(program: program, at: jurisdiction, on: date)
        guard case .success(let (entry, slot)) = first, let input = entry.program.rules[slot].decidingInput else { return first }
        let name = entry.program.inputs[input].name
        guard let deciding = dates(name), deciding != date else { return first }
        switch select(program: program, at: jurisdiction, on: deciding) {
        case .failure(let problem):
            return .failure(ClaimProblem(Self.decidedBy(program, name, deciding, under: entry.info.name) + problem.message))
        case .success(let (again, slot)):
            if again.info.name == entry.info.name { return first }
            if let problem = Self.mismatch(program, name, deciding, first: entry, second: again, slot: slot) {
                return .failure(problem)
            }
            return .success((again, slot))
        }
    }

    /// "山西省2022 decides 证书补贴 by 评价日期, 2021-12-20: "
    static func decidedBy(_ program: String, _ input: String, _ date: CalendarDate, under policy: String) -> Phrase {
        message("\(policy) decides \(program) by \(input), \(date): ", "\(policy)按\(input)（\(date)）审核\(program)：")
    }

    /// Why a claim re-selected by its deciding date cannot be decided: the definition found names
    /// another deciding date.
    static func mismatch(
        _ program: String, _ input: String, _ date: CalendarDate, first: Entry, second: Entry, slot: Int
    ) -> ClaimProblem? {
        let other = second.program.rules[slot].decidingInput.map { second.program.inputs[$0].name }
        guard other != input else { return nil }
        let named = other.map { message("by \($0)", "按\($0)") } ?? message("by the claim date", "按业务日期")
        return ClaimProblem(
            decidedBy(program, input, date, under: first.info.name)
                + message(
                    "that date selects \(second.info.name), which decides \(program) \(named); the claim cannot be decided by both",
                    "该日期选中\(second.info.name)，而该政策\(named)审核\(program)；无法同时按两个日期审核此件申领"))
    }
}

/// Checks facts against a program's inputs and writes them into a frame.
package struct FactDecoder {
    let program: Program

    package init(program: Program) {
        self.program = program
    }

    /// Writes the claim's date and facts; returns every problem found. A fact the policy has no
    /// input for is left aside: an export carries facts for many policies, and a fact the
    /// evaluation needs but does not find is reported when it is needed.
    package func write(_ claim: Claim, into frame: Frame) -> [ClaimProblem] {
        frame.reset()
        frame.setClaimDate(claim.date)
        if let applied = claim.applied { frame.setApplicationDate(applied) }
        var problems: [ClaimProblem] = []
        for fact in claim.facts {
            guard let slot = program.inputSlots[fact.name] else { continue }
            switch value(of: fact.value, for: program.inputs[slot], in: frame) {
            case .success(let value): frame.setInput(slot, value)
            case .failure(let problem): problems.append(problem)
            }
        }
        return problems
    }

    /// "定向式培训补贴标准 requested 12000 yuan, reduced to the ceiling 10000 yuan [document clause]"
    static func reduced(_ input: Input, requested: Phrase, ceiling: Phrase) -> Phrase {
        let cited = input.citation.map { " [\($0)]" } ?? ""
        return message(
            "\(input.name) requested \(requested), reduced to the ceiling \(ceiling)\(verbatim: cited)",
            "\(input.name)申请\(requested)，按上限核减为\(ceiling)\(verbatim: cited)")
    }

    /// The run-time value of a fact for an input, or why it is not one. A value above an `open`
    /// parameter's upper bound is its ceiling, noted in the frame's `ceilingNotes`.
    package func value(of fact: Fact.Value, for input: Input, in frame: Frame) -> Result<ExactDecimal, ClaimProblem> {
        let name = input.name
        switch input.type {
        case .quantity(let unit):
            let parsed: ExactDecimal
            switch Self.quantity(fact, unit: unit) {
            case .success(let value): parsed = value
            case .failure(let reason):
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) should be \(Self.describe(unit)), but \(reason.message)",
                            "事实\(name)应为\(Self.describe(unit))，但\(reason.message)")))
            }
            let formatter = ValueFormatter(program: program)
            let given = formatter.phrase(parsed, as: input.type)
            let lower = input.lower ?? .zero
            if parsed < lower {
                let lowest = formatter.phrase(lower, as: input.type)
                return .failure(
                    ClaimProblem(
                        input.lower == nil
                            ? message(
                                "the fact \(name) is \(given), but it cannot be negative", "事实\(name)为\(given)，但不能为负数")
                            : message(
                                "the fact \(name) is \(given), below the lowest allowed value, \(lowest)",
                                "事实\(name)为\(given)，低于允许的最小值\(lowest)")))
            }
            if let upper = input.upper, parsed > upper {
                let highest = formatter.phrase(upper, as: input.type)
                // A ceiling caps what is paid: the claim is decided with it, and says so.
                if input.isOpen {
                    frame.ceilingNotes.append(Self.reduced(input, requested: given, ceiling: highest))
                    return .success(upper)
                }
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) is \(given), above the highest allowed value, \(highest)",
                            "事实\(name)为\(given)，超过允许的最大值\(highest)")))
            }
            return .success(parsed)
        case .bool:
            switch fact {
            case .bool(let flag): return .success(flag ? .one : .zero)
            // A claim written in Chinese says 是 and 否, as a policy in Chinese keywords does.
            case .text(let text) where ["true", "是"].contains(text.trimmed): return .success(.one)
            case .text(let text) where ["false", "否"].contains(text.trimmed): return .success(.zero)
            default:
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) should be true or false (是 or 否), but it is \(Self.describe(fact))",
                            "事实\(name)应为 是 或 否（true 或 false），但给出的是\(Self.describe(fact))")))
            }
        case .date:
            guard case .text(let text) = fact else {
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) should be a date written \"YYYY-MM-DD\", but it is \(Self.describe(fact))",
                            "事实\(name)应为按“YYYY-MM-DD”书写的日期，但给出的是\(Self.describe(fact))")))
            }
            guard let date = CalendarDate(written: text.trimmed) else {
                return .failure(ClaimProblem(Claim.dateProblem(text, of: Phrase("the fact \(name)", "事实\(name)"))))
            }
            return .success(ExactDecimal(date.dayNumber))
        case .enumeration(let type):
            guard case .text(let text) = fact else {
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) should be one of \(type.cases.joined(separator: ", ")), but it is \(Self.describe(fact))",
                            "事实\(name)应为\(type.cases.joined(separator: "、"))之一，但给出的是\(Self.describe(fact))")))
            }
            guard let ordinal = type.ordinal(of: text.trimmed) else {
                let suggestion =
                    closest(to: text.trimmed, among: type.cases).map { message("did you mean \($0)? ", "是否应为\($0)？") } ?? .empty
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) is \"\(text)\", which is not a case of \(type.name); \(suggestion)the cases are \(type.cases.joined(separator: ", "))",
                            "事实\(name)为“\(text)”，不是枚举\(type.name)的取值；\(suggestion)可取的值为：\(type.cases.joined(separator: "、"))"
                        )))
            }
            return .success(ExactDecimal(ordinal))
        case .text:
            let text: String
            switch fact {
            case .text(let value): text = FactText.fold(value)
            case .number(let value): text = value
            case .bool:
                return .failure(
                    ClaimProblem(
                        message("the fact \(name) should be text, but it is true/false", "事实\(name)应为文本，但给出的是 true/false")))
            }
            return .success(ExactDecimal(frame.textNumber(text)))
        case .identity:
            switch fact {
            case .text(let text):
                do throws(IdentityNumber.Problem) {
                    return .success(try IdentityNumber(reading: text).value)
                } catch {
                    let given = text.trimmed
                    return .failure(
                        ClaimProblem(
                            message("the fact \(name) is \(given), but \(error.reason)", "事实\(name)为\(given)，但\(error.reason)"))
                    )
                }
            case .number(let number):
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) is the number \(number): give it as text, in quotes, since a number this long loses digits",
                            "事实\(name)给出的是数值\(number)：请加引号以文本给出，这么长的数值会丢失位数")))
            case .bool:
                return .failure(
                    ClaimProblem(
                        message(
                            "the fact \(name) should be an identity number, as text, but it is true/false",
                            "事实\(name)应为以文本给出的公民身份号码，但给出的是 true/false")))
            }
        case .error:
            return .failure(
                ClaimProblem(message("the fact \(name) has a type the policy could not determine", "政策无法确定事实\(name)的类型")))
        }
    }

    /// A quantity from a number or from text such as `20`, `20 days`, `85%`, `３５００`.
    /// On failure, the problem is the reason alone ("it is \"twenty\""), for the caller to frame.
    package static func quantity(_ fact: Fact.Value, unit: Unit) -> Result<ExactDecimal, ClaimProblem> {
        var text: String
        var givenUnit: String?
        switch fact {
        case .number(let number):
            text = number
        case .text(let raw):
            let normalized = String(
                String.UnicodeScalarView(
                    raw.trimmed.unicodeScalars.map { scalar in
                        if let digit = Lexer.digitValue(scalar) { return Unicode.Scalar(UInt8(ascii: "0") + UInt8(digit)) }
                        if scalar == "．" { return "." }
                        if scalar == "％" { return "%" }
                        return scalar
                    }))
            let numberEnd =
                normalized.firstIndex(where: { !($0.isNumber && $0.isASCII) && $0 != "." && $0 != "-" && $0 != "+" })
                ?? normalized.endIndex
            text = String(normalized[..<numberEnd])
            let rest = String(normalized[numberEnd...]).trimmed
            givenUnit = rest.isEmpty ? nil : rest
            if text.isEmpty { return .failure(ClaimProblem(message("it is \"\(raw)\"", "给出的是“\(raw)”"))) }
        case .bool(let flag):
            return .failure(ClaimProblem(message("it is \(flag)", "给出的是\(flag)")))
        }
        var value: ExactDecimal
        do throws(DecimalSyntaxError) {
            value = try ExactDecimal(parsing: text)
        } catch {
            switch error {
            case .tooManyDigits:
                return .failure(ClaimProblem(message("\(text) has more than 18 significant digits", "\(text)的有效数字超过18位")))
            case .notANumber: return .failure(ClaimProblem(message("it is \"\(text)\"", "给出的是“\(text)”")))
            }
        }
        if let givenUnit {
            // A fact's unit is read the same whatever language the command speaks.
            let accepted =
                unit.isPercent
                ? ["%", "percent"]
                : [unit.description, unit.suffix(for: .one).trimmed, unit.chineseName]
            guard accepted.contains(givenUnit) else {
                return .failure(
                    ClaimProblem(
                        message(
                            "\"\(text) \(givenUnit)\" is not in \(unit.isPercent ? "percent" : unit.description)",
                            "“\(text) \(givenUnit)”的单位不是\(unit.isPercent ? "百分比" : unit.description)")))
            }
        }
        if unit.isPercent {
            value = .fromPercentFigure(value)
        }
        return .success(value)
    }

    static func describe(_ unit: Unit) -> Phrase {
        if unit.isPercent { return message("a percentage such as 85 or \"85%\"", "百分比，如 85 或“85%”") }
        if unit.isDimensionless { return message("a number", "数值") }
        return message("a number of \(unit.description), such as 20", "以\(unit.description)计的数值，如 20")
    }

    static func describe(_ fact: Fact.Value) -> Phrase {
        switch fact {
        case .number(let number): message("the number \(number)", "数值\(number)")
        case .text(let text): message("\"\(text)\"", "“\(text)”")
        case .bool(let flag): Phrase(verbatim: "\(flag)")
        }
    }
}
