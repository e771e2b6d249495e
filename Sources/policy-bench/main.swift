// policy-bench: how fast the engine is, measured on a deterministic corpus of claims.
//
//   swift run -c release policy-bench [--claims N|FILE] [--policies DIR] [--corpus FILE] [--keep FILE]
//
// The corpus mix (programs, places, dates, facts) is data in Benchmarks/corpus.json, drawn with a
// fixed seed, so every machine measures the same claims; or `--claims FILE` measures the claims
// of a CSV file in `policy run`'s format (W1's converted claims, say). Reported: parsing and
// checking the policies; evaluation alone (facts already decoded, one reused frame per policy);
// evaluation with the limits kept in a ledger; and `policy run` end to end, from a CSV file to
// CSV results.

import Foundation
import PolicyLanguage

// MARK: Arguments

let usage = """
    usage: policy-bench [--claims N|FILE] [--policies DIR] [--corpus FILE] [--keep FILE]
           policy-bench --lsp [--edits N] [--policies DIR]
      --claims N      how many claims to draw from the corpus (default 1000000)
      --claims FILE   measure the claims of FILE instead, CSV as policy run reads it
      --policies DIR  the policies to measure (default policies)
      --corpus FILE   the corpus mix (default Benchmarks/corpus.json)
      --keep FILE     keep the drawn claims as CSV in FILE
      --lsp           the language server instead: --edits N changes of the largest bundled
                      policy (default 10000), the time to their diagnostics and the memory

    """

if let first = CommandLine.arguments.dropFirst().first, first == "--help" || first == "-h" {
    _ = Array(usage.utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: 1) }
    exit(0)
}

// `--lsp [--edits N] [--policies DIR]`: the language server instead (LanguageServerBench.swift).
if CommandLine.arguments.dropFirst().first == "--lsp" {
    LanguageServerBench.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

var claimCount = 1_000_000
/// A file of claims to measure instead of the drawn corpus.
var claimsFile: String?
var policiesPath = "policies"
var corpusPath = "Benchmarks/corpus.json"
var keepPath: String?
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let flag = arguments.removeFirst()
    guard let value = arguments.first else {
        fail("\(flag) needs a value", code: 64)
    }
    arguments.removeFirst()
    switch flag {
    case "--claims":
        if let count = Int(value) {
            guard count > 0 else { fail("--claims takes a number of claims above 0, or a file, not \(value)", code: 64) }
            claimCount = count
        } else {
            guard FileManager.default.isReadableFile(atPath: value) else {
                fail("--claims takes a number of claims or a readable CSV file of claims; cannot read \(value)", code: 64)
            }
            claimsFile = value
        }
    case "--policies": policiesPath = value
    case "--corpus": corpusPath = value
    case "--keep": keepPath = value
    default:
        fail("unknown option \(flag); policy-bench --help lists the options", code: 64)
    }
}

func fail(_ message: String, code: Int32 = 1) -> Never {
    // Standard error is the last place to say anything: a failure to write there has no one to tell.
    _ = Array("policy-bench: \(message)\n".utf8).withUnsafeBytes { FileDescriptorWriter.writeAll($0, to: 2) }
    exit(code)
}

func nanoseconds(_ duration: Duration) -> Int64 {
    duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
}

func measure(_ body: () -> Void) -> Int64 {
    let start = ContinuousClock.now
    body()
    return nanoseconds(ContinuousClock.now - start)
}

/// `nanos` shared out over `count`, with one decimal, without floating point.
func tenths(_ nanos: Int64, per count: Int) -> String {
    let tenths = nanos * 10 / Int64(max(count, 1))
    return "\(tenths / 10).\(tenths % 10)"
}

/// Nanoseconds as milliseconds with one decimal, without floating point.
func milliseconds(_ nanos: Int64) -> String { "\(nanos / 1_000_000).\((nanos / 100_000) % 10) ms" }

// MARK: The corpus

/// SplitMix64: a small generator with a fixed seed, the same on every machine.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

struct ClaimKind {
    let weight: Int
    let jurisdiction: String
    let program: String
    let firstDay: Int
    let days: Int
    let facts: [(name: String, draw: Draw)]
}

enum Draw {
    case oneOf([String])
    case between(Int, Int, suffix: String)
    case person
}

/// The corpus mix of `path`: its kinds of claim, the facts they name, and how many persons.
func readCorpusSpec(_ path: String) -> (kinds: [ClaimKind], factNames: [String], persons: Int) {
    guard let specData = FileManager.default.contents(atPath: path),
        let spec = try? JSONParser.parse([UInt8](specData))
    else { fail("cannot read the corpus description \(path)") }
    guard case .array(let kindValues)? = spec["claims"], case .number(let personsText)? = spec["persons"],
        let persons = Int(personsText)
    else { fail("\(path) has no claims or persons") }

    var kinds: [ClaimKind] = []
    var factNames: [String] = []
    for value in kindValues {
        guard case .number(let weight)? = value["weight"], case .string(let jurisdiction)? = value["jurisdiction"],
            case .string(let program)? = value["program"], case .array(let dates)? = value["dates"],
            case .string(let from)? = dates.first, case .string(let to)? = dates.last,
            let first = CalendarDate(iso: from), let last = CalendarDate(iso: to), case .object(let facts)? = value["facts"]
        else { fail("\(path): a claim kind needs weight, jurisdiction, program, dates and facts") }
        var draws: [(String, Draw)] = []
        for fact in facts {
            if !factNames.contains(fact.key) { factNames.append(fact.key) }
            if case .array(let options)? = fact.value["oneOf"] {
                draws.append((fact.key, .oneOf(options.compactMap { if case .string(let s) = $0 { s } else { nil } })))
            } else if case .array(let range)? = fact.value["between"], case .number(let low)? = range.first,
                case .number(let high)? = range.last
            {
                let suffix: String = if case .string(let s)? = fact.value["suffix"] { s } else { "" }
                draws.append((fact.key, .between(Int(low)!, Int(high)!, suffix: suffix)))
            } else if fact.value["person"] != nil {
                draws.append((fact.key, .person))
            } else {
                fail("\(path): the fact \(fact.key) needs oneOf, between or person")
            }
        }
        kinds.append(
            ClaimKind(
                weight: Int(weight)!, jurisdiction: jurisdiction, program: program, firstDay: first.dayNumber,
                days: last.dayNumber - first.dayNumber + 1, facts: draws))
    }
    return (kinds, factNames, persons)
}

/// The resident identity number of the corpus's `person`th person: born within forty years of
/// 1960-01-01, one person a day and the sequence code counting the rest, with its check character.
func identityNumber(of person: Int) -> String {
    let days = 14_600
    let (year, month, day) = CalendarDate(dayNumber: CalendarDate(year: 1960, month: 1, day: 1)!.dayNumber + person % days)
        .components
    let body = 140_524 * 100_000_000_000 + Int64(year * 10_000 + month * 100 + day) * 1000 + Int64(person / days)
    return IdentityNumber(body: body)!.description
}

func generateCorpus(count: Int, kinds: [ClaimKind], factNames: [String], persons: Int) -> [UInt8] {
    var generator = Generator(state: 2021)
    let totalWeight = kinds.reduce(0) { $0 + $1.weight }
    var out = [UInt8]()
    out.reserveCapacity(count * 96)
    out.append(contentsOf: ("id,date,jurisdiction,program," + factNames.joined(separator: ",") + "\n").utf8)
    let column = Dictionary(uniqueKeysWithValues: factNames.enumerated().map { ($1, $0) })
    var cells = [String](repeating: "", count: factNames.count)
    for index in 0..<count {
        var pick = generator.below(totalWeight)
        var kind = kinds[0]
        for candidate in kinds {
            if pick < candidate.weight {
                kind = candidate
                break
            }
            pick -= candidate.weight
        }
        for cell in cells.indices { cells[cell] = "" }
        for (name, draw) in kind.facts {
            switch draw {
            case .oneOf(let options): cells[column[name]!] = options[generator.below(options.count)]
            case .between(let low, let high, let suffix):
                cells[column[name]!] = "\(low + generator.below(high - low + 1))\(suffix)"
            case .person: cells[column[name]!] = identityNumber(of: generator.below(persons))
            }
        }
        let date = CalendarDate(dayNumber: kind.firstDay + generator.below(kind.days))
        out.append(contentsOf: "B\(index),\(date),\(kind.jurisdiction),\(kind.program),\(cells.joined(separator: ","))\n".utf8)
    }
    return out
}

// MARK: Measurements

if let claimsFile {
    print("policy-bench: the claims of \(claimsFile); policies from \(policiesPath)")
} else {
    print("policy-bench: \(claimCount) claims from \(corpusPath); policies from \(policiesPath)")
}

// 1. Parsing and checking the policies.
var library = PolicyLibrary.load(paths: [policiesPath])
if library.hasErrors { fail("the policies have errors; run policy check") }
let loads = 20
let loadNanos = measure {
    for _ in 0..<loads { library = PolicyLibrary.load(paths: [policiesPath]) }
}
let policyLines = library.entries.reduce(0) { total, entry in
    total + entry.info.source.bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
}
print(
    "  parse and check the policies   \(milliseconds(loadNanos / Int64(loads))) for \(library.entries.count) policies, \(policyLines) lines (\(Int64(policyLines) * 1_000_000_000 * Int64(loads) / max(loadNanos, 1)) lines/s)"
)

// 2. The corpus, written to a file, unless the claims are a file already.
let corpusFile =
    claimsFile ?? keepPath ?? (NSTemporaryDirectory() + "policy-bench-\(ProcessInfo.processInfo.processIdentifier).csv")
if claimsFile == nil {
    let spec = readCorpusSpec(corpusPath)
    let corpus = generateCorpus(count: claimCount, kinds: spec.kinds, factNames: spec.factNames, persons: spec.persons)
    guard FileManager.default.createFile(atPath: corpusFile, contents: Data(corpus)) else { fail("cannot write \(corpusFile)") }
    print("  corpus                         \(corpus.count / 1_000_000) MB of CSV\(keepPath.map { " kept in \($0)" } ?? "")")
}
defer { if keepPath == nil, claimsFile == nil { try? FileManager.default.removeItem(atPath: corpusFile) } }

// 3. End to end, first, while the process holds nothing else: `policy run` from the CSV file to
// CSV results, written to /dev/null.
do {
    let input = open(corpusFile, O_RDONLY)
    let devNull = open("/dev/null", O_WRONLY)
    var source = FileDescriptorSource(descriptor: input)
    let runner = BatchRunner(library: PolicyLibrary.load(paths: [policiesPath]), ledger: Ledger(), outputFormat: .csv)
    var summary: BatchSummary?
    let nanos = measure {
        summary = runner.run(&source, inputFormat: .csv) { buffer in _ = write(devNull, buffer.baseAddress, buffer.count) }
    }
    close(input)
    close(devNull)
    let read = summary?.read ?? 0
    print(
        "  policy run, CSV to CSV         \(milliseconds(nanos)) for \(read) claims: \(Int64(read) * 1_000_000_000 / max(nanos, 1)) claims/s (granted \(summary?.granted ?? 0), refused \(summary?.refused ?? 0), invalid \(summary?.invalid ?? 0))"
    )
}

// 4. Evaluation: every claim decoded once, into flat arrays of plain values, so that the loops
// time the engine and not the harness.
final class Plan {
    let compiled: CompiledProgram
    let frame: Frame
    init(compiled: CompiledProgram, frame: Frame) {
        self.compiled = compiled
        self.frame = frame
    }
}

/// A claim as the ledger's pass takes it: its plan, the rule slot that decides it, its date, all
/// its facts and its id.
struct PreparedClaim {
    let plan: Int32
    let slot: Int32
    let firstFact: Int32
    let endFact: Int32
    let idStart: Int32
    let idEnd: Int32
    let date: CalendarDate

    var facts: Range<Int> { Int(firstFact)..<Int(endFact) }
    var id: Range<Int> { Int(idStart)..<Int(idEnd) }
}

/// Claims `claims` in a row are all decided by the policy of `plan`.
struct PlanRun {
    let plan: Int
    var claims: Range<Int>
}

var plans: [Plan] = []
var planOfPolicy: [String: Int] = [:]
/// Each plan's inputs as columns of the header: found once per policy, not once per claim.
var inputColumns: [[(column: Int, slot: Int)]] = []
var decoders: [FactDecoder] = []
/// Each plan's inputs that each of its rules reads, by rule slot.
var readInputs: [[Set<Int>]] = []
/// The plan and rule slot that decide a claim, by its jurisdiction, program and date; nil when
/// none does. Found once per distinct triple, so preparing a million claims is linear.
var selections: [String: (plan: Int, slot: Int)?] = [:]
var claims: [PreparedClaim] = []
/// The same claims as evaluation alone takes them, small, so that a million of them stream
/// through the cache as the hand-written program's typed records do. A claim's facts are all
/// decoded and checked, as a batch checks them; those its rule reads come first, and only they
/// are written into the frame to decide it. The ledger's pass writes them all, for a limit's
/// key may read the rest.
var decoded: [DecodedClaim] = []
var runs: [PlanRun] = []
var facts: [DecodedFact] = []
var textOfFact: [Int: Range<Int>] = [:]
var bytes: [UInt8] = []
claims.reserveCapacity(claimCount)
decoded.reserveCapacity(claimCount)
guard let corpusData = FileManager.default.contents(atPath: corpusFile) else { fail("cannot read back \(corpusFile)") }
var reader = CSVReader(bytes: [UInt8](corpusData))
guard case .success(let header)? = reader.next() else { fail("the corpus has no header") }
let named = CSVHeader(names: header.fields)
guard named.problems.isEmpty else { fail("\(corpusFile): the header names no id, date, jurisdiction and program") }
var skipped = 0
while let next = reader.next() {
    guard case .success(let record) = next, record.fields.count == header.fields.count else {
        skipped += 1
        continue
    }
    let fields = record.fields
    let (place, program, day) = (fields[named.jurisdiction], fields[named.program], fields[named.date])
    let key = "\(place)\u{1F}\(program)\u{1F}\(day)"
    if selections[key] == nil {
        var found: (plan: Int, slot: Int)?
        if let date = CalendarDate(iso: day),
            case .success(let (entry, slot)) = library.select(
                program: program, at: place.split(separator: "/").map(String.init), on: date)
        {
            if planOfPolicy[entry.info.name] == nil {
                planOfPolicy[entry.info.name] = plans.count
                plans.append(Plan(compiled: library.compiled(entry, traced: false), frame: Frame(program: entry.program)))
                decoders.append(FactDecoder(program: entry.program))
                readInputs.append(entry.program.reads().map(\.inputs))
                inputColumns.append(
                    header.fields.indices.compactMap { column in
                        guard named.isFact(column), let slot = entry.program.inputSlots[header.fields[column]] else { return nil }
                        return (column, slot)
                    })
            }
            found = (planOfPolicy[entry.info.name]!, slot)
        }
        selections[key] = .some(found)
    }
    guard let (planIndex, slot) = selections[key]!, let date = CalendarDate(iso: day) else {
        skipped += 1
        continue
    }
    let plan = plans[planIndex]
    // A fresh frame for each claim's facts, as the batch has: the texts a claim brings are
    // numbered within that claim.
    plan.frame.reset()
    let firstFact = facts.count
    var unread: [(fact: DecodedFact, text: String?)] = []
    for (column, input) in inputColumns[planIndex] where !fields[column].isEmpty {
        let text = fields[column]
        let declared = plan.compiled.program.inputs[input]
        guard case .success(let value) = decoders[planIndex].value(of: .text(text), for: declared, in: plan.frame) else {
            continue
        }
        let isText = if case .text = declared.type { true } else { false }
        let fact = (DecodedFact(slot: input, value: value), isText ? text : nil)
        if readInputs[planIndex][slot].contains(input) { append(fact) } else { unread.append(fact) }
    }
    let endOfRead = facts.count
    unread.forEach(append)
    let idStart = bytes.count
    bytes += fields[named.id].utf8
    claims.append(
        PreparedClaim(
            plan: Int32(planIndex), slot: Int32(slot), firstFact: Int32(firstFact), endFact: Int32(facts.count),
            idStart: Int32(idStart), idEnd: Int32(bytes.count), date: date))
    decoded.append(DecodedClaim(rule: slot, on: date, facts: firstFact..<endOfRead))
    if runs.last?.plan == planIndex {
        runs[runs.count - 1].claims = runs[runs.count - 1].claims.lowerBound..<decoded.count
    } else {
        runs.append(PlanRun(plan: planIndex, claims: decoded.count - 1..<decoded.count))
    }
}

/// Keeps a decoded fact, and a text fact's bytes for the ledger's pass.
@MainActor func append(_ fact: (fact: DecodedFact, text: String?)) {
    if let text = fact.text {
        textOfFact[facts.count] = bytes.count..<bytes.count + text.utf8.count
        bytes += text.utf8
    }
    facts.append(fact.fact)
}
if skipped > 0 { print("  (\(skipped) claims no policy decides, or malformed, are left out of the timings below)") }

/// Decides every claim, writing its value to `values`; how many were granted. Not inlined, so
/// that a profiler can single it out (`valgrind --tool=callgrind --toggle-collect='*evaluateAlone*'`),
/// and not isolated to the main actor, whose checks would be timed with every run of claims.
@inline(never)
nonisolated func evaluateAlone(
    _ decoded: [DecodedClaim], _ runs: [PlanRun], _ facts: [DecodedFact], _ plans: [Plan],
    into values: inout [ExactDecimal?]
) -> Int {
    var granted = 0
    decoded.withUnsafeBufferPointer { decoded in
        facts.withUnsafeBufferPointer { facts in
            values.withUnsafeMutableBufferPointer { values in
                for run in runs {
                    let plan = plans[run.plan]
                    granted += plan.compiled.run(
                        UnsafeBufferPointer(rebasing: decoded[run.claims]), facts: facts, in: plan.frame,
                        into: UnsafeMutableBufferPointer(rebasing: values[run.claims]))
                }
            }
        }
    }
    return granted
}

var granted = 0
var values = [ExactDecimal?](repeating: nil, count: decoded.count)
let evaluationNanos = measure { granted = evaluateAlone(decoded, runs, facts, plans, into: &values) }
print(
    "  evaluation alone               \(tenths(evaluationNanos, per: claims.count)) ns a claim (\(Int64(claims.count) * 1_000_000_000 / max(evaluationNanos, 1)) claims/s; \(granted) of \(claims.count) granted before limits)"
)

// With the ledger, a text fact is written as its bytes, as a batch writes it: a limit's key
// holds the text itself.
let ledger = Ledger()
var refusedByLimits = 0
let limitedNanos = measure {
    bytes.withUnsafeBufferPointer { bytes in
        for claim in claims {
            let plan = plans[Int(claim.plan)]
            plan.frame.reset()
            plan.frame.setClaimDate(claim.date)
            for index in claim.facts {
                let fact = facts[index]
                if let text = textOfFact[index] {
                    plan.frame.setText(Int(fact.slot), UnsafeBufferPointer(rebasing: bytes[text]))
                } else {
                    plan.frame.setInput(Int(fact.slot), fact.value)
                }
            }
            let id = String(decoding: bytes[claim.id], as: UTF8.self)
            let evaluation = plan.compiled.evaluate(rule: Int(claim.slot), in: plan.frame, ledger: ledger, recordingAs: id)
            if case .refused = evaluation.outcome { refusedByLimits += 1 }
        }
    }
}
print(
    "  evaluation with the ledger     \(limitedNanos / Int64(max(claims.count, 1))) ns a claim (\(Int64(claims.count) * 1_000_000_000 / max(limitedNanos, 1)) claims/s; \(refusedByLimits) refused)"
)
let footprint = ledger.footprint
print(
    "  the ledger after the corpus    \(footprint.keys) keys in \(footprint.bytes / 1_000_000) MB (\(footprint.bytes / max(footprint.keys, 1)) bytes a key): a batch's memory grows with the keys its limits remember, not with its claims"
)
