/// The compiled-dialog format: a `CompiledDialog` as bytes that load without
/// parsing or linking. `parley`'s build compiles its built-in dialogs into it
/// (the EmbedDialogs plugin), so start-up decodes instead of compiling.
///
/// Layout: the magic number `PARLEYCD` (8 bytes); the format version (4
/// bytes, little-endian); the length of the rest (8 bytes of seven bits
/// each, least significant first); the string table (a count, then each
/// string as a length and its UTF-8 bytes); then the dialog, field by field
/// (see `BinaryWriter`). Every byte outside the strings' UTF-8 is below
/// 0x80, so the bytes are UTF-8 text: the build embeds them in a string
/// literal, read in place at start-up.
extension CompiledDialog: BinaryCodable {
    /// Raised whenever what is written changes; bytes of another version are refused.
    /// Version 4: varints of six-bit digits and hashes in seven-bit bytes (text-safe).
    /// Version 5: the matcher's entries and postings flat (`MatchEntries+Binary.swift`).
    /// Version 6: the matcher's entries, terms, postings and anchors in columns (`BinaryWriter.writeColumn`).
    public static let binaryFormatVersion: UInt32 = 6
    static let binaryMagic: [UInt8] = Array("PARLEYCD".utf8)
    static let binaryHeaderSize = 20

    /// The dialog in the compiled-dialog format. The same dialog always gives
    /// the same bytes, and they are well-formed UTF-8.
    public func serialised() -> [UInt8] {
        var writer = BinaryWriter()
        encode(to: &writer)
        let table = writer.stringTable()
        var bytes = Self.binaryMagic
        bytes.reserveCapacity(Self.binaryHeaderSize + table.count + writer.body.count)
        withUnsafeBytes(of: Self.binaryFormatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        bytes += Self.lengthField(table.count + writer.body.count)
        bytes += table
        bytes += writer.body
        return bytes
    }

    /// The header's length field: eight bytes of seven bits, least significant first.
    static func lengthField(_ length: Int) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(7 * $0)) & 0x7F }
    }

    /// Reads bytes that `serialised()` wrote. The result is the dialog that
    /// was serialised, field for field.
    ///
    /// Throws `CompiledDialogFormatError` for anything else: bytes without
    /// the magic number, another format version, bytes cut short or with
    /// bytes left over, or contents that are not a dialog's. Any input is
    /// safe to give: reading never traps and allocates no more than the
    /// input's size allows. It checks the bytes' structure, not the
    /// dialog's meaning: bytes the format reads but no compiler wrote may
    /// give a dialog that refers to states or intents it does not have.
    public init(serialised bytes: [UInt8]) throws(CompiledDialogFormatError) {
        self = try bytes.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
            try CompiledDialog(serialised: buffer)
        }
    }

    /// `init(serialised:)` reading `bytes` in place: they are read during
    /// the call only, and nothing of the dialog refers to them after.
    public init(serialised bytes: UnsafeBufferPointer<UInt8>) throws(CompiledDialogFormatError) {
        guard bytes.count >= Self.binaryMagic.count, bytes.starts(with: Self.binaryMagic) else { throw .notACompiledDialog }
        guard bytes.count >= Self.binaryHeaderSize else { throw .truncated(offset: bytes.count) }
        var version: UInt32 = 0
        for k in 0..<4 { version |= UInt32(bytes[8 + k]) << (8 * k) }
        guard version == Self.binaryFormatVersion else {
            throw .unsupportedVersion(found: version, supported: Self.binaryFormatVersion)
        }
        var length: UInt64 = 0
        for k in 0..<8 {
            let byte = bytes[12 + k]
            guard byte < 0x80 else { throw .malformed("a length byte above 0x7F", offset: 12 + k) }
            length |= UInt64(byte) << UInt64(7 * k)
        }
        let available = UInt64(bytes.count - Self.binaryHeaderSize)
        guard length <= available else { throw .truncated(offset: bytes.count) }
        guard length == available else {
            throw .malformed("\(available - length) bytes after the dialog", offset: Self.binaryHeaderSize + Int(length))
        }
        var reader = BinaryReader(bytes, from: Self.binaryHeaderSize, to: bytes.count)
        try reader.readStringTable()
        try self.init(from: &reader)
        guard reader.isAtEnd else { throw reader.malformed("bytes after the dialog") }
    }

    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(version)
        writer.write(start)
        writer.write(states)
        writer.write(stateIDs)
        writer.write(intents)
        writer.write(matcher)
        writer.write(quotes)
        writer.write(faqs)
        writer.write(lists)
        writer.write(options)
        writer.write(handlers)
        writer.write(safetyHandlers)
        writer.write(beforeHandlers)
        writer.write(afterHandlers)
        writer.write(repair)
        writer.write(reflector)
        writer.write(variantSites)
        writer.write(files)
        writer.write(fingerprint)
        writer.write(optionKeys)
        writer.write(variableNames)
        writer.write(keywordScript)
        writer.write(care)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        version = try reader.read()
        start = try reader.read()
        states = try reader.read()
        stateIDs = try reader.read()
        intents = try reader.read()
        matcher = try reader.read()
        quotes = try reader.read()
        faqs = try reader.read()
        lists = try reader.read()
        options = try reader.read()
        handlers = try reader.read()
        safetyHandlers = try reader.read()
        beforeHandlers = try reader.read()
        afterHandlers = try reader.read()
        repair = try reader.read()
        reflector = try reader.read()
        variantSites = try reader.read()
        files = try reader.read()
        fingerprint = try reader.read()
        optionKeys = try reader.read()
        variableNames = try reader.read()
        keywordScript = try reader.read()
        care = try reader.read()
    }
}
