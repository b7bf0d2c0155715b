#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run to its end: its standard input given, its standard output
/// and error read. For `parley graph`, which has Graphviz's `dot` draw. Our
/// own (posix_spawn and poll) rather than Foundation's `Process`, because
/// `Process` is the one thing `parley` needed Foundation for beyond
/// FoundationEssentials, and linking Foundation costs every start of
/// `parley` its pages and conformance records (docs/performance.md, "Chat
/// start-up").
struct ChildProcess {
    /// The exit status (128 + the signal's number when a signal ended it).
    var status: Int32
    var output: [UInt8]
    var errors: [UInt8]

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ what: String, _ code: Int32) { description = what + ": " + String(cString: strerror(code)) }
    }

    /// Runs `executable` (a path) with `arguments` and the environment of
    /// `parley`, writes `input` to its standard input, and waits for it to
    /// end. Input is written and both outputs are read in one `poll` loop, so
    /// a child blocked on a full pipe cannot stall the other side.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]) throws(Failure) -> ChildProcess {
        // [read end, write end] of the child's standard input, output and error.
        var pipes: [[Int32]] = []
        defer { for ends in pipes { for descriptor in ends where descriptor >= 0 { close(descriptor) } } }
        for _ in 0..<3 {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw Failure("cannot make a pipe", errno) }
            // Not inherited by the child except as its 0, 1 and 2 (dup2 clears the flag).
            for descriptor in ends { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
            pipes.append(ends)
        }
        // Writing to a child that has ended must fail with EPIPE, not end `parley`.
        signal(SIGPIPE, SIG_IGN)

        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure("cannot run \(executable)", spawned) }
        // The child's ends are the child's now.
        for (index, end) in [(0, 0), (1, 1), (2, 1)] {
            close(pipes[index][end])
            pipes[index][end] = -1
        }

        var inputEnd = pipes[0][1], outputEnd = pipes[1][0], errorEnd = pipes[2][0]
        pipes = []
        defer { for descriptor in [inputEnd, outputEnd, errorEnd] where descriptor >= 0 { close(descriptor) } }
        _ = fcntl(inputEnd, F_SETFL, fcntl(inputEnd, F_GETFL) | O_NONBLOCK)
        var written = 0
        var result = ChildProcess(status: 0, output: [], errors: [])
        var chunk = [UInt8](repeating: 0, count: 65_536)
        func finish(_ descriptor: inout Int32) {
            close(descriptor)
            descriptor = -1
        }
        if input.isEmpty { finish(&inputEnd) }
        while inputEnd >= 0 || outputEnd >= 0 || errorEnd >= 0 {
            // poll skips negative descriptors.
            var watched = [pollfd(fd: inputEnd, events: Int16(POLLOUT), revents: 0),
                           pollfd(fd: outputEnd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: errorEnd, events: Int16(POLLIN), revents: 0)]
            guard poll(&watched, nfds_t(watched.count), -1) >= 0 else {
                if errno == EINTR { continue }
                throw Failure("cannot wait for \(executable)", errno)
            }
            if watched[0].revents != 0 {
                let count = input.withUnsafeBytes { write(inputEnd, $0.baseAddress! + written, $0.count - written) }
                if count > 0 { written += count }
                // Done, or the child no longer reads (EPIPE): its status says what happened.
                if written == input.count || count < 0 && errno != EINTR && errno != EAGAIN { finish(&inputEnd) }
            }
            for (slot, isOutput) in [(1, true), (2, false)] where watched[slot].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(watched[slot].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if isOutput { result.output += chunk[..<count] } else { result.errors += chunk[..<count] }
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    if isOutput { finish(&outputEnd) } else { finish(&errorEnd) }
                }
            }
        }

        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure("cannot wait for \(executable)", errno) }
        }
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        let signalNumber = status & 0x7F
        result.status = signalNumber == 0 ? (status >> 8) & 0xFF : 128 + signalNumber
        return result
    }
}
