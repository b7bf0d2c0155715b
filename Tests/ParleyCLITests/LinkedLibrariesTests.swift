import Foundation
import Testing

/// `parley` links FoundationEssentials but not Foundation, whose code,
/// static initialisers and conformance records every start paid for
/// (docs/performance.md, "Chat start-up", `startup6`). A target that
/// `parley` links and that imports Foundation again puts them back.
@Suite struct LinkedLibrariesTests {
    @Test func theBinaryHoldsNoFoundationCode() throws {
        #if os(Linux)
        let binary = try Data(contentsOf: ParleyProcess.executable, options: .alwaysMapped)
        // Swift's mangled names: Foundation's start "$s10Foundation",
        // FoundationEssentials' "$s20FoundationEssentials" (there, so the
        // search itself is shown to find a module's symbols).
        #expect(binary.range(of: Data("$s20FoundationEssentials".utf8)) != nil)
        #expect(binary.range(of: Data("$s10Foundation".utf8)) == nil)
        #endif
    }
}
