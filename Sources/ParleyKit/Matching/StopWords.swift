/// Small words that carry little meaning on their own: ignored when an
/// option's label is matched, and when judging how much of a line a match explains.
enum StopWords {
    static let english: Set<String> = [
        "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "us", "it", "its", "this", "that", "these",
        "those", "to", "of", "in", "on", "at", "for", "with", "from", "by", "as", "is", "am", "are", "was", "were",
        "be", "been", "do", "does", "did", "have", "has", "had", "and", "or", "so", "then", "just", "what", "how",
        "can", "could", "would", "should", "will", "please", "about", "some", "let", "want", "like", "show", "really",
        "very", "he", "she", "him", "her", "they", "them", "their", "his",
    ]

    /// The line's words that are not stop words.
    static func contentWordCount(_ line: NormalizedLine) -> Int {
        line.words.reduce(0) { $0 + (english.contains($1.text) ? 0 : 1) }
    }
}
