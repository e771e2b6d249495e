// Renders diagnostics the way a modern compiler does, in the language it is given: a location
// line, the source line and an underline under the exact span. Underlines are measured in terminal columns, where a Chinese
// character takes two, so they line up under the text they mean.

package struct DiagnosticRenderer: Sendable {
    package var useColor: Bool
    package var language: Language

    package init(useColor: Bool, language: Language = .en) {
        self.useColor = useColor
        self.language = language
    }

    package func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    package func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let severity = paint(diagnostic.severity.name.text(in: language), severityStyle(diagnostic.severity))
        let code = paint(" [\(diagnostic.code.rawValue)]", Style.dim)
        let message = paint(diagnostic.message.text(in: language), Style.bold)
        let location = diagnostic.location
        if let file = diagnostic.file, let location {
            out += paint("\(file.path):\(location.line):\(location.column):", Style.bold)
            out += " \(severity): \(message)\(code)\n"
            out += snippet(diagnostic, file: file, line: location.line)
        } else if let file = diagnostic.file {
            out += paint("\(file.path):", Style.bold) + " \(severity): \(message)\(code)\n"
        } else {
            out += "\(severity): \(message)\(code)\n"
        }
        let gutterWidth = location.map { String($0.line).count } ?? 0
        let pad = String(repeating: " ", count: gutterWidth + 1)
        let noteWord = Phrase("note", "注").text(in: language)
        for note in diagnostic.notes {
            out += "\(pad)\(paint("=", Style.blue)) \(noteWord): \(note.text(in: language))\n"
        }
        if let hint = diagnostic.hint {
            let hintWord = paint(Phrase("hint", "提示").text(in: language), Style.cyan)
            out += "\(pad)\(paint("=", Style.blue)) \(hintWord): \(hint.text(in: language))\n"
        }
        return out
    }

    private func snippet(_ diagnostic: Diagnostic, file: SourceFile, line: Int) -> String {
        guard let range = diagnostic.range else { return "" }
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        let bar = paint("|", Style.blue)
        // A long line is cut to the bytes around the primary span before anything is measured,
        // so that a diagnostic costs the same on a 10 MB line as on a short one. The cut keeps
        // more than the window shown below, at most four bytes a column on either side.
        let whole = file.lineBytes(line)
        var (lineStart, lineEnd) = (whole.lowerBound, whole.upperBound)
        if whole.count > Self.widestLine * 8 {
            let reach = Self.widestLine * 4
            // To whole characters: a cut inside one moves to its start.
            func cut(_ offset: Int) -> Int { max(whole.lowerBound, Self.characterStart(file.bytes, offset)) }
            lineStart = cut(max(whole.lowerBound, range.start - reach))
            lineEnd = cut(min(whole.upperBound, max(range.start, range.end) + reach))
        }
        let cutBefore = lineStart > whole.lowerBound
        let text = String(decoding: file.bytes[lineStart..<lineEnd], as: UTF8.self)

        // Underline marks per terminal column: the primary span with ^~~, labels with ~~~.
        var marks: [(columns: Range<Int>, primary: Bool, label: String?)] = []
        func columns(of span: SourceRange) -> Range<Int>? {
            guard span.start >= lineStart, span.start <= lineEnd else { return nil }
            let from = Self.displayWidth(of: file.bytes[lineStart..<span.start])
            let to = Self.displayWidth(of: file.bytes[lineStart..<min(max(span.end, span.start), lineEnd)])
            return from..<max(to, from + 1)
        }
        if let primary = columns(of: range) {
            marks.append((primary, true, diagnostic.primaryLabel?.text(in: language)))
        }
        for label in diagnostic.labels {
            if let span = columns(of: label.range) { marks.append((span, false, label.text.text(in: language))) }
        }
        marks.sort { $0.columns.lowerBound < $1.columns.lowerBound }

        // A very long line (a 10 MB one, say) is shown as a window around the primary span.
        var shown = text.printable()
        // No character is wider than its UTF-8 bytes: a line of few bytes fits unmeasured.
        let width = shown.utf8.count > Self.widestLine ? Self.displayWidth(of: shown) : 0
        if width > Self.widestLine {
            let start = max(0, (marks.first { $0.primary }?.columns.lowerBound ?? 0) - Self.widestLine / 4)
            let end = min(width, start + Self.widestLine)
            let cut = start > 0 || cutBefore
            shown = (cut ? "…" : "") + shown.columns(start..<end) + (end < width ? "…" : "")
            let shift = start - (cut ? 1 : 0)
            marks = marks.compactMap { mark in
                let lower = max(mark.columns.lowerBound, start)
                let upper = min(mark.columns.upperBound, end)
                guard lower < upper else { return nil }
                return ((lower - shift)..<(upper - shift), mark.primary, mark.label)
            }
        }

        // All underlines on one line; the last mark's label follows it, earlier labels go on
        // lines of their own under the start of their span.
        var underline = ""
        var column = 0
        for mark in marks where mark.columns.lowerBound >= column {
            underline += String(repeating: " ", count: mark.columns.lowerBound - column)
            let glyphs =
                mark.primary
                ? "^" + String(repeating: "~", count: mark.columns.count - 1)
                : String(repeating: "~", count: mark.columns.count)
            underline += paint(glyphs, style(of: mark.primary, diagnostic))
            column = mark.columns.upperBound
        }
        var labelLines: [String] = []
        for (index, mark) in marks.enumerated() {
            guard let label = mark.label else { continue }
            if index == marks.count - 1 {
                underline += " " + paint(label, style(of: mark.primary, diagnostic))
            } else {
                let indent = String(repeating: " ", count: mark.columns.lowerBound)
                labelLines.append("\(pad) \(bar) \(indent)\(paint(label, style(of: mark.primary, diagnostic)))\n")
            }
        }
        return """
            \(pad) \(bar)
            \(paint(gutter, Style.blue)) \(bar) \(shown)
            \(pad) \(bar) \(underline)

            """ + labelLines.joined()
    }

    /// The start of the character `offset` is in: back over the bytes that continue one.
    static func characterStart(_ bytes: [UInt8], _ offset: Int) -> Int {
        var start = offset
        while start > 0, start < bytes.count, bytes[start] & 0xC0 == 0x80, offset - start < 3 { start -= 1 }
        return start
    }

    /// Terminal columns of UTF-8 bytes: East Asian wide and full-width characters take two.
    package static func displayWidth(of bytes: ArraySlice<UInt8>) -> Int {
        // ASCII, most of a policy, is counted byte by byte; the rest is decoded from its first
        // byte that is not ASCII, which starts a character.
        var width = 0
        var index = bytes.startIndex
        while index < bytes.endIndex, bytes[index] < 0x80 {
            width += bytes[index] == UInt8(ascii: "\t") ? 4 : 1
            index += 1
        }
        guard index < bytes.endIndex else { return width }
        for scalar in String(decoding: bytes[index...], as: UTF8.self).unicodeScalars {
            width += displayWidth(of: scalar)
        }
        return width
    }

    /// The most terminal columns of a source line a snippet shows.
    static let widestLine = 160

    package static func displayWidth(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + displayWidth(of: $1) }
    }

    /// A tab underlines as four columns; every other character as `DisplayWidth` says.
    package static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        scalar == "\t" ? 4 : DisplayWidth.of(scalar)
    }

    // MARK: Colour

    private enum Style {
        static let bold = "1"
        static let red = "1;31"
        static let yellow = "1;33"
        static let blue = "1;34"
        static let cyan = "1;36"
        static let dim = "2"
    }

    private func style(of primary: Bool, _ diagnostic: Diagnostic) -> String {
        primary ? severityStyle(diagnostic.severity) : Style.cyan
    }

    private func severityStyle(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: Style.red
        case .warning: Style.yellow
        case .note: Style.cyan
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        useColor ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// The line as a terminal can show it: tabs as four spaces, other control characters (a NUL,
    /// an escape) as their visible pictures (␀, ␛), one column each as in the source.
    fileprivate func printable() -> String {
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x09: out += "    "
            case 0x00..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out += "␡"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The characters that start within the given terminal columns.
    fileprivate func columns(_ range: Range<Int>) -> String {
        var out = ""
        var column = 0
        for scalar in unicodeScalars {
            if column >= range.upperBound { break }
            if column >= range.lowerBound { out.unicodeScalars.append(scalar) }
            column += DiagnosticRenderer.displayWidth(of: scalar)
        }
        return out
    }
}
