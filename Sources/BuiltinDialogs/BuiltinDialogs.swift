import ParleyKit
import Synchronization

/// The dialogs compiled into the binary from the package's `Dialogs/` folder:
/// compiled at build time (the EmbedDialogs plugin runs the compiler and
/// stores each dialog in the compiled-dialog format), with their source text
/// beside them.
public enum BuiltinDialogs {
    /// Every built-in file, keyed by its path under `Dialogs/` ("sample/main.dialog").
    public static let files = InMemoryDialogFiles(EmbeddedDialogFiles.files)

    /// The folders under `Dialogs/`, each one dialog. Read from the compiled
    /// dialogs, one per folder (parley-embed fails the build when a folder's
    /// dialog does not compile), not from the files' paths: `parley` asks
    /// before its decoding thread starts, and splitting every file's path
    /// (with the first use of the table of all files' text) was 0.5 M
    /// instructions there, on the way to the first reply (callgrind,
    /// docs/performance.md, "Chat start-up", `start8`).
    public static var names: [String] {
        EmbeddedDialogFiles.compiled.keys.sorted()
    }

    /// Whether `name` is one of `names`, without sorting them.
    public static func contains(_ name: String) -> Bool {
        EmbeddedDialogFiles.compiled[name] != nil
    }

    /// The dialog `parley` runs when none is named: the trust coach once it
    /// exists, the sample dialog before.
    public static var defaultName: String {
        contains("trust") ? "trust" : "sample"
    }

    /// The dialog as the build compiled it, read without parsing: what the
    /// front ends that run a dialog use. Its `sources` hold its files' text
    /// (for messages that show a line), its `scripts` nothing. An unknown
    /// name gives no dialog and an error.
    public static func load(_ name: String = defaultName) -> CompileResult {
        if let preloaded = Preloads.shared.take(name) { return preloaded.wait() }
        return decode(name)
    }

    /// The dialog loading on a thread of its own, as `load` would give it:
    /// the preload of `name` if one was started, else a new one. For callers
    /// that have work to do meanwhile (`parley chat`), without a second
    /// thread that would only wait for the first.
    public static func loading(_ name: String = defaultName) -> BackgroundCompilation {
        Preloads.shared.take(name) ?? BackgroundCompilation { decode(name) }
    }

    /// Starts decoding the dialog `name` on a thread of its own; the next
    /// `load(name)` waits for that result instead of decoding. For `parley`'s
    /// start, which guesses the dialog before its arguments are parsed, so
    /// that the two run on two cores (parsing the arguments and decoding the
    /// trust coach took about 13 M and 20 M instructions one after the other;
    /// docs/performance.md, "Chat start-up"). A name that is not a built-in,
    /// or a preload never loaded, costs only the thread's work.
    public static func preload(_ name: String) {
        guard EmbeddedDialogFiles.compiled[name] != nil else { return }
        Preloads.shared.start(name)
    }

    fileprivate static func decode(_ name: String) -> CompileResult {
        guard let text = EmbeddedDialogFiles.compiled[name] else {
            return CompileResult(failure: Diagnostic(.unreadableFile, "there is no built-in dialog '\(name)'", at: nil))
        }
        let prefix = name + "/"
        var sources: [String: String] = [:]
        for (path, text) in EmbeddedDialogFiles.files where path == name || path.hasPrefix(prefix) { sources[path] = text }
        // In place from the literal: the format is UTF-8 text, so no base64
        // to decode and no copy (3.5 M instructions and two buffers of the
        // trust coach's size, about 240 page faults; docs/performance.md).
        return text.withUTF8Buffer { CompileResult(serialised: $0, sources: sources, name: name) }
    }

    /// The dialog compiled from its source text, with every diagnostic
    /// (`warnings: true`) and the parsed files: for `lint`, the language
    /// server and tests.
    public static func compile(_ name: String = defaultName, warnings: Bool = true) -> CompileResult {
        DialogCompiler.compile(path: name, source: files, warnings: warnings)
    }
}

/// The dialogs `BuiltinDialogs.preload` started, until `load` takes them.
private final class Preloads: @unchecked Sendable {
    static let shared = Preloads()
    private let running = Mutex<[String: BackgroundCompilation]>([:])

    func start(_ name: String) {
        running.withLock { running in
            guard running[name] == nil else { return }
            running[name] = BackgroundCompilation { BuiltinDialogs.decode(name) }
        }
    }

    func take(_ name: String) -> BackgroundCompilation? {
        running.withLock { $0.removeValue(forKey: name) }
    }
}
