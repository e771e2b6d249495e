// How a claim's text is read before it becomes a fact: full-width forms folded to ASCII and white
// space trimmed, so that a text typed in a Chinese input method (`ＡＢ１２`, an ideographic space)
// or padded by an export is the same text, and the same limit key, as its plain form.

enum FactText {
    /// Full-width ASCII (U+FF01–FF5E) as ASCII, the ideographic space (U+3000) as a space, and
    /// white space at either end removed.
    static func fold(_ text: String) -> String {
        var text = text
        if text.withUTF8({ isFolded($0) }) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).trimmed
    }

    /// Whether `bytes` are UTF-8 that folding leaves as they are: nothing to trim, nothing
    /// full-width. Checked in place, so that the batch's common text (ASCII, or Chinese characters
    /// of three bytes) makes no String; anything else, including what is not UTF-8, is false and
    /// takes the slow way, which folds it or says what is wrong.
    @inline(__always)
    static func isFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return true }
        let count = bytes.count
        if isASCIISpace(base[0]) || isASCIISpace(base[count - 1]) { return false }
        var index = 0
        while index < count {
            if index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // U+4000–U+9FFF: the CJK characters of names, trades and places, none of them white
            // space or full-width.
            guard lead >= 0xE4, lead <= 0xE9, index + 3 <= count, base[index + 1] & 0xC0 == 0x80,
                base[index + 2] & 0xC0 == 0x80
            else { return false }
            index += 3
        }
        return true
    }

    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
