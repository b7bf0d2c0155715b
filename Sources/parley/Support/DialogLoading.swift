import ArgumentParser
import BuiltinDialogs
import Foundation
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
    static func compile(_ path: String?, warnings: Bool = true) -> CompileResult {
        guard let path else { return BuiltinDialogs.compile(warnings: warnings) }
        return DialogCompiler.compile(path: path, source: DiskDialogFiles(), warnings: warnings)
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
        let formatter = formatter(result, color: Console.wantsColor(descriptor: 2, disabled: noColor))
        for diagnostic in result.diagnostics where warnings || diagnostic.severity == .error {
            Console.error(formatter.format(diagnostic))
        }
    }

    /// The dialogs under a path: a file; a folder with .dialog files directly
    /// in it (one dialog); or a folder of such folders (one dialog each).
    static func discover(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        if entries.contains(where: { $0.hasSuffix(".dialog") }) || entries.isEmpty { return [path] }
        let folders = entries.map { DialogPath.join(path, $0) }.filter { entry in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: entry, isDirectory: &isFolder) && isFolder.boolValue
        }
        let found = folders.flatMap { discover($0) }.filter { folder in
            DiskDialogFiles().dialogFiles(under: folder)?.isEmpty == false || folder.hasSuffix(".dialog")
        }
        return found.isEmpty ? [path] : found
    }
}
