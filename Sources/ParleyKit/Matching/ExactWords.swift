/// `matching: exact`: whether a hit's words are the entry's words as written,
/// not stems, synonyms or typos of them.
enum ExactWords {
    /// The written words of an entry (`forgive + ask`, `i feel *`), normalised
    /// as a line is (lower case, contractions expanded), wildcards left out.
    static func words(of source: String) -> [String] {
        TextNormalizer.normalize(source).words.map(\.text).filter { $0 != "*" && $0 != "#" && $0 != "+" }
    }

    /// Compared as sorted lists, because a `+` entry's parts may come in any order.
    static func written(_ source: String, covered: [Int], _ tokens: [Token], _ words: [Word]) -> Bool {
        var typed: [String] = []
        for index in covered where index < tokens.count {
            let token = tokens[index]
            guard token.firstWord >= 0, token.lastWord < words.count else { return false }
            for w in token.firstWord...token.lastWord { typed.append(words[w].text) }
        }
        return typed.sorted() == self.words(of: source).sorted()
    }
}
