import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// A suite of requests on one dialog open in a server (in memory), with its
/// places named by what is written there: shared by the suites that test
/// navigation on a small dialog of their own.
protocol OneDocumentTests {
    /// The document's path (nothing is on disk) and text.
    static var path: String { get }
    static var text: String { get }
}

extension OneDocumentTests {
    /// The text's lines, 1-based (the first is empty), for finding places by what is written there.
    static var lines: [String] { [""] + text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The 1-based number of the `n`th (1-based) line that starts with `prefix`.
    static func line(_ prefix: String, occurrence n: Int = 1) -> Int {
        lines.indices.filter { lines[$0].hasPrefix(prefix) }[n - 1]
    }

    func line(_ prefix: String, occurrence n: Int = 1) -> Int { Self.line(prefix, occurrence: n) }

    /// The 0-based LSP position one character into the last `word` on the
    /// `n`th line that starts with `prefix` (ASCII text: UTF-16 columns are characters).
    static func position(_ prefix: String, _ word: String, occurrence n: Int = 1) -> JSONValue {
        let number = line(prefix, occurrence: n)
        let text = lines[number]
        let column = text.range(of: word, options: .backwards)!.lowerBound.utf16Offset(in: text)
        return .object(["line": .int(number - 1), "character": .int(column + 1)])
    }

    /// A server, initialized, with the document open at `path`: the suite's
    /// text, or another `text` for a test that needs a variant of it.
    func started(text: String = Self.text) -> LanguageServer {
        var server = LanguageServer(disk: InMemoryDialogFiles([:]))
        _ = server.handle(message: request(1, "initialize", .object(["capabilities": .object([])])))
        _ = server.handle(message: .object([
            "jsonrpc": .string("2.0"), "method": .string("textDocument/didOpen"),
            "params": .object(["textDocument": .object([
                "uri": .string(DocumentURI.uri(Self.path)), "languageId": .string("parley"), "version": .int(1),
                "text": .string(text),
            ])]),
        ]))
        return server
    }

    func request(_ id: Int, _ method: String, _ params: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": params])
    }

    /// The whole response to a request at `position` in the document.
    func send(_ server: inout LanguageServer, _ method: String, at position: JSONValue, _ extra: [JSONMember] = []) -> JSONValue? {
        let params: JSONValue = .object([
            JSONMember(key: "textDocument", value: .object(["uri": .string(DocumentURI.uri(Self.path))])),
            JSONMember(key: "position", value: position),
        ] + extra)
        return server.handle(message: request(2, method, params)).first
    }

    /// The result of a request at `position` in the document.
    func ask(_ server: inout LanguageServer, _ method: String, at position: JSONValue, _ extra: [JSONMember] = []) -> JSONValue? {
        send(&server, method, at: position, extra)?["result"]
    }

    /// The 1-based line numbers of LSP locations, sorted.
    func lines(_ result: JSONValue?) -> [Int] {
        (result?.array ?? []).compactMap { $0["range"]?["start"]?["line"]?.int.map { $0 + 1 } }.sorted()
    }
}
