/// Reads what `BinaryWriter` wrote, through `ByteReader`: every read is
/// bounds-checked and every count is checked against the bytes left before
/// anything is allocated for it, and nesting is limited, so no input can make
/// it trap, allocate without bound or overflow the stack: it throws
/// `CompiledDialogFormatError` instead.
///
/// The reads every stored value goes through are `@inline(__always)`: a
/// dialog is mostly small numbers, and as calls they were the largest part
/// of decoding the trust coach (readUnsigned alone 4.6 M of 28 M
/// instructions; callgrind, 2026-11-30).
struct BinaryReader {
    private var input: ByteReader<[UInt8]>
    private(set) var strings: [String] = []
    private var depth = 0

    /// How deeply actions and conditions may nest. The parser stops
    /// conditions at 64 levels and blocks are indented lines, so a dialog
    /// that compiled never comes near.
    static let maximumDepth = 512

    init(_ bytes: [UInt8], from offset: Int, to end: Int) {
        input = ByteReader(bytes, from: offset, to: end)
    }

    var offset: Int { input.offset }

    var isAtEnd: Bool { input.isAtEnd }

    func malformed(_ what: String) -> CompiledDialogFormatError { .malformed(what, offset: offset) }

    @inline(__always)
    mutating func read<T: BinaryCodable>(_: T.Type = T.self) throws(CompiledDialogFormatError) -> T {
        try T(from: &self)
    }

    @inline(__always)
    mutating func readTag() throws(CompiledDialogFormatError) -> UInt8 {
        do throws(ByteReadError) { return try input.readByte() } catch { throw CompiledDialogFormatError(error) }
    }

    @inline(__always)
    mutating func readUnsigned() throws(CompiledDialogFormatError) -> UInt64 {
        do throws(ByteReadError) { return try input.readUnsigned() } catch { throw CompiledDialogFormatError(error) }
    }

    @inline(__always)
    mutating func readSigned() throws(CompiledDialogFormatError) -> Int64 {
        do throws(ByteReadError) { return try input.readSigned() } catch { throw CompiledDialogFormatError(error) }
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

    /// An array of `Int32`, as `[Int32]`'s `BinaryCodable` reads it (term
    /// and entry numbers: the matcher's entries and index). By `append`
    /// after `reserveCapacity`: `Array(unsafeUninitializedCapacity:)` looked
    /// up the array's type metadata at run time on every call, about 700
    /// instructions an array against 330 (callgrind, Swift 6.3.1, Linux).
    mutating func readInt32s() throws(CompiledDialogFormatError) -> [Int32] {
        let count = try readCount()
        if count == 0 { return [] }
        var values: [Int32] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readInt32()) }
        return values
    }

    /// A count of things still to read, each at least `minimumBytes` long:
    /// a count the remaining bytes cannot hold is a truncation.
    @inline(__always)
    mutating func readCount(minimumBytes: Int = 1) throws(CompiledDialogFormatError) -> Int {
        do throws(ByteReadError) { return try input.readCount(minimumBytes: minimumBytes) } catch {
            throw CompiledDialogFormatError(error)
        }
    }

    /// A string by its number in the table.
    @inline(__always)
    mutating func readString() throws(CompiledDialogFormatError) -> String {
        let number = try readUnsigned()
        guard number < UInt64(strings.count) else { throw malformed("string \(number) of a table of \(strings.count)") }
        return strings[Int(number)]
    }

    /// The string table that precedes the body: a count, then the strings.
    mutating func readStringTable() throws(CompiledDialogFormatError) {
        let count = try readCount()
        strings.reserveCapacity(count)
        do throws(ByteReadError) {
            for _ in 0..<count { strings.append(try input.readString()) }
        } catch {
            throw CompiledDialogFormatError(error)
        }
    }

    mutating func readFixedWidth() throws(CompiledDialogFormatError) -> [UInt64] {
        let count = try readCount(minimumBytes: 8)
        let source: ArraySlice<UInt8>
        do throws(ByteReadError) { source = try input.readBytes(count * 8) } catch { throw CompiledDialogFormatError(error) }
        var values = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            source.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            initialized = count
        }
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
