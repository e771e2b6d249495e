// What a decision says about where it came from: the policy whose definition priced it beside the
// one it was routed through, and the fingerprint of the rules that made it (SHA-256, checked
// against the FIPS 180-4 vectors), in eval's text and JSON, batch results, check, and --rules.

import Foundation
import Testing

@testable import PolicyCommandLine
@testable import PolicyLanguage

@Suite struct SHA256Tests {
    /// FIPS 180-4 (and its examples, csrc.nist.gov): the empty message, "abc", the 448-bit
    /// message, and one million 'a'.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func theStandardsVectors(message: String, digest: String) {
        #expect(SHA256.hex(SHA256.digest(message.utf8)) == digest)
    }

    @Test func oneMillionAs() {
        #expect(
            SHA256.hex(SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A message fed in pieces of any size hashes as it does whole, across block boundaries and
    /// the padding's 55/56-byte edge.
    @Test(arguments: [1, 7, 55, 56, 63, 64, 65, 200])
    func piecesHashAsTheWhole(piece: Int) {
        let message = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for length in [0, 55, 56, 63, 64, 119, 120, 300] {
            let whole = SHA256.digest(message[..<length])
            var hash = SHA256()
            for start in stride(from: 0, to: length, by: piece) { hash.update(message[start..<min(start + piece, length)]) }
            #expect(hash.finish() == whole, "length \(length) in pieces of \(piece)")
        }
    }
}

@Suite struct FingerprintTests {
    static let parent =
        "policy 甲 {\n  title \"甲\"\n  document \"甲〔2021〕1号\"\n  jurisdiction 山西省\n  in force 2021-01-01 to 2021-12-31\n}\n"
        + "input 天数: days\nprogram 普惠: yuan cite \"一\" = 150 yuan/day * 天数\n"
    static let child =
        "policy 乙 {\n  title \"乙\"\n  document \"乙〔2022〕1号\"\n  jurisdiction 山西省\n  extends 甲\n  in force 2022-01-01 to 2022-12-31\n}\n"

    /// The first 12 hex digits of SHA-256 over, per file outermost first, the name, a line feed,
    /// the length, a line feed and the bytes; the expected values were computed apart (Python's
    /// hashlib over the same bytes).
    @Test func aPolicysFingerprintCoversItsChainOutermostFirst() {
        let library = PolicyLibrary.load(sources: [
            SourceFile(path: "a.policy", text: Self.parent), SourceFile(path: "b.policy", text: Self.child),
        ])
        #expect(!library.hasErrors, "\(library.diagnostics.map(\.message.english))")
        #expect(library.entry(named: "甲")?.program.fingerprint == "e76677453181")
        #expect(library.entry(named: "乙")?.program.fingerprint == "8b14c633783d")
        #expect(library.fingerprint == "8b14c633783d")
        #expect(Fingerprint.of([("甲", Array(Self.parent.utf8))]) == "e76677453181")
        // One byte more in the parent moves both policies' fingerprints and the library's.
        let edited = PolicyLibrary.load(sources: [
            SourceFile(path: "a.policy", text: Self.parent + "\n"), SourceFile(path: "b.policy", text: Self.child),
        ])
        #expect(edited.entry(named: "甲")?.program.fingerprint != "e76677453181")
        #expect(edited.entry(named: "乙")?.program.fingerprint != "8b14c633783d")
        #expect(edited.fingerprint != library.fingerprint)
    }

    @Test func missingFingerprintsAreNamedInTheOrderGiven() {
        let library = PolicyLibrary.load(sources: [SourceFile(path: "a.policy", text: Self.parent)])
        #expect(
            library.missingFingerprints(["E76677453181", "000000000000", library.fingerprint, "abcdefabcdef"]) == [
                "000000000000", "abcdefabcdef",
            ])
        #expect(Fingerprint.isWellFormed("0123456789aB"))
        #expect(!Fingerprint.isWellFormed("0123456789a"))
        #expect(!Fingerprint.isWellFormed("0123456789ag"))
    }
}

@Suite struct ProvenanceTests {
    private func run(_ arguments: [String], input: String = "") -> (ExitCode, Console) {
        let console = Console(input: Array(input.utf8))
        let code = PolicyCommandLine.run(arguments, console: console)
        return (code, console)
    }

    private let policies = ["--policies", Repository.path("policies")]
    private static let library = PolicyLibrary.load(paths: [Repository.path("policies")])

    private static func fingerprint(_ policy: String) -> String {
        library.entry(named: policy)?.program.fingerprint ?? "(no policy \(policy))"
    }

    /// Small firms' hiring subsidy is defined by the 2021 plan only; in 2022 a claim is routed
    /// through the 2022 plan, which extends it and does not mention it.
    private static let inheritedClaim = """
        {"id": "XW-1", "date": "2022-06-15", "jurisdiction": "山西省", "program": "小微企业吸纳就业补助",
         "facts": {"小微企业": true, "稳定就业新吸纳人数": 20}}
        """

    @Test func aDecisionNamesThePolicyThatPricedItAndTheOneItWasRoutedThrough() throws {
        let decision = Engine(library: Self.library).decide(json: Array(Self.inheritedClaim.utf8))
        #expect(decision.policy?.name == "山西省2022")
        #expect(decision.pricedBy == "山西省2021")
        #expect(decision.pricingClause?.description == "晋办发〔2021〕6号 三(六)")
        #expect(decision.isPricedElsewhere)
        #expect(decision.fingerprint == Self.fingerprint("山西省2022"))

        let (code, english) = run(["eval"] + policies, input: Self.inheritedClaim)
        #expect(code == .success)
        #expect(
            english.output == """
                XW-1  granted  20000 yuan
                  policy      山西省2022 · 晋技能组发〔2022〕1号 · 山西省2022年职业技能培训工作方案
                  program     小微企业吸纳就业补助
                  priced by   山西省2021 三(六) (晋办发〔2021〕6号), through 山西省2022
                  rules       \(Self.fingerprint("山西省2022"))
                  decided by  晋办发〔2021〕6号 三(六)

                """)
        let (_, chinese) = run(["eval", "--lang", "zh"] + policies, input: Self.inheritedClaim)
        #expect(
            chinese.output == """
                XW-1  核准  20000 元
                  政策      山西省2022 · 晋技能组发〔2022〕1号 · 山西省2022年职业技能培训工作方案
                  项目      小微企业吸纳就业补助
                  计价依据  山西省2021 三(六)（晋办发〔2021〕6号），经由 山西省2022
                  规则指纹  \(Self.fingerprint("山西省2022"))
                  依据条款  晋办发〔2021〕6号 三(六)

                """)

        let json = try JSONParser.parse(Array(run(["eval", "--json"] + policies, input: Self.inheritedClaim).1.output.utf8))
        #expect(json["policy"] == .string("山西省2022"))
        #expect(json["pricedBy"] == .string("山西省2021"))
        #expect(json["pricedClause"] == .string("晋办发〔2021〕6号 三(六)"))
        #expect(json["fingerprint"] == .string(Self.fingerprint("山西省2022")))
    }

    /// Priced by the policy it was routed through, the policy is said once.
    @Test func aPolicyThatPricesItsOwnClaimIsNamedOnce() {
        let (_, english) = run(["eval", Repository.path("examples/forklift.json")] + policies)
        #expect(english.output.contains("\n  priced by   陵川县2020 五(二)\n  rules       \(Self.fingerprint("陵川县2020"))\n"))
        let (_, chinese) = run(["eval", Repository.path("examples/forklift.json"), "--lang", "zh"] + policies)
        #expect(chinese.output.contains("\n  计价依据  陵川县2020 五(二)\n  规则指纹  \(Self.fingerprint("陵川县2020"))\n"))
        // An invalid claim that reached a policy still names it; one that reached none names nothing.
        let (_, invalid) = run(["eval", Repository.path("examples/invalid-negative-days.json")] + policies)
        #expect(invalid.output.contains("\n  priced by   "))
        let (_, unrouted) = run(
            ["eval", "--json"] + policies,
            input: #"{"id": "X", "date": "2021-12-15", "jurisdiction": "山西省", "program": "无此项目", "facts": {}}"#)
        #expect(!unrouted.output.contains("pricedBy") && !unrouted.output.contains("fingerprint"))
    }

    /// The first six columns stay as they were (benchmarks read them); who priced the claim and
    /// the fingerprint come after the reasons, empty for a claim no policy decided.
    @Test func batchResultsCarryWhoPricedThemAndTheFingerprint() throws {
        let claims = """
            id,date,jurisdiction,program,小微企业,稳定就业新吸纳人数
            XW-1,2022-06-15,山西省,小微企业吸纳就业补助,true,20
            XW-2,2022-06-15,山西省,无此项目,,

            """
        let (code, csv) = run(["run", "-"] + policies, input: claims)
        #expect(code == .invalidClaim)
        let lines = csv.output.split(separator: "\n").map(String.init)
        let fingerprint = Self.fingerprint("山西省2022")
        #expect(lines.first == "line,id,policy,program,status,amount,reasons,priced_by,priced_clause,fingerprint")
        #expect(lines.dropFirst().first == "2,XW-1,山西省2022,小微企业吸纳就业补助,granted,20000,,山西省2021,晋办发〔2021〕6号 三(六),\(fingerprint)")
        let invalid = rows(csv.output)[1]
        #expect(invalid["status"] == "invalid" && invalid["priced_by"] == "" && invalid["fingerprint"] == "")
        #expect(invalid["reasons"]?.contains("无此项目") == true)

        let (_, jsonl) = run(["run", "-", "--format", "jsonl"] + policies, input: claims)
        let results = try jsonl.output.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(results.count == 2)
        #expect(results.first?["pricedBy"] == .string("山西省2021"))
        #expect(results.first?["pricedClause"] == .string("晋办发〔2021〕6号 三(六)"))
        #expect(results.first?["fingerprint"] == .string(fingerprint))
        #expect(results.last?["pricedBy"] == .null && results.last?["fingerprint"] == .null)
    }

    @Test func checkPrintsEachPolicysFingerprintAndTheLibrarys() throws {
        let (code, english) = run(["check", Repository.path("policies")])
        #expect(code == .success)
        #expect(
            english.output.contains(
                "fingerprints of the rules (SHA-256 of each policy's files, outermost first; give them to run or eval with --rules):\n"
                    + "  陵川县2020          \(Self.fingerprint("陵川县2020"))\n"))
        #expect(english.output.hasSuffix("  (all policies)      \(Self.library.fingerprint)\n"))
        let (_, chinese) = run(["check", Repository.path("policies"), "--lang", "zh"])
        #expect(chinese.output.contains("规则指纹（各政策及其所继承政策文件的 SHA-256，由外及内；可用 --rules 交给 run 或 eval）：\n"))
        #expect(chinese.output.hasSuffix("  （全部政策）        \(Self.library.fingerprint)\n"))
        let json = try JSONParser.parse(Array(run(["check", Repository.path("policies"), "--json"]).1.output.utf8))
        #expect(json["fingerprint"] == .string(Self.library.fingerprint))
        guard case .array(let each)? = json["fingerprints"] else {
            Issue.record("no fingerprints in the check's JSON")
            return
        }
        #expect(each.count == Self.library.entries.count)
        #expect(each.first?["policy"] == .string("陵川县2020"))
        #expect(each.first?["fingerprint"] == .string(Self.fingerprint("陵川县2020")))
    }

    /// A replay names its rules; policies that are not those rules decide nothing (exit 64).
    @Test func rulesRefuseToStartWithoutTheirFingerprints() {
        let claims = Repository.path("examples/batch-lingchuan.csv")
        let own = Self.fingerprint("陵川县2020")
        #expect(run(["run", claims, "--rules", own.uppercased()] + policies).0 == .success)
        #expect(run(["run", claims, "--rules", "\(own),\(Self.library.fingerprint)"] + policies).0 == .success)
        #expect(run(["eval", Repository.path("examples/forklift.json"), "--rules", own] + policies).0 == .success)

        let (code, refused) = run(["run", claims, "--rules", "\(own),000000000000"] + policies)
        #expect(code == .usage)
        #expect(refused.output.isEmpty)
        let have = Self.library.entries.map { "\($0.info.name) \($0.program.fingerprint)" }
        #expect(
            refused.errors
                == "error: the fingerprint 000000000000 is not among the policies in \(Repository.path("policies")), which have "
                + have.joined(separator: ", ") + " (the whole library \(Self.library.fingerprint)): nothing is decided\n")
        let (evalCode, chinese) = run(
            ["eval", Repository.path("examples/forklift.json"), "--rules", "00000000000a", "--lang", "zh"] + policies)
        #expect(evalCode == .usage)
        #expect(chinese.output.isEmpty)
        #expect(
            chinese.errors
                == "错误: \(Repository.path("policies")) 中的政策没有规则指纹 00000000000a，现有的是 "
                + have.joined(separator: "、") + "（整个政策库 \(Self.library.fingerprint)）：不审核任何申领\n")

        let (badCode, bad) = run(["run", claims, "--rules", "811c"] + policies)
        #expect(badCode == .usage)
        #expect(
            bad.errors
                == "error: --rules takes fingerprints of 12 hex digits, as results and `policy check` print them, separated by commas; not 811c\n"
        )
        #expect(run(["eval", Repository.path("examples/forklift.json"), "--rules", ""] + policies).0 == .usage)
    }

    /// README's first command prints what README says it prints, byte for byte.
    @Test func theReadmesFirstOutputIsTrue() throws {
        let readme = try Repository.read("README.md")
        let opening = "The first prints:\n\n```\n"
        guard let start = readme.range(of: opening),
            let end = readme.range(of: "\n```", range: start.upperBound..<readme.endIndex)
        else {
            Issue.record("README.md no longer quotes the first command's output after \"The first prints:\"")
            return
        }
        let quoted = String(readme[start.upperBound..<end.lowerBound]) + "\n"
        let (code, console) = run(["eval", Repository.path("examples/forklift.json"), "--explain"] + policies)
        #expect(code == .success)
        #expect(console.output == quoted)
    }
}
