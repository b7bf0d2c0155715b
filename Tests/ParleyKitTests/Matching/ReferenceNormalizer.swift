// The normaliser as it was before issue 12 (main at 9027e14: TextNormalizer's
// clean and normalize, and LineReader), kept only as the oracle the
// byte-level normaliser is compared with (NormalizerEquivalenceTests).
import Foundation
@testable import ParleyKit

enum ReferenceNormalizer {
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
        var isPlainASCII = true
        for byte in raw.utf8 where byte >= 0x80 || byte < 0x20 || byte == 0x7F {
            isPlainASCII = false
            break
        }
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
        let composed = allASCII ? String(bounded) : String(bounded).precomposedStringWithCompatibilityMapping
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
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// What a character of the line is, for reading it into words.
    enum Kind: UInt8 {
        case letter, digit, apostrophe, period, comma, at, sentenceMark, clauseMark, dash, space, other
    }

    static func normalize(_ raw: String) -> NormalizedLine { normalizeCounting(raw).line }

    /// `normalize`, with the reader's count of steps (see `LineReader.steps`).
    static func normalizeCounting(_ raw: String) -> (line: NormalizedLine, steps: Int) {
        let display = clean(raw)
        // One pass classifies each character; the reading below works on the
        // classes alone, so the ASCII and Unicode paths share every rule.
        var at: [String.Index] = []
        var kinds: [Kind] = []
        if display.utf8.allSatisfy({ $0 < 0x80 }) {
            // Plain ASCII, the common case: bytes are characters, no Unicode tables needed.
            let bytes = display.utf8
            at.reserveCapacity(bytes.count + 1)
            kinds.reserveCapacity(bytes.count)
            var index = bytes.startIndex
            while index < bytes.endIndex {
                at.append(index)
                kinds.append(asciiKind(bytes[index]))
                index = bytes.index(after: index)
            }
        } else {
            var index = display.startIndex
            while index < display.endIndex {
                at.append(index)
                kinds.append(kind(display[index]))
                index = display.index(after: index)
            }
        }
        at.append(display.endIndex)
        var reader = ReferenceLineReader(display: display, at: at, kinds: kinds)
        reader.read()
        return (NormalizedLine(display: display, words: reader.words, sentences: reader.sentences), reader.steps + kinds.count)
    }

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

}

/// Reads a cleaned line into words, sentences, clauses and negation scope
/// (`TextNormalizer.normalize` classifies the characters; this applies the
/// rules). One pass over the characters, plus one over the words for
/// contractions that depend on the next word: linear in the line's length.
struct ReferenceLineReader {
    let display: String
    /// The index of each character, and `display.endIndex` after the last.
    let at: [String.Index]
    let kinds: [ReferenceNormalizer.Kind]

    var words: [Word] = []
    var sentences: [Range<String.Index>] = []
    /// Characters and words visited, all loops together: the tests check that
    /// it grows linearly with the line, whatever the line holds.
    private(set) var steps = 0

    private var sentence = 0
    private var clause = 0
    private var negating = false
    private var sentenceHasWords = false
    private var clauseHasWords = false
    private var sentenceStart: String.Index
    /// Words standing for "'d" or "'s", read once the next word is known.
    private var pending: [(word: Int, contraction: Contraction)] = []

    enum Contraction { case d, s }

    init(display: String, at: [String.Index], kinds: [ReferenceNormalizer.Kind]) {
        self.display = display
        self.at = at
        self.kinds = kinds
        self.sentenceStart = display.startIndex
    }

    private func kind(_ k: Int) -> ReferenceNormalizer.Kind { k < kinds.count ? kinds[k] : .space }
    private func isWord(_ k: Int) -> Bool { k < kinds.count && (kinds[k] == .letter || kinds[k] == .digit) }

    mutating func read() {
        let n = kinds.count
        var i = 0
        while i < n {
            steps += 1
            if isWord(i) {
                if let end = addressEnd(from: i) {
                    emit(ReferenceNormalizer.lowercase(display[at[i]..<at[end]]), at[i]..<at[end])
                    i = end
                    continue
                }
                i = readWord(from: i)
                continue
            }
            switch kinds[i] {
            case .period, .sentenceMark:
                // A run of ". ! ? ; …" ends a sentence only before a space or
                // the end of the line (closing quotes and brackets may come
                // between): "6.5", "www.example.com" and "end.Next" do not.
                var j = i
                while j < n, kinds[j] == .period || kinds[j] == .sentenceMark { j += 1; steps += 1 }
                var k = j
                while k < n, Self.closers.contains(display[at[k]]) { k += 1; steps += 1 }
                if kind(k) == .space || k >= n {
                    endSentence(at: at[i], resumingAt: at[j])
                } else {
                    endClause()
                }
                i = j
                continue
            case .comma, .clauseMark:
                endClause()
            case .dash:
                // " - " between clauses ends a negation; "self-harm" does not.
                if kind(i + 1) == .space { endClause() }
            default:
                break
            }
            i += 1
        }
        if sentenceHasWords { sentences.append(sentenceStart..<display.endIndex) }
        resolveContractions()
    }

    static let closers: Set<Character> = ["\"", "'", ")", "]", "}"]

    /// One word from `i`: letters and digits, with an apostrophe before a
    /// letter ("don't"), a dot or @ between letters or digits ("2.5", "7.30",
    /// "e.g", "me@example.com"), and a comma before three digits in a number
    /// ("1,000"). A known abbreviation takes its dot ("Dr.", "Mr."), which
    /// then ends no sentence. Returns where reading goes on.
    private mutating func readWord(from i: Int) -> Int {
        let n = kinds.count
        var j = i + 1
        var onlyDigits = kinds[i] == .digit
        var joined = false
        while j < n {
            steps += 1
            switch kinds[j] {
            case .letter:
                onlyDigits = false
                j += 1
                continue
            case .digit:
                j += 1
                continue
            case .apostrophe where kind(j + 1) == .letter:
                j += 1
                continue
            case .period where isWord(j + 1), .at where isWord(j + 1):
                joined = true
                onlyDigits = onlyDigits && kinds[j] == .period && kinds[j + 1] == .digit
                j += 1
                continue
            case .comma where onlyDigits && !joined && kind(j + 1) == .digit && kind(j + 2) == .digit
                && kind(j + 3) == .digit && kind(j + 4) != .digit && kind(j + 4) != .letter:
                j += 4
                continue
            default:
                break
            }
            break
        }
        let lower = ReferenceNormalizer.lowercase(display[at[i]..<at[j]])
        if kind(j) == .period, TextNormalizer.abbreviations.contains(lower) {
            emit(lower, at[i]..<at[j + 1])
            return j + 1
        }
        if joined {
            emit(lower, at[i]..<at[j])
        } else {
            emitWord(lower, at[i]..<at[j])
        }
        return j
    }

    /// The end of a web address starting at `i` ("https://…", "http://…",
    /// "www.…"): everything up to the next space, less the punctuation that
    /// ends the sentence around it.
    private mutating func addressEnd(from i: Int) -> Int? {
        let rest = display.utf8[at[i]...]
        func startsWith(_ prefix: String) -> Bool {
            var bytes = rest.makeIterator()
            for p in prefix.utf8 {
                guard let b = bytes.next(), b | 0x20 == p | 0x20 else { return false }
            }
            return true
        }
        guard startsWith("http://") || startsWith("https://") || startsWith("www.") else { return nil }
        var end = i
        while end < kinds.count, kinds[end] != .space { end += 1 }
        while end > i + 4, ".,;:!?)]}\"'".contains(display[at[end - 1]]) { end -= 1 }
        steps += end - i
        return end
    }

    private mutating func endClause() {
        negating = false
        if clauseHasWords {
            clause += 1
            clauseHasWords = false
        }
    }

    private mutating func endSentence(at end: String.Index, resumingAt next: String.Index) {
        endClause()
        if sentenceHasWords {
            sentences.append(sentenceStart..<end)
            sentence += 1
            sentenceHasWords = false
        }
        sentenceStart = next
    }

    private mutating func emit(_ text: String, _ range: Range<String.Index>) {
        if text == "but" || TextNormalizer.scopeEnders.contains(text) { endClause() }
        // "No, …" or "No I …" at the start of a sentence answers; it does not negate what follows.
        let isNegator = TextNormalizer.negators.contains(text) && !(text == "no" && !sentenceHasWords)
        words.append(Word(text: text, range: range, sentence: sentence, clause: clause, negated: negating && !isNegator,
                          isNegator: isNegator))
        if isNegator { negating = true }
        sentenceHasWords = true
        clauseHasWords = true
    }

    /// A plain word: whole-word expansions and contractions.
    private mutating func emitWord(_ lower: String, _ range: Range<String.Index>) {
        if let expansion = TextNormalizer.expansions[lower] {
            for part in expansion { emit(part, range) }
            return
        }
        guard lower.utf8.contains(0x27), let apostrophe = lower.firstIndex(of: "'") else {
            emit(lower, range)
            return
        }
        let stem = String(lower[..<apostrophe])
        let suffix = String(lower[lower.index(after: apostrophe)...])
        if suffix == "t", stem.hasSuffix("n"), stem.count > 1 {
            // "didn't", "wouldn't": the n belongs to "not".
            emit(String(stem.dropLast()), range)
            emit("not", range)
            return
        }
        switch suffix {
        case "m": emit(stem, range); emit("am", range)
        case "re": emit(stem, range); emit("are", range)
        case "ve": emit(stem, range); emit("have", range)
        case "ll": emit(stem, range); emit("will", range)
        case "d":
            emit(stem, range)
            pending.append((words.count, .d))
            emit("would", range)
        case "s":
            emit(stem, range)
            if TextNormalizer.isVerbS.contains(stem) {
                pending.append((words.count, .s))
                emit("is", range)
            }
        case "":
            emit(stem, range)  // "parents'" possessive
        default:
            emit(lower.replacingOccurrences(of: "'", with: ""), range)
        }
    }

    /// "'d" is "had" before a past participle ("I'd finished", "I'd been")
    /// and "would" otherwise ("I'd like"); "'s" is "has" before a participle
    /// ("he's gone", "she's cheated") and "is" otherwise ("he's angry",
    /// "she's married"). Adverbs between are skipped: "he's never been".
    private mutating func resolveContractions() {
        for (index, contraction) in pending {
            var next = index + 1
            while next < words.count, words[next].sentence == words[index].sentence,
                  TextNormalizer.contractionAdverbs.contains(words[next].text) {
                next += 1
                steps += 1
            }
            guard next < words.count, words[next].sentence == words[index].sentence else { continue }
            let following = words[next].text
            let regularParticiple = following.count > 3 && following.hasSuffix("ed")
            switch contraction {
            case .d:
                if following == "better" || TextNormalizer.irregularParticiples.contains(following) || regularParticiple {
                    words[index].text = "had"
                }
            case .s:
                if TextNormalizer.irregularParticiples.contains(following)
                    || (regularParticiple && !TextNormalizer.adjectivalParticiples.contains(following)) {
                    words[index].text = "has"
                }
            }
        }
    }
}
