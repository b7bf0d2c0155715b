/// Reads what `BinaryWriter` wrote, in place from bytes it does not own (the
/// built-in dialogs are read straight from the string literal the build
/// embedded, with no copy). Every read is bounds-checked and every count is
/// checked against the bytes left before anything is allocated for it, and
/// nesting is limited, so no input can make it trap, allocate without bound
/// or overflow the stack: it throws `CompiledDialogFormatError` instead.
///
/// The reads every stored value goes through are `@inline(__always)`: a
/// dialog is mostly small numbers, and as calls they were the largest part
/// of decoding the trust coach (readUnsigned alone 4.6 M of 28 M
/// instructions; callgrind, 2026-11-30).
struct BinaryReader {
    /// Valid for as long as the reader is used: the caller's bytes.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private let end: Int
    private(set) var strings: [String] = []
    private var depth = 0

    /// How deeply actions and conditions may nest. The parser stops
    /// conditions at 64 levels and blocks are indented lines, so a dialog
    /// that compiled never comes near.
    static let maximumDepth = 512

    /// A reader of `bytes[offset..<end]`, which must lie within `bytes` and
    /// stay valid while the reader is used.
    init(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int, to end: Int) {
        precondition(0 <= offset && offset <= end && end <= bytes.count, "a range outside the bytes")
        self.bytes = bytes
        self.position = offset
        self.end = end
    }

    var offset: Int { position }

    var isAtEnd: Bool { position == end }

    func malformed(_ what: String) -> CompiledDialogFormatError { .malformed(what, offset: offset) }

    @inline(__always)
    mutating func read<T: BinaryCodable>(_: T.Type = T.self) throws(CompiledDialogFormatError) -> T {
        try T(from: &self)
    }

    @inline(__always)
    mutating func readTag() throws(CompiledDialogFormatError) -> UInt8 {
        guard position < end else { throw .truncated(offset: position) }
        defer { position += 1 }
        return bytes[position]
    }

    /// A varint of six-bit digits (`BinaryWriter`). Throws `.truncated` when
    /// the bytes end inside it, and `.malformed` at its first byte when it
    /// holds more than 64 bits or a byte above 0x7F.
    @inline(__always)
    mutating func readUnsigned() throws(CompiledDialogFormatError) -> UInt64 {
        // Most varints are one to three bytes (tags, counts, string, term
        // and entry numbers, lines; the trust coach has about 8,000 strings
        // and 5,700 entries, three digits each): read those without the
        // loop. Decoding the trust coach reads about 150,000; with two bytes
        // only here, its matcher took 1.2 M instructions more (callgrind).
        if position < end {
            let first = bytes[position]
            if first < 0x40 {
                position += 1
                return UInt64(first)
            }
            if position + 1 < end, first < 0x80 {
                let second = bytes[position + 1]
                if second < 0x40 {
                    position += 2
                    return UInt64(first & 0x3F) | UInt64(second) << 6
                }
                if position + 2 < end, second < 0x80 {
                    let third = bytes[position + 2]
                    if third < 0x40 {
                        position += 3
                        return UInt64(first & 0x3F) | UInt64(second & 0x3F) << 6 | UInt64(third) << 12
                    }
                }
            }
        }
        return try readLongUnsigned()
    }

    /// `readUnsigned` for a varint of any length.
    private mutating func readLongUnsigned() throws(CompiledDialogFormatError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .truncated(offset: position) }
            let byte = bytes[position]
            position += 1
            guard byte < 0x80 else { throw .malformed("a byte above 0x7F in a number", offset: start) }
            // The eleventh digit holds the top four bits only.
            guard shift < 60 || byte <= 0x0F else { throw .malformed(ByteReadError.overlongVarint(offset: start).problem, offset: start) }
            value |= UInt64(byte & 0x3F) &<< shift  // shift < 64 here
            if byte < 0x40 { return value }
            shift += 6
        }
    }

    /// A zigzag-mapped signed integer (see `readUnsigned` for its errors).
    @inline(__always)
    mutating func readSigned() throws(CompiledDialogFormatError) -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// An `Int`, as `Int`'s `BinaryCodable` reads it. The hot types read
    /// their numbers through these concrete reads: through the protocol,
    /// each number was a witness call (about 45 instructions an `Int32`).
    @inline(__always)
    mutating func readInt() throws(CompiledDialogFormatError) -> Int {
        let value = try readSigned()
        guard let exact = Int(exactly: value) else { throw malformed("\(value) does not fit an Int") }
        return exact
    }

    @inline(__always)
    mutating func readInt32() throws(CompiledDialogFormatError) -> Int32 {
        let value = try readSigned()
        guard let exact = Int32(exactly: value) else { throw malformed("\(value) does not fit an Int32") }
        return exact
    }

    /// A column `BinaryWriter.writeColumn` wrote: its count, its width and
    /// the values in that many seven-bit bytes each. Throws `.truncated`
    /// when the bytes cannot hold them, `.malformed` for a width outside 1
    /// to 5, a byte above 0x7F or a value beyond an `Int32`.
    ///
    /// Why columns: the matcher's entries, terms and postings are about
    /// 100,000 small numbers in the trust coach; read as varints, one by
    /// one with a branch per digit and an error check each, they were
    /// about 3 M of the decoding thread's 14.7 M instructions (callgrind,
    /// 2026-12-01); a column is a loop without branches per value, its
    /// bytes checked once at the end (docs/performance.md, "Chat start-up",
    /// `start8`).
    mutating func readColumn() throws(CompiledDialogFormatError) -> [Int32] {
        let start = position
        let count = try readCount()
        guard count > 0 else { return [] }
        let width = Int(try readTag())
        guard (1...5).contains(width) else { throw malformed("a column of \(width)-byte numbers") }
        guard count <= (end - position) / width else { throw .truncated(offset: start) }
        // Every byte's bits or'ed together (the top one must be clear), and
        // every value's (a five-byte value must fit 32 bits); kept in locals
        // of the loops, the bytes read through a local pointer and the
        // array not zeroed first: the first version, a zeroed array filled
        // through captured variables, took 1.6 M instructions for the
        // trust coach's columns (callgrind, 2026-12-01).
        var seen: UInt8 = 0
        var widest: UInt64 = 0
        // Not nil: `count * width` bytes lie ahead.
        let first = bytes.baseAddress! + position
        @inline(__always) func unzigzag(_ raw: UInt64) -> Int32 {
            Int32(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        }
        let values = [Int32](unsafeUninitializedCapacity: count) { out, initialized in
            var bits: UInt8 = 0
            var largest: UInt64 = 0
            switch width {
            case 1:
                for i in 0..<count {
                    let b0 = first[i]
                    bits |= b0
                    out[i] = unzigzag(UInt64(b0))
                }
            case 2:
                for i in 0..<count {
                    let b0 = first[2 * i], b1 = first[2 * i + 1]
                    bits |= b0 | b1
                    out[i] = unzigzag(UInt64(b0) | UInt64(b1) << 7)
                }
            case 3:
                for i in 0..<count {
                    let b0 = first[3 * i], b1 = first[3 * i + 1], b2 = first[3 * i + 2]
                    bits |= b0 | b1 | b2
                    out[i] = unzigzag(UInt64(b0) | UInt64(b1) << 7 | UInt64(b2) << 14)
                }
            default:
                for i in 0..<count {
                    var raw: UInt64 = 0
                    for k in 0..<width {
                        let byte = first[width * i + k]
                        bits |= byte
                        raw |= UInt64(byte) << UInt64(7 * k)
                    }
                    largest |= raw
                    out[i] = unzigzag(raw)
                }
            }
            seen = bits
            widest = largest
            initialized = count
        }
        guard seen < 0x80 else { throw malformed("a byte above 0x7F in a column") }
        guard widest >> 32 == 0 else { throw malformed("a number in a column that does not fit an Int32") }
        position += count * width
        return values
    }

    /// A count of things still to read, each at least `minimumBytes` long:
    /// a count the remaining bytes cannot hold is a truncation.
    @inline(__always)
    mutating func readCount(minimumBytes: Int = 1) throws(CompiledDialogFormatError) -> Int {
        let start = position
        let count = try readUnsigned()
        guard count <= UInt64(end - position) / UInt64(max(1, minimumBytes)) else { throw .truncated(offset: start) }
        return Int(count)
    }

    /// A string by its number in the table.
    @inline(__always)
    mutating func readString() throws(CompiledDialogFormatError) -> String {
        let number = try readUnsigned()
        guard number < UInt64(strings.count) else { throw malformed("string \(number) of a table of \(strings.count)") }
        return strings[Int(number)]
    }

    /// The string table that precedes the body: a count, then each string as
    /// its UTF-8 length and bytes. Bytes that are not well-formed UTF-8 are
    /// refused (at the first such byte), not repaired.
    mutating func readStringTable() throws(CompiledDialogFormatError) {
        let count = try readCount()
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let length = try readCount()
            let start = position
            position += length
            switch UTF8Decoding.decode(UnsafeBufferPointer(rebasing: bytes[start..<position]), at: start) {
            case .success(let text): strings.append(text)
            case .failure(let error): throw CompiledDialogFormatError(error)
            }
        }
    }

    /// Values `BinaryWriter.writeFixedWidth` wrote: ten seven-bit bytes each.
    ///
    /// The first eight bytes of a value are read as one word and their
    /// seven-bit digits packed together in three steps (pairs of bytes, of
    /// 16-bit lanes, of 32-bit lanes), instead of a loop of ten shifts: the
    /// trust coach's 40,000 hashes took 1.25 M instructions that way
    /// (callgrind, 2026-12-01).
    mutating func readFixedWidth() throws(CompiledDialogFormatError) -> [UInt64] {
        let count = try readCount(minimumBytes: 10)
        guard count > 0 else { return [] }
        // Not nil: `count` values of ten bytes lie in the bytes.
        let base = UnsafeRawPointer(bytes.baseAddress! + position)
        // Filled in place and the bytes checked once at the end, as in
        // `readColumn`, rather than appended and checked one by one.
        var valid = true
        let values = [UInt64](unsafeUninitializedCapacity: count) { out, initialized in
            var good = true
            for i in 0..<count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 10 * i, as: UInt64.self))
                let ninth = base.load(fromByteOffset: 10 * i + 8, as: UInt8.self)
                let tenth = base.load(fromByteOffset: 10 * i + 9, as: UInt8.self)
                // The tenth byte holds the top bit only.
                good = good && word & 0x8080_8080_8080_8080 == 0 && ninth < 0x80 && tenth <= 1
                var packed = (word & 0x007F_007F_007F_007F) | (word & 0x7F00_7F00_7F00_7F00) >> 1
                packed = (packed & 0x0000_3FFF_0000_3FFF) | (packed & 0x3FFF_0000_3FFF_0000) >> 2
                packed = (packed & 0x0000_0000_0FFF_FFFF) | (packed & 0x0FFF_FFFF_0000_0000) >> 4
                out[i] = packed | UInt64(ninth) << 56 | UInt64(tenth) << 63
            }
            valid = good
            initialized = count
        }
        guard valid else { throw malformed("a fixed-width number that is not ten seven-bit bytes") }
        position += 10 * count
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
