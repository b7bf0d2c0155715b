@testable import ParleyKit
import Testing

// How a line is read (issue 10), one suite per class of fault; the values are
// the ones docs/dialog-language.md ("How a line is read") promises.

private func words(_ text: String) -> [String] { TextNormalizer.normalize(text).words.map(\.text) }

/// The dialog of Fixtures/reading, inline so these tests stand alone.
private let readingDialog = """
    dialog Reading
    start listen
    intent feel
      pattern: i feel *
    intent want
      pattern: i want *
    intent visit
      pattern: visit *
    intent hours
      pattern: # hours
    intent pages
      pattern: # pages
    intent friends
      pattern: i have # friends
    state listen
      ask Tell me something.
      on feel
        say Why are you feeling {1}?
      on want
        say What would it mean to get {1}?
      on visit
        say I will look at {1}.
      on hours
        say {1} hours, then.
      on pages
        say {1} pages, then.
      on friends
        say {1} friends.
      on anything
        say I hear you.
    """

private func reply(_ line: String, _ text: String = readingDialog) throws -> String {
    var chat = Conversation(try dialog(text))
    return chat.say(line).replies.first?.plainText ?? ""
}

@Suite struct KnownWordsAreNeverTypos {
    static let invented = """
        dialog K
        start a
        intent study
          keywords: stodi
        intent paper
          keywords: pater
        intent little
          keywords: litul
        state a
          ask ?
          on study
            say study
          on paper
            say paper
          on little
            say little
          on anything
            say none
        """

    @Test func theWordListKnowsEnglish() {
        for word in ["study", "paper", "little", "money", "slapped", "boyfriend", "a", "zygote", "études"] {
            #expect(KnownWords.contains(word), "\(word)")
        }
        for word in ["stodi", "pater", "litul", "monen", "hitt", "slaped", "", "studyy", "zzzzz"] {
            #expect(!KnownWords.contains(word), "\(word)")
        }
    }

    @Test func englishWordsAreNotReadAsInventedKeywords() throws {
        #expect(try reply("i study every day", Self.invented) == "none")
        #expect(try reply("on paper it works", Self.invented) == "none")
        #expect(try reply("a little more", Self.invented) == "none")
        // A word outside the vocabulary is still forgiven one typo.
        #expect(try reply("i stodii every day", Self.invented) == "study")
        #expect(try reply("a littul more", Self.invented) == "little")
    }

    @Test func typoHitsNeverOutrankOrTieAnExactHit() throws {
        // Two or three typo hits of one intent against one exact hit of another:
        // the intent declared first would win a tie, so the typo intent comes first.
        let text = """
            dialog T
            start a
            intent typos
              keywords: quenzit, plarvok, drimbul
            intent exact
              keywords: zorblat
            state a
              ask ?
              on typos
                say typos
              on exact
                say exact
            """
        #expect(try reply("zorblat quenzix plarvoc", text) == "exact")
        #expect(try reply("zorblat quenzix plarvoc drimbol", text) == "exact")
        let d = try dialog(text)
        let matches = d.matcher.match(TextNormalizer.normalize("zorblat quenzix plarvoc drimbol"))
        #expect(matches.map { d.intents[Int($0.intent)].name } == ["exact", "typos"])
        #expect(matches[1].score == 150 && matches[1].exactScore == 0)
    }

    /// Two keywords with one stem ("skabis", "skabi"): a line that has one
    /// of them ties on rank and score, and the written form breaks the tie.
    /// Also read by `SampleTurnCostTests`.
    static let tieOfStems = """
        dialog S
        start a
        intent plural
          keywords: skabis
        intent singular
          keywords: skabi
        state a
          ask ?
          on plural
            say plural
          on singular
            say singular
        """

    @Test func aKeywordWrittenAsTheUserWroteItWinsATieOfStems() throws {
        let text = Self.tieOfStems
        #expect(try reply("no which skabi tell", text) == "singular")
        #expect(try reply("no which skabis tell", text) == "plural")
    }
}

@Suite struct TokensWithDots {
    @Test func addressesDecimalsTimesAndAbbreviationsAreOneToken() {
        #expect(words("visit www.example.com today") == ["visit", "www.example.com", "today"])
        #expect(words("see https://example.com/a?b=1, then") == ["see", "https://example.com/a?b=1", "then"])
        #expect(words("mail me@example.com.") == ["mail", "me@example.com"])
        #expect(words("2.5 pages at 7.30") == ["2.5", "pages", "at", "7.30"])
        #expect(words("Dr. Smith and Mr. Jones") == ["dr", "smith", "and", "mr", "jones"])
        #expect(words("e.g. this") == ["e.g", "this"])
    }

    @Test func aSentenceEndsOnlyBeforeASpaceOrTheEnd() {
        #expect(TextNormalizer.normalize("I saw Dr. Smith today. He said 6.5 hours.").words.map(\.sentence)
            == [0, 0, 0, 0, 0, 1, 1, 1, 1])
        #expect(TextNormalizer.normalize("really?! yes").words.map(\.sentence) == [0, 1])
        #expect(TextNormalizer.normalize("end.Next").words.count == 1)
        #expect(TextNormalizer.normalize("I feel sad.\") Then").words.map(\.sentence) == [0, 0, 0, 1])
    }

    @Test func theWholeAddressIsEchoedAndDecimalsStayWhole() throws {
        #expect(try reply("visit www.example.com today") == "I will look at www.example.com today.")
        #expect(try reply("I slept 6.5 hours") == "6.5 hours, then.")
        #expect(try reply("visit https://example.com/path.") == "I will look at https://example.com/path.")
    }
}

@Suite struct Numbers {
    @Test(arguments: [
        ("about 1,000 pages", "1000 pages, then."), ("twenty-five pages", "25 pages, then."),
        ("twenty five pages", "25 pages, then."), ("a hundred pages", "100 pages, then."),
        ("2.5 pages", "2.5 pages, then."), ("twelve pages", "12 pages, then."),
        ("three hundred and ten pages", "310 pages, then."), ("two thousand pages", "2000 pages, then."),
        ("I have twenty five friends", "25 friends."), ("1,000,000 pages", "1000000 pages, then."),
    ])
    func numbersAreReadWhole(_ line: String, _ expected: String) throws {
        #expect(try reply(line) == expected)
    }

    @Test func numberReadingsAreLongestFirst() {
        let readings = NumberReader.readings(["twenty", "five", "pages"], from: 0, limit: 3)
        #expect(readings.map(\.value) == ["25", "20"])
        #expect(NumberReader.readings(["five", "twenty"], from: 0, limit: 2).map(\.value) == ["5"])
        #expect(NumberReader.readings(["a", "dog"], from: 0, limit: 2).isEmpty)
        #expect(NumberReader.digitValue("1,000") == "1000")
        #expect(NumberReader.digitValue("31m") == nil)
    }

    @Test func aNumberWordInsideAStarCaptureStaysAWord() throws {
        #expect(try reply("i feel one") == "Why are you feeling one?")
        #expect(try reply("i feel twenty five") == "Why are you feeling twenty five?")
    }
}

@Suite struct Captures {
    @Test func edgesKeepWhatBelongsToTheText() throws {
        #expect(try reply("i feel (sort of) lost") == "Why are you feeling (sort of) lost?")
        #expect(try reply("I feel 😢") == "Why are you feeling 😢?")
        #expect(try reply("I feel \"lost\".") == "Why are you feeling \"lost\"?")
        #expect(try reply("(I feel lost)") == "Why are you feeling lost?")
        #expect(try reply("Honestly, I feel Lost in my marriage.") == "Why are you feeling Lost in your marriage?")
    }

    @Test func anEmptyEdgeCaptureIsNoMatch() throws {
        #expect(try reply("I feel") == "I hear you.")
        #expect(try reply("I feel.") == "I hear you.")
        #expect(try reply("I feel ...") == "I hear you.")
        // A `*` between words may be empty.
        let gap = """
            dialog G
            start a
            intent affair
              pattern: he had an * affair
            state a
              ask ?
              on affair
                say affair
              on anything
                say none
            """
        #expect(try reply("he had an affair", gap) == "affair")
        #expect(try reply("he had an emotional affair", gap) == "affair")
    }

    @Test func aCaptureLivesForTheTurnThatMadeIt() throws {
        let text = """
            dialog L
            start a
            intent feel
              pattern: i feel *
            state a
              ask How do you feel?
              on feel -> b
              on anything -> b
            state b
              say You said: {1}.
              ask More?
              on anything -> b
            """
        var chat = Conversation(try dialog(text))
        chat.say("I feel lost")
        #expect(chat.last.replies.first?.text == "You said: lost.")
        // The next turn enters b again without a match: the old capture is gone.
        chat.say("whatever")
        #expect(chat.last.replies.first?.text == "You said: .")
    }

    @Test func lintReportsCapturesThatCanNeverHaveAValue() throws {
        let result = DialogCompiler.compile(path: "c.dialog", source: InMemoryDialogFiles(["c.dialog": """
            dialog C
            start a
            intent feel
              pattern: i feel *
            state a
              say Hello {1}
              ask How do you feel?
              on feel -> b
            state b
              say You feel {1}, {2}
              ask More?
              option Tell me about {1}
                say About {1}
              on anything -> a
            """]))
        let found = result.diagnostics.filter { $0.code == .captureNeverSet }.map { ($0.location!.line, $0.location!.column) }
        #expect(found.map(\.0) == [6, 10, 13])
    }
}

@Suite struct ReflectionInContext {
    @Test func theWordBeforeTheCaptureCounts() throws {
        #expect(try reply("I want you to leave") == "What would it mean to get me to leave?")
        #expect(try reply("I feel you don't care") == "Why are you feeling I don't care?")
        #expect(try reply("I feel like you never listen") == "Why are you feeling like I never listen?")
    }

    @Test(arguments: [
        ("because you left", "because I left"),
        ("I think you lied", "you think I lied"),
        ("I love you", "you love me"),
        ("you never listen to me", "I never listen to you"),
        ("I told you so", "you told me so"),
        ("I trust you", "you trust me"),
        ("I am angry with you", "you are angry with me"),
        ("when you lie to me", "when I lie to you"),
        ("I know you", "you know me"),
        ("I did it for you", "you did it for me"),
        ("what you said hurt me", "what I said hurt you"),
        ("I need you and the kids", "you need me and the kids"),
        ("I wish you cared", "you wish I cared"),
    ])
    func subjectAndObjectYou(_ text: String, _ expected: String) {
        #expect(Reflector().reflect(text) == expected)
    }

    @Test func theContextWordDecidesAtTheStart() {
        let reflector = Reflector()
        #expect(reflector.reflect("you to leave", after: "want") == "me to leave")
        #expect(reflector.reflect("you left", after: "because") == "I left")
        #expect(reflector.reflect("you", after: "blame") == "me")
        #expect(reflector.reflect("you", after: nil) == "I")
    }
}

@Suite struct ContractionsByTheNextWord {
    @Test(arguments: [
        ("I'd finished", ["i", "had", "finished"]), ("I'd like tea", ["i", "would", "like", "tea"]),
        ("I'd been there", ["i", "had", "been", "there"]), ("we'd better go", ["we", "had", "better", "go"]),
        ("he's gone", ["he", "has", "gone"]), ("he's angry", ["he", "is", "angry"]),
        ("she's married", ["she", "is", "married"]), ("she's cheated", ["she", "has", "cheated"]),
        ("he's never been honest", ["he", "has", "never", "been", "honest"]), ("it's fine", ["it", "is", "fine"]),
        ("he'd", ["he", "would"]), ("my partner's phone", ["my", "partner", "phone"]),
    ])
    func readByTheNextWord(_ line: String, _ expected: [String]) {
        #expect(words(line) == expected)
    }
}

@Suite struct UnicodeReading {
    @Test func defaultIgnorableCodePointsAreRemoved() throws {
        #expect(words("i\u{200B}feel sad") == ["i", "feel", "sad"])
        #expect(words("i fe\u{00AD}el sad") == ["i", "feel", "sad"])
        #expect(words("i fe\u{2060}el sad") == ["i", "feel", "sad"])
        #expect(words("i fe\u{200D}el s\u{FEFF}ad") == ["i", "feel", "sad"])
        #expect(try reply("i\u{200B}feel sad") == "Why are you feeling sad?")
        #expect(try reply("i fe\u{00AD}el sad") == "Why are you feeling sad?")
        // A zero-width joiner inside an emoji sequence is part of the emoji.
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(TextNormalizer.clean("us \(family)") == "us \(family)")
        #expect(TextNormalizer.clean("I \u{2764}\u{FE0F} you") == "I \u{2764}\u{FE0F} you")
    }

    @Test func combiningMarksAreBoundedPerCharacter() {
        let stacked = "e" + String(repeating: "\u{301}", count: 10_000) + " sad"
        let clean = TextNormalizer.clean(stacked)
        #expect(clean.unicodeScalars.count <= 1 + TextNormalizer.maximumCombiningMarks + 4)
        #expect(clean.hasSuffix(" sad"))
        // Ordinary accents are untouched.
        #expect(Array(TextNormalizer.clean("cafe\u{301} n\u{303}").unicodeScalars) == Array("caf\u{E9} \u{F1}".unicodeScalars))
    }

    @Test func randomUnicodeNeverCrashes() throws {
        // A fixed generator: the same lines every run.
        var generator = SplitMix64(state: 10)
        let engine = Engine(dialog: try dialog(readingDialog))
        let planes: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x2FF, 0x300...0x36F, 0x2000...0x206F, 0xFE00...0xFE0F,
                                             0x1F300...0x1FAFF, 0xE0000...0xE007F, 0x0600...0x06FF, 0xAC00...0xD7A3,
                                             0x1...0x10FFFF]
        for _ in 0..<400 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 80) {
                let plane = planes[Int(generator.next() % UInt64(planes.count))]
                let value = plane.lowerBound + UInt32(generator.next() % UInt64(plane.count))
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            let line = String(scalars)
            let normalized = TextNormalizer.normalize(line)
            for word in normalized.words { #expect(!word.text.isEmpty) }
            #expect(normalized.sentences.count == Set(normalized.words.map(\.sentence)).count)
            var (session, _) = engine.start(seed: 1)
            let turn = engine.respond(to: line, in: &session)
            #expect(!turn.replies.isEmpty)
        }
    }

    @Test(arguments: ["a", "e\u{301}\u{302}\u{303}", "1.2.3.", "www.a.b ", "he's never ", "😢\u{200D}", "(((",
                      "1,000,", "a'b'c", "Dr. ", "\u{200B}\u{00AD}x", "twenty five "])
    func costIsLinearInTheLine(_ unit: String) {
        // Steps for n and 4n copies of the same piece: four times as many, give or take a constant.
        let small = TextNormalizer.normalizeCounting(String(repeating: unit, count: 200)).steps
        let large = TextNormalizer.normalizeCounting(String(repeating: unit, count: 800)).steps
        #expect(large <= 4 * small + 16, "\(unit.debugDescription): \(small) -> \(large)")
        #expect(large <= 8 * 800 * unit.utf8.count, "\(unit.debugDescription): \(large) steps")
    }
}

