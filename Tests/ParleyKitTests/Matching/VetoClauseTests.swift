@testable import ParleyKit
import Testing

/// An `unless` entry vetoes its intent only in its own clause, so an idiom or
/// a denial cannot silence a clear sign said in the next breath of the same
/// sentence ("he never hits me, but he pushes me").
@Suite struct VetoClauseTests {
    static let dialogText = """
        dialog V
        start a

        intent violence
          keywords: hit me, push me
          unless: never hit me
          negated: lowers

        intent danger
          keywords: kill
          unless: kill for

        intent couple
          keywords: rebuild trust
          unless: together

        state a
          ask ?
          on violence, danger, couple -> a
        """

    let dialog: CompiledDialog
    init() throws { dialog = try ParleyKitTests.dialog(Self.dialogText) }

    func intent(_ line: String) -> String? {
        dialog.matcher.match(TextNormalizer.normalize(line)).first.map { dialog.intents[Int($0.intent)].name }
    }

    @Test func clausesEndWhereNegationEnds() {
        let words = TextNormalizer.normalize("he never hits me, but he pushes me and I can't. Then").words
        #expect(words.map(\.clause) == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3])
    }

    @Test func aVetoSilencesItsOwnClause() {
        #expect(intent("he never hits me") == nil)
        #expect(intent("I could kill for a coffee") == nil)
        #expect(intent("how can we rebuild trust together") == nil)
    }

    @Test func aVetoLeavesAClearSignInAnotherClause() {
        #expect(intent("he never hits me, but he pushes me") == "violence")
        #expect(intent("he never hits me but he pushes me") == "violence")
        #expect(intent("I could kill for a coffee, and I want to kill him") == "danger")
        #expect(intent("I could kill for a coffee. I want to kill him") == "danger")
    }
}
