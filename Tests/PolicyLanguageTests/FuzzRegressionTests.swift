// Replays, with the fuzzers' own checks (FuzzHarness), every input kept under Fixtures/fuzz/ —
// what a fuzzer once found, and the seeds it starts from — so a finding, once fixed, stays fixed.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct FuzzRegressionTests {
    static let targets: [(name: String, check: @Sendable ([UInt8]) -> [String])] = [
        ("policy-text", FuzzHarness.policyText), ("claims", FuzzHarness.claims), ("evaluation", FuzzHarness.evaluation),
    ]

    /// The kept inputs of a fuzz target; throws when its folder cannot be read or keeps none.
    static func inputs(of target: String) throws -> [URL] {
        let directory = Repository.root.appendingPathComponent("Tests/PolicyLanguageTests/Fixtures/fuzz/\(target)")
        return try Listing.names(inDirectory: directory.path).map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: ["policy-text", "claims", "evaluation"])
    func everyKeptInputStillHoldsItsProperties(target: String) throws {
        let check = try #require(Self.targets.first { $0.name == target }?.check)
        let inputs = try Self.inputs(of: target)
        for input in inputs {
            let broken = check(Array(try Data(contentsOf: input)))
            #expect(broken.isEmpty, "\(input.lastPathComponent): \(broken.joined(separator: "; "))")
        }
    }

    @Test func theHarnessPassesWhatIsRightAndReadsItsChoicesInOrder() {
        #expect(FuzzHarness.policyText(Array("policy 甲 {}\n".utf8)).isEmpty)
        #expect(FuzzHarness.policyText([]).isEmpty)
        #expect(FuzzHarness.claims(Array("id,date\nA,2021-01-01\nB\n\"C\n".utf8)).isEmpty)
        var choices = FuzzHarness.Choices([0, 3, 0, 1])
        #expect(choices.next(below: 10) == 3)
        #expect(choices.next(below: 10) == 1)
        #expect(choices.next(below: 10) == 0)
    }
}
