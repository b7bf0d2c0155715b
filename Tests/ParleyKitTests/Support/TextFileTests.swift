import Testing
import ParleyKit

/// `TextFile.decode(bytes:)` looks for the byte order mark in the bytes;
/// it decodes as `decode(_:)` does, which drops it from the decoded text.
@Suite struct TextFileTests {
    static let samples: [[UInt8]] = [
        [], [0xEF], [0xEF, 0xBB], [0xEF, 0xBB, 0xBF], Array("plain".utf8), [0xEF, 0xBB, 0xBF] + Array("after a mark".utf8),
        [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x61], [0xEF, 0xBB, 0xBF, 0xFF, 0x61], [0xEF, 0xBB, 0x61], [0xFF, 0xEF, 0xBB, 0xBF],
        [0xEF, 0xBB, 0xBF, 0x80], [0xC3, 0xA9, 0xEF, 0xBB, 0xBF], Array("﻿ U+FEFF written as text".utf8),
    ]

    @Test func bytesDecodeAsTheCollectionDecodes() {
        for bytes in Self.samples {
            let fromBytes = bytes.withUnsafeBufferPointer { TextFile.decode(bytes: $0) }
            #expect(fromBytes == TextFile.decode(bytes), "\(bytes)")
            #expect(Array(fromBytes.utf8) == Array(TextFile.decode(bytes).utf8))
        }
        #expect([0xEF, 0xBB, 0xBF, 0x61].withUnsafeBufferPointer { TextFile.decode(bytes: $0) } == "a")
    }
}
