import ParleyKit

/// What `/why` says: why the coach answered the last line as it did, in
/// plain words. It names only what the person can see (their own words and
/// the options that were on show), never the dialog's inner names, and says
/// one thing per turn, so it cannot contradict itself. The engine's
/// `Explanation.summary` is the designer's view (`parley test`, the LSP).
enum WhyText {
    /// `line`: what the person typed; `shown`: the options on show when they typed it.
    static func lines(for explanation: Explanation, line: String, shown: [TurnOption]) -> [String] {
        switch explanation.decision {
        case .opened:
            return ["The coach has only greeted you so far."]
        case .resumed:
            return ["The conversation was picked up where it was saved, so the coach asked its question again."]
        case .restartedAfterEnd:
            return ["The conversation had ended, so the coach started it again."]
        case .option(let key, let byLabel):
            let label = shown.first { $0.key == key }.map { " (\"\(TerminalText.sanitizeLine($0.label))\")" } ?? ""
            return [byLabel ? "Your words matched option \(key)\(label), so the coach took that option."
                            : "You typed the number of option \(key)\(label), so the coach took that option."]
        case .repair:
            return ["I didn't recognise that, so I asked again."]
        case .anything:
            return ["Nothing in your line matched anything the coach listens for here, so it gave its general answer."]
        case .safety:
            return recognised(explanation, line)
                + ["Words like these come before anything else: the coach answered with its safety message."]
        case .state, .globalBefore, .globalAfter:
            return recognised(explanation, line) + ["The coach answered what it recognised."]
        }
    }

    /// "The coach recognised "happy" in your line" (with a typo or a "not" noted).
    private static func recognised(_ explanation: Explanation, _ line: String) -> [String] {
        var seen = Set<String>()
        let words = explanation.evidence.filter { seen.insert($0.words.lowercased()).inserted }.map { evidence -> String in
            var text = "\"\(TerminalText.sanitizeLine(evidence.words))\""
            if evidence.typo { text += " (a typo forgiven)" }
            if evidence.negated { text += " (with a \"not\" before it)" }
            return text
        }
        guard !words.isEmpty else { return ["The coach recognised your line as a whole."] }
        return ["The coach recognised " + list(words) + " in your line."]
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
