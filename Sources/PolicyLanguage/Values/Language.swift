// The language the engine speaks to people: diagnostics, derivations, the engine's own refusal
// reasons and the command line, in English (the default) or Chinese, for the policy staff and
// claims officers who use it. Each text is written as a pair where it is made,
// `localized("cannot add yuan and days", "元与天不能相加")`, so a message reads whole in both
// languages; the language is chosen once per command (`--lang`, else LANG) and carried by the task.

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

package enum Localization {
    /// The language of whatever is said in this task, and in the threads it starts (`LargeStack`).
    @TaskLocal package static var language: Language = .en
}

/// The English or the Chinese text, as the current language asks.
@inline(__always)
package func localized(_ english: @autoclosure () -> String, _ chinese: @autoclosure () -> String) -> String {
    Localization.language == .zh ? chinese() : english()
}
