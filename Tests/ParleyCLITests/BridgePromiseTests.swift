import Foundation
import ParleyKit
import Testing

/// What docs/bridge-protocol.md promises, checked on the real `parley bridge`:
/// session ids byte for byte, `close` erasing at once, a store that vanishes,
/// lone surrogates, latency in every log line, store
/// file checks, batches, and sessions that outlive an edit of their dialog.
/// Several bridges on one file: SharedStoreTests.
@Suite(.serialized) struct BridgePromiseTests {
    typealias B = BridgeCommandTests
    static let sample = BridgeCommandTests.sample

    static func temporaryFolder() throws -> String {
        let folder = B.temporaryFolder().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func state(_ line: String) throws -> String? {
        if case .string(let state)? = try B.result(line)["state"] { return state }
        return nil
    }

    static func errorCode(_ line: String) throws -> Int? {
        guard case .object(let error)? = try B.members(line)["error"],
              case .number(let code)? = error.first(where: { $0.key == "code" })?.value else { return nil }
        return Int(code)
    }

    static func id(_ line: String) throws -> JSONValue? { try B.members(line)["id"] }

    /// Every byte of the store and its write-ahead log.
    static func storeBytes(_ path: String) -> Data {
        var data = Data()
        for file in [path, path + "-wal", path + "-journal"] {
            if let bytes = FileManager.default.contents(atPath: file) { data += bytes }
        }
        return data
    }

    // MARK: - Session ids

    @Test(arguments: [false, true])
    func sessionIdsAreComparedByteForByte(store: Bool) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bridge = try BridgeProcess([Self.sample] + (store ? ["--store", folder + "/s.sqlite"] : []))
        let pairs = [("irc:Kate", "irc:\u{212A}ate"), ("caf\u{E9}", "cafe\u{301}")]
        for (n, (first, lookalike)) in pairs.enumerated() {
            try bridge.send(B.request(10 * n + 1, "say", session: first, text: "I feel secretly anxious"))
            #expect(try Self.state(try bridge.readLine()) == "talk.feeling")
            try bridge.send(B.request(10 * n + 2, "open", session: lookalike))
            let other = try bridge.readLine()
            #expect(try Self.state(other) == "welcome", "\(lookalike.unicodeScalars.map(\.value)) reached \(first)'s session")
            #expect(!other.contains("anxious"))
        }
        try bridge.closeInput()
        #expect(try bridge.waitForExit() == 0)
    }

    // MARK: - close

    @Test func closeErasesTheSessionFromTheStoreAndItsLogAtOnce() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let bridge = try BridgeProcess([Self.sample, "--store", path])
        try bridge.send(B.request(1, "say", session: "a", text: "I feel zebracornish"))
        _ = try bridge.readLine()
        let secret = Data("zebracornish".utf8)
        #expect(Self.storeBytes(path).range(of: secret) != nil, "the remembered words are stored before close")
        try bridge.send(B.request(2, "close", session: "a"))
        #expect(try bridge.readLine().contains(#""existed":true"#))
        // The bridge still runs: nothing has been checkpointed by a shutdown.
        #expect(Self.storeBytes(path).range(of: secret) == nil, "the closed session's words are still in the store or its log")
        try bridge.closeInput()
        #expect(try bridge.waitForExit() == 0)
    }

    // MARK: - A store that vanishes

    @Test(arguments: ["delete", "rename"])
    func aStoreDeletedOrRenamedUnderTheBridgeIsAnsweredWithStoreFailure(how: String) throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        let bridge = try BridgeProcess([Self.sample, "--store", path])
        try bridge.send(B.request(1, "open", session: "a"))
        _ = try bridge.readLine()
        if how == "delete" {
            try FileManager.default.removeItem(atPath: path)
        } else {
            try FileManager.default.moveItem(atPath: path, toPath: folder + "/moved.sqlite")
        }
        try bridge.send(B.request(2, "say", session: "a", text: "hello"))
        let answer = try bridge.readLine()
        #expect(try Self.errorCode(answer) == -32000, "\(answer)")
        #expect(try Self.id(answer) == .number("2"))
        #expect(answer.contains("deleted, renamed or replaced"))
        try bridge.closeInput()
        _ = try bridge.waitForExit()
    }

    // MARK: - Lone surrogates

    @Test func aLoneSurrogateIsAnsweredWithTheRequestsId() throws {
        let lines = [
            #"{"jsonrpc":"2.0","id":7,"method":"say","params":{"session":"s","text":"hi \ud83d"}}"#,
            #"{"jsonrpc":"2.0","id":"x","method":"open","params":{"session":"\udc00"}}"#,
        ]
        let output = try B.run([Self.sample], lines)
        #expect(output.count == 2)
        #expect(try Self.id(output[0]) == .number("7") && B.result(output[0])["replies"] != nil)
        #expect(try Self.id(output[1]) == .string("x"))
        #expect(try B.result(output[1])["session"] == .string("\u{FFFD}"))
    }

    // MARK: - Logs

    @Test func latencyIsTheRequestsOwnAtTheDefaultLevel() throws {
        let started = Date()
        let bridge = try BridgeProcess([Self.sample])
        try bridge.send(#"{"jsonrpc":"2.0","id":1,"method":"sya"}"#)
        _ = try bridge.readLine()
        try bridge.closeInput()
        #expect(try bridge.waitForExit() == 0)
        let elapsed = Int(Date().timeIntervalSince(started) * 1_000_000)
        let field = try #require(bridge.stderr.split(separator: " ").first { $0.hasPrefix("latency_us=") }, "\(bridge.stderr)")
        let latency = try #require(Int(field.dropFirst("latency_us=".count).prefix { $0.isNumber }))
        #expect(latency <= elapsed, "latency_us=\(latency) is longer than the whole run (\(elapsed) µs): a clock, not a latency")
    }

    // MARK: - Store files

    @Test func aDanglingLinkWhereTheStoreShouldBeIsRefusedNotFollowed() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        symlink(folder + "/planted", folder + "/s.sqlite")
        let run = try ParleyProcess.run(["bridge", Self.sample, "--store", folder + "/s.sqlite"], input: "")
        #expect(run.status == 1)
        #expect(run.stderr.contains("symbolic link"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/planted"))
    }

    @Test func aStoreOthersCouldReadIsNarrowedTo0600() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/s.sqlite"
        _ = try B.run([Self.sample, "--store", path], [B.request(1, "open", session: "a")])
        chmod(path, 0o644)
        let output = try B.run([Self.sample, "--store", path], [B.request(1, "open", session: "a")])
        #expect(output.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    // MARK: - Batches

    @Test func aBatchIsAnsweredWithAnArrayOfResponsesInOrder() throws {
        let batch = "[" + [B.request(1, "open", session: "a"), B.request(nil, "say", session: "a", text: "1"),
                           #"{"jsonrpc":"2.0","id":3,"method":"sya"}"#, "42",
                           B.request(4, "say", session: "a", text: "five pages")].joined(separator: ",") + "]"
        let output = try B.run([Self.sample], [batch, "[" + B.request(nil, "open", session: "b") + "]", "[]",
                                               B.request(5, "info")])
        #expect(output.count == 3, "\(output)")
        guard case .array(let responses) = try JSONReader.read(output[0]) else {
            Issue.record("not an array: \(output[0])")
            return
        }
        let ids: [JSONValue?] = responses.map { if case .object(let m) = $0 { m.first { $0.key == "id" }?.value } else { nil } }
        #expect(ids == [.number("1"), .number("3"), .null, .number("4")])
        var writer = JSONWriter()
        writer.value(responses[3])
        #expect(String(decoding: writer.bytes, as: UTF8.self).contains(#""state":"goal.set""#))
        #expect(try Self.errorCode(output[1]) == -32600 && Self.id(output[1]) == .null)
        #expect(try Self.id(output[2]) == .number("5"), "a batch of notifications gets no response")
    }

    // MARK: - Sessions outlive dialog edits

    /// Sessions stored under one version of a dialog, answered by a bridge
    /// restarted on an edited version that lost a state, options and a variable.
    @Test func everyStoredSessionAnswersAfterItsDialogLostStatesAndOptions() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = folder + "/s.sqlite", dialog = folder + "/edits.dialog"
        let fixtures = ParleyProcess.packageRoot.appendingPathComponent("Fixtures/edits")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("before.dialog").path, toPath: dialog)
        let lines: [String: [String]] = ["menu": [], "apples": ["1"], "bananas": ["2"], "notes": ["the weather is lovely"],
                                         "ended": ["1", "2"]]
        var requests: [String] = []
        for (session, said) in lines.sorted(by: { $0.key < $1.key }) {
            requests.append(B.request(requests.count + 1, "open", session: session))
            for line in said { requests.append(B.request(requests.count + 1, "say", session: session, text: line)) }
        }
        #expect(try B.run([dialog, "--store", store], requests).count == requests.count)

        try FileManager.default.removeItem(atPath: dialog)
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("after.dialog").path, toPath: dialog)
        for round in 0..<2 {  // and again: a repaired session is stored repaired
            var after: [String] = []
            for session in lines.keys.sorted() {
                after.append(B.request(after.count + 1, "open", session: session))
                after.append(B.request(after.count + 1, "say", session: session, text: "2"))
            }
            let bridge = try BridgeProcess([dialog, "--store", store, "--log-level", "info"])
            for request in after { try bridge.send(request) }
            try bridge.closeInput()
            let output = try bridge.readToEnd()
            #expect(try bridge.waitForExit() == 0, "round \(round): \(bridge.stderr)")
            #expect(output.count == after.count)
            for line in output { #expect(try B.members(line)["result"] != nil, "round \(round): \(line)") }
            let opens = Dictionary(uniqueKeysWithValues: zip(lines.keys.sorted(), stride(from: 0, to: output.count, by: 2).map { output[$0] }))
            if round == 0 {
                #expect(try Self.state(opens["bananas"]!) == "menu", "a session whose state is gone starts over")
                #expect(opens["menu"]!.contains(#"[{"key":"1","label":"Apples"},{"key":"2","label":"Cherries"}]"#))
                #expect(bridge.stderr.contains("repaired=true"))
            }
            #expect(try Self.state(opens["apples"]!) == "apples")
        }
    }
}
