/// What Tab offers: slash commands for a line that starts with "/", else the
/// keys and labels of the options on show. Matching ignores case; the line
/// typed so far is the word being completed (labels have spaces).
struct Completer {
    var commands: [String] = Completer.commandNames
    /// Made once: the piped chat makes an empty completer for every line
    /// (issue 12: mapping the commands' names each time was 480 instructions a line).
    static let commandNames = SlashCommand.all.map(\.name)
    /// Keys first, then labels, in the order shown.
    var optionKeys: [String] = []
    var optionLabels: [String] = []

    func candidates(for typed: String) -> [String] {
        let prefix = typed.lowercased()
        if typed.hasPrefix("/") {
            return commands.filter { $0.lowercased().hasPrefix(prefix) }
        }
        // On an empty line Tab shows the options' labels; keys alone say little.
        let keys = typed.isEmpty ? [] : optionKeys.filter { $0.lowercased().hasPrefix(prefix) }
        let labels = optionLabels.filter { $0.lowercased().hasPrefix(prefix) }
        var seen = Set<String>()
        return (keys + labels).filter { seen.insert($0).inserted }
    }
}
