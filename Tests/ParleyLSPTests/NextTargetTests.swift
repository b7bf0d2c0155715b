import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// `next` as a target (`go next`, `-> next`) is a keyword, not a name:
/// definition goes to the state it resolves to (the state's `next STATE`,
/// or each using state's in an answer class) and hover says which.
@Suite struct NextTargetTests: OneDocumentTests {
    static let path = "/mem/next.dialog"
    static let text = """
        dialog Next
        start q1

        intent yes
          keywords: yes
        intent no
          keywords: no
        intent help
          keywords: help

        answers unsure
          on no
            say That is fine.
            go next

        global
          on help -> next

        state q1
          ask Ready?
          use answers unsure
          next q2
          on yes -> next
          option Skip -> next

        state q2
          ask And now?
          use answers unsure
          next done
          on yes
            say Good.
            go next

        state lost
          ask Where to?
          on yes -> next

        state done
          say Done.
          end

        """

    @Test func definitionOfNextInAStateIsItsNextState() {
        var server = started()
        for position in [Self.position("  on yes -> next", "next"), Self.position("  option Skip", "next")] {
            #expect(lines(ask(&server, "textDocument/definition", at: position)) == [line("state q2")])
        }
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("    go next", "next", occurrence: 2)))
            == [line("state done")])
    }

    @Test func definitionOfNextInAnAnswerClassIsEveryUsersNextState() {
        var server = started()
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("    go next", "next")))
            == [line("state q2"), line("state done")])
    }

    @Test func nextWithoutAStaticTargetHasNoDefinitionButAHover() throws {
        var server = started()
        let lost = Self.position("  on yes -> next", "next", occurrence: 2)
        #expect(ask(&server, "textDocument/definition", at: lost) == .null)
        let hover = try #require(ask(&server, "textDocument/hover", at: lost)?["contents"]?["value"]?.string)
        #expect(hover.contains("state `lost` has none") && hover.contains("P024"))
        let global = Self.position("  on help -> next", "next")
        #expect(ask(&server, "textDocument/definition", at: global) == .null)
        let explained = try #require(ask(&server, "textDocument/hover", at: global)?["contents"]?["value"]?.string)
        #expect(explained.contains("the state the conversation is in"))
    }

    @Test func hoverSaysWhereNextGoes() throws {
        var server = started()
        let inState = try #require(ask(&server, "textDocument/hover", at: Self.position("  on yes -> next", "next")))
        #expect(inState["contents"]?["value"]?.string?.hasPrefix("**next** → state `q2`") == true)
        // The range is the word `next` itself.
        let number = line("  on yes -> next")
        let column = Self.lines[number].utf16.count - 4
        #expect(inState["range"] == LSPRange(start: .init(line: number - 1, character: column),
                                             end: .init(line: number - 1, character: column + 4)).json)
        let inClass = try #require(ask(&server, "textDocument/hover", at: Self.position("    go next", "next"))?["contents"]?["value"]?.string)
        #expect(inClass.contains("- from `q1` → `q2`") && inClass.contains("- from `q2` → `done`"))
    }

    @Test func nextAsAStateLinkIsStillAName() {
        var server = started()
        // `next q2` names the state q2 (an occurrence); the keyword `next` before it is not a target.
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  next q2", "q2"))) == [line("state q2")])
        #expect(ask(&server, "textDocument/definition", at: Self.position("  next q2", "next")) == .null)
    }
}
