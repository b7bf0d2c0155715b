import Foundation
import ParleyKit
import ParleyStore
import Testing

/// Several real `parley bridge` processes on one SQLite file (issue 13): every
/// turn applied exactly once and in order, no acknowledged turn lost to a
/// kill -9, a deleted store answered with -32000 by every bridge, bridges
/// started at the same instant all serving, and a store deleted while no
/// bridge ran never replaced in silence.
///
/// The counter dialog numbers each session's turns ("turn N"): a lost turn
/// leaves a gap in a session's numbers, a turn applied twice or a forked
/// session (two bridges reading the same count) repeats one.
@Suite(.serialized) struct SharedStoreTests {
    typealias B = BridgeCommandTests
    static let counter = BridgeCommandTests.counter

    /// The number a counter reply carries, or nil when the line is not a counted turn.
    static func turnNumber(_ line: String) throws -> Int? {
        try B.replies(line).lazy.compactMap { $0.hasPrefix("turn ") ? Int($0.dropFirst(5)) : nil }.first
    }

    static func session(_ line: String) throws -> String {
        guard case .string(let name)? = try B.result(line)["session"] else { throw BridgeProcess.Failure(description: "no session: \(line)") }
        return name
    }

    static func folder() throws -> String {
        let folder = B.temporaryFolder().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The store after the bridges stopped: SQLite finds it sound, and it keeps `sessions` sessions.
    static func expectSound(_ path: String, sessions: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let check = try SQLiteSessionStore(path: path)
        #expect(try check.integrityCheck() == "ok", sourceLocation: sourceLocation)
        #expect(try check.count() == sessions, sourceLocation: sourceLocation)
        try check.close()
    }

    // MARK: - Interleaving

    /// One client alternates between the bridges on each session, waiting for
    /// each answer: the n-th turn of a session is answered "turn n" whichever
    /// bridge serves it, so every bridge sees the turns the others applied.
    @Test(arguments: [2, 4])
    func aClientAlternatingBetweenBridgesSeesEveryTurnInOrder(bridges count: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let bridges = try (0..<count).map { _ in try BridgeProcess([Self.counter, "--store", path]) }
        let sessions = ["a", "b", "c"]
        var id = 0
        for turn in 1...12 {
            for (index, session) in sessions.enumerated() {
                id += 1
                let bridge = bridges[(turn + index) % count]
                try bridge.send(B.request(id, "say", session: session, text: "line \(turn)"))
                let answer = try bridge.readLine()
                #expect(try Self.turnNumber(answer) == turn, "session \(session), turn \(turn): \(answer)")
            }
        }
        for bridge in bridges { try bridge.closeInput() }
        for bridge in bridges { #expect(try bridge.waitForExit() == 0, "\(bridge.stderr)") }
        try Self.expectSound(path, sessions: sessions.count)
    }

    /// Every bridge gets its whole stream at once, all on the same sessions,
    /// so their turns of one session race. Across all bridges a session's
    /// answers must number its turns 1…total, each exactly once; one bridge's
    /// own turns of a session must rise in the order it was sent them; and a
    /// last turn after all of them must be total + 1.
    @Test(arguments: [2, 4])
    func racingBridgesApplyEveryTurnExactlyOnce(bridges count: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let sessions = (0..<5).map { "user-\($0)" }
        let turnsPerBridge = 24
        let bridges = try (0..<count).map { _ in try BridgeProcess([Self.counter, "--store", path]) }
        for (b, bridge) in bridges.enumerated() {
            var lines = ""
            for turn in 0..<turnsPerBridge {
                for session in sessions { lines += B.request(b * 10_000 + turn, "say", session: session, text: "from \(b)") + "\n" }
            }
            bridge.sendInBackgroundThenClose(Array(lines.utf8))
        }
        var numbers: [String: [Int]] = [:]
        for (b, bridge) in bridges.enumerated() {
            var last: [String: Int] = [:]
            let answers = try bridge.readToEnd()
            #expect(answers.count == turnsPerBridge * sessions.count, "bridge \(b): \(answers.count) answers; \(bridge.stderr)")
            for answer in answers {
                let session = try Self.session(answer)
                let number = try #require(try Self.turnNumber(answer), "bridge \(b): \(answer)")
                #expect(number > last[session, default: 0], "bridge \(b), \(session): turn \(number) after \(last[session, default: 0])")
                last[session] = number
                numbers[session, default: []].append(number)
            }
            #expect(try bridge.waitForExit() == 0, "\(bridge.stderr)")
        }
        let total = turnsPerBridge * count
        for session in sessions {
            #expect(numbers[session, default: []].sorted() == Array(1...total), "\(session): turns lost or applied twice")
        }
        let after = try BridgeProcess([Self.counter, "--store", path])
        for (n, session) in sessions.enumerated() {
            try after.send(B.request(n, "say", session: session, text: "and one more"))
            #expect(try Self.turnNumber(try after.readLine()) == total + 1)
        }
        try after.closeInput()
        #expect(try after.waitForExit() == 0)
        try Self.expectSound(path, sessions: sessions.count)
    }

    // MARK: - kill -9

    /// Two bridges serve the same sessions; one is killed with SIGKILL while
    /// its stream is in flight (possibly inside a transaction). The other
    /// keeps serving, and every turn either of them answered is kept.
    @Test(arguments: [1, 40, 119])
    func killMinus9OfOneBridgeLosesNoAnsweredTurnAndTheOtherServesOn(answeredBeforeKill: Int) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let sessions = ["s0", "s1", "s2"]
        let victim = try BridgeProcess([Self.counter, "--store", path])
        let survivor = try BridgeProcess([Self.counter, "--store", path])
        var victimLines = ""
        for n in 0..<300 { victimLines += B.request(n, "say", session: sessions[n % 3], text: "v \(n)") + "\n" }
        try victim.sendRaw(Array(victimLines.utf8))
        var answered: [String: Int] = [:]
        for _ in 0..<answeredBeforeKill {
            let answer = try victim.readLine()
            let session = try Self.session(answer)
            answered[session] = max(answered[session, default: 0], try #require(try Self.turnNumber(answer)))
        }
        victim.signal(SIGKILL)
        _ = try victim.waitForExit()
        // The survivor's turns go on from whatever the store kept: never below
        // what was answered, never a number twice.
        var seen: [String: Int] = [:]
        for round in 0..<4 {
            for session in sessions {
                try survivor.send(B.request(round, "say", session: session, text: "s \(round)"))
                let number = try #require(try Self.turnNumber(try survivor.readLine()))
                if let previous = seen[session] {
                    #expect(number == previous + 1, "\(session): \(number) after \(previous)")
                } else {
                    #expect(number > answered[session, default: 0], "\(session): \(number - 1) turns kept, \(answered[session, default: 0]) answered")
                    #expect(number <= 101, "\(session): more turns kept than were sent")
                }
                seen[session] = number
            }
        }
        try survivor.closeInput()
        #expect(try survivor.waitForExit() == 0, "\(survivor.stderr)")
        try Self.expectSound(path, sessions: sessions.count)
    }

    // MARK: - A store deleted while bridges run

    @Test func aStoreDeletedUnderSeveralBridgesIsAnsweredWithStoreFailureByEach() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let bridges = try (0..<3).map { _ in try BridgeProcess([Self.counter, "--store", path]) }
        for (n, bridge) in bridges.enumerated() {
            try bridge.send(B.request(n, "say", session: "a", text: "hello"))
            #expect(try Self.turnNumber(try bridge.readLine()) == n + 1)
        }
        try FileManager.default.removeItem(atPath: path)
        for (n, bridge) in bridges.enumerated() {
            try bridge.send(B.request(10 + n, "say", session: "a", text: "still there?"))
            let answer = try bridge.readLine()
            #expect(try BridgePromiseTests.errorCode(answer) == -32000, "\(answer)")
            #expect(answer.contains("deleted, renamed or replaced"))
        }
        for bridge in bridges { try bridge.closeInput() }
        for bridge in bridges { _ = try bridge.waitForExit() }
    }

    // MARK: - Started at the same instant

    /// 40 times, two to four bridges start on a path where no store exists
    /// yet and each serves at once: all serve, exactly one of them says it
    /// created the store, and the store is sound with every session in it.
    @Test func bridgesStartedAtOnceOnANewStoreAllServe() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for attempt in 0..<40 {
            let count = 2 + attempt % 3
            let path = folder + "/s\(attempt).sqlite"
            let bridges = try (0..<count).map { _ in try BridgeProcess([Self.counter, "--store", path]) }
            for (n, bridge) in bridges.enumerated() {
                bridge.sendInBackgroundThenClose(Array((B.request(n, "say", session: "user-\(n)", text: "hi") + "\n").utf8))
            }
            var served = 0
            var created = 0
            for bridge in bridges {
                let answers = try bridge.readToEnd()
                if answers.count == 1, try Self.turnNumber(answers[0]) == 1 { served += 1 }
                #expect(try bridge.waitForExit() == 0, "attempt \(attempt): \(bridge.stderr)")
                if bridge.stderr.contains("event=store created=\"new empty store\"") { created += 1 }
            }
            #expect(served == count, "attempt \(attempt): \(served) of \(count) bridges served")
            #expect(created == 1, "attempt \(attempt): \(created) bridges said they created the store: \(bridges.map(\.stderr))")
            try Self.expectSound(path, sessions: count)
        }
    }

    // MARK: - A store deleted while no bridge runs

    /// Deleted after a clean stop, the store is created anew and the bridge
    /// says so at the default level, with the path and no user text.
    @Test func aStoreDeletedAfterACleanStopIsRecreatedAndTheBridgeSaysSo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let first = try ParleyProcess.run(["bridge", Self.counter, "--store", path],
                                          input: B.request(1, "say", session: "a", text: "zebracornish") + "\n")
        #expect(first.status == 0)
        #expect(first.stderr.contains("level=warning event=store created=\"new empty store\" path=\(path)"), "\(first.stderr)")
        let again = try ParleyProcess.run(["bridge", Self.counter, "--store", path], input: B.request(1, "info") + "\n")
        #expect(!again.stderr.contains("new empty store"), "an existing store is not announced as new")
        try FileManager.default.removeItem(atPath: path)
        let recreated = try ParleyProcess.run(["bridge", Self.counter, "--store", path],
                                              input: B.request(1, "say", session: "a", text: "hello") + "\n")
        #expect(recreated.status == 0)
        #expect(recreated.stderr.contains("event=store created=\"new empty store\" path=\(path)"), "\(recreated.stderr)")
        #expect(!recreated.stderr.contains("zebracornish") && !recreated.stderr.contains("hello"))
    }

    /// Deleted after a kill -9, the store leaves its write-ahead log and
    /// shared-memory file behind: the next bridge refuses to start, naming
    /// them, rather than start an empty store beside the traces of the old.
    @Test func aStoreDeletedAfterACrashIsRefusedWhileItsLogRemains() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let bridge = try BridgeProcess([Self.counter, "--store", path])
        try bridge.send(B.request(1, "say", session: "a", text: "hello"))
        _ = try bridge.readLine()
        bridge.signal(SIGKILL)
        _ = try bridge.waitForExit()
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try FileManager.default.removeItem(atPath: path)
        let refused = try ParleyProcess.run(["bridge", Self.counter, "--store", path], input: B.request(1, "info") + "\n")
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr.contains("the store \(path) is missing but \(path)-wal"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path), "the refusal created the store")
    }
}
