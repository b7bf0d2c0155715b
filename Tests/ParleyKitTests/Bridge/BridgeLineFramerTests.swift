import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

@Suite struct BridgeLineFramerTests {
    enum Piece: Equatable {
        case line(String)
        case overlong(Int)
    }

    /// Feeds `input` in chunks of `chunk` bytes, then ends the input.
    func frame(_ input: [UInt8], chunk: Int, limit: Int) -> [Piece] {
        var framer = LineFramer(limit: limit)
        var pieces: [Piece] = []
        func collect(_ framed: FramedLine) {
            switch framed {
            case .line(let bytes): pieces.append(.line(String(decoding: bytes, as: UTF8.self)))
            case .overlong(let count): pieces.append(.overlong(count))
            }
        }
        var start = 0
        while start < input.count {
            let end = min(input.count, start + chunk)
            input[start..<end].withUnsafeBufferPointer { _ = framer.feed($0) { collect($0); return true } }
            start = end
        }
        framer.finish { collect($0) }
        return pieces
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func splitsLinesWhateverTheChunks(_ chunk: Int) {
        let input = Array("one\ntwo\r\n\nthree is longer\r\nlast".utf8)
        #expect(frame(input, chunk: chunk, limit: 100) == [.line("one"), .line("two"), .line(""), .line("three is longer"), .line("last")])
    }

    /// The line end is looked for eight bytes at a time (bridgeio): it is
    /// found at every offset within and across those eight bytes.
    @Test func findsTheLineEndAtEveryOffset() {
        for length in 0..<20 {
            let line = String(repeating: "x", count: length)
            for chunk in [1, 5, 8, 9, 4096] {
                #expect(frame(Array((line + "\n" + line + "y\n" + "z").utf8), chunk: chunk, limit: 100)
                        == [.line(line), .line(line + "y"), .line("z")], "length \(length), chunk \(chunk)")
            }
        }
    }

    @Test(arguments: [1, 3, 5, 1000])
    func dropsOverlongLinesAndReportsTheirLength(_ chunk: Int) {
        let input = Array("12345\n123456\n1234567890123\nok\r\n12345\r\n123456\r\nend".utf8)
        #expect(frame(input, chunk: chunk, limit: 5) == [
            .line("12345"), .overlong(6), .overlong(13), .line("ok"), .line("12345"), .overlong(7), .line("end"),
        ])
    }

    @Test(arguments: [1, 4, 1000])
    func anOverlongLastLineWithoutNewlineIsReported(_ chunk: Int) {
        #expect(frame(Array("ok\n123456789".utf8), chunk: chunk, limit: 5) == [.line("ok"), .overlong(9)])
    }

    @Test func stopsWhenAsked() {
        var framer = LineFramer(limit: 100)
        var seen: [String] = []
        let input = Array("a\nb\nc\n".utf8)
        let finished = input.withUnsafeBufferPointer { buffer in
            framer.feed(buffer) { framed in
                if case .line(let bytes) = framed { seen.append(String(decoding: bytes, as: UTF8.self)) }
                return seen.count < 2
            }
        }
        #expect(!finished)
        #expect(seen == ["a", "b"])
    }

    @Test func holdsNoMoreThanTheLimitOfAnOverlongLine() {
        // 64 MiB without a newline in 64 KiB chunks: counted, not kept.
        var framer = LineFramer(limit: 1 << 20)
        let chunk = [UInt8](repeating: 0x41, count: 1 << 16)
        var reported: [Int] = []
        for _ in 0..<1024 {
            chunk.withUnsafeBufferPointer { _ = framer.feed($0) { _ in Issue.record("no line ends yet"); return true } }
            #expect(framer.bufferedByteCount <= (1 << 20) + 1)
        }
        Array("\n".utf8).withUnsafeBufferPointer {
            _ = framer.feed($0) { framed in
                if case .overlong(let count) = framed { reported.append(count) }
                return true
            }
        }
        #expect(reported == [64 << 20])
    }
}
