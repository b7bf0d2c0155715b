import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyFiles
import ParleyKit

extension DialogGraph.Grouping: ExpressibleByArgument {}
extension DialogGraph.Direction: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the dialog's state machine: Graphviz DOT, Mermaid, or SVG/PNG through Graphviz.",
        discussion: """
            States are grouped by file (or by track, the first part of their names); transitions are \
            labelled with the option, intent or condition that causes them, and a legend says which \
            line is which. For a large dialog, draw one group at a time (--only tracks/betrayed.dialog, \
            or --group track --only betrayed) or the neighbourhood of one state (--state NAME --depth 2). \
            svg and png need Graphviz's 'dot' on the PATH (Debian: apt-get install graphviz); \
            the image goes to stdout, or with --output FILE to a file written only once the drawing \
            succeeded (the shell makes the file of '> FILE' before parley runs, so a failed \
            '> FILE' leaves it empty). A track's page is drawn to fit a printed page: see \
            docs/editors.md, "Seeing the dialog".
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid, svg, png
    }

    @OptionGroup var dialog: DialogArgument

    @Option(help: "dot (Graphviz), mermaid, or svg/png (drawn by Graphviz's dot).")
    var format: OutputFormat = .dot

    @Option(help: "Group states by file, by track (the first part of the name), or none.")
    var group: DialogGraph.Grouping = .file

    @Option(help: ArgumentHelp("Draw only this group: a file (as the clusters name it) or a track.", valueName: "GROUP"))
    var only: String?

    @Option(help: ArgumentHelp("Draw only the states around this one.", valueName: "NAME"))
    var state: String?

    // Unconditional: '--depth -1' reaches validate() and its message, instead of
    // ArgumentParser taking '-1' for an option and saying only "Missing value".
    @Option(parsing: .unconditional, help: "With --state: how many transitions away, either way, 0 or more (default: 1).",
            transform: { text in
                guard let depth = Int(text) else {
                    throw ValidationError("--depth must be a whole number, 0 or more, not '\(text)'")
                }
                return depth
            })
    var depth: Int?

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout, only once the whole drawing succeeded.",
                                                      valueName: "FILE"))
    var output: String?

    @Option(help: "LR (left to right) or TB (top to bottom); default: by the page's shape for --only or --state, LR otherwise.")
    var direction: DialogGraph.Direction?

    @Flag(name: .customLong("no-legend"), help: "Leave the legend out.")
    var noLegend = false

    func validate() throws {
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more, not \(depth): it counts transitions from --state") }
        // A --depth without --state used to be ignored without a word: the writer got the whole graph.
        if depth != nil && state == nil { throw ValidationError("--depth needs --state NAME: the neighbourhood of which state?") }
        if only != nil && group == .none { throw ValidationError("--only needs --group file or --group track") }
    }

    func run() throws {
        // Before anything is read or drawn: no Graphviz is a clear message and
        // exit 1, and --output is never created.
        if format == .svg || format == .png, Graphviz.executable() == nil { throw Graphviz.Missing() }
        if format == .png && output == nil && Console.isTerminal(1) {
            throw Graphviz.Failed(message: "a PNG is binary and stdout is a terminal; write it to a file: parley graph --format png --output dialog.png")
        }
        let compiled = try dialog.load()
        let options = DialogGraph.Options(grouping: group, focus: state, depth: depth ?? 1, only: only, legend: !noLegend,
                                          direction: direction)
        // An unknown --state or --only is a GraphError: its message is printed, exit 1.
        let text = try DialogGraph.render(compiled, format: format == .mermaid ? .mermaid : .dot, options: options)
        let bytes: [UInt8]
        switch format {
        case .dot, .mermaid: bytes = Array(text.utf8)
        case .svg, .png: bytes = try Graphviz.render(text, format: format.rawValue)
        }
        if let output {
            try AtomicFile.write(bytes, to: output, mode: AtomicFile.mode(of: output, fallback: 0o644))
        } else {
            _ = Console.write(bytes, to: 1)
        }
    }
}

/// Runs Graphviz's `dot` to draw DOT text as an image.
enum Graphviz {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "Graphviz's 'dot' was not found on the PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz, "
                + "macOS: brew install graphviz), or use --format dot and draw it elsewhere"
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func render(_ dot: String, format: String) throws -> [UInt8] {
        guard let executable = executable() else { throw Missing() }
        let run: ChildProcess
        do {
            run = try ChildProcess.run(executable, ["-T\(format)"], input: Array(dot.utf8))
        } catch {
            throw Failed(message: "Graphviz's 'dot' could not be run: \(error)")
        }
        guard run.status == 0 else {
            let problems = String(decoding: run.errors, as: UTF8.self).drop(while: \.isWhitespace)
            let end = problems.lastIndex { !$0.isWhitespace } ?? problems.startIndex
            throw Failed(message: "Graphviz's 'dot' failed: " + problems[..<(problems.isEmpty ? end : problems.index(after: end))])
        }
        return run.output
    }
}
