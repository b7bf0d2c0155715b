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

    /// `text` without a leading U+FEFF.
    static func dropBOM(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }
}
