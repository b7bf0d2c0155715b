#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the byte layout `ByteWriter` writes (its comment gives each shape's
/// bytes) from `bytes[from..<to]`. Offsets, in the reader and in its errors,
/// are indices into `bytes`: from 0 for an array or a buffer.
///
/// Every read is bounds-checked and every count is checked against the bytes
/// left before anything is allocated for it, so no input can make it trap or
/// allocate more than the input's size: it throws `ByteReadError`, which each
/// format maps into its own error (`CompiledDialogFormatError`, `StoreError`).
///
/// Generic over where the bytes are, so that the session store reads a
/// database's buffer in place, without a copy. (The compiled-dialog format
/// has its own reader, `BinaryReader`: its bytes are UTF-8 text.) Its methods are inlinable so that readers in other modules are
/// specialised for their byte type rather than dispatched at run time.
public struct ByteReader<Bytes: RandomAccessCollection<UInt8>> where Bytes.Index == Int {
    @usableFromInline let bytes: Bytes
    @usableFromInline var position: Int
    @usableFromInline let end: Int

    /// A reader of all of `bytes`.
    @inlinable public init(_ bytes: Bytes) {
        self.init(bytes, from: bytes.startIndex, to: bytes.endIndex)
    }

    /// A reader of `bytes[offset..<end]`, which must lie within `bytes`.
    @inlinable public init(_ bytes: Bytes, from offset: Int, to end: Int) {
        precondition(bytes.startIndex <= offset && offset <= end && end <= bytes.endIndex, "a range outside the bytes")
        self.bytes = bytes
        self.position = offset
        self.end = end
    }

    /// Where the next read starts.
    @inlinable public var offset: Int { position }

    /// True when every byte up to the end has been read.
    @inlinable public var isAtEnd: Bool { position == end }

    /// How many bytes are left to read.
    @inlinable public var remaining: Int { end - position }

    /// One byte. Throws `.truncated` at the end.
    @inlinable @inline(__always) public mutating func readByte() throws(ByteReadError) -> UInt8 {
        guard position < end else { throw .truncated(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 varint. Throws `.truncated` when the bytes end
    /// inside it, and `.overlongVarint` (at its first byte) when it holds
    /// more than 64 bits: an eleventh byte, or a tenth above 1.
    @inlinable @inline(__always) public mutating func readUnsigned() throws(ByteReadError) -> UInt64 {
        // Most varints are one or two bytes (tags, counts, string and term
        // numbers, lines): read those without the loop. Decoding the trust
        // coach's compiled dialog reads about 150,000; as a call with the
        // loop they took 4.6 M instructions (callgrind, 2026-11-30).
        if position < end {
            let first = bytes[position]
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
            if position + 1 < end {
                let second = bytes[position + 1]
                if second < 0x80 {
                    position += 2
                    return UInt64(first & 0x7F) | UInt64(second) << 7
                }
            }
        }
        return try readLongUnsigned()
    }

    /// `readUnsigned` for a varint of any length.
    @inlinable mutating func readLongUnsigned() throws(ByteReadError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte holds the top bit only.
            guard shift < 63 || byte <= 1 else { throw .overlongVarint(offset: start) }
            value |= UInt64(byte & 0x7F) &<< shift  // shift < 64 here: no smart-shift checks
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// A zigzag-mapped signed integer (see `readUnsigned` for its errors).
    @inlinable @inline(__always) public mutating func readSigned() throws(ByteReadError) -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// An unsigned varint counting things still to read, each at least
    /// `minimumBytes` long. A count the remaining bytes cannot hold throws
    /// `.truncated` at the count's first byte, so a damaged count cannot
    /// make the caller reserve memory the input does not justify.
    @inlinable @inline(__always) public mutating func readCount(minimumBytes: Int = 1) throws(ByteReadError) -> Int {
        let start = position
        let count = try readUnsigned()
        guard count <= UInt64(end - position) / UInt64(max(1, minimumBytes)) else { throw .truncated(offset: start) }
        return Int(count)
    }

    /// 8 bytes, least significant first.
    @inlinable public mutating func readFixed64() throws(ByteReadError) -> UInt64 {
        guard end - position >= 8 else { throw .truncated(offset: position) }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[position + k]) << UInt64(8 * k) }
        position += 8
        return value
    }

    /// The next `count` bytes as they are. Throws `.truncated` when fewer are left.
    @inlinable public mutating func readBytes(_ count: Int) throws(ByteReadError) -> Bytes.SubSequence {
        guard count >= 0, count <= end - position else { throw .truncated(offset: position) }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// A string: its UTF-8 byte count (`readCount`) and its bytes. Throws
    /// `.invalidUTF8` at the first byte that is not well-formed UTF-8
    /// (overlong forms and surrogates included) rather than repairing it.
    @inlinable public mutating func readString() throws(ByteReadError) -> String {
        let length = try readCount()
        let start = position
        position += length
        let first = bytes.startIndex
        let decoded = bytes.withContiguousStorageIfAvailable { buffer in
            UTF8Decoding.decode(UnsafeBufferPointer(rebasing: buffer[(start - first)..<(start - first + length)]), at: start)
        } ?? Array(bytes[start..<(start + length)]).withUnsafeBufferPointer { UTF8Decoding.decode($0, at: start) }
        return try decoded.get()
    }
}

/// `ByteReader.readString`'s decoding, outside the generic type so that it
/// is compiled once.
@usableFromInline enum UTF8Decoding {
    /// `utf8` as a string, or where it stops being UTF-8; `start` is its offset.
    ///
    /// `String(decoding:)` validates as it copies, replacing what is not
    /// UTF-8, so the bytes were UTF-8 exactly when the string's bytes are
    /// theirs. That comparison (`memcmp`) costs far less than a second
    /// validating pass (`UTF8Check`: about 9 instructions a byte of a
    /// session's strings) or `String(validating:as:)`, which is generic in
    /// the standard library and looks up type metadata on every call (about
    /// 700 instructions more a string); measured with callgrind, Swift 6.3.1.
    @usableFromInline static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) -> Result<String, ByteReadError> {
        var text = String(decoding: utf8, as: UTF8.self)
        let intact = text.withUTF8 { decoded in
            decoded.count == utf8.count && (decoded.isEmpty || memcmp(decoded.baseAddress!, utf8.baseAddress!, decoded.count) == 0)
        }
        if intact { return .success(text) }
        return .failure(.invalidUTF8(offset: start + (UTF8Check.firstInvalidOffset(utf8) ?? 0)))
    }
}

/// Why `ByteReader` could not read a value. `offset` is the index in the
/// bytes given where the faulty value (or, for `.invalidUTF8`, the faulty
/// byte) starts. Each format maps it into its own error, naming the format.
public enum ByteReadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes end before the value does.
    case truncated(offset: Int)
    /// A varint holds more than 64 bits.
    case overlongVarint(offset: Int)
    /// A string's bytes are not well-formed UTF-8.
    case invalidUTF8(offset: Int)

    /// The byte offset, from 0, where the fault is.
    public var offset: Int {
        switch self {
        case .truncated(let offset), .overlongVarint(let offset), .invalidUTF8(let offset): offset
        }
    }

    /// What is wrong, without the offset: "it ends too early", "an integer
    /// longer than 64 bits", "text that is not UTF-8".
    public var problem: String {
        switch self {
        case .truncated: "it ends too early"
        case .overlongVarint: "an integer longer than 64 bits"
        case .invalidUTF8: "text that is not UTF-8"
        }
    }

    /// The fault and its offset as one phrase, such as "an integer longer than 64 bits at byte 12".
    public var description: String { "\(problem) at byte \(offset)" }
}
