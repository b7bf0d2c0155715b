import Foundation
import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

/// Replays Fixtures/bridge/*.bridge through the handler (the CLI tests replay
/// them through the real process too). With PARLEY_UPDATE_BRIDGE_FIXTURES=1 the
/// expected responses are rewritten from this run; read the diff before committing.
@Suite struct BridgeFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/bridge")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".bridge") }.sorted()
    }

    @Test func thereAreFixtures() {
        #expect(Self.files.count >= 3)
    }

    @Test(arguments: files)
    func replays(_ name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let transcript = try BridgeTranscript.parse(text, path: url.path).get()
        let dialogPath = transcript.dialog.map { Self.folder.appendingPathComponent($0).standardized.path }
        let compiled = try #require(dialogPath.map { DialogCompiler.compile(path: $0, source: DiskDialogFiles()) }?.dialog ?? bridgeTestEngine.dialog)
        let handler = BridgeHandler(engine: Engine(dialog: compiled), store: MemorySessionStore(),
                                    configuration: BridgeConfiguration(seed: transcript.seed))
        var perRequest: [[String]] = []
        for request in transcript.requests {
            let response = handler.handle(request, now: 0).response.map { String(decoding: $0.dropLast(), as: UTF8.self) }
            perRequest.append(response.map { [$0] } ?? [])
        }
        let actual = perRequest.flatMap { $0 }
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_BRIDGE_FIXTURES"] == "1", actual != transcript.responses {
            try Self.rewrite(text, responses: perRequest).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(actual.count == transcript.responses.count, "\(name): \(actual.count) responses, expected \(transcript.responses.count)")
        for (index, (got, expected)) in zip(actual, transcript.responses).enumerated() where got != expected {
            Issue.record("\(name): response \(index + 1) differs\n  expected: \(expected)\n  actual:   \(got)")
        }
    }

    /// The file with its `< ` lines replaced by `responses`, each after its request.
    static func rewrite(_ text: String, responses: [[String]]) -> String {
        var out: [String] = []
        var request = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("< ") { continue }
            out.append(String(line))
            if line == ">" || line.hasPrefix("> ") {
                out += responses[request].map { "< " + $0 }
                request += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
