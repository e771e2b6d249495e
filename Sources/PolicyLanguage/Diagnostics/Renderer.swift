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
        var out = ""
        for diagnostic in diagnostics { render(diagnostic, to: &out) }
        return out
    }

    package func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        out.reserveCapacity(512)
        render(diagnostic, to: &out)
        return out
    }

    /// Appends the diagnostic to `out` piece by piece: no piece is a String of its own first.
    private func render(_ diagnostic: Diagnostic, to out: inout String) {
        let location = diagnostic.location
        if let file = diagnostic.file {
            open(Style.bold, &out)
            out += file.path
            if let location {
                out += ":"
                out += String(location.line)
                out += ":"
                out += String(location.column)
            }
            out += ":"
            close(&out)
            out += " "
        }
        write(diagnostic.severity.name.text(in: language), severityStyle(diagnostic.severity), &out)
        out += ": "
        write(diagnostic.message.text(in: language), Style.bold, &out)
        open(Style.dim, &out)
        out += " ["
        out += diagnostic.code.rawValue
        out += "]"
        close(&out)
        out += "\n"
        if let file = diagnostic.file, let location { snippet(diagnostic, file: file, line: location.line, &out) }
        let pad = String(repeating: " ", count: (location.map { String($0.line).count } ?? 0) + 1)
        for note in diagnostic.notes {
            afterPad(pad, Phrase("note", "注").text(in: language), nil, note.text(in: language), &out)
        }
        if let hint = diagnostic.hint {
            afterPad(pad, Phrase("hint", "提示").text(in: language), Style.cyan, hint.text(in: language), &out)
        }
    }

    /// A note's or a hint's line: `PAD= WORD: TEXT`.
    private func afterPad(_ pad: String, _ word: String, _ style: String?, _ text: String, _ out: inout String) {
        out += pad
        write("=", Style.blue, &out)
        out += " "
        write(word, style, &out)
        out += ": "
        out += text
        out += "\n"
    }

    private func snippet(_ diagnostic: Diagnostic, file: SourceFile, line: Int, _ out: inout String) {
        guard let range = diagnostic.range else { return }
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
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

        // `PAD |`, the line, then all underlines on one line; the last mark's label follows it,
        // earlier labels go on lines of their own under the start of their span.
        out += pad
        out += " "
        write("|", Style.blue, &out)
        out += "\n"
        write(gutter, Style.blue, &out)
        out += " "
        write("|", Style.blue, &out)
        out += " "
        out += shown
        out += "\n"
        out += pad
        out += " "
        write("|", Style.blue, &out)
        out += " "
        var column = 0
        for mark in marks where mark.columns.lowerBound >= column {
            out += String(repeating: " ", count: mark.columns.lowerBound - column)
            open(style(of: mark.primary, diagnostic), &out)
            out += mark.primary ? "^" : "~"
            out += String(repeating: "~", count: mark.columns.count - 1)
            close(&out)
            column = mark.columns.upperBound
        }
        if let last = marks.last, let label = last.label {
            out += " "
            write(label, style(of: last.primary, diagnostic), &out)
        }
        out += "\n"
        for mark in marks.dropLast() {
            guard let label = mark.label else { continue }
            out += pad
            out += " "
            write("|", Style.blue, &out)
            out += " "
            out += String(repeating: " ", count: mark.columns.lowerBound)
            write(label, style(of: mark.primary, diagnostic), &out)
            out += "\n"
        }
    }

    /// The start of the character `offset` is in: back over the bytes that continue one.
    static func characterStart(_ bytes: [UInt8], _ offset: Int) -> Int {
        var start = offset
        while start > 0, start < bytes.count, bytes[start] & 0xC0 == 0x80, offset - start < 3 { start -= 1 }
        return start
    }

    /// Terminal columns of UTF-8 bytes: East Asian wide and full-width characters take two; a
    /// malformed sequence is one U+FFFD, as when the bytes are decoded as a String.
    package static func displayWidth(of bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer(displayWidth)
    }

    static func displayWidth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // ASCII, most of a policy, is counted byte by byte; the rest is decoded from its first
        // byte that is not ASCII, which starts a character.
        var width = 0
        var index = 0
        while index < bytes.count, bytes[index] < 0x80 {
            width += bytes[index] == UInt8(ascii: "\t") ? 4 : 1
            index += 1
        }
        var rest = bytes[index...].makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&rest) {
            case .scalarValue(let scalar): width += displayWidth(of: scalar)
            case .error: width += displayWidth(of: Unicode.Scalar(0xFFFD)!)
            case .emptyInput: return width
            }
        }
    }

    /// The most terminal columns of a source line a snippet shows.
    static let widestLine = 160

    package static func displayWidth(of text: String) -> Int {
        var text = text
        return text.withUTF8(displayWidth)
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

    /// `text` in `style`, when colour is on and it has one.
    private func write(_ text: String, _ style: String?, _ out: inout String) {
        if let style { open(style, &out) }
        out += text
        if style != nil { close(&out) }
    }

    private func open(_ style: String, _ out: inout String) {
        guard useColor else { return }
        out += "\u{1B}["
        out += style
        out += "m"
    }

    private func close(_ out: inout String) {
        if useColor { out += "\u{1B}[0m" }
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
