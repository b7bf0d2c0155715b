/// The words of keyword and pattern texts, kept from one compile of a dialog
/// to the next (in `ParsedFiles`), so that an editor's re-check does not
/// normalize and stem again the thousands of texts an edit did not touch.
/// A text's normalized words and their stems depend on nothing but the text
/// (`TextNormalizer.normalize`, `Stemmer.stem`), so a kept entry is what a
/// fresh compile would compute: the terms built from them (which depend on
/// the dialog's synonyms and on the order words are met) are still worked out
/// by each compile. Only the texts the last compile used are kept.
struct WordsMemo: Sendable {
    struct Words: Sendable {
        var line: NormalizedLine
        var stems: [String]
    }

    private var previous: [String: Words] = [:]
    private var current: [String: Words] = [:]

    /// The words of `text`: kept, or worked out by `compute`.
    mutating func words(of text: String, _ compute: (String) -> Words) -> Words {
        if let known = current[text] { return known }
        let words = previous[text] ?? compute(text)
        current[text] = words
        return words
    }

    /// Ends a compile: keeps the texts it used, drops the others.
    mutating func endCompile() {
        previous = current
        current = [:]
        current.reserveCapacity(previous.count)
    }
}
