/// `remember NAME reflected`: what the user said, ready to be said back.
extension Run {
    /// The user's line said back: I/you swapped by the dialog's reflector, and
    /// without the end punctuation, so a reply can go on after it
    /// ("…: you will stop lying to her.").
    func reflectedInput() -> String {
        var text = Substring(input)
        while let last = text.last, last == " " || last == "." || last == "!" || last == "," || last == ";" {
            text = text.dropLast()
        }
        return dialog.reflector.reflect(String(text))
    }
}
