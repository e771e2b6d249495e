// Limits at run time: after a claim is granted, each limit on its program looks up what the
// claim's key (its person, year, platform …) has used in the ledger. A limit on claims refuses
// once the allowance is used; a limit on an amount grants what is left of it and refuses once
// nothing is. A refusal names the limit and the earlier claims that used the allowance.

struct CompiledLimit {
    let limit: Limit
    let keys: [Evaluate]
    let keyTypes: [ValueType]
    /// The amount a limit on money allows, evaluated for the claim; nil for a limit on claims.
    let amount: Evaluate?
}

/// What the limits decided for one granted claim, to be written to the ledger if it stands.
public struct LimitedGrant: Sendable {
    public let amount: ExactDecimal
    /// Reductions by limits on amounts, in words.
    public let notes: [String]
    let usages: [(limit: String, key: String, keepsAllIDs: Bool)]
}

extension CompiledProgram {
    /// Applies the limits on the program in `slot` to a granted `value`.
    func applyLimits(
        to value: ExactDecimal, rule slot: Int, in frame: Frame, ledger: Ledger
    ) throws(Stop) -> LimitedGrant {
        var amount = value
        var notes: [String] = []
        var usages: [(String, String, Bool)] = []
        let formatter = ValueFormatter(program: program, frame: frame)
        for index in limitsByRule[slot] {
            let compiled = limits[index]
            let limit = compiled.limit
            let type = program.rules[slot].type
            let recorder = frame.recorder
            let depth = recorder?.depth ?? 0
            if let recorder {
                let allowance: String
                switch limit.bound {
                case .claims(let allowed): allowance = "\(allowed) claim\(allowed == 1 ? "" : "s")"
                case .amount(let node): allowance = Compiler.collapse(node.file.text(of: node.range))
                }
                recorder.begin(
                    .limit, "limit \(limit.name): at most \(allowance) per \(limit.keyLabels.joined(separator: ", "))",
                    citation: limit.citation)
            }
            defer { recorder?.unwind(to: depth, marking: "") }
            var parts: [String] = []
            parts.reserveCapacity(compiled.keys.count)
            for (key, keyType) in zip(compiled.keys, compiled.keyTypes) {
                do throws(Stop) {
                    parts.append(formatter.format(try key(frame), as: keyType))
                } catch {
                    guard case .missingFact(let slot, nil) = error else { throw error }
                    throw .missingFact(slot, neededBy: "the limit \(limit.name)")
                }
            }
            let key = parts.joined(separator: String(Ledger.separator))
            let keyText = zip(limit.keyLabels, parts).map { "\($0) = \($1)" }.joined(separator: ", ")
            let used = ledger.usage(of: limit.identity, key: key)
            let earlier = used.map { ": " + $0.ids.joined(separator: ", ") } ?? ""
            switch limit.bound {
            case .claims(let allowed):
                let count = used?.claims ?? 0
                recorder?.end("\(parts.joined(separator: ", ")): \(count) used\(earlier)")
                if count >= allowed {
                    throw .refused([
                        Refusal(
                            reason:
                                "the limit \(limit.name) allows \(allowed) claim\(allowed == 1 ? "" : "s") per \(limit.keyLabels.joined(separator: ", ")); \(keyText) has used \(allowed == 1 ? "it" : "them")\(earlier)",
                            citation: limit.citation)
                    ])
                }
                usages.append((limit.identity, key, true))
            case .amount:
                let allowed = try compiled.amount!(frame)
                let spent = used?.amount ?? .zero
                let remaining = try checked(limit.span) { () throws(ArithmeticError) in
                    try ExactDecimal.subtracting(allowed, spent)
                }
                recorder?.end(
                    "\(parts.joined(separator: ", ")): \(formatter.format(spent, as: type)) of \(formatter.format(allowed, as: type)) used\(earlier)"
                )
                if remaining <= .zero {
                    throw .refused([
                        Refusal(
                            reason:
                                "the limit \(limit.name) allows \(formatter.format(allowed, as: type)) per \(limit.keyLabels.joined(separator: ", ")); \(keyText) has used it\(earlier)",
                            citation: limit.citation)
                    ])
                }
                if remaining < amount {
                    notes.append(
                        "reduced from \(formatter.format(amount, as: type)) to \(formatter.format(remaining, as: type)) by the limit \(limit.name): \(formatter.format(spent, as: type)) of \(formatter.format(allowed, as: type)) used\(earlier)"
                    )
                    amount = remaining
                }
                usages.append((limit.identity, key, false))
            }
        }
        return LimitedGrant(amount: amount, notes: notes, usages: usages)
    }
}

extension Ledger {
    /// Records a granted claim against every limit that counted it.
    public func record(_ grant: LimitedGrant, id: String) throws(ArithmeticError) {
        for usage in grant.usages {
            try record(usage.limit, key: usage.key, amount: grant.amount, id: id, keepsAllIDs: usage.keepsAllIDs)
        }
    }
}
