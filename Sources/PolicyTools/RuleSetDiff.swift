// What a change of rules does to claims: the same claims decided under two rule sets (last
// year's release and the working copy), each as a batch with its own ledger, and only the claims
// whose outcome moved reported, with the rules whose values differ between the two derivations.
// Above them, the rule-level changes (RuleChanges) between the policies that decided the claims
// before and after, each with the changed claims whose derivation read it and their yuan.
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
    /// A granted value that is not a number, as a reader reads it (是 or 否, an enum's case);
    /// nil for an amount, which is written with its unit.
    package let beforeValue: Phrase?
    package let afterValue: Phrase?
    /// Yuan paid after minus yuan paid before.
    package let delta: ExactDecimal
    package let rules: [RuleChange]
    /// What the claim's two derivations read: the rules that ran, the rows, facts and limits.
    let reads: Reads
}

/// What a derivation read, by name: what a rule-level change is matched against.
struct Reads: Sendable {
    var rules: Set<String> = []
    /// A table and a row's key as English writes it.
    var rows: Set<[String]> = []
    var tables: Set<String> = []
    var facts: Set<String> = []
    /// The limits' trace labels, in English: `limit NAME: …`.
    var limits: [String] = []

    mutating func add(_ node: TraceNode) {
        switch node.kind {
        case .rule: rules.insert(node.label.english)
        case .fact: facts.insert(node.label.english)
        case .limit: limits.append(node.label.english)
        case .row:
            if let cell = node.cell {
                rows.insert([cell.table, cell.key.english])
                tables.insert(cell.table)
            }
        default: break
        }
        node.children.forEach { add($0) }
    }

    /// Whether a change is to something the derivation read; nil for a change no derivation
    /// records (the period in force, an enum).
    func read(_ subject: RuleChange.Subject) -> Bool? {
        switch subject {
        case .rule(let name): rules.contains(name)
        case .table(let name): tables.contains(name)
        case .row(let table, let key): rows.contains([table, key])
        case .input(let name): facts.contains(name)
        case .limit(let name): limits.contains { $0.hasPrefix("limit \(name):") }
        case .period, .parent, .document, .title, .enumeration, .milestones: nil
        }
    }
}

/// The rule-level changes between a policy that decided claims before and the one that decided
/// them after, each with the changed claims it moved.
package struct PolicyChanges: Sendable {
    /// The claims of the batch a change moved: changed claims, decided by this pair of policies,
    /// whose derivation before or after read what changed.
    package struct Moved: Sendable {
        package internal(set) var lines: [Int] = []
        package internal(set) var delta: ExactDecimal = .zero
    }

    package let changes: RuleChanges
    /// One per change, in order; nil where no derivation records what changed.
    package internal(set) var moved: [Moved?]
}

package struct DiffReport: Sendable {
    package internal(set) var claims = 0
    package internal(set) var changes: [ClaimChange] = []
    /// The yuan delta by policy and by policy and program, in first-seen order.
    package internal(set) var byPolicy: [(policy: String, delta: ExactDecimal)] = []
    package internal(set) var byProgram: [(policy: String, program: String, delta: ExactDecimal)] = []
    /// The yuan delta of all the claims.
    package internal(set) var delta: ExactDecimal = .zero
    /// The rule-level changes, one entry for each pair of policies that decided claims before and
    /// after (in first-seen order) whose rules differ.
    package internal(set) var ruleChanges: [PolicyChanges] = []
    /// Changed claims counted under more than one change, and under none (a limit's allowance
    /// moved them, or another policy decides them now).
    package internal(set) var claimsUnderSeveralChanges = 0
    package internal(set) var claimsUnderNoChange = 0
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
        var pairs = PolicyPairs()
        for (oldLine, newLine) in zip(old.lines, new.lines) {
            report.claims += 1
            pairs.note(old.bytes, oldLine, new.bytes, newLine)
            if sameBytes(old.bytes, oldLine, new.bytes, newLine) { continue }
            guard let (line, id, was) = record(old.bytes[oldLine]), let (_, _, now) = record(new.bytes[newLine]),
                was.differs(from: now)
            else { continue }
            let delta = try ExactDecimal.subtracting(now.yuan, was.yuan)
            if input == nil { input = InputClaims(claims, format: format) }
            let (rules, reads) =
                input!.claim(at: line).map {
                    derivations(of: $0, before: engines.before, after: engines.after, language: language)
                } ?? ([], Reads())
            report.changes.append(
                ClaimChange(
                    line: line, id: id, before: was, after: now, beforeValue: value(of: was, in: before),
                    afterValue: value(of: now, in: after), delta: delta, rules: rules, reads: reads))
            guard delta != .zero, let policy = now.policy ?? was.policy, let program = now.program ?? was.program else {
                continue
            }
            try report.add(delta, policy: policy, program: program)
        }
        try report.join(pairs.pairs, before: before, after: after)
        return report
    }

    /// The policies that decided the claims, before and after, each pair once in first-seen
    /// order: read from the results' bytes, a name made only when it differs from the last line's.
    private struct PolicyPairs {
        private(set) var pairs: [(before: String, after: String)] = []
        private var seen: Set<[String]> = []
        private var last: (ArraySlice<UInt8>, ArraySlice<UInt8>)?

        mutating func note(_ a: [UInt8], _ x: Range<Int>, _ b: [UInt8], _ y: Range<Int>) {
            guard let before = RuleSetDiff.policy(in: a[x]), let after = RuleSetDiff.policy(in: b[y]) else { return }
            if let last, last.0 == before, last.1 == after { return }
            last = (before, after)
            let pair = [String(decoding: before, as: UTF8.self), String(decoding: after, as: UTF8.self)]
            if seen.insert(pair).inserted { pairs.append((pair[0], pair[1])) }
        }
    }

    /// The policy a result line names: the first `"policy":"…"` (the id before it is a JSON string,
    /// so its quotes are escaped and it cannot hold the pattern).
    static func policy(in line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let pattern = Array(#""policy":""#.utf8)
        var index = line.startIndex
        while index + pattern.count <= line.endIndex {
            if line[index] == pattern[0], line[index..<index + pattern.count].elementsEqual(pattern) {
                let start = index + pattern.count
                guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return line[start..<end]
            }
            index += 1
        }
        return nil
    }

    /// A granted value that is not an amount (a yes or no, an enum's case), as the policy's
    /// program types it.
    private static func value(of result: DiffResult, in library: PolicyLibrary) -> Phrase? {
        guard result.status == .granted, let amount = result.amount, let policy = result.policy,
            let program = result.program, let entry = library.entry(named: policy),
            let slot = entry.program.programs[program]
        else { return nil }
        let type = entry.program.rules[slot].type
        switch type {
        case .bool, .enumeration: return ValueFormatter(program: entry.program).phrase(amount, as: type)
        default: return nil
        }
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
    /// the order the later derivation meets them, and what the two derivations read.
    static func derivations(of claim: Claim, before: Engine, after: Engine, language: Language = .en) -> (
        [ClaimChange.RuleChange], Reads
    ) {
        let (was, now) = (before.decide(claim), after.decide(claim))
        var reads = Reads()
        was.trace.map { reads.add($0) }
        now.trace.map { reads.add($0) }
        let (old, new) = (ruleValues(was, in: language), ruleValues(now, in: language))
        let oldValues = Dictionary(old, uniquingKeysWith: { first, _ in first })
        let newValues = Dictionary(new, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        let changes = (new + old).compactMap { rule, _ -> ClaimChange.RuleChange? in
            guard seen.insert(rule).inserted, oldValues[rule] != newValues[rule] else { return nil }
            return ClaimChange.RuleChange(rule: rule, before: oldValues[rule], after: newValues[rule])
        }
        return (changes, reads)
    }

    /// The rules whose values differ between the claim's derivations under the two rule sets.
    static func ruleChanges(of claim: Claim, before: Engine, after: Engine, language: Language = .en) -> [ClaimChange.RuleChange]
    {
        derivations(of: claim, before: before, after: after, language: language).0
    }

    /// Each rule's and table cell's value in a derivation, in the order it was met, as `language`
    /// writes it (the report is read in it). A cell is named by its table, the row's key and
    /// the column: `TABLE row KEY · COLUMN`.
    private static func ruleValues(_ decision: Decision, in language: Language) -> [(String, String)] {
        var values: [(String, String)] = []
        func walk(_ node: TraceNode) {
            if node.kind == .rule || node.kind == .row, let value = node.value {
                let label =
                    node.cell.map {
                        Phrase(
                            "\($0.table) row \($0.key.english) · \($0.column)", "\($0.table) “\($0.key.chinese)”行 · \($0.column)")
                    } ?? node.label
                values.append((label.text(in: language), value.text(in: language)))
            }
            node.children.forEach(walk)
        }
        decision.trace.map(walk)
        return values
    }
}

extension DiffReport {
    /// The rule-level changes between each pair of policies that decided claims, and under each
    /// the changed claims of that pair whose derivations read what changed.
    mutating func join(_ pairs: [(before: String, after: String)], before: PolicyLibrary, after: PolicyLibrary)
        throws(ArithmeticError)
    {
        var counted = [Int](repeating: 0, count: changes.count)
        for pair in pairs {
            guard let old = before.entry(named: pair.before), let new = after.entry(named: pair.after) else { continue }
            let comparison = RuleChanges.compare(new: new.program, old: old.program)
            guard !comparison.changes.isEmpty else { continue }
            var moved: [PolicyChanges.Moved?] = []
            for change in comparison.changes {
                guard Reads().read(change.subject) != nil else {
                    moved.append(nil)
                    continue
                }
                var tally = PolicyChanges.Moved()
                for (index, claim) in changes.enumerated()
                // A claim no policy decided on one side (a program only the new rules have)
                // counts under the pair of the side that decided it.
                where (claim.before.policy ?? pair.before) == pair.before && (claim.after.policy ?? pair.after) == pair.after
                    && claim.reads.read(change.subject) == true
                {
                    tally.lines.append(claim.line)
                    tally.delta = try ExactDecimal.adding(tally.delta, claim.delta)
                    counted[index] += 1
                }
                moved.append(tally)
            }
            ruleChanges.append(PolicyChanges(changes: comparison, moved: moved))
        }
        claimsUnderSeveralChanges = counted.filter { $0 > 1 }.count
        claimsUnderNoChange = counted.filter { $0 == 0 }.count
    }

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
