import Foundation
import Testing

/// `parley lsp` as a process: the stdio framing, bad input on the wire, and
/// the exit codes LSP asks for. (Every feature is tested through a real LSP
/// client in tools/lsp-e2e.)
@Suite struct LSPCommandTests {
    func frame(_ json: String) -> Data {
        Data("Content-Length: \(json.utf8.count)\r\n\r\n\(json)".utf8)
    }

    @Test func badFramesAreSkippedAndTheServerGoesOn() throws {
        var input = Data("Content-Type: text/plain\r\n\r\n".utf8)  // no Content-Length: skipped
        input += frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        input += frame("{not json")
        input += frame(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        input += frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
        let result = try ParleyProcess.run(["lsp", "--stdio"], input: input)
        #expect(result.status == 0)
        #expect(result.stderr.contains("a message header without Content-Length; skipping to the next message"))
        #expect(result.stdout.contains(#""id":1,"result":{"capabilities":{"positionEncoding":"utf-16""#))
        #expect(result.stdout.contains(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700"#))
        #expect(result.stdout.contains(#"{"jsonrpc":"2.0","id":2,"result":null}"#))
        // Each message is framed: as many Content-Length headers as responses.
        #expect(result.stdout.components(separatedBy: "Content-Length: ").count - 1 == 3)
    }

    @Test func endOfInputWithoutExitIsAnError() throws {
        let result = try ParleyProcess.run(["lsp"], input: frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#))
        #expect(result.status == 1)
        #expect(result.stdout.contains(#""id":1,"result""#))
    }
}
