/// Writes the body of the compiled-dialog format in `ByteWriter`'s layout:
/// integers as varints (signed ones zigzag-mapped), doubles as the varint of
/// their bit pattern, enum cases as a tag byte, and every string once, in a
/// table, referred to by its number. Collections are a count, then their
/// elements; dictionaries and sets in sorted order, so the same dialog
/// always gives the same bytes.
struct BinaryWriter {
    private var output = ByteWriter()
    /// The string table, in order of first use.
    private(set) var strings: [String] = []
    private var stringNumbers: [String: Int] = [:]

    /// The bytes written so far.
    var body: [UInt8] { output.bytes }

    mutating func write(_ value: some BinaryCodable) { value.encode(to: &self) }

    mutating func writeUnsigned(_ value: UInt64) { output.writeUnsigned(value) }

    mutating func writeSigned(_ value: Int64) { output.writeSigned(value) }

    mutating func writeCount(_ count: Int) { output.writeUnsigned(UInt64(count)) }

    /// An enum case's number.
    mutating func writeTag(_ tag: UInt8) { output.writeByte(tag) }

    /// The string's number in the table.
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
        for value in values { output.writeFixed64(value) }
    }
}
