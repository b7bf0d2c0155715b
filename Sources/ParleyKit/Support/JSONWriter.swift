/// Builds one line of compact JSON into a byte buffer that is reused from
/// response to response. The one JSON writer and string escaper: the bridge's
/// responses, `lint --format json` (`JSONText`), the tests. The writer adds no whitespace and no newline; keys are
/// written in the order the caller writes them, so responses are byte-for-byte
/// reproducible (the fixtures in Fixtures/bridge compare them exactly).
public struct JSONWriter {
    /// The JSON written so far: UTF-8, no newline at the end.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer, with 1 KiB reserved.
    public init() {
        bytes.reserveCapacity(1024)
    }

    /// Empties the buffer, keeping its capacity, for the next response.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Text that is already JSON (punctuation, member names, a number literal).
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Text that is already JSON, appended as it is. A string literal
    /// argument picks this overload (String is the literal's default type), so
    /// it copies the contiguous UTF-8 at once: `append(contentsOf: text.utf8)`
    /// went byte by byte, 4,400 instructions of a bridge response (issue 12).
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends `null`.
    public mutating func null() { raw("null") }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// Appends the integer in decimal, without making a `String` of it.
    public mutating func integer(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 24 bytes of room: an Int has at most 19 digits.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// A finite number in its shortest round-tripping form; NaN and infinity
    /// have no JSON form and are written as null.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 1e15 { return integer(Int(value)) }
        raw(value.description)
    }

    /// A string, escaped: quote, backslash, the control characters
    /// U+0000–U+001F (as JSON requires), DEL and the C1 controls
    /// U+007F–U+009F (so JSON shown in a terminal or a log carries no
    /// control sequence), and U+2028 and U+2029, which some JavaScript JSON
    /// readers take for line ends. Everything else is written as UTF-8.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                let byte = utf8[i]
                // One table look-up for the common case: a byte that is written as it is.
                if !Self.mayNeedEscape[Int(byte)] {
                    i += 1
                    continue
                }
                if byte == 0xE2, !(i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)) {
                    i += 1
                    continue
                }
                // 0xC2 starts U+0080–U+00BF; only U+0080–U+009F are controls.
                if byte == 0xC2, !(i + 1 < n && utf8[i + 1] < 0xA0) {
                    i += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                switch byte {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                case 0xE2:
                    raw(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    i += 2
                case 0xC2:
                    raw("\\u00")
                    bytes.append(Self.hexDigits[Int(utf8[i + 1] >> 4)])
                    bytes.append(Self.hexDigits[Int(utf8[i + 1] & 0xF)])
                    i += 1
                default:
                    raw("\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
                i += 1
                runStart = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A value as read by `JSONReader`, written back (numbers as their literal).
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let literal): raw(literal)
        case .string(let s): string(s)
        case .array(let elements):
            raw("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { raw(",") }
                self.value(element)
            }
            raw("]")
        case .object(let members):
            raw("{")
            for (index, member) in members.enumerated() {
                if index > 0 { raw(",") }
                string(member.key)
                raw(":")
                self.value(member.value)
            }
            raw("}")
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Bytes that may start something to escape: controls, DEL, quote,
    /// backslash, 0xC2 (the first byte of the C1 controls) and 0xE2 (of
    /// U+2028 and U+2029).
    private static let mayNeedEscape: [Bool] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }
}
