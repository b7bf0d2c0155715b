
/// One word of a user's line after normalisation.
public struct Word: Sendable, Hashable {
    /// Lower-case form, contractions expanded ("don't" gives "do" and "not").
    public var text: String
    /// Where the word came from in `NormalizedLine.display`, for captures.
    public var range: Range<String.Index>
    /// Sentences are split at . ! ? ; and new lines.
    var sentence: Int
    /// Clauses, numbered through the line, end where a negation's scope ends:
    /// at the end of a sentence, at , : ( ) or a spaced dash, and before "but",
    /// "and", "however"… An `unless` entry vetoes only hits in its own clause.
    var clause: Int
    /// In the scope of a negation ("not", "never", …) that began earlier in its clause.
    public var negated: Bool
    /// The word is itself a negation.
    var isNegator: Bool
}

/// A user's line made ready for matching: cleaned display text plus words.
struct NormalizedLine: Sendable {
    /// The line with control characters and default-ignorable code points
    /// removed, combining marks bounded, Unicode NFKC, plain quotes and dashes;
    /// the case is kept, so captures read as the user wrote them.
    var display: String
    var words: [Word]
    /// Where each sentence is in `display`, indexed by `Word.sentence`: from
    /// the end of the sentence before to its own closing punctuation.
    var sentences: [Range<String.Index>]

    /// The text covered by words `range`, as the user wrote it.
    func text(ofWords range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(display[words[range.lowerBound].range.lowerBound..<words[range.upperBound - 1].range.upperBound])
    }
}

/// The arrays a line's words and sentences are read into, kept from line
/// to line by the engine (`TurnBuffers`): the reader empties them and reads
/// into their room, and the turn gives them back when it is done (issue 12:
/// making and freeing the two arrays was about 500 instructions of a sample
/// turn).
struct LineBuffers: Sendable {
    var words: [Word] = []
    var sentences: [Range<String.Index>] = []

    /// The arrays, leaving this empty (moved, not copied: the arrays stay
    /// uniquely referenced, so their room is reused).
    mutating func take() -> LineBuffers {
        var taken = LineBuffers()
        swap(&taken, &self)
        return taken
    }

    /// Takes back the arrays of a line the turn is done with.
    mutating func keep(_ line: inout NormalizedLine) {
        swap(&words, &line.words)
        swap(&sentences, &line.sentences)
    }
}

/// Turns raw user text into words: cleaning, Unicode normalisation, case
/// folding, tokens, contractions, sentences and negation scope. Pure and
/// cheap, and linear in the line's length; the common all-ASCII line never
/// touches ICU's Unicode normalisation. docs/dialog-language.md ("How a
/// line is read") states every rule with examples.
enum TextNormalizer {
    /// Combining marks kept after one base character. Unicode's Stream-Safe
    /// Text Format (UAX #15) allows 30 non-starters in a row; more than that
    /// is not writing, and normalising it reorders marks in quadratic time
    /// (22 s for a 256 KB line of stacked accents before this bound).
    static let maximumCombiningMarks = 30

    /// Cleans text for display and storage: no C0/C1 control characters (tabs
    /// and new lines become spaces, so nothing can move a terminal's cursor),
    /// no default-ignorable code points (a zero-width space becomes a space;
    /// soft hyphens, word joiners, bidirectional controls and a zero-width
    /// joiner outside an emoji sequence go), at most `maximumCombiningMarks`
    /// marks per character, NFKC, plain quotes and dashes. Invalid UTF-8 has
    /// already become U+FFFD by the time a String exists. Linear in the length.
    static func clean(_ raw: String) -> String {
        // Read from the bytes in place where the string lends them: the
        // byte-by-byte iterator cost 35 instructions a byte (issue 12).
        let isPlainASCII = raw.utf8.withContiguousStorageIfAvailable(ControlCharacters.isPrintableASCII(utf8:))
            ?? !raw.utf8.contains { ControlCharacters.mayBelongToControl(utf8: $0) }
        if isPlainASCII { return raw }
        var bounded = String.UnicodeScalarView()
        var allASCII = true
        var marks = 0
        var afterEmoji = false
        for scalar in raw.unicodeScalars {
            if scalar.isASCII {
                bounded.append(scalar)
                marks = 0
                afterEmoji = false
                continue
            }
            let properties = scalar.properties
            if properties.isDefaultIgnorableCodePoint {
                // A zero-width space separates words; a joiner, selector or tag
                // inside an emoji sequence is part of the emoji.
                if scalar.value == 0x200B {
                    bounded.append(" ")
                    afterEmoji = false
                } else if afterEmoji, scalar.value == 0x200D || scalar.value == 0xFE0F || scalar.value == 0xFE0E
                            || (0xE0020...0xE007F).contains(scalar.value) {
                    bounded.append(scalar)
                    allASCII = false
                }
                continue
            }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                marks += 1
                if marks > maximumCombiningMarks { continue }
            default:
                marks = 0
                afterEmoji = properties.isEmoji
            }
            bounded.append(scalar)
            allASCII = false
        }
        let composed = allASCII ? String(bounded) : CompatibilityNormalization.nfkc(String(bounded))
        var out = String.UnicodeScalarView()
        out.reserveCapacity(composed.unicodeScalars.count)
        for scalar in composed.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case _ where ControlCharacters.isControl(scalar): continue
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4: out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: out.append("\"")
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: out.append("-")
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// What a character of the line is, for reading it into words. Letter and
    /// digit come first: `LineReader` tells a word's characters by raw value.
    enum Kind: UInt8 {
        case letter, digit, apostrophe, period, comma, at, sentenceMark, clauseMark, dash, space, other
    }

    static func normalize(_ raw: String) -> NormalizedLine { normalizeCounting(raw).line }

    /// `normalize`, its words and sentences read into the room of `buffers`,
    /// which it leaves empty (a turn gives the line's arrays back when it is
    /// done: `LineBuffers.keep`).
    static func normalize(_ raw: String, reusing buffers: inout LineBuffers) -> NormalizedLine {
        normalizeCounting(raw, reusing: &buffers).line
    }

    /// `normalize`, with the reader's count of steps (see `LineReader.steps`).
    static func normalizeCounting(_ raw: String) -> (line: NormalizedLine, steps: Int) {
        var fresh = LineBuffers()
        return normalizeCounting(raw, reusing: &fresh)
    }

    /// `normalizeCounting`, reading into the room of `buffers` (left empty).
    static func normalizeCounting(_ raw: String, reusing buffers: inout LineBuffers) -> (line: NormalizedLine, steps: Int) {
        let display = clean(raw)
        // One pass classifies each character; the reading below works on the
        // classes alone, so the ASCII and Unicode paths share every rule.
        // Plain ASCII, the common case, is classified byte by byte from a
        // table, and its characters' indices are worked out from byte offsets
        // (`CharacterStarts`): no Unicode tables, no index per character.
        let asciiRead: (words: [Word], sentences: [Range<String.Index>], steps: Int)?? =
            display.utf8.withContiguousStorageIfAvailable { bytes in
                // The classes live on the stack while the line is read (issue
                // 12: an array of them was a sixth of normalising a short line).
                withUnsafeTemporaryAllocation(of: Kind.self, capacity: bytes.count) { buffer in
                    let table = asciiKindTable
                    var count = 0
                    for byte in bytes {
                        guard byte < 0x80 else { return nil }
                        buffer.initializeElement(at: count, to: table[Int(byte)])
                        count += 1
                    }
                    // The reader reads the bytes in place, so it runs while they are lent.
                    var reader = LineReader(display: display, at: CharacterStarts(table: nil, utf8: display.utf8),
                                            kinds: UnsafeBufferPointer(buffer), ascii: bytes, buffers: buffers.take())
                    reader.read()
                    return (reader.words, reader.sentences, reader.steps + count)
                }
            }
        if let asciiRead = asciiRead ?? nil {
            return (NormalizedLine(display: display, words: asciiRead.words, sentences: asciiRead.sentences), asciiRead.steps)
        } else {
            var at: [String.Index] = []
            var kinds: [Kind] = []
            var index = display.startIndex
            while index < display.endIndex {
                at.append(index)
                kinds.append(kind(display[index]))
                index = display.index(after: index)
            }
            at.append(display.endIndex)
            return kinds.withUnsafeBufferPointer { kinds in
                var reader = LineReader(display: display, at: CharacterStarts(table: at, utf8: display.utf8), kinds: kinds,
                                        buffers: buffers.take())
                reader.read()
                return (NormalizedLine(display: display, words: reader.words, sentences: reader.sentences),
                        reader.steps + kinds.count)
            }
        }
    }

    /// `asciiKind` of every ASCII byte.
    static let asciiKindTable: [Kind] = (0..<128).map { asciiKind(UInt8($0)) }

    static func asciiKind(_ b: UInt8) -> Kind {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "'"): .apostrophe
        case UInt8(ascii: "."): .period
        case UInt8(ascii: ","): .comma
        case UInt8(ascii: "@"): .at
        case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), 0x0A: .sentenceMark
        case UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"): .clauseMark
        case UInt8(ascii: "-"): .dash
        case 0x20, 0x09, 0x0D: .space
        default: .other
        }
    }

    static func kind(_ c: Character) -> Kind {
        if let ascii = c.asciiValue { return asciiKind(ascii) }
        if c.isLetter { return .letter }
        if c.isNumber { return .digit }
        if c == "…" { return .sentenceMark }
        if c.isWhitespace { return .space }
        return .other
    }

    /// Lower-cases a word; plain ASCII avoids the Unicode tables.
    static func lowercase(_ s: Substring) -> String {
        var ascii = true
        var hasUpper = false
        for byte in s.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte >= 0x41 && byte <= 0x5A { hasUpper = true }
        }
        if ascii {
            if !hasUpper { return String(s) }
            return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
        }
        return s.lowercased()
    }

    /// Words that start a negation's scope.
    static let negators: Set<String> = [
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "nowhere", "cannot",
    ]
    /// Words that end a negation's scope within a sentence.
    static let scopeEnders: Set<String> = ["but", "however", "although", "though", "yet", "except", "instead", "and"]

    /// Pronouns and the like whose "'s" means "is" rather than a possessive.
    static let isVerbS: Set<String> = [
        "it", "he", "she", "that", "what", "there", "who", "where", "how", "here", "this", "when", "why", "everything",
        "nothing", "something", "someone", "everyone", "nobody",
    ]

    /// Abbreviations whose dot belongs to the word and ends no sentence: "Dr. Smith".
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "rev", "capt", "lt", "sgt", "col", "gen", "vs", "e.g",
        "i.e", "approx", "dept", "appt", "mt",
    ]

    /// Adverbs that may stand between "'s" or "'d" and its verb ("he's never been").
    static let contractionAdverbs: Set<String> = [
        "not", "never", "just", "already", "really", "always", "finally", "probably", "still", "ever", "also", "only",
        "even", "actually", "definitely", "recently", "completely", "totally",
    ]

    /// Past participles not ending in "-ed": after "'s" or "'d" they make it "has" or "had".
    static let irregularParticiples: Set<String> = [
        "been", "gone", "done", "had", "got", "gotten", "seen", "made", "taken", "given", "told", "said", "left",
        "become", "come", "known", "found", "thought", "heard", "met", "kept", "brought", "bought", "written",
        "spoken", "chosen", "forgotten", "forgiven", "eaten", "driven", "begun", "sent", "spent", "built", "slept",
        "felt", "meant", "shown", "grown", "drunk", "won", "hidden", "stolen", "taught", "fought", "caught",
    ]

    /// Participles that mostly describe a state: "she's married" is "she is married".
    static let adjectivalParticiples: Set<String> = [
        "tired", "married", "worried", "scared", "excited", "interested", "bored", "depressed", "stressed",
        "confused", "ashamed", "embarrassed", "annoyed", "engaged", "divorced", "obsessed", "committed", "involved",
        "supposed", "used", "convinced", "determined", "pleased", "surprised", "disappointed", "frustrated",
        "exhausted", "overwhelmed", "attached", "terrified", "concerned", "relaxed", "addicted", "isolated",
        "distracted", "detached", "closed", "locked", "pissed", "devastated", "crushed", "separated", "employed",
        "unemployed", "allowed", "required",
    ]

    /// Whole-word expansions: irregular contractions, contractions typed
    /// without an apostrophe, and a few chat shorthands.
    static let expansions: [String: [String]] = [
        "can't": ["can", "not"], "cannot": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"],
        "ain't": ["is", "not"], "let's": ["let", "us"], "y'all": ["you", "all"],
        "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"], "cant": ["can", "not"],
        "wont": ["will", "not"], "isnt": ["is", "not"], "arent": ["are", "not"], "wasnt": ["was", "not"],
        "werent": ["were", "not"], "havent": ["have", "not"], "hasnt": ["has", "not"], "hadnt": ["had", "not"],
        "couldnt": ["could", "not"], "shouldnt": ["should", "not"], "wouldnt": ["would", "not"],
        "mustnt": ["must", "not"], "im": ["i", "am"], "ive": ["i", "have"], "youre": ["you", "are"],
        "hes": ["he", "is"], "shes": ["she", "is"], "thats": ["that", "is"], "whats": ["what", "is"],
        "theyre": ["they", "are"], "youve": ["you", "have"], "weve": ["we", "have"], "theyve": ["they", "have"],
        "wouldve": ["would", "have"], "couldve": ["could", "have"], "shouldve": ["should", "have"],
        "idk": ["i", "do", "not", "know"], "dunno": ["do", "not", "know"], "idc": ["i", "do", "not", "care"],
        "u": ["you"], "ur": ["your"], "pls": ["please"], "plz": ["please"], "thx": ["thanks"], "ty": ["thank", "you"],
        "gf": ["girlfriend"], "bf": ["boyfriend"], "cuz": ["because"], "coz": ["because"], "bc": ["because"],
        "ok": ["okay"], "k": ["okay"], "yeah": ["yes"], "yep": ["yes"], "yup": ["yes"], "nope": ["no"], "nah": ["no"],
    ]
}
