@testable import ParleyKit
import Testing

/// `NumberReader` looks each word up once, in one table, and tells most
/// words from number words by their first letter (issue 12); these tests
/// hold it to the plain way it replaced, a look-up in each list in turn.
@Suite struct NumberReaderPartsTests {
    /// `NumberReader.readings` as it was before the one table (main at 23d5e96).
    static func plainReadings(_ words: [String], from first: Int, limit: Int) -> [(count: Int, value: String)] {
        enum Last { case none, unit, teen, tens, hundred, scale, article, and }
        let units = NumberReader.units, tens = NumberReader.tens, scales = NumberReader.scales
        guard first < limit else { return [] }
        if let digits = NumberReader.digitValue(words[first]) { return [(1, digits)] }
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

    static let vocabulary = ["zero", "one", "five", "ten", "twelve", "nineteen", "twenty", "ninety", "hundred", "thousand",
                             "million", "a", "an", "and", "12", "1,000", "2.5", "31m", "pages", "day", "", "é", "Twenty",
                             "seventeen", "seventeens"]

    /// Every sequence of up to three words of the vocabulary, and of four
    /// number words, read from each start and to each limit, reads as the
    /// plain way reads it.
    @Test func everyShortSequenceReadsAsThePlainWayReadsIt() {
        var sequences: [[String]] = []
        for a in Self.vocabulary {
            sequences.append([a])
            for b in Self.vocabulary {
                sequences.append([a, b])
                for c in Self.vocabulary { sequences.append([a, b, c]) }
            }
        }
        // Four words of the number words alone: "and" and the articles need them.
        let numberWords = ["one", "five", "twelve", "twenty", "ninety", "hundred", "thousand", "million", "and", "a"]
        for a in numberWords {
            for b in numberWords {
                for c in numberWords {
                    for d in numberWords { sequences.append([a, b, c, d]) }
                }
            }
        }
        sequences += [["twenty", "five", "thousand", "three", "hundred"], ["one", "million", "two", "thousand", "and", "five"]]
        var differing: [[String]] = []
        for words in sequences {
            for first in 0...words.count {
                for limit in first...words.count {
                    let new = NumberReader.readings(words, from: first, limit: limit)
                    let plain = Self.plainReadings(words, from: first, limit: limit)
                    if new.map(\.count) != plain.map(\.count) || new.map(\.value) != plain.map(\.value) {
                        differing.append(words)
                    }
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10))")
    }

    /// A word is a number's part exactly when one of the lists has it; and
    /// where `mayStart` says no number starts, the plain way reads none
    /// whatever follows (a pattern's `#` gives up there at once).
    @Test func partsAreTheListsWordsAndNoNumberStartsWhereMayStartSaysNo() {
        let words = Self.vocabulary + Array(NumberReader.units.keys) + Array(NumberReader.tens.keys) + ["hundreds", "andy", "x"]
        for word in words {
            let listed = NumberReader.units[word] != nil || NumberReader.tens[word] != nil
                || NumberReader.scales[word] != nil || ["hundred", "a", "an", "and"].contains(word)
            #expect((NumberReader.part(word) != nil) == listed, "\(word)")
            if NumberReader.mayStart(word) { continue }
            for next in Self.vocabulary {
                #expect(Self.plainReadings([word, next], from: 0, limit: 2).isEmpty, "\(word) \(next)")
            }
        }
        #expect(!NumberReader.mayStart("pages") && NumberReader.mayStart("twenty") && NumberReader.mayStart("10"))
    }
}
