import Foundation
import ParleyBridge
import ParleyKit
import ParleyStore
import Testing

/// End-to-end: the real `parley bridge`, spawned, fed and killed.
@Suite(.serialized) struct BridgeCommandTests {
    static let sample = "Dialogs/sample"
    static let counter = "Fixtures/bridge/dialogs/counter.dialog"

    /// A request line, built with the library's JSON writer.
    static func request(_ id: Int?, _ method: String, session: String? = nil, text: String? = nil) -> String {
        var writer = JSONWriter()
        writer.raw(#"{"jsonrpc":"2.0","#)
        if let id { writer.raw(#""id":\#(id),"#) }
        writer.raw(#""method":"#)
        writer.string(method)
        if session != nil || text != nil {
            writer.raw(#","params":{"#)
            if let session { writer.raw(#""session":"#); writer.string(session) }
            if let text { writer.raw(#","text":"#); writer.string(text) }
            writer.raw("}")
        }
        writer.raw("}")
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// A response's members.
    static func members(_ line: String) throws -> [String: JSONValue] {
        guard case .object(let members) = try JSONReader.read(line) else { throw BridgeProcess.Failure(description: "not an object: \(line)") }
        return Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    static func result(_ line: String) throws -> [String: JSONValue] {
        guard case .object(let result)? = try members(line)["result"] else { throw BridgeProcess.Failure(description: "no result: \(line)") }
        return Dictionary(result.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    static func replies(_ line: String) throws -> [String] {
        guard case .array(let items)? = try result(line)["replies"] else { return [] }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("parley-bridge-\(UUID().uuidString)")
    }

    /// Runs a bridge over `lines` to the end of its input; its stdout lines.
    static func run(_ arguments: [String], _ lines: [String]) throws -> [String] {
        let bridge = try BridgeProcess(arguments)
        for line in lines { try bridge.send(line) }
        try bridge.closeInput()
        let output = try bridge.readToEnd()
        #expect(try bridge.waitForExit() == 0, "stderr: \(bridge.stderr)")
        return output
    }

    /// Three sessions' conversations, interleaved, each line with a unique id.
    static let script: [(session: String, text: String)] = {
        let a = ["hi", "I want to set a goal", "twenty pages", "yes", "2"]
        let b = ["I feel nervous about reading", "no", "back", "tell me a quote"]
        let c = ["what about audiobooks?", "xyzzy", "xyzzy again", "3", "yes", "no"]
        var lines: [(String, String)] = []
        for n in 0..<6 {
            if n < a.count { lines.append(("a", a[n])) }
            if n < b.count { lines.append(("b", b[n])) }
            if n < c.count { lines.append(("c", c[n])) }
        }
        return lines
    }()

    @Test func interleavedSessionsAnswerAsIfEachWereAlone() throws {
        let lines = Self.script.enumerated().map { Self.request($0.offset + 1, "say", session: $0.element.session, text: $0.element.text) }
        let together = try Self.run([Self.sample], lines)
        #expect(together.count == lines.count)
        for session in ["a", "b", "c"] {
            let mine = Self.script.indices.filter { Self.script[$0].session == session }
            let alone = try Self.run([Self.sample], mine.map { lines[$0] })
            #expect(alone == mine.map { together[$0] }, "session \(session)")
        }
        for (index, line) in together.enumerated() {
            #expect(try Self.members(line)["id"] == .number(String(index + 1)))
            #expect(try Self.result(line)["session"] == .string(Self.script[index].session))
        }
    }

    @Test func aRestartedBridgeResumesEverySessionFromItsStore() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("private/sessions.sqlite").path
        let lines = Self.script.enumerated().map { Self.request($0.offset + 1, "say", session: $0.element.session, text: $0.element.text) }
        let reference = try Self.run([Self.sample], lines)
        let half = lines.count / 2
        let first = try Self.run([Self.sample, "--store", store], Array(lines[..<half]))
        #expect(first == Array(reference[..<half]))
        let second = try Self.run([Self.sample, "--store", store], Array(lines[half...]))
        #expect(second == Array(reference[half...]))

        let attributes = try FileManager.default.attributesOfItem(atPath: store)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("private").path)
        #expect(folderAttributes[.posixPermissions] as? Int == 0o700)
        // A clean exit checkpoints and removes the write-ahead log.
        #expect(!FileManager.default.fileExists(atPath: store + "-wal"))
    }

    /// Care mode is part of the stored session: after a disclosure, a bridge
    /// restarted on the same store still never offers couples work.
    @Test func careModeSurvivesABridgeRestartWithAStore() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("sessions.sqlite").path
        let trust = "Dialogs/trust"
        let first = try Self.run([trust, "--store", store], [
            Self.request(1, "say", session: "s", text: "my partner broke my trust"),
            Self.request(2, "say", session: "s", text: "he tracks my location and takes my paycheck every month"),
        ])
        #expect(try Self.replies(first[1]).joined().contains("not your fault"))
        let second = try Self.run([trust, "--store", store], [
            Self.request(3, "say", session: "s", text: "yes i'm safe, let's continue"),
            Self.request(4, "say", session: "s", text: "menu"),
            Self.request(5, "say", session: "s", text: "restart"),
            Self.request(6, "say", session: "s", text: "yes"),
        ])
        for line in second {
            let text = try Self.replies(line).joined(separator: " ").lowercased()
            for unsafe in ["couples therap", "forgiv", "tip 1", "your part in it"] {
                #expect(!text.contains(unsafe), "after the restart: \(text.prefix(300))")
            }
            let options = try Self.result(line)["options"]
            #expect(!"\(String(describing: options))".contains("My partner broke my trust"))
        }
        #expect(try Self.result(second[0])["state"] == .string("care.support"))
        // Without the disclosure, the same words go back to the coaching.
        let control = try Self.run([trust], [
            Self.request(1, "say", session: "t", text: "my partner broke my trust"),
            Self.request(2, "say", session: "t", text: "menu"),
        ])
        #expect(try Self.result(control[1])["state"] == .string("welcome"))
    }

    @Test(arguments: [1, 150, 399])
    func killMinus9LosesNoAnsweredTurn(answeredBeforeKill: Int) throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("sessions.sqlite").path
        let sessions = ["s0", "s1", "s2"]
        var sent: [String: Int] = [:]
        var lines: [String] = []
        for n in 0..<400 {
            let session = sessions[(n * 7 / 3) % 3]
            sent[session, default: 0] += 1
            lines.append(Self.request(n + 1, "say", session: session, text: "line \(n)"))
        }
        let bridge = try BridgeProcess([Self.counter, "--store", store])
        try bridge.sendRaw(Array(lines.map { $0 + "\n" }.joined().utf8))
        var answered: [String: Int] = [:]
        for n in 0..<answeredBeforeKill {
            let response = try bridge.readLine()
            let session = try #require(try Self.result(response)["session"])
            guard case .string(let name) = session else { throw BridgeProcess.Failure(description: response) }
            #expect(try Self.members(response)["id"] == .number(String(n + 1)))
            answered[name, default: 0] += 1
            // The counter dialog numbers each session's turns.
            #expect(try Self.replies(response).contains("turn \(answered[name]!)"))
        }
        bridge.signal(SIGKILL)
        _ = try bridge.waitForExit()

        let restarted = try BridgeProcess([Self.counter, "--store", store])
        for (index, session) in sessions.enumerated() {
            try restarted.send(Self.request(1000 + index, "say", session: session, text: "how many?"))
            let replies = try Self.replies(try restarted.readLine())
            let counted = try #require(replies.first { $0.hasPrefix("turn ") }.flatMap { Int($0.dropFirst(5)) })
            let kept = counted - 1
            #expect(kept >= answered[session, default: 0], "session \(session): \(kept) turns kept, \(answered[session, default: 0]) answered")
            #expect(kept <= sent[session, default: 0])
            #expect(kept > 0 || answered[session, default: 0] == 0)
        }
        try restarted.closeInput()
        #expect(try restarted.waitForExit() == 0)
        let check = try SQLiteSessionStore(path: store)
        #expect(try check.integrityCheck() == "ok")
        #expect(try check.count() == 3)
        try check.close()
    }

    @Test func closeThenOpenStartsFreshAndLeavesNothingInTheStore() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("sessions.sqlite").path
        let id = "private-session-7f3a"
        let secret = "my-secret-words-9c1e"
        let output = try Self.run([Self.sample, "--store", store], [
            Self.request(1, "open", session: id),
            Self.request(2, "say", session: id, text: "I feel \(secret)"),
            Self.request(3, "close", session: id),
            Self.request(4, "open", session: id),
            Self.request(5, "close", session: id),
        ])
        #expect(output.count == 5)
        #expect(try Self.result(output[1])["state"] == .string("talk.feeling"))
        #expect(try Self.result(output[2]) == ["session": .string(id), "closed": .bool(true), "existed": .bool(true)])
        #expect(try Self.result(output[3]) == (try Self.result(output[0])))
        // Deleted rows are overwritten (secure_delete) and the log is checkpointed away on exit.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store))
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data(id.utf8)) == nil)
        #expect(!FileManager.default.fileExists(atPath: store + "-wal"))
    }

    @Test func aMixedStreamGetsOneResponsePerRequestInOrder() throws {
        var input: [UInt8] = []
        var expected: [(id: String, code: Int?)] = []
        func add(_ line: String, id: String?, code: Int? = nil) {
            input += Array((line + "\n").utf8)
            if let id { expected.append((id, code)) }
        }
        func addRaw(_ bytes: [UInt8], id: String?, code: Int?) {
            input += bytes + [0x0A]
            if let id { expected.append((id, code)) }
        }
        add(Self.request(1, "open", session: "a"), id: "1")
        add("{not json", id: "null", code: -32700)
        addRaw(Array(#"{"jsonrpc":"2.0","id":2,"method":"say","params":{"session":"a","text":"caf"#.utf8) + [0xE9] + Array(#""}}"#.utf8),
               id: "null", code: -32700)
        addRaw([0xFF, 0xFE, 0x00, 0x80, 0xC0, 0xAF], id: "null", code: -32700)
        add(Self.request(3, "say", session: "a", text: "I want to set a goal"), id: "3")
        add("", id: nil)
        add("\r", id: nil)
        add("[]", id: "null", code: -32600)
        add(#"{"jsonrpc":"2.0","id":4,"method":"say","params":{"session":"\u0007","text":"x"}}"#, id: "4", code: -32602)
        add(Self.request(5, "say", session: String(repeating: "s", count: 129), text: "x"), id: "5", code: -32602)
        add(Self.request(6, "say", session: "", text: "x"), id: "6", code: -32602)
        add(Self.request(7, "frobnicate", session: "a"), id: "7", code: -32601)
        add(Self.request(nil, "say", session: "a", text: "twenty pages"), id: nil)
        add(Self.request(nil, "frobnicate", session: "a"), id: nil)
        add(#"{"jsonrpc":"2.0","id":8,"method":"say","params":{"session":"a","text":5}}"#, id: "8", code: -32602)
        add(#"{"jsonrpc":"2.0","id":"nine","method":"say","params":{"session":"a"}}"#, id: "\"nine\"", code: -32602)
        add(#"{"jsonrpc":"2.0","id":10,"method":1}"#, id: "10", code: -32600)
        add(#"{"jsonrpc":"2.0","id":true,"method":"info"}"#, id: "null", code: -32600)
        add(#"{"id":11,"method":"info"}"#, id: "11", code: -32600)
        // Over the limit by one byte, then far over it: read away, answered with id null.
        let overhead = Self.request(12, "say", session: "a", text: "").utf8.count
        addRaw(Array(Self.request(12, "say", session: "a", text: String(repeating: "x", count: (1 << 20) + 1 - overhead)).utf8),
               id: "null", code: -32600)
        addRaw([UInt8](repeating: 0x7B, count: 5 << 20), id: "null", code: -32600)
        // Exactly at the limit (with a \r\n line end, which does not count): a normal request.
        let atLimit = Self.request(13, "say", session: "a", text: String(repeating: "y", count: (1 << 20) - overhead)) + "\r"
        #expect(atLimit.utf8.count == (1 << 20) + 1)
        add(atLimit, id: "13")
        add(Self.request(14, "open", session: "a"), id: "14")

        // Several megabytes through a debug build, beside the other tests on a
        // small machine: the deadline only guards against a hang.
        let bridge = try BridgeProcess([Self.sample], timeout: 300)
        bridge.sendInBackgroundThenClose(input)
        let output = try bridge.readToEnd()
        #expect(try bridge.waitForExit() == 0)
        #expect(output.count == expected.count)
        for (line, want) in zip(output, expected) {
            let members = try Self.members(line)
            var writer = JSONWriter()
            writer.value(members["id"] ?? .string("missing"))
            #expect(String(decoding: writer.bytes, as: UTF8.self) == want.id, "\(line.prefix(200))")
            if let code = want.code {
                guard case .object(let error)? = members["error"] else {
                    Issue.record("expected error \(code): \(line.prefix(200))")
                    continue
                }
                #expect(error.first { $0.key == "code" }?.value == .number(String(code)), "\(line.prefix(200))")
                guard case .string(let message)? = error.first(where: { $0.key == "message" })?.value else {
                    Issue.record("no message: \(line)")
                    continue
                }
                #expect(message.count > 20, "an actionable message: \(message)")
            } else {
                #expect(members["result"] != nil, "\(line.prefix(200))")
            }
        }
        // The notification moved session a on; id 14's open shows where it is.
        #expect(try Self.result(output.last ?? "")["state"] == .string("goal.set"))
        let tooLong = try #require(output.first { $0.contains("bytes long") })
        #expect(tooLong.contains("the line is 1048577 bytes long; the limit is 1048576 bytes"))
    }

    @Test func anyBytesAtAllGetAnswersAndNoCrash() throws {
        // A fixed-seed generator: the same "random" lines every run.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var input: [UInt8] = []
        var requests = 0
        for _ in 0..<300 {
            var line = (0..<Int(next() % 200 + 1)).map { _ in UInt8(truncatingIfNeeded: next()) }.filter { $0 != 0x0A }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { line.append(0x21) }
            input += line + [0x0A]
            requests += 1
        }
        input += Array((Self.request(99, "info") + "\n").utf8)
        // Several megabytes through a debug build, beside the other tests on a
        // small machine: the deadline only guards against a hang.
        let bridge = try BridgeProcess([Self.sample], timeout: 300)
        bridge.sendInBackgroundThenClose(input)
        let output = try bridge.readToEnd()
        #expect(try bridge.waitForExit() == 0)
        #expect(output.count == requests + 1)
        #expect(output.dropLast().allSatisfy { $0.hasPrefix(#"{"jsonrpc":"2.0","id":null,"error":{"code":-3270"#) })
        #expect(output.last?.hasPrefix(#"{"jsonrpc":"2.0","id":99,"result":{"dialog":"Reading coach""#) == true)
    }

    @Test func sigtermFinishesCleanly() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("sessions.sqlite").path
        let bridge = try BridgeProcess([Self.sample, "--store", store])
        try bridge.send(Self.request(1, "say", session: "a", text: "I want to set a goal"))
        _ = try bridge.readLine()
        bridge.signal(SIGTERM)
        #expect(try bridge.waitForExit() == 0)
        // Nothing at the default level but the new store's announcement.
        #expect(bridge.stderr.split(separator: "\n").filter { !$0.contains("event=store created=") } == [], "\(bridge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store + "-wal"))
        // What was answered is there for the next bridge.
        let next = try Self.run([Self.sample, "--store", store], [Self.request(2, "open", session: "a")])
        #expect(try Self.result(next[0])["state"] == .string("goal.size"))
    }

    @Test func aClosedStdoutEndsTheBridgeQuietly() throws {
        let bridge = try BridgeProcess([Self.sample])
        try bridge.closeOutput()
        for n in 1...50 { try? bridge.send(Self.request(n, "say", session: "a", text: "hi")) }
        try? bridge.closeInput()
        #expect(try bridge.waitForExit() == 0)
        #expect(bridge.stderr == "")
    }

    @Test func logsNameSessionsByTagAndNeverShowUserTextBelowTrace() throws {
        let secret = "secret-words-4d2b"
        let id = "user-session-88"
        let lines = [Self.request(1, "open", session: id), Self.request(2, "say", session: id, text: "I feel \(secret)"), "oops"]
        for level in ["info", "debug"] {
            let bridge = try BridgeProcess([Self.sample, "--log-level", level])
            for line in lines { try bridge.send(line) }
            try bridge.closeInput()
            _ = try bridge.readToEnd()
            #expect(try bridge.waitForExit() == 0)
            let log = bridge.stderr
            #expect(!log.contains(secret) && !log.contains(id), "\(log)")
            let turns = log.split(separator: "\n").filter { $0.contains("event=request") }
            #expect(turns.count == 3)
            #expect(turns[1].contains("method=say session=\(SessionTag.of(id)) state=talk.feeling intent=feel latency_us="), "\(turns[1])")
            #expect(turns[2].contains("level=warning") && turns[2].contains("code=-32700"))
        }
        let traced = try BridgeProcess([Self.sample, "--log-level", "trace"])
        for line in lines { try traced.send(line) }
        try traced.closeInput()
        _ = try traced.readToEnd()
        #expect(try traced.waitForExit() == 0)
        #expect(traced.stderr.contains(secret))
    }

    @Test func idleSessionsExpireAfterTheTTL() throws {
        let bridge = try BridgeProcess([Self.sample, "--ttl", "1s"])
        try bridge.send(Self.request(1, "say", session: "a", text: "I want to set a goal"))
        #expect(try Self.result(try bridge.readLine())["state"] == .string("goal.size"))
        // Times are whole seconds: 2.1 s later, "now - touched > 1" holds whatever the fractions were.
        usleep(2_100_000)
        try bridge.send(Self.request(2, "open", session: "a"))
        #expect(try Self.result(try bridge.readLine())["state"] == .string("welcome"))
        try bridge.closeInput()
        #expect(try bridge.waitForExit() == 0)
    }

    @Test func startupProblemsGoToStderrAndStdoutStaysClean() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let badTTL = try ParleyProcess.run(["bridge", "--ttl", "soon"], input: "")
        #expect(badTTL.status != 0)
        #expect(badTTL.stdout == "")
        #expect(badTTL.stderr.contains("--ttl 'soon' is not a duration"))
        let zeroTTL = try ParleyProcess.run(["bridge", "--ttl", "0s"], input: "")
        #expect(zeroTTL.status == 64)
        #expect(zeroTTL.stderr.contains("--ttl '0s' would forget every session before its next line"), "\(zeroTTL.stderr)")
        let storeIsFolder = try ParleyProcess.run(["bridge", "--store", folder.path], input: Self.request(1, "info") + "\n")
        #expect(storeIsFolder.status == 1)
        #expect(storeIsFolder.stdout == "")
        #expect(storeIsFolder.stderr.contains("level=error event=start"))
        let owner = try BridgeProcess([Self.sample, "--store", folder.appendingPathComponent("s.sqlite").path])
        try owner.send(Self.request(1, "info"))
        _ = try owner.readLine()
        // A second bridge shares the store (SharedStoreTests checks the turns).
        let second = try ParleyProcess.run(["bridge", "--store", folder.appendingPathComponent("s.sqlite").path], input: Self.request(1, "info") + "\n")
        #expect(second.status == 0)
        #expect(second.stdout.contains(#""sessions":0"#))
        try owner.closeInput()
        #expect(try owner.waitForExit() == 0)
        let missingDialog = try ParleyProcess.run(["bridge", "no/such/dialog"], input: Self.request(1, "info") + "\n")
        #expect(missingDialog.status != 0)
        #expect(missingDialog.stdout == "")
    }

    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python != nil, "needs python3"))
    func theDocumentedExampleClientChats() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python!)
        process.currentDirectoryURL = ParleyProcess.packageRoot
        process.arguments = ["docs/examples/bridge_client.py", "--cmd", "\(ParleyProcess.executable.path) bridge \(Self.sample)",
                             "I want to set a reading goal", "twenty pages", "/close"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(try ChildExit.wait(for: process, timeout: 300) == 0, "\(text)")
        #expect(text.contains("coach> How many pages a day feels right?\n        1. Five pages"), "\(text)")
        #expect(text.contains("coach> 20 pages a day is ambitious. Good for you!"), "\(text)")
        #expect(text.contains("'closed': True"), "\(text)")
    }

    static let fixtureFolder = ParleyProcess.packageRoot.appendingPathComponent("Fixtures/bridge")
    static var fixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtureFolder.path)) ?? []).filter { $0.hasSuffix(".bridge") }.sorted()
    }

    @Test(arguments: fixtures)
    func fixturesReplayThroughTheBinary(_ name: String) throws {
        let url = Self.fixtureFolder.appendingPathComponent(name)
        let transcript = try BridgeTranscript.parse(try String(contentsOf: url, encoding: .utf8), path: url.path).get()
        var arguments = ["--seed", String(transcript.seed)]
        if let dialog = transcript.dialog { arguments.insert(Self.fixtureFolder.appendingPathComponent(dialog).standardized.path, at: 0) }
        let output = try Self.run(arguments, transcript.requests)
        #expect(output == transcript.responses)
    }
}
