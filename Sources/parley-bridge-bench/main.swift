// The bridge benchmark: drives the real `parley bridge` process through its
// stdin and stdout, as a chat platform's bridge would.
//
//   swift build -c release
//   .build/release/parley-bridge-bench [--turns 100000] [--sessions 1000] [--idle 100000]
//                                      [--parley .build/release/parley] [--only memory,store,idle,full,bridges]
//                                      [--bridges 1,2,4] [--store FILE-or-URL] [--sync normal|full]
//                                      [--dialog sample|trust|FILE]
//
// --dialog: the dialog every bridge runs (`parley bridge DIALOG`): a built-in
// name or a file; default, the built-in dialog `parley bridge` runs alone.
//
// For the in-memory bridge ("memory") and for --store with the default sync ("store"):
// - throughput: every `say` line written at once by one thread while another
//   reads the responses, after the bridge has answered an `info` (so start-up
//   is not timed); turns/s = lines / (last response - first write); also the
//   bridge's CPU time (user + system, start to exit) per line;
// - the same for `open` on existing sessions: the bridge, its JSON and its
//   store without the engine's matching, to show where the time goes;
// - latency: the `say` lines again, one at a time (write, wait for the response),
//   on a fresh bridge: p50/p99/max as the bridge logs it (line read to response
//   written, `--log-level info`) and as the client sees it (round trip through the pipes).
// full (only when asked): the store with --sync full, an fsync per turn.
// idle: `open` for N sessions, then the bridge's resident memory (Linux /proc),
//   less that of a bridge with one session, per session.
// bridges (only when asked): for each count in --bridges, that many `parley bridge`
//   processes (the built-in dialog, or --dialog) on one shared store, each with its own
//   sessions (session i goes to bridge i % count), every bridge's lines written
//   at once; turns/s = all lines / (last response of any bridge - first write).
//   Each bridge answers an `info` first, so start-up is not timed. The store is
//   --store when given (a fresh SQLite file per count otherwise; any store
//   `parley bridge --store` takes, e.g. a postgres:// URL), with --sync; each
//   count uses session ids of its own, so a reused store holds no earlier run's.
// Every response is checked: the right id, in order, a result and not an error.

import Foundation

struct Options {
    var turns = 100_000
    var sessions = 1_000
    var idle = 100_000
    var parley = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("parley").path
    var only: Set<String> = ["memory", "store", "idle"]
    var bridges = [1, 2, 4]
    var store: String?
    var sync = "normal"
    var dialog: String?

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        func value(_ name: String) -> String {
            guard let value = rest.popFirst() else { fail("\(name) needs a value") }
            return value
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--turns": turns = Int(value(argument)) ?? turns
            case "--sessions": sessions = Int(value(argument)) ?? sessions
            case "--idle": idle = Int(value(argument)) ?? idle
            case "--parley": parley = value(argument)
            case "--only": only = Set(value(argument).split(separator: ",").map(String.init))
            case "--bridges":
                let text = value(argument)
                bridges = text.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
                if bridges.isEmpty { fail("--bridges takes counts such as 1,2,4, not \(text)") }
            case "--store": store = value(argument)
            case "--sync": sync = value(argument)
            case "--dialog": dialog = value(argument)
            default: fail("unknown argument \(argument); see the comment at the top of main.swift")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("parley-bridge-bench: \(message)\n".utf8))
    exit(2)
}

func nanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Lines a user of the sample (or trust) dialog might write.
let utterances = [
    "hi", "I feel anxious about reading", "yes", "2", "twenty pages", "I'm not sure", "no", "back",
    "tell me a quote", "what about audiobooks?", "1", "I want to set a goal", "10 pages", "help", "restart",
]

/// One request line per turn: turn i goes to session i % sessions.
func sayLines(turns: Int, sessions: Int) -> [[UInt8]] {
    (0..<turns).map { i in
        let text = utterances[(i / sessions + i % 7) % utterances.count]
        return Array(#"{"jsonrpc":"2.0","id":\#(i + 1),"method":"say","params":{"session":"user-\#(i % sessions)","text":"\#(text)"}}"#.utf8) + [0x0A]
    }
}

func openLines(count: Int) -> [[UInt8]] {
    (0..<count).map { i in
        Array(#"{"jsonrpc":"2.0","id":\#(i + 1),"method":"open","params":{"session":"idle-\#(i)"}}"#.utf8) + [0x0A]
    }
}

/// A running `parley bridge` with raw descriptors for its stdin and stdout.
/// Unchecked Sendable: the shared-store phase hands each bridge to one reader
/// thread, and no two threads use one bridge at a time.
final class Bridge: @unchecked Sendable {
    let process = Process()
    let input: Int32
    let output: Int32
    /// The pipes' handles own the descriptors; closing goes through them.
    private let inputHandle: FileHandle
    private let outputHandle: FileHandle
    private var carry: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [[UInt8]] = []
    var expectedID = 1

    init(parley: String, dialog: String?, arguments: [String], stderrFile: String? = nil) {
        process.executableURL = URL(fileURLWithPath: parley)
        process.arguments = ["bridge"] + (dialog.map { [$0] } ?? []) + arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        if let stderrFile {
            _ = FileManager.default.createFile(atPath: stderrFile, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrFile)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        do { try process.run() } catch { fail("cannot run \(parley): \(error)") }
        inputHandle = stdin.fileHandleForWriting
        outputHandle = stdout.fileHandleForReading
        input = inputHandle.fileDescriptor
        output = outputHandle.fileDescriptor
    }

    func write(_ bytes: [UInt8]) { Self.writeAll(bytes, to: input) }

    /// Writes `bytes` from another thread, so this one can read the responses meanwhile.
    func writeInBackground(_ bytes: [UInt8]) {
        let descriptor = input
        Thread { Self.writeAll(bytes, to: descriptor) }.start()
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; fail("writing to the bridge: \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }

    /// The next response line; checks it answers `expectedID` with a result.
    func readResponse() -> [UInt8] {
        while true {
            if let newline = carry.firstIndex(of: 0x0A) {
                let line = Array(carry[..<newline])
                carry.removeFirst(newline + 1)
                check(line)
                return line
            }
            let n = read(output, &buffer, buffer.count)
            if n <= 0 { fail("the bridge closed its output after \(expectedID - 1) responses") }
            carry.append(contentsOf: buffer[..<n])
        }
    }

    /// Reads responses to the end of the bytes available, calling `each` with
    /// the time each one was seen; stops after `count`.
    func readResponses(_ count: Int, each: (Int, UInt64) -> Void) {
        // The client must not be the bottleneck: lines are checked where they
        // lie in the buffer, and only a partial last line is carried over.
        var seen = 0
        var chunk = [UInt8]()
        chunk.reserveCapacity(1 << 17)
        while seen < count {
            chunk.removeAll(keepingCapacity: true)
            chunk.append(contentsOf: carry)
            let n = read(output, &buffer, buffer.count)
            if n <= 0 { fail("the bridge closed its output after \(seen) responses") }
            let now = nanoseconds()
            chunk.append(contentsOf: buffer[..<n])
            var start = 0
            chunk.withUnsafeBufferPointer { bytes in
                var i = 0
                while i < bytes.count {
                    if bytes[i] == 0x0A {
                        check(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                        each(seen, now)
                        seen += 1
                        start = i + 1
                    }
                    i += 1
                }
            }
            carry = Array(chunk[start...])
        }
    }

    private static let resultPrefix = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
    private static let resultInfix = Array(#","result":"#.utf8)

    /// The line answers `expectedID` with a result: `{"jsonrpc":"2.0","id":N,"result":`.
    private func check(_ line: UnsafeBufferPointer<UInt8>) {
        var position = 0
        var ok = line.starts(with: Self.resultPrefix)
        position = Self.resultPrefix.count
        var id = 0
        while ok, position < line.count, line[position] >= 0x30, line[position] <= 0x39 {
            id = id * 10 + Int(line[position] - 0x30)
            position += 1
        }
        ok = ok && id == expectedID && line[position...].starts(with: Self.resultInfix)
        guard ok else {
            fail("response \(expectedID) is not a result for id \(expectedID): \(String(decoding: line.prefix(300), as: UTF8.self))")
        }
        expectedID += 1
    }

    private func check(_ line: [UInt8]) {
        line.withUnsafeBufferPointer { check($0) }
    }

    func finish() {
        try? inputHandle.close()
        process.waitUntilExit()
        try? outputHandle.close()
        if process.terminationStatus != 0 { fail("the bridge exited with status \(process.terminationStatus)") }
    }

    /// Resident and peak resident memory of the bridge, from /proc (Linux).
    func memory() -> (resident: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else {
            fail("cannot read /proc/\(process.processIdentifier)/status (the idle benchmark needs Linux)")
        }
        func kilobytes(_ key: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
            }
            return 0
        }
        return (kilobytes("VmRSS") * 1024, kilobytes("VmHWM") * 1024)
    }
}

/// Writes every line at once from one thread, reads the responses on this one:
/// seconds from first write to last response, and the bridge's CPU time
/// (user + system, start to exit) per line in microseconds. The bridge answers
/// an `info` first, so its start-up (loading the dialog) is not timed; it is
/// in the CPU time, which is for comparing builds, not a throughput.
func pipelined(_ options: Options, _ lines: [[UInt8]], _ arguments: [String]) -> (seconds: Double, cpuPerLine: Double) {
    let before = childrenCPU()
    let bridge = Bridge(parley: options.parley, dialog: options.dialog, arguments: arguments)
    bridge.write(Array(#"{"jsonrpc":"2.0","id":0,"method":"info"}"#.utf8) + [0x0A])
    bridge.expectedID = 0
    _ = bridge.readResponse()
    let all = lines.flatMap { $0 }
    let started = nanoseconds()
    bridge.writeInBackground(all)
    var last: UInt64 = 0
    bridge.readResponses(lines.count) { _, time in last = time }
    bridge.finish()
    return (Double(last - started) / 1e9, (childrenCPU() - before) / Double(lines.count) * 1e6)
}

func throughput(_ options: Options, label: String, arguments: (String) -> [String]) {
    let lines = sayLines(turns: options.turns, sessions: options.sessions)
    let (seconds, cpu) = pipelined(options, lines, arguments("throughput"))
    print(String(format: "%@ throughput: %d say lines over %d sessions in %.3f s: %.0f turns/s; bridge CPU %.1f µs per turn",
                 label, lines.count, options.sessions, seconds, Double(lines.count) / seconds, cpu))

    // The same number of `open` lines on existing sessions: the bridge, its JSON
    // and its store without the engine's matching, to show where the time goes.
    let opens = (0..<options.turns).map { i in
        Array(#"{"jsonrpc":"2.0","id":\#(i + 1),"method":"open","params":{"session":"user-\#(i % options.sessions)"}}"#.utf8) + [0x0A]
    }
    let (openSeconds, openCPU) = pipelined(options, opens, arguments("open"))
    print(String(format: "%@ throughput of open (resume, no matching): %.0f requests/s; bridge CPU %.1f µs per open",
                 label, Double(opens.count) / openSeconds, openCPU))

    // One request at a time: the client's round trip, and the bridge's own time
    // per request (line read to response written) from its info log.
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bridge-bench-\(getpid()).log").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let lockstep = Bridge(parley: options.parley, dialog: options.dialog, arguments: arguments("latency") + ["--log-level", "info"], stderrFile: log)
    var roundTrips: [UInt64] = []
    roundTrips.reserveCapacity(lines.count)
    for line in lines {
        let sent = nanoseconds()
        lockstep.write(line)
        _ = lockstep.readResponse()
        roundTrips.append((nanoseconds() - sent) / 1000)
    }
    lockstep.finish()
    let logged = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
        .filter { $0.contains("event=request") }
        .compactMap { line in line.split(separator: " ").first { $0.hasPrefix("latency_us=") }.flatMap { UInt64($0.dropFirst(11)) } }
    guard logged.count == lines.count else { fail("the bridge logged \(logged.count) requests, expected \(lines.count)") }
    func quantiles(_ values: [UInt64]) -> String {
        let sorted = values.sorted()
        func at(_ q: Double) -> UInt64 { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        return "p50 \(at(0.5)) µs, p99 \(at(0.99)) µs, max \(sorted.last!) µs"
    }
    print("\(label) latency, one request at a time: in the bridge \(quantiles(logged)); client round trip \(quantiles(roundTrips))")
}

func idleMemory(_ options: Options) {
    let baseline = Bridge(parley: options.parley, dialog: options.dialog, arguments: [])
    baseline.write(openLines(count: 1)[0])
    _ = baseline.readResponse()
    let base = baseline.memory()
    baseline.finish()

    let bridge = Bridge(parley: options.parley, dialog: options.dialog, arguments: [])
    let all = openLines(count: options.idle).flatMap { $0 }
    bridge.writeInBackground(all)
    bridge.readResponses(options.idle) { _, _ in }
    let loaded = bridge.memory()
    bridge.finish()
    let perSession = Double(loaded.resident - base.resident) / Double(options.idle)
    print(String(format: "idle memory: %d open sessions: resident %.1f MiB (peak %.1f MiB), one session %.1f MiB: %.0f bytes per idle session",
                 options.idle, Double(loaded.resident) / 1_048_576, Double(loaded.peak) / 1_048_576,
                 Double(base.resident) / 1_048_576, perSession))
}

/// CPU seconds (user + system) of the children reaped so far.
func childrenCPU() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Several bridges on one store, each with its own sessions, all at once.
func sharedStore(_ options: Options) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bridge-bench-shared-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let runTag = String(UInt32(truncatingIfNeeded: nanoseconds()), radix: 36)
    for count in options.bridges {
        let store = options.store ?? folder.appendingPathComponent("bridges-\(count).sqlite").path
        let before = childrenCPU()
        let bridges = (0..<count).map { _ in Bridge(parley: options.parley, dialog: options.dialog, arguments: ["--store", store, "--sync", options.sync]) }
        // Ready: each has opened the store and loaded the dialog.
        for bridge in bridges {
            bridge.write(Array(#"{"jsonrpc":"2.0","id":1,"method":"info"}"#.utf8) + [0x0A])
            _ = bridge.readResponse()
        }
        // Turn i goes to session i % sessions, and the session to bridge session % count.
        var streams = [[UInt8]](repeating: [], count: count)
        var lineCounts = [Int](repeating: 0, count: count)
        for i in 0..<options.turns {
            let session = i % options.sessions
            let b = session % count
            let text = utterances[(i / options.sessions + i % 7) % utterances.count]
            lineCounts[b] += 1
            streams[b] += Array(#"{"jsonrpc":"2.0","id":\#(lineCounts[b] + 1),"method":"say","params":{"session":"\#(runTag)-\#(count)-user-\#(session)","text":"\#(text)"}}"#.utf8) + [0x0A]
        }
        let lock = NSLock()
        nonisolated(unsafe) var last: UInt64 = 0
        let group = DispatchGroup()
        let started = nanoseconds()
        for (b, bridge) in bridges.enumerated() {
            bridge.writeInBackground(streams[b])
            let expected = lineCounts[b]
            group.enter()
            Thread {
                var mine: UInt64 = 0
                bridge.readResponses(expected) { _, time in mine = time }
                lock.lock()
                last = max(last, mine)
                lock.unlock()
                group.leave()
            }.start()
        }
        group.wait()
        for bridge in bridges { bridge.finish() }
        let seconds = Double(last - started) / 1e9
        // The bridges' own CPU time (user + system, from start to exit) per
        // turn: on a machine shared with other work, the figure turns/s cannot give.
        let cpu = (childrenCPU() - before) / Double(options.turns) * 1e6
        print(String(format: "%d bridge%@ on one store (%@, sync %@): %d say lines over %d sessions in %.3f s: %.0f durable turns/s; bridges' CPU %.1f µs per turn",
                     count, count == 1 ? "" : "s", options.store == nil ? "sqlite" : "--store", options.sync,
                     options.turns, options.sessions, seconds, Double(options.turns) / seconds, cpu))
    }
}

let options = Options(CommandLine.arguments)
guard FileManager.default.isExecutableFile(atPath: options.parley) else { fail("no parley at \(options.parley); build it or pass --parley") }
print("parley-bridge-bench: \(options.parley), dialog \(options.dialog ?? "built-in")")
if options.only.contains("memory") {
    throughput(options, label: "memory") { _ in [] }
}
if options.only.contains("store") {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bridge-bench-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    throughput(options, label: "sqlite (sync normal)") { phase in ["--store", folder.appendingPathComponent("\(phase).sqlite").path] }
}
if options.only.contains("full") {
    // Not in the default set: one fsync per turn; run it with fewer turns.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bridge-bench-full-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    throughput(options, label: "sqlite (sync full)") { phase in ["--store", folder.appendingPathComponent("\(phase).sqlite").path, "--sync", "full"] }
}
if options.only.contains("idle") {
    idleMemory(options)
}
if options.only.contains("bridges") {
    sharedStore(options)
}
