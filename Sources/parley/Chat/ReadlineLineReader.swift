import CReadline
import CTerminal
import Foundation

/// Reads lines with GNU readline on a terminal: editing, history, Ctrl-R,
/// Tab completion. Uses readline's callback interface so the chat, not
/// readline, decides what signals do: Ctrl-C clears the line (and leaves on
/// an empty one), Ctrl-Z suspends with the terminal given back, a resize
/// redraws, SIGTERM and SIGHUP leave with the terminal restored.
final class ReadlineLineReader: LineReader {
    private let signals: Int32

    /// Sets readline up; `setlocale` must have been called (see `TerminalSetup`).
    init() {
        parley_readline_configure("parley", ReadlineCompletion.source)
        stifle_history(Int32(HistoryFile.limit))
        signals = parley_signal_pipe_open()
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] {
            _ = parley_signal_forward(signal)
        }
        // Only a job-control shell can continue a stopped process; where
        // SIGTSTP is ignored (no job control), keep it ignored.
        var current = sigaction()
        if sigaction(SIGTSTP, nil, &current) == 0, !Self.isIgnored(current) {
            _ = parley_signal_forward(SIGTSTP)
        }
    }

    var isInteractive: Bool { true }

    func readLine(prompt: String, completer: Completer) -> LineEvent {
        ReadlineCompletion.completer = completer
        parley_readline_begin(prompt)
        while true {
            if parley_readline_finished() != 0 {
                guard let line = parley_readline_take_line() else {
                    // Ctrl-D: end the prompt's line so the shell starts clean.
                    Self.write("\n")
                    return .endOfInput
                }
                defer { free(line) }
                return .line(String(decoding: UnsafeRawBufferPointer(start: line, count: strlen(line)), as: UTF8.self))
            }
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, signals >= 0 ? 2 : 1, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                parley_readline_abandon()
                return .endOfInput
            }
            if descriptors[1].revents & Int16(POLLIN) != 0, let event = handleSignals() {
                return event
            }
            let input = descriptors[0].revents
            if input & Int16(POLLIN) != 0 {
                parley_readline_feed()
            } else if input & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                // The terminal is gone.
                parley_readline_abandon()
                return .endOfInput
            }
        }
    }

    /// Acts on the signals that arrived; an event if reading must stop.
    private func handleSignals() -> LineEvent? {
        var pending = [UInt8](repeating: 0, count: 64)
        let count = pending.withUnsafeMutableBytes { Foundation.read(signals, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        for signal in pending.prefix(count).map(Int32.init) {
            switch signal {
            case SIGINT:
                if parley_readline_line_is_empty() != 0 {
                    parley_readline_abandon()
                    Self.write("\n")
                    return .interrupted
                }
                parley_readline_discard_line()
            case SIGWINCH:
                parley_readline_resize()
            case SIGTSTP:
                parley_readline_suspend()
            case SIGTERM, SIGHUP:
                parley_readline_abandon()
                return .terminated(signal: signal)
            default:
                break
            }
        }
        return nil
    }

    func addToHistory(_ entry: String) {
        add_history(entry)
    }

    func clearHistory() {
        clear_history()
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if os(Linux)
        return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        #else
        return unsafeBitCast(action.__sigaction_u.__sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        #endif
    }

    private static func write(_ text: String) {
        _ = text.withCString { Foundation.write(1, $0, strlen($0)) }
    }
}

/// Tab completion for readline, which calls back through a C function
/// pointer: the completer for the line being read, and the candidates of
/// the attempt in progress. Main thread only: readline runs there.
enum ReadlineCompletion {
    nonisolated(unsafe) static var completer = Completer()
    nonisolated(unsafe) private static var pending: [String] = []

    static let source: parley_completion_source = { text, state in
        if state == 0 {
            let typed = text.map { String(cString: $0) } ?? ""
            ReadlineCompletion.pending = Array(ReadlineCompletion.completer.candidates(for: typed).reversed())
        }
        guard let next = ReadlineCompletion.pending.popLast() else { return nil }
        // readline frees each match itself.
        return strdup(next)
    }
}

/// Terminal set-up that must come before readline.
enum TerminalSetup {
    /// UTF-8 character handling: the user's locale if it is UTF-8, else
    /// C.UTF-8; otherwise readline edits multi-byte characters byte by byte.
    static func useUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, isUTF8() { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            return
        }
    }

    static func isUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Columns of the terminal on standard output, or 80 if unknown.
    static func columns() -> Int {
        let columns = Int(parley_terminal_columns(1))
        return columns > 0 ? columns : 80
    }
}
