import Foundation
import Testing

@Suite struct LintCommandTests {
    @Test func dialogsFolderLintsClean() throws {
        let result = try ParleyProcess.run(["lint", "Dialogs"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
    }
}

@Suite struct LintOutputTests {
    @Test func errorsExitOneWithCompilerStyleOutput() throws {
        let result = try ParleyProcess.run(["lint", "Fixtures/bad/P010-unknown-state.dialog"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix(
            "Fixtures/bad/P010-unknown-state.dialog:6:17: error[P010]: unknown state 'betrayer.apologise'; did you mean 'betrayer.apologize'?\n"))
        #expect(result.stdout.hasSuffix("Fixtures/bad/P010-unknown-state.dialog: 1 error, 1 warning\n"))
    }

    @Test func theSummaryCountsTheProblemsNotShownToo() throws {
        let result = try ParleyProcess.run(["lint", "Fixtures/bad/P190-not-shown.dialog"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("warning[P190]: 3 more not shown in 'Fixtures/bad/P190-not-shown.dialog' (3 errors)"))
        #expect(result.stdout.hasSuffix("Fixtures/bad/P190-not-shown.dialog: 103 errors, 0 warnings\n"))
    }

    @Test func warningsAloneExitZero() throws {
        let result = try ParleyProcess.run(["lint", "Fixtures/bad/P101-unreachable.dialog"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("warning[P101]"))
    }

    @Test func jsonForTools() throws {
        let result = try ParleyProcess.run(["lint", "--format", "json", "Fixtures/bad/P011-unknown-intent.dialog"])
        #expect(result.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["code"] as? String == "P011")
        let location = try #require(items[0]["location"] as? [String: Any])
        #expect(location["line"] as? Int == 9)
        #expect(location["column"] as? Int == 6)
    }

    @Test func colourOnlyWhenAsked() throws {
        let plain = try ParleyProcess.run(["lint", "Fixtures/bad/P011-unknown-intent.dialog"])
        #expect(!plain.stdout.contains("\u{1B}["))
    }

    @Test func missingPathIsAClearError() throws {
        let result = try ParleyProcess.run(["lint", "no/such/dialog.dialog"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("cannot read 'no/such/dialog.dialog'"))
    }
}

@Suite struct GraphCommandTests {
    @Test func dotAndMermaid() throws {
        let dot = try ParleyProcess.run(["graph", "Dialogs/sample"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph \"Reading coach\" {"))
        // The welcome menu's four options are listed in its box, each edge leaving from its line.
        #expect(dot.stdout.contains("1. Set a reading goal</font>"))
        #expect(dot.stdout.contains("\"welcome\":o0:e -> \"goal.size\" [label=\"on goal, not-sure\""))
        #expect(dot.stdout.contains("\"(any state)\" -> \"safety.pause\" [label=\"on danger\""))
        let mermaid = try ParleyProcess.run(["graph", "--format", "mermaid", "Dialogs/sample"])
        #expect(mermaid.stdout.hasPrefix("---\ntitle: \"Reading coach\"\n---\nflowchart LR\n"))
        #expect(mermaid.stdout.contains("-->|\"Set a reading goal\"|"))
    }

    @Test func neighbourhoodAndGroupOptions() throws {
        let around = try ParleyProcess.run(["graph", "Dialogs/sample", "--state", "goal.set", "--depth", "1"])
        #expect(around.status == 0)
        #expect(around.stdout.contains("rankdir=TB;"))
        #expect(!around.stdout.contains("\"talk.more\";"))
        let unknown = try ParleyProcess.run(["graph", "Dialogs/sample", "--state", "goal.sett"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown state 'goal.sett'; did you mean 'goal.set'?"))
        let depthAlone = try ParleyProcess.run(["graph", "Dialogs/sample", "--depth", "3"])
        #expect(depthAlone.status != 0)
        #expect(depthAlone.stderr.contains("--depth needs --state NAME"))
        #expect(depthAlone.stdout.isEmpty)
        let track = try ParleyProcess.run(["graph", "Dialogs/sample", "--group", "track", "--only", "talk", "--format", "mermaid"])
        #expect(track.status == 0)
        #expect(track.stdout.contains("subgraph g0 [\"talk\"]"))
    }

    @Test func aNegativeDepthIsRefusedSayingWhy() throws {
        // '-1' was taken for an option: "Missing value for '--depth <depth>'".
        let negative = try ParleyProcess.run(["graph", "Dialogs/sample", "--state", "goal.set", "--depth", "-1"])
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("--depth must be 0 or more, not -1"), "\(negative.stderr)")
        #expect(negative.stdout.isEmpty)
        let words = try ParleyProcess.run(["graph", "Dialogs/sample", "--state", "goal.set", "--depth", "two"])
        #expect(words.status != 0)
        #expect(words.stderr.contains("--depth must be a whole number, 0 or more, not 'two'"), "\(words.stderr)")
    }

    @Test func withoutGraphvizNoOutputFileIsMade() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-graph-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("dialog.svg").path
        let missing = try ParleyProcess.run(["graph", "Dialogs/sample", "--format", "svg", "--output", file],
                                            environment: ["PATH": "/nonexistent"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Graphviz's 'dot' was not found on the PATH"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))
        // Checked before the dialog is read: a missing dialog is not what it reports.
        let both = try ParleyProcess.run(["graph", "no/such/dialog", "--format", "png", "-o", file], environment: ["PATH": "/nonexistent"])
        #expect(both.status == 1)
        #expect(both.stderr.contains("Graphviz's 'dot' was not found"), "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file))
        // A DOT text needs no Graphviz, and --output writes it.
        let dot = try ParleyProcess.run(["graph", "Dialogs/sample", "--output", file], environment: ["PATH": "/nonexistent"])
        #expect(dot.status == 0, "\(dot.stderr)")
        #expect(dot.stdout.isEmpty)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("digraph \"Reading coach\""))
    }

    @Test func svgThroughGraphvizOrAClearMessageWithoutIt() throws {
        // Without Graphviz on the PATH: a message that says what to install.
        let missing = try ParleyProcess.run(["graph", "Dialogs/sample", "--format", "svg"], environment: ["PATH": "/nonexistent"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Graphviz's 'dot' was not found on the PATH; install Graphviz"))
        #expect(missing.stdout.isEmpty)
        // With it (CI installs it): an SVG drawing of the dialog.
        let hasDot = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/dot") }
        if hasDot {
            let svg = try ParleyProcess.run(["graph", "Dialogs/sample", "--format", "svg"])
            #expect(svg.status == 0)
            #expect(svg.stdout.contains("<svg"))
            #expect(svg.stdout.contains("goal.size"))
        }
    }
}
