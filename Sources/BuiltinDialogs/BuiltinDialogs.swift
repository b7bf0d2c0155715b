import ParleyKit

/// The dialogs compiled into the binary from the package's `Dialogs/` folder.
public enum BuiltinDialogs {
    /// Every built-in file, keyed by its path under `Dialogs/` ("sample/main.dialog").
    public static let files = InMemoryDialogFiles(EmbeddedDialogFiles.files)

    /// The folders under `Dialogs/`, each one dialog.
    public static var names: [String] {
        Array(Set(EmbeddedDialogFiles.files.keys.compactMap { $0.split(separator: "/").first.map(String.init) })).sorted()
    }

    /// The dialog `parley` runs when none is named: the trust coach once it
    /// exists, the sample dialog before.
    public static var defaultName: String {
        names.contains("trust") ? "trust" : "sample"
    }

    public static func compile(_ name: String = defaultName, warnings: Bool = true) -> CompileResult {
        DialogCompiler.compile(path: name, source: files, warnings: warnings)
    }
}
