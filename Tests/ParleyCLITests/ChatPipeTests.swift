import Foundation
import Testing
import ParleyKit

/// `parley chat` with piped input and output: plain text, turn after turn.
/// Most tests talk to the sample dialog (named by its path, so its files are
/// `sample-HASH.*`), whose opening with --seed 1 is `opening`.
@Suite struct ChatPipeTests {
    static let sample = ParleyProcess.packageRoot.appendingPathComponent("Dialogs/sample").path
    let chat = ["chat", ChatPipeTests.sample, "--seed", "1"]

    /// A fresh HOME and XDG_STATE_HOME, so nothing a test does touches the user's files.
    final class Sandbox {
        let folder: URL
        var state: URL { folder.appendingPathComponent("state") }
        var environment: [String: String] {
            ["HOME": folder.appendingPathComponent("home").path, "XDG_STATE_HOME": state.path]
        }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-pipe-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("home"), withIntermediateDirectories: true)
        }

        deinit {
            try? FileManager.default.removeItem(at: folder)
        }

        func run(_ arguments: [String], _ input: String) throws -> ParleyProcess.Output {
            try ParleyProcess.run(arguments, input: input, environment: environment)
        }

        /// The one file in the state folder whose name ends with `suffix`.
        func stateFile(_ suffix: String) -> URL? {
            let folder = state.appendingPathComponent("parley")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.first { $0.hasSuffix(suffix) }.map { folder.appendingPathComponent($0) }
        }

        func storedFiles() -> [String] {
            var found: [String] = []
            let walker = FileManager.default.enumerator(atPath: folder.path)
            while let item = walker?.nextObject() as? String {
                if item != "home" { found.append(item) }
            }
            return found.sorted()
        }
    }

    static let opening = """
        Hi there! I'm a small reading coach, a computer program.
        I can help you set a reading goal, or we can talk about how reading makes you feel.
        What would you like to do?
          1. Set a reading goal
          2. Talk about reading
          3. Hear a quote about reading

        """

    @Test func helloThenOneGivesCleanTurnsAndExitsZero() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(chat, "hello\n1\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == Self.opening + """

            I'm not sure I understood. Could you say it differently?
            What would you like to do?
              1. Set a reading goal
              2. Talk about reading
              3. Hear a quote about reading

            A small goal is easier to keep than a big one.
            “Ten pages a day is a book a month. Small steps, taken every day, go a long way.” — A reading teacher
            How many pages a day feels right?
              1. Five pages
              2. Twenty pages

            """)
        // Piped lines are never kept.
        #expect(sandbox.storedFiles().isEmpty)
    }

    @Test func plainParleyChatsWithTheBuiltInCoach() throws {
        let sandbox = try Sandbox()
        let plain = try sandbox.run(["--seed", "3"], "hello\n2\n")
        let chat = try sandbox.run(["chat", "--seed", "3"], "hello\n2\n")
        #expect(plain.status == 0)
        #expect(plain.stdout.split(separator: "\n\n").count == 3, "three turns: \(plain.stdout)")
        #expect(plain.stdout == chat.stdout)
    }

    @Test func aCRLFLineAndALastLineWithoutNewlineCount() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(chat, "talk about reading\r\nI feel lost")
        #expect(result.status == 0)
        #expect(result.stdout == Self.opening + """

            Let's talk. Tell me how you feel about reading, for example "I feel guilty that I stopped".
            How do you feel about reading these days?

            Why do you feel lost?
            Would you like to set a small goal?

            """)
    }

    @Test func emptyInputShowsTheOpeningOnly() throws {
        let result = try Sandbox().run(chat, "")
        #expect(result.status == 0)
        #expect(result.stdout == Self.opening)
    }

    @Test func slashCommandsNeverReachTheCoach() throws {
        let result = try Sandbox().run(chat, "/nope\n/why\n2\n/why\n/back\n/quit\n3\n")
        #expect(result.status == 0)
        #expect(result.stdout == Self.opening + """

            Unknown command '/nope': /help lists the commands (//text sends a line starting with "/" to the coach).

            Nothing to explain yet: /why tells why the coach answered your last line as it did.

            Let's talk. Tell me how you feel about reading, for example "I feel guilty that I stopped".
            How do you feel about reading these days?

            You typed the number of option 2 ("Talk about reading"), so the coach took that option.

            Took back your last line.


            """ + Self.opening)
    }

    @Test func whySpeaksPlainlyOfTheWordsOnScreen() throws {
        let result = try Sandbox().run(chat, "I feel tired\n/why\nzzz qqq\n/why\n")
        #expect(result.status == 0)
        #expect(result.stdout.contains("""

            The coach recognised "I feel" in your line.
            The coach answered what it recognised.

            """), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("""

            I didn't recognise that, so I asked again.

            """), "\(result.stdout)")
    }

    @Test func theConversationEndingEndsTheChat() throws {
        let result = try Sandbox().run(chat, "goodbye\nnever read\n")
        #expect(result.status == 0)
        #expect(result.stdout == Self.opening + "\nHappy reading. Goodbye!\n")
    }

    @Test func anyBytesAreSurvived() throws {
        // Invalid UTF-8, NUL, escape sequences, C1 controls, a carriage return mid-line.
        var input = Data("I feel \u{1B}[31mred\u{1B}[0m\n".utf8)
        input += Data([0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A, 0xE2, 0x82, 0x0A, 0xC2, 0x9B, 0x33, 0x31, 0x6D, 0x0D, 0x41, 0x0A])
        var generator = SplitMix64(state: 42)
        input += Data((0..<20_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let result = try ParleyProcess.run(chat, input: input, environment: try Sandbox().environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Why do you feel 31mred[0m?"))
        let controls = result.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) }
        #expect(controls.isEmpty, "control characters reached the output: \(controls.map(\.value))")
    }

    @Test func anEndlessLineIsCutNotHeldInMemory() throws {
        let long = String(repeating: "word ", count: 400_000) + "\n2\n"
        let result = try Sandbox().run(chat, long)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("How do you feel about reading these days?\n"))
    }

    @Test func saveThenResumeContinuesWhereItStopped() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.run(chat, "1\n/save\n")
        #expect(first.status == 0)
        let saved = try #require(sandbox.stateFile(".session.json"))
        #expect(saved.lastPathComponent.hasPrefix("sample-"))
        #expect(first.stdout.contains("Saved to \(saved.path).\nGo on later with: parley chat \(Self.sample) --resume"))
        #expect(try permissions(saved) == 0o600)
        #expect(try permissions(saved.deletingLastPathComponent()) == 0o700)

        let second = try sandbox.run(["chat", Self.sample, "--resume"], "twenty pages\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == """
            Continuing the conversation saved in \(saved.path).

            How many pages a day feels right?
              1. Five pages
              2. Twenty pages

            20 pages a day is ambitious. Good for you!
            Do you want a few tips to keep it up?

            """)
    }

    @Test func resumeWithNothingSavedStartsAfresh() throws {
        let result = try Sandbox().run(chat + ["--resume"], "")
        #expect(result.status == 0)
        #expect(result.stderr == "parley: no saved conversation for this dialog; starting a new one.\n")
        #expect(result.stdout == Self.opening)
    }

    /// The library's check (`Engine.fit`), as for the bridge's stored sessions:
    /// an edit elsewhere is survived; the state the session was in, gone, is refused.
    @Test func resumeGoesOnAfterAnEditAndRefusesWhenItsStateIsGone() throws {
        let sandbox = try Sandbox()
        let dialog = try Self.copyOfSampleDialog(in: sandbox, as: "coach")
        #expect(try sandbox.run(["chat", dialog.path, "--seed", "1"], "1\n/save\n").status == 0)
        let main = dialog.appendingPathComponent("main.dialog")
        try (String(contentsOf: main, encoding: .utf8) + "\n# edited\n").write(to: main, atomically: true, encoding: .utf8)
        let edited = try sandbox.run(["chat", dialog.path, "--resume"], "")
        #expect(edited.status == 0, "\(edited.stderr)")
        #expect(edited.stdout.contains("How many pages a day feels right?"))
        #expect(edited.stdout.contains("2. Twenty pages"))

        // The state the conversation was in is renamed: it cannot go on.
        for file in ["main.dialog", "words.dialog"] {
            let url = dialog.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "goal.size", with: "goal.pages")
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let gone = try sandbox.run(["chat", dialog.path, "--resume"], "")
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("the state it was in no longer exists"), "\(gone.stderr)")
        #expect(gone.stdout.isEmpty)
    }

    @Test func aCorruptSavedConversationIsAClearError() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.state.appendingPathComponent("parley")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The built-in dialog's key is its name.
        for name in ["sample", "trust"] {
            try Data([0x7B, 0xFF, 0x00]).write(to: folder.appendingPathComponent("\(name).session.json"))
        }
        let result = try sandbox.run(["chat", "--resume"], "")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("parley: cannot read the saved conversation"))
        #expect(result.stderr.contains("Start without --resume, or delete it with /forget."))
    }

    @Test func forgetDeletesTheSavedConversationAfterYes() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.run(chat, "1\n/save\n").status == 0)
        let no = try sandbox.run(chat, "/forget\nno\n")
        #expect(no.stdout.hasSuffix("Delete this dialog's saved conversation? Type yes or no.\n\nNothing was deleted.\n"))
        let path = try #require(sandbox.stateFile(".session.json")).path
        #expect(sandbox.storedFiles() == ["state", "state/parley", "state/parley/" + (path as NSString).lastPathComponent])
        let yes = try sandbox.run(chat, "/forget\nyes\n/forget\n")
        #expect(yes.stdout.hasSuffix("""
            Deleted the saved conversation \(path).

            Nothing to forget: this dialog has no history and no saved conversation.

            """), "\(yes.stdout)")
        #expect(sandbox.storedFiles() == ["state", "state/parley"])
    }

    @Test func incognitoSavesNothing() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(chat + ["--incognito"], "1\n/save\n")
        #expect(result.stdout.hasSuffix("Incognito: nothing is saved. Start without --incognito to use /save.\n"))
        #expect(sandbox.storedFiles().isEmpty)
    }

    @Test func recordAndResumeDoNotMix() throws {
        let result = try Sandbox().run(["chat", "--resume", "--record", "x.chat"], "")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--record cannot be combined with --resume"))
    }

    /// The sample dialog copied into the sandbox, to be edited or named by path.
    static func copyOfSampleDialog(in sandbox: Sandbox, as name: String) throws -> URL {
        let dialog = sandbox.folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dialog.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ParleyProcess.packageRoot.appendingPathComponent("Dialogs/sample"), to: dialog)
        return dialog
    }

    func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

