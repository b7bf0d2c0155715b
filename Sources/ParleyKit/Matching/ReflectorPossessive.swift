extension Reflector {
    /// A writer's reflection that carries its own possessive ("mum" ->
    /// "your mother") after a reflected one ("my" -> "your") would say it
    /// twice: "my mum" -> "your mother", not "your your mother".
    static func withoutDoubledPossessive(_ text: String) -> String {
        // Most texts have no "your" or "my" before another word, and come
        // back as they are (issue 12: splitting and joining every reflected
        // text was 15,000 instructions a capture). On bytes: only the bytes
        // of "your", "my", "Your" or "My" are equal to them as characters.
        let possible = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var start = 0
            for k in bytes.indices where bytes[k] == 0x20 {
                // A word before a space, so another word follows it.
                if Self.isPossessive(UnsafeBufferPointer(rebasing: bytes[start..<k])) { return true }
                start = k + 1
            }
            return false
        } ?? true
        guard possible else { return text }
        return withoutDoubledPossessiveBySplitting(text)
    }

    /// Whether `word` is "your", "my", "Your" or "My".
    private static func isPossessive(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        switch word.count {
        case 2: return (word[0] == 0x6D || word[0] == 0x4D) && word[1] == 0x79
        case 4: return (word[0] == 0x79 || word[0] == 0x59) && word[1] == 0x6F && word[2] == 0x75 && word[3] == 0x72
        default: return false
        }
    }

    /// `withoutDoubledPossessive` for every text: the definition.
    static func withoutDoubledPossessiveBySplitting(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count > 1 else { return text }
        var kept: [Substring] = []
        kept.reserveCapacity(words.count)
        for (k, word) in words.enumerated() {
            if k + 1 < words.count, word == "your" || word == "my" || word == "Your" || word == "My",
               words[k + 1].lowercased() == word.lowercased() {
                continue
            }
            kept.append(word)
        }
        return kept.joined(separator: " ")
    }
}
