/// A dialog's keyword groups, compiled: ELIZA's script model (Weizenbaum,
/// CACM 9(1), 1966). Immutable; the per-conversation parts (reply cursors,
/// the memory queue, the line count) live in the session.
struct KeywordScript: Sendable {
    var groups: [KeywordGroup]
    /// A word's key (see `key(_:)`) -> the group it brings into play.
    var keywordGroups: [String: Int32]
    /// Words swapped before the groups read the line (`swap`).
    var swaps: [String: [String]]
    var clauses: ClauseRule
    var exact: Bool
    var memory: KeywordMemory?
    var noFit: [CompiledTemplate]

    /// How words are compared: exactly (lower case) or by stem.
    func key(_ word: String) -> String {
        exact ? word : Stemmer.stem(word)
    }
}

struct KeywordGroup: Sendable {
    var name: String
    var rank: Int
    var patterns: [Decomposition]
    var fallback: Int32?
}

struct Decomposition: Sendable {
    enum Element: Sendable {
        case word(String)
        case any
        case count(Int)
        /// Alternatives or a word class: keys of the words that fit.
        case oneOf(Set<String>)
        /// `matching eliza` alternatives: a word fits when its first six
        /// letters are one of the six-letter pieces of an alternative, as the
        /// 1966 program compared them (its words were held six characters
        /// to a machine word).
        case firstSixLetters([String])
    }
    enum Reply: Sendable {
        case text(CompiledTemplate)
        case pass
        case go(Int32)
        case rewrite(CompiledTemplate, Int32)
    }
    var elements: [Element]
    var anchoredStart: Bool
    var anchoredEnd: Bool
    var replies: [Reply]
    /// The session cursor that cycles through the replies.
    var site: Int32
    var text: String

    init(elements: [Element], anchoredStart: Bool, anchoredEnd: Bool, replies: [Reply], site: Int32, text: String) {
        self.elements = elements
        self.anchoredStart = anchoredStart
        self.anchoredEnd = anchoredEnd
        self.replies = replies
        self.site = site
        self.text = text
    }
}

struct KeywordMemory: Sendable {
    var group: Int32
    var choice: MemoryChoice
    var recallEvery: Int
    var patterns: [Decomposition]
    /// The cursor for `choose: in order`.
    var site: Int32
    /// The most memories a conversation keeps; older ones are dropped first.
    static let capacity = 32
}

/// What ends a clause: sentence ends always, plus the marks and words of the
/// `clauses` header line.
struct ClauseRule: Sendable, Equatable {
    var marks: Set<Character>
    var words: Set<String>

    static let sentenceEnds: Set<Character> = [".", "!", "?", ";"]
    static let plain = ClauseRule(marks: sentenceEnds, words: [])

    /// Reads `, . but`: single punctuation marks and words.
    static func parse(_ text: String) -> (rule: ClauseRule, invalid: [String]) {
        var rule = ClauseRule.plain
        var invalid: [String] = []
        for item in text.split(separator: " ") {
            if item.count == 1, let c = item.first, c.isPunctuation || c.isSymbol {
                rule.marks.insert(c)
            } else if item.allSatisfy({ $0.isLetter || $0 == "'" }) {
                rule.words.insert(item.lowercased())
            } else {
                invalid.append(String(item))
            }
        }
        return (rule, invalid)
    }
}
