import Foundation
import Testing
@testable import ParleyKit
@testable import ParleyLSP

/// The names of `answers` / `use answers NAME`, `next STATE` and the `care`
/// block are in the index like every other name: definition, references,
/// hover, completion, rename and semantic tokens.
@Suite struct AnswerClassNamesTests: OneDocumentTests {
    static let path = "/mem/coach.dialog"
    static let text = """
        dialog Coach
        start q1

        intent yes
          keywords: yes
        intent no
          keywords: no
        quote calm.words
          by: Someone
          text: Breathe.

        answers unsure
          on no
            say That is fine.
            go next

        care
          when: care
          instead: calm
          avoid: q1, calm.words, calm.*

        state q1
          ask Ready?
          use answers unsure
          next q2
          on yes -> q2

        state q2
          ask And now?
          use answers unsure
          next calm
          on yes -> calm

        state calm
          quote calm.words
          set care to yes
          end

        """

    @Test func theDialogCompilesCleanly() {
        let result = DialogCompiler.compile(path: Self.path, source: InMemoryDialogFiles([Self.path: Self.text]))
        #expect(result.errorCount == 0, "\(result.diagnostics)")
    }

    @Test func definitionAndReferencesOfAnAnswerClass() {
        var server = started()
        let use = Self.position("  use answers", "unsure")
        #expect(lines(ask(&server, "textDocument/definition", at: use)) == [line("answers unsure")])
        let references = ask(&server, "textDocument/references", at: use,
                             [JSONMember(key: "context", value: .object(["includeDeclaration": .bool(true)]))])
        #expect(lines(references) == [line("answers unsure"), line("  use answers", occurrence: 1),
                                       line("  use answers", occurrence: 2)])
        // An intent used only inside the answer class is a reference too.
        let no = Self.position("intent no", "no")
        #expect(lines(ask(&server, "textDocument/references", at: no)).contains(line("  on no")))
    }

    @Test func nextAndCareNamesAreStateAndContentReferences() {
        var server = started()
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  next q2", "q2"))) == [line("state q2")])
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  instead:", "calm"))) == [line("state calm")])
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  avoid:", "calm.words")))
            == [line("quote calm.words")])
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  avoid:", "q1"))) == [line("state q1")])
        // `calm.*` stands for every name starting with `calm.` (not the state `calm`; AvoidPrefixTests has more).
        #expect(lines(ask(&server, "textDocument/definition", at: Self.position("  avoid:", "calm.*"))) == [line("quote calm.words")])
        let calm = lines(ask(&server, "textDocument/references", at: Self.position("state calm", "calm")))
        #expect(calm == [line("  instead:"), line("  next calm"), line("  on yes -> calm"), line("state calm")])
    }

    @Test func hoverShowsAnAnswerClassAndAStatesLinks() {
        var server = started()
        let hover = ask(&server, "textDocument/hover", at: Self.position("  use answers", "unsure"))?["contents"]?["value"]?.string
        #expect(hover == "**answers** `unsure`: taken by 2 states\n\n- on no → next")
        let state = ask(&server, "textDocument/hover", at: Self.position("  next q2", "q2"))?["contents"]?["value"]?.string
        #expect(state?.contains("- use answers `unsure`\n- next → `calm`") == true)
    }

    @Test func renameCoversUseAnswersNextAndCare() throws {
        var server = started()
        let renamed = ask(&server, "textDocument/rename", at: Self.position("state calm", "calm"),
                          [JSONMember(key: "newName", value: .string("rest"))])
        let edits = try #require(renamed?["changes"]?[DocumentURI.uri(Self.path)]?.array)
        #expect(lines(.array(edits)) == [line("  instead:"), line("  next calm"), line("  on yes -> calm"), line("state calm")])
        let classEdits = ask(&server, "textDocument/rename", at: Self.position("answers unsure", "unsure"),
                             [JSONMember(key: "newName", value: .string("maybe"))])?["changes"]?[DocumentURI.uri(Self.path)]?.array
        #expect(classEdits?.count == 3)
        // A state's name is not an answer class's: renaming to it is fine, to another class's is not.
        let clash = server.handle(message: request(3, "textDocument/rename", .object([
            "textDocument": .object(["uri": .string(DocumentURI.uri(Self.path))]),
            "position": Self.position("  next q2", "q2"), "newName": .string("q1"),
        ])))
        #expect(clash.first?["error"]?["message"]?.string == "there is already a state named 'q1'")
    }

    @Test func completionOffersAnswerClassesAndStates() {
        let table = LineTable(Self.text)
        func context(_ before: Substring, line: Int) -> LanguageServer.CompletionContext {
            LanguageServer.completionContext(before: before, table: table, line: line)
        }
        let inState = line("  next q2")
        #expect(context("  use ", line: inState) == .keywords(["answers"]))
        #expect(context("  use answers un", line: inState) == .names([.answerClass], extra: []))
        #expect(context("  next ", line: inState) == .names([.state], extra: []))
        let inCare = line("  instead:")
        #expect(context("  ", line: inCare) == .keywords(["when:", "instead:", "avoid:"]))
        #expect(context("  instead: ca", line: inCare) == .names([.state], extra: []))
        #expect(context("  avoid: q1, ", line: inCare) == .names([.state, .quote, .faq, .list, .namePrefix], extra: []))
        #expect(context("  ", line: line("  on no")) == .keywords(["on"]))

        var server = started()
        let items = ask(&server, "textDocument/completion", at: .object([
            "line": .int(line("  use answers") - 1), "character": .int("  use answers ".utf16.count),
        ]))?["items"]?.array ?? []
        #expect(items.compactMap { $0["label"]?.string } == ["unsure"])
    }

    @Test func semanticTokensColourTheNames() {
        var server = started()
        let result = server.handle(message: request(4, "textDocument/semanticTokens/full", .object([
            "textDocument": .object(["uri": .string(DocumentURI.uri(Self.path))]),
        ])))
        let data = (result.first?["result"]?["data"]?.array ?? []).compactMap { $0.int }
        #expect(data.count % 5 == 0 && !data.isEmpty)
        var tokens: [(line: Int, start: Int, length: Int, type: String, declaration: Bool)] = []
        var line = 0, start = 0
        for k in stride(from: 0, to: data.count, by: 5) {
            line += data[k]
            start = data[k] == 0 ? start + data[k + 1] : data[k + 1]
            tokens.append((line + 1, start, data[k + 2], SemanticTokens.types[data[k + 3]], data[k + 4] == 1))
        }
        func token(_ prefix: String, _ word: String) -> (type: String, declaration: Bool)? {
            let number = self.line(prefix)
            let column = Self.lines[number].range(of: word, options: .backwards)!.lowerBound.utf16Offset(in: Self.lines[number])
            return tokens.first { $0.line == number && $0.start == column && $0.length == word.utf16.count }
                .map { ($0.type, $0.declaration) }
        }
        #expect(token("answers unsure", "unsure")! == ("namespace", true))
        #expect(token("answers unsure", "answers")! == ("keyword", false))
        #expect(token("  use answers", "unsure")! == ("namespace", false))
        #expect(token("  use answers", "use")! == ("keyword", false))
        #expect(token("  next q2", "q2")! == ("class", false))
        #expect(token("  next q2", "next")! == ("keyword", false))
        #expect(token("  instead:", "calm")! == ("class", false))
        #expect(token("  avoid:", "calm.words")! == ("struct", false))
        #expect(token("care", "care")! == ("keyword", false))
    }
}
