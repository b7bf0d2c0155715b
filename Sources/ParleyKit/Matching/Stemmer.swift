/// The Porter2 ("English") stemming algorithm by Martin Porter, written from its
/// published description: cheated, cheating, cheats -> cheat; lied, lies -> lie.
/// Works on lower-case ASCII words; anything else is returned unchanged.
enum Stemmer {
    static func stem(_ word: String) -> String {
        guard word.utf8.count > 2, word.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x27 }) else { return word }
        if let special = exceptions[word] { return special }
        var w = Porter2(Array(word.utf8))
        return w.run()
    }

    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
        "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
        "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias",
        "andes": "andes",
    ]
}

private struct Porter2 {
    var w: [UInt8]
    var r1 = 0
    var r2 = 0

    init(_ word: [UInt8]) { w = word }

    static let invariant: [[UInt8]] = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]
        .map { Array($0.utf8) }

    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o"),
        u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), bigY = UInt8(ascii: "Y"), apostrophe = UInt8(ascii: "'")

    func isVowel(_ c: UInt8) -> Bool {
        c == Self.a || c == Self.e || c == Self.i || c == Self.o || c == Self.u || c == Self.y
    }

    // Suffixes are compared byte by byte in place: the stemmer runs for every
    // word of every line, so it must not allocate.
    func ends(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard w.count >= count else { return false }
        return suffix.withUTF8Buffer { bytes in
            var k = 0
            let offset = w.count - count
            while k < count {
                if w[offset + k] != bytes[k] { return false }
                k += 1
            }
            return true
        }
    }

    mutating func replace(_ suffix: StaticString, with replacement: StaticString) {
        w.removeLast(suffix.utf8CodeUnitCount)
        replacement.withUTF8Buffer { w.append(contentsOf: $0) }
    }

    /// Whether `suffix`, which the word ends with, lies within the region starting at `region`.
    func inRegion(_ suffix: StaticString, _ region: Int) -> Bool { w.count - suffix.utf8CodeUnitCount >= region }

    func containsVowel(_ range: Range<Int>) -> Bool { range.contains { isVowel(w[$0]) } }

    /// Short syllable ending at index `end - 1`.
    func endsWithShortSyllable(_ end: Int) -> Bool {
        if end == 2 { return isVowel(w[0]) && !isVowel(w[1]) }
        guard end >= 3 else { return false }
        let c = w[end - 1]
        return !isVowel(w[end - 3]) && isVowel(w[end - 2]) && !isVowel(c)
            && c != UInt8(ascii: "w") && c != UInt8(ascii: "x") && c != Self.bigY
    }

    var isShort: Bool { r1 >= w.count && endsWithShortSyllable(w.count) }

    mutating func run() -> String {
        if w.first == Self.apostrophe { w.removeFirst() }
        if w.first == Self.y { w[0] = Self.bigY }
        if w.count > 1 {
            for k in 1..<w.count where w[k] == Self.y && isVowel(w[k - 1]) { w[k] = Self.bigY }
        }
        markRegions()
        step0()
        step1a()
        if Self.invariant.contains(where: { $0 == w }) { return finish() }
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        return finish()
    }

    mutating func finish() -> String {
        for k in w.indices where w[k] == Self.bigY { w[k] = Self.y }
        return String(decoding: w, as: UTF8.self)
    }

    func starts(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard w.count >= count else { return false }
        return prefix.withUTF8Buffer { bytes in (0..<count).allSatisfy { w[$0] == bytes[$0] } }
    }

    mutating func markRegions() {
        if starts("gener") || starts("arsen") {
            r1 = 5
        } else if starts("commun") {
            r1 = 6
        } else {
            r1 = regionAfter(0)
        }
        r2 = regionAfter(r1)
    }

    /// The region after the first non-vowel following a vowel, from `start`.
    func regionAfter(_ start: Int) -> Int {
        var k = start + 1
        while k < w.count {
            if !isVowel(w[k]) && isVowel(w[k - 1]) { return k + 1 }
            k += 1
        }
        return w.count
    }

    mutating func step0() {
        for suffix: StaticString in ["'s'", "'s", "'"] where ends(suffix) {
            w.removeLast(suffix.utf8CodeUnitCount)
            return
        }
    }

    mutating func step1a() {
        if ends("sses") {
            replace("sses", with: "ss")
        } else if ends("ied") || ends("ies") {
            replace(ends("ied") ? "ied" : "ies", with: w.count > 4 ? "i" : "ie")
        } else if ends("us") || ends("ss") {
            return
        } else if ends("s") {
            // Delete if the part before the s (not counting the letter just before it) has a vowel.
            if w.count >= 3, containsVowel(0..<(w.count - 2)) { w.removeLast() }
        }
    }

    mutating func step1b() {
        for suffix: StaticString in ["eedly", "eed"] where ends(suffix) {
            if inRegion(suffix, r1) { replace(suffix, with: "ee") }
            return
        }
        for suffix: StaticString in ["ingly", "edly", "ing", "ed"] where ends(suffix) {
            let stemEnd = w.count - suffix.utf8CodeUnitCount
            guard containsVowel(0..<stemEnd) else { return }
            w.removeLast(suffix.utf8CodeUnitCount)
            if ends("at") || ends("bl") || ends("iz") {
                w.append(Self.e)
            } else if let last = w.last, w.count >= 2, last == w[w.count - 2],
                      "bdfgmnprt".utf8.contains(last) {
                w.removeLast()
            } else if isShort {
                w.append(Self.e)
            }
            return
        }
    }

    mutating func step1c() {
        guard w.count > 2, let last = w.last, last == Self.y || last == Self.bigY, !isVowel(w[w.count - 2]) else { return }
        w[w.count - 1] = Self.i
    }

    static let step2Rules: [(StaticString, StaticString)] = [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
        ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
        ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
        ("ogi", "og"), ("li", ""),
    ]

    mutating func step2() {
        for (suffix, replacement) in Self.step2Rules where ends(suffix) {
            guard inRegion(suffix, r1) else { return }
            if suffix.utf8CodeUnitCount == 3, ends("ogi") {
                if w.count >= 4, w[w.count - 4] == UInt8(ascii: "l") { replace(suffix, with: replacement) }
            } else if suffix.utf8CodeUnitCount == 2 {
                if w.count >= 3, "cdeghkmnrt".utf8.contains(w[w.count - 3]) { w.removeLast(2) }
            } else {
                replace(suffix, with: replacement)
            }
            return
        }
    }

    static let step3Rules: [(StaticString, StaticString)] = [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"), ("ative", ""),
        ("ical", "ic"), ("ness", ""), ("ful", ""),
    ]

    mutating func step3() {
        for (suffix, replacement) in Self.step3Rules where ends(suffix) {
            guard inRegion(suffix, r1) else { return }
            if suffix.utf8CodeUnitCount == 5, ends("ative") {
                if inRegion(suffix, r2) { w.removeLast(5) }
            } else {
                replace(suffix, with: replacement)
            }
            return
        }
    }

    static let step4Suffixes: [StaticString] = [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
        "ion", "al", "er", "ic",
    ]

    mutating func step4() {
        for suffix in Self.step4Suffixes where ends(suffix) {
            guard inRegion(suffix, r2) else { return }
            if suffix.utf8CodeUnitCount == 3, ends("ion") {
                let before = w.count >= 4 ? w[w.count - 4] : 0
                if before == UInt8(ascii: "s") || before == UInt8(ascii: "t") { w.removeLast(3) }
            } else {
                w.removeLast(suffix.utf8CodeUnitCount)
            }
            return
        }
    }

    mutating func step5() {
        if ends("e") {
            if inRegion("e", r2) || (inRegion("e", r1) && !endsWithShortSyllable(w.count - 1)) { w.removeLast() }
        } else if ends("l") {
            if inRegion("l", r2), w.count >= 2, w[w.count - 2] == UInt8(ascii: "l") { w.removeLast() }
        }
    }
}
