import ParleyKit

/// A compact binary form of `Session`, for the SQLite store: a few dozen bytes
/// for a typical session, and encoding plus decoding costs a few microseconds,
/// where Foundation's JSON coders cost tens on Linux. Dictionaries are written
/// in key order so the same session always gives the same bytes.
///
/// Layout (version 2; version 1 lacked `fingerprint`, `memories` and `lines`):
/// a version byte, then the fields in declaration order, in the shapes of
/// ParleyKit's `ByteWriter` (shared with the compiled-dialog format):
/// integers are LEB128 varints (signed ones zigzagged), strings a varint byte
/// count and UTF-8, arrays and dictionaries a varint count and their elements,
/// `random` and numbers 8 bytes little-endian. When `Session` gains a field,
/// bump `version`, write the field, and keep reading version 1 with the
/// field's default; `BridgeStoreTests` fails until the codec knows every field.
/// Version 2 writes options by key and adds the dialog's fingerprint; version 1
/// (options by position) is read with no options on show and an empty
/// fingerprint, which `Engine.fit` repairs.
public enum SessionCodec {
    /// The format version `encode` writes, its first byte.
    static let version: UInt8 = 2
    /// The stored properties of `Session` the codec writes, checked by the tests.
    static let fieldNames = ["state", "backStack", "variables", "visits", "misses", "variants",
                                    "random", "options", "question", "captures", "ended", "fingerprint",
                                    "memories", "lines"]

    /// `session` in the current version's layout (above): the same session
    /// always gives the same bytes. Cannot fail.
    public static func encode(_ session: Session) -> [UInt8] {
        var out = ByteWriter(reservingCapacity: 256)
        out.writeByte(version)
        out.writeString(session.state)
        out.writeStrings(session.backStack)
        out.writeUnsigned(UInt64(session.variables.count))
        for name in session.variables.keys.sorted() {
            out.writeString(name)
            switch session.variables[name]! {
            case .number(let n): out.writeByte(0); out.writeFixed64(n.bitPattern)
            case .text(let t): out.writeByte(1); out.writeString(t)
            case .bool(let b): out.writeByte(b ? 3 : 2)
            }
        }
        out.writeUnsigned(UInt64(session.visits.count))
        for name in session.visits.keys.sorted() {
            out.writeString(name)
            out.writeSigned(Int64(session.visits[name]!))
        }
        out.writeSigned(Int64(session.misses))
        out.writeUnsigned(UInt64(session.variants.count))
        for site in session.variants.keys.sorted() {
            let cursor = session.variants[site]!
            out.writeSigned(Int64(site))
            out.writeUnsigned(cursor.used)
            out.writeSigned(Int64(cursor.last))
        }
        out.writeFixed64(session.random)
        out.writeUnsigned(UInt64(session.options.count))
        for option in session.options { out.writeString(option.key) }
        if let question = session.question {
            out.writeByte(1)
            out.writeString(question)
        } else {
            out.writeByte(0)
        }
        out.writeStrings(session.captures)
        out.writeByte(session.ended ? 1 : 0)
        out.writeString(session.fingerprint)
        out.writeStrings(session.memories)
        out.writeSigned(Int64(session.lines))
        return out.bytes
    }

    /// Reads bytes that `encode` wrote (version 1 or 2). Throws `StoreError`
    /// with `isUnreadableSession` set for bytes of another version and for
    /// damaged bytes, saying what was wrong and at which byte offset (from 0).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(StoreError) -> Session {
        var input = SessionReader(input: ByteReader(bytes))
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
            case let kind: throw input.damaged("unknown value kind \(kind)", at: input.offset - 1)
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
            let start = input.offset
            let last = try input.signed()
            guard let last16 = Int16(exactly: last) else { throw input.damaged("a variant cursor out of range", at: start) }
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
        guard input.isAtEnd else { throw input.damaged("bytes after its end") }
        return session
    }
}

extension ByteWriter {
    /// A count, then each string.
    fileprivate mutating func writeStrings(_ list: [String]) {
        writeUnsigned(UInt64(list.count))
        for text in list { writeString(text) }
    }
}

/// `ByteReader` for `SessionCodec.decode`: its faults, and the session's own,
/// become `StoreError`s that say what was wrong and at which byte.
private struct SessionReader {
    var input: ByteReader<UnsafeRawBufferPointer>

    var offset: Int { input.offset }

    var isAtEnd: Bool { input.isAtEnd }

    func damaged(_ what: String, at offset: Int? = nil) -> StoreError {
        StoreError.unreadable("a stored session is damaged at byte \(offset ?? input.offset) (\(what))")
    }

    func damaged(_ error: ByteReadError) -> StoreError { damaged(error.problem, at: error.offset) }

    mutating func byte() throws(StoreError) -> UInt8 {
        do throws(ByteReadError) { return try input.readByte() } catch { throw damaged(error) }
    }

    mutating func unsigned() throws(StoreError) -> UInt64 {
        do throws(ByteReadError) { return try input.readUnsigned() } catch { throw damaged(error) }
    }

    mutating func signed() throws(StoreError) -> Int64 {
        do throws(ByteReadError) { return try input.readSigned() } catch { throw damaged(error) }
    }

    /// A count of elements, each at least one byte, so a damaged count cannot ask for more than is there.
    mutating func count() throws(StoreError) -> Int {
        do throws(ByteReadError) { return try input.readCount() } catch { throw damaged(error) }
    }

    mutating func fixed64() throws(StoreError) -> UInt64 {
        do throws(ByteReadError) { return try input.readFixed64() } catch { throw damaged(error) }
    }

    mutating func string() throws(StoreError) -> String {
        do throws(ByteReadError) { return try input.readString() } catch { throw damaged(error) }
    }

    mutating func int() throws(StoreError) -> Int { Int(try signed()) }

    mutating func int32() throws(StoreError) -> Int32 {
        let start = input.offset
        guard let value = Int32(exactly: try signed()) else { throw damaged("an index out of range", at: start) }
        return value
    }

    mutating func strings() throws(StoreError) -> [String] {
        var list: [String] = []
        for _ in 0..<(try count()) { list.append(try string()) }
        return list
    }
}
