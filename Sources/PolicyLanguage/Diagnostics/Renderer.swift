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
        // A line of more bytes than four a column is wider than a snippet (every character but
        // those of no width takes a column for at most four bytes) and is shown as a window around
        // the primary span (below). It is cut to the bytes the window can show before anything is measured, so that
        // a diagnostic costs the same on a 10 MB line as on a short one: a quarter of the window's
        // columns before the span and all of them after it, at most four bytes a column.
        let whole = file.lineBytes(line)
        var (lineStart, lineEnd) = (whole.lowerBound, whole.upperBound)
        if whole.count > Self.widestLine * 4 {
            // To whole characters: a cut inside one moves to its start.
            func cut(_ offset: Int) -> Int { max(whole.lowerBound, Self.characterStart(file.bytes, offset)) }
            lineStart = cut(max(whole.lowerBound, range.start - Self.widestLine))
            lineEnd = cut(min(whole.upperBound, max(range.start, range.end) + Self.widestLine * 4))
        }
        let (cutBefore, cutAfter) = (lineStart > whole.lowerBound, lineEnd < whole.upperBound)
        let lineBytes = file.bytes[lineStart..<lineEnd]

        // Columns from the start of the line, each measured on from the furthest offset measured
        // yet when it is further along: the primary span's ends and then the line's end cost one
        // pass over the line. Spans start and end between characters, where decoding restarts.
        var measured = (offset: lineStart, columns: 0)
        func column(at offset: Int) -> Int {
            guard offset >= measured.offset else { return Self.displayWidth(of: file.bytes[lineStart..<offset]) }
            measured = (offset, measured.columns + Self.displayWidth(of: file.bytes[measured.offset..<offset]))
            return measured.columns
        }

        // Underline marks per terminal column: the primary span with ^~~, labels with ~~~.
        var marks: [(columns: Range<Int>, primary: Bool, label: String?)] = []
        // A label that starts before the cut is shown from it, as the window clips one that starts
        // before the window.
        func columns(of span: SourceRange) -> Range<Int>? {
            guard span.start <= lineEnd, span.start >= lineStart || span.end > lineStart else { return nil }
            let from = column(at: max(span.start, lineStart))
            let to = column(at: min(max(span.end, span.start), lineEnd))
            return from..<max(to, from + 1)
        }
        if let primary = columns(of: range) {
            marks.append((primary, true, diagnostic.primaryLabel?.text(in: language)))
        }
        for label in diagnostic.labels {
            if let span = columns(of: label.range) { marks.append((span, false, label.text.text(in: language))) }
        }
        marks.sort { $0.columns.lowerBound < $1.columns.lowerBound }

        // A long line (a 10 MB one, say) is shown as a window around the primary span. No
        // character is wider than its bytes but a tab: a line of few bytes fits unmeasured. A line
        // that was cut is wider than the window whatever was kept of it; the window reaches the
        // primary span even if what is kept ends narrower (characters of no width).
        let isCut = cutBefore || cutAfter
        let width = isCut || Self.widthBound(lineBytes) > Self.widestLine ? column(at: lineEnd) : 0
        let shown: String
        if width <= Self.widestLine, !isCut {
            shown = Self.printable(lineBytes)
        } else {
            let primary = marks.first { $0.primary }?.columns ?? 0..<0
            let start = max(0, primary.lowerBound - Self.widestLine / 4)
            let end = min(max(width, primary.upperBound), start + Self.widestLine)
            let cut = start > 0 || cutBefore
            shown =
                (cut ? "…" : "") + Self.printable(lineBytes, columns: start..<end) + (end < width || cutAfter ? "…" : "")
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
        var width = 0
        var index = 0
        while index < bytes.count {
            // ASCII, most of a policy, eight bytes at a time: a column each, and three more for
            // a tab.
            if index + 8 <= bytes.count, case let word = word(bytes, at: index), isASCII(word) {
                width += 8 + 3 * tabCount(word)
                index += 8
                continue
            }
            let (scalar, length) = character(in: bytes, at: index)
            width += displayWidth(of: scalar)
            index += length
        }
        return width
    }

    /// At least the width of the bytes, from their count: no character is wider than its bytes
    /// (a malformed one shows as one U+FFFD, a column) but a tab, one byte for four columns.
    static func widthBound(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { bytes in
            var tabs = 0
            for index in stride(from: 0, to: bytes.count, by: 8) { tabs += tabCount(word(bytes, at: index)) }
            return bytes.count + 3 * tabs
        }
    }

    /// The character at `index` as a String decodes it, and its length: a malformed sequence is
    /// one U+FFFD over its maximal subpart, as Unicode recommends and Swift does.
    static func character(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        if let (value, length) = decodeUTF8(bytes, at: index), let scalar = Unicode.Scalar(value) {
            return (scalar, length)
        }
        var parser = Unicode.UTF8.ForwardParser()
        var rest = bytes[index...].makeIterator()
        // The parser finds the sequence malformed too: both hold the same bytes valid.
        guard case .error(let length) = parser.parseScalar(from: &rest) else { return ("\u{FFFD}", 1) }
        return ("\u{FFFD}", length)
    }

    /// The characters of a line's bytes that start within the given terminal columns, as
    /// `printable` shows them (a tab's four spaces each in a column of its own, so a tab across
    /// either edge shows the spaces inside). The characters are found by their widths, eight
    /// ASCII bytes at a time where they fit, and the bytes between the edges are shown whole.
    static func printable(_ bytes: ArraySlice<UInt8>, columns range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { line in
            var start = pass(to: range.lowerBound, in: line, from: (0, 0))
            // A tab across the window's start shows its spaces inside the window.
            var lead = 0
            if start.atTab {
                let tabEnd = start.column + 4
                lead = min(tabEnd, range.upperBound) - range.lowerBound
                guard tabEnd < range.upperBound else { return String(repeating: " ", count: lead) }
                start = (start.index + 1, tabEnd, false)
            }
            let end = pass(to: range.upperBound, in: line, from: (start.index, start.column))
            let trail = end.atTab ? range.upperBound - end.column : 0
            let shown = bytes.startIndex + start.index..<bytes.startIndex + end.index
            return String(repeating: " ", count: lead) + printable(bytes[shown]) + String(repeating: " ", count: trail)
        }
    }

    /// From a byte index and its column, past every character that starts before column `target`:
    /// where it stopped, and whether at a tab whose four columns go past `target`.
    private static func pass(
        to target: Int, in bytes: UnsafeBufferPointer<UInt8>, from start: (index: Int, column: Int)
    ) -> (index: Int, column: Int, atTab: Bool) {
        var (index, column) = start
        while index < bytes.count, column < target {
            if index + 8 <= bytes.count, case let word = word(bytes, at: index), isASCII(word),
                column + 8 + 3 * tabCount(word) <= target
            {
                column += 8 + 3 * tabCount(word)
                index += 8
                continue
            }
            let (scalar, length) = character(in: bytes, at: index)
            let (shown, repeats) = printable(scalar)
            if repeats > 1, column + repeats > target { return (index, column, true) }
            column += displayWidth(of: shown) * repeats
            index += length
        }
        return (index, column, false)
    }

    /// A character as a terminal can show it: a tab as four spaces, other control characters
    /// (a NUL, an escape) as their visible pictures (␀, ␛), one column each as in the source.
    private static func printable(_ scalar: Unicode.Scalar) -> (shown: Unicode.Scalar, repeats: Int) {
        switch scalar.value {
        case 0x09: (" ", 4)
        case 0x00..<0x20: (Unicode.Scalar(0x2400 + scalar.value)!, 1)
        case 0x7F: ("␡", 1)
        default: (scalar, 1)
        }
    }

    /// A line as a terminal can show it: each character as `printable(_:)` of it shows it. The
    /// bytes between control characters are copied eight at a time and decoded once at the end,
    /// a malformed sequence as U+FFFD: a picture starts with a byte that no sequence continues
    /// into, as the control character it stands for did, so the sequences are those of the line.
    static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        guard hasControlCharacter(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        return bytes.withUnsafeBufferPointer { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, controlBytes(word(bytes, at: index)) == 0 {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + 8]))
                    index += 8
                    continue
                }
                let byte = bytes[index]
                index += 1
                // A byte past ASCII is part of a sequence, decoded at the end.
                guard byte < 0x80 else {
                    out.append(byte)
                    continue
                }
                let (shown, repeats) = printable(Unicode.Scalar(byte))
                for _ in 0..<repeats { out.append(contentsOf: shown.utf8) }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether the bytes hold a control character (below 0x20, or 0x7F), eight at a time.
    static func hasControlCharacter(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            stride(from: 0, to: bytes.count, by: 8).contains { controlBytes(word(bytes, at: $0)) != 0 }
        }
    }

    // MARK: Eight bytes at a time

    @inline(__always)
    private static func isASCII(_ word: UInt64) -> Bool { word & 0x8080_8080_8080_8080 == 0 }

    /// How many of eight bytes are tabs.
    @inline(__always)
    static func tabCount(_ word: UInt64) -> Int { bytes(of: word, equalTo: 0x09).nonzeroBitCount }

    /// The top bit of each of eight bytes that equals `byte`. A byte of `word ^ byte…` is zero
    /// just there: its low seven bits plus 0x7F, or'd with itself, leave its top bit clear only
    /// then, and no sum carries into the next byte.
    @inline(__always)
    private static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((x & low) &+ low) | x | low)
    }

    /// Eight bytes from `index`, or those left and spaces after them.
    @inline(__always)
    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0x2020_2020_2020_2020 }
        if index + 8 <= bytes.count { return UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0x2020_2020_2020_2020
        withUnsafeMutableBytes(of: &word) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: base + index, count: bytes.count - index))
        }
        return word
    }

    /// The top bit of each of eight bytes that is a control character: 0x7F, or a byte below
    /// 0x80 that adding 0x60 to leaves its top bit clear, one below 0x20.
    @inline(__always)
    private static func controlBytes(_ word: UInt64) -> UInt64 {
        let ascii = ~word & 0x8080_8080_8080_8080
        let below20 = ~((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x6060_6060_6060_6060) & ascii
        return below20 | bytes(of: word, equalTo: 0x7F)
    }

    /// The most terminal columns of a source line a snippet shows.
    static let widestLine = 160

    package static func displayWidth(of text: String) -> Int {
        var text = text
        return text.withUTF8(displayWidth)
    }

    /// A tab underlines as four columns; every other character as `DisplayWidth` says. U+FFFD,
    /// which every malformed sequence shows as, is looked up in Unicode's tables once.
    package static func displayWidth(of scalar: Unicode.Scalar) -> Int {
        switch scalar {
        case "\t": 4
        case "\u{FFFD}": replacementWidth
        default: DisplayWidth.of(scalar)
        }
    }

    private static let replacementWidth = DisplayWidth.of(Unicode.Scalar(0xFFFD)!)

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
