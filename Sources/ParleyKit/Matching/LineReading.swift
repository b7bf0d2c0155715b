/// How much of a line the matcher could read: what an intent's `reads:`
/// field tests, so a dialog can tell a non-answer ("asdfgh", "🍕", "banana
/// banana", "whats the weather tomorrow", "lol ok") from an answer it has no
/// keyword for ("hiking", "honesty").
///
/// For `nothing`, a word is read when it is any word of the dialog (typos
/// forgiven as everywhere), an English word (`KnownWords`), or a number; a
/// line of small words only ("no", "why?") says nothing either.
///
/// For `little`, a line is read little in one of three ways, tried in order:
///
/// - It names someone of the story (*he*, *she*, *they*…) in two words or
///   more: it is about the conversation's people, so never little.
/// - It is an aside: a question put to the coach or about the world ("what
///   time is it", "who won…", "can you…", "is this…") or a line with a chat marker (*lol*, *brb*,
///   *haha*). Only a word the line actually matched counts (a word covered
///   by an intent's hit, not an option's label), so "whats the weather
///   tomorrow" is little although "tomorrow" is a word of a multi-word keyword.
/// - Otherwise it is a statement. One real word (English, the dialog's or a
///   number), alone or with small words ("hiking", "the lies"), is an answer;
///   otherwise no word that carries a topic is a word of an intent's keywords
///   or patterns (a veto's words and option labels do not count).
///
/// Small words (`StopWords`), question words and negators carry no topic.
/// Measured on the trust coach's answer sets: counting only one-word keywords
/// for every line caught more off-topic questions but re-asked real answers
/// ("his remorse seems real", "a few therapists"), so statements count every
/// keyword's words and only asides are measured strictly.
enum ReadingLevel: String, Hashable, Sendable, Codable {
    /// No word of the line can be read: it has no words at all (only emoji,
    /// symbols or punctuation), or none of them is the dialog's, English, or a
    /// number; or it has only small words, question words and negators ("no",
    /// "why?"), and is not about him or her.
    case nothing
    /// The line is not about what the dialog listens for: an aside, or a
    /// statement with no word the dialog listens for (and every line `nothing` takes).
    case little

    static let questionWords: Set<String> = ["who", "whom", "whose", "when", "where", "which", "why", "not", "no"]
    static let askingWords: Set<String> = ["what", "who", "when", "where", "which", "why", "how"]
    /// Question words run into "is" ("whats the weather"): a question unless the person asks about themselves.
    static let contractedQuestions: Set<String> = ["whats", "hows", "wheres", "whos"]
    static let auxiliaries: Set<String> = [
        "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall",
        "may", "might", "has", "have",
    ]
    /// The person asking about themselves.
    static let selves: Set<String> = ["i", "we"]
    /// What a question put to the coach or about the world asks about.
    static let addressees: Set<String> = ["you", "u", "this"]
    /// Subjects after which a question word opens a clause, not a question.
    static let subjects: Set<String> = ["i", "you", "u", "we", "he", "she", "they", "it", "this", "that", "there"]
    /// The people of a story told in the third person.
    static let storyPeople: Set<String> = ["he", "she", "him", "her", "his", "hers", "they", "them", "their", "himself", "herself"]
    /// Nods: an answer on their own ("ok" to "would you try it?"), but no
    /// content in an aside.
    static let acknowledgements: Set<String> = [
        "ok", "okay", "k", "kk", "sure", "yeah", "yes", "yep", "yup", "fine", "cool", "alright", "right", "nah",
    ]
    /// Words that mark a line as chat rather than content: laughter and chat
    /// abbreviations. They are not English words (`KnownWords`) either.
    static let chatMarkers: Set<String> = [
        "lol", "lolol", "lool", "lmao", "lmfao", "rofl", "haha", "hahaha", "hahahaha", "hehe", "hehehe", "xd",
        "brb", "afk", "ttyl", "omw",
    ]
}

/// Both `reads:` levels of one line, worked out together the first time the
/// matcher asks about a `reads:` intent and kept for the line's other ones.
/// The trust coach asks for `little` and `nothing` on every line it does not
/// otherwise match; asked level by level, each question made a list of the
/// words and hashed each into several `Set<String>`s (issue 12: 14,800
/// instructions a trust turn). Here each word is classed once
/// (`ReadingWordClass`), and the levels read the classes.
struct LineReading {
    /// No token is a term of the dialog, and no word is English or a number.
    let readsNothing: Bool
    private let nothing: Bool
    private let little: Bool

    /// `classes`: a buffer to class the words in, emptied first (the matcher
    /// lends its own, so a line makes no array).
    init(_ line: NormalizedLine, _ tokens: [Token], topicTerms: [Bool], matchedWords: [Bool],
         classes: inout [ReadingWordClass]) {
        readsNothing = Self.readsNothing(line, tokens)
        if readsNothing {
            nothing = true
            little = true
            return
        }
        classes.removeAllKeepingRoom()
        var some: ReadingWordClass = [], every: ReadingWordClass = .everything
        for word in line.words {
            let wordClass = ReadingWordClass(word.text)
            classes.append(wordClass)
            some.formUnion(wordClass)
            every.formIntersection(wordClass)
        }
        let count = classes.count
        // About the story's people: never little, and not nothing even of small words.
        let aboutPeople = count >= 2 && some.contains(.storyPerson)
        // Only small words, question words and negators ("no", "why?", "what should I do").
        let saysNothing = count > 0 && every.contains(.noTopic)
        nothing = !aboutPeople && saysNothing
        if aboutPeople {
            little = false
        } else if saysNothing {
            little = true
        } else if Self.isAside(line, classes, markers: some.contains(.chatMarker)) {
            // "lol ok": a nod to chat is no answer, though "ok" is a keyword.
            little = !classes.indices.contains { k in
                classes[k].isContent && matchedWords[k] && !classes[k].contains(.acknowledgement)
            }
        } else if classes.lazy.filter(\.isContent).count == 1 {
            little = false  // one real word: `nothing` did not take it
        } else {
            // No word that carries a topic is one the dialog listens for.
            little = !tokens.contains { token in
                token.term >= 0 && topicTerms[Int(token.term)]
                    && (token.firstWord...token.lastWord).contains { !classes[$0].contains(.noTopic) }
            }
        }
    }

    /// Whether the line is read `level` little.
    func holds(_ level: ReadingLevel) -> Bool {
        switch level {
        case .nothing: nothing
        case .little: little
        }
    }

    /// No token is one of the dialog's terms, and no word of a token is
    /// English or a number. The terms are looked at first: most lines have
    /// one, and then no word is looked up in the English list.
    static func readsNothing(_ line: NormalizedLine, _ tokens: [Token]) -> Bool {
        if tokens.contains(where: { $0.term >= 0 }) { return false }
        return !tokens.contains { token in
            (token.firstWord...token.lastWord).contains { k in
                let text = line.words[k].text
                return KnownWords.contains(text) || text.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
            }
        }
    }

    /// A question put to the coach or about the world, or a line marked as
    /// chat (`markers`): what `little` measures strictly. Such a question starts as
    /// questions do: a question word then an auxiliary ("where is…", "how do
    /// you…"), maybe after one word ("what time is…"); "who" then a verb ("who
    /// won…"); or an auxiliary then "you" or "this" ("can you…", "is this…").
    /// A question about oneself ("what do I do now", "can we…") or a clause
    /// ("what I did was wrong") is not one: the person is its subject.
    static func isAside(_ line: NormalizedLine, _ classes: [ReadingWordClass], markers: Bool) -> Bool {
        if markers { return true }
        guard let first = classes.first else { return false }
        let second: ReadingWordClass = classes.count > 1 ? classes[1] : []
        let third: ReadingWordClass = classes.count > 2 ? classes[2] : []
        if first.contains(.contractedQuestion) { return !second.contains(.someSelf) }
        if first.contains(.asking) {
            if second.contains(.subject) { return false }
            if second.contains(.auxiliary) { return !third.contains(.someSelf) }
            if first.contains(.who) { return classes.count > 1 && !line.words[1].text.isEmpty }
            return third.contains(.auxiliary)
        }
        return first.contains(.auxiliary) && second.contains(.addressee)
    }
}

/// What one word is to `ReadingLevel`: the word lists of `ReadingLevel` and
/// `StopWords` it is in, as bits, found by one search of a sorted table.
/// Every word of those lists is at most 8 lower-case ASCII letters, so a
/// word is packed into a `UInt64` (a longer or other word is in none of
/// them); asking each `Set<String>` hashed the word with SipHash each time
/// (issue 12: most of the 14,800 instructions `reads:` cost a trust turn).
struct ReadingWordClass: OptionSet, Sendable {
    let rawValue: UInt16

    init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A small word, question word or negator (`StopWords.english`, `ReadingLevel.questionWords`).
    static let noTopic = Self(rawValue: 1 << 0)
    static let storyPerson = Self(rawValue: 1 << 1)
    static let chatMarker = Self(rawValue: 1 << 2)
    static let acknowledgement = Self(rawValue: 1 << 3)
    static let asking = Self(rawValue: 1 << 4)
    static let auxiliary = Self(rawValue: 1 << 5)
    static let someSelf = Self(rawValue: 1 << 6)
    static let addressee = Self(rawValue: 1 << 7)
    static let subject = Self(rawValue: 1 << 8)
    static let contractedQuestion = Self(rawValue: 1 << 9)
    /// The word "who", which may ask with any verb after it ("who won…").
    static let who = Self(rawValue: 1 << 10)
    static let everything = Self(rawValue: (1 << 11) - 1)

    /// A word that carries content: neither small nor a chat marker.
    var isContent: Bool { isDisjoint(with: [.noTopic, .chatMarker]) }

    /// Each list and its bit.
    static let lists: [(words: Set<String>, bit: ReadingWordClass)] = [
        (StopWords.english, .noTopic), (ReadingLevel.questionWords, .noTopic), (ReadingLevel.storyPeople, .storyPerson),
        (ReadingLevel.chatMarkers, .chatMarker), (ReadingLevel.acknowledgements, .acknowledgement),
        (ReadingLevel.askingWords, .asking), (ReadingLevel.auxiliaries, .auxiliary), (ReadingLevel.selves, .someSelf),
        (ReadingLevel.addressees, .addressee), (ReadingLevel.subjects, .subject),
        (ReadingLevel.contractedQuestions, .contractedQuestion), (["who"], .who),
    ]

    /// Every listed word, packed (`packed(_:)`) and sorted, with its class.
    /// Made by sorting the pairs, not through a dictionary: a chat's first
    /// line pays for it, and the dictionary's growth alone was 280,000
    /// instructions (1 % of the first reply).
    private static let table: (keys: [UInt64], classes: [ReadingWordClass]) = {
        var pairs: [(key: UInt64, bit: ReadingWordClass)] = []
        pairs.reserveCapacity(lists.reduce(0) { $0 + $1.words.count })
        for (words, bit) in lists {
            for word in words {
                guard let key = packed(word) else { preconditionFailure("'\(word)' is not 1 to 8 letters a-z") }
                pairs.append((key, bit))
            }
        }
        pairs.sort { $0.key < $1.key }
        var keys: [UInt64] = [], classes: [ReadingWordClass] = []
        for pair in pairs {
            if keys.last == pair.key { classes[classes.count - 1].formUnion(pair.bit) } else {
                keys.append(pair.key)
                classes.append(pair.bit)
            }
        }
        return (keys, classes)
    }()

    /// The class of `word` (lower case, as `TextNormalizer` gives it).
    init(_ word: String) {
        guard let key = Self.packed(word) else {
            self = []
            return
        }
        let table = Self.table
        var low = 0, high = table.keys.count
        while low < high {
            let middle = (low &+ high) / 2
            if table.keys[middle] < key { low = middle &+ 1 } else { high = middle }
        }
        self = low < table.keys.count && table.keys[low] == key ? table.classes[low] : []
    }

    /// `word`'s bytes, first in the lowest byte, when it is 1 to 8 letters a-z;
    /// nil otherwise. No letter is 0, so no two such words pack alike.
    /// Read from the word's bytes in place: walking `utf8` took 220
    /// instructions a word.
    static func packed(_ word: String) -> UInt64? {
        guard (1...8).contains(word.utf8.count) else { return nil }
        var word = word
        return word.withUTF8 { bytes -> UInt64? in
            var key: UInt64 = 0
            for k in 0..<bytes.count {
                let byte = bytes[k]
                guard byte &- UInt8(ascii: "a") < 26 else { return nil }
                key |= UInt64(byte) << UInt64(k &* 8)
            }
            return key
        }
    }
}
