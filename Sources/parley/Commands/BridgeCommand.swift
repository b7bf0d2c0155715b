import ArgumentParser
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
import ParleyBridge
import ParleyKit
import ParleyStore

struct BridgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "Serve many chat sessions over stdin/stdout, for chat-platform bridges.",
        discussion: """
            JSON-RPC 2.0, one JSON object per line: requests on stdin, responses on stdout \
            (protocol only; logs go to stderr). Methods: open, say, reset, close, info. \
            Sessions live in memory unless --store (or PARLEY_STORE) names an SQLite file \
            or a PostgreSQL server (postgresql://USER@HOST:PORT/DATABASE). \
            The protocol, its errors and limits: docs/bridge-protocol.md.
            """
    )

    @OptionGroup var dialog: DialogArgument

    @Option(help: ArgumentHelp("Keep sessions in this SQLite file (created 0600; several bridges on one host may share it), or in the PostgreSQL database of a postgresql:// URL (bridges on any hosts may share it); default: $PARLEY_STORE, else memory.",
                               valueName: "FILE|URL"))
    var store: String?

    /// `--store`, else PARLEY_STORE from the environment (where `ps` does not show a URL's password).
    var storeSetting: String? {
        if let store { return store }
        guard let value = ProcessInfo.processInfo.environment["PARLEY_STORE"], !value.isEmpty else { return nil }
        return value
    }

    var isPostgres: Bool { storeSetting.map(PostgresSessionStore.isURL) ?? false }

    @Option(help: ArgumentHelp("How hard a commit works to reach the disk: 'normal' survives a crash of the process, 'full' also a power loss.",
                               valueName: "normal|full"))
    var sync: StoreSync = .normal

    @Option(help: ArgumentHelp("Forget sessions unused for longer than this (90s, 30m, 12h, 7d, 1h30m).",
                               valueName: "DURATION"))
    var ttl: String?

    @Option(help: "Mixed with each session id into that session's seed (the same seed and lines give the same conversations).")
    var seed: UInt64 = 0

    @Option(name: .customLong("log-level"),
            help: ArgumentHelp("error, warning, info (a line per request), debug, or trace (full lines, user text included).",
                               valueName: "LEVEL"))
    var logLevelName = LogLevel.warning.name

    var logLevel: LogLevel { LogLevel(name: logLevelName) ?? .warning }

    func validate() throws {
        if LogLevel(name: logLevelName) == nil {
            throw ValidationError("--log-level '\(logLevelName)' is not a level; use \(LogLevel.allCases.map(\.name).joined(separator: ", "))")
        }
        if let ttl, let problem = IdleDuration.problem(ttl) {
            throw ValidationError(problem)
        }
        if storeSetting == nil, sync != .normal {
            throw ValidationError("--sync applies to a --store file; add --store FILE")
        }
        if isPostgres, sync != .normal {
            throw ValidationError("--sync applies to an SQLite --store file; with PostgreSQL, the server's synchronous_commit decides")
        }
    }

    func run() throws {
        let compiled = try dialog.load()
        let log = StderrLog(level: logLevel)
        let sessions: any SessionStore
        do throws(StoreError) {
            sessions = try openStore(log: log)
        } catch {
            log.write(.error, "start", [("error", error.message)])
            throw ExitCode(1)
        }
        let configuration = BridgeConfiguration(seed: seed, idleTimeout: ttl.flatMap(IdleDuration.seconds))
        // In memory, a lane per shard of the store (BridgeLanes); SQLite and
        // PostgreSQL keep one lane: each store holds one connection, used by
        // one thread (docs/bridge-protocol.md). At trace level, whose lines
        // show each request beside its response, one lane too.
        let lanes = (log.level < .trace ? sessions as? MemorySessionStore : nil).flatMap { memory in
            memory.shardCount > 1
                ? BridgeLanes(dialog: compiled, store: memory, configuration: configuration) { TerminationSignal.wasReceived }
                : nil
        }
        let handler = lanes?.handler ?? BridgeHandler(engine: Engine(dialog: compiled), store: sessions, configuration: configuration)
        if log.level >= .info {
            let kept = (try? sessions.count()).map(String.init) ?? "?"
            // The server is named without the password (PostgresSessionStore.target).
            let kind = sessions is PostgresSessionStore ? "postgresql" : storeSetting == nil ? "memory" : "sqlite"
            var fields = [("dialog", compiled.name), ("store", kind)]
            if let postgres = sessions as? PostgresSessionStore { fields.append(("server", postgres.target)) }
            fields += [("sync", kind == "sqlite" ? sync.rawValue : "-"), ("sessions", kept), ("ttl", ttl ?? "-"),
                       ("lanes", String(lanes?.laneCount ?? 1))]
            log.write(.info, "start", fields)
        }

        let ending = BridgeLoop(handler: handler, lanes: lanes, log: log).run()
        lanes?.stop()
        var status: Int32 = 0
        switch ending {
        case .endOfInput, .terminated, .outputClosed:
            log.write(.debug, "stop", [("reason", ending.description)])
        case .inputFailed(let message):
            log.write(.error, "stop", [("reason", "input"), ("error", message)])
            status = 1
        }
        do {
            try sessions.close()
        } catch {
            log.write(.error, "stop", [("error", error.message)])
            status = 1
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension BridgeCommand {
    /// The store `storeSetting` names: a PostgreSQL URL, an SQLite file, or (nil) memory.
    func openStore(log: StderrLog) throws(StoreError) -> any SessionStore {
        guard let store = storeSetting else { return MemorySessionStore(shardCount: Self.memoryLaneCount) }
        if PostgresSessionStore.isURL(store) { return try PostgresSessionStore(url: store) }
        let shared = try SQLiteSessionStore(path: store, sync: sync)
        // At the default level: a store that should have held sessions and
        // was not there (deleted while no bridge ran) would otherwise look
        // like a first start.
        if shared.createdEmpty { log.write(.warning, "store", [("created", "new empty store"), ("path", store)]) }
        return shared
    }
}

extension BridgeCommand {
    /// Lanes (and memory-store shards) of the in-memory bridge: one a core,
    /// at most two, the number measured (docs/performance.md, `lanes`).
    static var memoryLaneCount: Int { min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) }
}

extension StoreSync: ExpressibleByArgument {}


/// The bridge's stdin/stdout loop: reads lines (at most 1 MiB each, longer
/// ones are read away), hands each to the handler, writes the responses to
/// the lines of one read together, each whole, in order, and stops cleanly at end of input, SIGTERM, SIGINT or
/// SIGQUIT (even while blocked on a full stdout), or a closed stdout.
///
/// With `lanes`, a read of many lines (`BridgeLanes.isWorthSplitting`) has
/// its plain requests run on the lanes, different sessions at once; every
/// other line is a barrier, handled alone once the lines before it are
/// answered. Responses and log lines keep request order either way. At
/// `--log-level trace`, whose lines show each request beside its response,
/// one lane serves every line.
struct BridgeLoop {
    enum Ending: CustomStringConvertible {
        case endOfInput, terminated, outputClosed
        case inputFailed(String)

        var description: String {
            switch self {
            case .endOfInput: "end-of-input"
            case .terminated: "signal"
            case .outputClosed: "stdout-closed"
            case .inputFailed(let message): message
            }
        }
    }

    let handler: BridgeHandler
    /// The lanes, whose lane 0 is `handler`; nil: one lane.
    let lanes: BridgeLanes?
    let log: StderrLog
    /// Seconds between idle-session sweeps (with --ttl).
    let sweepInterval: Int64?

    init(handler: BridgeHandler, lanes: BridgeLanes? = nil, log: StderrLog) {
        precondition(lanes.map { $0.handler === handler } ?? true, "lane 0 runs on the loop's handler")
        self.handler = handler
        precondition(lanes == nil || log.level < .trace, "at trace level the loop runs one lane")
        self.lanes = lanes
        self.log = log
        sweepInterval = handler.configuration.idleTimeout.map { min(60, max(1, $0 / 10)) }
    }

    func run() -> Ending {
        TerminationSignal.install()
        signal(SIGPIPE, SIG_IGN)
        var framer = LineFramer()
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { buffer.deallocate() }
        var nextSweep = Int64.min
        var outputClosed = false
        // Responses not yet written: those to the lines of one read go out in
        // one write once the last of them is answered (or every 64 KiB).
        // Measured (issue 12): a poll and a write per response were half of an
        // in-memory turn when a client sends lines without waiting. A client
        // that sends one line at a time gets each response at once, as before.
        // The handler writes each response here itself (no copy of it).
        var pending = JSONWriter()
        /// The events to log of the requests whose responses are pending, with when each line was read.
        var unlogged: [(BridgeEvent, UInt64)] = []

        /// Logs the requests answered since the last call, once their responses
        /// are written, so each line's latency runs to its response written.
        func logAnswered() {
            guard !unlogged.isEmpty else { return }
            let now = Clock.monotonicNanoseconds()
            for (event, started) in unlogged {
                log.writeLine(BridgeLog.line(for: event, latencyMicroseconds: Int((now - started) / 1000)))
            }
            unlogged.removeAll(keepingCapacity: true)
        }

        /// Writes the pending responses; false when the bridge must stop.
        func flush() -> Bool {
            defer { logAnswered() }
            guard pending.count > 0 else { return !TerminationSignal.wasReceived }
            defer { pending.removeAll() }
            if TerminationSignal.wasReceived {
                // The answers already made go out as far as stdout takes them
                // now; a client that reads nothing cannot hold the bridge.
                pending.withBytes { Console.writeWithoutWaiting($0, to: 1) }
                return false
            }
            guard pending.withBytes({ Console.write($0, to: 1, stoppable: true) }) == nil else {
                outputClosed = !TerminationSignal.wasReceived
                return false
            }
            return true
        }

        func sweepIfDue(_ now: Int64) {
            guard let sweepInterval, now >= nextSweep else { return }
            nextSweep = now + sweepInterval
            do {
                let expired = try handler.expireIdleSessions(now: now)
                log.write(.debug, "expire", [("sessions", String(expired))])
            } catch {
                log.write(.error, "expire", [("error", error.message)])
            }
        }

        /// Handles one framed line, completed by the read at `started`
        /// (monotonic) and `now` (wall-clock seconds); false stops the loop.
        /// The clocks are read once a read, not once a line: every line of a
        /// read arrived when the read returned (two clock calls a line were
        /// about 100 instructions of an in-memory turn, issue 12).
        func process(_ framed: FramedLine, started: UInt64, now: Int64) -> Bool {
            // At every level: a warning line carries the latency too.
            let start = pending.count
            func report(_ event: BridgeEvent) {
                guard let level = BridgeLog.level(of: event), level <= log.level else { return }
                unlogged.append((event, started))
            }
            switch framed {
            case .line(let line):
                if log.level >= .trace { log.write(.trace, "line", [("in", String(decoding: line, as: UTF8.self))]) }
                handler.handle(line, now: now, into: &pending, event: report)
            case .overlong(let count):
                report(handler.handleOverlongLine(byteCount: count, into: &pending))
            }
            if pending.count > start {
                if log.level >= .trace {
                    let response = pending.withBytes { String(decoding: $0[start..<($0.count - 1)], as: UTF8.self) }
                    log.write(.trace, "line", [("out", response)])
                }
                if pending.count >= 1 << 16, !flush() { return false }
            }
            return !TerminationSignal.wasReceived
        }

        /// Runs the requests `lanes` collected from the read at `started` and
        /// `now`; their responses and events join the others, in request
        /// order. False stops the loop.
        func runCollected(on lanes: BridgeLanes, started: UInt64, now: Int64) -> Bool {
            let finished = lanes.run(now: now, logLevel: log.level, into: &pending) { unlogged.append(($0, started)) }
            if pending.count >= 1 << 16, !flush() { return false }
            return finished && !TerminationSignal.wasReceived
        }

        /// Handles the lines `chunk` completes, read at `started` and `now`;
        /// false stops the loop.
        func feed(_ chunk: UnsafeBufferPointer<UInt8>, started: UInt64, now: Int64) -> Bool {
            guard let lanes, lanes.isWorthSplitting(chunk) else {
                return framer.feed(chunk) { process($0, started: started, now: now) }
            }
            let keepGoing = framer.feed(chunk) { framed in
                if case .line(let line) = framed, lanes.collect(line) { return true }
                // A barrier: the lines before it first, then it alone.
                return runCollected(on: lanes, started: started, now: now) && process(framed, started: started, now: now)
            }
            return runCollected(on: lanes, started: started, now: now) && keepGoing
        }

        sweepIfDue(Clock.wallSeconds())
        var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0)]
        while true {
            if TerminationSignal.wasReceived { return .terminated }
            let timeout = sweepInterval.map { Int32(clamping: $0 * 1000) } ?? -1
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .inputFailed("poll: \(String(cString: strerror(errno)))")
            }
            if ready == 0 {
                sweepIfDue(Clock.wallSeconds())
                continue
            }
            if descriptors[1].revents != 0 {
                _ = SignalPipe.take()
                if TerminationSignal.wasReceived { return .terminated }
                continue
            }
            let count = read(0, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .inputFailed("reading stdin: \(String(cString: strerror(errno)))")
            }
            let started = Clock.monotonicNanoseconds()
            let now = Clock.wallSeconds()
            sweepIfDue(now)
            if count == 0 {
                framer.finish { _ = process($0, started: started, now: now) }
                _ = flush()
                return outputClosed ? .outputClosed : .endOfInput
            }
            let keepGoing = feed(UnsafeBufferPointer(rebasing: buffer[..<count]), started: started, now: now)
            let flushed = flush()
            if !keepGoing || !flushed { return outputClosed ? .outputClosed : .terminated }
        }
    }
}

/// The signals that stop the bridge: SIGTERM and SIGINT, and SIGQUIT the
/// same way (quietly: no crash report, see `CrashReports`).
enum TerminationSignal {
    static let signals = [SIGTERM, SIGINT, SIGQUIT]

    static func install() { SignalPipe.route(signals) }

    static var wasReceived: Bool { signals.contains(where: SignalPipe.received) }
}

enum Clock {
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Wall-clock seconds: only for idle expiry, never for conversations.
    static func wallSeconds() -> Int64 { Int64(time(nil)) }
}

/// Log lines on stderr at or below the chosen level.
struct StderrLog {
    let level: LogLevel

    func write(_ lineLevel: LogLevel, _ event: String, _ fields: [(String, String)]) {
        guard lineLevel <= level else { return }
        writeLine(BridgeLog.format(lineLevel, event, fields))
    }

    func writeLine(_ line: String) {
        _ = Console.write(Array((line + "\n").utf8), to: 2)
    }
}
