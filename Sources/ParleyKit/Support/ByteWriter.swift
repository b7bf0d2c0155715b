/// Writes the byte layout of the session store's `SessionCodec`; `ByteReader`
/// reads it back. The compiled-dialog format keeps only its bytes here: its
/// numbers are six-bit varints, so that its bytes are UTF-8 text
/// (`BinaryWriter`).
///
/// Layout of each shape:
/// - a byte (`writeByte`): itself, one byte;
/// - an unsigned integer (`writeUnsigned`): unsigned LEB128, seven bits a
///   byte, lowest first, the top bit set on every byte but the last; 1 to 10
///   bytes (0 is `00`, 127 is `7F`, 128 is `80 01`, `UInt64.max` is nine
///   `FF` and `01`);
/// - a signed integer (`writeSigned`): zigzag-mapped to unsigned (0, -1, 1,
///   -2… become 0, 1, 2, 3…), then as above, so small magnitudes of either
///   sign take one byte (-1 is `01`, 64 is `80 01`);
/// - a fixed-width integer (`writeFixed64`): 8 bytes, little-endian, for
///   values a varint would not shorten (bit patterns of doubles, seeds,
///   hashes);
/// - a string (`writeString`): its UTF-8 length in bytes as an unsigned
///   integer, then its UTF-8 bytes, with no terminator ("é" is `02 C3 A9`).
///
/// Each format decides what to write in which order; this type only keeps
/// the encodings in one place, so the formats cannot drift apart. Writing
/// cannot fail.
public struct ByteWriter: Sendable {
    @usableFromInline var storage: [UInt8] = []

    /// An empty writer with room for `capacity` bytes before it grows.
    @inlinable public init(reservingCapacity capacity: Int = 0) {
        storage.reserveCapacity(capacity)
    }

    /// The bytes written so far, in order.
    @inlinable public var bytes: [UInt8] { storage }

    /// How many bytes have been written so far.
    @inlinable public var count: Int { storage.count }

    /// One byte, as it is: a tag, a flag, a version number.
    @inlinable public mutating func writeByte(_ byte: UInt8) { storage.append(byte) }

    /// Bytes as they are, with no length before them.
    @inlinable public mutating func append(contentsOf bytes: some Sequence<UInt8>) {
        storage.append(contentsOf: bytes)
    }

    /// An unsigned integer as an LEB128 varint: 1 byte below 128, at most 10.
    @inlinable public mutating func writeUnsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        storage.append(UInt8(rest))
    }

    /// A signed integer, zigzag-mapped (`(n << 1) ^ (n >> 63)`) and then
    /// written as an unsigned varint: 1 byte from -64 to 63, at most 10.
    @inlinable public mutating func writeSigned(_ value: Int64) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A 64-bit value as 8 bytes, least significant first.
    @inlinable public mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    /// A string as its UTF-8 byte count (an unsigned varint) and its UTF-8 bytes.
    @inlinable public mutating func writeString(_ text: String) {
        writeUnsigned(UInt64(text.utf8.count))
        storage.append(contentsOf: text.utf8)
    }
}
