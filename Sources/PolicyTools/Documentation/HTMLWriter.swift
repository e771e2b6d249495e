// Writes HTML for the proof-reading pages (`policy doc`): every text and attribute value is
// escaped on its way in, and every element is closed by the writer that opened it, so a page is
// well formed by construction rather than by care. SVG charts are written with it too.

import PolicyLanguage

struct HTMLWriter {
    private(set) var html = ""
    /// The elements opened and not yet closed, innermost last.
    private var open: [String] = []

    /// Elements HTML never closes: written as `<meta …>`. Any other element without content is
    /// written `<line … />`, which is how SVG's empty elements are closed inside HTML.
    private static let voidElements: Set<String> = ["meta", "br", "hr", "img", "link", "col", "wbr"]

    /// Text as HTML: `&`, `<`, `>` and both quotes replaced, so it is safe as content and as an
    /// attribute value.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The start of a document; `</html>` is written by `finish`.
    mutating func startDocument(language: String) {
        html += "<!DOCTYPE html>\n"
        start("html", ["lang": language])
    }

    /// Closes what is still open and returns the page.
    mutating func finish() -> String {
        while let tag = open.last { end(tag) }
        html += "\n"
        return html
    }

    mutating func start(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        html += "<\(tag)\(Self.attributes(attributes))>"
        open.append(tag)
    }

    mutating func end(_ tag: String) {
        precondition(open.last == tag, "closing <\(tag)> inside <\(open.last ?? "nothing")>")
        open.removeLast()
        html += "</\(tag)>"
        if Self.blockElements.contains(tag) { html += "\n" }
    }

    /// An element around what `content` writes.
    mutating func element(
        _ tag: String, _ attributes: KeyValuePairs<String, String?> = [:], _ content: (inout HTMLWriter) -> Void
    ) {
        start(tag, attributes)
        content(&self)
        end(tag)
    }

    /// An element holding only text.
    mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        start(tag, attributes)
        self.text(text)
        end(tag)
    }

    /// An element with no content: `<meta charset="utf-8">`, `<line … />`.
    mutating func empty(_ tag: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        html += "<\(tag)\(Self.attributes(attributes))" + (Self.voidElements.contains(tag) ? ">" : " />")
        if Self.blockElements.contains(tag) || Self.voidElements.contains(tag) { html += "\n" }
    }

    /// What another writer wrote, all of its elements closed: a chart made apart from the page.
    mutating func append(_ other: HTMLWriter) {
        precondition(other.open.isEmpty, "appending a writer with <\(other.open.last ?? "")> still open")
        html += other.html
    }

    mutating func text(_ text: String) {
        html += Self.escape(text)
    }

    /// Markup made by this writer's own rules (a stylesheet); never text from a policy.
    mutating func trusted(_ markup: StaticString) {
        html += "\(markup)"
    }

    /// A line break after block elements keeps the page's source readable; it changes nothing shown.
    private static let blockElements: Set<String> = [
        "html", "head", "body", "main", "header", "footer", "section", "article", "nav", "div", "table", "thead",
        "tbody", "tr", "ul", "ol", "li", "dl", "pre", "blockquote", "figure", "svg", "style", "title", "h1", "h2",
        "h3", "p", "line", "polyline", "circle", "text", "rect",
    ]

    /// ` name="value"` for each attribute whose value is not nil, in order.
    private static func attributes(_ attributes: KeyValuePairs<String, String?>) -> String {
        var written = ""
        for (name, value) in attributes {
            guard let value else { continue }
            written += " \(name)=\"\(escape(value))\""
        }
        return written
    }
}
