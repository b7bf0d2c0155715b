import CTerminal

/// Signals as flags and bytes on a pipe, for the chat's and the bridge's
/// loops: they poll the pipe beside their input and act on what arrived.
/// One handler serves both (Signals.c): a handler may only do
/// async-signal-safe things, which Swift cannot promise.
enum SignalPipe {
    /// The pipe's read end (non-blocking), to poll beside the input; -1 if
    /// no pipe could be made.
    static var readEnd: Int32 { parley_signal_pipe_open() }

    /// Routes each of `signals` to the pipe from now on (and unblocks it).
    static func route(_ signals: [Int32]) {
        for signal in signals { _ = parley_signal_forward(signal) }
    }

    /// Whether `signal` has arrived since it was routed.
    static func received(_ signal: Int32) -> Bool { parley_signal_received(signal) != 0 }

    /// The signals waiting on the pipe, oldest first; empty if none.
    static func take() -> [Int32] {
        let descriptor = readEnd
        guard descriptor >= 0 else { return [] }
        var signals: [Int32] = []
        while true {
            let signal = parley_signal_take(descriptor)
            if signal == 0 { return signals }
            signals.append(signal)
        }
    }

    static func isIgnored(_ signal: Int32) -> Bool { parley_signal_is_ignored(signal) != 0 }
}

/// Crash reports can hold what a person typed: the Swift runtime's
/// backtracer prints registers and memory, and stops at an interactive
/// prompt on a terminal. Parley turns it off, and core files with it.
enum CrashReports {
    /// Call first thing in `main`, after the runtime has installed its handlers.
    static func disable() { parley_crash_reports_off() }
}
