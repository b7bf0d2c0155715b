import Foundation
import Testing
@testable import ParleyKit

/// `parley graph`: golden files for each format and grouping (Fixtures/graph;
/// PARLEY_RECORD=1 rewrites them), and the rules behind them.
@Suite struct DialogGraphTests {
    /// A dialog in three files with two tracks, a conditional option, a
    /// conditional trigger, automatic moves and safety and global handlers.
    static let tracks: [String: String] = [
        "coach/main.dialog": """
            dialog Tracks
            start hello
            state hello
              ask Which?
              option First track -> a.one
              option Second track -> b.one
              if visited a.two
                option Back to the first -> a.two
              on bye -> bye
            state bye
              say Bye.
              end
            intent bye
              keywords: bye
            intent help
              keywords: help
            intent danger
              keywords: danger
            safety
              on danger -> bye
            global after
              on help -> hello
            """,
        "coach/tracks/a.dialog": """
            state a.one
              say One.
              go a.two
            state a.two
              set seen to yes
              ask Again?
              on help if seen -> b.one
              option Done -> back
            """,
        "coach/tracks/b.dialog": """
            state b.one
              if seen
                go a.two
              else
                go hello
            """,
    ]

    func tracksDialog() throws -> CompiledDialog {
        let result = DialogCompiler.compile(path: "coach", source: InMemoryDialogFiles(Self.tracks))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        return try #require(result.dialog)
    }

    func sample() throws -> CompiledDialog {
        try #require(try Package.compile("Dialogs/sample").dialog)
    }

    func golden(_ text: String, _ name: String) throws {
        if let problem = try Package.checkGolden(text, "Fixtures/graph/" + name) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func sampleGoldens() throws {
        let dialog = try sample()
        try golden(try DialogGraph.render(dialog, format: .dot), "sample.dot")
        try golden(try DialogGraph.render(dialog, format: .mermaid), "sample.mmd")
        try golden(try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .track)), "sample-by-track.dot")
        try golden(try DialogGraph.render(dialog, format: .dot, options: .init(focus: "goal.set", depth: 1)),
                   "sample-goal.set-depth-1.dot")
        try golden(try DialogGraph.render(dialog, format: .mermaid, options: .init(grouping: .track, only: "goal")),
                   "sample-only-goal.mmd")
    }

    @Test func filesAndTracksGoldens() throws {
        let dialog = try tracksDialog()
        try golden(try DialogGraph.render(dialog, format: .dot), "tracks-by-file.dot")
        try golden(try DialogGraph.render(dialog, format: .mermaid), "tracks-by-file.mmd")
        try golden(try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .track, only: "a")), "tracks-only-a.dot")
    }

    @Test func clustersFollowFilesRelativeToTheDialogFolder() throws {
        let dot = try DialogGraph.render(try tracksDialog(), format: .dot)
        #expect(dot.contains("label=\"main.dialog\""))
        #expect(dot.contains("label=\"tracks/a.dialog\""))
        #expect(dot.contains("label=\"tracks/b.dialog\""))
        let mermaid = try DialogGraph.render(try tracksDialog(), format: .mermaid, options: .init(grouping: .track))
        // Inside its track's subgraph a state is drawn without the track's name.
        #expect(mermaid.contains("[\"a\"]\n    s2[\"one\"]\n    s3[\"two\"]\n  end"))
    }

    @Test func edgesAreLabelledWithWhatCausesThem() throws {
        let edges = DialogGraph.edges(try tracksDialog())
        func edge(_ from: String, _ to: String) -> DialogGraph.Edge? { edges.first { $0.from == from && $0.to == to } }
        #expect(edge("hello", "a.one")?.label == "First track")
        #expect(edge("hello", "a.one")?.kind == .option)
        #expect(edge("hello", "a.two")?.label == "Back to the first\n[if visited a.two]")
        #expect(edge("hello", "bye")?.label == "on bye")
        #expect(edge("a.two", "b.one")?.label == "on help\n[if seen]")
        #expect(edge("a.one", "a.two")?.kind == .automatic)
        #expect(edge("a.one", "a.two")?.label == "")
        #expect(edge("b.one", "a.two")?.label == "if seen")
        #expect(edge("b.one", "hello")?.label == "if not seen")
        #expect(edge("bye", "(end)")?.kind == .automatic)
        #expect(edge("(any state)", "bye")?.kind == .safety)
        #expect(edge("(any state)", "hello")?.kind == .global)
        #expect(edge("a.two", "(back)")?.label == "Done")
    }

    @Test func intentsWithoutAConditionShareALineOfTheLabel() throws {
        let source = """
            dialog Shared
            start s
            state s
              ask Which?
              on a -> t
              on b -> t
              on c if visited t -> t
              on d -> t
              on e, f -> t
            state t
              say Done.
              end
            intent a
              keywords: a
            intent b
              keywords: b
            intent c
              keywords: c
            intent d
              keywords: d
            intent e
              keywords: e
            intent f
              keywords: f
            """
        let result = DialogCompiler.compile(path: "shared.dialog", source: InMemoryDialogFiles(["shared.dialog": source]))
        let dialog = try #require(result.dialog, "\(result.diagnostics)")
        let edge = DialogGraph.edges(dialog).first { $0.from == "s" && $0.to == "t" }
        // A condition keeps its cause on a line of its own, the condition under it.
        #expect(edge?.label == "on a, b\non c\n[if visited t]\non d, e, f")
        // Ten intents make a label of a few wrapped lines, not ten.
        #expect(DialogGraph.wrap("on blame, self-blame, anger, excuse, feel, hurt, dont-know, refuse").split(separator: "\n").count == 4)
    }

    @Test func automaticAndGlobalEdgesLookDifferentAndTheLegendSaysHow() throws {
        let dot = try DialogGraph.render(try tracksDialog(), format: .dot)
        // a.two is drawn in a row after a.one: the edge ends at its cell.
        #expect(dot.contains("\"b.one\" -> \"(run 1)\":p1 [label=\"if seen\", color=\"#6a6a6a\", fontcolor=\"#6a6a6a\", style=dashed];"))
        #expect(dot.contains("style=dotted"))
        // The legend is the caption, under the drawing, with the title.
        #expect(dot.contains("labelloc=b;"))
        #expect(dot.contains("<b>Tracks</b>"))
        #expect(dot.contains("automatic: moves on by itself"))
        let bare = try DialogGraph.render(try tracksDialog(), format: .dot, options: .init(legend: false))
        #expect(!bare.contains("automatic: moves on by itself"))
    }

    /// Three states of a track with the same way out, and states of other tracks leading in.
    static let shared = """
        dialog Shared
        start menu
        state menu
          ask Where to?
          option Questions -> q.one
          on leave -> away
          on other -> elsewhere.a
        state elsewhere.a
          on go -> q.one
        state elsewhere.b
          on go -> q.two
        state q.one
          ask One?
          on leave -> away
          on blame, anger, excuse, hurt, skip, next-step, dont-know -> q.two
        state q.two
          ask Two?
          on leave -> away
          on blame, anger, excuse, hurt, skip, next-step, dont-know -> q.three
        state q.three
          ask Three?
          on leave -> away
          on blame, anger, excuse, hurt, skip, next-step, dont-know -> q.end
          on stop -> menu
        state q.end
          ask Where now?
          option Back -> menu
          option Again -> q.one
          option Leave -> away
          option Other -> elsewhere.b
          option Extra -> q.extra
        state q.extra
          go q.end
        state away
          say Bye.
          end
        intent leave
          keywords: leave
        intent other
          keywords: other
        intent go
          keywords: go
        intent stop
          keywords: stop
        intent blame
          keywords: blame
        intent anger
          keywords: anger
        intent excuse
          keywords: excuse
        intent hurt
          keywords: hurt
        intent skip
          keywords: skip
        intent next-step
          keywords: next step
        intent dont-know
          keywords: dont know
        """

    func sharedDialog() throws -> CompiledDialog {
        let result = DialogCompiler.compile(path: "shared.dialog", source: InMemoryDialogFiles(["shared.dialog": Self.shared]))
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    @Test func aTrackPageDrawsSharedWaysOutAndOutsideStatesOnce() throws {
        let dialog = try sharedDialog()
        let options = DialogGraph.Options(grouping: .track, only: "q")
        let groups = DialogGraph.groups(dialog, .track)
        let page = DialogGraph.page(try DialogGraph.select(dialog, DialogGraph.rawEdges(dialog), options, groups), groups: groups,
                                    options: options)
        // `on leave -> away` in three of the four q states: one note, one edge, the states named.
        let shared = try #require(page.notes.first { $0.kind == .shared })
        #expect(shared.label == "from every state of q but end, extra (3 states)")
        #expect(shared.tooltip == "q.one, q.two, q.three")
        #expect(page.edges.filter { $0.to == "away" && $0.label == "on leave" }.map(\.from) == [shared.id])
        // The menu and two elsewhere states lead in: one stub, and each edge counts its states.
        let incoming = try #require(page.notes.first { $0.kind == .incoming })
        #expect(incoming.label == "from 3 states elsewhere: menu,\nelsewhere ×2")
        #expect(page.edges.contains { $0.from == incoming.id && $0.to == "q.one" && $0.label == "on go" && $0.kind == .trigger })
        #expect(!page.stubs.contains("elsewhere.a"))
        // The same eight intents to each next question: a key, written out in the legend.
        #expect(page.keys.map(\.key) == ["A"])
        #expect(page.keys.first?.text == "on blame, anger, excuse, hurt, skip, next-step, dont-know")
        #expect(page.edges.filter { $0.label == "(A)" }.count == 3)
        let dot = try DialogGraph.render(dialog, format: .dot, options: options)
        #expect(dot.contains("(A)</td><td colspan=\"5\" align=\"left\" balign=\"left\">on blame, anger, excuse, hurt, skip, next-step, dont-know</td>"))
        // Four options: the end state's box lists them, each edge leaving from its line.
        #expect(dot.contains("<td port=\"o3\" align=\"left\" balign=\"left\" cellpadding=\"1\"><font point-size=\"10\" color=\"#222222\">4. Other</font>"))
        #expect(dot.contains("\"q.end\":o3:e -> \"elsewhere.b\""))
        // q.one, q.two and q.three follow one another: one row, the moves inside it.
        #expect(dot.contains("\"(run 1)\" [shape=plain"))
        #expect(dot.contains("\"(run 1)\":p2 -> \"q.end\""))
        #expect(!dot.contains("\"q.two\" ->"))
        try golden(dot, "shared-only-q.dot")
        try golden(try DialogGraph.render(dialog, format: .mermaid, options: options), "shared-only-q.mmd")
    }

    @Test func aPageRunsTheWayItsShapeFits() throws {
        // A hub: one state leading to eight, side by side: left to right.
        var hub = "dialog Hub\nstart h.menu\nstate h.menu\n  ask Which?\n"
        for n in 1...8 { hub += "  on i\(n) -> h.s\(n)\n" }
        for n in 1...8 { hub += "state h.s\(n)\n  say \(n).\n  end\n" }
        for n in 1...8 { hub += "intent i\(n)\n  keywords: word\(n)\n" }
        // A chain of twelve states: top to bottom.
        var chain = "dialog Chain\nstart c.s1\n"
        for n in 1...12 { chain += "state c.s\(n)\n  ask \(n)?\n" + (n < 12 ? "  on i1 -> c.s\(n + 1)\n  on i2 -> c.s1\n" : "  on i1 -> c.s1\n") }
        chain += "intent i1\n  keywords: one\nintent i2\n  keywords: two\n"
        for (source, only, expected) in [(hub, "h", "rankdir=LR;"), (chain, "c", "rankdir=TB;")] {
            let result = DialogCompiler.compile(path: "d.dialog", source: InMemoryDialogFiles(["d.dialog": source]))
            let dialog = try #require(result.dialog, "\(result.diagnostics)")
            let dot = try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .track, only: only))
            #expect(dot.contains(expected), "\(only)")
            // --direction still decides when it is given.
            let forced = try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .track, only: only, direction: .topToBottom))
            #expect(forced.contains("rankdir=TB;"))
        }
    }

    @Test func aTrackOfTheTrustCoach() throws {
        let dialog = try #require(try Package.compile("Dialogs/trust").dialog)
        let dot = try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .track, only: "leaving"))
        // Some forty states elsewhere lead in with `on leave`: one stub, counted.
        #expect(dot.components(separatedBy: "style=\"rounded,dashed\"").count - 1 <= 8)
        #expect(dot.contains("on leave ×"))
        try golden(dot, "trust-only-leaving.dot")
    }

    @Test func neighbourhoodOfAState() throws {
        let dialog = try tracksDialog()
        let zero = try DialogGraph.select(dialog, DialogGraph.edges(dialog), .init(focus: "a.one", depth: 0), [:])
        #expect(zero.states == ["a.one"])
        let one = try DialogGraph.select(dialog, DialogGraph.edges(dialog), .init(focus: "a.one", depth: 1), [:])
        #expect(one.states == ["hello", "a.one", "a.two"])
        // Transitions leaving the neighbourhood end at stubs, so nothing is hidden.
        #expect(Set(one.stubs) == ["b.one", "bye"])
        // A depth past the dialog's size is the whole connected dialog, reached
        // in as many steps as there are states (it once looped depth times: --depth 100000000000 hung).
        let all = try DialogGraph.select(dialog, DialogGraph.edges(dialog), .init(focus: "a.one", depth: Int.max), [:])
        #expect(all.states == ["hello", "bye", "a.one", "a.two", "b.one"])
        #expect(all.stubs.isEmpty)
        #expect(throws: DialogGraph.GraphError.self) {
            try DialogGraph.render(dialog, format: .dot, options: .init(focus: "a.onne"))
        }
        do {
            _ = try DialogGraph.render(dialog, format: .dot, options: .init(focus: "a.onne"))
        } catch {
            #expect("\(error)" == "unknown state 'a.onne'; did you mean 'a.one'?")
        }
    }

    @Test func oneGroupAtATime() throws {
        let dialog = try tracksDialog()
        let a = try DialogGraph.select(dialog, DialogGraph.edges(dialog), .init(grouping: .track, only: "a"),
                                       DialogGraph.groups(dialog, .track))
        #expect(a.states == ["a.one", "a.two"])
        #expect(Set(a.stubs) == ["hello", "b.one"])
        do {
            _ = try DialogGraph.render(dialog, format: .dot, options: .init(grouping: .file, only: "tracks/c.dialog"))
            Issue.record("an unknown group must be refused")
        } catch {
            #expect("\(error)".hasPrefix("no file named 'tracks/c.dialog'; did you mean 'tracks/a.dialog'?"))
        }
    }
}
