/// Writes the body of the compiled-dialog format: integers as varints of
/// six-bit digits (signed ones zigzag-mapped), doubles as the varint of their
/// bit pattern, enum cases as a tag byte, 64-bit hashes in ten seven-bit
/// bytes, and every string once, in a table, referred to by its number.
/// Collections are a count, then their elements; dictionaries and sets in
/// sorted order, so the same dialog always gives the same bytes.
///
/// Every byte it writes is below 0x80, and the string table holds each
/// string as its UTF-8, so the whole format is UTF-8 text: the build embeds
/// it in a string literal that `parley` reads in place, with no base64 to
/// decode and no copy (docs/performance.md, "Chat start-up"). Hence its own
/// varint rather than `ByteWriter`'s LEB128, whose bytes go up to 0xFF.
///
/// A varint: six bits a byte, lowest first, 0x40 set on every byte but the
/// last; 1 to 11 bytes (0 is `00`, 63 is `3F`, 64 is `40 01`, `UInt64.max`
/// is ten `7F` and `0F`).
struct BinaryWriter {
    private var output = ByteWriter()
    /// The string table, in order of first use.
    private(set) var strings: [String] = []
    private var stringNumbers: [String: Int] = [:]

    /// The bytes written so far.
    var body: [UInt8] { output.bytes }

    mutating func write(_ value: some BinaryCodable) { value.encode(to: &self) }

    mutating func writeUnsigned(_ value: UInt64) { Self.writeUnsigned(value, to: &output) }

    mutating func writeSigned(_ value: Int64) { writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func writeCount(_ count: Int) { writeUnsigned(UInt64(count)) }

    /// An enum case's number, below 0x80.
    mutating func writeTag(_ tag: UInt8) {
        precondition(tag < 0x80, "a tag of the compiled-dialog format is below 0x80")
        output.writeByte(tag)
    }

    /// The string's number in the table.
    mutating func writeString(_ text: String) {
        if let number = stringNumbers[text] { return writeCount(number) }
        stringNumbers[text] = strings.count
        writeCount(strings.count)
        strings.append(text)
    }

    /// Ten bytes of seven bits per value, lowest first, with no varint: for
    /// large arrays of hashes, which a varint would not shorten.
    mutating func writeFixedWidth(_ values: [UInt64]) {
        writeCount(values.count)
        for value in values {
            for k in 0..<10 { output.writeByte(UInt8(truncatingIfNeeded: value >> UInt64(7 * k)) & 0x7F) }
        }
    }

    /// A column of numbers (`BinaryReader.readColumn`): the count; then,
    /// when there are any, the width, the fewest seven-bit bytes that hold
    /// the largest zigzag-mapped value (1 to 5); then every value in that
    /// many bytes, lowest first. For the matcher's long arrays of small
    /// numbers, which a reader without a varint's branches reads fastest.
    mutating func writeColumn(_ values: some Collection<Int32>) {
        writeCount(values.count)
        guard !values.isEmpty else { return }
        var widest: UInt64 = 0
        for value in values { widest |= Self.zigzag(value) }
        var width = 1
        while widest >> UInt64(7 * width) != 0 { width += 1 }
        writeTag(UInt8(width))
        for value in values {
            let raw = Self.zigzag(value)
            for k in 0..<width { output.writeByte(UInt8(truncatingIfNeeded: raw >> UInt64(7 * k)) & 0x7F) }
        }
    }

    static func zigzag(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))) }

    /// The string table as the format stores it: the count, then each
    /// string as its UTF-8 length and its UTF-8 bytes.
    func stringTable() -> [UInt8] {
        var table = ByteWriter()
        Self.writeUnsigned(UInt64(strings.count), to: &table)
        for text in strings {
            Self.writeUnsigned(UInt64(text.utf8.count), to: &table)
            table.append(contentsOf: text.utf8)
        }
        return table.bytes
    }

    private static func writeUnsigned(_ value: UInt64, to output: inout ByteWriter) {
        var rest = value
        while rest >= 0x40 {
            output.writeByte(UInt8(truncatingIfNeeded: rest) & 0x3F | 0x40)
            rest >>= 6
        }
        output.writeByte(UInt8(rest))
    }
}
