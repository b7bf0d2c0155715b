/// What reading a line gave.
enum LineEvent: Equatable {
    case line(String)
    /// Ctrl-C on an empty line: leave.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// SIGTERM, SIGHUP or SIGQUIT: leave now, with the terminal given back.
    case terminated(signal: Int32)
}

/// Where the chat's lines come from: readline on a terminal, plain bytes otherwise.
protocol LineReader: AnyObject {
    /// Whether a person is typing (readline, prompts, colour).
    var isInteractive: Bool { get }
    /// Reads one line, showing `prompt` if anyone can see it; Tab offers
    /// what `completer` gives.
    func readLine(prompt: String, completer: Completer) -> LineEvent
    /// Makes `entry` available to Up and Ctrl-R in this run.
    func addToHistory(_ entry: String)
    /// Forgets every line Up and Ctrl-R could bring back.
    func clearHistory()
    /// The chat is over: gives the terminal back as it was.
    func finish()
}
