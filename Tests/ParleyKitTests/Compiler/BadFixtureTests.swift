import Foundation
@testable import ParleyKit
import Testing

/// Fixtures/bad holds one broken dialog per diagnostic code, named after the
/// code (P010-unknown-state.dialog), with the exact diagnostics it must
/// produce in a .expected file beside it.
@Suite struct BadFixtureTests {
    static var cases: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: Package.url("Fixtures/bad").path)) ?? []
        return entries.filter { !$0.hasSuffix(".expected") }.sorted().map { "Fixtures/bad/" + $0 }
    }

    @Test(arguments: cases)
    func producesItsDocumentedDiagnostics(_ path: String) throws {
        let result = try Package.compile(path)
        let formatter = DiagnosticFormatter(sources: result.sources)
        let output = result.diagnostics.map(formatter.format).joined(separator: "\n") + "\n"
        let name = URL(fileURLWithPath: path).lastPathComponent
        let code = String(name.prefix(4))
        #expect(result.diagnostics.contains { $0.code.rawValue == code }, "\(path) must produce \(code):\n\(output)")
        let expected = path.replacingOccurrences(of: ".dialog", with: "") + ".expected"
        if let problem = try Package.checkGolden(output, expected) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func everyCodeHasAFixture() {
        let covered = Set(Self.cases.map { String(URL(fileURLWithPath: $0).lastPathComponent.prefix(4)) })
        for code in DiagnosticCode.allCases {
            #expect(covered.contains(code.rawValue), "no fixture in Fixtures/bad for \(code.rawValue)")
        }
    }
}
