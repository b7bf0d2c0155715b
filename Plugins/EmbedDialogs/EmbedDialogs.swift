import Foundation
import PackagePlugin

/// Compiles the package's `Dialogs/` folder into the binary as Swift source,
/// so `parley` runs its built-in dialogs from any directory, installed or not.
@main
struct EmbedDialogs: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let dialogs = context.package.directoryURL.appending(path: "Dialogs")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDialogFiles.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: dialogs, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "dialog" { inputs.append(url) }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) dialog files",
                executable: try context.tool(named: "parley-embed").url,
                arguments: [dialogs.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
