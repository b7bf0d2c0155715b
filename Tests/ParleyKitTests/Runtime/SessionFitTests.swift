import Testing
@testable import ParleyKit
import ParleyStore

/// Stored sessions checked against an edited dialog (`Engine.fit`):
/// Fixtures/edits/after.dialog has lost a state, an option and a variable of
/// before.dialog.
@Suite struct SessionFitTests {
    static let before = try! Package.compile("Fixtures/edits/before.dialog").dialog!
    static let after = try! Package.compile("Fixtures/edits/after.dialog").dialog!

    /// A session of `before` after `lines`, stored and read back as a store would.
    func stored(_ lines: [String]) throws -> Session {
        let engine = Engine(dialog: Self.before)
        var (session, _) = engine.start(seed: 3)
        for line in lines { _ = engine.respond(to: line, in: &session) }
        return try SessionCodec.encode(session).withUnsafeBytes { try SessionCodec.decode($0) }
    }

    func ready(_ fit: SessionFit) throws -> (Session, SessionRepair?) {
        guard case .ready(let session, let repair) = fit else { throw DialogError(message: "not ready: \(fit)") }
        return (session, repair)
    }

    @Test func theFingerprintFollowsTheText() throws {
        #expect(Self.before.fingerprint.count == 16 && Self.after.fingerprint.count == 16)
        #expect(Self.before.fingerprint != Self.after.fingerprint)
        #expect(try Package.compile("Fixtures/edits/before.dialog").dialog!.fingerprint == Self.before.fingerprint)
        #expect(try stored([]).fingerprint == Self.before.fingerprint)
    }

    @Test func underTheSameDialogNothingChanges() throws {
        let session = try stored([])
        #expect(session.options.map(\.index) == [-1, -1, -1], "a stored session names its options by key only")
        let (fitted, repair) = try ready(Engine(dialog: Self.before).fit(session))
        #expect(repair == nil)
        #expect(fitted.options.map(\.index) == [0, 1, 2])
        #expect(Engine(dialog: Self.before).options(of: fitted).map(\.label) == ["Apples", "Bananas", "Cherries"])
    }

    @Test func aGoneOptionIsDroppedAndTheOthersAreNumberedAgain() throws {
        let engine = Engine(dialog: Self.after)
        let (fitted, repair) = try ready(engine.fit(try stored([])))
        #expect(repair == SessionRepair(dialogChanged: true, droppedOptions: 1))
        #expect(engine.options(of: fitted).map(\.label) == ["Apples", "Cherries"])
        #expect(fitted.fingerprint == Self.after.fingerprint)
        var session = fitted
        let turn = engine.respond(to: "2", in: &session)
        #expect(turn.explanation.decision == .option(key: "2", byLabel: false))
        #expect(turn.replies.first?.plainText == "Cherries.")
    }

    @Test func aGoneStateStartsOverWithTheSameRandomStream() throws {
        let session = try stored(["2"])
        #expect(session.state == "bananas")
        #expect(Engine(dialog: Self.after).fit(session) == .startOver(seed: session.random))
        #expect(try ready(Engine(dialog: Self.before).fit(session)).1 == nil)
    }

    @Test func goneVariablesAndStatesAreForgottenAndVariantsStartAfresh() throws {
        var session = try stored(["the weather is lovely"])
        #expect(session.state == "notes" && session.variables["note"] == .text("the weather is lovely"))
        session.backStack.append("bananas")
        session.visits["bananas"] = 2
        session.variants[0] = VariantCursor(used: 1, last: 0)
        let (fitted, repair) = try ready(Engine(dialog: Self.after).fit(session))
        #expect(fitted.variables.isEmpty, "what the user wrote is not kept for a dialog that no longer reads it")
        #expect(!fitted.backStack.contains("bananas") && fitted.visits["bananas"] == nil && fitted.variants.isEmpty)
        #expect(repair == SessionRepair(dialogChanged: true, droppedOptions: 0, droppedStates: 2, droppedVariables: 1))
    }

    /// The engine itself never reads past its tables, even for a session no one checked.
    @Test func anUncheckedSessionNamingGoneOptionsNeverCrashes() throws {
        var session = try stored(["the weather is lovely"])
        session.options = [OptionID(key: "menu\u{1F}Bananas", index: 1_000), OptionID(key: "nowhere", index: -7)]
        let engine = Engine(dialog: Self.after)
        #expect(engine.options(of: session).isEmpty)
        #expect(engine.resume(session).options.isEmpty)
        _ = engine.respond(to: "1", in: &session)
        #expect(session.options.allSatisfy { $0.index >= 0 && Int($0.index) < Self.after.options.count })
    }
}
