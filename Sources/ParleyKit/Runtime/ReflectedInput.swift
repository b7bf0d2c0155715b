/// `remember NAME reflected`: what the user said, ready to be said back.
extension Run {
    /// The user's line said back: I/you swapped by the dialog's reflector,
    /// without the end punctuation, and with a capital that only began the
    /// sentence lowered ("That I lied…" → "that you lied…"), so a reply can go
    /// on after it ("…: that you lied to her for months."). A name keeps its capital.
    func reflectedInput() -> String {
        var text = Substring(input)
        while let last = text.last, last == " " || last == "." || last == "!" || last == "," || last == ";" {
            text = text.dropLast()
        }
        var reflected = dialog.reflector.reflect(String(text))
        let firstWord = reflected.prefix { $0.isLetter }
        if let first = firstWord.first, first.isUppercase, firstWord.dropFirst().allSatisfy(\.isLowercase),
           firstWord != "I", StopWords.english.contains(firstWord.lowercased()) {
            reflected = first.lowercased() + reflected.dropFirst()
        }
        return reflected
    }
}
