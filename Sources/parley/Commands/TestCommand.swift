import ArgumentParser
import BuiltinDialogs
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyFiles
import ParleyKit

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay transcripts (*.chat) against their dialogs; report a diff for each failure.",
        discussion: """
            PATHS are transcript files or folders searched for *.chat files. A transcript names its \
            dialog with a 'dialog PATH' line (relative to the transcript); without one, --dialog or \
            the built-in dialog is used. Exits 1 if any transcript fails.
            """
    )

    @Argument(help: "Transcripts, or folders of them (default: Fixtures).")
    var paths: [String] = []

    @Option(help: ArgumentHelp("The dialog for transcripts that do not name one.", valueName: "DIALOG"))
    var dialog: String?

    @Flag(help: "Rewrite failing or missing expectations from this run.")
    var update = false

    @Flag(help: "After the run, list the states, transitions and intents no transcript exercised.")
    var coverage = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output.")
    var noColor = false

    func run() throws {
        let ansi = ANSI(enabled: Console.wantsColor(descriptor: 1, disabled: noColor))
        let files = try transcriptFiles()
        var compiled: [String: CompileResult] = [:]
        var coverages: [(String, Coverage)] = []
        var passed = 0, failed = 0

        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                Console.out("\(ansi.red("FAIL")) \(file)\n  cannot read the file")
                failed += 1
                continue
            }
            let text = TextFile.decode(data)
            let transcript: Transcript
            switch Transcript.parse(text, path: file) {
            case .success(let parsed): transcript = parsed
            case .failure(let error):
                Console.out("\(ansi.red("FAIL")) \(file)\n  \(error)")
                failed += 1
                continue
            }
            let dialogKey = transcript.dialog.map { DialogLoading.builtinName($0) ?? DialogPath.join(DialogPath.directory(of: file), $0) } ?? dialog ?? ""
            if compiled[dialogKey] == nil {
                compiled[dialogKey] = DialogLoading.compile(dialogKey.isEmpty ? nil : dialogKey, warnings: false)
            }
            let result = compiled[dialogKey]!
            guard let compiledDialog = result.dialog else {
                Console.out("\(ansi.red("FAIL")) \(file)\n  its dialog '\(dialogKey.isEmpty ? "built-in" : dialogKey)' has errors:")
                let formatter = DialogLoading.formatter(result, color: false)
                for diagnostic in result.diagnostics where diagnostic.severity == .error {
                    Console.out(formatter.format(diagnostic).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
                }
                failed += 1
                continue
            }
            let outcome = TranscriptReplayer(dialog: compiledDialog).replay(transcript)
            if coverage {
                let index = coverages.firstIndex { $0.0 == dialogKey } ?? {
                    coverages.append((dialogKey, Coverage(dialog: compiledDialog)))
                    return coverages.count - 1
                }()
                for turn in outcome.turns { coverages[index].1.record(turn) }
            }
            if outcome.passed {
                passed += 1
                let turns = transcript.turns.count - 1
                Console.out("\(ansi.green("PASS")) \(file) (\(turns) turn\(turns == 1 ? "" : "s"))")
                if transcript.checksNothing {
                    Console.out(ansi.yellow("  warning: this transcript checks nothing (no 'bot:' lines, options or '?' checks), so it passes whatever the coach says; 'parley test --update \(file)' records what it says now"))
                }
            } else {
                failed += 1
                Console.out("\(ansi.red("FAIL")) \(file)")
                for line in outcome.report {
                    let trimmed = line.trimmed(tabs: true)
                    let colored = trimmed.hasPrefix("- ") ? ansi.red(line) : trimmed.hasPrefix("+ ") ? ansi.green(line) : line
                    Console.out(colored)
                }
            }
            if update, outcome.updatedText != text {
                try AtomicFile.write(outcome.updatedText, to: file, mode: AtomicFile.mode(of: file, fallback: 0o644))
                Console.out("  updated \(file)")
            }
        }

        if coverage {
            for (key, report) in coverages { printCoverage(key.isEmpty ? "the built-in dialog" : key, report, ansi) }
        }
        let summary = "\(passed) passed, \(failed) failed"
        Console.out(failed > 0 ? ansi.red(summary) : ansi.green(summary))
        if failed > 0, !update { throw ExitCode(1) }
    }

    func transcriptFiles() throws -> [String] {
        let roots = paths.isEmpty ? ["Fixtures"] : paths
        var files: [String] = []
        for root in roots {
            guard FileManager.default.fileExists(atPath: root) else {
                throw ValidationError("no such file or folder: \(root)")
            }
            guard DiskDialogFiles.isFolder(root) else {
                files.append(root)
                continue
            }
            let relatives = (try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []
            files += relatives.filter { $0.hasSuffix(".chat") }.map { DialogPath.join(root, $0) }.sorted()
        }
        return files
    }

    func printCoverage(_ name: String, _ coverage: Coverage, _ ansi: ANSI) {
        Console.out("\ncoverage of \(name):")
        for total in coverage.totals { Console.out("  \(total.kind): \(total.covered)/\(total.total)") }
        let unvisited = coverage.unvisited
        if unvisited.isEmpty {
            Console.out("  everything was visited")
            return
        }
        for item in unvisited {
            Console.out("  \(ansi.yellow("unvisited")) \(item.kind) \(item.name)" + (item.location.map { " (\($0))" } ?? ""))
        }
    }
}
