import ParleyKit
import Synchronization

/// Where the bridge keeps its sessions between turns. Every store compares
/// session ids byte for byte (UTF-8), never by Unicode equivalence: "K" and
/// the Kelvin sign, or a composed and a decomposed "café", are two sessions.
/// One store object is used by one bridge loop, from one thread (the memory
/// store may also be used from several, see `MemorySessionStore`); several
/// processes may share what it stores (SQLite on one host). `save` returns
/// only once the session is as safe as the store promises (for SQLite:
/// committed, or, inside `serialized`, committed when it returns).
///
/// Times are seconds on the front end's wall clock. The engine has no clock;
/// only idle expiry (`--ttl`) uses them.
public protocol SessionStore: AnyObject {
    /// The session kept under `id`, or nil when there is none.
    func load(_ id: String) throws(StoreError) -> StoredSession?
    /// The session kept under `id`, or nil, for a request that then saves
    /// or deletes it within the same `serialized` call: a store may hand over
    /// its own copy and forget it until then, so that changing the session
    /// copies none of its arrays and dictionaries (the memory store does; a
    /// store that cannot just loads it).
    func take(_ id: String) throws(StoreError) -> StoredSession?
    /// Runs `body` on the session kept under `id` (nil: none), for a request
    /// inside `serialized`, and keeps what `body` leaves there: a session is
    /// saved under `id` with its `touched`, nil forgets the session. A store
    /// may hand `body` the session where it keeps it, so that a turn changes
    /// it in place: no copy, no second look-up (the memory store does; the
    /// default takes, then saves or deletes). If `body` throws, what it
    /// changed may or may not be kept.
    func update<Result>(_ id: String, _ body: (inout StoredSession?) throws(StoreError) -> Result) throws(StoreError) -> Result
    /// Keeps `session` under `id`, replacing what was there.
    func save(_ session: Session, for id: String, touched: Int64) throws(StoreError)
    /// Forgets everything kept under `id`; true if there was something.
    @discardableResult
    func delete(_ id: String) throws(StoreError) -> Bool
    /// Deletes every session last touched before `cutoff`; returns how many.
    @discardableResult
    func deleteIdle(touchedBefore cutoff: Int64) throws(StoreError) -> Int
    /// How many sessions are kept.
    func count() throws(StoreError) -> Int
    /// Runs `body`, the loads, saves and deletes of one request for session
    /// `id`, as one unit: no other process sharing the store reads or writes
    /// that session in between, so turns of one session from several bridges
    /// apply one after another, in order, none lost. Nothing `body` did is
    /// kept if it throws; everything is committed when this returns. Calls
    /// do not nest.
    func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result
    /// Releases the store; after this, no other call is made.
    func close() throws(StoreError)
}

extension SessionStore {
    /// `load(id)`: the store keeps its copy until the session is saved.
    public func take(_ id: String) throws(StoreError) -> StoredSession? { try load(id) }

    /// `take(id)`, `body`, then `save` what `body` left (or `delete`, if it
    /// left nil where there was a session).
    public func update<Result>(_ id: String, _ body: (inout StoredSession?) throws(StoreError) -> Result) throws(StoreError) -> Result {
        var stored = try take(id)
        let existed = stored != nil
        let result = try body(&stored)
        if let stored {
            try save(stored.session, for: id, touched: stored.touched)
        } else if existed {
            try delete(id)
        }
        return result
    }
}

/// A session as a store keeps it, with when it was last used.
public struct StoredSession: Sendable, Equatable {
    /// The conversation's state, as the engine left it after its last turn.
    public var session: Session
    /// When a request last used the session.
    public var touched: Int64

    /// `session`, last used at `touched` (seconds on the front end's wall clock).
    public init(session: Session, touched: Int64) {
        self.session = session
        self.touched = touched
    }
}

/// Why a session store could not do what was asked: the store could not be
/// opened, read or written (file, SQLite or server errors), or one kept
/// session could not be read back (`isUnreadableSession`). The bridge answers
/// the request with error -32000 and `message`.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as one sentence for a person: the store's path or
    /// server (never a password) and, for a damaged session, what was wrong
    /// at which byte. Never holds what a user wrote.
    public var message: String
    /// A kept session could not be read back (damaged, or written by a newer
    /// parley); the store itself works. Starting that session over is safe.
    public var isUnreadableSession: Bool

    init(_ message: String, isUnreadableSession: Bool = false) {
        self.message = message
        self.isUnreadableSession = isUnreadableSession
    }

    static func unreadable(_ message: String) -> StoreError { StoreError(message, isUnreadableSession: true) }

    /// `message`.
    public var description: String { message }
}

/// Sessions in dictionaries: the default, gone when the process ends.
///
/// The sessions are split into `shardCount` shards by `SessionShard`, each a
/// dictionary behind its own lock, so that the bridge's lanes (one thread a
/// shard, `BridgeLanes`) run turns of different sessions at once: a request
/// locks only its session's shard, for the length of the request; `count`,
/// `deleteIdle` and `close` lock each shard in turn. With one shard (the
/// default) the lock is never contended: an uncontended lock and unlock are
/// two atomic operations a request.
public final class MemorySessionStore: SessionStore, Sendable {
    /// One dictionary of sessions and its lock.
    private final class Shard: Sendable {
        let sessions = Mutex<[ExactKey: Slot]>([:])
    }

    /// Where one session is kept: a box the dictionary holds, so that a
    /// request finds it once and changes the session where it lies. Through
    /// the dictionary's own in-place accessor (`sessions[key]` as an inout
    /// `StoredSession?`) the session was copied out and back and the copy
    /// destroyed, about 2,000 instructions a turn of the sample dialog
    /// (issue 12, `lanes8`). `stored` is nil only while `update`'s body has
    /// cleared it; the entry then goes. `@unchecked Sendable`: only read or
    /// written with its shard's lock held; for the same reason its access
    /// is not checked at run time (about 80 instructions a turn, issue 12,
    /// `lanes9`): the lock already makes it exclusive.
    private final class Slot: @unchecked Sendable {
        @exclusivity(unchecked) var stored: StoredSession?

        init(_ stored: StoredSession) { self.stored = stored }
    }

    private let shards: [Shard]

    /// An empty store of `shardCount` shards (at least 1): as many as the
    /// threads that will use it at once on different sessions.
    public init(shardCount: Int = 1) {
        precondition(shardCount >= 1, "a memory store has at least one shard")
        shards = (0..<shardCount).map { _ in Shard() }
    }

    /// How many shards the sessions are split into.
    public var shardCount: Int { shards.count }

    /// The shard that keeps `id`'s session.
    private func shard(_ id: String) -> Shard {
        shards[shardIndex(id)]
    }

    /// The number of the shard that keeps `id`'s session.
    private func shardIndex(_ id: String) -> Int {
        shards.count == 1 ? 0 : SessionShard.index(of: id, among: shards.count)
    }

    /// The session under `id` (compared byte for byte), or nil. Never throws.
    public func load(_ id: String) -> StoredSession? {
        shard(id).sessions.withLock { $0[ExactKey(id)]?.stored }
    }

    /// The session under `id`, removed until it is saved again: the caller
    /// then holds the only reference to its arrays and dictionaries, so a
    /// turn changes them where they lie instead of copying them (issue 12).
    public func take(_ id: String) -> StoredSession? {
        shard(id).sessions.withLock { sessions in
            guard let slot = sessions.removeValue(forKey: ExactKey(id)) else { return nil }
            // Moved out of the box, not copied: nothing else refers to it now.
            let stored = slot.stored
            slot.stored = nil
            return stored
        }
    }

    /// `body` on the session where the store keeps it (its box): one look-up
    /// a request, and the session is neither copied nor moved out and back
    /// (issue 12). What `body` leaves is kept; nil forgets the session. Its
    /// shard stays locked while `body` runs. Never throws itself; if `body`
    /// throws, what it changed is kept as it is.
    public func update<Result>(_ id: String, _ body: (inout StoredSession?) throws(StoreError) -> Result) throws(StoreError) -> Result {
        try update(id, inShard: shardIndex(id), body)
    }

    /// `update(_:_:)` for a caller that knows the session's shard, `index`:
    /// `SessionShard.index(of: id, among: shardCount)`, which it has worked
    /// out already. The bridge's lanes (lane i serves shard i) hashed each
    /// session id twice a turn, once for the lane and once here (issue 12,
    /// `lanes9`). Another index would keep the session where no other call
    /// finds it.
    public func update<Result>(_ id: String, inShard index: Int,
                               _ body: (inout StoredSession?) throws(StoreError) -> Result) throws(StoreError) -> Result {
        assert(index == shardIndex(id), "update(_:inShard:_:) given another shard than the session's")
        let key = ExactKey(id)
        return try shards[index].sessions.withLock { (sessions: inout [ExactKey: Slot]) throws(StoreError) in
            if let slot = sessions[key] {
                defer { if Self.isNil(&slot.stored) { sessions[key] = nil } }
                return try body(&slot.stored)
            }
            var stored: StoredSession?
            defer { if let stored { sessions[key] = Slot(stored) } }
            return try body(&stored)
        }
    }

    /// Whether `update`'s body left no session in a box, asked of the value
    /// in place: `slot.stored == nil` copied the session and destroyed the
    /// copy, about 750 instructions a turn (issue 12, `lanes8`).
    private static func isNil(_ stored: inout StoredSession?) -> Bool {
        // Not `== nil`, which copied the session to compare it (an Equatable optional).
        if case .none = stored { return true }
        return false
    }

    /// Keeps `session` under `id`, replacing what was there. Never throws.
    public func save(_ session: Session, for id: String, touched: Int64) {
        shard(id).sessions.withLock { $0[ExactKey(id)] = Slot(StoredSession(session: session, touched: touched)) }
    }

    /// Forgets the session under `id`; true if there was one.
    @discardableResult
    public func delete(_ id: String) -> Bool {
        shard(id).sessions.withLock { $0.removeValue(forKey: ExactKey(id)) != nil }
    }

    /// Forgets every session last touched before `cutoff` (seconds); returns how many.
    @discardableResult
    public func deleteIdle(touchedBefore cutoff: Int64) -> Int {
        shards.reduce(0) { total, shard in
            total + shard.sessions.withLock { sessions in
                let before = sessions.count
                sessions = sessions.filter { ($0.value.stored?.touched ?? cutoff) >= cutoff }
                return before - sessions.count
            }
        }
    }

    /// How many sessions are kept.
    public func count() -> Int {
        shards.reduce(0) { total, shard in total + shard.sessions.withLock { $0.count } }
    }

    /// One process: a request's calls lock its session's shard themselves.
    /// (A throwing body's saves are not undone; the bridge saves only at the
    /// end of a turn.)
    public func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        try body()
    }

    /// Forgets every session.
    public func close() {
        for shard in shards { shard.sessions.withLock { $0 = [:] } }
    }
}

/// Which of `count` shards a session belongs to, by a stable hash of its id's
/// UTF-8 bytes: a session always lands in the same shard, on any run. The
/// memory store's shards and the bridge's lanes both use it, so each lane
/// touches only its own shard and never waits for the other's lock.
public enum SessionShard {
    /// A shard number in 0..<`count`.
    public static func index(of id: String, among count: Int) -> Int {
        index(ofHash: StableHash.fnv1a64(id), among: count)
    }

    /// `index(of:among:)` of the id whose UTF-8 bytes are `id` (the bridge's
    /// lanes read it from the request line, without making a string).
    public static func index(ofUTF8 id: UnsafeBufferPointer<UInt8>, among count: Int) -> Int {
        index(ofHash: StableHash.fnv1a64(utf8: id), among: count)
    }

    private static func index(ofHash hash: UInt64, among count: Int) -> Int {
        // FNV-1a's low bits follow the last byte closely ("user-1", "user-2"),
        // so the hash is multiplied (Fibonacci hashing) and its high bits used.
        let mixed = hash &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 33) % count
    }
}

/// A string as a dictionary key compared byte for byte. `String`'s own `==`
/// and hash follow Unicode canonical equivalence, under which two users'
/// different ids could meet in one session.
struct ExactKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    /// Compares the two contiguous UTF-8 buffers: `utf8.elementsEqual` went
    /// through the generic `String.UTF8View` sequence, about 900
    /// instructions per look-up, two look-ups per request (issue 12); the
    /// buffers' own `elementsEqual` still took 340 for an 8-byte id, a plain
    /// loop about 5 a byte.
    static func == (a: ExactKey, b: ExactKey) -> Bool {
        var a = a.text, b = b.text
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count where x[i] != y[i] { return false }
                return true
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
