extension Reflector {
    /// A writer's reflection that carries its own possessive ("mum" ->
    /// "your mother") after a reflected one ("my" -> "your") would say it
    /// twice: "my mum" -> "your mother", not "your your mother".
    static func withoutDoubledPossessive(_ text: String) -> String {
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
