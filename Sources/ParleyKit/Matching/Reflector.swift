/// Swaps first and second person in text the user wrote, so it can be said
/// back: "i feel lost in my marriage" -> "you feel lost in your marriage".
struct Reflector: Sendable {
    /// Lower-case word or two-word phrase -> replacement.
    var table: [String: String]

    static let english: [String: String] = [
        "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
        "i am": "you are", "i'm": "you're", "i was": "you were", "i've": "you've", "i'll": "you'll", "i'd": "you'd",
        "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
        "your": "my", "yours": "mine", "yourself": "myself", "you are": "I am", "you're": "I'm",
        "you were": "I was", "you've": "I've", "you'll": "I'll", "you'd": "I'd",
    ]

    /// Words after which "you" is a subject ("because you left" -> "because I left").
    static let subjectPrecursors: Set<String> = [
        "and", "but", "that", "because", "when", "if", "so", "or", "since", "until", "while", "whether", "where",
        "why", "how", "what", "who", "though", "although", "unless", "once", "whenever", "cause", "cuz",
    ]
    /// Verbs that take a clause: after them "you" is the clause's subject when
    /// a verb follows ("I think you lied"), an object otherwise ("I know you").
    static let clauseVerbs: Set<String> = [
        "think", "thought", "feel", "felt", "know", "knew", "believe", "believed", "guess", "hope", "hoped", "wish",
        "suppose", "say", "said", "says", "fear", "worry", "suspect", "suspected", "realise", "realize", "realised",
        "realized", "notice", "noticed", "doubt", "mean", "bet", "swear", "heard", "hear", "see", "saw", "figured",
    ]
    /// Words that, right after "you", show it is a subject: auxiliaries and
    /// the adverbs that stand before a verb ("you never listen").
    static let subjectFollowers: Set<String> = [
        "am", "are", "were", "was", "have", "had", "has", "do", "does", "did", "will", "would", "can", "could", "shall",
        "should", "may", "might", "must", "don't", "didn't", "won't", "can't", "never", "always", "just", "really",
        "still", "only", "even", "also", "already", "often", "sometimes", "keep", "kept", "make", "made", "seem",
        "seemed", "want", "wanted", "need", "needed", "say", "said", "think", "thought", "know", "knew", "lied", "left",
        "cheated", "hurt", "hurts", "love", "loved", "feel", "felt", "care", "cared", "get", "got", "go", "went",
        "like", "liked", "hate", "hated", "tell", "told", "lie", "cheat", "leave",
    ]
    /// Words that, right after "you", show it is an object: "you to leave", "you for it".
    static let objectFollowers: Set<String> = [
        "to", "for", "with", "about", "at", "in", "on", "from", "by", "of", "too", "so", "very", "more", "back",
        "again", "anymore", "now", "here", "there", "up", "out", "off", "around", "enough", "and", "or", "but",
    ]

    init(overrides: [String: String] = [:]) {
        var table = Self.english
        for (key, value) in overrides { table[key.lowercased()] = value }
        self.table = table
    }

    /// The text with first and second person swapped.
    func reflect(_ text: String) -> String { reflect(text, after: nil) }

    /// The same for text that followed `precedingWord` in the user's line
    /// (a capture, after the words the pattern matched): "you" right at the
    /// start reads as a subject or an object by it ("I want you to leave"
    /// gives "me to leave"; "because you left" gives "I left").
    func reflect(_ text: String, after precedingWord: String?) -> String {
        // Split into words (letters, digits, apostrophes) and the text between them.
        let pieces = Self.asciiPieces(of: text) ?? Self.pieces(of: text)

        var out = ""
        var previousWord: String? = precedingWord.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        var k = 0
        while k < pieces.count {
            let piece = pieces[k]
            guard piece.isWord else {
                // `append(contentsOf:)` of a `Substring` appends its bytes;
                // `+=` took the generic path, character by character.
                out.append(contentsOf: piece.text)
                // Punctuation between words starts a new clause: "…, you know".
                if piece.text.contains(where: { ",;:.!?()\"".contains($0) }) { previousWord = nil }
                k += 1
                continue
            }
            let lower = piece.text.lowercased()
            // Two-word phrases first: "i am" -> "you are".
            if k + 2 < pieces.count, pieces[k + 1].text == " ", pieces[k + 2].isWord,
               let replacement = table[lower + " " + pieces[k + 2].text.lowercased()] {
                out += replacement
                previousWord = pieces[k + 2].text.lowercased()
                k += 3
                continue
            }
            if lower == "you", table["you"] == nil {
                var next: String?
                if k + 2 < pieces.count, pieces[k + 1].text == " ", pieces[k + 2].isWord { next = pieces[k + 2].text.lowercased() }
                out += Self.isSubject(after: previousWord, before: next) ? "I" : "me"
            } else if let replacement = table[lower] {
                out += replacement
            } else {
                out.append(contentsOf: piece.text)
            }
            previousWord = lower
            k += 1
        }
        return Self.withoutDoubledPossessive(out)
    }

    /// `text` split into words (letters, digits, apostrophes) and the runs
    /// between them, in order, by its characters: the definition
    /// `asciiPieces` gives faster for ASCII text.
    static func pieces(of text: String) -> [(text: Substring, isWord: Bool)] {
        var pieces: [(text: Substring, isWord: Bool)] = []
        var start = text.startIndex
        var inWord = false
        for index in text.indices {
            let c = text[index]
            let wordish = c.isLetter || c.isNumber || c == "'"
            if wordish != inWord {
                if start < index { pieces.append((text[start..<index], inWord)) }
                start = index
                inWord = wordish
            }
        }
        if start < text.endIndex { pieces.append((text[start...], inWord)) }
        return pieces
    }

    /// `reflect`'s split of a plain ASCII text, read on its bytes: in ASCII
    /// a letter or number is A-Z, a-z or 0-9, and each byte is a character
    /// of its own but for CR LF, which falls inside a run of non-word bytes
    /// either way. Nil for other text. (Issue 12: walking the characters
    /// and asking each for its Unicode properties was most of reflecting
    /// a capture, 700 instructions of a sample turn.)
    static func asciiPieces(of text: String) -> [(text: Substring, isWord: Bool)]? {
        let utf8 = text.utf8
        let split = utf8.withContiguousStorageIfAvailable { bytes -> [(text: Substring, isWord: Bool)]? in
            guard !bytes.isEmpty, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var pieces: [(text: Substring, isWord: Bool)] = []
            var start = 0
            var inWord = false
            func piece(_ from: Int, _ to: Int) -> Substring {
                text[utf8.index(utf8.startIndex, offsetBy: from)..<utf8.index(utf8.startIndex, offsetBy: to)]
            }
            for k in bytes.indices {
                let byte = bytes[k]
                let wordish = (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x27
                if wordish != inWord {
                    if start < k { pieces.append((piece(start, k), inWord)) }
                    start = k
                    inWord = wordish
                }
            }
            pieces.append((piece(start, bytes.count), inWord))
            return pieces
        }
        return split ?? nil
    }

    /// Whether "you" between these words is a subject (else an object).
    static func isSubject(after previous: String?, before next: String?) -> Bool {
        if let next {
            if objectFollowers.contains(next) { return false }
            if subjectFollowers.contains(next) || next.hasSuffix("n't") { return true }
        }
        guard let previous else { return true }
        if subjectPrecursors.contains(previous) { return true }
        // "I think you lied": a clause verb with a verb after "you"; "I know you": an object.
        if clauseVerbs.contains(previous), let next { return next.hasSuffix("ed") || !objectFollowers.contains(next) }
        return false
    }
}
