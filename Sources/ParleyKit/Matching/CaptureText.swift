/// The edges of a `*` capture: what belongs to the text stays ("(sort of)
/// lost", "\"lost\"", "😢"); spaces, the sentence's own punctuation, and a
/// bracket or quote whose partner is outside the capture go.
enum CaptureText {
    static func trim(_ text: Substring) -> String {
        var s = strip(text)
        // One bracket or quote at each edge at most, so the cost stays linear.
        if let c = s.last, let open = pairs[c], unbalanced(s, open: open, close: c) { s = strip(s.dropLast()) }
        if let c = s.first, let close = opening[c], unbalanced(s, open: c, close: close) { s = strip(s.dropFirst()) }
        return String(s)
    }

    private static func strip(_ text: Substring) -> Substring {
        var s = text
        while let c = s.first, c.isWhitespace || leading.contains(c) { s.removeFirst() }
        while let c = s.last, c.isWhitespace || trailing.contains(c) { s.removeLast() }
        return s
    }

    static let leading: Set<Character> = [",", ";", ":", "-", ".", "!", "?", "…"]
    static let trailing: Set<Character> = [",", ";", ":", "-", ".", "!", "?", "…"]
    /// Closing mark -> its opening mark.
    static let pairs: [Character: Character] = [")": "(", "]": "[", "}": "{", "\"": "\""]
    static let opening: [Character: Character] = ["(": ")", "[": "]", "{": "}", "\"": "\""]

    /// Whether the marks do not pair up inside the text.
    static func unbalanced(_ s: Substring, open: Character, close: Character) -> Bool {
        if open == close { return s.reduce(0) { $0 + ($1 == open ? 1 : 0) } % 2 == 1 }
        var opens = 0, closes = 0
        for c in s {
            if c == open { opens += 1 } else if c == close { closes += 1 }
        }
        return opens != closes
    }
}
