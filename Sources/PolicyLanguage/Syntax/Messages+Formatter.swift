// The messages of the keyword sets and the formatter.

extension Messages {
    /// A name that reads as a keyword of the set a file is converted to; `places` are where it
    /// appears, the first reported, the others noted.
    static func keywordCollision(
        _ file: SourceFile, _ places: [SourceRange], _ name: String, keywords: [Keyword], in target: KeywordSet
    ) -> Diagnostic {
        let english = keywords.map(\.rawValue).joined(separator: " ")
        let chinese =
            KeywordSet.phrases.first { $0.words == keywords }?.chinese
            ?? keywords.map { KeywordSet.chinese[$0] ?? $0.rawValue }.joined()
        let others = places.dropFirst().prefix(10).map { "\(file.location(of: $0.start))" }
        let more = places.count - 1 - others.count
        return Diagnostic(
            .error, .keywordCollision,
            target == .zh
                ? message(
                    "converted to Chinese keywords, the name \(name) would read as the keyword \(verbatim: chinese) (`\(verbatim: english)`)",
                    "改写为中文关键字后，名称“\(name)”将被读作关键字“\(verbatim: chinese)”（\(verbatim: english)）")
                : message(
                    "converted to English keywords, the name \(name) would read as the keyword `\(verbatim: english)`",
                    "改写为英文关键字后，名称“\(name)”将被读作关键字“\(verbatim: english)”"),
            file: file, range: places[0],
            hint: message(
                "rename it, here and wherever it appears, to a word that is a keyword in neither set; then convert the file",
                "请将其改名（此处及其出现的各处），改用在两套关键字中都不是关键字的词，再转换本文件"),
            notes: others.isEmpty
                ? []
                : [
                    message(
                        "it also appears at \(others, separator: ", ")\(verbatim: more > 0 ? " and \(more) more places" : "")",
                        "该名称还出现在\(others, separator: "、")\(verbatim: more > 0 ? "等处（另有\(more)处）" : "")")
                ])
    }

    static func formatMismatch(_ file: SourceFile, _ range: SourceRange) -> Diagnostic {
        Diagnostic(
            .error, .formatMismatch,
            message(
                "formatting would change what this file says here, so it is not formatted", "整理格式会改变本文件此处的内容，因此不予整理"),
            file: file, range: range,
            hint: message(
                "this is a fault of policy fmt: please report it with the file", "这是 policy fmt 的缺陷，请连同此文件一并报告"))
    }

    static func chineseUnit(_ file: SourceFile, _ range: SourceRange, _ word: String, number: String, english: String)
        -> Diagnostic
    {
        Diagnostic(
            .error, .chineseUnit,
            message(
                "this file is written with English keywords, where \(word) is written \(english)",
                "本文件使用英文关键字，“\(word)”应写作 \(english)"),
            file: file, range: range,
            hint: message(
                "write \(number) \(english); or write the whole file with Chinese keywords (policy fmt --keywords zh)",
                "写作 \(number) \(english)；或用 policy fmt --keywords zh 将全文改为中文关键字"))
    }
}
