import ParleyKit
import ParleyStore

/// Settings of a bridge that change what it answers.
public struct BridgeConfiguration: Sendable {
    /// Mixed with each session id into that session's seed: the same seed and
    /// lines give the same conversations, in any run, on any machine.
    public var seed: UInt64
    /// Sessions unused for longer than this many seconds are forgotten; nil: never.
    public var idleTimeout: Int64?

    /// Settings with `seed` (0 by default) and `idleTimeout` in seconds (nil by default: never).
    public init(seed: UInt64 = 0, idleTimeout: Int64? = nil) {
        self.seed = seed
        self.idleTimeout = idleTimeout
    }
}

/// What handling one line did, for the front end's log. Holds no user text:
/// only protocol facts and names from the dialog. The front end hands it to
/// `BridgeLog`, which decides the level and writes the line.
public struct BridgeEvent: Sendable, Equatable {
    /// The request's method; nil for a blank line or a line that was not a request.
    var method: BridgeMethod?
    /// The request's session id, kept only to derive `sessionTag` when a log
    /// line is written (hashing every request would cost time for nothing).
    var session: String?
    /// `SessionTag.of(session)`: what logs show instead of the id.
    var sessionTag: String? { session.map(SessionTag.of) }
    /// The session's state after the request, by name.
    var state: String?
    /// The intent the line matched, by name; nil when none did.
    var intent: String?
    /// The session did not exist (or had expired) and was opened by this request.
    var opened = false
    /// The stored session was made with another version of the dialog, or
    /// named what the dialog no longer has, and was repaired (`Engine.fit`);
    /// with `opened`, its state was gone and it started over.
    var repaired = false
    /// The error the request was answered with, if any.
    var error: BridgeError?
    /// The request was a notification (no id): JSON-RPC gives it no response.
    var isNotification = false

    init() {}
}

/// The result of one line: the response line to write (with its line end),
/// or nil when JSON-RPC wants none; and the events to log, one per request
/// (a batch has several).
public struct BridgeOutcome: Sendable {
    /// The response line, UTF-8 JSON ending in `\n`; nil when JSON-RPC wants no response.
    public var response: [UInt8]?
    /// One event per request of the line, in order (several for a batch).
    public var events: [BridgeEvent]

    init(response: [UInt8]?, event: BridgeEvent) {
        self.response = response
        self.events = [event]
    }

    init(response: [UInt8]?, events: [BridgeEvent]) {
        self.response = response
        self.events = events
    }

    /// The first event: the only one, unless the line was a batch.
    public var event: BridgeEvent { events.first ?? BridgeEvent() }
}

/// The bridge protocol with no I/O: a request line in, a response line out,
/// sessions in a `SessionStore`. The front end reads lines, passes the wall
/// clock (used only for idle expiry), writes what comes back, and logs.
///
/// A turn is saved in the store before its response is returned, so a response
/// a client has seen is never lost by a crash afterwards. Each request's load,
/// turn and save run inside `SessionStore.serialized`, so several handlers
/// (several bridge processes) may share one store.
public final class BridgeHandler {
    let engine: Engine
    let store: any SessionStore
    /// `store`, if it is the memory store: the lanes name each session's
    /// shard to it, so that it does not hash the id again (`handle(common:now:into:named:shard:)`).
    private let memory: MemorySessionStore?
    /// The seed and idle timeout it was made with.
    public let configuration: BridgeConfiguration
    private var writer = JSONWriter()
    /// The JSON form of the dialog's texts this handler has written lately.
    private let memo = JSONStringMemo()
    /// `info`'s intent count, counted once: counting filters every intent
    /// (174 µs at 5,000 intents, issue 12) and the dialog never changes.
    private let userIntentCount: Int

    /// A handler running `engine`'s dialog for every session and keeping the
    /// sessions in `store`.
    public init(engine: Engine, store: any SessionStore, configuration: BridgeConfiguration = BridgeConfiguration()) {
        self.engine = engine
        self.store = store
        memory = store as? MemorySessionStore
        self.configuration = configuration
        userIntentCount = engine.dialog.userIntentCount
    }

    /// Handles one line, without its line end. `now` is the wall clock in seconds.
    public func handle(_ line: UnsafeBufferPointer<UInt8>, now: Int64) -> BridgeOutcome {
        var events: [BridgeEvent] = []
        writer.removeAll()
        handle(line, now: now, into: &writer) { events.append($0) }
        return BridgeOutcome(response: writer.count > 0 ? writer.bytes : nil, events: events)
    }

    /// Handles one line, without its line end: appends its response line
    /// (ending in `\n`; nothing when JSON-RPC wants none) to `output`, and
    /// passes `event` what each request of it did, in order (several for a
    /// batch). `now` is the wall clock in seconds. The front end's loop: the
    /// response goes where the loop keeps the responses it has not written
    /// yet, and no array is made for it or for the events (issue 12: copying
    /// the response out of the writer, the events' array and appending the
    /// copy were about 800 instructions a `say`).
    public func handle(_ line: UnsafeBufferPointer<UInt8>, now: Int64, into output: inout JSONWriter,
                       event report: (BridgeEvent) -> Void) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            // Blank lines are ignored: no response, nothing logged.
            return report(BridgeEvent())
        }
        let start = output.count
        // Most lines are a say or an open in one shape: read without a JSON tree.
        if let request = CommonRequestReader.read(line) {
            report(handle(request, now: now, into: &output))
        } else {
            switch BridgeRequestParser.read(line) {
            case .failure(let error):
                var event = BridgeEvent()
                event.error = error
                writeError(id: .null, error, into: &output)
                report(event)
            case .success(.array(let elements)):
                handleBatch(elements, now: now, into: &output, event: report)
            case .success(let value):
                report(handle(BridgeRequestParser.parse(value), now: now, into: &output))
            }
        }
        if output.count > start { output.raw("\n" as StaticString) }
    }

    /// `handle(_:now:into:event:)` for a line `CommonRequestReader` has
    /// already read into `request`: its response line appended to `output`
    /// (nothing for a notification); returns its event. The lanes read each
    /// line once, to know its session, and hand the request here. The
    /// event names the session, state and intent only if `named` (lines at
    /// `info` show them); the lanes' store, a `MemorySessionStore`, never
    /// fails, so no other line of theirs is logged. `shard`, if given, is
    /// the session's shard of that store (`SessionShard`), which the lanes
    /// worked out to choose the lane.
    func handle(common request: BridgeRequest, now: Int64, into output: inout JSONWriter, named: Bool = true,
                shard: Int? = nil) -> BridgeEvent {
        let start = output.count
        let event = handle(request, now: now, into: &output, named: named, shard: shard)
        if output.count > start { output.raw("\n" as StaticString) }
        return event
    }

    /// Writes the response to `parsed` (none for a notification) and returns its event.
    private func handle(_ parsed: ParsedLine, now: Int64, into output: inout JSONWriter) -> BridgeEvent {
        switch parsed {
        case .failure(let id, let error):
            var event = BridgeEvent()
            event.error = error
            writeError(id: id, error, into: &output)
            return event
        case .silentFailure(let error):
            var event = BridgeEvent()
            event.error = error
            event.isNotification = true
            return event
        case .request(let request):
            return handle(request, now: now, into: &output)
        }
    }

    /// A JSON-RPC 2.0 batch: each request handled in order, as if it had come
    /// on its own line; the responses in one array on one line, in the order
    /// of the requests; none at all when every request was a notification.
    private func handleBatch(_ elements: [JSONValue], now: Int64, into output: inout JSONWriter,
                             event report: (BridgeEvent) -> Void) {
        guard !elements.isEmpty, elements.count <= BridgeLimits.maximumBatchRequests else {
            var event = BridgeEvent()
            let error = BridgeError(.invalidRequest, elements.isEmpty
                ? "an empty batch; a batch is an array of one or more requests"
                : "a batch of \(elements.count) requests; the limit is \(BridgeLimits.maximumBatchRequests) per batch")
            event.error = error
            writeError(id: .null, error, into: &output)
            return report(event)
        }
        let start = output.count
        for element in elements {
            // The separator first, taken back if the request has no response.
            let mark = output.count
            output.raw(mark == start ? "[" as StaticString : "," as StaticString)
            report(handle(BridgeRequestParser.parse(element), now: now, into: &output))
            if output.count == mark + 1 { output.removeAll(after: mark) }
        }
        if output.count > start { output.raw("]" as StaticString) }
    }

    /// `handle(_:now:)` for a line as text.
    func handle(_ line: String, now: Int64) -> BridgeOutcome {
        var line = line
        return line.withUTF8 { handle($0, now: now) }
    }

    /// The answer to a line longer than `BridgeLimits.maximumLineBytes`,
    /// which the front end has read away without keeping it.
    public func handleOverlongLine(byteCount: Int) -> BridgeOutcome {
        writer.removeAll()
        let event = handleOverlongLine(byteCount: byteCount, into: &writer)
        return BridgeOutcome(response: writer.bytes, event: event)
    }

    /// `handleOverlongLine(byteCount:)`, its response line appended to `output`.
    public func handleOverlongLine(byteCount: Int, into output: inout JSONWriter) -> BridgeEvent {
        var event = BridgeEvent()
        let error = BridgeError(.invalidRequest,
            "the line is \(byteCount) bytes long; the limit is \(BridgeLimits.maximumLineBytes) bytes (1 MiB) per request, and the line was ignored")
        event.error = error
        writeError(id: .null, error, into: &output)
        output.raw("\n" as StaticString)
        return event
    }

    /// Forgets sessions idle for longer than the configured timeout; returns how many.
    @discardableResult
    public func expireIdleSessions(now: Int64) throws(StoreError) -> Int {
        guard let timeout = configuration.idleTimeout else { return 0 }
        return try store.deleteIdle(touchedBefore: now - timeout)
    }

    // MARK: - Methods

    /// One request that passed every check: its turn, its save, its
    /// response (written to `output`, without a line end); returns its event.
    /// Without `named`, the event names no session, state or intent unless
    /// the request fails (then its session): setting the three optional
    /// strings, and destroying them unread, were about 1,000 instructions a
    /// turn (issue 12, `lanes8`). `shard`: as for `handle(common:now:into:named:shard:)`.
    func handle(_ request: BridgeRequest, now: Int64, into output: inout JSONWriter, named: Bool = true,
                shard: Int? = nil) -> BridgeEvent {
        var event = BridgeEvent()
        handle(request, now: now, into: &output, named: named, shard: shard, event: &event)
        return event
    }

    /// `handle(_:now:into:named:shard:)`, its event made in `event` (a new
    /// one). Returned from here, where closures borrow it, the event was
    /// copied and the original destroyed, about 200 instructions a turn
    /// (issue 12, `lanes9`).
    private func handle(_ request: BridgeRequest, now: Int64, into output: inout JSONWriter, named: Bool,
                        shard: Int?, event: inout BridgeEvent) {
        event.method = request.method
        event.isNotification = request.isNotification
        if named, request.method != .info { event.session = request.session }
        // A turn's response is written before its save is committed; if the
        // store then fails, it is taken back and the error written instead.
        let start = output.count
        do throws(StoreError) {
            switch request.method {
            case .open, .say, .reset:
                if shard != nil, memory != nil {
                    // The memory store's `serialized` only calls its body (one
                    // process: `update` locks the shard itself); called
                    // through the protocol, with the closure, about 120
                    // instructions a turn (issue 12, `lanes9`).
                    try turn(for: request, now: now, event: &event, named: named, shard: shard, into: &output)
                    break
                }
                // Load, run and save as one unit, so that bridges sharing the
                // store apply a session's turns one after another.
                try store.serialized(session: request.session) { () throws(StoreError) in
                    try self.turn(for: request, now: now, event: &event, named: named, shard: nil, into: &output)
                }
            case .close:
                let existed = try store.serialized(session: request.session) { () throws(StoreError) in
                    try self.store.delete(request.session)
                }
                writeSuccess(request, into: &output) { writer in
                    writer.raw(#"{"session":"# as StaticString)
                    writer.string(request.session)
                    writer.raw(#","closed":true,"existed":"# as StaticString)
                    writer.bool(existed)
                    writer.raw("}" as StaticString)
                }
            case .info:
                let sessions = try store.count()
                let dialog = engine.dialog
                let intents = userIntentCount
                writeSuccess(request, into: &output) { writer in
                    writer.raw(#"{"dialog":"# as StaticString)
                    writer.string(dialog.name)
                    writer.raw(#","version":"# as StaticString)
                    writer.string(dialog.version)
                    writer.raw(#","states":"# as StaticString)
                    writer.integer(dialog.states.count)
                    writer.raw(#","intents":"# as StaticString)
                    writer.integer(intents)
                    writer.raw(#","sessions":"# as StaticString)
                    writer.integer(sessions)
                    writer.raw("}" as StaticString)
                }
            }
        } catch {
            output.removeAll(after: start)
            if !named, request.method != .info { event.session = request.session }
            let failure = BridgeError(.storeFailure,
                "the session store failed, so the request was not carried out: \(error.message); if the session is damaged, send reset or close for it")
            event.error = failure
            if let id = request.id { writeError(id: id, failure, into: &output) }
        }
    }

    /// Runs open, say or reset, writes its response to `output` (none for a
    /// notification) and saves the session.
    ///
    /// The response is written here, where the turn is made, and the turn
    /// never leaves: returned through the store's generic `update` and
    /// `serialized` (called on `any SessionStore`, so not specialised), the
    /// turn and its greeting were moved and destroyed through their type's
    /// metadata, about 1,000 instructions a turn (issue 12, `lanes8`).
    ///
    /// The session is run where the store keeps it (`SessionStore.update`):
    /// checked, changed and kept in place, never copied (issue 12: the load,
    /// the fit, the handler and the save copied the session five times a
    /// turn, each copy retaining and releasing its dozen strings, arrays and
    /// dictionaries). A reset takes the session itself, so that one that
    /// cannot be read is started over rather than refused. With `shard`
    /// (the session's shard of the memory store) the store is not asked to
    /// hash the id again.
    private func turn(for request: BridgeRequest, now: Int64, event: inout BridgeEvent, named: Bool, shard: Int?,
                      into output: inout JSONWriter) throws(StoreError) {
        let id = request.session
        guard request.method != .reset else {
            var stored = try takeForReset(id)
            run(request, on: &stored, now: now, event: &event, named: named, into: &output)
            if let stored { try store.save(stored.session, for: id, touched: stored.touched) }
            return
        }
        func body(_ stored: inout StoredSession?) {
            run(request, on: &stored, now: now, event: &event, named: named, into: &output)
        }
        if let shard, let memory {
            try memory.update(id, inShard: shard, body)
        } else {
            try store.update(id, body)
        }
    }

    /// Open, say or reset on `stored`, the session kept for the request (nil:
    /// none), which it leaves holding the session after the turn, touched
    /// `now`. A session idle too long is forgotten first; every other one is
    /// checked against the dialog (`Engine.fitInPlace`) before it runs. The
    /// bridge never shows why the engine answered, so its turns are not
    /// explained (`Engine.respond(to:in:explaining:)`). Writes the response
    /// to `output`, without a line end (nothing for a notification).
    private func run(_ request: BridgeRequest, on stored: inout StoredSession?, now: Int64, event: inout BridgeEvent,
                     named: Bool, into output: inout JSONWriter) {
        // A reset continues even an idle session's random stream.
        if request.method != .reset, let timeout = configuration.idleTimeout, let touched = stored?.touched, now - touched > timeout {
            stored = nil
        }
        var startOverSeed: UInt64?
        // Optionals of Equatable types are asked `case .some`, not `!= nil`:
        // the comparison copied the whole session (or repair) through its
        // type's metadata and destroyed the copy, about 400 instructions
        // each, four a turn (issue 12, `lanes8`).
        if case .some = stored {
            switch engine.fitInPlace(&stored!.session) {
            case .ready(repair: .none):
                break
            case .ready(repair: .some):
                event.repaired = true
            case .startOver(let randomState):
                stored = nil
                startOverSeed = randomState
                event.repaired = true
            }
        }
        var turn: Turn
        var greeting: Turn?
        if case .some = stored {
            stored!.touched = now
            switch request.method {
            case .open:
                turn = engine.resume(stored!.session)
            case .reset:
                // Continue the session's random stream, as the engine does on `restart`.
                (stored!.session, turn) = engine.start(seed: stored!.session.random)
            case .say:
                turn = engine.respond(to: request.text, in: &stored!.session, explaining: false)
            default:
                preconditionFailure("run(_:on:now:event:named:into:) handles open, say and reset only")
            }
        } else {
            event.opened = true
            // The seed is derived only for a session that starts here.
            var (session, opening) = engine.start(seed: startOverSeed ?? SessionSeed.derive(base: configuration.seed, session: request.session))
            turn = opening
            if request.method == .say {
                greeting = opening
                turn = engine.respond(to: request.text, in: &session, explaining: false)
            }
            stored = StoredSession(session: session, touched: now)
        }
        if named {
            event.state = turn.state
            event.intent = turn.intent
        }
        guard let id = request.id else { return }
        writeSuccessHead(id, into: &output)
        Self.writeTurn(turn, openedWith: greeting, session: request.session, memo: memo, into: &output)
        output.raw("}" as StaticString)
    }

    /// For reset: a session that cannot be read is started over rather than refused.
    private func takeForReset(_ id: String) throws(StoreError) -> StoredSession? {
        do throws(StoreError) {
            return try store.take(id)
        } catch {
            if error.isUnreadableSession { return nil }
            throw error
        }
    }

    // MARK: - Writing responses
    //
    // Literals are written `as StaticString`: a literal picks `raw(String)`
    // by default, which retains, releases and measures a `String` each call
    // (issue 12: about 100 instructions a call, two dozen calls a response).

    /// `{session, replies, options, state, intent, score, ended}`; a `say` that
    /// opened its session carries the greeting's replies first. The dialog's
    /// texts (replies, labels, names) go through `memo`: the same text every
    /// turn, escaped once. The session id, new every request, does not.
    static func writeTurn(_ turn: Turn, openedWith greeting: Turn?, session: String, memo: JSONStringMemo,
                          into writer: inout JSONWriter) {
        writer.raw(#"{"session":"# as StaticString)
        writer.string(session)
        writer.raw(#","replies":["# as StaticString)
        var first = true
        func write(_ replies: [Reply]) {
            for reply in replies {
                if !first { writer.raw("," as StaticString) }
                first = false
                // `plainText` is the text itself unless a quote has an author; the
                // kind alone is asked first, since comparing `author` with nil
                // copied and destroyed it for every reply (issue 12).
                if reply.kind == .quote {
                    writer.string(reply.plainText)
                } else {
                    memo.string(reply.text, into: &writer)
                }
            }
        }
        if let greeting { write(greeting.replies) }
        write(turn.replies)
        writer.raw(#"],"options":["# as StaticString)
        var firstOption = true
        for option in turn.options {
            writer.raw(firstOption ? #"{"key":"# as StaticString : #",{"key":"# as StaticString)
            firstOption = false
            writer.string(option.key)
            writer.raw(#","label":"# as StaticString)
            memo.string(option.label, into: &writer)
            writer.raw("}" as StaticString)
        }
        writer.raw(#"],"state":"# as StaticString)
        memo.string(turn.state, into: &writer)
        writer.raw(#","intent":"# as StaticString)
        if let intent = turn.intent { memo.string(intent, into: &writer) } else { writer.null() }
        writer.raw(#","score":"# as StaticString)
        if let score = turn.score { writer.number(score) } else { writer.null() }
        writer.raw(turn.ended ? #","ended":true}"# as StaticString : #","ended":false}"# as StaticString)
    }

    /// The response to a request that passed: `{"jsonrpc","id","result"}`
    /// with the result written by `writeResult`, or nothing for a
    /// notification. The result is written by a non-escaping closure, which
    /// reads the turn where it lies: an enum or escaping closure carrying it
    /// copied the turn and retained its strings and arrays, about 3,000
    /// instructions a turn (issue 12).
    private func writeSuccess(_ request: BridgeRequest, into output: inout JSONWriter, result writeResult: (inout JSONWriter) -> Void) {
        guard let id = request.id else { return }
        writeSuccessHead(id, into: &output)
        writeResult(&output)
        output.raw("}" as StaticString)
    }

    /// `{"jsonrpc":"2.0","id":ID,"result":`, before a result.
    private func writeSuccessHead(_ id: RequestID, into output: inout JSONWriter) {
        output.raw(#"{"jsonrpc":"2.0","id":"# as StaticString)
        write(id, into: &output)
        output.raw(#","result":"# as StaticString)
    }

    private func writeError(id: RequestID, _ error: BridgeError, into output: inout JSONWriter) {
        output.raw(#"{"jsonrpc":"2.0","id":"# as StaticString)
        write(id, into: &output)
        output.raw(#","error":{"code":"# as StaticString)
        output.integer(error.code.rawValue)
        output.raw(#","message":"# as StaticString)
        output.string(error.message)
        output.raw("}}" as StaticString)
    }

    private func write(_ id: RequestID, into output: inout JSONWriter) {
        switch id {
        case .null: output.null()
        case .number(let literal): output.raw(literal)
        case .string(let text): output.string(text)
        }
    }
}

/// Each session's seed: the bridge's seed and the session id, mixed, so every
/// session has its own random stream and the same inputs give the same stream.
enum SessionSeed {
    /// The seed of session `session` in a bridge seeded with `base`.
    static func derive(base: UInt64, session: String) -> UInt64 {
        mix(base ^ StableHash.fnv1a64(session))
    }

    /// One SplitMix64 step: every bit of the input reaches every bit of the output.
    static func mix(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(state: value)
        return generator.next()
    }
}

/// A short tag for a session id in logs: the same id always gives the same
/// tag, so one conversation's lines can be followed, but the id itself (often
/// a user's chat handle) is not written. It is a hash, not encryption: ids from
/// a small known set can be found by trying them.
public enum SessionTag {
    /// Twelve lowercase hexadecimal digits (48 bits of a hash of the id's UTF-8).
    public static func of(_ session: String) -> String {
        let hash = SessionSeed.mix(StableHash.fnv1a64(session) ^ 0x5052_4C59_5441_4721)
        let digits = String(hash >> 16, radix: 16)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }
}
