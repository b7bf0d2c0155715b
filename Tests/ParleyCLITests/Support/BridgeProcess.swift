import Foundation

/// A long-lived `parley bridge` the tests talk to line by line, kill, and
/// restart. Reads wait at most `timeout` seconds, so a bridge that stops
/// answering fails the test instead of hanging it.
final class BridgeProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private let errors = StderrCollector()
    private var pending: [UInt8] = []
    private var outputEnded = false
    let timeout: TimeInterval

    init(_ arguments: [String], directory: URL? = nil, timeout: TimeInterval = 60) throws {
        self.timeout = timeout
        // A bridge that exited (refused a store, say) must fail a write with
        // EPIPE, not kill the test runner with SIGPIPE.
        Glibc.signal(SIGPIPE, SIG_IGN)
        process.executableURL = ParleyProcess.executable
        process.arguments = ["bridge"] + arguments
        process.currentDirectoryURL = directory ?? ParleyProcess.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        try process.run()
        errors.collect(from: stderr.fileHandleForReading)
    }

    deinit {
        if exitStatus == nil, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Sends one line (a newline is added).
    func send(_ line: String) throws { try sendRaw(Array((line + "\n").utf8)) }

    func sendRaw(_ bytes: [UInt8]) throws {
        try input.write(contentsOf: Data(bytes))
    }

    /// Writes `bytes` and then ends the input, on another thread: the bridge
    /// answers while it reads, and the test must read those answers meanwhile,
    /// or both sides block on full pipes.
    func sendInBackgroundThenClose(_ bytes: [UInt8]) {
        let handle = input
        Thread {
            try? handle.write(contentsOf: Data(bytes))
            try? handle.close()
        }.start()
    }

    /// Ends the bridge's input.
    func closeInput() throws { try input.close() }

    /// The next response line, without its newline.
    func readLine() throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeFirst(newline + 1)
                return line
            }
            if outputEnded {
                throw Failure(description: "the bridge closed its output; stderr:\n\(stderr)")
            }
            try fill(until: deadline)
        }
    }

    /// Every line until the bridge closes its output.
    func readToEnd() throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while !outputEnded { try fill(until: deadline) }
        var lines = String(decoding: pending, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        pending = []
        return lines
    }

    /// Reads what is there, waiting until `deadline` for something.
    private func fill(until deadline: Date) throws {
        let descriptor = output.fileDescriptor
        var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
        let ready = poll(&waiting, 1, milliseconds)
        if ready == 0 { throw Failure(description: "no response within \(timeout) s; stderr:\n\(stderr)") }
        if ready < 0 { if errno == EINTR { return }; throw Failure(description: "poll failed: \(errno)") }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = read(descriptor, &buffer, buffer.count)
        if count < 0 { if errno == EINTR { return }; throw Failure(description: "read failed: \(errno)") }
        if count == 0 { outputEnded = true; return }
        pending.append(contentsOf: buffer[..<count])
    }

    /// Waits for the bridge to exit; its status.
    func waitForExit() throws -> Int32 {
        do {
            exitStatus = try ChildExit.wait(for: process, timeout: timeout)
            return exitStatus!
        } catch let timedOut as ChildExit.Timeout {
            throw Failure(description: "the bridge did not exit: \(timedOut)")
        }
    }

    /// Set once the bridge has been seen to exit.
    private(set) var exitStatus: Int32?

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Bytes the bridge wrote to stdout that the test has not read yet (FIONREAD).
    func unreadOutputBytes() -> Int {
        var count: Int32 = 0
        guard ioctl(output.fileDescriptor, UInt(FIONREAD), &count) == 0 else { return -1 }
        return Int(count)
    }

    /// Closes the reading end of the bridge's stdout, so its next write fails with EPIPE.
    func closeOutput() throws { try output.close() }

    /// What the bridge wrote on stderr so far (all of it, once it has exited).
    var stderr: String {
        // Once `waitForExit` has reaped the bridge itself, Foundation may still
        // call it running and /proc no longer shows a zombie: wait for the pipe's end.
        if exitStatus != nil { errors.waitForEnd() } else { errors.waitIfExited(process) }
        return errors.text
    }
}

/// Reads a pipe to its end on a background thread.
final class StderrCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    func collect(from handle: FileHandle) {
        DispatchQueue.global().async {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.lock.lock()
                self.data.append(chunk)
                self.lock.unlock()
            }
            self.done.signal()
        }
    }

    /// Once the process has exited, waits (briefly) for the last of its output.
    func waitIfExited(_ process: Process) {
        guard !process.isRunning || ChildExit.isZombie(process.processIdentifier) else { return }
        if done.wait(timeout: .now() + 10) == .success { done.signal() }
    }

    /// Waits (briefly) for the end of a pipe whose writer has exited.
    func waitForEnd() {
        if done.wait(timeout: .now() + 10) == .success { done.signal() }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
