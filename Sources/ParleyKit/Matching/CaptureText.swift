/// The edges of a `*` capture: what belongs to the text stays ("(sort of)
/// lost", "\"lost\"", "😢"); spaces, the sentence's own punctuation, and a
/// bracket or quote whose partner is outside the capture go.
enum CaptureText {
    static func trim(_ text: Substring) -> String {
        if let ascii = text.utf8.withContiguousStorageIfAvailable({ trimASCII($0) }) ?? nil { return ascii }
        return trimByCharacters(text)
    }

    /// `trim` by characters: the definition, which `trimASCII` follows on bytes.
    static func trimByCharacters(_ text: Substring) -> String {
        var s = strip(text)
        // One bracket or quote at each edge at most, so the cost stays linear.
        if let c = s.last, let open = pairs[c], unbalanced(s, open: open, close: c) { s = strip(s.dropLast()) }
        if let c = s.first, let close = opening[c], unbalanced(s, open: c, close: close) { s = strip(s.dropFirst()) }
        return String(s)
    }

    /// `trim` of a plain ASCII text, read on its bytes; nil for other text.
    /// In ASCII each byte is a character of its own but for CR LF, which is
    /// white space whole or byte by byte, and a character's white space is
    /// tab to CR and the space. (Issue 12: the characters' Unicode
    /// properties and the sets of `Character` were 5,000 instructions a
    /// capture, 340 a sample `say`.)
    static func trimASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }
        // , ; : - . ! ? (the ellipsis is not ASCII)
        func isEdgeMark(_ b: UInt8) -> Bool {
            b == 0x2C || b == 0x3B || b == 0x3A || b == 0x2D || b == 0x2E || b == 0x21 || b == 0x3F
        }
        var start = 0, end = bytes.count
        func strip() {
            while start < end, isSpace(bytes[start]) || isEdgeMark(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) || isEdgeMark(bytes[end - 1]) { end -= 1 }
        }
        func unbalanced(_ open: UInt8, _ close: UInt8) -> Bool {
            var opens = 0, closes = 0
            for k in start..<end {
                if bytes[k] == open { opens += 1 } else if bytes[k] == close { closes += 1 }
            }
            return open == close ? opens % 2 == 1 : opens != closes
        }
        // The pairs ( ) [ ] { } and " ".
        func opening(of close: UInt8) -> UInt8? {
            switch close {
            case 0x29: 0x28
            case 0x5D: 0x5B
            case 0x7D: 0x7B
            case 0x22: 0x22
            default: nil
            }
        }
        func closing(of open: UInt8) -> UInt8? {
            switch open {
            case 0x28: 0x29
            case 0x5B: 0x5D
            case 0x7B: 0x7D
            case 0x22: 0x22
            default: nil
            }
        }
        strip()
        if end > start, let open = opening(of: bytes[end - 1]), unbalanced(open, bytes[end - 1]) {
            end -= 1
            strip()
        }
        if end > start, let close = closing(of: bytes[start]), unbalanced(bytes[start], close) {
            start += 1
            strip()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
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
