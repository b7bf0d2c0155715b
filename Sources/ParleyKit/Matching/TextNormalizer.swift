import Foundation

/// One word of a user's line after normalisation.
public struct Word: Sendable, Hashable {
    /// Lower-case form, contractions expanded ("don't" gives "do" and "not").
    public var text: String
    /// Where the word came from in `NormalizedLine.display`, for captures.
    public var range: Range<String.Index>
    /// Sentences are split at . ! ? ; and new lines.
    public var sentence: Int
    /// Clauses, numbered through the line, end where a negation's scope ends:
    /// at the end of a sentence, at , : ( ) or a spaced dash, and before "but",
    /// "and", "however"… An `unless` entry vetoes only hits in its own clause.
    public var clause: Int
    /// In the scope of a negation ("not", "never", …) that began earlier in its clause.
    public var negated: Bool
    /// The word is itself a negation.
    public var isNegator: Bool
}

/// A user's line made ready for matching: cleaned display text plus words.
public struct NormalizedLine: Sendable {
    /// The line with control characters removed, Unicode NFKC, plain quotes and
    /// dashes; the case is kept, so captures read as the user wrote them.
    public var display: String
    public var words: [Word]

    /// The text covered by words `range`, as the user wrote it.
    public func text(ofWords range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(display[words[range.lowerBound].range.lowerBound..<words[range.upperBound - 1].range.upperBound])
    }
}

/// Turns raw user text into words: cleaning, Unicode normalisation, case
/// folding, contractions, sentences and negation scope. Pure and cheap; the
/// common all-ASCII line never touches Foundation's Unicode machinery.
public enum TextNormalizer {
    /// Cleans text for display and storage: no C0/C1 control characters (tabs
    /// and new lines become spaces, so nothing can move a terminal's cursor),
    /// NFKC, plain quotes and dashes. Invalid UTF-8 has already become U+FFFD
    /// by the time a String exists.
    public static func clean(_ raw: String) -> String {
        var isPlainASCII = true
        for byte in raw.utf8 where byte >= 0x80 || byte < 0x20 || byte == 0x7F {
            isPlainASCII = false
            break
        }
        if isPlainASCII { return raw }
        let composed = raw.unicodeScalars.allSatisfy({ $0.isASCII }) ? raw : raw.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        out.reserveCapacity(composed.unicodeScalars.count)
        for scalar in composed.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0: continue
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4: out.append("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: out.append("\"")
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: out.append("-")
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            // Zero-width and bidirectional controls: invisible, and able to
            // reorder what a terminal shows.
            case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    public static func normalize(_ raw: String) -> NormalizedLine {
        let display = clean(raw)
        var words: [Word] = []
        words.reserveCapacity(16)
        var sentence = 0
        var clause = 0
        var negating = false
        // Whether the last thing seen ended a sentence; avoids empty sentences.
        var sentenceHasWords = false
        var clauseHasWords = false

        func endClause() {
            negating = false
            if clauseHasWords {
                clause += 1
                clauseHasWords = false
            }
        }

        func emit(_ text: String, _ range: Range<String.Index>) {
            if text == "but" || scopeEnders.contains(text) { endClause() }
            // "No, …" or "No I …" at the start of a sentence answers; it does not negate what follows.
            let isNegator = negators.contains(text) && !(text == "no" && !sentenceHasWords)
            words.append(Word(text: text, range: range, sentence: sentence, clause: clause, negated: negating && !isNegator,
                              isNegator: isNegator))
            if isNegator { negating = true }
            sentenceHasWords = true
            clauseHasWords = true
        }

        func emitWord(_ range: Range<String.Index>) {
            let lower = lowercase(display[range])
            if let expansion = expansions[lower] {
                for part in expansion { emit(part, range) }
                return
            }
            if lower.utf8.contains(0x27), let apostrophe = lower.firstIndex(of: "'") {
                let stem = String(lower[..<apostrophe])
                let suffix = String(lower[lower.index(after: apostrophe)...])
                if suffix == "t", stem.hasSuffix("n"), stem.count > 1 {
                    // "didn't", "wouldn't": the n belongs to "not".
                    emit(String(stem.dropLast()), range)
                    emit("not", range)
                    return
                }
                switch suffix {
                case "m": emit(stem, range); emit("am", range); return
                case "re": emit(stem, range); emit("are", range); return
                case "ve": emit(stem, range); emit("have", range); return
                case "ll": emit(stem, range); emit("will", range); return
                case "d": emit(stem, range); emit("would", range); return
                case "s":
                    emit(stem, range)
                    if isVerbS.contains(stem) { emit("is", range) }
                    return
                case "":
                    emit(stem, range)  // "parents'" possessive
                    return
                default:
                    emit(lower.replacingOccurrences(of: "'", with: ""), range)
                    return
                }
            }
            emit(lower, range)
        }

        /// What a character between words does to sentences and clauses.
        func separate(sentenceEnd: Bool, clauseEnd: Bool) {
            if sentenceEnd {
                endClause()
                if sentenceHasWords {
                    sentence += 1
                    sentenceHasWords = false
                }
            } else if clauseEnd {
                endClause()
            }
        }

        var wordStart: String.Index?
        if display.utf8.allSatisfy({ $0 < 0x80 }) {
            // Plain ASCII, the common case: bytes are characters, no Unicode tables needed.
            let bytes = display.utf8
            func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
            var index = bytes.startIndex
            while index < bytes.endIndex {
                let b = bytes[index]
                let next = bytes.index(after: index)
                let isWordByte = isLetter(b) || (b >= 0x30 && b <= 0x39)
                    || (b == 0x27 && wordStart != nil && next < bytes.endIndex && isLetter(bytes[next]))
                if isWordByte {
                    if wordStart == nil { wordStart = index }
                } else {
                    if let start = wordStart {
                        emitWord(start..<index)
                        wordStart = nil
                    }
                    switch b {
                    case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), 0x0A:
                        separate(sentenceEnd: true, clauseEnd: true)
                    case UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: ")"):
                        separate(sentenceEnd: false, clauseEnd: true)
                    case UInt8(ascii: "-"):
                        // " - " between clauses ends a negation; "self-harm" does not.
                        separate(sentenceEnd: false, clauseEnd: next < bytes.endIndex && bytes[next] == 0x20)
                    default: break
                    }
                }
                index = next
            }
        } else {
            var index = display.startIndex
            while index < display.endIndex {
                let c = display[index]
                let next = display.index(after: index)
                let isWordCharacter = c.isLetter || c.isNumber
                    || (c == "'" && wordStart != nil && next < display.endIndex && display[next].isLetter)
                if isWordCharacter {
                    if wordStart == nil { wordStart = index }
                } else {
                    if let start = wordStart {
                        emitWord(start..<index)
                        wordStart = nil
                    }
                    switch c {
                    case ".", "!", "?", ";", "\n", "…":
                        separate(sentenceEnd: true, clauseEnd: true)
                    case ",", ":", "(", ")":
                        separate(sentenceEnd: false, clauseEnd: true)
                    case "-":
                        separate(sentenceEnd: false, clauseEnd: next < display.endIndex && display[next] == " ")
                    default: break
                    }
                }
                index = next
            }
        }
        if let start = wordStart { emitWord(start..<display.endIndex) }
        return NormalizedLine(display: display, words: words)
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
    public static let negators: Set<String> = [
        "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "nowhere", "cannot",
    ]
    /// Words that end a negation's scope within a sentence.
    static let scopeEnders: Set<String> = ["but", "however", "although", "though", "yet", "except", "instead", "and"]

    /// Pronouns and the like whose "'s" means "is" rather than a possessive.
    static let isVerbS: Set<String> = [
        "it", "he", "she", "that", "what", "there", "who", "where", "how", "here", "this", "when", "why", "everything",
        "nothing", "something", "someone", "everyone", "nobody",
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
