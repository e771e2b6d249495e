// What a change of rules does to claims: the same claims decided under two rule sets (last
// year's release and the working copy), each as a batch with its own ledger, and only the claims
// whose outcome moved reported, with the rules whose values differ between the two derivations.
// The two batches run at batch speed; results that are the same bytes are not even parsed, and
// only a changed claim is decided again with its derivation recorded.

import Foundation
import PolicyLanguage

/// One claim's result as a batch wrote it.
package struct DiffResult: Sendable, Equatable {
    package let status: DecisionStatus
    /// The amount for a granted claim (a number for a percent or a count), else nil.
    package let amount: ExactDecimal?
    package let unit: String?
    package let policy: String?
    package let program: String?
    package let reasons: [String]

    /// What a claim is paid: a granted amount of money, else nothing.
    var yuan: ExactDecimal { unit == Unit.yuan.description ? amount ?? .zero : .zero }

    /// Whether the two outcomes differ as a claimant sees them: status, amount, or reasons.
    func differs(from other: DiffResult) -> Bool {
        status != other.status || amount != other.amount || unit != other.unit || reasons != other.reasons
    }
}

package struct ClaimChange: Sendable {
    /// A rule whose value differs between the two derivations; nil where a rule did not run.
    package struct RuleChange: Sendable, Equatable {
        package let rule: String
        package let before: String?
        package let after: String?
    }

    package let line: Int
    package let id: String?
    package let before: DiffResult
    package let after: DiffResult
    /// Yuan paid after minus yuan paid before.
    package let delta: ExactDecimal
    package let rules: [RuleChange]
}

package struct DiffReport: Sendable {
    package internal(set) var claims = 0
    package internal(set) var changes: [ClaimChange] = []
    /// The yuan delta by policy and by policy and program, in first-seen order.
    package internal(set) var byPolicy: [(policy: String, delta: ExactDecimal)] = []
    package internal(set) var byProgram: [(policy: String, program: String, delta: ExactDecimal)] = []
    /// The yuan delta of all the claims.
    package internal(set) var delta: ExactDecimal = .zero
}

package enum RuleSetDiff {
    /// Decides `claims` (CSV or JSON lines) under `before` and under `after` and reports the
    /// claims whose outcome changed, its reasons and rule values in `language`. Sums past the
    /// decimal type's range are an error, never a wrong total.
    package static func compare(
        claims: [UInt8], format: BatchFormat, before: PolicyLibrary, after: PolicyLibrary, language: Language = .en
    ) throws(ArithmeticError) -> DiffReport {
        // The two batches share nothing but the claims' bytes: one on each core.
        let batches = Batches()
        LargeStack.concurrently(2) { index in
            let output = results(of: claims, format: format, under: index == 0 ? before : after, language: language)
            batches.store(output, at: index)
        }
        let (old, new) = (batches.outputs[0]!, batches.outputs[1]!)
        var report = DiffReport()
        var input: InputClaims?
        let engines = (before: Engine(library: before), after: Engine(library: after))
        for (oldLine, newLine) in zip(old.lines, new.lines) {
            report.claims += 1
            if sameBytes(old.bytes, oldLine, new.bytes, newLine) { continue }
            guard let (line, id, was) = record(old.bytes[oldLine]), let (_, _, now) = record(new.bytes[newLine]),
                was.differs(from: now)
            else { continue }
            let delta = try ExactDecimal.subtracting(now.yuan, was.yuan)
            if input == nil { input = InputClaims(claims, format: format) }
            let rules =
                input!.claim(at: line).map {
                    ruleChanges(of: $0, before: engines.before, after: engines.after, language: language)
                } ?? []
            report.changes.append(ClaimChange(line: line, id: id, before: was, after: now, delta: delta, rules: rules))
            guard delta != .zero, let policy = now.policy ?? was.policy, let program = now.program ?? was.program else {
                continue
            }
            try report.add(delta, policy: policy, program: program)
        }
        return report
    }

    /// The batch's results as JSON lines, and where each line is.
    private static func results(of claims: [UInt8], format: BatchFormat, under library: PolicyLibrary, language: Language)
        -> Output
    {
        var output: [UInt8] = []
        var source = BytesSource(claims)
        let runner = BatchRunner(library: library, ledger: Ledger(), outputFormat: .jsonl, language: language)
        _ = runner.run(&source, inputFormat: format) { output.append(contentsOf: $0) }
        return Output(bytes: output, lines: lineRanges(of: output))
    }

    typealias Output = (bytes: [UInt8], lines: [Range<Int>])

    /// The two batches' outputs, each written by its own thread.
    private final class Batches: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var outputs: [Output?] = [nil, nil]
        func store(_ output: Output, at index: Int) { lock.withLock { outputs[index] = output } }
    }

    /// Where each line of a batch's output is, without its LF; a last line without one counts.
    static func lineRanges(of bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { buffer in
            var lines: [Range<Int>] = []
            var start = 0
            while start < buffer.count {
                let end =
                    memchr(buffer.baseAddress! + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
                    .map { buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? buffer.count
                lines.append(start..<end)
                start = end + 1
            }
            return lines
        }
    }

    /// Where each line of a batch's input is, without its line end: LF, CRLF or a lone CR, as
    /// the batch counts lines.
    static func inputLineRanges(of bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A || bytes[index] == 0x0D {
                lines.append(start..<index)
                if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        return lines
    }

    private static func sameBytes(_ a: [UInt8], _ x: Range<Int>, _ b: [UInt8], _ y: Range<Int>) -> Bool {
        guard x.count == y.count else { return false }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                x.isEmpty || memcmp(a.baseAddress! + x.lowerBound, b.baseAddress! + y.lowerBound, x.count) == 0
            }
        }
    }

    /// A result line: its input line, the claim's id, and the outcome.
    private static func record(_ bytes: ArraySlice<UInt8>) -> (Int, String?, DiffResult)? {
        guard let value = try? JSONParser.parse(Array(bytes)), case .number(let lineText)? = value["line"],
            let line = Int(lineText), case .string(let statusText)? = value["status"],
            let status = DecisionStatus(rawValue: statusText)
        else { return nil }
        func text(_ key: String) -> String? { if case .string(let text)? = value[key] { text } else { nil } }
        var reasons: [String] = []
        if case .array(let items)? = value["reasons"] {
            reasons = items.compactMap { if case .string(let reason) = $0 { reason } else { nil } }
        }
        let result = DiffResult(
            status: status, amount: text("amount").flatMap { try? ExactDecimal(parsing: $0) }, unit: text("unit"),
            policy: text("policy"), program: text("program"), reasons: reasons)
        return (line, text("id"), result)
    }

    /// The claims of the input by the line each starts on, read as the batch reads them: a CSV
    /// record that spans lines is one claim, and a fragment of one is none. JSON lines are
    /// decoded only when asked for.
    private struct InputClaims {
        let claims: [UInt8]
        var lines: [Range<Int>] = []
        var records: [Int: Claim] = [:]

        init(_ claims: [UInt8], format: BatchFormat) {
            self.claims = claims
            switch format {
            case .jsonl:
                lines = inputLineRanges(of: claims)
                if claims.starts(with: [0xEF, 0xBB, 0xBF]), let first = lines.first {
                    lines[0] = first.lowerBound + 3..<first.upperBound
                }
            case .csv:
                var reader = CSVReader(bytes: claims)
                guard case .success(let first)? = reader.next() else { return }
                let header = CSVHeader(names: first.fields)
                while let next = reader.next() {
                    if case .success(let record) = next, let claim = header.claim(record.fields) { records[record.line] = claim }
                }
            }
        }

        /// The claim that starts on `line`, as `eval` would read it.
        func claim(at line: Int) -> Claim? {
            guard lines.indices.contains(line - 1) else { return records[line] }
            return try? Claim.decode(json: Array(claims[lines[line - 1]])).get()
        }
    }

    /// The rules whose values differ between the claim's derivations under the two rule sets, in
    /// the order the later derivation meets them.
    static func ruleChanges(of claim: Claim, before: Engine, after: Engine, language: Language = .en) -> [ClaimChange.RuleChange]
    {
        let (old, new) = (ruleValues(before.decide(claim), in: language), ruleValues(after.decide(claim), in: language))
        let oldValues = Dictionary(old, uniquingKeysWith: { first, _ in first })
        let newValues = Dictionary(new, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        return (new + old).compactMap { rule, _ in
            guard seen.insert(rule).inserted, oldValues[rule] != newValues[rule] else { return nil }
            return ClaimChange.RuleChange(rule: rule, before: oldValues[rule], after: newValues[rule])
        }
    }

    /// Each rule's and table cell's value in a derivation, in the order it was met, as `language`
    /// writes it (the report is read in it).
    private static func ruleValues(_ decision: Decision, in language: Language) -> [(String, String)] {
        var values: [(String, String)] = []
        func walk(_ node: TraceNode) {
            if node.kind == .rule || node.kind == .row, let value = node.value {
                values.append((node.label.text(in: language), value.text(in: language)))
            }
            node.children.forEach(walk)
        }
        decision.trace.map(walk)
        return values
    }
}

extension DiffReport {
    mutating func add(_ change: ExactDecimal, policy: String, program: String) throws(ArithmeticError) {
        delta = try ExactDecimal.adding(delta, change)
        if let index = byPolicy.firstIndex(where: { $0.policy == policy }) {
            byPolicy[index].delta = try ExactDecimal.adding(byPolicy[index].delta, change)
        } else {
            byPolicy.append((policy, change))
        }
        if let index = byProgram.firstIndex(where: { $0.policy == policy && $0.program == program }) {
            byProgram[index].delta = try ExactDecimal.adding(byProgram[index].delta, change)
        } else {
            byProgram.append((policy, program, change))
        }
    }
}
