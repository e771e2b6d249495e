// Golden corpora: for every bundled policy, claims with their recorded results, so that any
// change of outcome fails the suite and shows in a diff. The claims are made once from the
// policy's own worked examples; re-record the results after an intended change with
// `RECORD_GOLDENS=1 swift test --filter GoldenCorpusTests` and review `git diff`.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct GoldenCorpusTests {
    static let directory = Repository.path("Tests/PolicyLanguageTests/Fixtures/golden")

    /// A claim for each expectation of the policy's tests that names a program or an obligation,
    /// with the facts the test gives, on the test's date or else the first day the policy is in
    /// force. A text fact the test does not give (a platform, a course) is the claim's own id, and
    /// an identity number it does not give a person of the claim's own (`person(_:)`), so that
    /// limits across claims keep the claims apart. Tests that fix a rule's value cannot be claims
    /// and are left out.
    static func claims(from entry: PolicyLibrary.Entry) -> [String] {
        let program = entry.program
        let formatter = ValueFormatter(program: program)
        var lines: [String] = []
        for test in program.tests where test.givenRules.isEmpty {
            for expectation in test.expectations where program.rules[expectation.rule].kind != .rule {
                let id = "\(entry.info.name)-\(lines.count + 1)"
                var facts: [JSONMember] = test.givenInputs.map { slot, value in
                    let input = program.inputs[slot]
                    let fact: JSONValue =
                        input.type == .bool ? .bool(!value.decimal.isZero) : .string(formatter.format(value, as: input.type))
                    return JSONMember(key: input.name, value: fact)
                }
                let given = Set(test.givenInputs.map(\.slot))
                for (slot, input) in program.inputs.enumerated() where !given.contains(slot) {
                    switch input.type {
                    case .text: facts.append(JSONMember(key: input.name, value: .string(id)))
                    case .identity: facts.append(JSONMember(key: input.name, value: .string(person(lines.count + 1))))
                    default: break
                    }
                }
                let claim = JSONValue.object(
                    [
                        JSONMember(key: "id", value: .string(id)),
                        JSONMember(key: "date", value: .string((test.claimDate ?? entry.info.period.start).description)),
                        JSONMember(key: "jurisdiction", value: .string(entry.info.jurisdictionPath)),
                        JSONMember(key: "program", value: .string(program.rules[expectation.rule].name)),
                        JSONMember(key: "facts", value: .object(facts)),
                    ] + (test.applicationDate.map { [JSONMember(key: "applied", value: .string($0.description))] } ?? []))
                lines.append(JSONWriter.write(claim))
            }
        }
        return lines
    }

    /// Results with each fingerprint of the rules written `(fingerprint)`: a corpus records
    /// outcomes, and any edit of a policy file, a comment too, moves the fingerprint of every
    /// result decided under it (`DecisionTests` holds what a fingerprint is). A result without a
    /// well-formed fingerprint keeps what it has, and so differs from the recording.
    static func maskingFingerprints(_ results: String) -> String {
        let key = "\"fingerprint\":\""
        var masked = ""
        var rest = Substring(results)
        while let found = rest.range(of: key) {
            masked += rest[..<found.upperBound]
            rest = rest[found.upperBound...]
            let digits = rest.prefix(Fingerprint.digits)
            if Fingerprint.isWellFormed(String(digits)), rest.dropFirst(Fingerprint.digits).first == "\"" {
                masked += "(fingerprint)"
                rest = rest.dropFirst(Fingerprint.digits)
            }
        }
        return masked + rest
    }

    @Test func everyPolicysCorpusIsDecidedAsRecorded() throws {
        let library = PolicyLibrary.load(paths: [Repository.path("policies")])
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil
        #expect(library.entries.count >= 5)
        for entry in library.entries {
            let stem = URL(fileURLWithPath: entry.info.source.path).deletingPathExtension().lastPathComponent
            let claimsPath = "\(Self.directory)/\(stem).claims.jsonl"
            let resultsPath = "\(Self.directory)/\(stem).results.jsonl"
            if record, !FileManager.default.fileExists(atPath: claimsPath) {
                try (Self.claims(from: entry).joined(separator: "\n") + "\n").write(
                    toFile: claimsPath, atomically: true, encoding: .utf8)
            }
            guard let claims = FileManager.default.contents(atPath: claimsPath) else {
                Issue.record("\(entry.info.name) has no golden corpus \(claimsPath): record one with RECORD_GOLDENS=1")
                continue
            }
            var source = BytesSource([UInt8](claims))
            var output: [UInt8] = []
            let summary = BatchRunner(library: library, ledger: Ledger(), outputFormat: .jsonl)
                .run(&source, inputFormat: .jsonl) { output.append(contentsOf: $0) }
            #expect(summary.read >= 3, "\(stem): a corpus of a few claims at least")
            let results = Self.maskingFingerprints(String(decoding: output, as: UTF8.self))
            if record { try results.write(toFile: resultsPath, atomically: true, encoding: .utf8) }
            let recorded = try String(contentsOfFile: resultsPath, encoding: .utf8)
            let (now, then) = (results.split(separator: "\n"), recorded.split(separator: "\n"))
            #expect(now.count == then.count, "\(stem): \(now.count) results, \(then.count) recorded")
            for (line, (result, expected)) in zip(now, then).enumerated() where result != expected {
                Issue.record("\(stem).claims.jsonl line \(line + 1) changed:\n  recorded \(expected)\n  now      \(result)")
            }
        }
    }
}
