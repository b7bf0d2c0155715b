import CLibPQ
import CLibPQLoader

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection to a PostgreSQL server, from one thread: prepared
/// statements with binary parameters and results, transactions, and
/// reconnection (`PQreset`) after the server went away.
///
/// The connection URL is handed to libpq whole (`PQconnectdbParams` with
/// `expand_dbname`), never taken apart here. What this type says about the
/// server (`target`, every error message) never holds the password: `target`
/// is put together from libpq's parse of the URL without it, and any message
/// from libpq is scrubbed of the password before it leaves.
final class PostgresConnection {
    /// A statement prepared on every (re)connection: its name and its SQL.
    struct Statement: Sendable {
        let name: String
        let sql: String
    }

    /// A parameter, always sent in PostgreSQL's binary format.
    enum Parameter {
        /// `bytea`.
        case bytes([UInt8])
        /// `bigint` (int8), big-endian on the wire.
        case int64(Int64)
    }

    /// `postgresql://USER@HOST:PORT/DATABASE`, without the password: for logs and errors.
    let target: String
    private let password: String?
    private let url: String
    private var handle: OpaquePointer?
    private let statements: [Statement]
    /// Runs after every successful (re)connection, before any statement: settings, schema checks.
    private let onConnect: (PostgresConnection) throws(StoreError) -> Void
    private var isReady = false

    /// Seconds libpq waits for a server that does not answer, unless the URL sets `connect_timeout`.
    static let defaultConnectTimeout = "10"

    /// Connects. Throws with a message naming `target` when the URL is not
    /// one libpq accepts or the server cannot be reached.
    init(url: String, statements: [Statement],
         onConnect: @escaping (PostgresConnection) throws(StoreError) -> Void) throws(StoreError) {
        self.url = url
        self.statements = statements
        self.onConnect = onConnect
        let parsed = try Self.parse(url)
        target = parsed.target
        password = parsed.password
        // Earlier keywords are defaults that the expanded URL (the last one) overrides.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [Self.defaultConnectTimeout, "parley bridge", url]
        handle = withCStrings(keywords) { keywords in
            withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let handle else { throw StoreError("cannot connect to \(target): out of memory") }
        // Notices (e.g. "relation already exists, skipping") would go to stderr; the bridge's log is its own.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            let error = StoreError("cannot connect to the PostgreSQL server at \(target): \(scrubbed(String(cString: PQerrorMessage(handle))))")
            PQfinish(handle)
            self.handle = nil
            throw error
        }
        try ready()
    }

    deinit { if let handle { PQfinish(handle) } }

    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    // MARK: - Statements

    /// Runs the prepared statement `name`. The result's values come in binary form.
    /// A connection found broken before anything was sent is re-established
    /// once and the statement sent again only when `retry` allows it (the
    /// statement is safe to repeat, or it opens a transaction).
    func execute(_ name: String, _ parameters: [Parameter], retry: Bool = false) throws(StoreError) -> PostgresResult {
        let connection = try connected()
        let result = Self.send(connection, name, parameters)
        if let failure = check(result) {
            if retry, PQstatus(connection) == CONNECTION_BAD {
                // The server went away while we were idle (a restart): reconnect and try once more.
                let again = Self.send(try connected(), name, parameters)
                if let failure = check(again) { throw failure }
                return PostgresResult(again)
            }
            throw failure
        }
        return PostgresResult(result)
    }

    /// Runs SQL text with no parameters (several statements allowed): setup,
    /// migrations, and the transaction commands.
    func run(_ sql: String) throws(StoreError) {
        let connection = try connected()
        let result = PQexec(connection, sql)
        if let failure = check(result) { throw failure }
        PQclear(result)
    }

    /// Like `run`, returning the first column of the first row as text.
    func value(_ sql: String) throws(StoreError) -> String? {
        let connection = try connected()
        let result = PQexec(connection, sql)
        if let failure = check(result) { throw failure }
        defer { PQclear(result) }
        guard PQntuples(result) > 0, PQgetisnull(result, 0, 0) == 0 else { return nil }
        return String(cString: PQgetvalue(result, 0, 0))
    }

    /// `BEGIN`, reconnecting once if the connection turns out broken (nothing
    /// of the transaction has been done then, so sending it again is safe).
    func begin() throws(StoreError) {
        let connection = try connected()
        let result = PQexec(connection, "BEGIN")
        guard let failure = check(result) else { PQclear(result); return }
        guard PQstatus(connection) == CONNECTION_BAD else { throw failure }
        try run("BEGIN")
    }

    /// `ROLLBACK` when a transaction is open; errors are ignored (a broken
    /// connection has already rolled back on the server).
    func rollback() {
        guard let handle, PQstatus(handle) == CONNECTION_OK,
              PQtransactionStatus(handle) == PQTRANS_INTRANS || PQtransactionStatus(handle) == PQTRANS_INERROR else { return }
        PQclear(PQexec(handle, "ROLLBACK"))
    }

    // MARK: - Connecting

    /// The connection, re-established first if it broke (`PQreset`, then the
    /// statements prepared again and `onConnect` run again).
    private func connected() throws(StoreError) -> OpaquePointer {
        guard let handle else { throw StoreError("the store \(target) is closed") }
        if PQstatus(handle) != CONNECTION_OK {
            isReady = false
            PQreset(handle)
            guard PQstatus(handle) == CONNECTION_OK else { throw unavailable() }
        }
        if !isReady { try ready() }
        return handle
    }

    private func ready() throws(StoreError) {
        guard let handle else { throw StoreError("the store \(target) is closed") }
        // Set first, so that recursion through `run` from onConnect finds the connection usable.
        isReady = true
        do throws(StoreError) {
            try onConnect(self)
            for statement in statements {
                let result = PQprepare(handle, statement.name, statement.sql, 0, nil)
                if let failure = check(result) { throw failure }
                PQclear(result)
            }
        } catch {
            isReady = false
            throw error
        }
    }

    private static func send(_ connection: OpaquePointer, _ name: String, _ parameters: [Parameter]) -> OpaquePointer? {
        // All parameters in one buffer; libpq reads them only during the call.
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        for parameter in parameters {
            offsets.append(storage.count)
            switch parameter {
            case .bytes(let bytes): storage += bytes
            case .int64(let value): withUnsafeBytes(of: value.bigEndian) { storage += $0 }
            }
            lengths.append(Int32(storage.count - offsets.last!))
        }
        let formats = [Int32](repeating: 1, count: parameters.count)
        if storage.isEmpty { storage.append(0) }  // a base address even when every parameter is empty
        return storage.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return PQexecPrepared(connection, name, Int32(parameters.count), pointers, lengths, formats, 1)
        }
    }

    /// Nil when `result` is a success; otherwise frees it and returns the
    /// error, marked as the server being unavailable when the connection broke.
    private func check(_ result: OpaquePointer?) -> StoreError? {
        guard let result else { return unavailable() }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return nil }
        defer { PQclear(result) }
        if let handle, PQstatus(handle) == CONNECTION_BAD { return unavailable() }
        let message = String(cString: PQresultErrorMessage(result))
        return StoreError("the PostgreSQL server at \(target) refused a statement: \(scrubbed(message))")
    }

    /// The server cannot be reached or the connection broke: the message the
    /// bridge answers -32000 with.
    private func unavailable() -> StoreError {
        let message = handle.map { String(cString: PQerrorMessage($0)) } ?? "no connection"
        return StoreError("the PostgreSQL server at \(target) is unavailable (the bridge reconnects by itself when it is back): \(scrubbed(message))")
    }

    /// libpq's message on one line, with the password (should libpq ever
    /// quote it) replaced.
    private func scrubbed(_ message: String) -> String {
        var text = message.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: "; ")
        if let password, !password.isEmpty { text = text.replacingAll(password, with: "[password]") }
        return text
    }

    // MARK: - The URL, through libpq

    /// libpq's parse of `url`: what to call the server, and the password (to
    /// scrub it from messages). A URL libpq rejects gives an error that quotes
    /// none of it, since libpq's own message may quote the whole URL,
    /// password included.
    static func parse(_ url: String) throws(StoreError) -> (target: String, password: String?) {
        // Every use of libpq starts here: it is loaded now, not at start-up (CLibPQLoader).
        guard parley_libpq_load() != 0 else { throw StoreError(String(cString: parley_libpq_error())) }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            var reason = "out of memory"
            if let error {
                reason = withoutQuotedText(String(cString: error))
                PQfreemem(error)
            }
            throw StoreError("the store URL is not a PostgreSQL connection URI libpq accepts: \(reason)")
        }
        defer { PQconninfoFree(options) }
        var fields: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { fields[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let host = fields["host"] ?? fields["hostaddr"] ?? "localhost"
        let port = fields["port"].map { ":\($0)" } ?? ""
        let user = fields["user"].map { "\($0)@" } ?? ""
        let database = fields["dbname"].map { "/\($0)" } ?? ""
        return ("postgresql://\(user)\(host)\(port)\(database)", fields["password"])
    }

    /// `text` with every double-quoted part replaced by "…".
    static func withoutQuotedText(_ text: String) -> String {
        var out = ""
        var quoted = false
        for character in text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces() {
            if character == "\"" {
                if !quoted { out += "\"…\"" }
                quoted.toggle()
            } else if !quoted {
                out.append(character)
            }
        }
        return out
    }
}

/// A successful libpq result, freed when dropped. Values are in binary form.
final class PostgresResult {
    private let result: OpaquePointer?

    init(_ result: OpaquePointer?) { self.result = result }

    deinit { PQclear(result) }

    var rowCount: Int { Int(PQntuples(result)) }

    /// Rows a command changed (`DELETE`, `UPDATE`, `INSERT`).
    var changedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) != 0 }

    /// A `bytea` value's bytes, read in place.
    func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) throws(StoreError) -> T) throws(StoreError) -> T {
        let count = Int(PQgetlength(result, Int32(row), Int32(column)))
        let start = PQgetvalue(result, Int32(row), Int32(column))
        return try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// A `bigint` value.
    func int64(_ row: Int, _ column: Int) -> Int64 {
        guard PQgetlength(result, Int32(row), Int32(column)) == 8, let start = PQgetvalue(result, Int32(row), Int32(column)) else { return 0 }
        var value: Int64 = 0
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(start: start, count: 8)) }
        return Int64(bigEndian: value)
    }
}

/// Calls `body` with C strings of `strings` (and a null at the end), valid during the call.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

private extension String {
    func trimmingSpaces() -> String { self[...].trimmingSpaces() }

    /// Every occurrence of `target` (compared byte for byte) replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), needle = Array(target.utf8)
        guard !needle.isEmpty, text.count >= needle.count else { return self }
        var out: [UInt8] = []
        var index = 0
        while index < text.count {
            if index + needle.count <= text.count, text[index..<index + needle.count].elementsEqual(needle) {
                out += replacement.utf8
                index += needle.count
            } else {
                out.append(text[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
