/// Writes the body of the compiled-dialog format: unsigned integers as LEB128
/// varints, signed ones zigzag-encoded first, doubles as their 8 bytes, and
/// every string once, in a table, referred to by its number. Collections are
/// a count, then their elements; dictionaries and sets in sorted order, so
/// the same dialog always gives the same bytes.
struct BinaryWriter {
    private(set) var body: [UInt8] = []
    /// The string table, in order of first use.
    private(set) var strings: [String] = []
    private var stringNumbers: [String: Int] = [:]

    mutating func write(_ value: some BinaryCodable) { value.encode(to: &self) }

    mutating func writeUnsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            body.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        body.append(UInt8(rest))
    }

    mutating func writeSigned(_ value: Int64) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func writeCount(_ count: Int) { writeUnsigned(UInt64(count)) }

    /// Raw bytes, for the string table.
    mutating func append(contentsOf bytes: some Sequence<UInt8>) { body.append(contentsOf: bytes) }

    /// An enum case's number.
    mutating func writeTag(_ tag: UInt8) { body.append(tag) }

    mutating func writeString(_ text: String) {
        if let number = stringNumbers[text] { return writeCount(number) }
        stringNumbers[text] = strings.count
        writeCount(strings.count)
        strings.append(text)
    }

    /// Eight little-endian bytes per value, with no varint: for large arrays
    /// of hashes, which a varint would not shorten and which are read back
    /// with one copy.
    mutating func writeFixedWidth(_ values: [UInt64]) {
        writeCount(values.count)
        body.reserveCapacity(body.count + values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { body.append(contentsOf: $0) }
        }
    }
}
