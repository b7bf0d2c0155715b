import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// `prefix.*` in a care block's `avoid:` stands for every state, quote, FAQ
/// and list whose name starts with `prefix.`: definition, references and
/// hover list them, rename of the pattern renames them, and `avoid:` lines,
/// continuation lines included, complete their names and prefixes.
@Suite struct AvoidPrefixTests: OneDocumentTests {
    static let path = "/mem/pairs.dialog"
    static let text = """
        dialog Pairs
        start welcome

        intent yes
          keywords: yes
        quote couple.words
          by: Someone
          text: Together.
        list couple.steps
          - Talk.
          - Listen.

        care
          when: care
          instead: calm
          avoid: welcome,
            couple.*, couple.deep.*

        state welcome
          ask Ready?
          on yes -> couple.start

        state couple.start
          quote couple.words
          list couple.steps
          go couple.deep.end

        state couple.deep.end
          say Done.
          go calm

        state calm
          set care to yes
          go solo.end

        state solo.end
          end

        """

    /// `text` with LSP text edits applied (ASCII text: UTF-16 columns are characters).
    static func apply(_ edits: [JSONValue], to text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let sorted = edits.sorted {
            let a = $0["range"]!["start"]!, b = $1["range"]!["start"]!
            return (a["line"]!.int!, a["character"]!.int!) > (b["line"]!.int!, b["character"]!.int!)
        }
        for edit in sorted {
            let start = edit["range"]!["start"]!, end = edit["range"]!["end"]!
            let number = start["line"]!.int!
            var characters = Array(lines[number])
            characters.replaceSubrange(start["character"]!.int!..<end["character"]!.int!, with: Array(edit["newText"]!.string!))
            lines[number] = String(characters)
        }
        return lines.joined(separator: "\n")
    }

    @Test func theDialogCompilesCleanly() {
        let result = DialogCompiler.compile(path: Self.path, source: InMemoryDialogFiles([Self.path: Self.text]))
        #expect(result.errorCount == 0, "\(result.diagnostics)")
    }

    @Test func definitionOfAPrefixListsWhatItCovers() {
        var server = started()
        let covered = [Self.line("quote couple.words"), Self.line("list couple.steps"), Self.line("state couple.start"),
                       Self.line("state couple.deep.end")]
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("    couple.*", "couple.*"))) == covered)
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("    couple.*", "couple.deep.*")))
            == [Self.line("state couple.deep.end")])
        // A plain name in `avoid:` is still one reference.
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  avoid:", "welcome"))) == [Self.line("state welcome")])
    }

    @Test func referencesOfAPrefixAreItsPlacesAndWhatItCovers() {
        var server = started()
        let found = ask(&server, "textDocument/references", at: Self.position("    couple.*", "couple.*"),
                        [JSONMember(key: "context", value: .object(["includeDeclaration": .bool(false)]))])
        #expect(lines(found) == [Self.line("quote couple.words"), Self.line("list couple.steps"), Self.line("    couple.*"),
                                 Self.line("state couple.start"), Self.line("state couple.deep.end")])
    }

    @Test func hoverOnAPrefixListsTheNamesByKind() throws {
        var server = started()
        let hover = try #require(ask(&server, "textDocument/hover", at: Self.position("    couple.*", "couple.*"))?["contents"]?["value"]?.string)
        #expect(hover.hasPrefix("**avoid** `couple.*`: 4 names starting with `couple.`"))
        for entry in ["- quote `couple.words`", "- list `couple.steps`", "- state `couple.start`", "- state `couple.deep.end`"] {
            #expect(hover.contains(entry), "\(hover)")
        }
        #expect(!hover.contains("welcome"))
    }

    @Test func renamingAPrefixRenamesEveryNameItCovers() throws {
        var server = started()
        let renamed = ask(&server, "textDocument/rename", at: Self.position("    couple.*", "couple.*"),
                          [JSONMember(key: "newName", value: .string("pair.*"))])
        let edits = try #require(renamed?["changes"]?[DocumentURI.uri(Self.path)]?.array)
        let text = Self.apply(edits, to: Self.text)
        #expect(text.contains("    pair.*, pair.deep.*\n"))
        #expect(text.contains("state pair.start\n") && text.contains("quote pair.words\n") && text.contains("list pair.steps\n"))
        #expect(text.contains("  on yes -> pair.start\n") && text.contains("  go pair.deep.end\n"))
        #expect(!text.contains("couple"))
        // The renamed dialog still compiles, and the pattern covers the same content.
        let result = DialogCompiler.compile(path: Self.path, source: InMemoryDialogFiles([Self.path: text]))
        #expect(result.errorCount == 0, "\(result.diagnostics)")
        #expect(result.dialog?.states.filter(\.notInCare).map(\.name).sorted() == ["pair.deep.end", "pair.start", "welcome"])
    }

    @Test func renamingAPrefixIsRefusedWhenANewNameIsTakenOrNoPrefix() {
        var server = started()
        let clash = send(&server, "textDocument/rename", at: Self.position("    couple.*", "couple.deep.*"),
                         [JSONMember(key: "newName", value: .string("solo.*"))])
        #expect(clash?["error"]?["message"]?.string
            == "'couple.deep.end' would become 'solo.end', but there is already a state named 'solo.end'")
        let bare = send(&server, "textDocument/rename", at: Self.position("    couple.*", "couple.*"),
                        [JSONMember(key: "newName", value: .string("pair"))])
        #expect(bare?["error"]?["message"]?.string == "'pair' is not a name prefix: write 'prefix.*', the prefix a valid name")
        let prepared = ask(&server, "textDocument/prepareRename", at: Self.position("    couple.*", "couple.*"))
        #expect(prepared?["placeholder"]?.string == "couple.*")
    }

    @Test func avoidContinuationLinesCompleteNamesAndPrefixes() {
        let table = LineTable(Self.text)
        func context(_ before: Substring, line: Int) -> LanguageServer.CompletionContext {
            LanguageServer.completionContext(before: before, table: table, line: line)
        }
        let avoid: LanguageServer.CompletionContext = .names([.state, .quote, .faq, .list, .namePrefix], extra: [])
        let continuation = Self.line("    couple.*")
        #expect(context("  avoid: welcome, ", line: Self.line("  avoid:")) == avoid)
        #expect(context("    couple.*, cou", line: continuation) == avoid)
        // A new line under the continuation, as deep as it: still `avoid:`.
        #expect(context("    ", line: continuation + 1) == avoid)
        // As deep as `avoid:` itself: another care field.
        #expect(context("  ", line: continuation + 1) == .keywords(["when:", "instead:", "avoid:"]))
        // Deeper lines elsewhere are not `avoid:`.
        #expect(context("    ", line: Self.line("  quote couple.words")) != avoid)

        var server = started()
        let items = ask(&server, "textDocument/completion", at: .object([
            "line": .int(continuation - 1), "character": .int("    couple.*, ".utf16.count),
        ]))?["items"]?.array ?? []
        let labels = Set(items.compactMap { $0["label"]?.string })
        #expect(labels.isSuperset(of: ["welcome", "calm", "couple.start", "couple.words", "couple.steps", "couple.*", "couple.deep.*",
                                       "solo.*"]))
        #expect(!labels.contains("yes"))  // an intent cannot be avoided
        let prefix = items.first { $0["label"]?.string == "couple.*" }
        #expect(prefix?["detail"]?.string == "4 names starting with couple.")
    }

    @Test func prefixPatternsArePartsOfDottedNames() {
        #expect(SymbolIndex.prefixPatterns(of: ["a.b.c", "x", "a.d", "b.", "c.e"]) == ["a.*", "a.b.*", "c.*"])
    }
}
