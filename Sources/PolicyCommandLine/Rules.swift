// `--rules FP[,FP…]` of `run` and `eval`: replay against the exact rules that made a result. The
// fingerprints a result carries must be among the loaded policies', or nothing is decided.

import PolicyLanguage

enum RulesOption {
    /// The fingerprints `--rules` gives, or nil after saying what is wrong with them.
    static func fingerprints(_ text: String, console: Console) -> [String]? {
        let given = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        guard !given.isEmpty, given.allSatisfy(Fingerprint.isWellFormed) else {
            console.writeError(
                console.errorLine(
                    console.say(
                        "--rules takes fingerprints of 12 hex digits, as results and `policy check` print them, separated by commas; not \(text)",
                        "--rules 应为 12 位十六进制的规则指纹（见审核结果和 policy check 的输出），多个以逗号分隔；不能是 \(text)")))
            return nil
        }
        return given.map { $0.lowercased() }
    }

    /// Exit 64 with a message naming the fingerprints the loaded policies lack and those they
    /// have, or nil when every one is there.
    static func require(_ wanted: [String]?, in library: PolicyLibrary, policies: String, console: Console) -> ExitCode? {
        guard let wanted else { return nil }
        let missing = library.missingFingerprints(wanted)
        guard !missing.isEmpty else { return nil }
        let have = library.entries.map { "\($0.info.name) \($0.program.fingerprint)" }
        let list = missing.joined(separator: ", ")
        console.writeError(
            console.errorLine(
                console.say(
                    "the fingerprint\(missing.count == 1 ? " \(list) is" : "s \(list) are") not among the policies in \(policies), which have \(have.joined(separator: ", ")) (the whole library \(library.fingerprint)): nothing is decided",
                    "\(policies) 中的政策没有规则指纹 \(missing.joined(separator: "、"))，现有的是 \(have.joined(separator: "、"))（整个政策库 \(library.fingerprint)）：不审核任何申领"
                )))
        return .usage
    }
}
