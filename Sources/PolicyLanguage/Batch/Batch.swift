// Claims at scale: a batch of claims (CSV or JSON lines) streamed through the engine, one result
// per claim in input order, with the ledger kept across them. Input is read in chunks and results
// are written in chunks, so memory does not grow with the batch. The CSV path is the fast one: it
// selects policies by hashing the bytes of a claim's jurisdiction and program, decodes facts from
// bytes straight into a frame reused for every claim, and writes results as bytes.

import Foundation

package enum BatchFormat: String, Sendable {
    case csv, jsonl
}

/// What a batch did, for the summary on standard error.
package struct BatchSummary: Sendable {
    package internal(set) var read = 0
    package internal(set) var granted = 0
    package internal(set) var refused = 0
    package internal(set) var invalid = 0
    /// Whether the results could not all be written, so the batch stopped part way.
    package internal(set) var outputFailed = false
    /// Why the claims could not all be read (an errno), so the batch ended part way: its results
    /// are not the whole batch's, and what its limits recorded must not be saved.
    package internal(set) var inputFailure: Int32?
    /// Granted yuan by policy and by policy and program, in first-seen order.
    package internal(set) var totalsByPolicy: [(policy: String, amount: ExactDecimal)] = []
    package internal(set) var totalsByProgram: [(policy: String, program: String, amount: ExactDecimal)] = []
    /// Granted yuan by policy (its entry in the library) and rule slot, which the totals above
    /// are made from: what parts of a batch decided apart add up.
    var planTotals: [(entry: Int, totals: [ExactDecimal])] = []

    /// The totals by policy and by program, from `planTotals`, in the library's order.
    mutating func addTotals(of library: PolicyLibrary) {
        totalsByPolicy = []
        totalsByProgram = []
        for (entry, totals) in planTotals.sorted(by: { $0.entry < $1.entry }) {
            let program = library.entries[entry].program
            var policyTotal = ExactDecimal.zero
            for (slot, amount) in totals.enumerated() where !amount.isZero {
                totalsByProgram.append((program.policy.name, program.rules[slot].name, amount))
                policyTotal = (try? ExactDecimal.adding(policyTotal, amount)) ?? policyTotal
            }
            totalsByPolicy.append((program.policy.name, policyTotal))
        }
    }

    /// What two parts of one batch decided, together: the counts added, each policy's totals
    /// added slot by slot.
    mutating func add(_ part: BatchSummary) {
        read += part.read
        granted += part.granted
        refused += part.refused
        invalid += part.invalid
        outputFailed = outputFailed || part.outputFailed
        for (entry, totals) in part.planTotals {
            guard let index = planTotals.firstIndex(where: { $0.entry == entry }) else {
                planTotals.append((entry, totals))
                continue
            }
            for (slot, amount) in totals.enumerated() {
                let sum = planTotals[index].totals[slot]
                planTotals[index].totals[slot] = (try? ExactDecimal.adding(sum, amount)) ?? sum
            }
        }
    }
}

package final class BatchRunner {
    let library: PolicyLibrary
    /// What the limits have used so far. A runner may run several batches, each against the
    /// ledger set here when it starts.
    package var ledger: Ledger
    let outputFormat: BatchFormat
    /// The language of the reasons written: every reason is a phrase in both until it is written.
    let language: Language
    /// How long a record may be.
    let limits: InputLimits
    /// Called every so many claims with the claims done and the input bytes read.
    let progress: ((Int, Int) -> Void)?
    /// How many threads decide a batch that may be decided in parallel (`workerCount`): nil for
    /// one per core.
    let workers: Int?
    /// About how many bytes of input each part of a parallel batch holds.
    let partBytes: Int
    /// Whether JSON claims of the usual shape are read from their bytes (`JSONClaimScanner`);
    /// tests turn it off to compare with the full reading.
    var scansJSON = true
    /// The scanner for JSON claims of the usual shape, made when a batch of JSON lines first
    /// needs it and kept; nil when the library's input names rule one out.
    private lazy var jsonScanner = JSONClaimScanner(library: library)
    /// What the sessions of the batch being run read JSON claims with: set by `run`, on the
    /// caller's thread, before any session starts.
    private var scanner: JSONClaimScanner?
    /// The plans the last batch decided by one session made, kept for the next: a runner that
    /// runs many small batches (the fuzzer's) builds each policy's plan once per header.
    private var keptPlans: KeptPlans?

    package init(
        library: PolicyLibrary, ledger: Ledger, outputFormat: BatchFormat, language: Language = .en,
        limits: InputLimits = InputLimits(), workers: Int? = nil, partBytes: Int = 1 << 18,
        progress: ((Int, Int) -> Void)? = nil
    ) {
        self.library = library
        self.ledger = ledger
        self.outputFormat = outputFormat
        self.language = language
        self.limits = limits
        self.workers = workers
        self.partBytes = max(partBytes, 1)
        self.progress = progress
    }

    /// Runs every claim of `source`, writing results through `write` as they are made.
    package func run(
        _ source: inout some ByteSource, inputFormat: BatchFormat, write: @escaping (UnsafeRawBufferPointer) -> Void
    ) -> BatchSummary {
        run(&source, inputFormat: inputFormat) { (bytes: UnsafeRawBufferPointer) -> Bool in
            write(bytes)
            return true
        }
    }

    /// Runs the claims of `source`, handing results to `emit` as they are made. When `emit`
    /// returns false (it could not write them) the batch stops there, `outputFailed` set: what
    /// its limits recorded in the ledger then belongs to results nobody has, and the caller must
    /// not save it.
    package func run(
        _ source: inout some ByteSource, inputFormat: BatchFormat, emit: @escaping (UnsafeRawBufferPointer) -> Bool
    ) -> BatchSummary {
        var summary: BatchSummary
        scanner = inputFormat == .jsonl && scansJSON ? jsonScanner : nil
        if workerCount > 1 {
            summary = runInParallel(&source, inputFormat: inputFormat, workers: workerCount, emit: emit)
        } else {
            var session = self.session(progress: progress, write: emit)
            session.kept = keptPlans
            summary = session.run(&source, inputFormat: inputFormat)
            keptPlans = session.kept
        }
        summary.inputFailure = source.readFailure
        return summary
    }

    /// A session of this runner's: what one thread needs to decide claims.
    func session(progress: ((Int, Int) -> Void)?, write: @escaping (UnsafeRawBufferPointer) -> Bool) -> BatchSession {
        BatchSession(
            library: library, ledger: ledger, outputFormat: outputFormat, language: language, limits: limits,
            scanner: scanner, progress: progress, write: write)
    }

    /// A date from bytes: `YYYY-MM-DD` without a String, and every other form a claim in JSON
    /// may take (2021-3-2, 2022年11月30日, full-width digits, spaces around) as JSON reads it.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return CalendarDate(written: String(decoding: bytes, as: UTF8.self).trimmed)
        }
        var digitsValid = true
        @inline(__always) func digit(_ index: Int) -> Int {
            let value = bytes[index] &- UInt8(ascii: "0")
            digitsValid = digitsValid && value <= 9
            return Int(value)
        }
        let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
        let month = digit(5) * 10 + digit(6)
        let day = digit(8) * 10 + digit(9)
        return digitsValid ? CalendarDate(year: year, month: month, day: day) : nil
    }
}

/// One run of a batch. Its state lives in a value held by `run`, so the compiler checks exclusive
/// access statically instead of at every mutation, as it must for a class's properties.
struct BatchSession: ~Copyable {
    let library: PolicyLibrary
    let ledger: Ledger
    let outputFormat: BatchFormat
    let language: Language
    let limits: InputLimits
    let progress: ((Int, Int) -> Void)?
    /// Every how many claims `progress` is called.
    static let progressInterval = 1 << 16
    /// Reads JSON claims of the usual shape from their bytes; nil to read every one in full.
    let scanner: JSONClaimScanner?

    private var output: OutputBuffer
    private var plans: [EntryPlan?]
    /// Plans an earlier session made, taken up when this one needs a policy's plan under the
    /// same header; at the end, this session's plans, for the next.
    var kept: KeptPlans?
    private var selections = SelectionCache()
    private var summary = BatchSummary()
    private var reasons: [UInt8] = []
    /// Where each reason starts in `reasons`, after its "; ".
    private var reasonStarts: [Int] = []
    /// The claim date read last, by its ten bytes.
    private var lastDate: (head: UInt64, tail: UInt16, date: CalendarDate)?

    /// How a claim came out, for writing: a batch needs no more than this of an `Outcome` (the
    /// plan knows each rule's type, and copying one per claim would cost its reference counting).
    private enum Written {
        case granted(ExactDecimal)
        case refused([Refusal])
        case invalid([Phrase])

        var granted: Bool? {
            switch self {
            case .granted: true
            case .refused: false
            case .invalid: nil
            }
        }
    }

    init(
        library: PolicyLibrary, ledger: Ledger, outputFormat: BatchFormat, language: Language, limits: InputLimits,
        scanner: JSONClaimScanner?, progress: ((Int, Int) -> Void)?, write: @escaping (UnsafeRawBufferPointer) -> Bool
    ) {
        self.scanner = scanner
        self.library = library
        self.ledger = ledger
        self.outputFormat = outputFormat
        self.language = language
        self.limits = limits
        self.progress = progress
        self.plans = Array(repeating: nil, count: library.entries.count)
        self.output = OutputBuffer(flush: write)
    }

    mutating func run(_ source: inout some ByteSource, inputFormat: BatchFormat) -> BatchSummary {
        output.append(Self.resultsHeader(outputFormat))
        switch inputFormat {
        case .csv:
            var records = CSVRecordReader(limits: limits)
            runCSV(&records, &source, header: nil)
        case .jsonl:
            var input = InputBuffer(limits: limits)
            runJSONLines(&input, &source)
        }
        return finish()
    }

    /// The line that heads the results: CSV's column names; JSON lines have none.
    static func resultsHeader(_ format: BatchFormat) -> StaticString {
        format == .csv ? "line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint\n" : ""
    }

    /// Decides the claims of one part of a batch (CSV records under a header already read, or
    /// JSON lines): whole lines, the first of them line `firstLine` of the input, which starts
    /// the input when `atStart`. The results go to `write` as the whole
    /// batch's would, without the header; `finish()` then gives what this session decided.
    /// `runPart` over bytes in memory, read where they are.
    mutating func runPart(borrowing bytes: UnsafeBufferPointer<UInt8>, layout: PartLayout, firstLine: Int, atStart: Bool) {
        var nothing = BytesSource([])
        switch layout {
        case .csv(let header):
            var records = CSVRecordReader(borrowing: bytes, limits: limits, firstLine: firstLine, dropsByteOrderMark: atStart)
            records.expectedFields = header.names.count
            runCSV(&records, &nothing, header: header)
        case .jsonLines:
            var input = InputBuffer(borrowing: bytes, limits: limits, firstLine: firstLine, dropsByteOrderMark: atStart)
            runJSONLines(&input, &nothing)
        }
        output.flushAll()
    }

    mutating func runPart(_ source: inout some ByteSource, layout: PartLayout, firstLine: Int, atStart: Bool) {
        switch layout {
        case .csv(let header):
            var records = CSVRecordReader(limits: limits, firstLine: firstLine, dropsByteOrderMark: atStart)
            records.expectedFields = header.names.count
            runCSV(&records, &source, header: header)
        case .jsonLines:
            var input = InputBuffer(limits: limits, firstLine: firstLine, dropsByteOrderMark: atStart)
            runJSONLines(&input, &source)
        }
        output.flushAll()
    }

    /// Hands the last results to the writer and sums up what the session decided.
    mutating func finish() -> BatchSummary {
        output.flushAll()
        summary.outputFailed = output.failed
        finishSummary()
        return summary
    }

    /// How many claims the session has read so far.
    var claimsRead: Int { summary.read }

    // MARK: CSV

    private mutating func runCSV(_ input: inout CSVRecordReader, _ source: inout some ByteSource, header known: CSVHeader?) {
        var header = known
        while !output.failed, let record = input.next(&source) {
            guard let columns = header else {
                // The header is a record too: one that cannot name the columns is reported, and
                // every claim after it is invalid, so the count of records still adds up.
                let problems: [Phrase]
                if case .malformed(let why) = record.status {
                    problems = [message("the header: \(why)", "表头：\(why)")]
                } else {
                    let named = CSVHeader(names: record.fields.map { $0.text })
                    problems = named.problems
                    header = named
                }
                guard problems.isEmpty else {
                    summary.read += 1
                    writeInvalid(line: record.line, id: nil, reason: problems.joined("; ", "；"))
                    return drainAsInvalid(
                        &input, &source,
                        reason: message("the header on line \(record.line) is not usable", "第\(record.line)行的表头无法使用"))
                }
                input.expectedFields = header?.names.count
                continue
            }
            summary.read += 1
            if summary.read % Self.progressInterval == 0 { progress?(summary.read, input.bytesRead) }
            if case .malformed(let why) = record.status {
                writeInvalid(line: record.line, id: nil, reason: why)
                continue
            }
            decideCSV(record.line, record.fields, columns)
        }
    }

    private mutating func drainAsInvalid(_ input: inout CSVRecordReader, _ source: inout some ByteSource, reason: Phrase) {
        while !output.failed, let record = input.next(&source) {
            summary.read += 1
            writeInvalid(line: record.line, id: nil, reason: reason)
        }
    }

    private mutating func decideCSV(_ line: Int, _ fields: UnsafeBufferPointer<FieldBytes>, _ header: CSVHeader) {
        guard fields.count == header.names.count else {
            writeInvalid(
                line: line, id: fields.count > header.id ? fields[header.id].text : nil,
                reason: message(
                    "the row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header has \(header.names.count)",
                    "该行有 \(fields.count) 个字段，表头有 \(header.names.count) 个"))
            return
        }
        let id = fields[header.id]
        guard !id.isEmpty else { return writeInvalid(line: line, id: nil, reason: Phrase("the row has no id", "该行没有编号")) }
        guard id.isShortASCII || id.isValidUTF8 else {
            return writeInvalid(
                line: line, id: nil,
                reason: Phrase("the id is not UTF-8 text; save the file as UTF-8", "编号不是 UTF-8 文本；请将文件另存为 UTF-8 编码"))
        }
        guard let date = claimDate(fields[header.date]) else {
            return writeInvalid(line: line, id: id.text, reason: Claim.dateProblem(fields[header.date].text))
        }
        let (place, name) = (fields[header.jurisdiction], fields[header.program])
        let pair = selections.find(jurisdiction: place, program: name, library: library)
        guard selections.isText(pair) else {
            return writeInvalid(
                line: line, id: id.text,
                reason: Phrase(
                    "the jurisdiction or program is not UTF-8 text; save the file as UTF-8", "辖区或项目不是 UTF-8 文本；请将文件另存为 UTF-8 编码"))
        }
        guard let (entryIndex, slot) = selections.pick(pair, on: date) else {
            let problem = library.select(program: name.text, at: Claim.jurisdictionPath(place.text), on: date)
            if case .failure(let error) = problem { return writeInvalid(line: line, id: id.text, reason: error.message) }
            return writeInvalid(line: line, id: id.text, reason: Phrase("no policy decides this claim", "没有政策审核此件申领"))
        }
        let plan = plan(for: entryIndex, header: header)
        let problems = plan.prepare(fields, date: date)
        guard problems.isEmpty else {
            return writeResult(line: line, id: id, plan: plan, slot: slot, outcome: .invalid(problems), notes: [])
        }
        // Only a batch with an application date column, or a policy with a `dated` program, has
        // more to do for a claim's dates; the others go straight on.
        if plan.needsDates {
            return decideWithDates(line, id, pair, plan, slot, fields, header, date)
        }
        decide(line: line, id: id, plan: plan, slot: slot)
    }

    /// A claim's date: the last one read again when its ten bytes are the same, as a batch's
    /// claims mostly share a few dates.
    @inline(__always)
    private mutating func claimDate(_ field: FieldBytes) -> CalendarDate? {
        guard field.count == 10 else { return BatchRunner.parseDate(field) }
        let raw = UnsafeRawPointer(field.baseAddress!)
        let (head, tail) = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        if let last = lastDate, last.head == head, last.tail == tail { return last.date }
        let date = BatchRunner.parseDate(field)
        if let date { lastDate = (head, tail, date) }
        return date
    }

    /// The rest of `decideCSV` for a claim with an application date, or of a policy with a
    /// `dated` program: the application date read, the claim selected again by its deciding date.
    @inline(never)
    private mutating func decideWithDates(
        _ line: Int, _ id: FieldBytes, _ pair: Int, _ selected: EntryPlan, _ selectedSlot: Int,
        _ fields: UnsafeBufferPointer<FieldBytes>, _ header: CSVHeader, _ date: CalendarDate
    ) {
        var applied: CalendarDate?
        if header.applied >= 0, !fields[header.applied].isEmpty {
            guard let day = BatchRunner.parseDate(fields[header.applied]) else {
                return writeInvalid(
                    line: line, id: id.text, reason: Claim.dateProblem(fields[header.applied].text, of: Claim.appliedSubject))
            }
            applied = day
        }
        var (plan, slot) = (selected, selectedSlot)
        if plan.hasDecidingDates, plan.slots[slot].decidingInput >= 0 {
            switch reselect(pair, plan: plan, slot: slot, fields: fields, header: header, date: date) {
            case .decided(let again, let chosen): (plan, slot) = (again, chosen)
            case .invalid(let reason): return writeInvalid(line: line, id: id.text, reason: reason)
            case .invalidFacts(let again, let chosen, let problems):
                return writeResult(line: line, id: id, plan: again, slot: chosen, outcome: .invalid(problems), notes: [])
            }
        }
        if let applied { plan.frame.setApplicationDate(applied) }
        decide(line: line, id: id, plan: plan, slot: slot)
    }

    private enum Reselection {
        case decided(EntryPlan, Int)
        case invalid(Phrase)
        case invalidFacts(EntryPlan, Int, [Phrase])
    }

    /// A `dated` program's claim selected again by its deciding date, when the claim gives it
    /// (`PolicyLibrary.selectDeciding` on bytes): the plan and slot that decide it, the deciding
    /// date written into the frame.
    private mutating func reselect(
        _ pair: Int, plan: EntryPlan, slot: Int, fields: UnsafeBufferPointer<FieldBytes>, header: CSVHeader, date: CalendarDate
    ) -> Reselection {
        let input = plan.slots[slot].decidingInput
        guard plan.frame.holds(input) else { return .decided(plan, slot) }
        let deciding = CalendarDate(dayNumber: plan.frame.values[input].smallInteger)
        let inputName = plan.program.inputs[input].name
        let program = plan.program.rules[slot].name
        guard let (entryIndex, selected) = selections.pick(pair, on: deciding) else {
            let prefix = PolicyLibrary.decidedBy(program, inputName, deciding, under: plan.program.policy.name)
            let place = Claim.jurisdictionPath(fields[header.jurisdiction].text)
            if case .failure(let problem) = library.select(program: program, at: place, on: deciding) {
                return .invalid(prefix + problem.message)
            }
            return .invalid(prefix + Phrase("no policy decides this claim", "没有政策审核此件申领"))
        }
        if entryIndex == plan.index {
            plan.frame.setDecidingDate(fromInput: input)
            return .decided(plan, slot)
        }
        if let problem = PolicyLibrary.mismatch(
            program, inputName, deciding, first: library.entries[plan.index], second: library.entries[entryIndex], slot: selected)
        {
            return .invalid(problem.message)
        }
        let again = self.plan(for: entryIndex, header: header)
        let problems = again.prepare(fields, date: date)
        guard problems.isEmpty else { return .invalidFacts(again, selected, problems) }
        again.frame.setDecidingDate(fromInput: again.slots[selected].decidingInput)
        return .decided(again, selected)
    }

    // MARK: JSON lines

    private mutating func runJSONLines(_ input: inout InputBuffer, _ source: inout some ByteSource) {
        // Claims of the usual shape are read from their bytes; the scanner declines the rest.
        let columns = scanner?.header.names.count ?? 0
        let fields = UnsafeMutablePointer<FieldBytes>.allocate(capacity: columns)
        let kinds = UnsafeMutablePointer<JSONFactKind>.allocate(capacity: columns)
        defer {
            fields.deallocate()
            kinds.deallocate()
        }
        while !output.failed, let next = input.nextLine(&source) {
            let (line, bytes) = (next.line, next.bytes)
            if let length = next.overlong {
                summary.read += 1
                writeInvalid(line: line, id: nil, reason: InputBuffer.overlongReason(length, limit: limits.maximumRecordBytes))
                continue
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            summary.read += 1
            if summary.read % Self.progressInterval == 0 { progress?(summary.read, input.bytesRead) }
            if let scanner, scanner.scan(bytes, into: fields, kinds: kinds),
                decideScanned(line, UnsafeBufferPointer(start: fields, count: columns), kinds, scanner.header)
            {
                continue
            }
            let claim: Claim
            switch Claim.decode(json: Array(bytes)) {
            case .success(let decoded): claim = decoded
            case .failure(let problems):
                writeInvalid(line: line, id: problems.id, reason: problems.problems.map(\.message).joined("; ", "；"))
                continue
            }
            let (entryIndex, slot): (Int, Int)
            switch library.selectDeciding(program: claim.program, at: claim.jurisdiction, on: claim.date, dates: claim.dateFact) {
            case .success(let (entry, selected)):
                entryIndex = library.entries.firstIndex { $0.info.name == entry.info.name }!
                slot = selected
            case .failure(let problem):
                writeInvalid(line: line, id: claim.id, reason: problem.message)
                continue
            }
            let plan = plan(for: entryIndex, header: scanner?.header)
            let problems = FactDecoder(program: plan.program).write(claim, into: plan.frame)
            if let input = plan.program.rules[slot].decidingInput { plan.frame.setDecidingDate(fromInput: input) }
            var id = Array(claim.id.utf8)
            id.withUnsafeMutableBufferPointer { buffer in
                let id = FieldBytes(buffer)
                if problems.isEmpty {
                    decide(line: line, id: id, plan: plan, slot: slot)
                } else {
                    writeResult(
                        line: line, id: id, plan: plan, slot: slot, outcome: .invalid(problems.map(\.message)), notes: [])
                }
            }
        }
    }

    /// Decides a claim scanned from a JSON line as a CSV record under `header`, when it is one
    /// the CSV path decides exactly as `Claim.decode` and the engine would: its date reads, a
    /// policy decides it on that date, none of its programs is `dated`, and its facts read. For
    /// any other, false, having written nothing: the full reading words its problems.
    private mutating func decideScanned(
        _ line: Int, _ fields: UnsafeBufferPointer<FieldBytes>, _ kinds: UnsafePointer<JSONFactKind>, _ header: CSVHeader
    ) -> Bool {
        guard let date = claimDate(fields[header.date]) else { return false }
        let pair = selections.find(jurisdiction: fields[header.jurisdiction], program: fields[header.program], library: library)
        guard selections.isText(pair), let (entryIndex, slot) = selections.pick(pair, on: date) else { return false }
        let plan = plan(for: entryIndex, header: header)
        guard !plan.hasDecidingDates, plan.prepare(fields, date: date, kinds: kinds).isEmpty else { return false }
        decide(line: line, id: fields[header.id], plan: plan, slot: slot)
        return true
    }

    // MARK: Deciding

    /// Decides the claim whose facts are in the plan's frame, as every claim is decided
    /// (`CompiledProgram.decide`), and writes its result.
    private mutating func decide(line: Int, id: FieldBytes, plan: EntryPlan, slot: Int) {
        let compiled = plan.compiled
        let outcome: Written
        var notes: [Phrase] = []
        do throws(Stop) {
            let limited = plan.slots[slot].hasLimits
            let grant = try compiled.decide(
                rule: slot, in: plan.frame, ledger: limited ? ledger : nil, tables: limited ? plan.tables(ledger) : nil,
                recordingAs: id)
            // The usual claim: granted, with nothing to say.
            if grant.notes.isEmpty, plan.frame.ceilingNotes.isEmpty {
                return writeGranted(line: line, id: id, plan: plan, slot: slot, amount: grant.amount)
            }
            notes = grant.notes
            outcome = .granted(grant.amount)
        } catch {
            switch compiled.describe(error, in: plan.frame) {
            case .granted(let value, _): outcome = .granted(value)
            case .refused(let refusals): outcome = .refused(refusals)
            case .invalid(let problems): outcome = .invalid(problems)
            }
        }
        if _slowPath(!plan.frame.ceilingNotes.isEmpty) { notes = plan.frame.ceilingNotes + notes }
        writeResult(line: line, id: id, plan: plan, slot: slot, outcome: outcome, notes: notes)
    }

    private mutating func plan(for entryIndex: Int, header: CSVHeader?) -> EntryPlan {
        if let plan = plans[entryIndex] { return plan }
        let names = header?.names
        if let kept, kept.header == names, let plan = kept.plans[entryIndex] {
            plan.startBatch()
            plans[entryIndex] = plan
            return plan
        }
        let entry = library.entries[entryIndex]
        let compiled = library.compiled(entry, traced: false)
        let rows = kept?.rows[entryIndex] ?? EntryRows(entry: entry, compiled: compiled, format: outputFormat)
        let plan = EntryPlan(index: entryIndex, entry: entry, compiled: compiled, header: header, rows: rows)
        plans[entryIndex] = plan
        if kept?.header != names {
            kept = KeptPlans(
                header: names, plans: Array(repeating: nil, count: plans.count),
                rows: kept?.rows ?? Array(repeating: nil, count: plans.count))
        }
        kept?.plans[entryIndex] = plan
        kept?.rows[entryIndex] = rows
        return plan
    }

    // MARK: Results

    private mutating func writeResult(line: Int, id: FieldBytes, plan: EntryPlan, slot: Int, outcome: Written, notes: [Phrase]) {
        let row = plan.slots[slot]
        // The reasons, joined by "; ", as bytes: a limit's refusal is written without a String.
        reasons.removeAll(keepingCapacity: true)
        reasonStarts.removeAll(keepingCapacity: true)
        for note in notes { appendReason(Array(note.text(in: language).utf8)) }
        var amount: ExactDecimal?
        switch outcome {
        case .granted(let value):
            summary.granted += 1
            if !row.isObligation {
                amount = row.isPercent ? value.percentFigure : value
                plan.count(value, slot: slot)
            }
        case .refused(let refusals):
            summary.refused += 1
            for refusal in refusals {
                if !reasons.isEmpty {
                    reasons.append(UInt8(ascii: ";"))
                    reasons.append(UInt8(ascii: " "))
                }
                reasonStarts.append(reasons.count)
                if let limit = refusal.limit {
                    limit.write(to: &reasons, in: language)
                } else {
                    reasons.append(contentsOf: refusal.textBytes(in: language))
                }
                reasons.append(contentsOf: refusal.citationBytes)
            }
        case .invalid(let problems):
            summary.invalid += 1
            for problem in problems { appendReason(Array(problem.text(in: language).utf8)) }
        }
        writeRow(line: line, id: id, plan: plan, slot: slot, granted: outcome.granted, amount: amount)
    }

    /// A granted claim with no notes: `writeResult`'s usual case, without its reasons.
    @inline(__always)
    private mutating func writeGranted(line: Int, id: FieldBytes, plan: EntryPlan, slot: Int, amount value: ExactDecimal) {
        let row = plan.slots[slot]
        // Emptied only when not empty already: removing nothing still costs a call.
        if !reasons.isEmpty || !reasonStarts.isEmpty {
            reasons.removeAll(keepingCapacity: true)
            reasonStarts.removeAll(keepingCapacity: true)
        }
        summary.granted += 1
        var amount: ExactDecimal?
        if !row.isObligation {
            amount = row.isPercent ? value.percentFigure : value
            plan.count(value, slot: slot)
        }
        writeRow(line: line, id: id, plan: plan, slot: slot, granted: true, amount: amount)
    }

    /// Writes one result whose reasons are in `reasons`: granted (true), refused (false) or
    /// invalid (nil).
    @inline(__always)
    private mutating func writeRow(line: Int, id: FieldBytes, plan: EntryPlan, slot: Int, granted: Bool?, amount: ExactDecimal?) {
        let row = plan.slots[slot]
        // The policy, program and status, as the format writes them.
        let text: Range<Int>
        switch granted {
        case true?: text = row.grantedRow
        case false?: text = row.refusedRow
        case nil: text = row.invalidRow
        }
        switch outputFormat {
        case .csv:
            output.appendCounting(line)
            output.append(UInt8(ascii: ","))
            output.appendCSVField(id)
            plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[text])) }
            if let amount { output.append(amount) }
            if reasons.isEmpty {
                plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[row.quietEnd])) }
                break
            }
            output.append(UInt8(ascii: ","))
            output.appendCSVField(reasons)
            plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[row.provenance])) }
            output.append(UInt8(ascii: "\n"))
        case .jsonl:
            output.append("{\"line\":")
            output.appendCounting(line)
            output.append(",\"id\":")
            output.appendJSONString(id)
            plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[text])) }
            // The amount's key ends the row of a granted program: only that has an amount.
            if let amount { output.append(amount) }
            if reasonStarts.isEmpty {
                let end = amount == nil ? row.quietEnd : row.quietEndWithUnit
                plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[end])) }
                break
            }
            if amount != nil { plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[row.unit])) } }
            output.append(",\"reasons\":[")
            for (index, start) in reasonStarts.enumerated() {
                if index > 0 { output.append(",") }
                let end = index + 1 < reasonStarts.count ? reasonStarts[index + 1] - 2 : reasons.count
                reasons.withUnsafeBufferPointer { output.appendJSONString(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            }
            output.append("]")
            plan.rowText.withUnsafeBufferPointer { output.append(FieldBytes(rebasing: $0[row.provenance])) }
            output.append("}\n")
        }
        output.endResult()
    }

    private mutating func appendReason(_ reason: [UInt8]) {
        if !reasons.isEmpty { reasons.append(contentsOf: "; ".utf8) }
        reasonStarts.append(reasons.count)
        reasons.append(contentsOf: reason)
    }

    private mutating func writeInvalid(line: Int, id: String?, reason: Phrase) {
        summary.invalid += 1
        let text = Phrase("line \(line): \(reason.english)", "第\(line)行：\(reason.chinese)").text(in: language)
        switch outputFormat {
        case .csv:
            output.appendCounting(line)
            output.append(",")
            if let id { output.appendCSVField(id) }
            output.append(",,,invalid,,")
            output.appendCSVField(text)
            output.append(",,,\n")
        case .jsonl:
            output.append("{\"line\":")
            output.appendCounting(line)
            output.append(",\"id\":")
            if let id { output.appendJSONString(id) } else { output.append("null") }
            output.append(",\"policy\":null,\"program\":null,\"status\":\"invalid\",\"reasons\":[")
            output.appendJSONString(text)
            output.append("],\"pricedBy\":null,\"pricedClause\":null,\"fingerprint\":null}\n")
        }
        output.endResult()
    }

    private mutating func finishSummary() {
        summary.planTotals = plans.enumerated().compactMap { index, plan in plan.map { (index, $0.totals) } }
        summary.addTotals(of: library)
    }
}
