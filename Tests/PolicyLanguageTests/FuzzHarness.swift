// What the fuzz targets check on any input, shared by the fuzzers (Tests/Fuzz, built by
// scripts/fuzz.sh with libFuzzer and AddressSanitizer, this file compiled into the library's own
// module with -D FUZZING) and by the tests that replay every input they ever found
// (Fixtures/fuzz/). Each check returns the properties the input broke; a crash, a sanitizer
// report or a hang is a finding by itself.

import Foundation

#if !FUZZING
    @testable import PolicyLanguage
#endif

enum FuzzHarness {
    /// The bundled policies, loaded once.
    static let bundled = PolicyLibrary.load(
        paths: [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("policies").path
        ])

    // MARK: Policy text

    /// Any bytes as a policy file: lexing, parsing, checking, the deep checks and the rendering
    /// of their diagnostics end; the formatter never refuses its own text (in either keyword set),
    /// and a file that formats formats to itself and keeps its tokens and its comments (but for
    /// the spaces that end a comment, which the formatter drops).
    ///
    /// Most of the fuzzer's inputs do not lex or parse, and for them the formatter, which parses
    /// first and formats nothing with a syntax error, is not called: its properties hold of them
    /// by its own first step, and calling it would parse the file three times more.
    static func policyText(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        let source = SourceFile(path: "fuzz.policy", bytes: bytes)
        let parsed = Parser.parse(source)
        let library = PolicyLibrary.load(parsed: [parsed])
        _ = Analyzer.review(library)
        render(library.diagnostics)
        if !library.hasErrors, library.entries.isEmpty {
            broken.append("a file with no policy loaded without an error")
        }
        guard !parsed.1.hasErrors else { return broken }
        // The formatter verifies its text before giving it: a refusal of its own text is a finding.
        let lexed = Lexer.tokenize(source)
        let formatted = Formatter.format(source)
        if formatted.diagnostics.contains(where: { $0.code == .formatMismatch }) {
            broken.append("the formatter refuses its own text")
        }
        if Formatter.format(source, keywords: lexed.keywords.other).diagnostics.contains(where: { $0.code == .formatMismatch }) {
            broken.append("the formatter refuses its own text in the keywords \(lexed.keywords.other)")
        }
        if let text = formatted.text {
            let again = SourceFile(path: "fuzz.policy", text: text)
            if Formatter.format(again).text != text { broken.append("formatting twice changes the file") }
            let after = Lexer.tokenize(again)
            if lexed.tokens.map(\.kind) != after.tokens.map(\.kind) { broken.append("formatting changes the tokens") }
            // The formatter keeps every comment but for the spaces that end it.
            let comments = { (file: LexedFile) in file.comments.map { Formatter.trailingSpaceTrimmed($0.text) } }
            if comments(lexed) != comments(after) { broken.append("formatting changes the comments") }
        }
        return broken
    }

    /// Renders diagnostics as `policy check` does. Syntax errors stop at the limit, but a file
    /// that parses can have a diagnostic of the checker's for every name it misuses, many on one
    /// line: past the first and last `renderedEnds`, one of each code and one of each line is
    /// rendered, which keeps every kind of diagnostic and every line rendered at a cost that does
    /// not grow with the square of the input.
    static func render(_ diagnostics: [Diagnostic]) {
        let renderer = DiagnosticRenderer(useColor: false)
        guard diagnostics.count > 2 * renderedEnds else {
            _ = renderer.render(diagnostics)
            return
        }
        var codes: Set<DiagnosticCode> = []
        var lines: Set<Int> = []
        for (index, diagnostic) in diagnostics.enumerated() {
            let line = diagnostic.location?.line ?? 0
            let isEnd = index < renderedEnds || index >= diagnostics.count - renderedEnds
            if codes.insert(diagnostic.code).inserted || lines.insert(line).inserted || isEnd {
                _ = renderer.render(diagnostic)
            }
        }
    }

    /// How many diagnostics at either end of a file's are always rendered.
    static let renderedEnds = 8

    // MARK: Claims

    /// Any bytes as a claim and as a batch (CSV and JSON lines) under the bundled policies: a
    /// batch writes one result for every record it reads, and its counts add up. Each batch has
    /// a ledger of its own, as each `policy batch` has: a ledger kept from input to input would
    /// decide an input by those before it, and a finding would not replay alone. The runners,
    /// one for each input format, are kept, and with them the plans they make.
    static func claims(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        _ = Claim.decode(json: bytes)
        var reader = CSVReader(bytes: bytes)
        var records = 0
        while reader.next() != nil {
            records += 1
            if records > bytes.count + 1 {
                broken.append("the CSV reader does not end")
                break
            }
        }
        // The tests replay inputs on several threads at once; the runners take one at a time.
        claimRunnersLock.lock()
        defer { claimRunnersLock.unlock() }
        for (format, runner) in claimRunners {
            var output: [UInt8] = []
            var source = BytesSource(bytes)
            runner.ledger = Ledger()
            let summary = runner.run(&source, inputFormat: format) { output.append(contentsOf: $0) }
            let results = output.count { $0 == UInt8(ascii: "\n") }  // one line feed ends each result
            if results != summary.read {
                broken.append("\(format): \(summary.read) claims read, \(results) results written")
            }
            if summary.granted + summary.refused + summary.invalid != summary.read {
                broken.append("\(format): the counts do not add up to the claims read")
            }
        }
        return broken
    }

    /// A runner for each input format, writing JSON lines, which the claims target keeps.
    private static let claimRunnersLock = NSLock()
    nonisolated(unsafe) private static let claimRunners: [(BatchFormat, BatchRunner)] = [BatchFormat.csv, .jsonl].map {
        ($0, BatchRunner(library: bundled, ledger: Ledger(), outputFormat: .jsonl))
    }

    // MARK: Evaluation

    /// Bytes as the choices of a claim against the bundled policies: a policy, one of its programs,
    /// a day around its period, and a value (or none) for each input, in range and out of it. The
    /// explained and the batch compilation of the program must decide it alike.
    static func evaluation(_ bytes: [UInt8]) -> [String] {
        var choices = Choices(bytes)
        guard !bundled.entries.isEmpty else { return ["the bundled policies do not load"] }
        let chosen = evaluationPlans[choices.next(below: evaluationPlans.count)]
        let entry = chosen.entry
        let program = entry.program
        let slot = chosen.slots[choices.next(below: chosen.slots.count)]
        let period = entry.info.period
        let span = min(period.end.dayNumber - period.start.dayNumber, 3000)
        let date = CalendarDate(dayNumber: period.start.dayNumber + choices.next(below: span + 60) - 30)
        var facts: [Fact] = []
        for input in program.inputs where !input.isOpen || choices.next(below: 2) == 0 {
            if choices.next(below: 8) == 0 { continue }  // a fact the claim leaves out
            facts.append(Fact(name: input.name, value: choices.value(for: input)))
        }
        let claim = Claim(id: "fuzz", date: date, jurisdiction: entry.info.jurisdiction, program: "", facts: facts)
        var outcomes: [String] = []
        for compiled in [chosen.explained, chosen.batch] {
            // A frame each, as the explained and the batch evaluation each have their own.
            let frame = Frame(program: program)
            let problems = FactDecoder(program: program).write(claim, into: frame)
            guard problems.isEmpty else { return [] }  // refused at the door, as a batch would
            outcomes.append(describe(compiled.evaluate(rule: slot, in: frame).outcome))
        }
        return outcomes[0] == outcomes[1]
            ? [] : ["\(entry.info.name) · \(program.rules[slot].name): explained \(outcomes[0]), batch \(outcomes[1])"]
    }

    /// What the evaluation target picks from, worked out once: each bundled policy, its
    /// programs' rule slots in the order of their names, and its two compilations.
    struct EvaluationPlan: Sendable {
        let entry: PolicyLibrary.Entry
        let slots: [Int]
        let explained: CompiledProgram
        let batch: CompiledProgram
    }

    static let evaluationPlans: [EvaluationPlan] = bundled.entries.map { entry in
        EvaluationPlan(
            entry: entry, slots: entry.program.programs.sorted { $0.key < $1.key }.map(\.value),
            explained: bundled.compiled(entry, traced: true), batch: bundled.compiled(entry, traced: false))
    }

    private static func describe(_ outcome: Outcome) -> String {
        switch outcome {
        case .granted(let value, _): "granted \(value.normalized)"
        case .refused(let refusals): "refused " + words(refusals.map(\.reason))
        case .invalid(let problems): "invalid " + words(problems)
        }
    }

    /// Phrases in both languages, written out without reflection (which costs more than the
    /// evaluation it describes).
    private static func words(_ phrases: [Phrase]) -> String {
        phrases.map { $0.text(in: .en) + " | " + $0.text(in: .zh) }.joined(separator: "; ")
    }

    /// Reads choices off the fuzzer's bytes; past their end every choice is the first.
    struct Choices {
        private let bytes: [UInt8]
        private var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func byte() -> Int {
            defer { offset += 1 }
            return offset < bytes.count ? Int(bytes[offset]) : 0
        }

        mutating func next(below count: Int) -> Int {
            guard count > 1 else { return 0 }
            return (byte() << 8 | byte()) % count
        }

        /// A value of the input's type: often within its bounds, sometimes beyond them.
        mutating func value(for input: Input) -> Fact.Value {
            switch input.type {
            case .enumeration(let type):
                let ordinal = next(below: type.cases.count + 1)
                return .text(ordinal < type.cases.count ? type.cases[ordinal] : "不存在的\(byte())")
            case .bool:
                return .bool(byte() & 1 == 1)
            case .date:
                return .text(CalendarDate(dayNumber: 18_000 + next(below: 3000)).description)
            case .text:
                return .text("t\(byte())")
            case .identity:
                // Valid, in the forms claims write them, or with a mistyped check character.
                let number = IdentityNumber(body: 11_010_519_900_101_000 + Int64(next(below: 1000)))!.description
                switch byte() % 4 {
                case 0: return .text(" \(number.lowercased()) ")
                case 1:
                    return .text(
                        String(
                            String.UnicodeScalarView(
                                number.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! })))
                case 2: return .text(String(number.dropLast()) + (number.last == "0" ? "1" : "0"))
                default: return .text(number)
                }
            case .quantity(let unit):
                let magnitude = [1, 10, 1000, 100_000, 1_000_000_000][next(below: 5)]
                var significand = next(below: magnitude + 1)
                if byte() < 16 { significand = -significand }
                let scale = [0, 0, 1, 2, 18][next(below: 5)]
                var text = String(significand.magnitude)
                if scale > 0 {
                    text = String(repeating: "0", count: max(0, scale + 1 - text.count)) + text
                    text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
                }
                text = (significand < 0 ? "-" : "") + text
                return unit.isPercent && byte() & 1 == 1 ? .text(text + "%") : .number(text)
            case .error:
                return .text("")
            }
        }
    }
}
