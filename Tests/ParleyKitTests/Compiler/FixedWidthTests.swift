@testable import ParleyKit
import Testing

/// `BinaryReader.readFixedWidth` packs eight of a value's ten seven-bit
/// bytes in one word: every bit lands where `BinaryWriter.writeFixedWidth`
/// took it from, and a byte with its top bit set, anywhere, is refused.
@Suite struct FixedWidthTests {
    static func read(_ bytes: [UInt8]) throws(CompiledDialogFormatError) -> [UInt64] {
        try bytes.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
            var reader = BinaryReader(buffer, from: 0, to: buffer.count)
            let values = try reader.readFixedWidth()
            guard reader.isAtEnd else { throw reader.malformed("bytes left") }
            return values
        }
    }

    @Test func everyBitComesBack() throws {
        // Each bit alone, all bits, none, and a stable mix.
        var values: [UInt64] = (0..<64).map { 1 << UInt64($0) } + [0, .max, 0x8080_8080_8080_8080, 0x0123_4567_89AB_CDEF]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<200 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(state)
        }
        var writer = BinaryWriter()
        writer.writeFixedWidth(values)
        #expect(try Self.read(writer.body) == values)
        // Read from an offset that is not a multiple of eight, too.
        var shifted = BinaryWriter()
        shifted.writeUnsigned(1)
        shifted.writeFixedWidth(Array(values.prefix(3)))
        #expect(try Self.read(Array(shifted.body.dropFirst())) == Array(values.prefix(3)))
        #expect(try Self.read([0]) == [])
    }

    @Test func aByteWithItsTopBitIsRefused() {
        var writer = BinaryWriter()
        writer.writeFixedWidth([0x0123_4567_89AB_CDEF, 42])
        let good = writer.body
        for position in 1..<good.count {
            var bad = good
            bad[position] |= 0x80
            #expect(throws: CompiledDialogFormatError.self, "top bit at byte \(position)") { try Self.read(bad) }
        }
        // The tenth byte holds one bit.
        var bad = good
        bad[10] = 2
        #expect(throws: CompiledDialogFormatError.malformed("a fixed-width number that is not ten seven-bit bytes", offset: 1)) {
            try Self.read(bad)
        }
        // A count the bytes cannot hold.
        #expect(throws: CompiledDialogFormatError.truncated(offset: 0)) { try Self.read(Array(good.dropLast())) }
    }
}
