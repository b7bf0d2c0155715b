import CSQLite
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
/// The database runs in WAL mode with an exclusive lock: one bridge owns the
/// file; a second one is refused instead of silently interleaving sessions.
/// Every `save` is its own transaction, committed before it returns.
///
/// The store also keeps its own descriptor of the file, for two jobs SQLite
/// does not do: an `flock` taken before SQLite reads anything, so that of two
/// bridges started at the same moment one serves and the other is refused
/// (SQLite's own locks, both taken shared first, can refuse both); and the
/// file's identity, checked before every call, so a store deleted or renamed
/// under a running bridge fails loudly instead of serving from a file nobody
/// will find again.
public final class SQLiteSessionStore: SessionStore {
    /// `PRAGMA application_id` of a Parley store: "PRLY".
    static let applicationID: Int32 = 0x5052_4C59
    static let schemaVersion: Int32 = 1

    public let path: String
    private var database: OpaquePointer?
    private var loadStatement: OpaquePointer?
    private var saveStatement: OpaquePointer?
    private var deleteStatement: OpaquePointer?
    private var deleteIdleStatement: OpaquePointer?
    private var countStatement: OpaquePointer?
    private var checkpointStatement: OpaquePointer?
    /// Our own descriptor of the file: the `flock`, and the identity check.
    private var descriptor: Int32 = -1
    private var identity: (device: UInt64, inode: UInt64) = (0, 0)

    /// Opens the store at `path`, creating it (0600, and missing folders 0700)
    /// if needed. Refuses a symbolic link (dangling or not) where the file or
    /// its write-ahead log should be, and a file of another user; narrows an
    /// existing file that others may read to 0600. Throws when another bridge
    /// has the store open.
    public init(path: String, sync: StoreSync = .normal) throws(StoreError) {
        self.path = path
        do throws(PrivateFiles.Failure) {
            descriptor = try PrivateFiles.open(path)
            for companion in ["-wal", "-journal", "-shm"] { try PrivateFiles.checkCompanion(path + companion) }
        } catch {
            if descriptor >= 0 { closeFile(descriptor) }
            throw StoreError("cannot open the store \(error.path): \(error.reason)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            closeFile(descriptor)
            throw StoreError(busy ? "the store \(path) is in use by another process (another parley bridge?)"
                                  : "cannot lock the store \(path): \(reason)")
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

    deinit { closeQuietly() }

    // MARK: - SessionStore

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

    @discardableResult
    public func delete(_ id: String) throws(StoreError) -> Bool {
        try checkStillThere()
        let statement = try ready(deleteStatement)
        defer { sqlite3_reset(statement) }
        try bind(id, to: statement)
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("deleting a session") }
        let existed = sqlite3_changes(database) > 0
        if existed { try eraseLog() }
        return existed
    }

    /// Copies the log into the file and empties it, so what `close` deleted
    /// (overwritten in the file by `secure_delete`) does not live on in the
    /// log's older frames until the next checkpoint, thousands of turns or a
    /// restart away. Costs one checkpoint per deleted session.
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

    @discardableResult
    public func deleteIdle(touchedBefore cutoff: Int64) throws(StoreError) -> Int {
        try checkStillThere()
        let statement = try ready(deleteIdleStatement)
        defer { sqlite3_reset(statement) }
        guard sqlite3_bind_int64(statement, 1, cutoff) == SQLITE_OK, sqlite3_step(statement) == SQLITE_DONE else {
            throw failure("deleting idle sessions")
        }
        let deleted = Int(sqlite3_changes(database))
        if deleted > 0 { try eraseLog() }
        return deleted
    }

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
        // Exclusive locking before anything is read: no shared-memory index for
        // the log, and a second bridge on the same file is refused.
        try execute("PRAGMA locking_mode = EXCLUSIVE")
        // Look before changing anything: a file that is not a Parley store is left as it is.
        var application: Int32 = 0, version: Int32 = 0, tables = 0
        try query("PRAGMA application_id") { application = sqlite3_column_int($0, 0) }
        try query("PRAGMA user_version") { version = sqlite3_column_int($0, 0) }
        try query("SELECT count(*) FROM sqlite_schema") { tables = Int(sqlite3_column_int($0, 0)) }
        let isNew = application == 0 && version == 0 && tables == 0
        if !isNew, application != Self.applicationID {
            throw StoreError("\(path) is an SQLite database of something else, not a Parley session store")
        }
        if !isNew, version != Self.schemaVersion {
            throw StoreError("the store \(path) has schema version \(version); this parley reads version \(Self.schemaVersion)")
        }

        var mode = ""
        try query("PRAGMA journal_mode = WAL") { mode = String(cString: sqlite3_column_text($0, 0)) }
        guard mode == "wal" else { throw StoreError("the store \(path) cannot use write-ahead logging (journal mode is \(mode))") }
        try execute(sync == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        // `close` promises to delete everything kept about a session: overwrite deleted rows, do not just unlink them.
        try execute("PRAGMA secure_delete = ON")
        if isNew {
            try execute("""
                BEGIN;
                CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL, touched INTEGER NOT NULL) WITHOUT ROWID;
                PRAGMA application_id = \(Self.applicationID);
                PRAGMA user_version = \(Self.schemaVersion);
                COMMIT;
                """)
        }
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
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
            let error = failure("setting up the store")
            sqlite3_exec(database, "ROLLBACK", nil, nil, nil)
            throw error
        }
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
            throw StoreError("the store \(path) is in use by another process (another parley bridge?)")
        }
        if result == SQLITE_NOTADB { throw StoreError("\(path) is not a Parley session store (not an SQLite database)") }
        guard result == SQLITE_DONE else { throw failure("reading the store") }
    }

    private func failure(_ doing: String) -> StoreError {
        let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "the store is closed"
        return StoreError("\(doing) in the store \(path) failed: \(message)")
    }

    private func finalizeStatements() {
        for statement in [loadStatement, saveStatement, deleteStatement, deleteIdleStatement, countStatement, checkpointStatement] {
            sqlite3_finalize(statement)
        }
        (loadStatement, saveStatement, deleteStatement, deleteIdleStatement, countStatement) = (nil, nil, nil, nil, nil)
        checkpointStatement = nil
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
