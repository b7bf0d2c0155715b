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

    /// `names` comes from the compiled dialogs, the guess from `contains`:
    /// both must give the folders of the built-in files.
    @Test func theBuiltinNamesAreTheFoldersOfTheFiles() {
        let folders = Set(BuiltinDialogs.files.files.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
        #expect(!folders.isEmpty)
        #expect(BuiltinDialogs.names == folders.sorted())
        for name in folders { #expect(BuiltinDialogs.contains(name)) }
        #expect(!BuiltinDialogs.contains("nonesuch"))
        #expect(!BuiltinDialogs.contains("sample/main.dialog"))
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

    /// A bridge keeps glibc's arena per thread (its lanes allocate at once);
    /// every other start that preloads uses one arena.
    @Test func onlyABridgeKeepsAnArenaPerThread() {
        let split = { (text: String) in text.split(separator: " ").map(String.init) }
        #expect(StartupPreload.isBridge(split("bridge")))
        #expect(StartupPreload.isBridge(split("bridge sample --log-level info")))
        #expect(!StartupPreload.isBridge(split("")))
        #expect(!StartupPreload.isBridge(split("chat")))
        #expect(!StartupPreload.isBridge(split("sample")))
        #expect(!StartupPreload.isBridge(split("chat bridge")))
    }
}
