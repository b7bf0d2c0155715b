/// Reads what `BinaryWriter` wrote. Every read is bounds-checked and every
/// count is checked against the bytes left before anything is allocated for
/// it, and nesting is limited, so no input can make it trap, allocate without
/// bound or overflow the stack: it throws `CompiledDialogFormatError` instead.
struct BinaryReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int
    private(set) var strings: [String] = []
    private var depth = 0

    /// How deeply actions and conditions may nest. The parser stops
    /// conditions at 64 levels and blocks are indented lines, so a dialog
    /// that compiled never comes near.
    static let maximumDepth = 512

    init(_ bytes: [UInt8], from offset: Int, to end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    var isAtEnd: Bool { offset == end }

    func malformed(_ what: String) -> CompiledDialogFormatError { .malformed(what, offset: offset) }

    mutating func read<T: BinaryCodable>(_: T.Type = T.self) throws(CompiledDialogFormatError) -> T {
        try T(from: &self)
    }

    mutating func readByte() throws(CompiledDialogFormatError) -> UInt8 {
        guard offset < end else { throw .truncated(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readTag() throws(CompiledDialogFormatError) -> UInt8 { try readByte() }

    mutating func readUnsigned() throws(CompiledDialogFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte holds the top bit only.
            guard shift < 63 || byte <= 1 else { throw malformed("an integer longer than 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func readSigned() throws(CompiledDialogFormatError) -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count of things still to read, each at least `minimumBytes` long:
    /// a count the remaining bytes cannot hold is a truncation.
    mutating func readCount(minimumBytes: Int = 1) throws(CompiledDialogFormatError) -> Int {
        let start = offset
        let count = try readUnsigned()
        guard count <= UInt64(end - offset) / UInt64(max(1, minimumBytes)) else { throw .truncated(offset: start) }
        return Int(count)
    }

    mutating func readString() throws(CompiledDialogFormatError) -> String {
        let number = try readUnsigned()
        guard number < UInt64(strings.count) else { throw malformed("string \(number) of a table of \(strings.count)") }
        return strings[Int(number)]
    }

    /// The string table that precedes the body.
    mutating func readStringTable() throws(CompiledDialogFormatError) {
        let count = try readCount()
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let length = try readCount()
            strings.append(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))
            offset += length
        }
    }

    mutating func readFixedWidth() throws(CompiledDialogFormatError) -> [UInt64] {
        let count = try readCount(minimumBytes: 8)
        var values = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                let source = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count * 8)])
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
        offset += count * 8
        #if _endian(big)
        for k in values.indices { values[k] = UInt64(littleEndian: values[k]) }
        #endif
        return values
    }

    /// Runs `body` one level deeper; throws past `maximumDepth`.
    mutating func nested<T>(_ body: (inout BinaryReader) throws(CompiledDialogFormatError) -> T)
        throws(CompiledDialogFormatError) -> T {
        guard depth < Self.maximumDepth else { throw malformed("nested more than \(Self.maximumDepth) levels deep") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }
}
