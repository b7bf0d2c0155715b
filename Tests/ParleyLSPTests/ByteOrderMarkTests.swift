import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// A text starting with U+FEFF (a byte order mark, which some Windows
/// editors write): the compiler drops it, so its columns on line 1 do not
/// count it, but the editor's positions do (one UTF-16 unit).
@Suite struct ByteOrderMarkTests: OneDocumentTests {
    static let path = "/mem/bom.dialog"
    static let text = "\u{FEFF}# The first line is a comment.\nstate hub\n  say Hi.\n  on yes -> hub\n\nintent yes\n  keywords: yes\n"

    @Test func line1CommentIsColouredFromAfterTheMark() throws {
        var server = started()
        let result = server.handle(message: request(2, "textDocument/semanticTokens/full", .object([
            "textDocument": .object(["uri": .string(DocumentURI.uri(Self.path))]),
        ]))).first?["result"]
        let array = try #require(result?["data"]?.array)
        let data = array.compactMap(\.int)
        // The first token: line 0, from character 1 (after the mark), the whole comment.
        #expect(Array(data.prefix(4)) == [0, 1, "# The first line is a comment.".utf16.count, SemanticTokens.TokenType.comment.rawValue])
    }

    @Test func line1RangesCountTheMark() throws {
        let text = "\u{FEFF}state hub\n  say Hi.\n  on yes -> hub\n\nintent yes\n  keywords: yes\n"
        let table = LineTable(text)
        #expect(table.firstLineShift == 1)
        #expect(table.line(1) == "state hub")
        #expect(table.position(line: 1, column: 7) == LSPPosition(line: 0, character: 7))
        #expect(table.location(LSPPosition(line: 0, character: 7)).column == 7)
        #expect(table.position(line: 2, column: 3) == LSPPosition(line: 1, character: 2))
        // An edit at line 0, character 7 replaces the "h" of "hub", not the space before it.
        var edited = text
        edited.replaceSubrange(table.index(LSPPosition(line: 0, character: 7))..<table.index(LSPPosition(line: 0, character: 10)), with: "top")
        #expect(edited.hasPrefix("\u{FEFF}state top\n"))
        #expect(table.index(LSPPosition(line: 0, character: 0)) == text.startIndex)
        #expect(table.endOfLine(1) == LSPPosition(line: 0, character: 10))

        // Through the server: go to the definition of `hub` from `-> hub`.
        var server = started(text: text)
        let found = ask(&server, "textDocument/definition", at: .object(["line": .int(2), "character": .int(13)]))
        #expect(found?.array?.first?["range"] == LSPRange(start: .init(line: 0, character: 7), end: .init(line: 0, character: 10)).json)
    }
}
