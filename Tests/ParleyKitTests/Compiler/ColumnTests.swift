@testable import ParleyKit
import Testing

/// `BinaryReader.readColumn` reads each width without a varint's loop:
/// every value comes back as `readInt32` reads it one by one (the plain
/// way), at every width, and bytes a writer never writes are refused.
@Suite struct ColumnTests {
    static func read(_ bytes: [UInt8]) throws(CompiledDialogFormatError) -> [Int32] {
        try bytes.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
            var reader = BinaryReader(buffer, from: 0, to: buffer.count)
            let values = try reader.readColumn()
            guard reader.isAtEnd else { throw reader.malformed("bytes left") }
            return values
        }
    }

    /// The values read one at a time as varints: what a column replaces.
    static func plain(_ values: [Int32]) throws(CompiledDialogFormatError) -> [Int32] {
        var writer = BinaryWriter()
        for value in values { writer.writeSigned(Int64(value)) }
        return try writer.body.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
            var reader = BinaryReader(buffer, from: 0, to: buffer.count)
            return try values.map { _ throws(CompiledDialogFormatError) in try reader.readInt32() }
        }
    }

    @Test func everyWidthReadsAsThePlainWay() throws {
        // Largest magnitudes of one to five bytes, both signs, and a stable mix.
        var columns: [[Int32]] = [[], [0], [0, 1, -1, 63, -64], [64, -65, 8191, -8192], [8192, -1_048_576, 1_048_575],
                                  [1_048_576, 134_217_727, -134_217_728], [134_217_728, .max, .min, 0]]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var mix: [Int32] = []
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            mix.append(Int32(truncatingIfNeeded: state >> 33) >> Int32(state % 31))
        }
        columns.append(mix)
        for (expectedWidth, values) in zip([0, 1, 1, 2, 3, 4, 5, 5], columns) {
            var writer = BinaryWriter()
            writer.writeColumn(values)
            // The count, the width, the values.
            #expect(writer.body.count == 1 + (values.isEmpty ? 0 : 1 + expectedWidth * values.count) || values.count > 63)
            #expect(try Self.read(writer.body) == values)
            #expect(try Self.plain(values) == values)
        }
        var writer = BinaryWriter()
        writer.writeColumn(mix)
        #expect(try Self.read(writer.body) == Self.plain(mix))
    }

    @Test func bytesAWriterNeverWritesAreRefused() {
        var writer = BinaryWriter()
        writer.writeColumn([Int32(300), -5, 7])
        let good = writer.body  // count 3, width 2, six bytes
        #expect(good.count == 8)
        func refusal(_ bytes: [UInt8]) -> CompiledDialogFormatError? {
            do {
                _ = try Self.read(bytes)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal(good) == nil)
        for position in 2..<good.count {
            var changed = good
            changed[position] |= 0x80
            #expect(refusal(changed) == .malformed("a byte above 0x7F in a column", offset: 2))
        }
        for width: UInt8 in [0, 6, 0x3F] {
            var changed = good
            changed[1] = width
            let error = refusal(changed)
            #expect(error == .malformed("a column of \(width)-byte numbers", offset: 2) || error == .truncated(offset: 0))
        }
        #expect(refusal(Array(good.dropLast())) == .truncated(offset: 0))
        // Five bytes of seven bits hold 35: the top three must be clear.
        #expect(refusal([1, 5, 0x7F, 0x7F, 0x7F, 0x7F, 0x10]) == .malformed("a number in a column that does not fit an Int32", offset: 2))
        #expect(refusal([1, 5, 0x7F, 0x7F, 0x7F, 0x7F, 0x0F]) == nil)
    }
}
