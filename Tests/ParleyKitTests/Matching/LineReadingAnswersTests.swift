import Foundation
@testable import ParleyKit
import Testing

/// `LineReading` answers both `reads:` levels from words classed once
/// (issue 12); these tests hold it to the plain way it replaced, which asked
/// each level on its own with `Set<String>`s, on many lines: the fixtures'
/// user lines and every short combination of words the lists name.
@Suite struct LineReadingAnswersTests {
    static let trust: CompiledDialog? = try? Package.compile("Dialogs/trust").dialog

    /// The plain way, as `ReadingLevel.holds` was before `LineReading`
    /// (main at 23d5e96): kept here only to compare with.
    enum Plain {
        static func holds(_ level: ReadingLevel, _ line: NormalizedLine, _ tokens: [Token], _ topicTerms: [Bool],
                          _ matchedWords: [Bool]) -> Bool {
            switch level {
            case .little:
                if readsNothing(line, tokens) { return true }
                let words = line.words.map(\.text)
                if words.count >= 2, words.contains(where: ReadingLevel.storyPeople.contains) { return false }
                if saysNothing(words) { return true }
                let content = words.indices.filter {
                    !carriesNoTopic(words[$0]) && !ReadingLevel.chatMarkers.contains(words[$0])
                }
                if isAside(line) {
                    return !content.contains { matchedWords[$0] && !ReadingLevel.acknowledgements.contains(words[$0]) }
                }
                if content.count == 1 { return false }
                return !tokens.contains { token in
                    token.term >= 0 && topicTerms[Int(token.term)]
                        && (token.firstWord...token.lastWord).contains { !carriesNoTopic(line.words[$0].text) }
                }
            case .nothing:
                if readsNothing(line, tokens) { return true }
                let words = line.words.map(\.text)
                return !(words.count >= 2 && words.contains(where: ReadingLevel.storyPeople.contains)) && saysNothing(words)
            }
        }

        static func saysNothing(_ words: [String]) -> Bool { !words.isEmpty && words.allSatisfy(carriesNoTopic) }

        static func readsNothing(_ line: NormalizedLine, _ tokens: [Token]) -> Bool {
            !tokens.contains { token in
                token.term >= 0 || (token.firstWord...token.lastWord).contains { k in
                    let text = line.words[k].text
                    return KnownWords.contains(text) || text.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
                }
            }
        }

        static func isAside(_ line: NormalizedLine) -> Bool {
            let words = line.words.map(\.text)
            if words.contains(where: ReadingLevel.chatMarkers.contains) { return true }
            guard let first = words.first else { return false }
            let second = words.count > 1 ? words[1] : ""
            let third = words.count > 2 ? words[2] : ""
            if ["whats", "hows", "wheres", "whos"].contains(first) { return !ReadingLevel.selves.contains(second) }
            if ReadingLevel.askingWords.contains(first) {
                if ReadingLevel.subjects.contains(second) { return false }
                if ReadingLevel.auxiliaries.contains(second) { return !ReadingLevel.selves.contains(third) }
                if first == "who" { return !second.isEmpty }
                return ReadingLevel.auxiliaries.contains(third)
            }
            return ReadingLevel.auxiliaries.contains(first) && ReadingLevel.addressees.contains(second)
        }

        static func carriesNoTopic(_ word: String) -> Bool {
            StopWords.english.contains(word) || ReadingLevel.questionWords.contains(word)
        }
    }

    /// Every word of the lists, and words near them that are in none.
    static let listedWords: [String] = Array(ReadingWordClass.lists.reduce(into: Set<String>()) { $0.formUnion($1.words) })
        .sorted()

    /// The user lines of every fixture (`you: ` lines of Fixtures/**/*.chat).
    static func fixtureLines() throws -> [String] {
        var lines: Set<String> = []
        for path in Package.files(under: "Fixtures", suffix: ".chat") {
            for line in try Package.text(path).split(separator: "\n") where line.hasPrefix("you: ") {
                lines.insert(String(line.dropFirst(5)))
            }
        }
        return lines.sorted()
    }

    /// Lines of one to three words from a vocabulary that reaches every
    /// branch: story people, small and question words, auxiliaries, nods,
    /// chat markers, the dialogs' keywords, English, numbers, nonsense, emoji.
    static let generatedLines: [String] = {
        let vocabulary = ["he", "her", "what", "who", "whats", "how", "is", "can", "you", "u", "this", "i", "we",
                          "the", "no", "why", "ok", "yes", "lol", "brb", "drunk", "feel", "trust", "cheated",
                          "weather", "hiking", "12", "twelve", "blorp", "🍕", "it", "?"]
        var lines = vocabulary
        for a in vocabulary {
            for b in vocabulary {
                lines.append("\(a) \(b)")
                for c in vocabulary { lines.append("\(a) \(b) \(c)") }
            }
        }
        return lines
    }()

    /// Compares both levels on `lines` read by `dialog`, with the words the
    /// matcher covered, none, and all; returns how many answers differed.
    static func differences(_ dialog: CompiledDialog, _ lines: [String]) -> [String] {
        let matcher = dialog.matcher
        var differing: [String] = []
        var classes: [ReadingWordClass] = []
        for text in lines {
            let line = TextNormalizer.normalize(text)
            let tokens = matcher.lexicon.tokens(of: line)
            var matched = [Bool](repeating: false, count: line.words.count)
            for match in matcher.match(line, tokens: tokens) {
                for hit in match.hits {
                    if case .label = matcher.entries[Int(hit.entry)].shape { continue }
                    for word in hit.words { matched[word] = true }
                }
            }
            let wordSets = [matched, [Bool](repeating: false, count: line.words.count),
                            [Bool](repeating: true, count: line.words.count)]
            for words in wordSets {
                let reading = LineReading(line, tokens, topicTerms: matcher.topicTerms, matchedWords: words,
                                          classes: &classes)
                for level in [ReadingLevel.nothing, .little]
                where reading.holds(level) != Plain.holds(level, line, tokens, matcher.topicTerms, words) {
                    differing.append("\(level) \(text) \(words)")
                }
            }
        }
        return differing
    }

    @Test func theFixturesLinesReadAsThePlainWayReadsThem() throws {
        let lines = try Self.fixtureLines()
        #expect(lines.count > 400, "the fixtures' user lines were not found")
        let trust = try #require(Self.trust, "Dialogs/trust does not compile")
        let differing = Self.differences(trust, lines)
        #expect(differing.isEmpty, "\(differing.prefix(20))")
        let small = try dialog(LineReadingTests.dialogText)
        #expect(Self.differences(small, lines).isEmpty)
    }

    @Test func generatedLinesReadAsThePlainWayReadsThem() throws {
        let trust = try #require(Self.trust, "Dialogs/trust does not compile")
        let lines = Self.generatedLines + Self.listedWords
        let differing = Self.differences(trust, lines)
        #expect(differing.isEmpty, "\(differing.prefix(20))")
        let small = try dialog(LineReadingTests.dialogText)
        let differingSmall = Self.differences(small, lines)
        #expect(differingSmall.isEmpty, "\(differingSmall.prefix(20))")
    }

    /// The matcher's `reads:` matches are the plain way's answers.
    @Test func theMatcherFiresReadingIntentsAsThePlainWayDoes() throws {
        let trust = try #require(Self.trust, "Dialogs/trust does not compile")
        let small = try dialog(LineReadingTests.dialogText)
        let lines = try Self.fixtureLines() + Self.generatedLines.prefix(3_000)
        for dialog in [trust, small] {
            let matcher = dialog.matcher
            #expect(!matcher.readingIntents.isEmpty)
            // Their intents have no keywords of their own, so every match of one is a `reads:` match.
            for intent in matcher.readingIntents {
                #expect(!matcher.entries.indices.contains { matcher.entries[$0].intent == intent })
            }
            for text in lines {
                let line = TextNormalizer.normalize(text)
                let tokens = matcher.lexicon.tokens(of: line)
                let matches = matcher.match(line, tokens: tokens)
                var matched = [Bool](repeating: false, count: line.words.count)
                for match in matches {
                    for hit in match.hits {
                        if case .label = matcher.entries[Int(hit.entry)].shape { continue }
                        for word in hit.words { matched[word] = true }
                    }
                }
                for intent in matcher.readingIntents {
                    let level = try #require(matcher.intents[Int(intent)].reads)
                    let fired = matches.contains { $0.intent == intent }
                    #expect(fired == Plain.holds(level, line, tokens, matcher.topicTerms, matched), "\(level) \(text)")
                }
            }
        }
    }

    /// Every listed word is classed as the lists say, and a word in none of
    /// them, or too long, or with another letter, has no class.
    @Test func everyWordIsClassedAsItsListsSay() {
        for word in Self.listedWords + ["", "whom", "hahahahah", "himselff", "Who", "whö", "a\u{0}", "xd1", "youu", "🍕"] {
            var expected: ReadingWordClass = []
            for (words, bit) in ReadingWordClass.lists where words.contains(word) { expected.formUnion(bit) }
            #expect(ReadingWordClass(word) == expected, "\(word)")
        }
        #expect(ReadingWordClass("who").contains([.who, .asking, .noTopic]))
        #expect(ReadingWordClass("lol") == .chatMarker)
    }
}
