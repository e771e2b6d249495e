// Replays, with the fuzzers' own checks (FuzzHarness), every input kept under Fixtures/fuzz/ —
// what a fuzzer once found, the seeds it starts from and a minimized corpus of what it reached —
// so a finding, once fixed, stays fixed. Also keeps the fuzzers' dictionaries (Tests/Fuzz/*.dict)
// in step with the language: re-record them after a change with
// `RECORD_GOLDENS=1 swift test --filter FuzzRegressionTests` and read `git diff`.

import Foundation
import Testing

@testable import PolicyLanguage

@Suite struct FuzzRegressionTests {
    /// The fuzz targets whose kept inputs are replayed: a new target is one line here.
    static let targets: [(name: String, check: @Sendable ([UInt8]) -> [String])] = [
        ("policy-text", FuzzHarness.policyText),
        ("claims", FuzzHarness.claims),
        ("evaluation", FuzzHarness.evaluation),
        ("generated", FuzzHarness.generated),
    ]

    /// The kept inputs of a fuzz target; throws when its folder cannot be read or keeps none.
    static func inputs(of target: String) throws -> [URL] {
        let directory = Repository.root.appendingPathComponent("Tests/PolicyLanguageTests/Fixtures/fuzz/\(target)")
        return try Listing.names(inDirectory: directory.path).map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: targets.map(\.name))
    func everyKeptInputStillHoldsItsProperties(target: String) throws {
        let check = try #require(Self.targets.first { $0.name == target }?.check)
        let inputs = try Self.inputs(of: target)
        #expect(!inputs.isEmpty, "Fixtures/fuzz/\(target) keeps no input")
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

    // MARK: Dictionaries

    @Test(arguments: ["policy-text", "claims"])
    func theDictionariesHoldTheLanguagesWords(target: String) throws {
        let words = target == "policy-text" ? FuzzDictionary.policyTextWords() : FuzzDictionary.claimsWords()
        let path = "Tests/Fuzz/\(target).dict"
        let expected = FuzzDictionary.text(words, for: target)
        if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] != nil {
            try expected.write(toFile: Repository.path(path), atomically: true, encoding: .utf8)
        }
        let kept = try Repository.read(path)
        #expect(kept == expected, "\(path) is out of step with the language: record it with RECORD_GOLDENS=1")
        // Read back as libFuzzer reads it: every entry one of the words, as its bytes.
        let entries = FuzzDictionary.entries(of: kept)
        #expect(Set(entries) == Set(words.map { Array($0.utf8) }))
    }

    @Test func aDictionaryEntryIsWrittenAsLibFuzzerReadsIt() {
        let text = FuzzDictionary.text(["如果", "a\"b\\", "\n"], for: "x")
        #expect(text.contains("如果=\"\\xe5\\xa6\\x82\\xe6\\x9e\\x9c\"\n"))
        #expect(text.contains("\"a\\\"b\\\\\"\n"))
        #expect(FuzzDictionary.entries(of: text) == [Array("如果".utf8), Array("a\"b\\".utf8), [10]])
    }
}

/// The words given to libFuzzer (`-dict=`) for the targets that read text: it splices them into
/// inputs, which reaches what random bytes seldom spell (`如果`, `2021年3月1日`, a policy's input).
enum FuzzDictionary {
    /// The keywords of both sets, the symbols and the full-width forms the lexer reads as them,
    /// dates as files write them, and the bits of a file's structure.
    static func policyTextWords() -> [String] {
        var words = Keyword.allCases.map(\.rawValue) + Symbol.allCases.map(\.rawValue)
        words += KeywordSet.chinese.values + KeywordSet.phrases.map(\.chinese)
        let fullWidth = "（）［］｛｝，：．｜＋－＊／％＝！＜＞≤≥≠×÷　“”、；。０１２３４５６７８９"
        words += fullWidth.unicodeScalars.map { String($0) }
        words += ["2021-01-01", "2021-1-1", "2020-02-29", "2021-02-29", "2021年3月1日", "２０２１－０３－０１", "2021-13-40"]
        words += ["// ", "\"", "\\\"", "\\n", "\n", "\r\n", "\t", "{\n", "\n}\n", "\u{FEFF}", "0.5", "100%", "1e3", "-1"]
        words += ["policy \"", "政策 \"", "rule ", "规则 ", "input ", "输入 ", "enum ", "枚举 ", "test ", "测试 "]
        return sorted(words)
    }

    /// A claim's structure in JSON and in CSV, and the bundled policies' names, jurisdictions,
    /// programs, inputs and enum cases.
    static func claimsWords() -> [String] {
        var words = Claim.fields.map { "\"\($0)\":" } + CSVHeader.roles.flatMap(\.names)
        words += [
            "{", "}", "[", "]", ":", ",", "\"", "\"\"", "null", "true", "false", "\n", "\r\n", "\\u00", "\\\"", "{\"facts\":{",
        ]
        words += ["2021-05-20", "2021-5-20", "2020-02-29", "9999-12-31", "85%", "-1", "0.5", "1e9", "140524199203150018"]
        for entry in FuzzHarness.bundled.entries {
            let program = entry.program
            words.append(entry.info.name)
            words.append(entry.info.jurisdictionPath)
            words += entry.info.jurisdiction
            words += program.programs.keys
            for input in program.inputs {
                words.append(input.name)
                if case .enumeration(let type) = input.type { words += type.cases }
            }
        }
        return sorted(words)
    }

    /// Sorted, without repeats, and no longer than libFuzzer takes a word (64 bytes).
    private static func sorted(_ words: [String]) -> [String] {
        Set(words).filter { !$0.isEmpty && $0.utf8.count <= 64 }.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
    }

    /// The dictionary file: one `NAME="BYTES"` a line, a byte outside printable ASCII written `\xNN`
    /// (libFuzzer takes no other), the name the word itself when it is letters.
    static func text(_ words: [String], for target: String) -> String {
        var text = "# libFuzzer's dictionary for the \(target) fuzz target (scripts/fuzz.sh), written by\n"
        text += "# FuzzRegressionTests: RECORD_GOLDENS=1 swift test --filter FuzzRegressionTests\n"
        for word in words {
            var escaped = ""
            for byte in word.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): escaped += "\\" + String(UnicodeScalar(byte))
                case 0x20..<0x7F: escaped.unicodeScalars.append(UnicodeScalar(byte))
                default:
                    let hex = String(byte, radix: 16)
                    escaped += "\\x" + (hex.count == 1 ? "0" : "") + hex
                }
            }
            let isName = word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            text += (isName && !word.unicodeScalars.contains("=") ? word + "=" : "") + "\"" + escaped + "\"\n"
        }
        return text
    }

    /// The entries of a dictionary file, read as libFuzzer reads them.
    static func entries(of text: String) -> [[UInt8]] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> [UInt8]? in
            let bytes = Array(line.utf8)
            guard let open = bytes.firstIndex(of: UInt8(ascii: "\"")), bytes.last == UInt8(ascii: "\""), open < bytes.count - 1
            else { return nil }
            var entry: [UInt8] = []
            var index = open + 1
            while index < bytes.count - 1 {
                if bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "x"), index + 3 < bytes.count - 1 {
                    entry.append(UInt8(String(decoding: bytes[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)!)
                    index += 4
                } else if bytes[index] == UInt8(ascii: "\\") {
                    entry.append(bytes[index + 1])
                    index += 2
                } else {
                    entry.append(bytes[index])
                    index += 1
                }
            }
            return entry
        }
    }
}
