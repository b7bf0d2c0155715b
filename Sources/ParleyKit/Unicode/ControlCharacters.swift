/// The one definition of the characters Parley must not pass to a terminal
/// (or to any text view) as they are. Every place that cleans text for
/// showing, or refuses it, asks here.
public enum ControlCharacters {
    /// The control characters, general category Cc: C0 (U+0000–U+001F), DEL
    /// (U+007F) and C1 (U+0080–U+009F). A C1 byte such as U+009B (CSI) starts
    /// an escape sequence on many terminals just as ESC [ does.
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// Whether a UTF-8 byte may be part of a control character: a C0 control
    /// or DEL itself, or any byte of a non-ASCII scalar (a C1 control is two
    /// bytes, 0xC2 0x80–0x9F). Text none of whose bytes answers true holds no
    /// control: the byte-level check that lets plain ASCII skip scalar-level cleaning.
    static func mayBelongToControl(utf8 byte: UInt8) -> Bool {
        byte < 0x20 || byte >= 0x7F
    }

    /// The controls above, and the characters that change how the text around
    /// them is laid out: the bidirectional formatting characters (U+061C,
    /// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069; an override can make a
    /// line read differently from what it holds) and the line and paragraph
    /// separators U+2028 and U+2029. Each is a grapheme cluster of its own, so
    /// replacing it with one character keeps columns where they were.
    @inlinable
    public static func isUnsafeToShow(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0xA0 { return isControl(scalar) }
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Whether `text` holds a character `isUnsafeToShow`, leaving out the
    /// ASCII control `allowed` if given (the chat keeps new lines): see
    /// `containsUnsafeToShow(utf8:allowing:)`, which reads its bytes.
    public static func containsUnsafeToShow(_ text: String, allowing allowed: UInt8? = nil) -> Bool {
        // The bytes where the string keeps them: `withUTF8` needs a mutable
        // copy, which retained and released the string at each call.
        if let unsafe = text.utf8.withContiguousStorageIfAvailable({ containsUnsafeToShow(utf8: $0, allowing: allowed) }) {
            return unsafe
        }
        var text = text
        return text.withUTF8 { containsUnsafeToShow(utf8: $0, allowing: allowed) }
    }

    /// `containsUnsafeToShow(_:allowing:)` for text given as its UTF-8 bytes,
    /// which must be valid UTF-8. Every such character is below 0x20, is
    /// 0x7F, or starts with byte 0xC2 (C1), 0xD8 (U+061C) or 0xE2
    /// (U+2000–U+2FFF), and only there is a scalar decoded. Taking every 0xE2
    /// for unsafe, as this once did, sent text with typographic punctuation
    /// (’ “ ” — •, all E2 80 xx) down the scalar-by-scalar path: most of the
    /// sample dialog's replies, 13,000 instructions a piped chat turn (issue
    /// 12, callgrind).
    public static func containsUnsafeToShow(utf8 bytes: UnsafeBufferPointer<UInt8>, allowing allowed: UInt8? = nil) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var i = 0
        var lastWordRead = false
        while i < count {
            // Eight bytes at a time while all are printable ASCII: most text
            // is plain ASCII between a few marks, and this check was 6,800
            // instructions a turn of the trust coach's piped chat byte by
            // byte (issue 12). The bytes that end the text, fewer than
            // eight, are read as the last eight when there are eight: those
            // before them have been read already.
            if i + 8 <= count {
                if isPrintableASCII(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
            } else if count >= 8, !lastWordRead {
                if isPrintableASCII(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)) { return false }
                lastWordRead = true
            }
            let byte = base[i]
            if byte < 0x80 {
                if (byte < 0x20 || byte == 0x7F) && byte != allowed { return true }
                i += 1
                continue
            }
            // A String's bytes are well-formed UTF-8: a lead byte has its
            // continuation bytes, and no continuation byte equals a lead byte.
            var value: UInt32?
            switch byte {
            case 0xC2 where i + 1 < count, 0xD8 where i + 1 < count:
                value = UInt32(byte & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
            case 0xE2 where i + 2 < count:
                value = UInt32(byte & 0x0F) << 12 | UInt32(base[i + 1] & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
            default:
                break
            }
            if let value, let scalar = Unicode.Scalar(value), isUnsafeToShow(scalar) { return true }
            i += 1
        }
        return false
    }

    /// Whether every byte is printable ASCII (0x20–0x7E): text that holds
    /// no control, no new line and nothing to normalise. Eight bytes at a
    /// time (byte by byte through `mayBelongToControl` it was 7 instructions
    /// a byte of each line a piped chat reads; issue 12).
    public static func isPrintableASCII(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        while i + 8 <= count {
            guard isPrintableASCII(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) else { return false }
            i += 8
        }
        if count >= 8 { return isPrintableASCII(UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)) }
        while i < count {
            guard !mayBelongToControl(utf8: base[i]) else { return false }
            i += 1
        }
        return true
    }

    /// Whether all eight bytes of `word` are printable ASCII (0x20–0x7E).
    /// Subtracting 0x20 from each byte sets its top bit when the byte is
    /// below 0x20 (a borrow it passes on comes from such a byte, so the
    /// answer stays right), adding 1 sets it for 0x7F, and a byte from 0x80
    /// up has it already: none set, none of those. `JSONWriter.isPlain`
    /// builds on it (inlinable, so the bridge's request reader inlines both).
    @inlinable @inline(__always)
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        return ((word &- ones &* 0x20) | (word &+ ones) | word) & (ones &* 0x80) == 0
    }

    /// `text` with every character `isUnsafeToShow` replaced by `replacement`.
    public static func shown(_ text: some StringProtocol, replacement: Unicode.Scalar = " ") -> String {
        // Most text has nothing to replace: check the bytes first, on the one
        // String made from `text` (a Substring would otherwise be copied twice).
        let whole = String(text)
        if !containsUnsafeToShow(whole) {
            return whole
        }
        var out = String.UnicodeScalarView()
        for scalar in whole.unicodeScalars {
            out.append(isUnsafeToShow(scalar) ? replacement : scalar)
        }
        return String(out)
    }
}
