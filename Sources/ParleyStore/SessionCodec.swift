import ParleyKit

/// A compact binary form of `Session`, for the SQLite store: a few dozen bytes
/// for a typical session, and encoding plus decoding costs a few microseconds,
/// where Foundation's JSON coders cost tens on Linux. Dictionaries are written
/// in key order so the same session always gives the same bytes.
///
/// Layout (version 2; version 1 lacked `fingerprint`, `memories` and `lines`): a version byte, then the fields in declaration order.
/// Integers are LEB128 varints (signed ones zigzagged), strings a varint byte
/// count and UTF-8, arrays and dictionaries a varint count and their elements,
/// `random` and numbers 8 bytes little-endian. When `Session` gains a field,
/// bump `version`, write the field, and keep reading version 1 with the
/// field's default; `BridgeCodecTests` fails until the codec knows every field.
/// Version 2 writes options by key and adds the dialog's fingerprint; version 1
/// (options by position) is read with no options on show and an empty
/// fingerprint, which `Engine.fit` repairs.
public enum SessionCodec {
    public static let version: UInt8 = 2
    /// The stored properties of `Session` the codec writes, checked by the tests.
    public static let fieldNames = ["state", "backStack", "variables", "visits", "misses", "variants",
                                    "random", "options", "question", "captures", "ended", "fingerprint",
                                    "memories", "lines"]

    public static func encode(_ session: Session) -> [UInt8] {
        var out = ByteWriter()
        out.bytes.append(version)
        out.string(session.state)
        out.strings(session.backStack)
        out.unsigned(UInt64(session.variables.count))
        for name in session.variables.keys.sorted() {
            out.string(name)
            switch session.variables[name]! {
            case .number(let n): out.bytes.append(0); out.fixed64(n.bitPattern)
            case .text(let t): out.bytes.append(1); out.string(t)
            case .bool(let b): out.bytes.append(b ? 3 : 2)
            }
        }
        out.unsigned(UInt64(session.visits.count))
        for name in session.visits.keys.sorted() {
            out.string(name)
            out.signed(Int64(session.visits[name]!))
        }
        out.signed(Int64(session.misses))
        out.unsigned(UInt64(session.variants.count))
        for site in session.variants.keys.sorted() {
            let cursor = session.variants[site]!
            out.signed(Int64(site))
            out.unsigned(cursor.used)
            out.signed(Int64(cursor.last))
        }
        out.fixed64(session.random)
        out.unsigned(UInt64(session.options.count))
        for option in session.options { out.string(option.key) }
        if let question = session.question {
            out.bytes.append(1)
            out.string(question)
        } else {
            out.bytes.append(0)
        }
        out.strings(session.captures)
        out.bytes.append(session.ended ? 1 : 0)
        out.string(session.fingerprint)
        out.strings(session.memories)
        out.signed(Int64(session.lines))
        return out.bytes
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(StoreError) -> Session {
        var input = ByteReader(bytes: bytes)
        let version = try input.byte()
        guard version == Self.version || version == 1 else {
            throw StoreError.unreadable("a stored session has format version \(version); this parley reads versions 1 to \(Self.version)")
        }
        var session = Session(state: try input.string(), seed: 0)
        session.backStack = try input.strings()
        for _ in 0..<(try input.count()) {
            let name = try input.string()
            switch try input.byte() {
            case 0: session.variables[name] = .number(Double(bitPattern: try input.fixed64()))
            case 1: session.variables[name] = .text(try input.string())
            case 2: session.variables[name] = .bool(false)
            case 3: session.variables[name] = .bool(true)
            default: throw StoreError.unreadable("a stored session is damaged (unknown value kind)")
            }
        }
        for _ in 0..<(try input.count()) {
            let name = try input.string()
            session.visits[name] = try input.int()
        }
        session.misses = try input.int()
        for _ in 0..<(try input.count()) {
            let site = try input.int32()
            let used = try input.unsigned()
            let last = try input.signed()
            guard let last16 = Int16(exactly: last) else { throw StoreError.unreadable("a stored session is damaged (variant cursor)") }
            session.variants[site] = VariantCursor(used: used, last: last16)
        }
        session.random = try input.fixed64()
        session.options = []
        for _ in 0..<(try input.count()) {
            if version == 1 { _ = try input.int32() } else { session.options.append(OptionID(key: try input.string())) }
        }
        session.question = try input.byte() == 1 ? try input.string() : nil
        session.captures = try input.strings()
        session.ended = try input.byte() == 1
        if version >= 2 {
            session.fingerprint = try input.string()
            session.memories = try input.strings()
            session.lines = try input.int()
        }
        guard input.isAtEnd else { throw StoreError.unreadable("a stored session is damaged (bytes after its end)") }
        return session
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(256) }

    mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func string(_ text: String) {
        unsigned(UInt64(text.utf8.count))
        bytes.append(contentsOf: text.utf8)
    }

    mutating func strings(_ list: [String]) {
        unsigned(UInt64(list.count))
        for text in list { string(text) }
    }
}

private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    static let damaged = StoreError.unreadable("a stored session is damaged (it ends too early)")

    mutating func byte() throws(StoreError) -> UInt8 {
        guard position < bytes.count else { throw Self.damaged }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func unsigned() throws(StoreError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw StoreError.unreadable("a stored session is damaged (a number is too long)") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
        }
    }

    mutating func signed() throws(StoreError) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int() throws(StoreError) -> Int { Int(try signed()) }

    mutating func int32() throws(StoreError) -> Int32 {
        guard let value = Int32(exactly: try signed()) else { throw StoreError.unreadable("a stored session is damaged (an index is out of range)") }
        return value
    }

    /// A count of elements, each at least one byte, so a damaged count cannot ask for more than is there.
    mutating func count() throws(StoreError) -> Int {
        let n = try unsigned()
        guard n <= UInt64(bytes.count - position) else { throw Self.damaged }
        return Int(n)
    }

    mutating func fixed64() throws(StoreError) -> UInt64 {
        guard position + 8 <= bytes.count else { throw Self.damaged }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[position + k]) << UInt64(8 * k) }
        position += 8
        return value
    }

    mutating func string() throws(StoreError) -> String {
        let length = try count()
        defer { position += length }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
        let utf8 = slice.bindMemory(to: UInt8.self)
        guard UTF8Check.firstInvalidOffset(utf8) == nil else { throw StoreError.unreadable("a stored session is damaged (text is not UTF-8)") }
        return String(decoding: utf8, as: UTF8.self)
    }

    mutating func strings() throws(StoreError) -> [String] {
        var list: [String] = []
        for _ in 0..<(try count()) { list.append(try string()) }
        return list
    }
}
