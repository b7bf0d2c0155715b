/// Swaps first and second person in text the user wrote, so it can be said
/// back: "i feel lost in my marriage" -> "you feel lost in your marriage".
public struct Reflector: Sendable {
    /// Lower-case word or two-word phrase -> replacement.
    var table: [String: String]

    public static let english: [String: String] = [
        "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
        "i am": "you are", "i'm": "you're", "i was": "you were", "i've": "you've", "i'll": "you'll", "i'd": "you'd",
        "we": "you", "us": "you", "our": "your", "ours": "yours", "ourselves": "yourselves",
        "your": "my", "yours": "mine", "yourself": "myself", "you are": "I am", "you're": "I'm",
        "you were": "I was", "you've": "I've", "you'll": "I'll", "you'd": "I'd",
    ]

    /// Words after which "you" is a subject ("because you left" -> "because I left").
    static let subjectPrecursors: Set<String> = ["and", "but", "that", "because", "when", "if", "so", "or", "since", "until"]

    public init(overrides: [String: String] = [:]) {
        var table = Self.english
        for (key, value) in overrides { table[key.lowercased()] = value }
        self.table = table
    }

    public func reflect(_ text: String) -> String {
        // Split into words (letters, digits, apostrophes) and the text between them.
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

        var out = ""
        var previousWord: String?
        var k = 0
        while k < pieces.count {
            let piece = pieces[k]
            guard piece.isWord else {
                out += piece.text
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
                let subject = previousWord == nil || Self.subjectPrecursors.contains(previousWord!)
                out += subject ? "I" : "me"
            } else if let replacement = table[lower] {
                out += replacement
            } else {
                out += piece.text
            }
            previousWord = lower
            k += 1
        }
        return Self.withoutDoubledPossessive(out)
    }
}
