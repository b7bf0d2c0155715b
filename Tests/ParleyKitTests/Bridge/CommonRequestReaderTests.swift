import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

/// The fast reader of common `say` and `open` lines must give exactly the
/// request the general path gives, and must leave every other line to it.
@Suite struct CommonRequestReaderTests {
    func fast(_ bytes: [UInt8]) -> BridgeRequest? {
        bytes.withUnsafeBufferPointer { CommonRequestReader.read($0) }
    }

    /// The general path alone: `JSONReader` and the parser of a `JSONValue`.
    func general(_ bytes: [UInt8]) -> ParsedLine {
        bytes.withUnsafeBufferPointer { line in
            switch BridgeRequestParser.read(line) {
            case .failure(let error): .failure(id: .null, error)
            case .success(let value): BridgeRequestParser.parse(value)
            }
        }
    }

    func parse(_ bytes: [UInt8]) -> ParsedLine {
        bytes.withUnsafeBufferPointer { BridgeRequestParser.parse($0) }
    }

    static let commonLines = [
        #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"user-7","text":"I feel anxious about reading"}}"#,
        #"{"jsonrpc":"2.0","id":0,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":-12,"method":"open","params":{"session":"idle-3"}}"#,
        #"{"jsonrpc":"2.0","id":"req-9","method":"say","params":{"session":"s","text":""}}"#,
        #"{"jsonrpc":"2.0","id":"","method":"say","params":{"session":"é 会话","text":"ça va? 🙂"}}"#,
        #"{"jsonrpc":"2.0","id":18446744073709551616,"method":"say","params":{"session":"s","text":"what about audiobooks?"}}"#,
        #"{"jsonrpc":"2.0","id":"x","method":"open","params":{"session":"K"}}"#,
        #"{"jsonrpc":"2.0","id":7,"method":"say","params":{"session":"\#u{212A}","text":"yes"}}"#,
    ]

    @Test(arguments: Self.commonLines)
    func readsTheCommonShapeAsTheGeneralPathDoes(_ line: String) throws {
        let bytes = Array(line.utf8)
        let request = try #require(fast(bytes))
        #expect(ParsedLine.request(request) == general(bytes))
        #expect(parse(bytes) == general(bytes))
    }

    /// The lanes scan a line, find its lane from the session id's bytes
    /// where the scan found them, and make the request later (`CommonLine`):
    /// the same request as `read`, and the same shard as the request's
    /// session id gives (the store finds the session there).
    @Test(arguments: Self.commonLines)
    func scanFindsWhatTheRequestHolds(_ line: String) throws {
        let bytes = Array(line.utf8)
        try bytes.withUnsafeBufferPointer { line in
            let shape = try #require(CommonRequestReader.scan(line))
            let request = shape.request(in: line)
            #expect(ParsedLine.request(request) == general(bytes))
            let session = UnsafeBufferPointer(rebasing: line[shape.session])
            #expect(Array(session) == Array(request.session.utf8))
            #expect(StableHash.fnv1a64(utf8: session) == StableHash.fnv1a64(Array(request.session.utf8)))
            for count in 1...5 {
                #expect(SessionShard.index(ofUTF8: session, among: count) == SessionShard.index(of: request.session, among: count))
            }
        }
    }

    @Test(arguments: [
        // Valid requests in another shape.
        #"{"jsonrpc": "2.0","id":1,"method":"open","params":{"session":"a"}}"#,
        #"{"id":1,"jsonrpc":"2.0","method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"text":"hi","session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a","text":"say \"hi\""}}"#,
        #"{"jsonrpc":"2.0","id":1.5,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1e3,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":null,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"reset","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"}} "#,
        #"{"jsonrpc":"2.0","method":"open","params":{"session":"a"}}"#,
        // Requests the general path refuses, each with its own error.
        #"{"jsonrpc":"2.0","id":01,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":-,"method":"open","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":""}}"#,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"open\",\"params\":{\"session\":\"a\u{7}b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"say\",\"params\":{\"session\":\"a\",\"text\":\"tab\there\"}}",
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a","text":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a","text":"hi","text":"ho"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"#,
        #"{"jsonrpc":"2.0","id":"#,
        #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":""#
            + String(repeating: "s", count: BridgeLimits.maximumSessionIDLength + 1) + #""}}"#,
    ])
    func leavesEveryOtherLineToTheGeneralPath(_ line: String) {
        let bytes = Array(line.utf8)
        #expect(fast(bytes) == nil)
        #expect(parse(bytes) == general(bytes))
    }

    @Test func leavesInvalidUTF8ToTheGeneralPath() {
        let prefix = Array(#"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a","text":""#.utf8)
        let bytes = prefix + [0xC3, 0x28] + Array(#""}}"#.utf8)
        #expect(fast(bytes) == nil)
        guard case .failure(.null, let error) = parse(bytes) else {
            Issue.record("expected a parse error, got \(parse(bytes))")
            return
        }
        #expect(error.code == .parseError)
        #expect(parse(bytes) == general(bytes))
    }

    /// Strings are read eight bytes at a time while every byte is printable
    /// ASCII (bridgeio): the closing quote, a backslash, a control
    /// character, DEL or a non-ASCII character at every offset within and
    /// across those eight bytes gives what the general path gives, and a
    /// session id of printable ASCII is taken at exactly 1 to 128 characters.
    @Test func readsStringsInWordsAsTheGeneralPathDoes() {
        let specials = ["\\\"", "\\n", "\u{7}", "\u{7F}", "\u{85}", "é", "\u{2028}", "🙂", "\u{202E}"]
        for special in specials {
            for offset in 0..<18 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 17 - offset)
                for line in [
                    #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"s","text":""# + text + #""}}"#,
                    #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":""# + text + #""}}"#,
                    #"{"jsonrpc":"2.0","id":""# + text + #"","method":"open","params":{"session":"s"}}"#,
                ] {
                    let bytes = Array(line.utf8)
                    #expect(parse(bytes) == general(bytes), "\(line)")
                    if let request = fast(bytes) { #expect(ParsedLine.request(request) == general(bytes), "\(line)") }
                }
            }
        }
        for length in [1, 7, 8, 9, 127, 128, 129] {
            let line = #"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":""#
                + String(repeating: "s", count: length) + #""}}"#
            let bytes = Array(line.utf8)
            #expect((fast(bytes) != nil) == (length <= BridgeLimits.maximumSessionIDLength), "length \(length)")
            #expect(parse(bytes) == general(bytes), "length \(length)")
        }
    }
}
