// How a policy file is laid out for a reader: the `// ---- … ----` comments that head its
// sections, the comment lines written directly above a declaration (the document's words it
// encodes), the notes that stand alone, and the file's opening comment. The parser keeps
// comments apart from the syntax tree; this puts them back beside what they describe.

import PolicyLanguage

struct SourceLayout {
    enum Item {
        /// `// ---- HEADING ----`
        case heading(String)
        /// Comment paragraphs that belong to no declaration.
        case note([String])
        /// A declaration and the comment paragraphs directly above it (and after it on its lines).
        case declaration(Declaration, notes: [String])
    }

    /// The comment before the `policy` header: what the file is and why it is read as it is.
    let preamble: [String]
    /// Comments written after the header's items on their lines.
    let headerNotes: [String]
    /// Headings, notes and declarations in file order.
    let items: [Item]

    init(_ file: PolicyFile) {
        let source = file.source
        var ownLine: [Int: Comment] = [:]
        var trailing: [Int: Comment] = [:]
        for comment in file.comments {
            let line = source.location(of: comment.range.start).line
            if comment.trailing { trailing[line] = comment } else { ownLine[line] = comment }
        }
        var used: Set<Int> = []
        func line(_ offset: Int) -> Int { source.location(of: offset).line }

        var positioned: [(offset: Int, item: Item)] = []
        for declaration in file.declarations {
            let first = line(declaration.range.start)
            // The block of comment lines ending on the line above, with no blank line between.
            var lines: [Comment] = []
            var above = first - 1
            while let comment = ownLine[above], Self.heading(comment.text) == nil {
                lines.insert(comment, at: 0)
                used.insert(above)
                above -= 1
            }
            let last = line(max(declaration.range.start, declaration.range.end - 1))
            lines += (first...last).compactMap { trailing[$0] }
            positioned.append((declaration.range.start, .declaration(declaration, notes: Self.paragraphs(lines))))
        }

        let headerStart = file.header.map { line($0.range.start) } ?? Int.max
        let headerEnd = file.header.map { line(max($0.range.start, $0.range.end - 1)) } ?? Int.max
        var preamble: [Comment] = []
        var loose: [Comment] = []
        for (number, comment) in ownLine.sorted(by: { $0.key < $1.key }) where !used.contains(number) {
            if number < headerStart {
                preamble.append(comment)
            } else if let heading = Self.heading(comment.text) {
                Self.flush(&loose, into: &positioned)
                positioned.append((comment.range.start, .heading(heading)))
            } else {
                // A note ends where a blank line or anything but a comment follows it.
                if let previous = loose.last, line(previous.range.start) != number - 1 {
                    Self.flush(&loose, into: &positioned)
                }
                loose.append(comment)
            }
        }
        Self.flush(&loose, into: &positioned)

        self.preamble = Self.paragraphs(preamble)
        self.headerNotes = headerStart == Int.max ? [] : Self.paragraphs((headerStart...headerEnd).compactMap { trailing[$0] })
        self.items = positioned.sorted { $0.offset < $1.offset }.map(\.item)
    }

    private static func flush(_ comments: inout [Comment], into items: inout [(offset: Int, item: Item)]) {
        guard let first = comments.first else { return }
        items.append((first.range.start, .note(paragraphs(comments))))
        comments = []
    }

    /// The heading a `// ---- HEADING ----` comment gives, or nil for any other comment.
    static func heading(_ comment: String) -> String? {
        let text = body(of: comment)
        guard text.hasPrefix("----"), text.hasSuffix("----"), text.count > 8 else { return nil }
        let inner = trimming(text.dropFirst(4).dropLast(4), [" ", "-"])
        return inner.isEmpty ? nil : inner
    }

    /// Comment lines as paragraphs: an empty comment line separates two, and the lines of one
    /// are joined with a space, except between two characters of a language written without
    /// spaces, where a line was only wrapped.
    static func paragraphs(_ comments: [Comment]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        for comment in comments {
            let text = body(of: comment.text)
            if text.isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                current = ""
                continue
            }
            if current.isEmpty {
                current = text
            } else {
                let joinsWithoutSpace =
                    current.unicodeScalars.last.map(isWrittenWithoutSpaces) == true
                    && text.unicodeScalars.first.map(isWrittenWithoutSpaces) == true
                current += (joinsWithoutSpace ? "" : " ") + text
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    /// A comment's text without its `//` and the spaces around it.
    private static func body(of comment: String) -> String {
        var text = Substring(comment)
        if text.hasPrefix("//") { text = text.dropFirst(2) }
        return trimming(text, [" ", "\t"])
    }

    /// CJK ideographs and punctuation, and full-width forms: text that wraps without a space.
    private static func isWrittenWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2E80...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3FFFF: true
        default: false
        }
    }

    /// The text without the given characters at either end.
    private static func trimming(_ text: Substring, _ characters: Set<Character>) -> String {
        var slice = text
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
