/// How much of a line the matcher could read: what an intent's `reads:`
/// field tests, so a dialog can tell a non-answer ("asdfgh", "🍕", "banana
/// banana", "whats the weather tomorrow") from an answer it has no keyword for.
///
/// For `nothing`, a word is read when it is any word of the dialog (typos
/// forgiven as everywhere), an English word (`KnownWords`), or a number. For
/// `little`, only a word the dialog listens for counts: a word of an intent's
/// keywords or patterns (a veto's words and option labels do not count). Small
/// words (`StopWords`), question words and negators carry no topic, so
/// `little` does not count them. Measured on the trust coach's answer sets:
/// counting only one-word keywords caught two more off-topic questions and
/// re-asked real answers ("his remorse seems real", "a few therapists"), so
/// every keyword's words count.
enum ReadingLevel: String, Hashable, Sendable, Codable {
    /// No word of the line can be read: it has no words at all (only emoji,
    /// symbols or punctuation), or none of them is the dialog's, English, or a number.
    case nothing
    /// No word of the line that carries a topic is one the dialog listens for:
    /// English the dialog has no word for (and every line `nothing` takes).
    case little

    /// Whether the line, as `tokens` read it, is read this little.
    /// `topicTerms` marks the terms of intents' keywords and patterns.
    /// Cost: one pass over the tokens, and an English look-up (about 17
    /// comparisons) only for words the dialog does not know.
    func holds(for line: NormalizedLine, tokens: [Token], topicTerms: [Bool]) -> Bool {
        switch self {
        case .little:
            // No word that carries a topic is one the dialog listens for.
            return !tokens.contains { token in
                token.term >= 0 && topicTerms[Int(token.term)]
                    && (token.firstWord...token.lastWord).contains { !Self.carriesNoTopic(line.words[$0].text) }
            }
        case .nothing:
            return !tokens.contains { token in
                token.term >= 0 || (token.firstWord...token.lastWord).contains { k in
                    let text = line.words[k].text
                    return KnownWords.contains(text) || text.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
                }
            }
        }
    }

    /// Small words, the words a question starts with, and negators: "who won
    /// the game" is about a game, not about "who".
    static func carriesNoTopic(_ word: String) -> Bool {
        StopWords.english.contains(word) || questionWords.contains(word)
    }

    static let questionWords: Set<String> = ["who", "whom", "whose", "when", "where", "which", "why", "not", "no"]
}
