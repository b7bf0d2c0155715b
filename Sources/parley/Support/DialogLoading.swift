import ArgumentParser
import BuiltinDialogs
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyKit

/// The `DIALOG` argument shared by the commands that run one dialog.
struct DialogArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("A .dialog file or a folder of them (default: the built-in dialog).", valueName: "DIALOG"))
    var path: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR is honoured too).")
    var noColor = false

    /// Compiles the dialog, printing its diagnostics to stderr; exits 1 on errors.
    func load() throws -> CompiledDialog {
        let result = DialogLoading.compile(path, warnings: false)
        DialogLoading.printDiagnostics(result, warnings: false, noColor: noColor)
        guard let dialog = result.dialog else { throw ExitCode(1) }
        return dialog
    }
}

enum DialogLoading {
    /// A path on disk, or the built-in dialog when nil.
    /// `warnings: false` for front ends that run a dialog: they only show errors.
    ///
    /// Every command reads DIALOG this one way: a `.dialog` file; a folder
    /// with `.dialog` files in it (one dialog); the name of a built-in dialog
    /// (`trust`, `sample`, `eliza`) when nothing on disk has that name. A
    /// folder of dialog folders, such as `Dialogs/`, holds several dialogs:
    /// `lint` checks each (it calls `discover` first); the others name them
    /// and ask for one.
    ///
    /// A built-in dialog is loaded as the build compiled it (no parsing) when
    /// only errors are wanted, and compiled from its text when warnings are
    /// (`lint`): the build has already refused one with errors.
    static func compile(_ path: String?, warnings: Bool = true) -> CompileResult {
        let builtin: String
        if let path {
            guard let name = builtinName(path) else { return fromDisk(path, warnings: warnings) }
            builtin = name
        } else {
            builtin = BuiltinDialogs.defaultName
        }
        return warnings ? BuiltinDialogs.compile(builtin, warnings: true) : BuiltinDialogs.load(builtin)
    }

    /// `compile(path, warnings: false)` on a thread of its own, for a caller
    /// with other work meanwhile: a built-in dialog's decoding already
    /// started at start-up (`BuiltinDialogs.preload`) is taken over, not
    /// waited for from another thread.
    static func loading(_ path: String?) -> BackgroundCompilation {
        guard let path else { return BuiltinDialogs.loading() }
        if let name = builtinName(path) { return BuiltinDialogs.loading(name) }
        return BackgroundCompilation { fromDisk(path, warnings: false) }
    }

    private static func fromDisk(_ path: String, warnings: Bool) -> CompileResult {
        let found = discover(path)
        if found.count > 1 {
            return CompileResult(failure: Diagnostic(.unreadableFile,
                "'\(path)' holds \(found.count) dialogs (\(found.joined(separator: ", "))); name one of them, for example '\(found[0])'",
                at: nil))
        }
        return DialogCompiler.compile(path: path, source: DiskDialogFiles(), warnings: warnings)
    }

    /// The built-in dialog `path` names: a bare name such as `sample`, when
    /// nothing on disk is called that.
    static func builtinName(_ path: String) -> String? {
        guard !path.contains("/"), BuiltinDialogs.contains(path), !FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }

    static func formatter(_ result: CompileResult, color: Bool) -> DiagnosticFormatter {
        let ansi = ANSI(enabled: color)
        var style = DiagnosticFormatter.Style()
        style.error = { ansi.red($0) }
        style.warning = { ansi.yellow($0) }
        style.note = { ansi.cyan($0) }
        style.emphasis = { ansi.bold($0) }
        style.caret = { ansi.green($0) }
        return DiagnosticFormatter(sources: result.sources, style: style)
    }

    static func printDiagnostics(_ result: CompileResult, warnings: Bool, noColor: Bool) {
        let shown = result.diagnostics.filter { warnings || $0.severity == .error }
        // A formatter indexes every line of every source (7 M instructions for
        // the trust coach): only worth it when there is something to show.
        guard !shown.isEmpty else { return }
        let formatter = formatter(result, color: Console.wantsColor(descriptor: 2, disabled: noColor))
        for diagnostic in shown { Console.error(formatter.format(diagnostic)) }
    }

    /// The dialogs under a path: a file; a folder with .dialog files directly
    /// in it (one dialog); or a folder of such folders (one dialog each).
    static func discover(_ path: String) -> [String] {
        guard DiskDialogFiles.isFolder(path) else { return [path] }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        if entries.contains(where: { $0.hasSuffix(".dialog") }) || entries.isEmpty { return [path] }
        let folders = entries.map { DialogPath.join(path, $0) }.filter(DiskDialogFiles.isFolder)
        let found = folders.flatMap { discover($0) }.filter { folder in
            DiskDialogFiles().dialogFiles(under: folder)?.isEmpty == false || folder.hasSuffix(".dialog")
        }
        return found.isEmpty ? [path] : found
    }
}
