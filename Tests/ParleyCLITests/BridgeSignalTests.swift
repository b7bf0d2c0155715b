import Foundation
import Testing

/// The bridge and signals (issue 9.5): SIGQUIT ends it like SIGTERM, no
/// crash report ever reaches stderr, and SIGTERM stops it even while it is
/// blocked writing to a stdout nobody reads.
@Suite(.serialized) struct BridgeSignalTests {
    @Test func sigquitEndsTheBridgeLikeSigtermAndSaysNothing() throws {
        let folder = BridgeCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("sessions.sqlite").path
        let bridge = try BridgeProcess([BridgeCommandTests.sample, "--store", store])
        try bridge.send(BridgeCommandTests.request(1, "say", session: "a", text: "I want to set a goal, my secret"))
        _ = try bridge.readLine()
        bridge.signal(SIGQUIT)
        #expect(try bridge.waitForExit() == 0)
        // Nothing at the default level but the new store's announcement.
        #expect(bridge.stderr.split(separator: "\n").filter { !$0.contains("event=store created=") } == [], "\(bridge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store + "-wal"))
        let next = try BridgeCommandTests.run([BridgeCommandTests.sample, "--store", store],
                                              [BridgeCommandTests.request(2, "open", session: "a")])
        #expect(try BridgeCommandTests.result(next[0])["state"] == .string("goal.size"))
    }

    /// The Swift runtime's backtracer would print a crash report (registers,
    /// memory, where a turn's text can sit) on stderr: it is off.
    @Test(arguments: [SIGSEGV, SIGABRT, SIGILL, SIGBUS])
    func aCrashSignalWritesNoReport(_ signal: Int32) throws {
        let bridge = try BridgeProcess([BridgeCommandTests.sample])
        try bridge.send(BridgeCommandTests.request(1, "say", session: "a", text: "my secret words"))
        _ = try bridge.readLine()
        bridge.signal(signal)
        // Foundation reports a death by signal as the signal's number; ChildExit as 128 + it.
        #expect([signal, 128 + signal].contains(try bridge.waitForExit()))
        #expect(bridge.stderr == "", "a crash report reached stderr")
    }

    @Test func sigtermStopsABridgeBlockedOnAFullStdout() throws {
        let bridge = try BridgeProcess([BridgeCommandTests.sample], timeout: 120)
        // Each answer is about 440 bytes, each request about 65: the answers
        // fill the stdout pipe (64 KiB) long before the requests fill stdin.
        let requests = (1...300).map { BridgeCommandTests.request($0, "open", session: "a") + "\n" }.joined()
        try bridge.sendRaw(Array(requests.utf8))
        // Blocked: most of the pipe is full, and the bridge sleeps though
        // requests wait on its stdin (nothing but a full stdout stops it).
        let deadline = Date().addingTimeInterval(bridge.timeout)
        while bridge.unreadOutputBytes() < 48 * 1024 || !Self.isSleeping(bridge.process.processIdentifier) {
            // A hang guard: the pipe fills as fast as the bridge answers.
            try #require(Date() < deadline, "stdout never filled: \(bridge.unreadOutputBytes()) bytes")
            Thread.sleep(forTimeInterval: 0.05)
        }
        bridge.signal(SIGTERM)
        #expect(try bridge.waitForExit() == 0)
        #expect(bridge.stderr == "")
    }

    /// Whether the process is asleep (Linux: state S in /proc).
    static func isSleeping(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].dropFirst().first == "S"
    }
}
