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
        #expect(dot.stdout.contains("\"welcome\" -> \"goal.size\" [label=\"Set a reading goal\"];"))
        #expect(dot.stdout.contains("\"(any state)\" -> \"safety.pause\" [label=\"danger\"];"))
        let mermaid = try ParleyProcess.run(["graph", "--format", "mermaid", "Dialogs/sample"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR\n"))
        #expect(mermaid.stdout.contains("-->|\"Set a reading goal\"|"))
    }
}
