@testable import ParleyKit
@testable import ParleyStore
import Testing

/// The shared byte layout (`ByteWriter`, `ByteReader`) and the two formats
/// built on it. The golden vectors were written by the formats' own encoders
/// before they shared one (commit 2e5031f), so a test that passes proves the
/// bytes of both formats unchanged; a change that fails one changes a stored
/// format and must raise its version instead.
@Suite struct ByteCodecTests {
    private func bytes(_ hex: String) -> [UInt8] { hex.split(separator: " ").map { UInt8($0, radix: 16)! } }

    @Test func writerGivesTheDocumentedBytes() {
        var out = ByteWriter()
        for value: UInt64 in [0, 1, 127, 128, 300, .max] { out.writeUnsigned(value) }
        for value: Int64 in [0, -1, 1, -64, 63, 64, -65, .min, .max] { out.writeSigned(value) }
        out.writeFixed64(0x0102_0304_0506_0708)
        out.writeString("")
        out.writeString("é")
        out.writeString("hi")
        out.writeByte(0xAB)
        #expect(out.bytes == bytes("""
            00 01 7F 80 01 AC 02 FF FF FF FF FF FF FF FF FF 01 \
            00 01 02 7F 7E 80 01 81 01 FF FF FF FF FF FF FF FF FF 01 FE FF FF FF FF FF FF FF FF 01 \
            08 07 06 05 04 03 02 01 00 02 C3 A9 02 68 69 AB
            """))
        #expect(out.count == out.bytes.count)
    }

    @Test func readerReadsWhatTheWriterWrote() throws {
        var out = ByteWriter()
        out.writeUnsigned(.max)
        out.writeSigned(.min)
        out.writeSigned(-300)
        out.writeFixed64(0xDEAD_BEEF)
        out.writeString("anxious — “very”")
        out.writeUnsigned(1)
        out.writeByte(7)
        let written = out.bytes
        var input = ByteReader(written)
        #expect(try input.readUnsigned() == .max)
        #expect(try input.readSigned() == .min)
        #expect(try input.readSigned() == -300)
        #expect(try input.readFixed64() == 0xDEAD_BEEF)
        #expect(try input.readString() == "anxious — “very”")
        #expect(try input.readCount() == 1)  // one byte left, so 1 is the most it may count
        #expect(input.remaining == 1)
        #expect(try input.readByte() == 7)
        #expect(input.isAtEnd)
        #expect(throws: ByteReadError.truncated(offset: written.count)) { try input.readByte() }

        // A buffer reads the same bytes in place, and a range of an array gives offsets into the whole array.
        let inPlace = written.withUnsafeBytes { raw -> UInt64? in
            var buffer = ByteReader(raw)
            return try? buffer.readUnsigned()
        }
        #expect(inPlace == .max)
        var middle = ByteReader([0xFF] + written, from: 1, to: written.count + 1)
        #expect(try middle.readUnsigned() == .max)
        #expect(middle.offset == 11)
    }

    /// `readUnsigned` reads a one-byte varint without its loop: the values
    /// either side of that boundary, and the end of the bytes at it.
    @Test func varintsOfEveryLengthReadBack() throws {
        let values: [UInt64] = [0, 1, 0x7F, 0x80, 300, 0x3FFF, 0x4000, 1 << 32, .max]
        var out = ByteWriter()
        for value in values { out.writeUnsigned(value) }
        var input = ByteReader(out.bytes)
        for value in values { #expect(try input.readUnsigned() == value) }
        #expect(input.isAtEnd)
        #expect(throws: ByteReadError.truncated(offset: out.bytes.count)) { try input.readUnsigned() }
        var ended = ByteReader([0x7F, 0x80], from: 0, to: 1)
        #expect(try ended.readUnsigned() == 0x7F)
        #expect(throws: ByteReadError.truncated(offset: 1)) { try ended.readUnsigned() }
    }

    @Test func badBytesGiveTheFaultAndItsOffset() {
        // A varint that stops in the middle, and a string longer than what is left.
        var cut = ByteReader([0x05, 0x80])
        #expect(throws: Never.self) { try cut.readByte() }
        #expect(throws: ByteReadError.truncated(offset: 2)) { try cut.readUnsigned() }
        var long = ByteReader([0x05, 0x61, 0x62])
        #expect(throws: ByteReadError.truncated(offset: 0)) { try long.readString() }
        var huge = ByteReader([0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x00])
        #expect(throws: ByteReadError.truncated(offset: 1)) { _ = try huge.readByte(); return try huge.readCount() }
        var fixed = ByteReader([1, 2, 3, 4, 5, 6, 7])
        #expect(throws: ByteReadError.truncated(offset: 0)) { try fixed.readFixed64() }

        // Ten bytes hold 64 bits when the tenth is 0 or 1; more is refused, at the varint's first byte.
        var tenth = ByteReader([0x00] + [UInt8](repeating: 0xFF, count: 9) + [0x02])
        _ = try? tenth.readByte()
        #expect(throws: ByteReadError.overlongVarint(offset: 1)) { try tenth.readUnsigned() }
        var eleven = ByteReader([UInt8](repeating: 0x80, count: 10) + [0x00])
        #expect(throws: ByteReadError.overlongVarint(offset: 0)) { try eleven.readUnsigned() }

        // Text that is not UTF-8 is refused, at its first bad byte, not repaired.
        let cases: [([UInt8], Int)] = [([0x61, 0xFF], 2), ([0xC0, 0xAF], 1), ([0xED, 0xA0, 0x80], 1), ([0x61, 0x62, 0xE2, 0x82], 3)]
        for (text, bad) in cases {
            var input = ByteReader([UInt8(text.count)] + text)
            #expect(throws: ByteReadError.invalidUTF8(offset: bad)) { try input.readString() }
        }
        #expect(ByteReadError.overlongVarint(offset: 12).description == "an integer longer than 64 bits at byte 12")
    }

    @Test func compiledDialogPrimitivesKeepTheirBytes() {
        var writer = BinaryWriter()
        for value in [0, -1, 63, -64, 64, Int.max, Int.min] { writer.write(value) }
        writer.write(Int32(-300))
        writer.write(true)
        writer.write(false)
        writer.write(1.5)
        writer.write(-0.0)
        writer.write("hello")
        writer.write("é")
        writer.write("hello")
        writer.write(Int?.none)
        writer.write(Int?.some(300))
        writer.write([1, 2, 3])
        writer.write(["b": 2, "a": 1])
        writer.write(Set(["z", "y"]))
        writer.write(Character("x"))
        writer.writeUnsigned(.max)
        writer.writeFixedWidth([0x0102_0304_0506_0708, 0])
        #expect(writer.body == bytes("""
            00 01 7E 01 7F 01 40 02 7E 7F 7F 7F 7F 7F 7F 7F 7F 7F 0F 7F 7F 7F 7F 7F 7F 7F 7F 7F 7F 0F \
            57 09 01 00 40 40 40 40 40 40 40 40 78 7F 03 40 40 40 40 40 40 40 40 40 40 08 00 01 00 00 \
            01 58 09 03 02 04 06 02 02 02 03 04 02 04 05 06 7F 7F 7F 7F 7F 7F 7F 7F 7F 7F 0F 02 08 0E \
            18 28 40 60 00 01 01 00 00 00 00 00 00 00 00 00 00 00
            """))
        #expect(writer.strings == ["hello", "é", "a", "b", "y", "z", "x"])
    }

    /// The header, then `rest` as the string table and body.
    private func compiledDialog(_ rest: [UInt8]) -> [UInt8] {
        var bytes = Array("PARLEYCD".utf8)
        withUnsafeBytes(of: CompiledDialog.binaryFormatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + CompiledDialog.lengthField(rest.count) + rest
    }

    @Test func compiledDialogSaysTheSharedFaultsInItsOwnError() {
        // One string in the table, its second byte not UTF-8.
        #expect(throws: CompiledDialogFormatError.malformed("text that is not UTF-8", offset: 23)) {
            try CompiledDialog(serialised: compiledDialog([0x01, 0x02, 0x61, 0xFF]))
        }
        #expect(throws: CompiledDialogFormatError.malformed("an integer longer than 64 bits", offset: 20)) {
            try CompiledDialog(serialised: compiledDialog([UInt8](repeating: 0x7F, count: 10) + [0x10]))
        }
        #expect(throws: CompiledDialogFormatError.truncated(offset: 21)) {
            try CompiledDialog(serialised: compiledDialog([0x01, 0x05, 0x61]))
        }
    }

    private func goldenSession() -> Session {
        var session = Session(state: "goal.set", seed: 0)
        session.backStack = ["welcome", "goal.size"]
        session.variables = ["pages": .number(20), "mood": .text("anxious — “very”"), "ok": .bool(true), "no": .bool(false),
                             "half": .number(-0.5)]
        session.visits = ["welcome": 1, "goal.size": 300]
        session.misses = 64
        session.variants = [0: VariantCursor(used: 0b101, last: 2), 7: VariantCursor(used: .max, last: -1),
                            -3: VariantCursor(used: 1 << 40, last: 300)]
        session.random = 0x0123_4567_89AB_CDEF
        session.options = [OptionID(key: "goal.set\u{1F}Yes"), OptionID(key: "")]
        session.question = "Ready?"
        session.captures = ["twenty", "pages"]
        session.ended = true
        session.fingerprint = "0123456789abcdef"
        session.memories = ["Earlier you said “hi”."]
        session.lines = 1000
        return session
    }

    @Test func sessionCodecKeepsItsBytes() throws {
        let golden = bytes("""
            02 08 67 6F 61 6C 2E 73 65 74 02 07 77 65 6C 63 6F 6D 65 09 67 6F 61 6C 2E 73 69 7A 65 05 04 68 \
            61 6C 66 00 00 00 00 00 00 00 E0 BF 04 6D 6F 6F 64 01 16 61 6E 78 69 6F 75 73 20 E2 80 94 20 E2 \
            80 9C 76 65 72 79 E2 80 9D 02 6E 6F 02 02 6F 6B 03 05 70 61 67 65 73 00 00 00 00 00 00 00 34 40 \
            02 09 67 6F 61 6C 2E 73 69 7A 65 D8 04 07 77 65 6C 63 6F 6D 65 02 80 01 03 05 80 80 80 80 80 20 \
            D8 04 00 05 04 0E FF FF FF FF FF FF FF FF FF 01 01 EF CD AB 89 67 45 23 01 02 0C 67 6F 61 6C 2E \
            73 65 74 1F 59 65 73 00 01 06 52 65 61 64 79 3F 02 06 74 77 65 6E 74 79 05 70 61 67 65 73 01 10 \
            30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 01 1A 45 61 72 6C 69 65 72 20 79 6F 75 20 73 61 \
            69 64 20 E2 80 9C 68 69 E2 80 9D 2E D0 0F
            """)
        #expect(SessionCodec.encode(goldenSession()) == golden)
        #expect(try golden.withUnsafeBytes { try SessionCodec.decode($0) } == goldenSession())
        #expect(SessionCodec.encode(Session(state: "", seed: 0)) == [0x02] + [UInt8](repeating: 0, count: 21))
    }

    @Test func sessionCodecSaysTheFaultAndWhere() {
        let golden = SessionCodec.encode(goldenSession())
        func error(_ damaged: [UInt8]) -> StoreError? {
            do {
                _ = try damaged.withUnsafeBytes { try SessionCodec.decode($0) }
                return nil
            } catch {
                return error as? StoreError
            }
        }
        #expect(error(Array(golden[..<5])) == .unreadable("a stored session is damaged at byte 1 (it ends too early)"))
        var notText = golden
        notText[4] = 0xFF
        #expect(error(notText) == .unreadable("a stored session is damaged at byte 4 (text that is not UTF-8)"))
        var kind = golden
        kind[35] = 9  // the first variable's kind
        #expect(error(kind) == .unreadable("a stored session is damaged at byte 35 (unknown value kind 9)"))
        #expect(error(golden + [0]) == .unreadable("a stored session is damaged at byte \(golden.count) (bytes after its end)"))
        #expect(error(golden) == nil)
    }
}
