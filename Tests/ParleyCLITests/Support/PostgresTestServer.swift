import Foundation
@testable import ParleyStore
import Testing

/// The PostgreSQL server the tests run against: the one
/// `tools/pg-test-server.sh` started, named by PARLEY_TEST_POSTGRES_URL (and
/// its folder by PARLEY_TEST_POSTGRES_DIR, for the outage test). Without the
/// variable the PostgreSQL tests are skipped, with the reason shown; CI sets
/// it (and `ciRunsThePostgresTests` fails CI if it does not).
enum PostgresTestServer {
    static let urlVariable = "PARLEY_TEST_POSTGRES_URL"
    static let folderVariable = "PARLEY_TEST_POSTGRES_DIR"

    static var url: String? { ProcessInfo.processInfo.environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 } }
    static var folder: String? { ProcessInfo.processInfo.environment[folderVariable].flatMap { $0.isEmpty ? nil : $0 } }

    static let isAvailable = url != nil
    static let skipReason: Comment = "PARLEY_TEST_POSTGRES_URL is not set: run `tools/pg-test-server.sh run swift test` to run the PostgreSQL tests against a throw-away server"

    /// The password in the server's URL, as libpq reads it.
    static var password: String? {
        guard let url else { return nil }
        return try? PostgresConnection.parse(url).password
    }

    /// A new, empty database on the test server for one test, and its URL.
    /// Each test gets its own, so tests running at once never see each other's sessions.
    static func freshDatabase() throws -> String {
        let base = try #require(url, skipReason)
        let name = "parley_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresConnection(url: base, statements: []) { _ throws(StoreError) in }
        defer { admin.close() }
        try admin.run("CREATE DATABASE \(name)")
        // libpq reads a `dbname` in the query after the one in the path, and the later one wins.
        return base + (base.contains("?") ? "&" : "?") + "dbname=\(name)"
    }

    /// Runs `tools/pg-test-server.sh COMMAND` on the test server's folder: `down` or `up`.
    static func control(_ command: String) throws {
        let folder = try #require(folder, "PARLEY_TEST_POSTGRES_DIR is not set; tools/pg-test-server.sh sets it")
        let process = Process()
        process.executableURL = ParleyProcess.packageRoot.appendingPathComponent("tools/pg-test-server.sh")
        process.arguments = [command, folder]
        try process.run()
        #expect(try ChildExit.wait(for: process, timeout: 120) == 0, "tools/pg-test-server.sh \(command) failed")
    }
}
