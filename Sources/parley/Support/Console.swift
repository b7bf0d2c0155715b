// FoundationEssentials, not Foundation, in every target `parley` links, so
// that Foundation and its ICU data stay out of the binary: fewer pages and
// conformance records for each start to touch (docs/performance.md, "Chat
// start-up").
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

/// Standard output and error, with colour only where it can be seen.
enum Console {
    static func out(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: 1)
    }

    static func error(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: 2)
    }

    /// Writes all of `bytes` to `descriptor`; the errno that stopped it, or nil.
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { write($0, to: descriptor) }
    }

    /// Writes all of `raw` to `descriptor`: the one write-all loop of
    /// `parley` (the chat, the bridge, the language server, logs). Returns
    /// the errno that stopped it (EPIPE when the reader has gone), or nil
    /// when all was written. Retries on EINTR and waits for room on EAGAIN
    /// (a descriptor another process left non-blocking).
    ///
    /// With `stoppable`, also stops (returning ECANCELED) as soon as a
    /// termination signal arrives, even while the descriptor is full and
    /// its reader reads nothing: it waits for room with poll beside the
    /// signal pipe and writes at most PIPE_BUF bytes at once, which fit in
    /// a pipe with room.
    static func write(_ raw: UnsafeRawBufferPointer, to descriptor: Int32, stoppable: Bool = false) -> Int32? {
        var offset = 0
        while offset < raw.count {
            if stoppable {
                if TerminationSignal.wasReceived { return ECANCELED }
                var waiting = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0),
                               pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0)]
                if poll(&waiting, waiting[1].fd >= 0 ? 2 : 1, -1) < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if waiting[0].revents == 0 { continue }
            }
            let chunk = stoppable ? min(raw.count - offset, Int(PIPE_BUF)) : raw.count - offset
            let written = systemWrite(descriptor, raw.baseAddress! + offset, chunk)
            if written >= 0 {
                offset += written
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN:
                var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, -1)
            case let failure: return failure
            }
        }
        return nil
    }

    /// Writes what `descriptor` takes now, at most PIPE_BUF bytes at a time,
    /// without waiting for room; the rest is dropped. For the bridge's
    /// answers already made when a termination signal arrives.
    static func writeWithoutWaiting(_ raw: UnsafeRawBufferPointer, to descriptor: Int32) {
        var offset = 0
        while offset < raw.count {
            var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard poll(&ready, 1, 0) > 0, ready.revents & Int16(POLLOUT) != 0 else { return }
            let written = systemWrite(descriptor, raw.baseAddress! + offset, min(raw.count - offset, Int(PIPE_BUF)))
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Colour on a terminal, unless NO_COLOR is set, TERM is dumb, or the user said --no-color.
    static func wantsColor(descriptor: Int32, disabled: Bool) -> Bool {
        if disabled { return false }
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal(descriptor)
    }
}

/// ANSI styles; every function is the identity when colour is off.
struct ANSI: Sendable {
    let enabled: Bool

    func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("1;31", text) }
    func yellow(_ text: String) -> String { wrap("1;33", text) }
    func green(_ text: String) -> String { wrap("1;32", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func italic(_ text: String) -> String { wrap("3", text) }
}

/// read(2), write(2) and exit(3) under names that no type's own `read`,
/// `write` (ChatOutput's, Console's) or `exit` (every ArgumentParser
/// command's) hides.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

func systemExit(_ status: Int32) -> Never {
    exit(status)
}
