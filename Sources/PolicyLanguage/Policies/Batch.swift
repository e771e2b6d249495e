// Claims at scale: a batch of claims (CSV or JSON lines) streamed through the engine, one result
// per claim in input order, with the ledger kept across them. Input is read in chunks and results
// are written in chunks, so memory does not grow with the batch. The CSV path is the fast one: it
// selects policies by hashing the bytes of a claim's jurisdiction and program, decodes facts from
// bytes straight into a frame reused for every claim, and writes results as bytes.

import Foundation

public enum BatchFormat: String, Sendable {
    case csv, jsonl
}

/// Where a batch's bytes come from: a file descriptor, or bytes in memory.
public protocol ByteSource {
    /// Fills `buffer` from the start; returns how many bytes were read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

public struct FileDescriptorSource: ByteSource {
    let descriptor: Int32
    public init(descriptor: Int32) { self.descriptor = descriptor }
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { return 0 }
        }
    }
}

public struct BytesSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        if count > 0 {
            bytes.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
            }
        }
        offset += count
        return count
    }
}

/// What a batch did, for the summary on standard error.
public struct BatchSummary: Sendable {
    public internal(set) var read = 0
    public internal(set) var granted = 0
    public internal(set) var refused = 0
    public internal(set) var invalid = 0
    /// Granted yuan by policy and by policy and program, in first-seen order.
    public internal(set) var totalsByPolicy: [(policy: String, amount: ExactDecimal)] = []
    public internal(set) var totalsByProgram: [(policy: String, program: String, amount: ExactDecimal)] = []
}

public final class BatchRunner {
    let library: PolicyLibrary
    let ledger: Ledger
    let outputFormat: BatchFormat
    /// Called every so many claims with the claims done and the input bytes read.
    let progress: ((Int, Int) -> Void)?

    public init(library: PolicyLibrary, ledger: Ledger, outputFormat: BatchFormat, progress: ((Int, Int) -> Void)? = nil) {
        self.library = library
        self.ledger = ledger
        self.outputFormat = outputFormat
        self.progress = progress
    }

    /// Runs every claim of `source`, writing results through `write` as they are made.
    public func run(
        _ source: inout some ByteSource, inputFormat: BatchFormat, write: @escaping (UnsafeRawBufferPointer) -> Void
    ) -> BatchSummary {
        var session = BatchSession(library: library, ledger: ledger, outputFormat: outputFormat, progress: progress, write: write)
        return session.run(&source, inputFormat: inputFormat)
    }

    /// `YYYY-MM-DD` from bytes, without a String.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) &- 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}

/// One run of a batch. Its state lives in a value held by `run`, so the compiler checks exclusive
/// access statically instead of at every mutation, as it must for a class's properties.
struct BatchSession {
    let library: PolicyLibrary
    let ledger: Ledger
    let outputFormat: BatchFormat
    let progress: ((Int, Int) -> Void)?
    let progressInterval = 1 << 16

    private var output = OutputBuffer()
    private var plans: [EntryPlan?]
    private var selections = SelectionCache()
    private var summary = BatchSummary()
    /// Granted yuan by entry index and rule slot.
    private var totals: [[ExactDecimal]] = []
    private var reasons: [UInt8] = []
    /// Where each reason starts in `reasons`, after its "; ".
    private var reasonStarts: [Int] = []

    init(
        library: PolicyLibrary, ledger: Ledger, outputFormat: BatchFormat, progress: ((Int, Int) -> Void)?,
        write: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        self.library = library
        self.ledger = ledger
        self.outputFormat = outputFormat
        self.progress = progress
        self.plans = Array(repeating: nil, count: library.entries.count)
        self.totals = library.entries.map { [ExactDecimal](repeating: .zero, count: $0.program.rules.count) }
        self.output.flush = write
    }

    mutating func run(_ source: inout some ByteSource, inputFormat: BatchFormat) -> BatchSummary {
        var input = InputBuffer()
        if outputFormat == .csv { output.append("line,id,policy,program,status,amount,reasons\n") }
        switch inputFormat {
        case .csv: runCSV(&input, &source)
        case .jsonl: runJSONLines(&input, &source)
        }
        output.flushAll()
        output.release()
        finishSummary()
        return summary
    }

    // MARK: CSV

    private mutating func runCSV(_ input: inout InputBuffer, _ source: inout some ByteSource) {
        var header: CSVHeader?
        var fields: [Field] = []
        var scratch: [UInt8] = []
        while let record = input.nextCSVRecord(&source, fields: &fields, scratch: &scratch) {
            guard let columns = header else {
                if case .malformed(let why) = record.status {
                    writeInvalid(line: record.line, id: nil, reason: why)
                    continue
                }
                header = CSVHeader(names: fields.map { input.string($0, scratch: scratch) })
                for problem in header!.problems { writeInvalid(line: record.line, id: nil, reason: problem) }
                if !header!.problems.isEmpty { return drainAsInvalid(&input, &source, reason: "the header is not usable") }
                continue
            }
            summary.read += 1
            if summary.read % progressInterval == 0 { progress?(summary.read, input.bytesRead) }
            if case .malformed(let why) = record.status {
                writeInvalid(line: record.line, id: nil, reason: why)
                continue
            }
            decideCSV(record.line, fields, scratch, columns, &input)
        }
    }

    private mutating func drainAsInvalid(_ input: inout InputBuffer, _ source: inout some ByteSource, reason: String) {
        var fields: [Field] = []
        var scratch: [UInt8] = []
        while let record = input.nextCSVRecord(&source, fields: &fields, scratch: &scratch) {
            summary.read += 1
            writeInvalid(line: record.line, id: nil, reason: reason)
        }
    }

    private mutating func decideCSV(
        _ line: Int, _ fields: [Field], _ scratch: [UInt8], _ header: CSVHeader, _ input: inout InputBuffer
    ) {
        let idField = fields.count > header.id ? fields[header.id] : nil
        guard fields.count == header.names.count else {
            writeInvalid(
                line: line, idField: idField, input: input, scratch: scratch,
                reason: "the row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(header.names.count)")
            return
        }
        let id = fields[header.id]
        guard id.count > 0 else {
            writeInvalid(line: line, id: nil, reason: "the row has no id")
            return
        }
        guard input.withBytes(id, scratch: scratch, InputBuffer.isValidUTF8) else {
            writeInvalid(line: line, id: nil, reason: "the id is not UTF-8 text; save the file as UTF-8")
            return
        }
        let dateField = fields[header.date]
        guard let date = input.withBytes(dateField, scratch: scratch, BatchRunner.parseDate) else {
            let text = input.string(dateField, scratch: scratch)
            writeInvalid(line: line, idField: id, input: input, scratch: scratch, reason: Claim.dateProblem(text))
            return
        }
        let selection = input.withBytes(fields[header.jurisdiction], scratch: scratch) { place in
            input.withBytes(fields[header.program], scratch: scratch) { program in
                selections.candidates(jurisdiction: place, program: program, library: library)
            }
        }
        guard selection.isText else {
            writeInvalid(
                line: line, idField: id, input: input, scratch: scratch,
                reason: "the jurisdiction or program is not UTF-8 text; save the file as UTF-8")
            return
        }
        guard let (entryIndex, slot) = selection.pick(on: date) else {
            let problem = library.select(
                program: input.string(fields[header.program], scratch: scratch),
                at: Claim.jurisdictionPath(input.string(fields[header.jurisdiction], scratch: scratch)), on: date)
            if case .failure(let error) = problem {
                writeInvalid(line: line, idField: id, input: input, scratch: scratch, reason: error.message)
            } else {
                writeInvalid(line: line, idField: id, input: input, scratch: scratch, reason: "no policy decides this claim")
            }
            return
        }
        let plan = plan(for: entryIndex, header: header)
        let frame = plan.frame
        frame.reset()
        frame.setClaimDate(date)
        var problems: [String] = []
        for (column, decoder) in plan.factColumns {
            let field = fields[column]
            if field.count == 0 { continue }
            switch input.withBytes(field, scratch: scratch, { decoder.decode($0, frame: frame) }) {
            case .success(let value): frame.setInput(decoder.slot, value)
            case .failure(let problem): problems.append(problem.message)
            }
        }
        if !problems.isEmpty {
            writeResult(
                line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot, outcome: .invalid(problems), notes: []
            )
            return
        }
        decide(line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot)
    }

    // MARK: JSON lines

    private mutating func runJSONLines(_ input: inout InputBuffer, _ source: inout some ByteSource) {
        var scratch: [UInt8] = []
        while let (line, field) = input.nextLine(&source) {
            let bytes = input.bytes(field)
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            summary.read += 1
            if summary.read % progressInterval == 0 { progress?(summary.read, input.bytesRead) }
            let claim: Claim
            switch Claim.decode(json: bytes) {
            case .success(let decoded): claim = decoded
            case .failure(let problems):
                writeInvalid(line: line, id: problems.id, reason: problems.problems.map(\.message).joined(separator: "; "))
                continue
            }
            let (entryIndex, slot): (Int, Int)
            switch library.select(program: claim.program, at: claim.jurisdiction, on: claim.date) {
            case .success(let (entry, selected)):
                entryIndex = library.entries.firstIndex { $0.info.name == entry.info.name }!
                slot = selected
            case .failure(let problem):
                writeInvalid(line: line, id: claim.id, reason: problem.message)
                continue
            }
            let plan = plan(for: entryIndex, header: nil)
            let problems = FactDecoder(program: plan.program).write(claim, into: plan.frame)
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: claim.id.utf8)
            let id = Field(start: 0, count: scratch.count, inScratch: true)
            if !problems.isEmpty {
                writeResult(
                    line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot,
                    outcome: .invalid(problems.map(\.message)), notes: [])
                continue
            }
            decide(line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot)
        }
    }

    // MARK: Deciding

    /// Evaluates the claim whose facts are in the plan's frame, applies limits and records it.
    private mutating func decide(line: Int, id: Field, input: InputBuffer, scratch: [UInt8], plan: EntryPlan, slot: Int) {
        let compiled = plan.compiled
        var outcome: Outcome
        var notes: [String] = []
        do throws(Stop) {
            var value = try compiled.run(rule: slot, in: plan.frame)
            if plan.hasLimits[slot] {
                let grant = try compiled.applyLimits(
                    to: value, rule: slot, in: plan.frame, ledger: ledger, tables: plan.tables(ledger))
                value = grant.amount
                notes = grant.notes
                let committed = input.withBytes(id, scratch: scratch) { bytes in
                    Result { () throws(ArithmeticError) in try ledger.commit(plan.frame, amount: grant.amount, id: bytes) }
                }
                if case .failure(let error) = committed { throw Stop.arithmetic(error, compiled.program.rules[slot].span) }
            }
            outcome = .granted(value, plan.types[slot])
        } catch {
            outcome = compiled.describe(error)
        }
        writeResult(line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot, outcome: outcome, notes: notes)
    }

    private mutating func plan(for entryIndex: Int, header: CSVHeader?) -> EntryPlan {
        if let plan = plans[entryIndex] { return plan }
        let entry = library.entries[entryIndex]
        let plan = EntryPlan(index: entryIndex, entry: entry, compiled: library.compiled(entry, traced: false), header: header)
        plans[entryIndex] = plan
        return plan
    }

    // MARK: Results

    private mutating func writeResult(
        line: Int, id: Field, input: InputBuffer, scratch: [UInt8], plan: EntryPlan, slot: Int, outcome: Outcome, notes: [String]
    ) {
        let kind = plan.kinds[slot]
        let status: [UInt8]
        var amount: ExactDecimal?
        // The reasons, joined by "; ", as bytes: a limit's refusal is written without a String.
        reasons.removeAll(keepingCapacity: true)
        reasonStarts.removeAll(keepingCapacity: true)
        for note in notes { appendReason(Array(note.utf8)) }
        switch outcome {
        case .granted(let value, _):
            summary.granted += 1
            status = kind == .obligation ? Status.compliant : Status.granted
            if kind != .obligation {
                amount = plan.isPercent[slot] ? (try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value : value
                if plan.isMoney[slot], let sum = try? ExactDecimal.adding(totals[plan.index][slot], value) {
                    totals[plan.index][slot] = sum
                }
            }
        case .refused(let refusals):
            summary.refused += 1
            status = kind == .obligation ? Status.notCompliant : Status.refused
            for refusal in refusals {
                if !reasons.isEmpty {
                    reasons.append(UInt8(ascii: ";"))
                    reasons.append(UInt8(ascii: " "))
                }
                reasonStarts.append(reasons.count)
                if let limit = refusal.limit { limit.write(to: &reasons) } else { reasons.append(contentsOf: refusal.textBytes) }
                reasons.append(contentsOf: refusal.citationBytes)
            }
        case .invalid(let problems):
            summary.invalid += 1
            status = Status.invalid
            for problem in problems { appendReason(Array(problem.utf8)) }
        }
        switch outputFormat {
        case .csv:
            output.append(line)
            output.append(",")
            input.withBytes(id, scratch: scratch) { output.appendCSVField($0) }
            output.append(",")
            output.append(plan.policyCSV)
            output.append(",")
            output.append(plan.programCSV[slot])
            output.append(",")
            output.append(status)
            output.append(",")
            if let amount { output.append(amount) }
            output.append(",")
            if !reasons.isEmpty { output.appendCSVField(reasons) }
            output.append("\n")
        case .jsonl:
            output.append("{\"line\":")
            output.append(line)
            output.append(",\"id\":")
            input.withBytes(id, scratch: scratch) { output.appendJSONString($0) }
            output.append(",\"policy\":")
            output.appendJSONString(plan.program.policy.name)
            output.append(",\"program\":")
            output.appendJSONString(plan.program.rules[slot].name)
            output.append(",\"status\":\"")
            output.append(status)
            output.append("\"")
            if let amount {
                output.append(",\"amount\":\"")
                output.append(amount)
                output.append("\",\"unit\":")
                output.appendJSONString(plan.types[slot].description)
            }
            output.append(",\"reasons\":[")
            for (index, start) in reasonStarts.enumerated() {
                if index > 0 { output.append(",") }
                let end = index + 1 < reasonStarts.count ? reasonStarts[index + 1] - 2 : reasons.count
                output.appendJSONString(reasons[start..<end])
            }
            output.append("]}\n")
        }
    }

    private enum Status {
        static let granted = Array("granted".utf8)
        static let refused = Array("refused".utf8)
        static let invalid = Array("invalid".utf8)
        static let compliant = Array("compliant".utf8)
        static let notCompliant = Array("not compliant".utf8)
    }

    private mutating func appendReason(_ reason: [UInt8]) {
        if !reasons.isEmpty { reasons.append(contentsOf: "; ".utf8) }
        reasonStarts.append(reasons.count)
        reasons.append(contentsOf: reason)
    }

    private mutating func writeInvalid(line: Int, idField: Field?, input: InputBuffer, scratch: [UInt8], reason: String) {
        writeInvalid(line: line, id: idField.map { input.string($0, scratch: scratch) }, reason: reason)
    }

    private mutating func writeInvalid(line: Int, id: String?, reason: String) {
        summary.invalid += 1
        let text = "line \(line): \(reason)"
        switch outputFormat {
        case .csv:
            output.append(line)
            output.append(",")
            if let id { output.appendCSVField(Array(id.utf8)[...]) }
            output.append(",,,invalid,,")
            output.appendCSVField(Array(text.utf8)[...])
            output.append("\n")
        case .jsonl:
            output.append("{\"line\":")
            output.append(line)
            output.append(",\"id\":")
            if let id { output.appendJSONString(id) } else { output.append("null") }
            output.append(",\"policy\":null,\"program\":null,\"status\":\"invalid\",\"reasons\":[")
            output.appendJSONString(text)
            output.append("]}\n")
        }
    }

    private mutating func finishSummary() {
        for index in totals.indices where plans[index] != nil {
            let program = library.entries[index].program
            var policyTotal = ExactDecimal.zero
            for (slot, amount) in totals[index].enumerated() where !amount.isZero {
                summary.totalsByProgram.append((program.policy.name, program.rules[slot].name, amount))
                policyTotal = (try? ExactDecimal.adding(policyTotal, amount)) ?? policyTotal
            }
            summary.totalsByPolicy.append((program.policy.name, policyTotal))
        }
    }
}

// MARK: - The CSV header

/// Which column holds what. The claim's own fields may be named in English or Chinese; every other
/// column is a fact, named as the policies name their inputs.
struct CSVHeader {
    let names: [String]
    var id = -1
    var date = -1
    var jurisdiction = -1
    var program = -1
    var problems: [String] = []

    static let roles: [(role: String, names: [String])] = [
        ("id", ["id", "编号"]), ("date", ["date", "日期"]), ("jurisdiction", ["jurisdiction", "地区"]), ("program", ["program", "项目"]),
    ]

    init(names: [String]) {
        self.names = names.map(\.trimmed)
        var seen: Set<String> = []
        for (index, name) in self.names.enumerated() {
            if !seen.insert(name).inserted { problems.append("the header names the column \(name) twice") }
            switch Self.roles.first(where: { $0.names.contains(name) })?.role {
            case "id": id = index
            case "date": date = index
            case "jurisdiction": jurisdiction = index
            case "program": program = index
            default: break
            }
        }
        for (role, column) in [("id", id), ("date", date), ("jurisdiction", jurisdiction), ("program", program)] where column < 0
        {
            problems.append(
                "the header has no \(role) column (\(Self.roles.first { $0.role == role }!.names.joined(separator: " or ")))")
        }
    }

    func isFact(_ column: Int) -> Bool { column != id && column != date && column != jurisdiction && column != program }
}

// MARK: - One policy's plan for a batch

/// What a batch keeps per policy: the compiled program, a frame reused for every claim, and a
/// decoder for each CSV column that is one of the policy's inputs.
final class EntryPlan {
    let index: Int
    let program: Program
    let compiled: CompiledProgram
    let frame: Frame
    /// The CSV columns that are the policy's inputs, with their decoders.
    let factColumns: [(column: Int, decoder: FactColumn)]
    let policyCSV: [UInt8]
    let programCSV: [[UInt8]]
    /// What the hot path needs of each rule slot, so that it never copies a `Rule`.
    let kinds: [RuleKind]
    let types: [ValueType]
    let isMoney: [Bool]
    let isPercent: [Bool]
    let hasLimits: [Bool]
    private var ledgerTables: (ledger: ObjectIdentifier, tables: [Ledger.Table])?

    /// The ledger's tables for this policy's limits, found once per ledger.
    func tables(_ ledger: Ledger) -> [Ledger.Table] {
        if let known = ledgerTables, known.ledger == ObjectIdentifier(ledger) { return known.tables }
        let tables = ledger.tables(for: compiled)
        ledgerTables = (ObjectIdentifier(ledger), tables)
        return tables
    }

    init(index: Int, entry: PolicyLibrary.Entry, compiled: CompiledProgram, header: CSVHeader?) {
        self.index = index
        self.program = entry.program
        self.compiled = compiled
        self.frame = Frame(program: entry.program)
        self.factColumns =
            header.map { header in
                header.names.enumerated().compactMap { column, name in
                    guard header.isFact(column), let slot = entry.program.inputSlots[name] else { return nil }
                    return (column, FactColumn(input: entry.program.inputs[slot], slot: slot, program: entry.program))
                }
            } ?? []
        self.policyCSV = OutputBuffer.csvField(Array(entry.info.name.utf8)[...])
        self.programCSV = entry.program.rules.map { OutputBuffer.csvField(Array($0.name.utf8)[...]) }
        self.kinds = entry.program.rules.map(\.kind)
        self.types = entry.program.rules.map(\.type)
        self.isMoney = entry.program.rules.map { $0.type.unit?.involvesMoney == true }
        self.isPercent = entry.program.rules.map { $0.type == .percent }
        self.hasLimits = compiled.limitsByRule.map { !$0.isEmpty }
    }
}

/// Decodes one column's bytes into an input's slot value, checking type, unit and bounds. A
/// class, so that reaching it per claim costs one reference, not a copy of everything it holds.
final class FactColumn {
    let input: Input
    let slot: Int
    let program: Program
    /// For an enum: each case's UTF-8 bytes, by ordinal.
    let cases: [[UInt8]]

    init(input: Input, slot: Int, program: Program) {
        self.input = input
        self.slot = slot
        self.program = program
        if case .enumeration(let type) = input.type { cases = type.cases.map { Array($0.utf8) } } else { cases = [] }
    }

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, frame: Frame) -> Result<ExactDecimal, ClaimProblem> {
        // The common cases straight from bytes; everything else, and every error, through the
        // engine's own fact decoding.
        switch input.type {
        case .quantity(let unit):
            var digits = bytes
            if unit.isPercent, let last = bytes.last, last == UInt8(ascii: "%") {
                digits = UnsafeBufferPointer(rebasing: bytes.dropLast())
            }
            if let value = try? ExactDecimal(parsing: digits) {
                let scaled = unit.isPercent ? ExactDecimal(significand: value.significand, exponent: value.exponent - 2) : value
                if scaled >= input.lower ?? .zero, input.upper.map({ scaled <= $0 }) ?? true { return .success(scaled) }
            }
        case .enumeration:
            for (ordinal, name) in cases.enumerated() where name.count == bytes.count {
                if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                    return .success(ExactDecimal(ordinal))
                }
            }
        case .bool:
            if bytes.count == 4, bytes[0] == UInt8(ascii: "t"), bytes[1] == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "u"),
                bytes[3] == UInt8(ascii: "e")
            {
                return .success(.one)
            }
            if bytes.count == 5, bytes[0] == UInt8(ascii: "f"), bytes[1] == UInt8(ascii: "a"), bytes[2] == UInt8(ascii: "l"),
                bytes[3] == UInt8(ascii: "s"), bytes[4] == UInt8(ascii: "e")
            {
                return .success(.zero)
            }
        case .text:
            if InputBuffer.isValidUTF8(bytes) { return .success(ExactDecimal(frame.textNumber(bytes))) }
        case .date:
            if let date = BatchRunner.parseDate(bytes) { return .success(ExactDecimal(date.dayNumber)) }
        case .error:
            break
        }
        guard InputBuffer.isValidUTF8(bytes) else {
            return .failure(ClaimProblem("the fact \(input.name) is not UTF-8 text; save the file as UTF-8"))
        }
        return FactDecoder(program: program).value(of: .text(String(decoding: bytes, as: UTF8.self)), for: input, in: frame)
    }
}

// MARK: - Selecting policies by the bytes of a claim

/// The policies that could decide a (jurisdiction, program) pair, most specific and newest first;
/// one of them is in force on a claim's date. Found by hashing the pair's bytes, so a batch
/// computes selection once per distinct pair.
struct SelectionCache {
    /// A class, so that keeping and returning one costs a reference, not copies of its arrays.
    final class Selection {
        init(jurisdiction: [UInt8], program: [UInt8], candidates: [(entry: Int, slot: Int, period: Period)], isText: Bool) {
            self.jurisdiction = jurisdiction
            self.program = program
            self.candidates = candidates
            self.isText = isText
        }

        /// Whether the bytes are UTF-8; a pair that is not selects nothing.
        let isText: Bool

        let jurisdiction: [UInt8]
        let program: [UInt8]
        let candidates: [(entry: Int, slot: Int, period: Period)]

        func pick(on date: CalendarDate) -> (Int, Int)? {
            for candidate in candidates where candidate.period.contains(date) { return (candidate.entry, candidate.slot) }
            return nil
        }
    }

    private var table: [UInt64: [Selection]] = [:]
    /// The last selection made: batches often run many claims of one place and program in a row.
    private var last: Selection?

    mutating func candidates(
        jurisdiction: UnsafeBufferPointer<UInt8>, program: UnsafeBufferPointer<UInt8>, library: PolicyLibrary
    ) -> Selection {
        if let last, Self.equal(last.jurisdiction, jurisdiction), Self.equal(last.program, program) { return last }
        let selection = lookUp(jurisdiction: jurisdiction, program: program, library: library)
        last = selection
        return selection
    }

    private static func equal(_ stored: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        stored.count == bytes.count
            && (bytes.isEmpty || stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
    }

    private mutating func lookUp(
        jurisdiction: UnsafeBufferPointer<UInt8>, program: UnsafeBufferPointer<UInt8>, library: PolicyLibrary
    ) -> Selection {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in jurisdiction { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        for byte in program { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let bucket = table[hash] {
            for selection in bucket
            where Self.equal(selection.jurisdiction, jurisdiction) && Self.equal(selection.program, program) {
                return selection
            }
        }
        let place = library.resolve(Claim.jurisdictionPath(String(decoding: jurisdiction, as: UTF8.self)))
        let name = String(decoding: program, as: UTF8.self)
        let candidates = library.entries.enumerated()
            .compactMap { index, entry -> (Int, Int, Period, Int)? in
                guard place.starts(with: entry.info.jurisdiction), let slot = entry.program.programs[name] else { return nil }
                return (index, slot, entry.info.period, entry.info.jurisdiction.count)
            }
            .sorted { a, b in a.3 != b.3 ? a.3 > b.3 : a.2.start > b.2.start }
            .map { (entry: $0.0, slot: $0.1, period: $0.2) }
        let isText = InputBuffer.isValidUTF8(jurisdiction) && InputBuffer.isValidUTF8(program)
        let selection = Selection(
            jurisdiction: Array(jurisdiction), program: Array(program), candidates: isText ? candidates : [], isText: isText)
        table[hash, default: []].append(selection)
        return selection
    }
}

// MARK: - Reading input in chunks

/// A field of the current record: a range of the input buffer, or of the scratch space where a
/// quoted field with doubled quotes was unescaped.
struct Field {
    let start: Int
    let count: Int
    let inScratch: Bool
}

struct CSVRecordInfo {
    enum Status { case ok, malformed(String) }
    let line: Int
    let status: Status
}

/// The input, read a chunk at a time into a buffer that holds at least one whole record.
struct InputBuffer {
    private var storage: [UInt8] = []
    private var start = 0
    private var end = 0
    private var atEnd = false
    private var line = 1
    /// Bytes read from the source so far.
    private(set) var bytesRead = 0
    private static let chunk = 1 << 20

    init() {
        storage = [UInt8](repeating: 0, count: Self.chunk)
    }

    /// Reads more input after what is buffered; false at the end of the input.
    private mutating func fill(_ source: inout some ByteSource) -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            storage.withUnsafeMutableBytes { buffer in
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if storage.count - end < Self.chunk / 2 { storage.append(contentsOf: repeatElement(0, count: storage.count)) }
        let count = storage.withUnsafeMutableBytes { buffer in
            source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        }
        if count == 0 {
            atEnd = true
            return false
        }
        if line == 1, end == 0, count >= 3, storage[0] == 0xEF, storage[1] == 0xBB, storage[2] == 0xBF { start = 3 }
        end += count
        bytesRead += count
        return true
    }

    /// The next line, without its line end; nil at the end.
    mutating func nextLine(_ source: inout some ByteSource) -> (line: Int, field: Field)? {
        var searched = 0  // bytes after `start` known to hold no line break
        while true {
            let found = storage.withUnsafeBufferPointer { buffer -> Int? in
                guard let base = buffer.baseAddress, end > start + searched,
                    let hit = memchr(base + start + searched, Int32(UInt8(ascii: "\n")), end - start - searched)
                else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let newline = found {
                var stop = newline
                if stop > start, storage[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                defer {
                    line += 1
                    start = newline + 1
                }
                return (line, Field(start: start, count: stop - start, inScratch: false))
            }
            searched = end - start
            if !fill(&source) {
                guard start < end else { return nil }
                defer {
                    line += 1
                    start = end
                }
                return (line, Field(start: start, count: end - start, inScratch: false))
            }
        }
    }

    /// The next CSV record's fields; nil at the end. Blank lines are skipped. A record is one line:
    /// quotes protect commas and quotes, and a quote left open ends with its line, so one broken
    /// line is one error record and never swallows the lines after it.
    mutating func nextCSVRecord(_ source: inout some ByteSource, fields: inout [Field], scratch: inout [UInt8]) -> CSVRecordInfo?
    {
        while let (number, line) = nextLine(&source) {
            if line.count == 0 { continue }
            fields.removeAll(keepingCapacity: true)
            scratch.removeAll(keepingCapacity: true)
            return CSVRecordInfo(line: number, status: split(line, into: &fields, scratch: &scratch))
        }
        return nil
    }

    private func split(_ line: Field, into fields: inout [Field], scratch: inout [UInt8]) -> CSVRecordInfo.Status {
        storage.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            let stop = line.start + line.count
            var index = line.start
            while true {
                if index < stop, base[index] == UInt8(ascii: "\"") {
                    // Quoted: "" stands for a quote; the field is unescaped into the scratch space.
                    let fieldStart = scratch.count
                    index += 1
                    var closed = false
                    while index < stop {
                        if base[index] == UInt8(ascii: "\"") {
                            if index + 1 < stop, base[index + 1] == UInt8(ascii: "\"") {
                                scratch.append(UInt8(ascii: "\""))
                                index += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        scratch.append(base[index])
                        index += 1
                    }
                    guard closed else { return .malformed("a quoted field is not closed on its line") }
                    index += 1  // the closing quote
                    fields.append(Field(start: fieldStart, count: scratch.count - fieldStart, inScratch: true))
                    if index < stop, base[index] != UInt8(ascii: ",") {
                        return .malformed("text follows a closing quote; a quoted field ends at its quote")
                    }
                } else {
                    let fieldStart = index
                    index = Self.nextComma(base, from: index, to: stop)
                    fields.append(Field(start: fieldStart, count: index - fieldStart, inScratch: false))
                }
                if index >= stop { break }
                index += 1  // the comma
                if index == stop {
                    fields.append(Field(start: index, count: 0, inScratch: false))
                    break
                }
            }
            return .ok
        }
    }

    /// The index of the next comma at or after `index`, or `stop`: eight bytes at a time, with the
    /// "has a zero byte" trick on the bytes exclusive-or'd with commas.
    @inline(__always)
    static func nextComma(_ base: UnsafePointer<UInt8>, from start: Int, to stop: Int) -> Int {
        var index = start
        let commas: UInt64 = 0x2C2C_2C2C_2C2C_2C2C
        while index + 8 <= stop {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ commas
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < stop, base[index] != UInt8(ascii: ",") { index += 1 }
        return index
    }

    /// Whether bytes are UTF-8: eight ASCII bytes at a time, then each longer sequence by its
    /// lead byte, rejecting overlong forms, surrogates and anything past U+10FFFF. A batch checks
    /// each field it uses as text; fields it matches byte for byte against the policies' own
    /// names, or reads as numbers, are UTF-8 when they match.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return isValidUTF8(base, count: bytes.count)
    }

    static func isValidUTF8(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        while index < count {
            if index + 8 <= count,
                UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // Chinese text is three-byte sequences: checked without the general loop.
            if lead >= 0xE1, lead <= 0xEC || lead >= 0xEE, lead <= 0xEF, index + 3 <= count,
                bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80
            {
                index += 3
                continue
            }
            let length: Int
            let minimum: UInt32
            var value: UInt32
            switch lead {
            case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
            case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
            case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
            default: return false
            }
            guard index + length <= count else { return false }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return false }
                value = value << 6 | UInt32(byte & 0x3F)
            }
            guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return false }
            index += length
        }
        return true
    }

    func withBytes<T>(_ field: Field, scratch: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if field.inScratch {
            return scratch.withUnsafeBufferPointer {
                body(UnsafeBufferPointer(rebasing: $0[field.start..<field.start + field.count]))
            }
        }
        return storage.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[field.start..<field.start + field.count]))
        }
    }

    func string(_ field: Field, scratch: [UInt8]) -> String {
        withBytes(field, scratch: scratch) { String(decoding: $0, as: UTF8.self) }.trimmed
    }

    func bytes(_ field: Field) -> [UInt8] {
        Array(storage[field.start..<field.start + field.count])
    }
}

// MARK: - Writing results in chunks

/// Results collected in a buffer of raw memory and handed to `flush` a megabyte at a time.
struct OutputBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    var flush: ((UnsafeRawBufferPointer) -> Void)?
    private static let limit = 1 << 20

    init() {
        capacity = Self.limit * 2
        storage = .allocate(capacity: capacity)
    }

    /// Frees the buffer; the session calls it when the run is over.
    func release() {
        storage.deallocate()
    }

    @inline(__always)
    private mutating func reserve(_ more: Int) {
        if count + more > capacity { makeRoom(more) }
    }

    /// Flushes, and grows the buffer for a result larger than it (a claim with a huge field).
    private mutating func makeRoom(_ more: Int) {
        flushAll()
        guard more > capacity else { return }
        storage.deallocate()
        capacity = more
        storage = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let base = raw.baseAddress else { return }
        reserve(raw.count)
        (storage + count).update(from: base, count: raw.count)
        count += raw.count
        flushIfFull()
    }

    mutating func append(_ raw: [UInt8]) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ raw: ArraySlice<UInt8>) {
        raw.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    mutating func append(_ number: Int) {
        reserve(24)
        count += ExactDecimal.writeDigits(UInt64(number), to: storage + count)
    }

    mutating func append(_ value: ExactDecimal) {
        if value.exponent == 0, value.significand >= 0 {
            append(Int(value.significand))
        } else {
            append(Array(value.description.utf8))
        }
    }

    mutating func appendCSVField(_ field: UnsafeBufferPointer<UInt8>) {
        var needsQuotes = false
        for byte in field where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        if needsQuotes {
            append(UInt8(ascii: "\""))
            for byte in field {
                if byte == UInt8(ascii: "\"") { append(byte) }
                append(byte)
            }
            append(UInt8(ascii: "\""))
        } else {
            append(field)
        }
        flushIfFull()
    }

    mutating func appendCSVField(_ field: [UInt8]) {
        field.withUnsafeBufferPointer { appendCSVField($0) }
    }

    mutating func appendCSVField(_ field: ArraySlice<UInt8>) {
        field.withUnsafeBufferPointer { appendCSVField($0) }
    }

    mutating func appendCSVField(_ text: String) {
        appendCSVField(Array(text.utf8))
    }

    mutating func appendJSONString(_ text: String) {
        appendJSONString(Array(text.utf8))
    }

    /// A JSON string from UTF-8 bytes: quotes, backslashes and control characters escaped.
    mutating func appendJSONString(_ text: some Collection<UInt8>) {
        append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00")
                append(hex[Int(byte >> 4)])
                append(hex[Int(byte & 0xF)])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
        flushIfFull()
    }

    static func csvField(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var buffer = OutputBuffer()
        defer { buffer.release() }
        var bytes: [UInt8] = []
        buffer.flush = { bytes.append(contentsOf: $0) }
        buffer.appendCSVField(field)
        buffer.flushAll()
        return bytes
    }

    @inline(__always)
    private mutating func flushIfFull() {
        if count >= Self.limit { flushAll() }
    }

    mutating func flushAll() {
        guard count > 0, let flush else { return }
        flush(UnsafeRawBufferPointer(start: storage, count: count))
        count = 0
    }
}
