import Foundation
import Testing

/// Every command reads DIALOG the same way (DialogLoading.compile).
@Suite struct DialogArgumentTests {
    /// A folder of dialogs is several dialogs: lint checks each; the commands
    /// that run one name them and ask, instead of merging them into one.
    @Test(arguments: [["graph"], ["chat"], ["bridge"]])
    func aFolderOfDialogsIsNamedNotMerged(command: [String]) throws {
        let result = try ParleyProcess.run(command + ["Dialogs"], input: "")
        #expect(result.status == 1)
        #expect(!result.stderr.contains("given twice") && !result.stderr.contains("defined twice"), "\(result.stderr)")
        #expect(result.stderr.contains("'Dialogs' holds 3 dialogs (Dialogs/eliza, Dialogs/sample, Dialogs/trust); name one of them"),
                "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func builtInDialogsRunByName() throws {
        let chat = try ParleyProcess.run(["chat", "sample", "--seed", "1"], input: "")
        #expect(chat.status == 0, "\(chat.stderr)")
        #expect(chat.stdout.contains("I'm a small reading coach"))
        let graph = try ParleyProcess.run(["graph", "eliza"])
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(graph.stdout.hasPrefix("digraph"))
    }

    @Test(arguments: [["chat"], ["graph"], ["bridge"], ["lint"]])
    func aMissingDialogIsOneError(command: [String]) throws {
        let result = try ParleyProcess.run(command + ["nosuch.dialog"], input: "")
        #expect(result.status == 1)
        let errors = (result.stderr + result.stdout).split(separator: "\n").filter { $0.contains("error[") }
        #expect(errors == ["error[P001]: cannot read 'nosuch.dialog': no such file or folder"], "\(result.stderr)\(result.stdout)")
    }
}
