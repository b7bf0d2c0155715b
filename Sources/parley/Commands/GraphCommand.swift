import ArgumentParser
import ParleyKit

extension DialogGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dialog's state machine as Graphviz DOT or Mermaid.",
        discussion: "Render with, for example: parley graph | dot -Tsvg > dialog.svg"
    )

    @OptionGroup var dialog: DialogArgument

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: DialogGraph.Format = .dot

    func run() throws {
        print(DialogGraph.render(try dialog.load(), format: format), terminator: "")
    }
}
