import CReadline
import CTerminal
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

/// Reads lines with GNU readline on a terminal: editing, history, Ctrl-R,
/// Tab completion. Uses readline's callback interface so the chat, not
/// readline, decides what signals do: Ctrl-C clears the line (and says the
/// line was empty), Ctrl-Z suspends with the terminal given back, SIGCONT
/// takes it again and redraws, a resize redraws, SIGTERM, SIGHUP and SIGQUIT
/// leave with the terminal restored and the cursor on a fresh line.
/// Between prompts the terminal has echo off, so keys typed ahead are not
/// echoed into the transcript; they wait for the next prompt.
final class ReadlineLineReader: LineReader {
    /// Signals that end the chat.
    static let leaving: Set<Int32> = [SIGTERM, SIGHUP, SIGQUIT]

    /// Sets readline up; `setlocale` must have been called (see `TerminalSetup`).
    init() {
        parley_readline_configure("parley", ReadlineCompletion.source)
        stifle_history(Int32(HistoryFile.limit))
        SignalPipe.route([SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGCONT])
        // Only a job-control shell can continue a stopped process; where
        // SIGTSTP is ignored (no job control), keep it ignored.
        if !SignalPipe.isIgnored(SIGTSTP) { SignalPipe.route([SIGTSTP]) }
    }

    var isInteractive: Bool { true }

    func readLine(prompt: String, completer: Completer) -> LineEvent {
        // Signals that came while the coach answered: Ctrl-C then was not
        // meant for this prompt, so it is dropped; the others still count.
        for signal in SignalPipe.take() {
            switch PendingSignal.beforePrompt(signal) {
            case .leave: return .terminated(signal: signal)
            case .stop: parley_stop_self()
            case .ignore: break
            }
        }
        ReadlineCompletion.completer = completer
        parley_readline_begin(prompt)
        let signals = SignalPipe.readEnd
        while true {
            if parley_readline_finished() != 0 {
                guard let line = parley_readline_take_line() else {
                    // Ctrl-D: end the prompt's line so the shell starts clean. With
                    // bracketed paste on, readline 8.2 has ended it already.
                    if parley_readline_bracketed_paste() == 0 { Self.write("\n") }
                    return .endOfInput
                }
                defer { free(line) }
                return .line(String(decoding: UnsafeRawBufferPointer(start: line, count: strlen(line)), as: UTF8.self))
            }
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            // Continued in the background (`bg`), the chat waits to be in
            // the foreground again; `fg` of a running job sends no signal, so
            // it looks every quarter second.
            let waiting = parley_readline_awaiting_foreground() != 0
            let ready = poll(&descriptors, signals >= 0 ? 2 : 1, waiting ? 250 : -1)
            if ready < 0 {
                if errno == EINTR { continue }
                parley_readline_abandon()
                return .endOfInput
            }
            if waiting {
                parley_readline_continued()
                if parley_readline_awaiting_foreground() != 0 { continue }
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

    /// Acts on the signals that arrived while a line is read; an event if
    /// reading must stop.
    private func handleSignals() -> LineEvent? {
        for signal in SignalPipe.take() {
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
            case SIGCONT:
                parley_readline_continued()
            case _ where Self.leaving.contains(signal):
                parley_readline_abandon()
                // The prompt and any half-typed line stay; the shell starts on a fresh line.
                Self.write("\n")
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

    func finish() {
        parley_terminal_restore()
    }

    private static func write(_ text: String) {
        _ = text.withCString { systemWrite(1, $0, strlen($0)) }
    }
}

/// What a signal that arrived between prompts (while the coach answered)
/// does once the next prompt is due.
enum PendingSignal: Equatable {
    case leave, stop, ignore

    static func beforePrompt(_ signal: Int32) -> PendingSignal {
        if ReadlineLineReader.leaving.contains(signal) { return .leave }
        if signal == SIGTSTP { return .stop }
        // SIGINT: a Ctrl-C pressed during an answer is not a Ctrl-C at the
        // prompt; SIGWINCH and SIGCONT: the prompt is drawn afresh anyway.
        return .ignore
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
    /// readline sets LC_CTYPE again from the environment each time it starts
    /// a line (LC_ALL, else LC_CTYPE, else LANG), so the fallback is written
    /// there too; the chat starts no other program that would see it.
    static func useUTF8Locale() {
        if setlocale(LC_CTYPE, "") != nil, isUTF8() { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            setenv(localeVariableReadlineReads(ProcessInfo.processInfo.environment), name, 1)
            return
        }
    }

    /// The variable that decides readline's LC_CTYPE: LC_ALL when set, else LC_CTYPE (which outranks LANG).
    static func localeVariableReadlineReads(_ environment: [String: String]) -> String {
        if let all = environment["LC_ALL"], !all.isEmpty { return "LC_ALL" }
        return "LC_CTYPE"
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
