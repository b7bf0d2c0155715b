/// Builds one line of compact JSON into a byte buffer that is reused from
/// response to response. The one JSON writer and string escaper: the bridge's
/// responses, `lint --format json` (`JSONText`), the tests. The writer adds no whitespace and no newline; keys are
/// written in the order the caller writes them, so responses are byte-for-byte
/// reproducible (the fixtures in Fixtures/bridge compare them exactly).
public struct JSONWriter {
    /// The written JSON is `storage[0..<count]`; the rest is room. Writing
    /// copies into the room through one pointer instead of
    /// `Array.append(contentsOf:)`, which cost about 140 instructions a call
    /// whatever the length, and a bridge response makes about 35 (issue 12).
    private var storage: [UInt8]
    private var count = 0

    /// The JSON written so far: UTF-8, no newline at the end (a copy).
    public var bytes: [UInt8] { Array(storage[0..<count]) }

    /// An empty writer, with 1 KiB of room.
    public init() {
        storage = [UInt8](repeating: 0, count: 1024)
    }

    /// Empties the buffer, keeping its room, for the next response.
    public mutating func removeAll() { count = 0 }

    /// Appends `source`'s bytes, growing the room (doubling) when it is short.
    @inline(__always)
    private mutating func append(_ source: UnsafeRawBufferPointer) {
        let length = source.count
        guard length > 0 else { return }
        if storage.count - count < length {
            storage += [UInt8](repeating: 0, count: max(storage.count, length))
        }
        let offset = count
        storage.withUnsafeMutableBytes { room in
            (room.baseAddress! + offset).copyMemory(from: source.baseAddress!, byteCount: length)
        }
        count += length
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if count == storage.count { storage += [UInt8](repeating: 0, count: storage.count) }
        storage[count] = byte
        count += 1
    }

    /// Text that is already JSON (punctuation, member names, a number literal).
    public mutating func raw(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Text that is already JSON, appended as it is. A string literal
    /// argument picks this overload (String is the literal's default type), so
    /// it copies the contiguous UTF-8 at once: `append(contentsOf: text.utf8)`
    /// went byte by byte, 4,400 instructions of a bridge response (issue 12).
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `null`.
    public mutating func null() { raw("null" as StaticString) }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) { value ? raw("true" as StaticString) : raw("false" as StaticString) }

    /// Appends the integer in decimal, without making a `String` of it.
    public mutating func integer(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
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
            append(UnsafeRawBufferPointer(rebasing: buffer[start...]))
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
        append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var i = 0
            let n = utf8.count
            while i < n {
                // Eight bytes at a time while they are printable ASCII other
                // than quote and backslash: most of a reply (issue 12: the
                // byte-at-a-time scan was 2,000 instructions of a sample turn).
                if i + 8 <= n, Self.isPlain(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
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
                append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart..<i])))
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
                    append(Self.hexDigits[Int(utf8[i + 1] >> 4)])
                    append(Self.hexDigits[Int(utf8[i + 1] & 0xF)])
                    i += 1
                default:
                    raw("\\u00")
                    append(Self.hexDigits[Int(byte >> 4)])
                    append(Self.hexDigits[Int(byte & 0xF)])
                }
                i += 1
                runStart = i
            }
            append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart..<n])))
        }
        append(UInt8(ascii: "\""))
    }

    /// Whether each of the eight bytes of `word` is printable ASCII
    /// (0x20–0x7E) other than quote (0x22) and backslash (0x5C): bytes that
    /// are written as they are. Bit tricks on the whole word: a byte below
    /// 0x20, equal to a given byte, or at or above 0x7F sets its top bit.
    @inline(__always)
    static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let below20 = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        let above7E = (word &+ ones) | word
        return (below20 | isQuote | isBackslash | above7E) & highs == 0
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
