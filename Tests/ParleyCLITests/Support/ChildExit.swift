import Foundation

/// Waits for a child process to end without trusting Foundation alone: on
/// Linux, `Process` can miss a child's exit when many children start and end
/// at once from several threads (as when tests run in parallel), and then
/// `isRunning` stays true for ever. So the wait also looks at /proc: once the
/// child is a zombie, it is reaped here and its status decoded.
enum ChildExit {
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    /// The exit status (or 128 + signal), waiting at most `timeout` seconds.
    static func wait(for process: Process, timeout: TimeInterval) throws -> Int32 {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if !process.isRunning { return process.terminationStatus }
            if isZombie(pid) {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid { return decode(status) }
                // Foundation reaped it between the two checks: its status is on the way.
                if reaped < 0 && errno == ECHILD {
                    for _ in 0..<500 where process.isRunning { usleep(2_000) }
                    if !process.isRunning { return process.terminationStatus }
                }
            }
            if Date() > deadline {
                kill(pid, SIGKILL)
                throw Timeout(description: "the process did not exit within \(timeout) s")
            }
            usleep(2_000)
        }
    }

    /// Whether the child has ended but has not been reaped (Linux: state Z in /proc).
    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].dropFirst().first == "Z"
    }

    static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
