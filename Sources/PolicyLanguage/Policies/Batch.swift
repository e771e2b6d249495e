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
    /// Called every `progressInterval` claims with the claims done and the input bytes read.
    var progress: ((Int, Int) -> Void)?
    let progressInterval = 1 << 16

    private var output = OutputBuffer()
    private var plans: [Int: EntryPlan] = [:]
    private var selections = SelectionCache()
    private var summary = BatchSummary()
    private var totals: [Int: [ExactDecimal]] = [:]

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
        var input = InputBuffer()
        output.flush = write
        if outputFormat == .csv { output.append("line,id,policy,program,status,amount,reasons\n") }
        switch inputFormat {
        case .csv: runCSV(&input, &source)
        case .jsonl: runJSONLines(&input, &source)
        }
        output.flushAll()
        output.flush = nil
        finishSummary()
        return summary
    }

    // MARK: CSV

    private func runCSV(_ input: inout InputBuffer, _ source: inout some ByteSource) {
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

    private func drainAsInvalid(_ input: inout InputBuffer, _ source: inout some ByteSource, reason: String) {
        var fields: [Field] = []
        var scratch: [UInt8] = []
        while let record = input.nextCSVRecord(&source, fields: &fields, scratch: &scratch) {
            summary.read += 1
            writeInvalid(line: record.line, id: nil, reason: reason)
        }
    }

    private func decideCSV(_ line: Int, _ fields: [Field], _ scratch: [UInt8], _ header: CSVHeader, _ input: inout InputBuffer) {
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
        let dateField = fields[header.date]
        guard let date = input.withBytes(dateField, scratch: scratch, Self.parseDate) else {
            let text = input.string(dateField, scratch: scratch)
            writeInvalid(line: line, idField: id, input: input, scratch: scratch, reason: Claim.dateProblem(text))
            return
        }
        let selection = input.withBytes(fields[header.jurisdiction], scratch: scratch) { place in
            input.withBytes(fields[header.program], scratch: scratch) { program in
                selections.candidates(jurisdiction: place, program: program, library: library)
            }
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
        for (column, decoder) in plan.columns.enumerated() {
            guard let decoder else { continue }
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

    private func runJSONLines(_ input: inout InputBuffer, _ source: inout some ByteSource) {
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
    private func decide(line: Int, id: Field, input: InputBuffer, scratch: [UInt8], plan: EntryPlan, slot: Int) {
        let compiled = plan.compiled
        var outcome: Outcome
        var notes: [String] = []
        do throws(Stop) {
            var value = try compiled.run(rule: slot, in: plan.frame)
            if !compiled.limitsByRule[slot].isEmpty {
                let grant = try compiled.applyLimits(to: value, rule: slot, in: plan.frame, ledger: ledger)
                value = grant.amount
                notes = grant.notes
                do throws(ArithmeticError) {
                    try ledger.record(grant, id: input.string(id, scratch: scratch))
                } catch {
                    throw Stop.arithmetic(error, compiled.program.rules[slot].span)
                }
            }
            outcome = .granted(value, plan.program.rules[slot].type)
        } catch {
            outcome = compiled.describe(error)
        }
        writeResult(line: line, id: id, input: input, scratch: scratch, plan: plan, slot: slot, outcome: outcome, notes: notes)
    }

    private func plan(for entryIndex: Int, header: CSVHeader?) -> EntryPlan {
        if let plan = plans[entryIndex] { return plan }
        let entry = library.entries[entryIndex]
        let plan = EntryPlan(index: entryIndex, entry: entry, compiled: library.compiled(entry, traced: false), header: header)
        plans[entryIndex] = plan
        totals[entryIndex] = [ExactDecimal](repeating: .zero, count: entry.program.rules.count)
        return plan
    }

    // MARK: Results

    private func writeResult(
        line: Int, id: Field, input: InputBuffer, scratch: [UInt8], plan: EntryPlan, slot: Int, outcome: Outcome, notes: [String]
    ) {
        let rule = plan.program.rules[slot]
        let status: String
        var amount: ExactDecimal?
        var reasons: [String] = notes
        switch outcome {
        case .granted(let value, let type):
            summary.granted += 1
            status = rule.kind == .obligation ? "compliant" : "granted"
            if rule.kind != .obligation {
                amount = type == .percent ? (try? ExactDecimal.multiplying(value, ExactDecimal(100))) ?? value : value
                if type.unit?.involvesMoney == true, let sum = try? ExactDecimal.adding(totals[plan.index]![slot], value) {
                    totals[plan.index]![slot] = sum
                }
            }
        case .refused(let refusals):
            summary.refused += 1
            status = rule.kind == .obligation ? "not compliant" : "refused"
            reasons += refusals.map { refusal in refusal.reason + (refusal.citation.map { " [\($0)]" } ?? "") }
        case .invalid(let problems):
            summary.invalid += 1
            status = "invalid"
            reasons += problems
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
            if !reasons.isEmpty { output.appendCSVField(reasons.joined(separator: "; ")) }
            output.append("\n")
        case .jsonl:
            output.append("{\"line\":")
            output.append(line)
            output.append(",\"id\":")
            output.appendJSONString(input.string(id, scratch: scratch))
            output.append(",\"policy\":")
            output.appendJSONString(plan.program.policy.name)
            output.append(",\"program\":")
            output.appendJSONString(rule.name)
            output.append(",\"status\":\"")
            output.append(status)
            output.append("\"")
            if let amount {
                output.append(",\"amount\":\"")
                output.append(amount)
                output.append("\",\"unit\":")
                output.appendJSONString(rule.type.description)
            }
            output.append(",\"reasons\":[")
            for (index, reason) in reasons.enumerated() {
                if index > 0 { output.append(",") }
                output.appendJSONString(reason)
            }
            output.append("]}\n")
        }
    }

    private func writeInvalid(line: Int, idField: Field?, input: InputBuffer, scratch: [UInt8], reason: String) {
        writeInvalid(line: line, id: idField.map { input.string($0, scratch: scratch) }, reason: reason)
    }

    private func writeInvalid(line: Int, id: String?, reason: String) {
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

    private func finishSummary() {
        for index in totals.keys.sorted() {
            let program = library.entries[index].program
            var policyTotal = ExactDecimal.zero
            for (slot, amount) in totals[index]!.enumerated() where !amount.isZero {
                summary.totalsByProgram.append((program.policy.name, program.rules[slot].name, amount))
                policyTotal = (try? ExactDecimal.adding(policyTotal, amount)) ?? policyTotal
            }
            summary.totalsByPolicy.append((program.policy.name, policyTotal))
        }
    }

    /// `YYYY-MM-DD` from bytes, without a String.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var value = 0
        var parts = [0, 0, 0]
        var part = 0
        for index in 0..<10 {
            if index == 4 || index == 7 {
                parts[part] = value
                part += 1
                value = 0
                continue
            }
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        parts[2] = value
        return CalendarDate(year: parts[0], month: parts[1], day: parts[2])
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
    let columns: [FactColumn?]
    let policyCSV: [UInt8]
    let programCSV: [[UInt8]]

    init(index: Int, entry: PolicyLibrary.Entry, compiled: CompiledProgram, header: CSVHeader?) {
        self.index = index
        self.program = entry.program
        self.compiled = compiled
        self.frame = Frame(program: entry.program)
        self.columns =
            header.map { header in
                header.names.enumerated().map { column, name in
                    guard header.isFact(column), let slot = entry.program.inputSlots[name] else { return nil }
                    return FactColumn(input: entry.program.inputs[slot], slot: slot, program: entry.program)
                }
            } ?? []
        self.policyCSV = OutputBuffer.csvField(Array(entry.info.name.utf8)[...])
        self.programCSV = entry.program.rules.map { OutputBuffer.csvField(Array($0.name.utf8)[...]) }
    }
}

/// Decodes one column's bytes into an input's slot value, checking type, unit and bounds.
struct FactColumn {
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
        switch input.type {
        case .quantity(let unit):
            // The common case: plain ASCII digits, no unit written.
            if let value = try? ExactDecimal(parsing: bytes) {
                let scaled = unit.isPercent ? ExactDecimal(significand: value.significand, exponent: value.exponent - 2) : value
                if scaled >= input.lower ?? .zero, input.upper.map({ scaled <= $0 }) ?? true {
                    return .success(scaled)
                }
            }
        case .enumeration:
            for (ordinal, name) in cases.enumerated() where name.count == bytes.count && name.elementsEqual(bytes) {
                return .success(ExactDecimal(ordinal))
            }
        default:
            break
        }
        // Everything else, and every error, through the engine's own fact decoding.
        let text = String(decoding: bytes, as: UTF8.self)
        return FactDecoder(program: program).value(of: .text(text), for: input, in: frame)
    }
}

// MARK: - Selecting policies by the bytes of a claim

/// The policies that could decide a (jurisdiction, program) pair, most specific and newest first;
/// one of them is in force on a claim's date. Found by hashing the pair's bytes, so a batch
/// computes selection once per distinct pair.
struct SelectionCache {
    struct Selection {
        let jurisdiction: [UInt8]
        let program: [UInt8]
        let candidates: [(entry: Int, slot: Int, period: Period)]

        func pick(on date: CalendarDate) -> (Int, Int)? {
            for candidate in candidates where candidate.period.contains(date) { return (candidate.entry, candidate.slot) }
            return nil
        }
    }

    private var table: [UInt64: [Selection]] = [:]

    mutating func candidates(
        jurisdiction: UnsafeBufferPointer<UInt8>, program: UnsafeBufferPointer<UInt8>, library: PolicyLibrary
    ) -> Selection {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in jurisdiction { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        for byte in program { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        if let bucket = table[hash] {
            for selection in bucket
            where selection.jurisdiction.elementsEqual(jurisdiction) && selection.program.elementsEqual(program) {
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
        let selection = Selection(jurisdiction: Array(jurisdiction), program: Array(program), candidates: candidates)
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
            if let newline = storage[(start + searched)..<end].firstIndex(of: UInt8(ascii: "\n")) {
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
        let stop = line.start + line.count
        var index = line.start
        while true {
            if index < stop, storage[index] == UInt8(ascii: "\"") {
                let fieldStart = scratch.count
                index += 1
                var closed = false
                while index < stop {
                    if storage[index] == UInt8(ascii: "\"") {
                        if index + 1 < stop, storage[index + 1] == UInt8(ascii: "\"") {
                            scratch.append(UInt8(ascii: "\""))
                            index += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    scratch.append(storage[index])
                    index += 1
                }
                guard closed else { return .malformed("a quoted field is not closed on its line") }
                index += 1  // the closing quote
                fields.append(Field(start: fieldStart, count: scratch.count - fieldStart, inScratch: true))
                if index < stop, storage[index] != UInt8(ascii: ",") {
                    return .malformed("text follows a closing quote; a quoted field ends at its quote")
                }
            } else {
                let fieldStart = index
                while index < stop, storage[index] != UInt8(ascii: ",") { index += 1 }
                fields.append(Field(start: fieldStart, count: index - fieldStart, inScratch: false))
            }
            if index >= stop { break }
            index += 1  // the comma
            if index == stop {
                fields.append(Field(start: index, count: 0, inScratch: false))
                break
            }
        }
        let valid = storage.withUnsafeBufferPointer { buffer in
            String(validating: UnsafeBufferPointer(rebasing: buffer[line.start..<stop]), as: UTF8.self) != nil
        }
        return valid ? .ok : .malformed("the line is not UTF-8 text; save the file as UTF-8")
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

struct OutputBuffer {
    private var bytes: [UInt8] = []
    var flush: ((UnsafeRawBufferPointer) -> Void)?
    private static let limit = 1 << 20

    init() {
        bytes.reserveCapacity(Self.limit + 4096)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        flushIfFull()
    }

    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
        flushIfFull()
    }

    mutating func append(_ number: Int) {
        if number < 10 {
            bytes.append(UInt8(48 + number))
            return
        }
        var digits: [UInt8] = []
        var value = number
        while value > 0 {
            digits.append(UInt8(48 + value % 10))
            value /= 10
        }
        bytes.append(contentsOf: digits.reversed())
    }

    mutating func append(_ value: ExactDecimal) {
        if value.exponent == 0, value.significand >= 0 {
            append(Int(value.significand))
            return
        }
        append(value.description)
    }

    mutating func appendCSVField(_ field: some Collection<UInt8>) {
        if field.contains(where: {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }) {
            bytes.append(UInt8(ascii: "\""))
            for byte in field {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: field)
        }
        flushIfFull()
    }

    mutating func appendCSVField(_ text: String) {
        appendCSVField(Array(text.utf8))
    }

    mutating func appendJSONString(_ text: String) {
        var encoded = ""
        JSONWriter.appendString(text, to: &encoded)
        bytes.append(contentsOf: encoded.utf8)
    }

    static func csvField(_ field: ArraySlice<UInt8>) -> [UInt8] {
        var buffer = OutputBuffer()
        buffer.appendCSVField(field)
        return buffer.bytes
    }

    private mutating func flushIfFull() {
        if bytes.count >= Self.limit { flushAll() }
    }

    mutating func flushAll() {
        guard !bytes.isEmpty, let flush else { return }
        bytes.withUnsafeBytes(flush)
        bytes.removeAll(keepingCapacity: true)
    }
}
