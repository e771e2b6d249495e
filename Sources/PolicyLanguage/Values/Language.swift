// The language the engine speaks to people: diagnostics, derivations, the engine's own refusal
// reasons and the command line, in English (the default) or Chinese, for the policy staff and
// claims officers who use it. What is said is a `Phrase`, written in both languages where it is
// made (`Phrase("cannot add yuan and days", "元与天不能相加")`), so a message reads whole in each;
// the language is chosen only at the edge, where the words are shown: the command line chooses it
// once per command (`--lang`, else LANG) and hands it to the renderer, the batch and the console.

package enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// `--lang` when given (nil if it names no language this tool speaks), else the LANG
    /// environment variable (`zh_CN.UTF-8` is Chinese), else English.
    package static func choose(option: String?, environment: [String: String]) -> Language? {
        if let option { return Language(rawValue: option.lowercased()) }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}
