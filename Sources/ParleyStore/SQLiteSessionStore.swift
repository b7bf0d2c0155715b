import CSQLite
import CSQLiteLoader
import ParleyFiles
import ParleyKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How hard a commit works to reach the disk.
public enum StoreSync: String, Sendable, CaseIterable {
    /// SQLite's `synchronous=NORMAL` in WAL mode: a commit is in the operating
    /// system's hands when `save` returns, so it survives the process being
    /// killed; a power loss or kernel crash can undo the last commits (never
    /// corrupt the file). The write-ahead log is synced at checkpoints.
    case normal
    /// `synchronous=FULL`: the log is synced at every commit, so a commit
    /// survives a power loss too, at the cost of one fsync per turn.
    case full
}

/// Sessions in an SQLite database (the system library), one row per session:
/// the id as TEXT (data, never a file name), the session in `SessionCodec`'s
/// binary form, and when it was last used.
///
/// Several bridges on one host may share the file. The database runs in WAL
/// mode (readers never wait for the writer) with a busy timeout, and every
/// request of the bridge runs inside `serialized`, one `BEGIN IMMEDIATE`
/// transaction: its load, its turn and its save hold SQLite's write lock, so
/// two bridges alternating on one session see each other's turns in order and
/// neither can overwrite the other's. The lock covers the whole file, not one
/// session: turns take microseconds, so on one host that costs less than a
/// lock per session would (docs/performance.md). Across hosts, use PostgreSQL.
///
/// The store keeps its own descriptor of the file to check, before every
/// call, that the path still names the file it opened: a store deleted or
/// renamed under a running bridge fails loudly instead of serving from a file
/// nobody will find again.
public final class SQLiteSessionStore: SessionStore {
    /// `PRAGMA application_id` of a Parley store: "PRLY".
    static let applicationID: Int32 = 0x5052_4C59
    /// The schema, one step per version: step i takes a store of version i to
    /// version i + 1, inside the transaction that checks the version, so of
    /// several bridges started at once exactly one creates or migrates it.
    /// The version is `PRAGMA user_version`. A new schema appends a step;
    /// steps never change once shipped.
    static let migrations = [
        "CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL, touched INTEGER NOT NULL) WITHOUT ROWID",
    ]
    static var schemaVersion: Int32 { Int32(migrations.count) }
    /// How long a bridge waits for another to finish its turn before the
    /// request fails with "busy" (-32000), in milliseconds.
    static let busyTimeoutMilliseconds: Int32 = 10_000

    /// The store file's path, as given.
    let path: String
    /// True when this store found the file missing or empty and created the
    /// schema (of several bridges opening a new file at once, exactly one):
    /// the front end says so, since a store that should have been there and
    /// is not means that the sessions it held are gone.
    public private(set) var createdEmpty = false
    private var database: OpaquePointer?
    private var loadStatement: OpaquePointer?
    private var saveStatement: OpaquePointer?
    private var deleteStatement: OpaquePointer?
    private var deleteIdleStatement: OpaquePointer?
    private var countStatement: OpaquePointer?
    private var checkpointStatement: OpaquePointer?
    private var beginStatement: OpaquePointer?
    private var commitStatement: OpaquePointer?
    private var rollbackStatement: OpaquePointer?
    /// Inside `serialized`: a delete erases the log after the commit, not before.
    private var inTransaction = false
    private var eraseAfterCommit = false
    /// Our own descriptor of the file, for the identity check.
    private var descriptor: Int32 = -1
    private var identity: (device: UInt64, inode: UInt64) = (0, 0)

    /// Opens the store at `path`, creating it (0600, and missing folders 0700)
    /// if needed; other bridges may have it open too. Refuses a symbolic link
    /// (dangling or not) where the file or its write-ahead log should be, a
    /// file of another user, a write-ahead log or shared-memory file with no
    /// database beside it (the store was deleted after a crash: a new empty
    /// one there would lose its sessions without a word), another program's
    /// database, and a schema newer than this parley's. Narrows an existing
    /// file that others may read to 0600.
    public init(path: String, sync: StoreSync = .normal) throws(StoreError) {
        self.path = path
        // Every use of SQLite starts here: it is loaded now, not at start-up (CSQLiteLoader).
        guard parley_sqlite_load() != 0 else { throw StoreError(String(cString: parley_sqlite_error())) }
        // The companions first, then the file: SQLite makes them only after
        // the file exists, so this order sees no orphan in a store another
        // bridge is creating at this moment.
        let orphans = ["-wal", "-shm"].map { path + $0 }.filter(Self.exists)
        if !orphans.isEmpty, !Self.exists(path) {
            throw StoreError("the store \(path) is missing but \(orphans.joined(separator: " and ")) "
                + "\(orphans.count == 1 ? "is" : "are") there: the store was deleted or moved after a bridge stopped without closing it. "
                + "Put the store back, or remove \(orphans.count == 1 ? "that file" : "those files") to start a new empty store")
        }
        do throws(PrivateFiles.Failure) {
            descriptor = try PrivateFiles.open(path)
            for companion in ["-wal", "-journal", "-shm"] { try PrivateFiles.checkCompanion(path + companion) }
        } catch {
            if descriptor >= 0 { closeFile(descriptor) }
            throw StoreError("cannot open the store \(error.path): \(error.reason)")
        }
        var info = stat()
        fstat(descriptor, &info)
        identity = (UInt64(info.st_dev), UInt64(info.st_ino))
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        database = handle
        guard opened == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            database = nil
            closeFile(descriptor)
            throw StoreError("cannot open the store \(path): \(message)")
        }
        do throws(StoreError) {
            try configure(sync: sync)
            try prepareStatements()
        } catch {
            closeQuietly()
            throw error
        }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    deinit { closeQuietly() }

    // MARK: - SessionStore

    /// The session under `id`, or nil. Throws when the file was deleted,
    /// renamed or replaced, when SQLite fails (busy past the timeout, I/O),
    /// and, with `isUnreadableSession`, when the row cannot be decoded.
    public func load(_ id: String) throws(StoreError) -> StoredSession? {
        try checkStillThere()
        let statement = try ready(loadStatement)
        defer { sqlite3_reset(statement) }
        try bind(id, to: statement)
        switch sqlite3_step(statement) {
        case SQLITE_ROW:
            let touched = sqlite3_column_int64(statement, 1)
            let count = Int(sqlite3_column_bytes(statement, 0))
            let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: count)
            return StoredSession(session: try SessionCodec.decode(bytes), touched: touched)
        case SQLITE_DONE:
            return nil
        default:
            throw failure("reading a session")
        }
    }

    /// Writes `session` under `id` (an upsert), committed when this returns,
    /// or with the transaction of `serialized`. Throws as `load` does.
    public func save(_ session: Session, for id: String, touched: Int64) throws(StoreError) {
        try checkStillThere()
        let statement = try ready(saveStatement)
        defer { sqlite3_reset(statement) }
        try bind(id, to: statement)
        let blob = SessionCodec.encode(session)
        let bound = blob.withUnsafeBytes { sqlite3_bind_blob(statement, 2, $0.baseAddress, Int32($0.count), Self.transient) }
        guard bound == SQLITE_OK, sqlite3_bind_int64(statement, 3, touched) == SQLITE_OK else { throw failure("saving a session") }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("saving a session") }
    }

    /// Deletes the row under `id` and erases it from the log (`secure_delete`
    /// and a checkpoint); true if there was one. Throws as `load` does.
    @discardableResult
    public func delete(_ id: String) throws(StoreError) -> Bool {
        try checkStillThere()
        let statement = try ready(deleteStatement)
        defer { sqlite3_reset(statement) }
        try bind(id, to: statement)
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("deleting a session") }
        let existed = sqlite3_changes(database) > 0
        if existed { try eraseLogWhenCommitted() }
        return existed
    }

    /// `BEGIN IMMEDIATE`, `body`, `COMMIT`: the body's loads and saves hold
    /// the file's write lock, which other bridges wait for (up to the busy
    /// timeout); if the body throws, nothing it did is kept. The lock is for
    /// the whole file, so `id` is not needed to choose it.
    public func serialized<Result>(session id: String, _ body: () throws(StoreError) -> Result) throws(StoreError) -> Result {
        precondition(!inTransaction, "serialized calls do not nest")
        try checkStillThere()
        try run(beginStatement, "starting a transaction")
        inTransaction = true
        let result: Result
        do throws(StoreError) {
            result = try body()
            try run(commitStatement, "committing a turn")
        } catch {
            if let rollbackStatement {
                sqlite3_step(rollbackStatement)
                sqlite3_reset(rollbackStatement)
            }
            inTransaction = false
            eraseAfterCommit = false
            throw error
        }
        inTransaction = false
        if eraseAfterCommit {
            eraseAfterCommit = false
            try eraseLog()
        }
        return result
    }

    /// Steps a statement that returns no rows.
    private func run(_ statement: OpaquePointer?, _ doing: String) throws(StoreError) {
        let statement = try ready(statement)
        defer { sqlite3_reset(statement) }
        let result = sqlite3_step(statement)
        if result == SQLITE_BUSY {
            throw StoreError("the store \(path) stayed busy for \(Self.busyTimeoutMilliseconds / 1000) s (\(doing)): other bridges hold it")
        }
        guard result == SQLITE_DONE else { throw failure(doing) }
    }

    /// A checkpoint cannot run inside a transaction, and must not erase
    /// before the delete is committed: inside `serialized`, it waits for the commit.
    private func eraseLogWhenCommitted() throws(StoreError) {
        if inTransaction { eraseAfterCommit = true } else { try eraseLog() }
    }

    /// Copies the log into the file and empties it, so what `close` deleted
    /// (overwritten in the file by `secure_delete`) does not live on in the
    /// log's older frames until the next checkpoint, thousands of turns or a
    /// restart away. Costs one checkpoint per deleted session. With other
    /// bridges on the file, it waits (busy timeout) for their transactions.
    private func eraseLog() throws(StoreError) {
        let statement = try ready(checkpointStatement)
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, sqlite3_column_int(statement, 0) == 0 else {
            throw failure("erasing a deleted session from the write-ahead log")
        }
    }

    /// Throws unless `path` still names the file this store opened: a store
    /// deleted or renamed under the bridge would take every turn into a file
    /// no later bridge can find.
    private func checkStillThere() throws(StoreError) {
        guard database != nil else { throw StoreError("the store \(path) is closed") }
        var info = stat()
        if stat(path, &info) != 0 || UInt64(info.st_dev) != identity.device || UInt64(info.st_ino) != identity.inode {
            throw StoreError("the store file \(path) was deleted, renamed or replaced while the bridge ran; restart the bridge to start a new store there")
        }
    }

    /// Deletes every row last touched before `cutoff` (seconds); returns how
    /// many. Throws as `load` does.
    @discardableResult
    public func deleteIdle(touchedBefore cutoff: Int64) throws(StoreError) -> Int {
        try checkStillThere()
        let statement = try ready(deleteIdleStatement)
        defer { sqlite3_reset(statement) }
        guard sqlite3_bind_int64(statement, 1, cutoff) == SQLITE_OK, sqlite3_step(statement) == SQLITE_DONE else {
            throw failure("deleting idle sessions")
        }
        let deleted = Int(sqlite3_changes(database))
        if deleted > 0 { try eraseLogWhenCommitted() }
        return deleted
    }

    /// How many sessions the file holds. Throws as `load` does.
    public func count() throws(StoreError) -> Int {
        try checkStillThere()
        let statement = try ready(countStatement)
        defer { sqlite3_reset(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { throw failure("counting sessions") }
        return Int(sqlite3_column_int64(statement, 0))
    }

    /// Finalizes the statements and closes the database; SQLite checkpoints
    /// the write-ahead log into the file and removes it.
    public func close() throws(StoreError) {
        guard let database else { return }
        finalizeStatements()
        let result = sqlite3_close(database)
        guard result == SQLITE_OK else {
            throw StoreError("closing the store \(path): \(String(cString: sqlite3_errstr(result)))")
        }
        self.database = nil
        closeDescriptor()
    }

    /// `PRAGMA integrity_check`: "ok", or what SQLite found wrong.
    public func integrityCheck() throws(StoreError) -> String {
        var lines: [String] = []
        try query("PRAGMA integrity_check") { statement in
            lines.append(String(cString: sqlite3_column_text(statement, 0)))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Opening

    private func configure(sync: StoreSync) throws(StoreError) {
        sqlite3_busy_timeout(database, Self.busyTimeoutMilliseconds)
        // Look before changing anything, inside one write transaction: a file
        // that is not a Parley store is left as it is, and of several bridges
        // opening a new file at once, one creates the schema and the others
        // find it made.
        try execute("BEGIN IMMEDIATE")
        var application: Int32 = 0, version: Int32 = 0, tables = 0
        do throws(StoreError) {
            try query("PRAGMA application_id") { application = sqlite3_column_int($0, 0) }
            try query("PRAGMA user_version") { version = sqlite3_column_int($0, 0) }
            try query("SELECT count(*) FROM sqlite_schema") { tables = Int(sqlite3_column_int($0, 0)) }
            let isNew = application == 0 && version == 0 && tables == 0
            if !isNew, application != Self.applicationID {
                throw StoreError("\(path) is an SQLite database of something else, not a Parley session store")
            }
            if version > Self.schemaVersion {
                throw StoreError("the store \(path) has schema version \(version); this parley reads versions up to \(Self.schemaVersion)")
            }
            for step in Self.migrations.dropFirst(Int(version)) { try execute(step) }
            if version < Self.schemaVersion {
                try execute("PRAGMA application_id = \(Self.applicationID)")
                try execute("PRAGMA user_version = \(Self.schemaVersion)")
            }
            if isNew { createdEmpty = true }
            try execute("COMMIT")
        } catch {
            sqlite3_exec(database, "ROLLBACK", nil, nil, nil)
            throw error
        }

        // SQLite does not call the busy handler while it changes the journal
        // mode, which needs the other connections off the file for a moment:
        // of bridges opening a new store at once, one may find it busy, and
        // waits here as the busy timeout would.
        var mode = ""
        var waited: Int32 = 0
        while true {
            let status = queryStatus("PRAGMA journal_mode = WAL") { mode = String(cString: sqlite3_column_text($0, 0)) }
            guard status == SQLITE_BUSY || status == SQLITE_LOCKED, waited < Self.busyTimeoutMilliseconds else { break }
            sqlite3_sleep(2)
            waited += 2
        }
        try query("PRAGMA journal_mode") { mode = String(cString: sqlite3_column_text($0, 0)) }
        guard mode == "wal" else { throw StoreError("the store \(path) cannot use write-ahead logging (journal mode is \(mode))") }
        try execute(sync == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        // `close` promises to delete everything kept about a session: overwrite deleted rows, do not just unlink them.
        try execute("PRAGMA secure_delete = ON")
    }

    private func prepareStatements() throws(StoreError) {
        loadStatement = try prepare("SELECT data, touched FROM sessions WHERE id = ?1")
        saveStatement = try prepare("""
            INSERT INTO sessions (id, data, touched) VALUES (?1, ?2, ?3)
            ON CONFLICT (id) DO UPDATE SET data = excluded.data, touched = excluded.touched
            """)
        deleteStatement = try prepare("DELETE FROM sessions WHERE id = ?1")
        deleteIdleStatement = try prepare("DELETE FROM sessions WHERE touched < ?1")
        countStatement = try prepare("SELECT count(*) FROM sessions")
        checkpointStatement = try prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        beginStatement = try prepare("BEGIN IMMEDIATE")
        commitStatement = try prepare("COMMIT")
        rollbackStatement = try prepare("ROLLBACK")
    }

    // MARK: - SQLite helpers

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private func ready(_ statement: OpaquePointer?) throws(StoreError) -> OpaquePointer {
        guard database != nil, let statement else { throw StoreError("the store \(path) is closed") }
        return statement
    }

    private func bind(_ id: String, to statement: OpaquePointer) throws(StoreError) {
        var id = id
        let result = id.withUTF8 { sqlite3_bind_text(statement, 1, $0.baseAddress, Int32($0.count), Self.transient) }
        guard result == SQLITE_OK else { throw failure("binding a session id") }
    }

    private func prepare(_ sql: String) throws(StoreError) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw failure("preparing the store's statements") }
        return statement
    }

    private func execute(_ sql: String) throws(StoreError) {
        let result = sqlite3_exec(database, sql, nil, nil, nil)
        if result == SQLITE_NOTADB { throw StoreError("\(path) is not a Parley session store (not an SQLite database)") }
        if result == SQLITE_BUSY {
            throw StoreError("the store \(path) stayed busy for \(Self.busyTimeoutMilliseconds / 1000) s while opening it: other bridges hold it")
        }
        guard result == SQLITE_OK else { throw failure("setting up the store") }
    }

    /// Runs `sql`, calling `row` for each result row; returns SQLite's last status.
    private func queryStatus(_ sql: String, _ row: (OpaquePointer) -> Void) -> Int32 {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(database, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { return prepared }
        defer { sqlite3_finalize(statement) }
        while true {
            let result = sqlite3_step(statement)
            if result == SQLITE_ROW { row(statement); continue }
            return result
        }
    }

    private func query(_ sql: String, _ row: (OpaquePointer) -> Void) throws(StoreError) {
        let result = queryStatus(sql, row)
        if result == SQLITE_BUSY || result == SQLITE_LOCKED {
            throw StoreError("the store \(path) stayed busy for \(Self.busyTimeoutMilliseconds / 1000) s: other bridges hold it")
        }
        if result == SQLITE_NOTADB { throw StoreError("\(path) is not a Parley session store (not an SQLite database)") }
        guard result == SQLITE_DONE else { throw failure("reading the store") }
    }

    private func failure(_ doing: String) -> StoreError {
        let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "the store is closed"
        return StoreError("\(doing) in the store \(path) failed: \(message)")
    }

    private func finalizeStatements() {
        for statement in [loadStatement, saveStatement, deleteStatement, deleteIdleStatement, countStatement, checkpointStatement,
                          beginStatement, commitStatement, rollbackStatement] {
            sqlite3_finalize(statement)
        }
        (loadStatement, saveStatement, deleteStatement, deleteIdleStatement, countStatement) = (nil, nil, nil, nil, nil)
        (checkpointStatement, beginStatement, commitStatement, rollbackStatement) = (nil, nil, nil, nil)
    }

    private func closeQuietly() {
        if let database {
            finalizeStatements()
            sqlite3_close(database)
            self.database = nil
        }
        closeDescriptor()
    }

    /// Only after SQLite has closed the file: closing any descriptor of a file
    /// drops every POSIX lock the process holds on it, SQLite's included.
    private func closeDescriptor() {
        guard descriptor >= 0 else { return }
        closeFile(descriptor)
        descriptor = -1
    }
}

/// The C library's `close`, under a name the store's own `close()` does not shadow.
private func closeFile(_ descriptor: Int32) { _ = close(descriptor) }
