@testable import ParleyKit
import Testing

@Suite struct MatcherTests {
    static let dialogText = """
        dialog M
        start a

        synonyms
          partner: husband, wife, girlfriend, boyfriend, significant other
          cheat: affair, sleep with, slept with

        intent apologize
          keywords: apologize, make amends

        intent betrayed
          keywords: cheat + partner, broke my trust
          rank: 1

        intent feel
          pattern: i feel *

        intent pages
          pattern: # pages

        intent danger
          keywords: kill
          unless: kill for
          negated: lowers

        state a
          ask ?
          on apologize, betrayed, feel, pages, danger -> a
        """

    let dialog: CompiledDialog
    init() throws { dialog = try ParleyKitTests.dialog(Self.dialogText) }

    func best(_ line: String) -> (name: String, match: IntentMatch)? {
        guard let match = dialog.matcher.match(TextNormalizer.normalize(line)).first else { return nil }
        return (dialog.intents[Int(match.intent)].name, match)
    }

    @Test func stemsAndSynonyms() {
        #expect(best("I apologized")?.name == "apologize")
        #expect(best("my wife had an affair")?.name == "betrayed")
        #expect(best("my significant other slept with someone")?.name == "betrayed")
    }

    @Test func phrasesNeedTheirWordsTogether() {
        #expect(best("I want to make amends")?.name == "apologize")
        #expect(best("make dinner and amends")?.name == nil)
    }

    @Test func negationSilencesUnlessLowered() {
        #expect(best("I don't want to apologize")?.name == nil)
        #expect(best("I don't want to apologize but I will make amends")?.name == "apologize")
        let lowered = best("I would never kill anyone")
        #expect(lowered?.name == "danger")
        #expect(lowered?.match.score == 50)
        #expect(lowered?.match.hits.first?.negated == true)
    }

    @Test func unlessVetoesIdioms() {
        #expect(best("I could kill for a coffee")?.name == nil)
        #expect(best("I could kill for a coffee. I want to kill him")?.name == "danger")
    }

    @Test func oneTypoInLongWords() {
        let typo = best("I want to apologze")
        #expect(typo?.name == "apologize")
        #expect(typo?.match.hits.first?.typo == true)
        #expect(best("my husbnd cheeted")?.name == "betrayed")
        // Short words must be exact.
        #expect(best("I feal sad")?.name == nil)
    }

    @Test func patternsCaptureAsWritten() {
        let feel = best("Honestly, I feel Lost in my marriage.")
        #expect(feel?.name == "feel")
        #expect(feel?.match.captures == ["Lost in my marriage"])
        #expect(best("maybe twelve pages")?.match.captures == ["12"])
        #expect(best("about 15 pages a day")?.match.captures == ["15"])
    }

    @Test func rankWinsThenSpecificity() {
        // betrayed (rank 1) beats apologize although both match.
        #expect(best("I apologize, my partner cheated")?.name == "betrayed")
        let matches = dialog.matcher.match(TextNormalizer.normalize("I apologize and want to make amends"))
        #expect(matches.first?.score == 300)
    }

    @Test func reflection() {
        let reflector = Reflector()
        #expect(reflector.reflect("lost in my marriage") == "lost in your marriage")
        #expect(reflector.reflect("I am angry because you lied to me") == "you are angry because I lied to you")
        #expect(reflector.reflect("you hurt me") == "I hurt you")
        #expect(Reflector(overrides: ["mum": "your mother"]).reflect("my mum") == "your mother")
        #expect(Reflector(overrides: ["mum": "your mother"]).reflect("I miss mum and my dad") == "you miss your mother and your dad")
    }

    @Test func costFollowsTheLineNotTheDialog() throws {
        // The index only visits entries for words in the line: a dialog of
        // 5,000 intents answers a line that names one of them, and only it.
        let big = try ParleyKitTests.dialog(BenchmarkDialogs.generated(intents: 5_000))
        let line = "I want to talk about \(BenchmarkDialogs.word(4_321, "a"))"
        let matches = big.matcher.match(TextNormalizer.normalize(line))
        #expect(matches.map { big.intents[Int($0.intent)].name } == ["i4321"])
    }
}
