import BuiltinDialogs
import Testing
@testable import parley

/// The dialog `parley` starts decoding before its arguments are parsed: the
/// one the command will run, or none when the arguments leave it in doubt.
@Suite struct StartupPreloadTests {
    private func guess(_ arguments: String) -> String? {
        StartupPreload.dialog(for: arguments.split(separator: " ").map(String.init))
    }

    @Test func theDialogAChatOrABridgeRuns() {
        #expect(guess("") == BuiltinDialogs.defaultName)
        #expect(guess("chat") == BuiltinDialogs.defaultName)
        #expect(guess("chat --incognito") == BuiltinDialogs.defaultName)
        #expect(guess("sample") == "sample")
        #expect(guess("chat sample --no-color") == "sample")
        #expect(guess("bridge eliza") == "eliza")
    }

    @Test func noGuessWhenInDoubtOrForOtherCommands() {
        #expect(guess("--version") == nil)
        #expect(guess("chat --help") == nil)
        #expect(guess("chat --seed 7 sample") == nil)  // "7" might be DIALOG for all it knows
        #expect(guess("chat Dialogs/sample") == nil)
        #expect(guess("lint sample") == nil)
        #expect(guess("test Fixtures") == nil)
        #expect(guess("graph sample") == nil)
        #expect(guess("help") == nil)
    }
}
