import ParleyKit

/// Sessions in PostgreSQL, through libpq: one row per session in
/// `parley_sessions` (`PostgresSchema`). Any number of bridges, on any number
/// of hosts, can serve the same sessions from one database.
///
/// Turns of one session are serialised by a row lock: `serialized` runs a
/// request inside one transaction that first locks the session's row with
/// `SELECT … FOR UPDATE` (inserting an empty row first when there is none, so
/// that a new session has a row to lock too), and commits what the turn saved
/// before it returns. A second bridge's turn of the same session waits for
/// that commit and then reads the saved session, so no turn is lost, doubled
/// or run on an old copy; turns of different sessions do not wait for each other.
///
/// When the server goes away, calls throw (the bridge answers -32000), and
/// the next call reconnects by itself (`PQreset`) once the server is back.
/// A bridge killed in the middle of a turn leaves nothing behind: the server
/// rolls its transaction back when the connection drops.
public final class PostgresSessionStore: SessionStore {
    /// The server, database and user, without the password: for logs.
    public let target: String
    private let connection: PostgresConnection
    /// The session's row as locked by the current `serialized`, until the
    /// turn saves or deletes it: `load` answers from it without asking again.
    private var locked: (id: [UInt8], row: StoredSession?)?
    /// The id whose row the current turn found or made empty and has not saved yet.
    private var empty: [UInt8]?
    private var inTransaction = false

    /// Seconds a bridge may sit inside a turn's transaction before the server
    /// ends it: a stopped (not killed) bridge cannot hold a session's lock longer.
    static let idleInTransactionTimeout = "60s"

    static let statements: [PostgresConnection.Statement] = [
        .init(name: "lock", sql: "SELECT data, touched FROM parley_sessions WHERE id = $1 FOR UPDATE"),
        .init(name: "make", sql: "INSERT INTO parley_sessions (id, data, touched) VALUES ($1, NULL, 0) ON CONFLICT (id) DO NOTHING"),
        .init(name: "load", sql: "SELECT data, touched FROM parley_sessions WHERE id = $1 AND data IS NOT NULL"),
        .init(name: "save", sql: """
            INSERT INTO parley_sessions (id, data, touched) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, touched = EXCLUDED.touched
            """),
        .init(name: "delete", sql: "DELETE FROM parley_sessions WHERE id = $1"),
        // Empty rows too: one left by a turn that saved nothing is swept with the idle ones.
        .init(name: "expire", sql: "DELETE FROM parley_sessions WHERE touched < $1"),
        .init(name: "unmake", sql: "DELETE FROM parley_sessions WHERE id = $1 AND data IS NULL"),
        .init(name: "count", sql: "SELECT count(*) FROM parley_sessions WHERE data IS NOT NULL"),
    ]

    /// True when `store` names a PostgreSQL server (`postgres://` or
    /// `postgresql://`, libpq's two URI schemes) rather than an SQLite file.
    public static func isURL(_ store: String) -> Bool {
        store.hasPrefix("postgres://") || store.hasPrefix("postgresql://")
    }

    /// Connects to the server `url` names (libpq parses it: host, port,
    /// database, user, password, `sslmode` and the rest), creates or migrates
    /// the tables, and prepares the statements. Throws when the URL is not
    /// one libpq accepts, when the server cannot be reached or refuses the
    /// login, or when the database's schema is newer than this parley's.
    /// No error message holds the password.
    public init(url: String) throws(StoreError) {
        connection = try PostgresConnection(url: url, statements: Self.statements) { connection throws(StoreError) in
            try connection.run("SET idle_in_transaction_session_timeout = '\(Self.idleInTransactionTimeout)'")
            try PostgresSchema.migrate(connection)
        }
        target = connection.target
    }

    // MARK: - SessionStore

    /// Runs `body` in one transaction that holds the row lock of session
    /// `id` (`SELECT … FOR UPDATE`; an empty row is made for a new session),
    /// so other bridges' turns of that session wait and other sessions do
    /// not. Commits when `body` returns, rolls back if it throws; a nested
    /// call just runs `body`. Throws when the server is unreachable or fails.
    public func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        guard !inTransaction else { return try body() }
        let key = Array(id.utf8)
        try connection.begin()
        inTransaction = true
        defer {
            inTransaction = false
            locked = nil
            empty = nil
        }
        do throws(StoreError) {
            let row = try lock(key)
            locked = (key, row)
            if row == nil { empty = key }
            let result = try body()
            // A turn that saved nothing leaves no empty row behind.
            if let empty { _ = try connection.execute("unmake", [.bytes(empty)]) }
            try connection.run("COMMIT")
            return result
        } catch {
            connection.rollback()
            throw error
        }
    }

    /// Locks the row of `key`, making an empty one first if there is none;
    /// returns the session it holds (nil for an empty row).
    private func lock(_ key: [UInt8]) throws(StoreError) -> StoredSession? {
        // A row made here is ours until commit; a row made by another bridge
        // in between is locked on the next try, and one deleted in between
        // (a concurrent close) is made again.
        for _ in 0..<3 {
            let result = try connection.execute("lock", [.bytes(key)])
            if result.rowCount == 1 { return try Self.session(in: result) }
            _ = try connection.execute("make", [.bytes(key)])
        }
        throw StoreError("the session's row in \(target) kept disappearing while it was being locked")
    }

    /// The session under `id`, or nil (answered from the locked row inside
    /// `serialized`). Throws when the server is unreachable or fails, and,
    /// with `isUnreadableSession`, when the row cannot be decoded.
    public func load(_ id: String) throws(StoreError) -> StoredSession? {
        let key = Array(id.utf8)
        if let locked, locked.id == key { return locked.row }
        return try Self.session(in: try connection.execute("load", [.bytes(key)], retry: true))
    }

    /// Writes `session` under `id` (an upsert), committed when this returns,
    /// or with the transaction of `serialized`. Throws as `load` does.
    public func save(_ session: Session, for id: String, touched: Int64) throws(StoreError) {
        let key = Array(id.utf8)
        if locked?.id == key { locked = nil }
        if empty == key { empty = nil }
        _ = try connection.execute("save", [.bytes(key), .bytes(SessionCodec.encode(session)), .int64(touched)],
                                   retry: !inTransaction)
    }

    /// Deletes the row under `id`; true if there was one. Throws as `load` does.
    @discardableResult
    public func delete(_ id: String) throws(StoreError) -> Bool {
        let key = Array(id.utf8)
        if locked?.id == key { locked = nil }
        if empty == key {
            // The row `serialized` made to lock a session that did not exist: nothing was kept.
            empty = nil
            _ = try connection.execute("unmake", [.bytes(key)])
            return false
        }
        return try connection.execute("delete", [.bytes(key)], retry: !inTransaction).changedRows > 0
    }

    /// Deletes every row last touched before `cutoff` (seconds), empty rows
    /// included; returns how many. Throws as `load` does.
    @discardableResult
    public func deleteIdle(touchedBefore cutoff: Int64) throws(StoreError) -> Int {
        try connection.execute("expire", [.int64(cutoff)], retry: !inTransaction).changedRows
    }

    /// How many sessions the database holds (empty rows not counted). Throws as `load` does.
    public func count() throws(StoreError) -> Int {
        let result = try connection.execute("count", [], retry: !inTransaction)
        return Int(result.int64(0, 0))
    }

    /// Closes the connection; the server rolls back an open transaction.
    public func close() throws(StoreError) {
        connection.close()
    }

    /// The session in the first row of `result` (columns data, touched), or
    /// nil when there is no row or the row is empty.
    private static func session(in result: PostgresResult) throws(StoreError) -> StoredSession? {
        guard result.rowCount > 0, !result.isNull(0, 0) else { return nil }
        let session = try result.withBytes(0, 0) { bytes throws(StoreError) in try SessionCodec.decode(bytes) }
        return StoredSession(session: session, touched: result.int64(0, 1))
    }
}
