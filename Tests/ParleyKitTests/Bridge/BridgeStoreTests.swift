import CSQLite
import Foundation
import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

/// A fresh folder under the temporary directory, removed by the caller.
func bridgeTemporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString)").path
    return path
}

/// A session with every field set, so codecs and stores must keep all of them.
func richSession() -> Session {
    var session = Session(state: "goal.set", seed: 0xDEAD_BEEF_CAFE_F00D)
    session.backStack = ["welcome", "goal.size"]
    session.variables = ["pages": .number(20), "mood": .text("anxious — “very”"), "ok": .bool(true), "half": .number(-0.5)]
    session.visits = ["welcome": 1, "goal.size": 3]
    session.misses = 2
    session.variants = [0: VariantCursor(used: 0b101, last: 2), 7: VariantCursor(used: .max, last: -1)]
    session.options = [OptionID(key: "goal.set\u{1F}Yes"), OptionID(key: "goal.set\u{1F}No\u{1F}2"), OptionID(key: "")]
    session.question = "Do you want a few tips to keep it up?"
    session.captures = ["twenty", "pages"]
    session.ended = true
    session.fingerprint = "0123456789abcdef"
    return session
}

@Suite struct BridgeStoreTests {
    enum Kind: String, CaseIterable { case memory, sqlite }

    func withStore(_ kind: Kind, _ body: (any SessionStore) throws -> Void) throws {
        switch kind {
        case .memory:
            try body(MemorySessionStore())
        case .sqlite:
            let folder = bridgeTemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try SQLiteSessionStore(path: folder + "/sessions.sqlite")
            try body(store)
            try store.close()
        }
    }

    /// Ids are compared byte for byte: canonically equal ids (Kelvin sign and
    /// K, composed and decomposed é), a prefix, and ids of the same length
    /// are all different sessions.
    @Test(arguments: Kind.allCases)
    func comparesIDsByteForByte(_ kind: Kind) throws {
        try withStore(kind) { store in
            let ids = ["irc:Kate", "irc:\u{212A}ate", "caf\u{E9}", "cafe\u{301}", "caf", "cafe", "user-10", "user-11"]
            for (n, id) in ids.enumerated() {
                try store.save(Session(state: "s\(n)", seed: UInt64(n)), for: id, touched: 1)
            }
            #expect(try store.count() == ids.count)
            for (n, id) in ids.enumerated() {
                #expect(try store.load(id)?.session.state == "s\(n)", "\(id.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func savesLoadsAndDeletes(_ kind: Kind) throws {
        try withStore(kind) { store in
            #expect(try store.load("a") == nil)
            #expect(try store.count() == 0)
            let session = richSession()
            try store.save(session, for: "a", touched: 100)
            try store.save(Session(state: "welcome", seed: 1), for: "b", touched: 200)
            #expect(try store.load("a") == StoredSession(session: session, touched: 100))
            #expect(try store.count() == 2)
            var changed = session
            changed.state = "talk"
            try store.save(changed, for: "a", touched: 150)
            #expect(try store.load("a") == StoredSession(session: changed, touched: 150))
            #expect(try store.count() == 2)
            #expect(try store.delete("a") == true)
            #expect(try store.delete("a") == false)
            #expect(try store.load("a") == nil)
            #expect(try store.count() == 1)
        }
    }

    @Test(arguments: Kind.allCases)
    func deletesIdleSessions(_ kind: Kind) throws {
        try withStore(kind) { store in
            for n in 0..<10 { try store.save(Session(state: "welcome", seed: UInt64(n)), for: "s\(n)", touched: Int64(n * 10)) }
            #expect(try store.deleteIdle(touchedBefore: 45) == 5)
            #expect(try store.count() == 5)
            #expect(try store.load("s4") == nil)
            #expect(try store.load("s5") != nil)
        }
    }

    @Test(arguments: Kind.allCases)
    func keepsIdsAsDataWhateverTheyContain(_ kind: Kind) throws {
        try withStore(kind) { store in
            let ids = ["../../etc/passwd", "a/b", "x'; DROP TABLE sessions; --", "😀", String(repeating: "z", count: 128), "%s%n", "NUL?"]
            for (n, id) in ids.enumerated() { try store.save(Session(state: "s\(n)", seed: 0), for: id, touched: 0) }
            for (n, id) in ids.enumerated() { #expect(try store.load(id)?.session.state == "s\(n)") }
            #expect(try store.count() == ids.count)
        }
    }

    @Test func sqliteKeepsSessionsAcrossReopening() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nested/deeper/sessions.sqlite"
        let first = try SQLiteSessionStore(path: path)
        try first.save(richSession(), for: "a", touched: 5)
        try first.close()
        let second = try SQLiteSessionStore(path: path, sync: .full)
        #expect(try second.load("a") == StoredSession(session: richSession(), touched: 5))
        #expect(try second.integrityCheck() == "ok")
        try second.close()
        // A clean close leaves no write-ahead log behind.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func sqliteCreatesPrivateFilesAndFolders() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/inner/sessions.sqlite"
        let store = try SQLiteSessionStore(path: path)
        try store.save(richSession(), for: "a", touched: 0)
        func mode(_ path: String) -> Int {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int ?? -1
        }
        #expect(mode(path) == 0o600)
        #expect(mode(path + "-wal") == 0o600)
        #expect(mode(path + "-shm") == 0o600)
        #expect(mode(folder + "/inner") == 0o700)
        #expect(mode(folder) == 0o700)
        try store.close()
    }

    @Test func sqliteSharesTheFileWithASecondStore() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.sqlite"
        let first = try SQLiteSessionStore(path: path)
        let second = try SQLiteSessionStore(path: path)
        #expect(first.createdEmpty && !second.createdEmpty)
        try first.serialized(session: "a") { () throws(StoreError) in try first.save(richSession(), for: "a", touched: 5) }
        #expect(try second.load("a") == StoredSession(session: richSession(), touched: 5))
        try second.serialized(session: "a") { () throws(StoreError) in _ = try second.delete("a") }
        #expect(try first.load("a") == nil)
        try first.close()
        try second.close()
    }

    @Test func sqliteKeepsNothingOfATurnThatFailed() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteSessionStore(path: folder + "/sessions.sqlite")
        #expect(throws: StoreError("the turn failed (test)")) {
            try store.serialized(session: "a") { () throws(StoreError) in
                try store.save(richSession(), for: "a", touched: 1)
                throw StoreError("the turn failed (test)")
            }
        }
        #expect(try store.load("a") == nil)
        // The store is usable after the rollback.
        try store.serialized(session: "a") { () throws(StoreError) in try store.save(richSession(), for: "a", touched: 2) }
        #expect(try store.count() == 1)
        try store.close()
    }

    @Test func sqliteRefusesALogWithoutItsStore() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/sessions.sqlite"
        #expect(FileManager.default.createFile(atPath: path + "-shm", contents: Data([1]), attributes: [.posixPermissions: 0o600]))
        #expect(throws: StoreError("the store \(path) is missing but \(path)-shm is there: the store was deleted or moved "
            + "after a bridge stopped without closing it. Put the store back, or remove that file to start a new empty store")) {
            _ = try SQLiteSessionStore(path: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func sqliteRefusesASchemaNewerThanItKnows() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/sessions.sqlite"
        try SQLiteSessionStore(path: path).close()
        var database: OpaquePointer?
        #expect(sqlite3_open(path, &database) == SQLITE_OK)
        #expect(sqlite3_exec(database, "PRAGMA user_version = \(SQLiteSessionStore.schemaVersion + 1)", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(database)
        #expect(throws: StoreError("the store \(path) has schema version \(SQLiteSessionStore.schemaVersion + 1); this parley reads versions up to \(SQLiteSessionStore.schemaVersion)")) {
            _ = try SQLiteSessionStore(path: path)
        }
    }

    @Test func sqliteRefusesFilesThatAreNotStores() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = folder + "/notes.txt"
        try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: StoreError("\(text) is not a Parley session store (not an SQLite database)")) {
            _ = try SQLiteSessionStore(path: text)
        }
        #expect(throws: StoreError.self) { _ = try SQLiteSessionStore(path: folder) }
    }

    @Test func sqliteLeavesAnotherProgramsDatabaseUntouched() throws {
        let folder = bridgeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/notes.sqlite"
        var database: OpaquePointer?
        #expect(sqlite3_open(path, &database) == SQLITE_OK)
        #expect(sqlite3_exec(database, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me');", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(database)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: StoreError("\(path) is an SQLite database of something else, not a Parley session store")) {
            _ = try SQLiteSessionStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func sessionCodecRoundTripsEveryField() throws {
        for session in [richSession(), Session(state: "", seed: 0), Session(state: "welcome", seed: .max)] {
            let bytes = SessionCodec.encode(session)
            #expect(try bytes.withUnsafeBytes { try SessionCodec.decode($0) } == session)
        }
        // The same session gives the same bytes, whatever order its dictionaries iterate in.
        #expect(SessionCodec.encode(richSession()) == SessionCodec.encode(richSession()))
    }

    /// Sessions stored by the version before: options by position (meaningless
    /// without their dialog: read as none) and no fingerprint.
    @Test func sessionCodecReadsVersionOne() throws {
        var session = richSession()
        session.fingerprint = ""
        session.options = []
        let two = SessionCodec.encode(session)
        #expect(two.suffix(3) == [0, 0, 0], "an empty fingerprint, no memories and line 0 are written last, a zero byte each")
        let one = [1] + two[1..<(two.count - 3)]
        #expect(try one.withUnsafeBytes { try SessionCodec.decode($0) } == session)
    }

    @Test func sessionCodecKnowsEveryStoredPropertyOfSession() {
        let names = Mirror(reflecting: Session(state: "x", seed: 0)).children.compactMap(\.label)
        #expect(names == SessionCodec.fieldNames,
                "Session changed: teach SessionCodec the new field (and bump its version), then update fieldNames")
    }

    @Test func sessionCodecRefusesDamagedBytesWithoutCrashing() {
        let bytes = SessionCodec.encode(richSession())
        for length in 0..<bytes.count {
            #expect(throws: StoreError.self) { try Array(bytes[..<length]).withUnsafeBytes { try SessionCodec.decode($0) } }
        }
        #expect(throws: StoreError.self) { try (bytes + [0]).withUnsafeBytes { try SessionCodec.decode($0) } }
        var generator = SplitMix64(state: 9)
        for _ in 0..<2000 {
            var damaged = bytes
            damaged[Int.random(in: 0..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? damaged.withUnsafeBytes { try SessionCodec.decode($0) }
        }
        var future = bytes
        future[0] = 99
        #expect(throws: StoreError("a stored session has format version 99; this parley reads versions 1 to 2", isUnreadableSession: true)) {
            try future.withUnsafeBytes { try SessionCodec.decode($0) }
        }
    }
}
