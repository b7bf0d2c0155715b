/// The PostgreSQL store's tables, created and migrated in order.
///
/// `parley_schema_version` keeps one row per migration applied. On every
/// (re)connection, one transaction takes a transaction-scoped advisory lock
/// (so that of several bridges starting at once, one migrates and the others
/// wait, then find nothing left to do), reads the highest version, applies
/// the migrations above it in order, and commits. A database whose version is
/// above the newest this parley knows is refused, not changed.
///
/// To change the schema, append a migration; never edit one that has shipped.
enum PostgresSchema {
    struct Migration: Sendable {
        let version: Int
        let sql: String
    }

    /// `pg_advisory_xact_lock`'s key for migrations: "PRLYSCHM" in ASCII.
    static let migrationLock: Int64 = 0x5052_4C59_5343_484D

    static let migrations: [Migration] = [
        // Sessions: the id as bytea, so that ids compare byte for byte whatever
        // the database's encoding and collation; the session in SessionCodec's
        // binary form (NULL only inside the transaction that creates the row,
        // to have a row to lock, and never seen by another transaction); when
        // a request last used it, in wall-clock seconds, indexed for the TTL sweep.
        Migration(version: 1, sql: """
            CREATE TABLE parley_sessions (
                id bytea PRIMARY KEY,
                data bytea,
                touched bigint NOT NULL
            );
            CREATE INDEX parley_sessions_touched ON parley_sessions (touched);
            """),
    ]

    static var latest: Int { migrations.last?.version ?? 0 }

    /// Brings the database on `connection` to `latest`, in one transaction.
    static func migrate(_ connection: PostgresConnection) throws(StoreError) {
        try connection.run("BEGIN")
        do throws(StoreError) {
            try connection.run("SELECT pg_advisory_xact_lock(\(migrationLock))")
            try connection.run("""
                CREATE TABLE IF NOT EXISTS parley_schema_version (
                    version integer PRIMARY KEY,
                    applied timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current = Int(try connection.value("SELECT coalesce(max(version), 0) FROM parley_schema_version") ?? "0") ?? 0
            if current > latest {
                throw StoreError("the database at \(connection.target) has Parley schema version \(current); this parley knows versions up to \(latest): use a newer parley")
            }
            for migration in migrations where migration.version > current {
                try connection.run(migration.sql)
                try connection.run("INSERT INTO parley_schema_version (version) VALUES (\(migration.version))")
            }
            try connection.run("COMMIT")
        } catch {
            connection.rollback()
            throw error
        }
    }
}
