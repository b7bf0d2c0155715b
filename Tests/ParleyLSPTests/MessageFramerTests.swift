import Testing
import ParleyLSP

@Suite struct MessageFramerTests {
    func framed(_ body: String) -> [UInt8] { MessageFramer.frame(Array(body.utf8)) }

    @Test func bodiesComeOutWholeHoweverTheBytesArrive() throws {
        let stream = framed("{\"a\":1}") + Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 10\r\n\r\n{\"b\":\"é\"}".utf8)
        // One byte at a time.
        var framer = MessageFramer()
        var bodies: [String] = []
        for byte in stream {
            framer.append([byte])
            while let body = try framer.next() { bodies.append(String(decoding: body, as: UTF8.self)) }
        }
        #expect(bodies == ["{\"a\":1}", "{\"b\":\"é\"}"])
        #expect(framer.isEmpty)
        // All at once.
        var whole = MessageFramer()
        whole.append(stream)
        #expect(try whole.next().map { String(decoding: $0, as: UTF8.self) } == "{\"a\":1}")
        #expect(try whole.next().map { String(decoding: $0, as: UTF8.self) } == "{\"b\":\"é\"}")
        #expect(try whole.next() == nil)
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        var framer = MessageFramer()
        framer.append(Array("content-length:2\r\n\r\n{}".utf8))
        #expect(try framer.next() == Array("{}".utf8))
    }

    @Test func badHeadersAreReportedAndSkipped() throws {
        var framer = MessageFramer()
        framer.append(Array("Content-Type: x\r\n\r\n".utf8) + framed("{}"))
        #expect(throws: MessageFramer.FramingError.missingContentLength) { try framer.next() }
        #expect(try framer.next() == Array("{}".utf8))

        var negative = MessageFramer()
        negative.append(Array("Content-Length: -4\r\n\r\n".utf8))
        #expect(throws: MessageFramer.FramingError.badContentLength("-4")) { try negative.next() }

        var huge = MessageFramer()
        huge.append(Array("Content-Length: 999999999999\r\n\r\n".utf8))
        #expect(throws: MessageFramer.FramingError.bodyTooLarge(999_999_999_999)) { try huge.next() }

        var endless = MessageFramer()
        endless.append([UInt8](repeating: UInt8(ascii: "x"), count: MessageFramer.maximumHeaderSize + 1))
        #expect(throws: MessageFramer.FramingError.headerTooLong) { try endless.next() }
    }

    @Test func aShortBodyWaitsForTheRest() throws {
        var framer = MessageFramer()
        framer.append(Array("Content-Length: 10\r\n\r\n{\"a\":".utf8))
        #expect(try framer.next() == nil)
        #expect(!framer.isEmpty)
        framer.append(Array("true}".utf8))
        #expect(try framer.next() == Array("{\"a\":true}".utf8))
    }

    /// A body over the limit is refused once, its bytes dropped however they
    /// arrive, and the next message reads normally. Before, the refused body
    /// was read as header bytes, an error per 8 KiB of it.
    @Test func aBodyOverTheLimitIsSkippedWithOneError() throws {
        let limit = 64
        let refused = Array("Content-Length: 20000\r\n\r\n".utf8)
            + (0..<20000).map { UInt8(ascii: $0 % 50 == 49 ? "\n" : "x") }
        let stream = refused + framed("{\"after\":1}")
        for chunk in [1, 7, 4096, stream.count] {
            var framer = MessageFramer(bodyLimit: limit)
            var errors: [MessageFramer.FramingError] = []
            var bodies: [String] = []
            var offset = 0
            while offset < stream.count {
                framer.append(stream[offset..<min(stream.count, offset + chunk)])
                offset += chunk
                while true {
                    do {
                        guard let body = try framer.next() else { break }
                        bodies.append(String(decoding: body, as: UTF8.self))
                    } catch {
                        errors.append(error)
                    }
                }
            }
            #expect(errors == [.bodyTooLarge(20000)], "chunks of \(chunk)")
            #expect(bodies == ["{\"after\":1}"], "chunks of \(chunk)")
            #expect(framer.isEmpty)
        }
    }
}
