import ArgumentParser
import ParleyKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check dialogs and report errors and warnings, compiler-style.",
        discussion: """
            Each DIALOG is a .dialog file, a folder of them, or a folder of dialog folders (such as \
            Dialogs/), which lints every dialog in it. Exits 1 if there is any error.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("Dialogs to check (default: the built-in dialog).", valueName: "DIALOG"))
    var paths: [String] = []

    @Option(help: "Output format: text (for people) or json (for tools).")
    var format: Format = .text

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    func run() throws {
        let targets: [String?] = paths.isEmpty ? [nil] : paths.flatMap(DialogLoading.discover)
        var errors = 0
        var warnings = 0
        var all: [Diagnostic] = []
        for target in targets {
            let result = DialogLoading.compile(target)
            // Every problem found, also those beyond the ones shown per file.
            errors += result.errorCount
            warnings += result.warningCount
            switch format {
            case .json:
                all += result.diagnostics
            case .text:
                let formatter = DialogLoading.formatter(result, color: Console.wantsColor(descriptor: 1, disabled: noColor))
                for diagnostic in result.diagnostics { Console.out(formatter.format(diagnostic)) }
            }
        }
        switch format {
        case .json:
            Console.out(DiagnosticFormatter.json(all))
        case .text:
            let checked = targets.count == 1 ? (targets[0] ?? "the built-in dialog") : "\(targets.count) dialogs"
            Console.out("\(checked): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}
