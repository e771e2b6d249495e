// Limits at run time: after a claim is granted, each limit on its program looks up what the
// claim's key (its person, year, platform …) has used in the ledger. A limit on claims refuses
// once the allowance is used; a limit on an amount grants what is left of it and refuses once
// nothing is. A refusal names the limit and the earlier claims that used the allowance. Keys are
// built as bytes in a buffer the frame keeps, so the common case makes no String.

/// A class: the hot path reaches it by reference instead of copying its arrays and closures.
final class CompiledLimit {
    /// How a key part's value is written into the key.
    enum Encoding {
        case text
        /// An enum's case names, by ordinal.
        case enumeration([[UInt8]])
        case number
        case date
        case bool
        /// Anything else, through the value formatter.
        case formatted(ValueType)

        init(_ type: ValueType) {
            switch type {
            case .text: self = .text
            case .enumeration(let enumType): self = .enumeration(enumType.cases.map { Array($0.utf8) })
            case .quantity(let unit) where !unit.isPercent: self = .number
            case .date: self = .date
            case .bool: self = .bool
            default: self = .formatted(type)
            }
        }
    }

    let limit: Limit
    let keys: [(value: Evaluate, encoding: Encoding)]
    /// The amount a limit on money allows, evaluated for the claim; nil for a limit on claims.
    let amount: Evaluate?
    let refusal: LimitRefusal.Template

    init(limit: Limit, keys: [(value: Evaluate, encoding: Encoding)], amount: Evaluate?) {
        self.limit = limit
        self.keys = keys
        self.amount = amount
        self.refusal = LimitRefusal.Template(limit: limit)
    }
}

/// What the limits decided for one granted claim. What it used is left pending in the frame,
/// written to the ledger by `Ledger.commit` if the claim is granted in the end.
public struct LimitedGrant: Sendable {
    public let amount: ExactDecimal
    /// Reductions by limits on amounts, in words.
    public let notes: [String]
}

extension CompiledProgram {
    /// Applies the limits on the program in `slot` to a granted `value`. `tables` are the
    /// ledger's tables for this program (`Ledger.tables(for:)`), found once by a batch.
    func applyLimits(
        to value: ExactDecimal, rule slot: Int, in frame: Frame, ledger: Ledger, tables known: [Ledger.Table]? = nil
    ) throws(Stop) -> LimitedGrant {
        var amount = value
        var notes: [String] = []
        let tables = known ?? ledger.tables(for: self)
        frame.pendingUsages.removeAll(keepingCapacity: true)
        for index in limitsByRule[slot] {
            let compiled = limits[index]
            let limit = compiled.limit
            let recorder = frame.recorder
            let depth = recorder?.depth ?? 0
            recorder?.begin(
                .limit, "limit \(limit.name): at most \(allowance(limit)) per \(limit.keyLabels.joined(separator: ", "))",
                citation: limit.citation)
            defer { recorder?.unwind(to: depth, marking: "") }

            try buildKey(compiled, in: frame)
            let table = tables[index]
            let entry = frame.keyBuffer.withUnsafeBufferPointer { table.entry(for: $0) }
            switch limit.bound {
            case .claims(let allowed):
                let claims = table.claims(entry)
                if recorder != nil {
                    recorder?.end("\(keyParts(frame).joined(separator: ", ")): \(claims) used\(earlier(table.ids(entry)))")
                }
                if claims >= allowed {
                    throw .refused([
                        Refusal(
                            limit: LimitRefusal(
                                template: compiled.refusal, key: frame.keyBuffer, ids: table.ids(entry), claims: claims),
                            citation: limit.citation)
                    ])
                }
                frame.pendingUsages.append((table, entry))
            case .amount:
                let allowed = try compiled.amount!(frame)
                let spent = table.amount(entry)
                let remaining = try checked(limit.span) { () throws(ArithmeticError) in
                    try ExactDecimal.subtracting(allowed, spent)
                }
                let type = program.rules[slot].type
                let formatter = ValueFormatter(program: program, frame: frame)
                if recorder != nil {
                    recorder?.end(
                        "\(keyParts(frame).joined(separator: ", ")): \(formatter.format(spent, as: type)) of \(formatter.format(allowed, as: type)) used\(earlier(table.ids(entry)))"
                    )
                }
                if remaining <= .zero {
                    throw .refused([
                        Refusal(
                            reason:
                                "the limit \(limit.name) allows \(formatter.format(allowed, as: type)) per \(limit.keyLabels.joined(separator: ", ")); \(keyText(limit, frame)) has used it\(earlier(table.ids(entry)))",
                            citation: limit.citation)
                    ])
                }
                if remaining < amount {
                    notes.append(
                        "reduced from \(formatter.format(amount, as: type)) to \(formatter.format(remaining, as: type)) by the limit \(limit.name): \(formatter.format(spent, as: type)) of \(formatter.format(allowed, as: type)) used\(earlier(table.ids(entry)))"
                    )
                    amount = remaining
                }
                frame.pendingUsages.append((table, entry))
            }
        }
        return LimitedGrant(amount: amount, notes: notes)
    }

    /// The claim's key for a limit, as bytes in the frame's key buffer.
    private func buildKey(_ compiled: CompiledLimit, in frame: Frame) throws(Stop) {
        frame.keyBuffer.removeAll(keepingCapacity: true)
        for (index, key) in compiled.keys.enumerated() {
            if index > 0 { frame.keyBuffer.append(Ledger.separator) }
            let value: ExactDecimal
            do throws(Stop) {
                value = try key.value(frame)
            } catch {
                guard case .missingFact(let slot, nil) = error else { throw error }
                throw .missingFact(slot, neededBy: "the limit \(compiled.limit.name)")
            }
            switch key.encoding {
            case .text:
                frame.appendText(value.smallInteger, to: &frame.keyBuffer, program: program)
            case .enumeration(let cases):
                let ordinal = value.smallInteger
                if cases.indices.contains(ordinal) { frame.keyBuffer.append(contentsOf: cases[ordinal]) }
            case .number:
                value.appendASCII(to: &frame.keyBuffer)
            case .date:
                CalendarDate(dayNumber: value.smallInteger).appendISO(to: &frame.keyBuffer)
            case .bool:
                if value.isZero {
                    frame.keyBuffer.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
                } else {
                    frame.keyBuffer.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
                }
            case .formatted(let type):
                frame.keyBuffer.append(contentsOf: ValueFormatter(program: program, frame: frame).format(value, as: type).utf8)
            }
        }
    }

    private func keyParts(_ frame: Frame) -> [String] {
        frame.keyBuffer.split(separator: Ledger.separator, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private func keyText(_ limit: Limit, _ frame: Frame) -> String {
        zip(limit.keyLabels, keyParts(frame)).map { "\($0) = \($1)" }.joined(separator: ", ")
    }

    private func earlier(_ ids: [String]) -> String {
        ids.isEmpty ? "" : ": " + ids.joined(separator: ", ")
    }

    private func allowance(_ limit: Limit) -> String {
        switch limit.bound {
        case .claims(let allowed): "\(allowed) claim\(allowed == 1 ? "" : "s")"
        case .amount(let node): Compiler.collapse(node.file.text(of: node.range))
        }
    }
}

extension Ledger {
    /// The tables of a compiled program's limits, by limit index, found once per program.
    func tables(for compiled: CompiledProgram) -> [Table] {
        let key = ObjectIdentifier(compiled)
        if let tables = resolved[key] { return tables }
        let tables = compiled.limits.map { table(for: $0.limit.identity) }
        resolved[key] = tables
        return tables
    }
}

extension ExactDecimal {
    /// Appends plain decimal digits, as `description` would write them, without making a String
    /// for the common case of a whole number.
    func appendASCII(to buffer: inout [UInt8]) {
        guard exponent == 0, significand >= 0 else {
            buffer.append(contentsOf: description.utf8)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            let count = Self.writeDigits(UInt64(significand), to: scratch.baseAddress!)
            buffer.append(contentsOf: UnsafeBufferPointer(start: scratch.baseAddress!, count: count))
        }
    }

    /// Writes the decimal digits of `value` at `destination`; returns how many.
    @inline(__always)
    static func writeDigits(_ value: UInt64, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var rest = value
        for position in stride(from: digits - 1, through: 0, by: -1) {
            destination[position] = UInt8(48 + rest % 10)
            rest /= 10
        }
        return digits
    }
}

extension CalendarDate {
    /// Appends `YYYY-MM-DD`.
    func appendISO(to buffer: inout [UInt8]) {
        let (year, month, day) = components
        for digit in [year / 1000 % 10, year / 100 % 10, year / 10 % 10, year % 10] { buffer.append(UInt8(48 + digit)) }
        buffer.append(UInt8(ascii: "-"))
        buffer.append(UInt8(48 + month / 10))
        buffer.append(UInt8(48 + month % 10))
        buffer.append(UInt8(ascii: "-"))
        buffer.append(UInt8(48 + day / 10))
        buffer.append(UInt8(48 + day % 10))
    }
}
