// Limits at run time: after a claim is granted, each limit on its program looks up what the
// claim's key (its person, year, platform …) has used in the ledger. A limit on claims refuses
// once the allowance is used; a limit on an amount grants what is left of it and refuses once
// nothing is. A refusal names the limit and the earlier claims that used the allowance. Keys are
// built as bytes in a buffer the frame keeps, so the common case makes no String.

/// A class: the hot path reaches it by reference instead of copying its arrays and closures.
final class CompiledLimit {
    /// One part of the key: where its value comes from and how it is written.
    struct KeyPart {
        enum Source {
            /// A fact of the claim, read straight from its slot.
            case input(Int)
            case expression(Evaluate)
        }

        enum Encoding {
            case text
            /// An identity number's canonical form, 18 ASCII characters: one person, one key,
            /// however the claim wrote the number.
            case identity
            /// An enum's case names, as a range of the limit's `caseNames.ranges`.
            case enumeration(Range<Int>)
            case number
            case date
            case bool
            /// Anything else, through the value formatter.
            case formatted(ValueType)
        }

        let source: Source
        let encoding: Encoding
    }

    let limit: Limit
    let keys: [KeyPart]
    /// The enum cases' names of the key's enum parts.
    let caseNames: CaseNames
    /// The amount a limit on money allows, evaluated for the claim; nil for a limit on claims.
    let amount: Evaluate?
    let refusal: LimitRefusal.Template

    /// `value` evaluates a key part's node; a traced limit evaluates every part through it, so
    /// that the facts a key reads appear in the explanation.
    init(limit: Limit, traced: Bool, value: (Node) -> Evaluate) {
        var caseNames = CaseNames()
        self.keys = limit.keys.map { node in
            let source: KeyPart.Source
            if case .input(let slot) = node.kind, !traced { source = .input(slot) } else { source = .expression(value(node)) }
            let encoding: KeyPart.Encoding
            switch node.type {
            case .text: encoding = .text
            case .identity: encoding = .identity
            case .enumeration(let type): encoding = .enumeration(caseNames.add(type.cases))
            case .quantity(let unit) where !unit.isPercent: encoding = .number
            case .date: encoding = .date
            case .bool: encoding = .bool
            default: encoding = .formatted(node.type)
            }
            return KeyPart(source: source, encoding: encoding)
        }
        self.caseNames = caseNames
        self.limit = limit
        if case .amount(let node) = limit.bound { self.amount = value(node) } else { self.amount = nil }
        self.refusal = LimitRefusal.Template(limit: limit)
    }
}

/// What the limits decided for one granted claim. What it used is left pending in the frame,
/// written to the ledger by `Ledger.commit` if the claim is granted in the end.
package struct LimitedGrant: Sendable {
    package let amount: ExactDecimal
    /// Reductions by limits on amounts, in words.
    package let notes: [Phrase]
}

extension CompiledProgram {
    /// Applies the limits on the program in `slot` to a granted `value`. `tables` are the
    /// ledger's tables for this program (`Ledger.tables(for:)`), found once by a batch.
    func applyLimits(
        to value: ExactDecimal, rule slot: Int, in frame: Frame, ledger: Ledger, tables known: [Ledger.Table]? = nil
    ) throws(Stop) -> LimitedGrant {
        var amount = value
        var notes: [Phrase] = []
        let tables = known ?? ledger.tables(for: self)
        let indices = limitsByRule[slot]
        let recorder = frame.recorder
        frame.pendingUsages.removeAll(keepingCapacity: true)
        // Untraced, every key is built before any is looked up: a lookup reads memory far away,
        // and the processor starts the next one while the first is on its way. A key that
        // cannot be built stops the claim where the explained path would build it: after the
        // limits before it, any of which may refuse the claim first.
        let unbuilt = recorder == nil ? findEntries(indices, tables: tables, in: frame) : nil
        for (position, index) in indices.enumerated() {
            let compiled = limits[index]
            let limit = compiled.limit
            let table = tables[index]
            let depth = recorder?.depth ?? 0
            if let recorder {
                let (allowed, keys) = (allowance(limit), limit.keyLabels.joined(separator: ", "))
                recorder.begin(
                    .limit,
                    Phrase(
                        "limit \(limit.name): at most \(allowed.english) per \(keys)",
                        "限额\(limit.name)：每 \(keys) 至多 \(allowed.chinese)"),
                    citation: limit.citation)
            }
            defer { recorder?.unwind(to: depth, marking: .empty) }
            let (keyRange, entry): (Range<Int>, Int)
            if recorder == nil {
                if let unbuilt, position == frame.limitEntries.count { throw unbuilt }
                (keyRange, entry) = frame.limitEntries[position]
            } else {
                frame.keyBuffer.removeAll()
                try buildKey(compiled, in: frame)
                (keyRange, entry) = (0..<frame.keyBuffer.count, table.entry(for: frame.keyBuffer.bytes))
            }
            let key = UnsafeBufferPointer(rebasing: frame.keyBuffer.bytes[keyRange])

            switch limit.bound {
            case .claims(let allowed):
                let claims = table.claims(entry)
                if recorder != nil {
                    let (parts, ids) = (keyParts(key), earlier(table.ids(entry)))
                    recorder?.end(
                        Phrase(
                            "\(parts.joined(separator: ", ")): \(claims) used\(ids.english)",
                            "\(parts.joined(separator: "、"))：已用 \(claims) 件\(ids.chinese)"))
                }
                if claims >= allowed {
                    throw .refused([
                        Refusal(
                            limit: LimitRefusal(
                                template: compiled.refusal, key: Array(key), ids: table.ids(entry), claims: claims),
                            citation: limit.citation)
                    ])
                }
            case .amount:
                let allowed = try compiled.amount!(frame)
                let spent = table.amount(entry)
                let remaining = try Stop.checked(limit.span) { () throws(ArithmeticError) in
                    try ExactDecimal.subtracting(allowed, spent)
                }
                let type = program.rules[slot].type
                let formatter = ValueFormatter(program: program, frame: frame)
                let (spentText, allowedText) = (formatter.phrase(spent, as: type), formatter.phrase(allowed, as: type))
                if recorder != nil {
                    let (parts, ids) = (keyParts(key), earlier(table.ids(entry)))
                    recorder?.end(
                        Phrase(
                            "\(parts.joined(separator: ", ")): \(spentText.english) of \(allowedText.english) used\(ids.english)",
                            "\(parts.joined(separator: "、"))：额度\(allowedText.chinese)中已用\(spentText.chinese)\(ids.chinese)"))
                }
                if remaining <= .zero {
                    let ids = table.ids(entry)
                    throw .refused([
                        Refusal(
                            reason: Phrase(
                                "the limit \(limit.name) allows \(allowedText.english) per \(limit.keyLabels.joined(separator: ", ")); \(keyText(limit, key).english) has used it\(earlier(ids).english)",
                                "限额\(limit.name)按\(limit.keyLabels.joined(separator: "、"))计，至多 \(allowedText.chinese)；对\(keyText(limit, key).chinese)，该额度已用完\(ids.isEmpty ? "" : "：" + ids.joined(separator: "、"))"
                            ),
                            citation: limit.citation)
                    ])
                }
                if remaining < amount {
                    let (before, after, ids) = (
                        formatter.phrase(amount, as: type), formatter.phrase(remaining, as: type), earlier(table.ids(entry))
                    )
                    notes.append(
                        Phrase(
                            "reduced from \(before.english) to \(after.english) by the limit \(limit.name): \(spentText.english) of \(allowedText.english) used\(ids.english)",
                            "因限额\(limit.name)，金额由\(before.chinese)减为\(after.chinese)：额度\(allowedText.chinese)中已用\(spentText.chinese)\(ids.chinese)"
                        ))
                    amount = remaining
                }
            }
            frame.pendingUsages.append((table, entry))
        }
        return LimitedGrant(amount: amount, notes: notes)
    }

    /// Builds the key of each limit in `indices` into the frame's key buffer, one after another,
    /// then finds each key's entry in its table. When a key cannot be built, the keys before it
    /// are found and the reason is returned.
    private func findEntries(_ indices: [Int], tables: [Ledger.Table], in frame: Frame) -> Stop? {
        frame.keyBuffer.removeAll()
        frame.limitEntries.removeAll(keepingCapacity: true)
        var unbuilt: Stop?
        for index in indices {
            let start = frame.keyBuffer.count
            do throws(Stop) {
                try buildKey(limits[index], in: frame)
            } catch {
                unbuilt = error
                break
            }
            frame.limitEntries.append((start..<frame.keyBuffer.count, 0))
        }
        for (position, index) in indices.prefix(frame.limitEntries.count).enumerated() {
            let key = UnsafeBufferPointer(rebasing: frame.keyBuffer.bytes[frame.limitEntries[position].key])
            frame.limitEntries[position].entry = tables[index].entry(for: key)
        }
        return unbuilt
    }

    /// Appends the claim's key for a limit to the frame's key buffer.
    private func buildKey(_ compiled: CompiledLimit, in frame: Frame) throws(Stop) {
        let key = frame.keyBuffer
        for index in compiled.keys.indices {
            if index > 0 { key.append(Ledger.separator) }
            let value: ExactDecimal
            switch compiled.keys[index].source {
            case .input(let slot):
                guard frame.holds(slot) else {
                    throw .missingFact(slot, neededBy: Phrase("the limit \(compiled.limit.name)", "限额\(compiled.limit.name)"))
                }
                value = frame.values[slot]
            case .expression(let evaluate):
                do throws(Stop) {
                    value = try evaluate(frame)
                } catch {
                    guard case .missingFact(let slot, nil) = error else { throw error }
                    throw .missingFact(slot, neededBy: Phrase("the limit \(compiled.limit.name)", "限额\(compiled.limit.name)"))
                }
            }
            switch compiled.keys[index].encoding {
            case .text:
                frame.appendText(value.smallInteger, to: key, program: program)
            case .identity:
                frame.appendIdentity(value, to: key)
            case .enumeration(let cases):
                let ordinal = cases.lowerBound + value.smallInteger
                if cases.contains(ordinal) {
                    compiled.caseNames.bytes.withUnsafeBufferPointer {
                        key.append(UnsafeBufferPointer(rebasing: $0[compiled.caseNames.ranges[ordinal]]))
                    }
                }
            case .number:
                value.appendASCII(to: key)
            case .date:
                CalendarDate(dayNumber: value.smallInteger).appendISO(to: key)
            case .bool:
                key.append(value.isZero ? "false" : "true")
            case .formatted(let type):
                // Later batches read the key back from the ledger: it is written the same in every language.
                key.append(ValueFormatter(program: program, frame: frame, language: .en).format(value, as: type))
            }
        }
    }

    private func keyParts(_ key: UnsafeBufferPointer<UInt8>) -> [String] {
        key.split(separator: Ledger.separator, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    private func keyText(_ limit: Limit, _ key: UnsafeBufferPointer<UInt8>) -> Phrase {
        zip(limit.keyLabels, keyParts(key)).map { Phrase(verbatim: "\($0) = \($1)") }.joined(", ", "，")
    }

    /// The earlier claims that used a key's allowance: `: A1, A2`, or `（A1、A2）` in Chinese.
    private func earlier(_ ids: [String]) -> Phrase {
        ids.isEmpty ? .empty : Phrase(": " + ids.joined(separator: ", "), "（" + ids.joined(separator: "、") + "）")
    }

    private func allowance(_ limit: Limit) -> Phrase {
        switch limit.bound {
        case .claims(let allowed): Phrase("\(allowed) claim\(allowed == 1 ? "" : "s")", "\(allowed) 件")
        case .amount(let node): Phrase(verbatim: node.file.oneLineText(of: node.range))
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
    func appendASCII(to buffer: ByteBuffer) {
        guard exponent == 0, significand >= 0 else {
            buffer.append(description)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { scratch in
            buffer.append(scratch.baseAddress!, count: Self.writeDigits(UInt64(significand), to: scratch.baseAddress!))
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
    func appendISO(to buffer: ByteBuffer) {
        let (year, month, day) = components
        buffer.append(UInt8(48 + year / 1000 % 10))
        buffer.append(UInt8(48 + year / 100 % 10))
        buffer.append(UInt8(48 + year / 10 % 10))
        buffer.append(UInt8(48 + year % 10))
        buffer.append(UInt8(ascii: "-"))
        buffer.append(UInt8(48 + month / 10))
        buffer.append(UInt8(48 + month % 10))
        buffer.append(UInt8(ascii: "-"))
        buffer.append(UInt8(48 + day / 10))
        buffer.append(UInt8(48 + day % 10))
    }
}
