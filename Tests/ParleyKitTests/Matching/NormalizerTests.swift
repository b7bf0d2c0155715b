@testable import ParleyKit
import Testing

@Suite struct NormalizerTests {
    func words(_ text: String) -> [String] { TextNormalizer.normalize(text).words.map(\.text) }

    @Test func contractionsCaseAndQuotes() {
        #expect(words("I DON’T know") == ["i", "do", "not", "know"])
        #expect(words("I'm sure it's fine, can't you see?") == ["i", "am", "sure", "it", "is", "fine", "can", "not", "you", "see"])
        #expect(words("my partner's phone") == ["my", "partner", "phone"])
        #expect(words("idk") == ["i", "do", "not", "know"])
        #expect(words("dont wont cant") == ["do", "not", "will", "not", "can", "not"])
        #expect(words("hes sure shes gone") == ["he", "is", "sure", "she", "is", "gone"])
    }

    @Test func unicodeIsNormalised() {
        // NFKC: the ligature and full-width letters become plain letters.
        #expect(words("ﬁne ＴＲＵＳＴ") == ["fine", "trust"])
        // A combining accent stays with its letter.
        #expect(words("cafe\u{301} time").first == "café")
        #expect(words("I feel 😢 today") == ["i", "feel", "today"])
        #expect(words("שלום עולם") == ["שלום", "עולם"])
    }

    @Test func controlCharactersAreRemoved() {
        let line = TextNormalizer.normalize("hi\u{1B}[31m there\u{7}\u{202E}!")
        #expect(!line.display.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(line.words.map(\.text) == ["hi", "31m", "there"])
    }

    @Test func negationScopeEndsAtButAndCommas() {
        let line = TextNormalizer.normalize("he never hits me but he controls my money")
        let negated = line.words.filter(\.negated).map(\.text)
        #expect(negated == ["hits", "me"])
        let second = TextNormalizer.normalize("I don't want to apologize, I want to leave")
        #expect(second.words.filter(\.negated).map(\.text) == ["want", "to", "apologize"])
        // "No" answering at the start of a sentence does not negate what follows.
        #expect(TextNormalizer.normalize("no, I cheated").words.filter(\.negated).isEmpty)
        #expect(TextNormalizer.normalize("No I cheated").words.filter(\.negated).isEmpty)
    }

    @Test func sentencesAreNumbered() {
        let line = TextNormalizer.normalize("I feel sad. What now? Okay!")
        #expect(line.words.map(\.sentence) == [0, 0, 0, 1, 1, 2])
    }
}

@Suite struct StemmerTests {
    @Test(arguments: [
        ("cheated", "cheat"), ("cheating", "cheat"), ("cheats", "cheat"), ("cheat", "cheat"),
        ("lied", "lie"), ("lies", "lie"), ("lying", "lie"), ("apologized", "apolog"), ("apology", "apolog"),
        ("apologizing", "apolog"), ("betrayed", "betray"), ("betrayal", "betray"), ("forgiveness", "forgiv"),
        ("forgive", "forgiv"), ("trusting", "trust"), ("relationships", "relationship"), ("hopping", "hop"),
        ("hoping", "hope"), ("caresses", "caress"), ("ponies", "poni"), ("generously", "generous"),
        ("communication", "communic"), ("running", "run"), ("happily", "happili"), ("a", "a"), ("is", "is"),
    ])
    func porter2(_ word: String, _ stem: String) {
        #expect(Stemmer.stem(word) == stem)
    }

    @Test func nonASCIIWordsAreLeftAlone() {
        #expect(Stemmer.stem("café") == "café")
        #expect(Stemmer.stem("שלום") == "שלום")
    }
}
