import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// The server in process, on dialogs written to a temporary folder: the
/// protocol's rules (errors, lifecycle), the overlay of unsaved text, and
/// which dialog a file belongs to. Every feature is also tested end to end
/// through a real client (tools/lsp-e2e).
@Suite struct LanguageServerTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.standardizedFileURL.path
    }

    func request(_ id: Int, _ method: String, _ params: JSONValue = .object([])) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": params])
    }

    func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }

    func started() -> LanguageServer {
        var server = LanguageServer()
        _ = server.handle(message: request(1, "initialize", .object([
            "rootUri": .string(DocumentURI.uri(folder.standardizedFileURL.path)), "capabilities": .object([]),
        ])))
        return server
    }

    func open(_ server: inout LanguageServer, _ path: String, _ text: String) {
        _ = server.handle(message: notification("textDocument/didOpen", .object([
            "textDocument": .object(["uri": .string(DocumentURI.uri(path)), "languageId": .string("parley"),
                                     "version": .int(1), "text": .string(text)]),
        ])))
    }

    /// The diagnostics codes published per file name.
    func published(_ messages: [JSONValue]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for message in messages where message["method"]?.string == "textDocument/publishDiagnostics" {
            let path = DocumentURI.path(message["params"]!["uri"]!.string!)!
            out[(path as NSString).lastPathComponent] = message["params"]!["diagnostics"]!.array!.map { $0["code"]!.string! }
        }
        return out
    }

    @Test func protocolErrorsHaveTheirCodes() throws {
        var server = LanguageServer()
        let early = server.handle(message: request(1, "textDocument/hover"))
        #expect(early.first?["error"]?["code"]?.int == -32002)
        _ = server.handle(message: request(2, "initialize", .object(["capabilities": .object([])])))
        #expect(server.handle(Array("{not json".utf8)).first?["error"]?["code"]?.int == -32700)
        #expect(server.handle([0x7B, 0xFF, 0x7D]).first?["error"]?["code"]?.int == -32700)
        #expect(server.handle(Array("[1]".utf8)).first?["error"]?["code"]?.int == -32600)
        #expect(server.handle(message: request(3, "no/such")).first?["error"]?["code"]?.int == -32601)
        let missing = server.handle(message: request(4, "textDocument/definition"))
        #expect(missing.first?["error"]?["code"]?.int == -32602)
        #expect(missing.first?["error"]?["message"]?.string == "'textDocument.uri' is missing")
        // A notification gets no answer, even an unknown one.
        #expect(server.handle(message: notification("$/cancelRequest", .object(["id": .int(3)]))).isEmpty)
        #expect(server.handle(message: request(5, "shutdown")).first?["result"] == .null)
        #expect(server.handle(message: request(6, "textDocument/hover")).first?["error"]?["code"]?.int == -32600)
        _ = server.handle(message: notification("exit", .null))
        #expect(server.exitCode == 0)

        var abrupt = LanguageServer()
        _ = abrupt.handle(message: notification("exit", .null))
        #expect(abrupt.exitCode == 1)
    }

    @Test func unsavedTextIsCheckedWithTheFolderAndClearedWhenFixed() throws {
        let main = try write("coach/main.dialog", "dialog C\nstart a\nstate a\n  on yes -> b\n")
        _ = try write("coach/more.dialog", "intent yes\n  keywords: yes\nstate b\n  say B.\n  end\n")
        var server = started()
        open(&server, main, "dialog C\nstart a\nstate a\n  on yes -> bb\n")
        let first = published(server.flush())
        #expect(first["main.dialog"]?.contains("P010") == true)
        #expect(first["more.dialog"] == ["P101"])  // b is unreachable while a's move is broken
        // An incremental change (UTF-16 range) that mends it.
        _ = server.handle(message: notification("textDocument/didChange", .object([
            "textDocument": .object(["uri": .string(DocumentURI.uri(main)), "version": .int(2)]),
            "contentChanges": .array([.object([
                "range": LSPRange(start: .init(line: 3, character: 12), end: .init(line: 3, character: 14)).json,
                "text": .string("b"),
            ])]),
        ])))
        #expect(server.documents[main]?.table.text == "dialog C\nstart a\nstate a\n  on yes -> b\n")
        #expect(published(server.flush())["main.dialog"] == [])
        // Nothing changed: nothing to send.
        #expect(server.flush().isEmpty)
    }

    @Test func aNewFileNotYetOnDiskJoinsItsFolder() throws {
        let main = try write("coach/main.dialog", "dialog C\nstart a\nstate a\n  go b\n")
        var server = started()
        open(&server, main, try String(contentsOfFile: main, encoding: .utf8))
        #expect(published(server.flush())["main.dialog"]?.contains("P010") == true)
        let unsaved = folder.appendingPathComponent("coach/new.dialog").standardizedFileURL.path
        open(&server, unsaved, "state b\n  end\n")
        #expect(published(server.flush())["main.dialog"] == [])
    }

    @Test func fileBelongsToTheWidestDialogFolderBelowTheWorkspace() throws {
        let main = try write("trust/main.dialog", "dialog T\nstart a\nstate a\n  end\n")
        let track = try write("trust/tracks/one.dialog", "state b\n  end\n")
        let badOne = try write("bad/one.dialog", "dialog One\nstart x\n")
        _ = try write("bad/two.dialog", "dialog Two\nstart y\n")
        var server = started()
        let trust = folder.appendingPathComponent("trust").standardizedFileURL.path
        #expect(server.root(of: track) == trust)
        #expect(server.root(of: main) == trust)
        // A folder of separate dialogs: each file is its own.
        #expect(server.root(of: badOne) == badOne)
    }

    @Test func theKeywordListsCoverEveryKeywordTheParserKnows() {
        let known = Set((DialogKeywords.topLevel + DialogKeywords.statements).map { $0.split(separator: " ").first.map(String.init)! })
        for keyword in ScriptParser.topLevelKeywords + ScriptParser.statementKeywords {
            #expect(known.contains(keyword), "\(keyword) is missing from DialogKeywords")
        }
    }

    @Test func completionRanksNearMissesBeforeTheRest() {
        #expect(LanguageServer.rank("goal.size", typed: "goal") == (0, 0))
        #expect(LanguageServer.rank("goal.size", typed: "gaol.si") == (1, 1))
        #expect(LanguageServer.rank("welcome", typed: "gaol.si") == (2, 0))
    }

    @Test func completionReadsTheLineUpToTheCaret() {
        let table = LineTable("intent x\n  \nstate s\n  \n")
        func context(_ before: Substring, line: Int = 4) -> LanguageServer.CompletionContext {
            LanguageServer.completionContext(before: before, table: table, line: line)
        }
        #expect(context("  go go") == .names([.state], extra: DialogKeywords.targets))
        #expect(context("  option Yes -> ") == .names([.state], extra: DialogKeywords.targets))
        #expect(context("  on faq ") == .names([.faq], extra: []))
        #expect(context("  on yes if visited ") == .names([.state], extra: []))
        #expect(context("  say Hi {na") == .interpolation)
        #expect(context("  say Hi {{na") == .none)
        #expect(context("  ", line: 2) == .keywords(DialogKeywords.intentFields))
        #expect(context("  ") == .keywords(DialogKeywords.statements))
        #expect(context("# go ") == .none)
    }
}
