/// Synthetic dialogs of any size, for benchmarks and scale tests: the same
/// generator gives the same text, so figures can be compared across runs.
public enum BenchmarkDialogs {
    /// A dialog with `intents` intents, each with a word, a phrase and a
    /// two-word `+` entry (plus a pattern every tenth), all triggered from one
    /// hub state that leads to ten topic states.
    public static func generated(intents: Int) -> String {
        var lines = ["dialog Generated \(intents)", "version 1", "start hub", ""]
        lines += ["synonyms", "  talk: chat, discuss", ""]
        for k in 0..<intents {
            lines.append("intent i\(k)")
            lines.append("  keywords: \(word(k, "a")), \(word(k, "b")) \(word(k, "c")), \(word(k, "d")) + talk")
            if k % 10 == 0 { lines.append("  pattern: i feel \(word(k, "e")) about *") }
            if k % 7 == 0 { lines.append("  rank: 1") }
            lines.append("")
        }
        lines += ["state hub", "  ask What would you like to talk about?"]
        for k in 0..<intents { lines.append("  on i\(k) -> topic\(k % 10)") }
        lines.append("")
        for t in 0..<10 {
            lines += ["state topic\(t)", "  say Topic \(t).", "  ask Anything else?", "  on anything -> hub", ""]
        }
        lines += ["repair", "  level 1", "    say one of", "      - Sorry?", "      - Say that again?", ""]
        return lines.joined(separator: "\n")
    }

    /// A made-up word unique to intent `k` ("kabota" style), so intents do not overlap.
    public static func word(_ k: Int, _ suffix: String) -> String {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "po", "de"]
        var n = k
        var out = ""
        repeat {
            out += syllables[n % 10]
            n /= 10
        } while n > 0
        return out + suffix + "x"
    }

    /// Lines a user might send to a generated dialog: a mix of hits, misses,
    /// phrases, typos and patterns, of everyday length.
    public static func lines(intents: Int, count: Int) -> [String] {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let fillers = ["I think", "honestly", "well", "you know", "to be fair", "so", "and then"]
        return (0..<count).map { _ in
            let k = next(intents)
            switch next(5) {
            case 0: return "\(fillers[next(fillers.count)]) I want to talk about \(word(k, "a")) today"
            case 1: return "what about \(word(k, "b")) \(word(k, "c")), \(fillers[next(fillers.count)])?"
            case 2: return "can we discuss \(word(k, "d")) please"
            case 3: return "i feel \(word(k - k % 10, "e")) about my week at work"
            default: return "\(fillers[next(fillers.count)]) nothing in particular, just tired"
            }
        }
    }
}
