import BuiltinDialogs
import Foundation
import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

/// A compiled dialog shared by the tests: the sample dialog, by name, so the
/// tests do not change when the built-in default does.
let bridgeTestEngine: Engine = {
    guard let dialog = BuiltinDialogs.compile("sample").dialog else { fatalError("the sample dialog does not compile") }
    return Engine(dialog: dialog)
}()

/// Sends JSON-RPC lines to a handler and reads its answers as JSON.
struct BridgeDriver {
    let handler: BridgeHandler
    var nextID = 0

    init(store: any SessionStore = MemorySessionStore(), configuration: BridgeConfiguration = BridgeConfiguration()) {
        handler = BridgeHandler(engine: bridgeTestEngine, store: store, configuration: configuration)
    }

    /// The raw response line (with its newline), or nil.
    func send(_ line: String, now: Int64 = 0) -> String? {
        handler.handle(line, now: now).response.map { String(decoding: $0, as: UTF8.self) }
    }

    mutating func call(_ method: String, _ params: [String: String] = [:], now: Int64 = 0) throws -> [String: JSONValue] {
        nextID += 1
        var writer = JSONWriter()
        writer.raw(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"\#(method)","params":{"#)
        for (index, key) in params.keys.sorted().enumerated() {
            if index > 0 { writer.raw(",") }
            writer.string(key)
            writer.raw(":")
            writer.string(params[key]!)
        }
        writer.raw("}}")
        let line = String(decoding: writer.bytes, as: UTF8.self)
        let response = try #require(send(line, now: now))
        #expect(response.hasSuffix("\n") && response.dropLast().contains("\n") == false)
        guard case .object(let members) = try JSONReader.read(String(response.dropLast())) else {
            throw BridgeTestError("not an object: \(response)")
        }
        let object = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(object["id"] == .number(String(nextID)))
        #expect(object["jsonrpc"] == .string("2.0"))
        if case .object(let result)? = object["result"] {
            return Dictionary(result.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        if case .object(let error)? = object["error"] {
            return ["error": .object(error)]
        }
        throw BridgeTestError("neither result nor error: \(response)")
    }
}

struct BridgeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String, Value == JSONValue {
    var replies: [String] {
        guard case .array(let items)? = self["replies"] else { return [] }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }

    func text(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    var errorCode: String? {
        guard case .object(let members)? = self["error"], let code = members.first(where: { $0.key == "code" }),
              case .number(let literal) = code.value else { return nil }
        return literal
    }
}

@Suite struct BridgeHandlerTests {
    @Test func openGreetsThenResumesWithTheQuestion() throws {
        var bridge = BridgeDriver()
        let first = try bridge.call("open", ["session": "a"])
        #expect(first.text("state") == "welcome")
        #expect(first.replies.last == "What would you like to do?")
        #expect(first["intent"] == .null)
        #expect(first["ended"] == .bool(false))
        guard case .array(let options)? = first["options"] else { throw BridgeTestError("no options") }
        #expect(options.first == .object([JSONMember(key: "key", value: .string("1")), JSONMember(key: "label", value: .string("Set a reading goal"))]))

        _ = try bridge.call("say", ["session": "a", "text": "I want to set a goal"])
        let again = try bridge.call("open", ["session": "a"])
        #expect(again.text("state") == "goal.size")
        #expect(again.replies == ["How many pages a day feels right?"])
    }

    @Test func sayToAnUnknownSessionOpensItAndAnswers() throws {
        var bridge = BridgeDriver()
        let turn = try bridge.call("say", ["session": "new", "text": "I feel nervous"])
        var reference = BridgeDriver()
        let greeting = try reference.call("open", ["session": "new"])
        let answer = try reference.call("say", ["session": "new", "text": "I feel nervous"])
        #expect(turn.replies == greeting.replies + answer.replies)
        #expect(turn.text("state") == "talk.feeling")
        #expect(turn.text("intent") == "feel")
        #expect(turn["score"] == answer["score"])
    }

    @Test func sessionsNeverSeeEachOther() throws {
        var mixed = BridgeDriver()
        var alone = BridgeDriver()
        let lines = ["hi", "I want to set a goal", "twenty pages", "yes"]
        var mixedA: [[String]] = [], aloneA: [[String]] = []
        for line in lines {
            mixedA.append(try mixed.call("say", ["session": "a", "text": line]).replies)
            _ = try mixed.call("say", ["session": "b", "text": "I feel sad"])
            _ = try mixed.call("reset", ["session": "c"])
            aloneA.append(try alone.call("say", ["session": "a", "text": line]).replies)
        }
        #expect(mixedA == aloneA)
    }

    @Test func theSameSeedAndLinesGiveTheSameBytes() throws {
        func run(seed: UInt64) -> [String] {
            let bridge = BridgeDriver(configuration: BridgeConfiguration(seed: seed))
            var out: [String] = []
            for n in 0..<30 {
                let session = "s\(n % 5)"
                out.append(bridge.send(#"{"jsonrpc":"2.0","id":\#(n),"method":"say","params":{"session":"\#(session)","text":"tell me a quote"}}"#) ?? "")
            }
            return out
        }
        #expect(run(seed: 7) == run(seed: 7))
        #expect(SessionSeed.derive(base: 7, session: "a") != SessionSeed.derive(base: 7, session: "b"))
        #expect(SessionSeed.derive(base: 7, session: "a") != SessionSeed.derive(base: 8, session: "a"))
        #expect(SessionSeed.derive(base: 0, session: "a") == SessionSeed.derive(base: 0, session: "a"))
    }

    @Test func resetStartsOver() throws {
        var bridge = BridgeDriver()
        _ = try bridge.call("say", ["session": "a", "text": "I want to set a goal"])
        let reset = try bridge.call("reset", ["session": "a"])
        #expect(reset.text("state") == "welcome")
        #expect(reset.replies.last == "What would you like to do?")
        let unknown = try bridge.call("reset", ["session": "never-seen"])
        #expect(unknown.text("state") == "welcome")
    }

    @Test func closeForgetsTheSessionAndOpenStartsFresh() throws {
        let store = MemorySessionStore()
        var bridge = BridgeDriver(store: store)
        let first = try bridge.call("open", ["session": "a"])
        _ = try bridge.call("say", ["session": "a", "text": "I want to set a goal"])
        let closed = try bridge.call("close", ["session": "a"])
        #expect(closed == ["session": .string("a"), "closed": .bool(true), "existed": .bool(true)])
        #expect(store.count() == 0)
        let again = try bridge.call("close", ["session": "a"])
        #expect(again["existed"] == .bool(false))
        let reopened = try bridge.call("open", ["session": "a"])
        #expect(reopened == first)
    }

    @Test func infoDescribesTheDialog() throws {
        var bridge = BridgeDriver()
        _ = try bridge.call("open", ["session": "a"])
        let info = try bridge.call("info")
        #expect(info.text("dialog") == "Reading coach")
        #expect(info.text("version") == "1.0")
        #expect(info["states"] == .number(String(bridgeTestEngine.dialog.states.count)))
        #expect(info["intents"] == .number(String(bridgeTestEngine.dialog.userIntentCount)))
        #expect(info["sessions"] == .number("1"))
    }

    @Test func notificationsRunButGetNoResponse() throws {
        let store = MemorySessionStore()
        var bridge = BridgeDriver(store: store)
        #expect(bridge.send(#"{"jsonrpc":"2.0","method":"say","params":{"session":"a","text":"I want to set a goal"}}"#) == nil)
        #expect(try bridge.call("open", ["session": "a"]).text("state") == "goal.size")
        #expect(bridge.send(#"{"jsonrpc":"2.0","method":"close","params":{"session":"a"}}"#) == nil)
        #expect(store.count() == 0)
        #expect(bridge.send(#"{"jsonrpc":"2.0","method":"nope"}"#) == nil)
    }

    /// The front end's loop has each response appended where it keeps the
    /// responses not yet written (bridgeio): the same bytes and events as
    /// `handle(_:now:)`, after what was there, for every kind of line.
    @Test func appendsTheSameResponsesAndEventsAsItReturns() {
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a","text":"I want to set a goal"}}"#,
            #"{"jsonrpc":"2.0","id":"x","method":"open","params":{"session":"a"}}"#,
            #"{"jsonrpc":"2.0","method":"say","params":{"session":"a","text":"10 pages"}}"#,
            #"[{"jsonrpc":"2.0","id":2,"method":"info"},{"jsonrpc":"2.0","method":"open","params":{"session":"b"}},{"jsonrpc":"2.0","id":3,"method":"close","params":{"session":"b"}}]"#,
            #"[{"jsonrpc":"2.0","method":"open","params":{"session":"c"}}]"#,
            "[]", "not json", #"{"jsonrpc":"2.0","id":4,"method":"nope"}"#, "  ",
            #"{"jsonrpc":"2.0","id":5,"method":"reset","params":{"session":"a"}}"#,
        ]
        let returning = BridgeDriver(), appending = BridgeDriver()
        var output = JSONWriter()
        output.raw("earlier\n" as StaticString)
        var expected = Array("earlier\n".utf8)
        for line in lines {
            let outcome = returning.handler.handle(line, now: 0)
            expected += outcome.response ?? []
            var events: [BridgeEvent] = []
            var text = line
            text.withUTF8 { appending.handler.handle($0, now: 0, into: &output) { events.append($0) } }
            #expect(events == outcome.events, "\(line)")
            #expect(output.bytes == expected, "\(line)")
        }
        var overlong = output
        #expect(appending.handler.handleOverlongLine(byteCount: 9, into: &overlong) == returning.handler.handleOverlongLine(byteCount: 9).event)
        #expect(overlong.bytes == expected + (returning.handler.handleOverlongLine(byteCount: 9).response ?? []))
        #expect(output.bytes == expected, "a copy of the writer writes its own bytes")
    }

    @Test func blankLinesAreIgnored() {
        let bridge = BridgeDriver()
        for line in ["", " ", "\t", "  \r"] {
            let outcome = bridge.handler.handle(line, now: 0)
            #expect(outcome.response == nil)
            #expect(BridgeLog.level(of: outcome.event) == nil)
        }
    }

    @Test func anOverlongLineGetsAnErrorWithIdNull() {
        let bridge = BridgeDriver()
        let response = String(decoding: bridge.handler.handleOverlongLine(byteCount: 2_000_000).response ?? [], as: UTF8.self)
        #expect(response == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"the line is 2000000 bytes long; the limit is 1048576 bytes (1 MiB) per request, and the line was ignored"}}"# + "\n")
    }

    @Test func idleSessionsExpire() throws {
        let store = MemorySessionStore()
        var bridge = BridgeDriver(store: store, configuration: BridgeConfiguration(idleTimeout: 60))
        _ = try bridge.call("say", ["session": "a", "text": "I want to set a goal"], now: 1000)
        #expect(try bridge.call("open", ["session": "a"], now: 1060).text("state") == "goal.size")
        // Idle for 61 s: forgotten, so open greets again.
        let later = try bridge.call("open", ["session": "a"], now: 1121)
        #expect(later.text("state") == "welcome")
        _ = try bridge.call("open", ["session": "b"], now: 1200)
        #expect(try bridge.handler.expireIdleSessions(now: 1200) == 1)
        #expect(store.count() == 1)
        #expect(store.load("b") != nil)
    }

    @Test func aFailingStoreGivesAServerErrorAndTheBridgeGoesOn() throws {
        let store = FailingStore()
        var bridge = BridgeDriver(store: store)
        _ = try bridge.call("open", ["session": "a"])
        store.failSaves = true
        let failed = try bridge.call("say", ["session": "a", "text": "I want to set a goal"])
        #expect(failed.errorCode == "-32000")
        store.failSaves = false
        // The failed turn was not kept: the session is where it was.
        #expect(try bridge.call("open", ["session": "a"]).text("state") == "welcome")
    }

    @Test func anUnreadableSessionCanBeResetOrClosed() throws {
        let store = FailingStore()
        var bridge = BridgeDriver(store: store)
        _ = try bridge.call("open", ["session": "a"])
        store.unreadable = true
        #expect(try bridge.call("say", ["session": "a", "text": "hi"]).errorCode == "-32000")
        #expect(try bridge.call("reset", ["session": "a"]).text("state") == "welcome")
        #expect(try bridge.call("close", ["session": "a"])["closed"] == .bool(true))
    }

    @Test func everyResponseIsOneLine() {
        let bridge = BridgeDriver()
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a\u2028","text":"x"}}"#,
            #"{"jsonrpc":"2.0","id":"line\nbreak","method":"say","params":{"session":"a","text":"multi\nline\u2028text"}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"say","params":{"session":"a","text":"list the tips"}}"#,
        ]
        for line in lines {
            let response = bridge.send(line) ?? ""
            #expect(response.hasSuffix("\n"))
            #expect(!response.dropLast().contains("\n") && !response.contains("\u{2028}"))
        }
    }

    @Test func sessionTagsHideTheIdButStayStable() {
        #expect(SessionTag.of("alice") == SessionTag.of("alice"))
        #expect(SessionTag.of("alice") != SessionTag.of("bob"))
        #expect(SessionTag.of("alice").count == 12)
        #expect(!SessionTag.of("alice").contains("alice"))
    }
}

/// A store whose saves or loads fail on demand, like a full disk or a damaged row.
final class FailingStore: SessionStore {
    let inner = MemorySessionStore()
    var failSaves = false
    var unreadable = false

    func load(_ id: String) throws(StoreError) -> StoredSession? {
        if unreadable { throw StoreError("a stored session is damaged (test)", isUnreadableSession: true) }
        return inner.load(id)
    }

    func save(_ session: Session, for id: String, touched: Int64) throws(StoreError) {
        if failSaves { throw StoreError("disk full (test)") }
        inner.save(session, for: id, touched: touched)
        unreadable = false
    }

    func delete(_ id: String) -> Bool {
        unreadable = false
        return inner.delete(id)
    }

    func deleteIdle(touchedBefore cutoff: Int64) -> Int { inner.deleteIdle(touchedBefore: cutoff) }
    func count() -> Int { inner.count() }
    func close() { inner.close() }
    func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result { try body() }
}
