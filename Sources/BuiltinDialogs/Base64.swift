/// Base64 decoding (RFC 4648, section 4: the standard alphabet, with
/// padding), for the compiled dialogs `parley-embed` stores as base64 text.
///
/// Ours rather than Foundation's `Data(base64Encoded:)`: that took 3.0 M
/// instructions for the trust coach's 577 KB of base64 at every start of
/// `parley` and gave a `Data` to copy into the `[UInt8]` the format reads;
/// this table-driven loop writes the bytes in place in about a third of that
/// (callgrind, 2026-11-30, docs/performance.md "Chat start-up").
enum Base64 {
    /// The bytes `text` encodes, or nil when it is not base64: a character
    /// outside the alphabet, padding anywhere but at the end, or a length
    /// that is not a multiple of 4. Line breaks are not accepted.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { utf8 in
            sextets.withUnsafeBufferPointer { decode(utf8, $0) }
        }
    }

    private static func decode(_ utf8: UnsafeBufferPointer<UInt8>, _ sextets: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let length = utf8.count
        guard length % 4 == 0 else { return nil }
        guard length > 0 else { return [] }
        let padding = utf8[length - 1] != pad ? 0 : utf8[length - 2] != pad ? 1 : 2
        let count = length / 4 * 3 - padding
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            var out = 0
            var index = 0
            // Every group of four but the last, which may hold padding.
            while index < length - 4 {
                let a = sextets[Int(utf8[index])], b = sextets[Int(utf8[index + 1])]
                let c = sextets[Int(utf8[index + 2])], d = sextets[Int(utf8[index + 3])]
                // An invalid character maps to 0xFF: its high bit marks the group.
                guard (a | b | c | d) & 0x80 == 0 else { valid = false; break }
                output[out] = a << 2 | b >> 4
                output[out + 1] = b << 4 | c >> 2
                output[out + 2] = c << 6 | d
                out += 3
                index += 4
            }
            if valid {
                let a = sextets[Int(utf8[index])], b = sextets[Int(utf8[index + 1])]
                let c = padding >= 2 ? 0 : sextets[Int(utf8[index + 2])]
                let d = padding >= 1 ? 0 : sextets[Int(utf8[index + 3])]
                if (a | b | c | d) & 0x80 != 0 {
                    valid = false
                } else {
                    output[out] = a << 2 | b >> 4
                    if padding < 2 { output[out + 1] = b << 4 | c >> 2 }
                    if padding < 1 { output[out + 2] = c << 6 | d }
                }
            }
            // Every byte is written when the text was valid; zeros otherwise, and the array is dropped.
            if !valid { output.initialize(repeating: 0) }
            initialized = count
        }
        return valid ? bytes : nil
    }

    private static let pad = UInt8(ascii: "=")

    /// Each character's 6-bit value, or 0xFF for a character outside the alphabet ('=' included).
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}
