@testable import ParleyKit
import Testing

/// The examples in docs/dialog-language.md are real: every plain code block
/// parses without a syntax error. Blocks are fragments, so names are not
/// linked; a fragment of a state's body is parsed inside a state.
@Suite struct DocumentationTests {
    static func blocks() throws -> [(line: Int, text: String)] {
        let lines = try Package.text("docs/dialog-language.md").split(separator: "\n", omittingEmptySubsequences: false)
        var blocks: [(Int, String)] = []
        var body: [Substring]?
        var fenced = false  // inside a block in another language (the grammar)
        var start = 0
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("```") {
                if body != nil {
                    blocks.append((start, body!.joined(separator: "\n")))
                    body = nil
                } else if fenced {
                    fenced = false
                } else if line == "```" {
                    body = []
                    start = index + 2
                } else {
                    fenced = true
                }
            } else if body != nil {
                body!.append(line)
            }
        }
        return blocks
    }

    static let stateBodyWords: Set<Substring> = ["option", "on", "if", "say", "ask", "go", "set"]

    @Test func everyExampleParses() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count >= 10)
        for (line, text) in blocks {
            let first = text.split(separator: " ", maxSplits: 1).first ?? ""
            let source = Self.stateBodyWords.contains(first)
                ? "state example\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
                : text
            let (_, diagnostics) = ScriptParser.parse(source, path: "docs/dialog-language.md")
            #expect(diagnostics.isEmpty,
                    "example at docs/dialog-language.md:\(line): \(diagnostics.map { "\($0.location?.line ?? 0): \($0.message)" })")
        }
    }

    /// Each doc has one section per subject: a heading that appears twice is a
    /// stale copy left behind (docs/performance.md once held two "Bridge" sections).
    @Test(arguments: ["docs/performance.md", "docs/bridge-protocol.md", "docs/dialog-language.md",
                      "docs/transcripts.md", "docs/chat.md"])
    func noSectionIsThereTwice(_ path: String) throws {
        var seen: Set<Substring> = []
        for line in try Package.text(path).split(separator: "\n") where line.hasPrefix("## ") {
            #expect(seen.insert(line).inserted, "\(path) has the section '\(line)' twice")
        }
    }
}
