// The derivation of a result: which rules ran, which facts and table rows they read, which
// branches they took, with each rule's citation and intermediate value. Only an explained
// evaluation records it; batch evaluation runs code compiled without any of these calls.

package final class TraceNode: @unchecked Sendable {
    package enum Kind: String, Sendable {
        case rule, fact, row, condition, match, tier, bracket, bound, rounding, requirement, fallback, limit
    }

    package let kind: Kind
    package let label: Phrase
    package internal(set) var value: Phrase?
    /// Where the value was found, beside the value itself: `row CASE, line 122`.
    package internal(set) var detail: Phrase?
    package let citation: Citation?
    package let span: SourceSpan?
    /// For a table lookup: the row it read, by its key (what a comparison of two rule sets
    /// matches a changed row by).
    package internal(set) var cell: TableCell?
    package internal(set) var children: [TraceNode] = []

    init(kind: Kind, label: Phrase, value: Phrase? = nil, citation: Citation? = nil, span: SourceSpan? = nil) {
        self.kind = kind
        self.label = label
        self.value = value
        self.citation = citation
        self.span = span
    }

    /// Citations in the order the derivation first met them.
    package var citations: [Citation] {
        var seen: Set<Citation> = []
        var ordered: [Citation] = []
        func walk(_ node: TraceNode) {
            if let citation = node.citation, seen.insert(citation).inserted { ordered.append(citation) }
            node.children.forEach(walk)
        }
        walk(self)
        return ordered
    }
}

/// A cell a lookup read: the table, the row's key as each language writes it (its parts joined
/// by ", "), and the column.
package struct TableCell: Sendable, Hashable {
    package let table: String
    package let key: Phrase
    package let column: String

    package init(table: String, key: Phrase, column: String) {
        self.table = table
        self.key = key
        self.column = column
    }
}

/// A place a test can exercise or miss: a rule, one arm of an `if` or a `match`, a tier
/// bracket, a table row. An explained program registers its points when it is compiled.
package struct CoveragePoint: Sendable {
    package enum Kind: String, Sendable {
        case rule, branch, arm, bracket, row
    }

    package let kind: Kind
    /// What it is, as a reader finds it in the policy: `else of if RATE >= 80%`, in Chinese
    /// `如果 RATE >= 80% 的“否则”分支`.
    package var label: Phrase { Phrase(english, chinese) }
    package let span: SourceSpan
    /// Both labels are made when the program is compiled; a compiled program serves either language.
    package let english: String
    package let chinese: String

    init(kind: Kind, english: String, chinese: String, span: SourceSpan) {
        self.kind = kind
        self.english = english
        self.chinese = chinese
        self.span = span
    }

    /// The same point in every program that compiles its declaration (a province's rule is
    /// compiled into each county's program too) has the same key, in every language.
    package var key: String { "\(span.file.path):\(span.range.start):\(span.range.end):\(kind.rawValue):\(english)" }
}

/// The points of one compiled program, numbered as they are registered.
final class CoveragePoints {
    private(set) var points: [CoveragePoint] = []

    func add(_ kind: CoveragePoint.Kind, _ english: String, _ chinese: String, _ span: SourceSpan) -> Int {
        points.append(CoveragePoint(kind: kind, english: english, chinese: chinese, span: span))
        return points.count - 1
    }
}

/// Builds the trace tree while compiled code runs, and notes the coverage points it passes.
final class TraceRecorder {
    private(set) var roots: [TraceNode] = []
    private var stack: [TraceNode] = []
    private(set) var covered: [Int] = []

    func cover(_ point: Int) { covered.append(point) }

    func begin(_ kind: TraceNode.Kind, _ label: Phrase, citation: Citation? = nil, span: SourceSpan? = nil) {
        let node = TraceNode(kind: kind, label: label, citation: citation, span: span)
        attach(node)
        stack.append(node)
    }

    func end(_ value: Phrase?, detail: Phrase? = nil, cell: TableCell? = nil) {
        let node = stack.removeLast()
        node.value = value
        node.detail = detail
        node.cell = cell
    }

    func note(_ kind: TraceNode.Kind, _ label: Phrase, value: Phrase?, citation: Citation? = nil, span: SourceSpan? = nil) {
        attach(TraceNode(kind: kind, label: label, value: value, citation: citation, span: span))
    }

    /// Closes nodes left open by an evaluation that stopped part way, marking them with why.
    func unwind(to depth: Int, marking value: Phrase) {
        while stack.count > depth { end(value) }
    }

    var depth: Int { stack.count }

    /// Makes a finished node current again, so what follows is recorded under it.
    func reopen(_ node: TraceNode) {
        stack.append(node)
    }

    private func attach(_ node: TraceNode) {
        if let parent = stack.last { parent.children.append(node) } else { roots.append(node) }
    }
}

extension TraceNode {
    /// The tree drawn with box characters, one node a line, for `policy eval --explain`, in the
    /// language asked for.
    package func rendered(in language: Language, citationPrefix: (Citation) -> String = { $0.description }) -> String {
        var lines: [String] = []
        let fact = Phrase("  (fact)", "（事实）").text(in: language)
        let colon = Phrase(": ", "：").text(in: language)
        func line(for node: TraceNode) -> String {
            var text = node.label.text(in: language)
            if let value = node.value?.text(in: language) {
                switch node.kind {
                case .fact: text += " = \(value)\(fact)"
                case .condition, .requirement, .match, .fallback, .limit: text += " → \(value)"
                case .bound, .bracket: text += colon + value
                default: text += " = \(value)"
                }
            }
            if let detail = node.detail { text += Phrase("  (\(detail.english))", "（\(detail.chinese)）").text(in: language) }
            if let citation = node.citation { text += "   [\(citationPrefix(citation))]" }
            return text
        }
        func walk(_ node: TraceNode, prefix: String, childPrefix: String) {
            lines.append(prefix + line(for: node))
            for (index, child) in node.children.enumerated() {
                let last = index == node.children.count - 1
                walk(child, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "))
            }
        }
        walk(self, prefix: "", childPrefix: "")
        return lines.joined(separator: "\n")
    }
}
