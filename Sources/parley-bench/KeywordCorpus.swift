/// Keyword dialogs of any number of rules and the lines sent to them, in the
/// shape rule-based engines are compared on (one intent per rule, a keyword or
/// a phrase of up to three made-up words, one state answering each rule, a
/// fallback; lines of 3–30 ordinary English words, half of them holding one
/// rule's phrase with at least one word on each side). Deterministic: the same
/// arguments give the same text, so instruction counts compare across runs.
/// Written for `parley-bench corpus` (tools/bench/turn-cost.sh); it needs
/// nothing outside the package.
enum KeywordCorpus {
    /// A small deterministic generator (64-bit LCG, top bits used).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Everyday words for the rest of a line: all real English words, so none
    /// is ever read as a typo of a rule's made-up word.
    static let filler = """
        about after again almost along also always another anyone around asked away back because before being below \
        better between black bring brother called came car change child city close cold come could country day did \
        different does dog door down during early easy eat enough evening every face family far fast father find \
        first five food four friend from full game garden gave girl give going good great green group grow half hand \
        happy hard have head hear help here high hold home hope hour house idea into just keep kind know large last \
        late later learn leave left less letter life light like line little live long look love made make many maybe \
        mean might mind minute money month more morning most mother move much music must name near need never new \
        next nice night no not now number often old once only open other over own page paper part people picture \
        place plan play point put question quick quite rain read ready real right river road room round run said same \
        saw say school second see seem set short should show side simple since sing small some something song soon \
        sound start still stop story street strong such summer sure table take talk tell than that the their them \
        then there these they thing think this those three through time today together told took town tree true try \
        turn two under until very wait walk want warm was watch water way week well went were what when where which \
        while white who why will window winter with word work world would write year yes yet young your
        """.split(separator: " ").map { String($0) }

    /// `count` distinct made-up words (two to four syllables), none an English filler word.
    static func madeUpWords(_ count: Int, _ random: inout Generator) -> [String] {
        let starts = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
                      "bl", "gr", "kw", "sn", "th", "zh", "fr"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "oo"]
        let ends = ["", "", "", "m", "x", "t", "nd", "sh"]
        let banned = Set(filler)
        var seen = Set<String>()
        var out: [String] = []
        while out.count < count {
            var word = ""
            for _ in 0..<(2 + random.next(3)) { word += starts[random.next(starts.count)] + vowels[random.next(vowels.count)] }
            word += ends[random.next(ends.count)]
            guard word.count >= 5, !banned.contains(word), seen.insert(word).inserted else { continue }
            out.append(word)
        }
        return out
    }

    /// The phrases of `rules` rules: six in ten one word, three two words, one three.
    static func phrases(rules: Int) -> [String] {
        var random = Generator(state: 0x5EED_0012)
        let lengths = (0..<rules).map { _ -> Int in
            let r = random.next(10)
            return r < 6 ? 1 : r < 9 ? 2 : 3
        }
        var words = madeUpWords(lengths.reduce(0, +), &random)[...]
        return lengths.map { length in
            defer { words = words.dropFirst(length) }
            return words.prefix(length).joined(separator: " ")
        }
    }

    static func ruleName(_ k: Int) -> String {
        "r" + String(repeating: "0", count: max(0, 4 - String(k).count)) + String(k)
    }

    /// The dialog: one intent per rule, one state that answers each and a fallback.
    static func dialog(rules: Int) -> String {
        let phrases = phrases(rules: rules)
        var lines = ["dialog Keywords \(rules)", "version 1", "start main", ""]
        for (k, phrase) in phrases.enumerated() {
            lines += ["intent \(ruleName(k))", "  keywords: \(phrase)", "  negated: counts", ""]
        }
        lines.append("state main")
        for (k, phrase) in phrases.enumerated() {
            lines += ["  on \(ruleName(k))", "    say Reply \(ruleName(k)) about \(phrase)."]
        }
        lines += ["  on anything", "    say I do not understand that.", ""]
        return lines.joined(separator: "\n")
    }

    /// `count` lines and, for each, the rule it must hit (nil for a miss).
    static func lines(rules: Int, count: Int) -> [(text: String, rule: Int?)] {
        let phrases = phrases(rules: rules)
        var random = Generator(state: 0xC0FFEE)
        return (0..<count).map { _ in
            var length = 3 + random.next(28)
            let hit = random.next(2) == 0
            let rule = random.next(phrases.count)
            let position = random.next(1_000)
            var words = (0..<30).map { _ in filler[random.next(filler.count)] }
            let capital = random.next(2) == 0
            let ending = ["", "", ".", "?", "!"][random.next(5)]
            if hit {
                let phrase = phrases[rule].split(separator: " ").map(String.init)
                length = max(length, phrase.count + 2)
                let fill = length - phrase.count
                let at = 1 + position * (fill - 1) / 1_000
                words = Array(words[..<at]) + phrase + Array(words[at..<fill])
            } else {
                words = Array(words[..<length])
            }
            var text = words.joined(separator: " ")
            if capital { text = text.prefix(1).uppercased() + text.dropFirst() }
            return (text + ending, hit ? rule : nil)
        }
    }
}
