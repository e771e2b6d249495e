// Turns run-time values back into what a policy officer reads: `12 yuan`, `50%`,
// `2022-06-01`, `中级`, an identity number's canonical form, and in Chinese `12 元`. At run time
// every value is an `ExactDecimal`; the checked type says what it means. Formatting lives with
// the types; what it needs of an evaluation (the texts a claim brings) is `ClaimTexts`.

/// The texts an evaluation knows beyond its program's own: those a claim brings, numbered after
/// the policy's. The run time's frame gives them; formatting needs nothing else of it.
package protocol ClaimTexts: AnyObject {
    /// The text numbered `number`, the policy's or the claim's, when the evaluation holds one by
    /// that number.
    func claimText(_ number: Int, in program: Program) -> String?
}

package struct ValueFormatter {
    /// Needed for texts; quantities, dates and enums format without it.
    let program: Program?
    /// The evaluation's frame, for the texts a claim brings.
    let frame: (any ClaimTexts)?
    /// The language of units and yes/no. Keys a machine reads back (a ledger's, a progress
    /// file's units) are always written in English.
    let language: Language

    package init(program: Program?, frame: (any ClaimTexts)? = nil, language: Language = .en) {
        self.program = program
        self.frame = frame
        self.language = language
    }

    private var chinese: Bool { language == .zh }

    /// The value as each language writes it, for a message or a derivation's step.
    package func phrase(_ value: ExactDecimal, as type: ValueType) -> Phrase {
        Phrase(speaking(.en).format(value, as: type), speaking(.zh).format(value, as: type))
    }

    package func phrase(_ value: RuntimeValue, as type: ValueType) -> Phrase {
        Phrase(speaking(.en).format(value, as: type), speaking(.zh).format(value, as: type))
    }

    /// Words made of formatted values, in each language: `formatter.phrase { "\($0.format(q, as: days)) × …" }`.
    package func phrase(_ words: (ValueFormatter) -> String) -> Phrase {
        Phrase(words(speaking(.en)), words(speaking(.zh)))
    }

    /// A quota's target as the language writes it: `300000`, `at least 100`, `about 1000`,
    /// `at most 3`, `1 to 2` (in Chinese `至少 100`, `约 1000`, `至多 3`, `1 至 2`).
    package func format(target figure: ExactDecimal, _ kind: TargetKind, as type: ValueType) -> String {
        let value = format(figure, as: type)
        switch kind {
        case .reach: return value
        case .atLeast: return chinese ? "至少 \(value)" : "at least \(value)"
        case .about: return chinese ? "约 \(value)" : "about \(value)"
        case .atMost: return chinese ? "至多 \(value)" : "at most \(value)"
        case .between(let upper): return "\(value) \(chinese ? "至" : "to") \(format(upper, as: type))"
        }
    }

    /// The same formatter in another language.
    package func speaking(_ language: Language) -> ValueFormatter {
        ValueFormatter(program: program, frame: frame, language: language)
    }

    package func format(_ value: ExactDecimal, as type: ValueType) -> String {
        switch type {
        case .quantity(let unit):
            if unit.isPercent {
                let percent = (try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value
                return "\(percent)%"
            }
            if chinese { return unit.isDimensionless ? "\(value)" : "\(value) \(unit.chineseName)" }
            return "\(value)\(unit.suffix(for: value))"
        case .bool:
            if chinese { return value.isZero ? "否" : "是" }
            return value.isZero ? "false" : "true"
        case .date:
            return CalendarDate(dayNumber: value.integerValue ?? 0).description
        case .identity:
            return IdentityNumber(value: value).description
        case .enumeration(let enumType):
            let ordinal = value.integerValue ?? -1
            return enumType.cases.indices.contains(ordinal) ? enumType.cases[ordinal] : "?"
        case .text:
            let index = value.integerValue ?? -1
            guard let program, index >= 0 else { return "?" }
            if index < program.texts.count { return program.texts[index] }
            if let frame, let text = frame.claimText(index, in: program) { return text }
            return "?"
        case .error:
            return "\(value)"
        }
    }

    package func format(_ value: RuntimeValue, as type: ValueType) -> String {
        value.isAbsent ? (chinese ? "无" : "none") : format(value.decimal, as: type)
    }

    /// A unit as a batch's results name it (`yuan`, `yuan/day`, `percent`), in the language asked
    /// for: `元`, `元/天`, `%`.
    package static func unitName(_ description: String, in language: Language) -> String {
        guard language == .zh else { return description }
        switch description {
        case "percent": return "%"
        case "number": return ""
        default: break
        }
        // Each unit word has its Chinese twin among the keywords: `yuan/day` is `元/天`.
        func chinese(_ word: String) -> String { Keyword(rawValue: word).flatMap { KeywordSet.chinese[$0] } ?? word }
        var out = ""
        var word = ""
        for character in description {
            if "/*^".contains(character) {
                out += chinese(word) + String(character)
                word = ""
            } else {
                word.append(character)
            }
        }
        return out + chinese(word)
    }
}
