/// Reads numbers in a user's line, for `#` in patterns: digits ("12",
/// "1,000", "2.5") or English number words ("twelve", "twenty-five",
/// "twenty five", "a hundred", "three hundred and ten", "two thousand").
enum NumberReader {
    /// The numbers that start at word `first` of `words` and end before
    /// `limit`, longest first: how many words each takes, and its value as
    /// digits ("25", "1000", "2.5"). A word that is both a number and part of
    /// a longer one ("twenty" in "twenty five") gives both readings.
    static func readings(_ words: [String], from first: Int, limit: Int) -> [(count: Int, value: String)] {
        guard first < limit else { return [] }
        if let digits = digitValue(words[first]) { return [(1, digits)] }
        var out: [(count: Int, value: String)] = []
        var total = 0, group = 0
        var last = Last.none
        var largestScale = Int.max
        var k = first
        // Each word is looked up once, in one table (`part`); the word after
        // it only when an article or "and" needs to see what follows.
        reading: while k < limit {
            switch part(words[k]) {
            case .unit(let unit):
                let teen = unit >= 10
                switch last {
                case .none, .hundred, .and, .scale: group += unit
                case .tens where !teen && unit > 0: group += unit
                default: break reading
                }
                if unit == 0, last != .none { break reading }
                last = teen ? .teen : .unit
            case .ten(let ten):
                guard [.none, .hundred, .and, .scale].contains(last) else { break reading }
                group += ten
                last = .tens
            case .hundred:
                guard [.unit, .teen, .article].contains(last), group % 100 < 20, group < 100 else { break reading }
                group = max(group, 1) * 100
                last = .hundred
            case .scale(let scale):
                guard [.unit, .teen, .tens, .hundred, .article].contains(last), scale < largestScale else { break reading }
                total += max(group, 1) * scale
                group = 0
                largestScale = scale
                last = .scale
            case .article:
                let next = k + 1 < limit ? part(words[k + 1]) : nil
                guard last == .none, next == .hundred || next?.isScale == true else { break reading }
                last = .article
            case .and:
                let next = k + 1 < limit ? part(words[k + 1]) : nil
                guard last == .hundred || last == .scale, next?.isUnitOrTen == true else { break reading }
                last = .and
            case nil:
                break reading
            }
            k += 1
            if last != .article, last != .and { out.append((k - first, String(total + group))) }
        }
        // Reversed in place: `reversed()` made a second array.
        out.reverse()
        return out
    }

    /// Whether a number may start at `word`: digits, or a number word or article.
    /// A pattern's `#` asks this before it gathers the words after it.
    static func mayStart(_ word: String) -> Bool {
        guard let first = word.utf8.first else { return false }
        return (0x30...0x39).contains(first) || part(word) != nil
    }

    private enum Last { case none, unit, teen, tens, hundred, scale, article, and }

    /// What a word is to a number.
    enum Part: Equatable {
        case unit(Int), ten(Int), hundred, scale(Int), article, and

        var isScale: Bool { if case .scale = self { true } else { false } }
        var isUnitOrTen: Bool {
            switch self {
            case .unit, .ten: true
            default: false
            }
        }
    }

    /// The part `word` plays in a number, or nil. Most words of a line are
    /// no number word and are told so by their first letter or length, with
    /// no look-up (issue 12: the look-ups in `units`, `tens` and `scales`, a
    /// hash each, were most of reading "twenty pages" for `# pages`).
    static func part(_ word: String) -> Part? {
        let utf8 = word.utf8
        guard let first = utf8.first, first &- 0x61 < 26, partFirstLetters & (1 << UInt32(first &- 0x61)) != 0,
              utf8.count <= partLongest else { return nil }
        return parts[word]
    }

    /// Every number word and its part, from the lists below.
    static let parts: [String: Part] = {
        var parts = [String: Part](minimumCapacity: units.count + tens.count + scales.count + 4)
        for word in ["a", "an"] { parts[word] = .article }
        parts["hundred"] = .hundred
        parts["and"] = .and
        for (word, value) in units { parts[word] = .unit(value) }
        for (word, value) in tens { parts[word] = .ten(value) }
        for (word, value) in scales { parts[word] = .scale(value) }
        return parts
    }()
    /// Bit n: some word of `parts` starts with the letter n of a-z.
    static let partFirstLetters: UInt32 = parts.keys.reduce(0) { $0 | 1 << UInt32($1.utf8.first! &- 0x61) }
    /// The longest word of `parts`, in bytes.
    static let partLongest = parts.keys.map(\.utf8.count).max()!

    /// "12" -> "12", "1,000" -> "1000", "2.5" -> "2.5"; nil for anything else.
    static func digitValue(_ word: String) -> String? {
        guard let first = word.utf8.first, (0x30...0x39).contains(first) else { return nil }
        var out = ""
        var seenDot = false
        for byte in word.utf8 {
            switch byte {
            case 0x30...0x39: out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ","): continue
            case UInt8(ascii: ".") where !seenDot: seenDot = true; out.append(".")
            default: return nil
            }
        }
        return out.hasSuffix(".") ? nil : out
    }

    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let scales: [String: Int] = ["thousand": 1_000, "million": 1_000_000]
}
