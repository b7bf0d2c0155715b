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

/// Inputs that once cost time quadratic in their size (issue 17), for the
/// scaling benchmark (`parley-bench scaling`) and the tests that count work.
public enum ScalingDialogs {
    /// The kind of input that grows with `size`; each says what it stresses.
    public enum Shape: String, CaseIterable, Sendable {
        /// One `say` line with `size` placeholders: line length.
        case placeholders
        /// One `keywords:` line with `size` entries: line length.
        case keywords
        /// One `say` line of `size` non-ASCII words: line length, characters of several bytes.
        case accentedWords
        /// `size` states of four lines each: file size.
        case states
        /// `size` comment lines of 100 characters, then `size / 100` lines going to
        /// unknown states: file size with diagnostics to show.
        case commentsThenErrors
    }

    /// The text of a dialog file of the given shape, `n` units of its kind
    /// (placeholders, entries, words, states or comment lines, see `Shape`).
    /// It parses; some shapes have errors on purpose (`commentsThenErrors`).
    public static func dialog(_ shape: Shape, size n: Int) -> String {
        let head = "dialog Scaling\nstart a\nstate a\n"
        switch shape {
        case .placeholders:
            return head + "  set x to 1\n  say " + String(repeating: "{x} ", count: n) + "\n  end\n"
        case .keywords:
            return "dialog Scaling\nstart a\nintent i\n  keywords: "
                + (0..<n).map { "w\($0)" }.joined(separator: ", ") + "\nstate a\n  on i -> a\n  end\n"
        case .accentedWords:
            return head + "  say " + String(repeating: "café naïve ", count: n / 2) + "\n  end\n"
        case .states:
            var text = "dialog Scaling\nstart s0\n"
            for k in 0..<n {
                text += "state s\(k)\n  say State \(k).\n  option Next -> s\((k + 1) % n)\n  option Stay -> s\(k)\n"
            }
            return text
        case .commentsThenErrors:
            let comment = "# " + String(repeating: "c", count: 98) + "\n"
            return String(repeating: comment, count: n) + head + String(repeating: "  go nowhere\n", count: max(1, n / 100))
        }
    }
}
