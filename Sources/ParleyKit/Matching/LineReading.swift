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

    /// Whether the line, as `tokens` read it, is read this little.
    /// `topicTerms` marks the terms of intents' keywords and patterns;
    /// `matchedWords` marks the words of the line covered by an intent's hit.
    /// Cost: one pass over the words and tokens, and an English look-up
    /// (about 17 comparisons) only for words the dialog does not know.
    func holds(for line: NormalizedLine, tokens: [Token], topicTerms: [Bool], matchedWords: [Bool]) -> Bool {
        switch self {
        case .little:
            if Self.readsNothing(line, tokens) { return true }
            let words = line.words.map(\.text)
            if words.count >= 2, words.contains(where: Self.storyPeople.contains) { return false }
            if Self.saysNothing(words) { return true }
            let content = words.indices.filter { !Self.carriesNoTopic(words[$0]) && !Self.chatMarkers.contains(words[$0]) }
            if Self.isAside(line) {
                // "lol ok": a nod to chat is no answer, though "ok" is a keyword.
                return !content.contains { matchedWords[$0] && !Self.acknowledgements.contains(words[$0]) }
            }
            if content.count == 1 { return false }  // one real word: `nothing` did not take it
            // No word that carries a topic is one the dialog listens for.
            return !tokens.contains { token in
                token.term >= 0 && topicTerms[Int(token.term)]
                    && (token.firstWord...token.lastWord).contains { !Self.carriesNoTopic(line.words[$0].text) }
            }
        case .nothing:
            if Self.readsNothing(line, tokens) { return true }
            let words = line.words.map(\.text)
            return !(words.count >= 2 && words.contains(where: Self.storyPeople.contains)) && Self.saysNothing(words)
        }
    }

    /// Only small words, question words and negators ("no", "why?", "what
    /// should I do"): nothing to go on, rather than something else.
    static func saysNothing(_ words: [String]) -> Bool {
        !words.isEmpty && words.allSatisfy(carriesNoTopic)
    }

    static func readsNothing(_ line: NormalizedLine, _ tokens: [Token]) -> Bool {
        !tokens.contains { token in
            token.term >= 0 || (token.firstWord...token.lastWord).contains { k in
                let text = line.words[k].text
                return KnownWords.contains(text) || text.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
            }
        }
    }

    /// A question put to the coach or about the world, or a line marked as
    /// chat: what `little` measures strictly. Such a question starts as
    /// questions do: a question word then an auxiliary ("where is…", "how do
    /// you…"), maybe after one word ("what time is…"); "who" then a verb ("who
    /// won…"); or an auxiliary then "you" or "this" ("can you…", "is this…").
    /// A question about oneself ("what do I do now", "can we…") or a clause
    /// ("what I did was wrong") is not one: the person is its subject.
    static func isAside(_ line: NormalizedLine) -> Bool {
        let words = line.words.map(\.text)
        if words.contains(where: chatMarkers.contains) { return true }
        guard let first = words.first else { return false }
        let second = words.count > 1 ? words[1] : ""
        let third = words.count > 2 ? words[2] : ""
        if ["whats", "hows", "wheres", "whos"].contains(first) { return !selves.contains(second) }
        if askingWords.contains(first) {
            if subjects.contains(second) { return false }
            if auxiliaries.contains(second) { return !selves.contains(third) }
            if first == "who" { return !second.isEmpty }
            return auxiliaries.contains(third)
        }
        return auxiliaries.contains(first) && addressees.contains(second)
    }

    /// Small words, the words a question starts with, and negators: "who won
    /// the game" is about a game, not about "who".
    static func carriesNoTopic(_ word: String) -> Bool {
        StopWords.english.contains(word) || questionWords.contains(word)
    }

    static let questionWords: Set<String> = ["who", "whom", "whose", "when", "where", "which", "why", "not", "no"]
    static let askingWords: Set<String> = ["what", "who", "when", "where", "which", "why", "how"]
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
