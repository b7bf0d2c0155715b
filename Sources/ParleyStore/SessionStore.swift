import ParleyKit

/// Where the bridge keeps its sessions between turns. Every store compares
/// session ids byte for byte (UTF-8), never by Unicode equivalence: "K" and
/// the Kelvin sign, or a composed and a decomposed "café", are two sessions.
/// One store object is used by one bridge loop, from one thread; several
/// processes may share what it stores (SQLite on one host). `save` returns
/// only once the session is as safe as the store promises (for SQLite:
/// committed, or, inside `serialized`, committed when it returns).
///
/// Times are seconds on the front end's wall clock. The engine has no clock;
/// only idle expiry (`--ttl`) uses them.
public protocol SessionStore: AnyObject {
    /// The session kept under `id`, or nil when there is none.
    func load(_ id: String) throws(StoreError) -> StoredSession?
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

public struct StoredSession: Sendable, Equatable {
    public var session: Session
    /// When a request last used the session.
    public var touched: Int64

    public init(session: Session, touched: Int64) {
        self.session = session
        self.touched = touched
    }
}

public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// A kept session could not be read back (damaged, or written by a newer
    /// parley); the store itself works. Starting that session over is safe.
    public var isUnreadableSession: Bool

    public init(_ message: String, isUnreadableSession: Bool = false) {
        self.message = message
        self.isUnreadableSession = isUnreadableSession
    }

    static func unreadable(_ message: String) -> StoreError { StoreError(message, isUnreadableSession: true) }

    public var description: String { message }
}

/// Sessions in a dictionary: the default, gone when the process ends.
public final class MemorySessionStore: SessionStore {
    private var sessions: [ExactKey: StoredSession] = [:]

    public init() {}

    public func load(_ id: String) -> StoredSession? { sessions[ExactKey(id)] }

    public func save(_ session: Session, for id: String, touched: Int64) {
        sessions[ExactKey(id)] = StoredSession(session: session, touched: touched)
    }

    @discardableResult
    public func delete(_ id: String) -> Bool { sessions.removeValue(forKey: ExactKey(id)) != nil }

    @discardableResult
    public func deleteIdle(touchedBefore cutoff: Int64) -> Int {
        let before = sessions.count
        sessions = sessions.filter { $0.value.touched >= cutoff }
        return before - sessions.count
    }

    public func count() -> Int { sessions.count }

    /// One process, one thread: every call is already alone. (A throwing
    /// body's saves are not undone; the bridge saves only at the end of a turn.)
    public func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        try body()
    }

    public func close() { sessions = [:] }
}

/// A string as a dictionary key compared byte for byte. `String`'s own `==`
/// and hash follow Unicode canonical equivalence, under which two users'
/// different ids could meet in one session.
struct ExactKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactKey, b: ExactKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
