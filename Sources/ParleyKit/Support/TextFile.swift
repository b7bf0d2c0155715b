/// Text read from a file: UTF-8, a leading byte order mark (U+FEFF, which
/// some Windows editors write) dropped, bad bytes as U+FFFD. The one way
/// Parley decodes the text files it reads: dialogs, transcripts, saved
/// conversations, history.
public enum TextFile {
    /// `bytes` as text: UTF-8 with invalid sequences as U+FFFD, a leading U+FEFF removed. Never fails.
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return dropBOM(text)
    }

    /// `decode(_:)` for bytes where they lie: not generic, so the decoding is
    /// specialised here rather than going through a collection's witness
    /// table byte by byte from another module (issue 12: a line of the piped chat).
    public static func decode(bytes: UnsafeBufferPointer<UInt8>) -> String {
        // The mark looked for in the bytes (EF BB BF, U+FEFF's UTF-8; no
        // other bytes decode to it): looking at the decoded text's first
        // scalar was 80 instructions a line of the piped chat (issue 12).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[3...]), as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without a leading U+FEFF.
    static func dropBOM(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }
}
