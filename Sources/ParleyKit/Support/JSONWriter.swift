/// Builds compact JSON into a byte buffer that is reused from response to
/// response. The one JSON writer and string escaper: the bridge's
/// responses, `lint --format json` (`JSONText`), the tests. The writer adds no whitespace and no newline; keys are
/// written in the order the caller writes them, so responses are byte-for-byte
/// reproducible (the fixtures in Fixtures/bridge compare them exactly).
///
/// The bytes live in a buffer of its own (`JSONBuffer`, copied on write
/// like an array's) written through a pointer: room is made once per call
/// (a string reserves its worst case, six bytes a byte) and the bytes are
/// stored without a check each. Through an `Array` each call cost a
/// uniqueness check, an exclusive access and a bounds check or two, and a
/// string's escape tables were two lazily made globals: 65 instructions a
/// literal and 345 a string, 5,500 of a sample turn's response (issue 12).
public struct JSONWriter {
    @usableFromInline var buffer: JSONBuffer
    /// How many bytes of `buffer` hold written JSON.
    @usableFromInline var written = 0

    /// How many bytes have been written.
    public var count: Int { written }

    /// The JSON written so far: UTF-8, no newline at the end (a copy).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer.base, count: written)) }

    /// Calls `body` with the bytes written so far, where they lie (no copy);
    /// the pointer is valid only during the call.
    @inlinable public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: buffer.base, count: written))
    }

    /// An empty writer, with 1 KiB of room.
    public init() {
        buffer = JSONBuffer(capacity: 1024)
    }

    /// Empties the buffer, keeping its room, for the next response.
    public mutating func removeAll() { written = 0 }

    /// Drops what was written after the first `count` bytes (a batch drops
    /// the separator it wrote before a request that had no response).
    public mutating func removeAll(after count: Int) {
        precondition(count >= 0 && count <= written, "removeAll(after:) past the bytes written")
        written = count
    }

    /// Where `length` more bytes go: room is made for them (the buffer is
    /// copied first if another writer shares it). The pointer is valid until
    /// the next call that makes room; `count` is not moved.
    @inlinable @inline(__always)
    mutating func room(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if _slowPath(!isKnownUniquelyReferenced(&buffer) || buffer.capacity - written < length) { makeRoom(length) }
        return buffer.base + written
    }

    /// A buffer of its own with room for `length` more bytes (doubling).
    @usableFromInline mutating func makeRoom(_ length: Int) {
        let capacity = max(buffer.capacity * 2, written + length)
        let grown = JSONBuffer(capacity: capacity)
        grown.base.update(from: buffer.base, count: written)
        buffer = grown
    }

    @inlinable @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ length: Int) {
        room(length).update(from: source, count: length)
        written += length
    }

    /// Text that is already JSON (punctuation, member names, a number literal).
    @inlinable @inline(__always) public mutating func raw(_ text: StaticString) {
        append(text.utf8Start, text.utf8CodeUnitCount)
    }

    /// Text that is already JSON, appended as it is. A string literal
    /// argument picks this overload (String is the literal's default type), so
    /// it copies the contiguous UTF-8 at once: `append(contentsOf: text.utf8)`
    /// went byte by byte, 4,400 instructions of a bridge response (issue 12).
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let source = utf8.baseAddress else { return }
            append(source, utf8.count)
        }
    }

    /// Bytes that are already JSON, copied as they are (the bridge's lanes
    /// gather the responses each wrote into one output, in request order).
    public mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        append(source.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// Appends `null`.
    @inlinable public mutating func null() { raw("null" as StaticString) }

    /// Appends `true` or `false`.
    @inlinable public mutating func bool(_ value: Bool) { value ? raw("true" as StaticString) : raw("false" as StaticString) }

    /// Appends the integer in decimal, without making a `String` of it.
    public mutating func integer(_ value: Int) {
        // An Int has at most 19 digits and a sign.
        let out = room(20)
        var magnitude = value.magnitude
        var length = 0
        repeat {
            length += 1
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            out[0] = UInt8(ascii: "-")
            length += 1
        }
        magnitude = value.magnitude
        var at = length
        repeat {
            at -= 1
            out[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        written += length
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
        // The bytes are read where the string keeps them (a native or small
        // string always lends them): `withUTF8` needs a mutable copy, which
        // retained and released the string at each call (issue 12: 330
        // instructions of a sample turn's response).
        if text.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) != nil { return }
        var text = text
        text.withUTF8 { string(utf8: $0) }
    }

    /// `string(_:)` for text given as its UTF-8 bytes, which must be valid UTF-8.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        // The worst case: every byte a control written as six ("\u001f"),
        // and the quotes. Made once, so every byte below is stored unchecked.
        let out = room(n * 6 + 2)
        out[0] = UInt8(ascii: "\"")
        var used = 1
        guard let source = utf8.baseAddress else {
            out[1] = UInt8(ascii: "\"")
            written += 2
            return
        }
        var runStart = 0
        var i = 0
        /// Writes the two hex digits of `byte` after "\u00".
        func unicodeEscape(_ byte: UInt8) {
            (out + used).update(from: Self.unicodeEscapeHead.utf8Start, count: 4)
            out[used + 4] = Self.hexDigit(byte >> 4)
            out[used + 5] = Self.hexDigit(byte & 0xF)
            used += 6
        }
        while i < n {
            // Eight bytes at a time while they are printable ASCII other
            // than quote and backslash: most of a reply (issue 12: the
            // byte-at-a-time scan was 2,000 instructions of a sample turn).
            if i + 8 <= n, Self.isPlain(UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            // The last bytes, fewer than eight, as one word too: the eight
            // that end the string, or the string padded with plain bytes
            // (most strings are short: a key, a state, an intent).
            if i + 8 > n, i == runStart || n >= 8, Self.isPlain(Self.lastWord(source, count: n)) {
                i = n
                break
            }
            let byte = source[i]
            if !Self.mayNeedEscape(byte) {
                i += 1
                continue
            }
            if byte == 0xE2, !(i + 2 < n && source[i + 1] == 0x80 && (source[i + 2] == 0xA8 || source[i + 2] == 0xA9)) {
                i += 1
                continue
            }
            // 0xC2 starts U+0080–U+00BF; only U+0080–U+009F are controls.
            if byte == 0xC2, !(i + 1 < n && source[i + 1] < 0xA0) {
                i += 1
                continue
            }
            (out + used).update(from: source + runStart, count: i - runStart)
            used += i - runStart
            var short: UInt8 = 0
            switch byte {
            case UInt8(ascii: "\""): short = UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): short = UInt8(ascii: "\\")
            case 0x0A: short = UInt8(ascii: "n")
            case 0x0D: short = UInt8(ascii: "r")
            case 0x09: short = UInt8(ascii: "t")
            case 0x08: short = UInt8(ascii: "b")
            case 0x0C: short = UInt8(ascii: "f")
            case 0xE2:
                (out + used).update(from: Self.unicodeEscapeHead.utf8Start, count: 2)
                (out + used + 2).update(from: (source[i + 2] == 0xA8 ? Self.lineSeparatorEscape : Self.paragraphSeparatorEscape).utf8Start, count: 4)
                used += 6
                i += 2
            case 0xC2:
                unicodeEscape(source[i + 1])
                i += 1
            default:
                unicodeEscape(byte)
            }
            if short != 0 {
                out[used] = UInt8(ascii: "\\")
                out[used + 1] = short
                used += 2
            }
            i += 1
            runStart = i
        }
        (out + used).update(from: source + runStart, count: n - runStart)
        used += n - runStart
        out[used] = UInt8(ascii: "\"")
        written += used + 1
    }

    // Computed, not stored: a stored static is reached through a lazy-initialisation check.
    private static var unicodeEscapeHead: StaticString { "\\u00" }
    private static var lineSeparatorEscape: StaticString { "2028" }
    private static var paragraphSeparatorEscape: StaticString { "2029" }

    /// The last eight bytes of `source` (`count` of them), or when there
    /// are fewer, all of them followed by "a"s.
    @inline(__always)
    private static func lastWord(_ source: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        if count >= 8 { return UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0x6161_6161_6161_6161
        withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: source, byteCount: count) }
        return word
    }

    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Bytes that may start something to escape: controls, DEL, quote,
    /// backslash, 0xC2 (the first byte of the C1 controls) and 0xE2 (of
    /// U+2028 and U+2029). Comparisons, not a table: a global table is
    /// reached through a lazy-initialisation check at every use.
    @inline(__always)
    private static func mayNeedEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }

    /// Whether each of the eight bytes of `word` is printable ASCII
    /// (0x20–0x7E) other than quote (0x22) and backslash (0x5C): bytes that
    /// a JSON string holds as they are, and that need no UTF-8 check.
    /// `ControlCharacters.isPrintableASCII` on the whole word, then the same
    /// bit trick for the two bytes: a byte equal to a given one sets its top bit.
    @inlinable @inline(__always) public static func isPlain(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return ControlCharacters.isPrintableASCII(word) && (isQuote | isBackslash) & (ones &* 0x80) == 0
    }

    /// `isPlain` for one byte.
    @inlinable @inline(__always) public static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C
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
}

/// The bytes of a `JSONWriter`: a block of memory it owns, copied when a
/// writer that shares it (a copy of the writer) writes.
@usableFromInline final class JSONBuffer {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    @usableFromInline let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}
