/// A dialog's keyword groups, compiled: ELIZA's script model (Weizenbaum,
/// CACM 9(1), 1966). Immutable; the per-conversation parts (reply cursors,
/// the memory queue, the line count) live in the session.
public struct KeywordScript: Sendable {
    public var groups: [KeywordGroup]
    /// A word's key (see `key(_:)`) -> the group it brings into play.
    public var keywordGroups: [String: Int32]
    /// Words swapped before the groups read the line (`swap`).
    public var swaps: [String: [String]]
    public var clauses: ClauseRule
    public var exact: Bool
    public var memory: KeywordMemory?
    public var noFit: [CompiledTemplate]

    /// How words are compared: exactly (lower case) or by stem.
    public func key(_ word: String) -> String {
        exact ? word : Stemmer.stem(word)
    }
}

public struct KeywordGroup: Sendable {
    public var name: String
    public var rank: Int
    public var patterns: [Decomposition]
    public var fallback: Int32?
}

public struct Decomposition: Sendable {
    public enum Element: Sendable {
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
    public enum Reply: Sendable {
        case text(CompiledTemplate)
        case pass
        case go(Int32)
        case rewrite(CompiledTemplate, Int32)
    }
    public var elements: [Element]
    public var anchoredStart: Bool
    public var anchoredEnd: Bool
    public var replies: [Reply]
    /// The session cursor that cycles through the replies.
    public var site: Int32
    public var text: String

    public init(elements: [Element], anchoredStart: Bool, anchoredEnd: Bool, replies: [Reply], site: Int32, text: String) {
        self.elements = elements
        self.anchoredStart = anchoredStart
        self.anchoredEnd = anchoredEnd
        self.replies = replies
        self.site = site
        self.text = text
    }
}

public struct KeywordMemory: Sendable {
    public var group: Int32
    public var choice: MemoryChoice
    public var recallEvery: Int
    public var patterns: [Decomposition]
    /// The cursor for `choose: in order`.
    public var site: Int32
    /// The most memories a conversation keeps; older ones are dropped first.
    public static let capacity = 32
}

/// What ends a clause: sentence ends always, plus the marks and words of the
/// `clauses` header line.
public struct ClauseRule: Sendable, Equatable {
    public var marks: Set<Character>
    public var words: Set<String>

    public static let sentenceEnds: Set<Character> = [".", "!", "?", ";"]
    public static let plain = ClauseRule(marks: sentenceEnds, words: [])

    /// Reads `, . but`: single punctuation marks and words.
    public static func parse(_ text: String) -> (rule: ClauseRule, invalid: [String]) {
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
