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
        while k < limit {
            let word = words[k]
            let next = k + 1 < limit ? words[k + 1] : ""
            if let unit = units[word] {
                let teen = unit >= 10
                switch last {
                case .none, .hundred, .and, .scale: group += unit
                case .tens where !teen && unit > 0: group += unit
                default: return out.reversed()
                }
                if unit == 0, last != .none { return out.reversed() }
                last = teen ? .teen : .unit
            } else if let ten = tens[word] {
                guard [.none, .hundred, .and, .scale].contains(last) else { return out.reversed() }
                group += ten
                last = .tens
            } else if word == "hundred" {
                guard [.unit, .teen, .article].contains(last), group % 100 < 20, group < 100 else { return out.reversed() }
                group = max(group, 1) * 100
                last = .hundred
            } else if let scale = scales[word] {
                guard [.unit, .teen, .tens, .hundred, .article].contains(last), scale < largestScale else {
                    return out.reversed()
                }
                total += max(group, 1) * scale
                group = 0
                largestScale = scale
                last = .scale
            } else if word == "a" || word == "an" {
                guard last == .none, next == "hundred" || scales[next] != nil else { return out.reversed() }
                last = .article
            } else if word == "and" {
                guard last == .hundred || last == .scale, units[next] != nil || tens[next] != nil else {
                    return out.reversed()
                }
                last = .and
            } else {
                break
            }
            k += 1
            if last != .article, last != .and { out.append((k - first, String(total + group))) }
        }
        return out.reversed()
    }

    private enum Last { case none, unit, teen, tens, hundred, scale, article, and }

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
