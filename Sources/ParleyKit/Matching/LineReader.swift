/// Reads a cleaned line into words, sentences, clauses and negation scope
/// (`TextNormalizer.normalize` classifies the characters; this applies the
/// rules). One pass over the characters, plus one over the words for
/// contractions that depend on the next word: linear in the line's length.
struct LineReader {
    let display: String
    /// The index of each character, and `display.endIndex` after the last.
    let at: CharacterStarts
    /// Each character's class, valid while `read()` runs (the caller's buffer).
    let kinds: UnsafeBufferPointer<TextNormalizer.Kind>
    /// The line's UTF-8 bytes when it is plain ASCII (character k is byte k),
    /// valid while `read()` runs; nil on the Unicode path. Words are then
    /// lower-cased straight from the bytes into their `String`, with no
    /// `Substring` between (issue 12: slicing the display text by index and
    /// copying the slice was a fifth of reading a line).
    let ascii: UnsafeBufferPointer<UInt8>?

    var words: [Word] = []
    var sentences: [Range<String.Index>] = []
    /// Characters and words visited, all loops together: the tests check that
    /// it grows linearly with the line, whatever the line holds.
    private(set) var steps = 0

    /// The reader's word lists, fetched once per line rather than at every word.
    private let lists = ReadingWords.shared
    private var sentence = 0
    private var clause = 0
    private var negating = false
    private var sentenceHasWords = false
    private var clauseHasWords = false
    private var sentenceStart: String.Index
    /// Words standing for "'d" or "'s", read once the next word is known.
    private var pending: [(word: Int, contraction: Contraction)] = []

    enum Contraction { case d, s }

    /// `buffers`: arrays whose room the words and sentences are read into
    /// (emptied first; see `LineBuffers`).
    init(display: String, at: CharacterStarts, kinds: UnsafeBufferPointer<TextNormalizer.Kind>, ascii: UnsafeBufferPointer<UInt8>? = nil,
         buffers: consuming LineBuffers = LineBuffers()) {
        self.display = display
        self.at = at
        self.kinds = kinds
        self.ascii = ascii
        self.sentenceStart = display.startIndex
        // Moved in, not copied: a copy would share the arrays, and emptying
        // a shared array makes a new one rather than reuse its room.
        swap(&words, &buffers.words)
        swap(&sentences, &buffers.sentences)
        words.removeAllKeepingRoom()
        sentences.removeAllKeepingRoom()
        // About one word per four characters in everyday writing: most lines
        // never grow the array (growing it was 4 % of a turn, issue 12).
        words.reserveCapacity(kinds.count / 4 + 4)
    }

    /// The text of characters `i..<j`, lower case.
    private func lowercased(_ i: Int, _ j: Int) -> String {
        guard let ascii else { return TextNormalizer.lowercase(display[at[i]..<at[j]]) }
        return String(unsafeUninitializedCapacity: j - i) { buffer in
            for k in i..<j {
                let byte = ascii[k]
                buffer[k - i] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            }
            return j - i
        }
    }

    /// The character at `k` is one of the closing quotes and brackets `closers`.
    private func isCloser(_ k: Int) -> Bool {
        guard let ascii else { return Self.closers.contains(display[at[k]]) }
        switch ascii[k] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): return true
        default: return false
        }
    }

    private func kind(_ k: Int) -> TextNormalizer.Kind { k < kinds.count ? kinds[k] : .space }
    private func isWord(_ k: Int) -> Bool { k < kinds.count && (kinds[k] == .letter || kinds[k] == .digit) }

    mutating func read() {
        let n = kinds.count
        var i = 0
        while i < n {
            steps += 1
            if isWord(i) {
                if let end = addressEnd(from: i) {
                    emit(lowercased(i, end), at[i]..<at[end])
                    i = end
                    continue
                }
                i = readWord(from: i)
                continue
            }
            switch kinds[i] {
            case .period, .sentenceMark:
                // A run of ". ! ? ; …" ends a sentence only before a space or
                // the end of the line (closing quotes and brackets may come
                // between): "6.5", "www.example.com" and "end.Next" do not.
                var j = i
                while j < n, kinds[j] == .period || kinds[j] == .sentenceMark { j += 1; steps += 1 }
                var k = j
                while k < n, isCloser(k) { k += 1; steps += 1 }
                if kind(k) == .space || k >= n {
                    endSentence(at: at[i], resumingAt: at[j])
                } else {
                    endClause()
                }
                i = j
                continue
            case .comma, .clauseMark:
                endClause()
            case .dash:
                // " - " between clauses ends a negation; "self-harm" does not.
                if kind(i + 1) == .space { endClause() }
            default:
                break
            }
            i += 1
        }
        if sentenceHasWords { sentences.append(sentenceStart..<display.endIndex) }
        resolveContractions()
    }

    static let closers: Set<Character> = ["\"", "'", ")", "]", "}"]

    /// One word from `i`: letters and digits, with an apostrophe before a
    /// letter ("don't"), a dot or @ between letters or digits ("2.5", "7.30",
    /// "e.g", "me@example.com"), and a comma before three digits in a number
    /// ("1,000"). A known abbreviation takes its dot ("Dr.", "Mr."), which
    /// then ends no sentence. Returns where reading goes on.
    private mutating func readWord(from i: Int) -> Int {
        let n = kinds.count
        var j = i + 1
        var onlyDigits = kinds[i] == .digit
        // The run of letters and digits, most of every word, in a tight loop
        // over the classes in place; the loop below counts its steps the same.
        // (Issue 12: the general loop cost about 40 instructions a character.)
        var plainEnd = j
        while plainEnd < n, kinds[plainEnd].rawValue <= TextNormalizer.Kind.digit.rawValue {
            if kinds[plainEnd] == .letter { onlyDigits = false }
            plainEnd += 1
        }
        steps += plainEnd - j
        j = plainEnd
        var joined = false
        // Known here, so the word's text is not searched for one afterwards
        // (issue 12: that search was 5,500 instructions a turn).
        var hasApostrophe = false
        while j < n {
            steps += 1
            switch kinds[j] {
            case .letter:
                onlyDigits = false
                j += 1
                continue
            case .digit:
                j += 1
                continue
            case .apostrophe where kind(j + 1) == .letter:
                hasApostrophe = true
                j += 1
                continue
            case .period where isWord(j + 1), .at where isWord(j + 1):
                joined = true
                onlyDigits = onlyDigits && kinds[j] == .period && kinds[j + 1] == .digit
                j += 1
                continue
            case .comma where onlyDigits && !joined && kind(j + 1) == .digit && kind(j + 2) == .digit
                && kind(j + 3) == .digit && kind(j + 4) != .digit && kind(j + 4) != .letter:
                j += 4
                continue
            default:
                break
            }
            break
        }
        let lower = lowercased(i, j)
        if kind(j) == .period, lists.classes(of: lower).contains(.abbreviation) {
            emit(lower, at[i]..<at[j + 1])
            return j + 1
        }
        if joined {
            emit(lower, at[i]..<at[j])
        } else {
            emitWord(lower, at[i]..<at[j], hasApostrophe: hasApostrophe)
        }
        return j
    }

    /// The end of a web address starting at `i` ("https://…", "http://…",
    /// "www.…"): everything up to the next space, less the punctuation that
    /// ends the sentence around it.
    private mutating func addressEnd(from i: Int) -> Int? {
        // Most words start with neither h nor w, and one byte says so (issue
        // 12: three prefix comparisons at every word were 14 % of a turn).
        // A character that is not ASCII starts with a byte of 0xC2 or more,
        // which matches neither.
        let first = ascii?[i] ?? display.utf8[at[i]]
        guard first | 0x20 == UInt8(ascii: "h") || first | 0x20 == UInt8(ascii: "w") else { return nil }
        if let ascii {
            // Plain ASCII: the prefixes are compared on the bytes in place
            // (issue 12: "have", "what", "with"… went through a byte
            // iterator per prefix, 2,000 instructions a turn).
            func startsWith(_ prefix: StaticString) -> Bool {
                let count = prefix.utf8CodeUnitCount
                guard ascii.count - i >= count else { return false }
                return prefix.withUTF8Buffer { p in
                    var k = 0
                    while k < count {
                        guard ascii[i + k] | 0x20 == p[k] | 0x20 else { return false }
                        k += 1
                    }
                    return true
                }
            }
            guard startsWith("http://") || startsWith("https://") || startsWith("www.") else { return nil }
        } else {
            let rest = display.utf8[at[i]...]
            func startsWith(_ prefix: String) -> Bool {
                var bytes = rest.makeIterator()
                for p in prefix.utf8 {
                    guard let b = bytes.next(), b | 0x20 == p | 0x20 else { return false }
                }
                return true
            }
            guard startsWith("http://") || startsWith("https://") || startsWith("www.") else { return nil }
        }
        var end = i
        while end < kinds.count, kinds[end] != .space { end += 1 }
        while end > i + 4, ".,;:!?)]}\"'".contains(display[at[end - 1]]) { end -= 1 }
        steps += end - i
        return end
    }

    private mutating func endClause() {
        negating = false
        if clauseHasWords {
            clause += 1
            clauseHasWords = false
        }
    }

    private mutating func endSentence(at end: String.Index, resumingAt next: String.Index) {
        endClause()
        if sentenceHasWords {
            sentences.append(sentenceStart..<end)
            sentence += 1
            sentenceHasWords = false
        }
        sentenceStart = next
    }

    private mutating func emit(_ text: String, _ range: Range<String.Index>) {
        emit(text, range, lists.classes(of: text))
    }

    /// `emit`, for a word whose classes are already known.
    private mutating func emit(_ text: String, _ range: Range<String.Index>, _ classes: ReadingWords.Classes) {
        if classes.contains(.endsScope) { endClause() }
        // "No, …" or "No I …" at the start of a sentence answers; it does not negate what follows.
        let isNegator = classes.contains(.negator) && !(text == "no" && !sentenceHasWords)
        words.append(Word(text: text, range: range, sentence: sentence, clause: clause, negated: negating && !isNegator,
                          isNegator: isNegator))
        if isNegator { negating = true }
        sentenceHasWords = true
        clauseHasWords = true
    }

    /// A plain word: whole-word expansions and contractions.
    /// `hasApostrophe`: the word holds an apostrophe (`readWord` saw it).
    private mutating func emitWord(_ lower: String, _ range: Range<String.Index>, hasApostrophe: Bool) {
        let found = lists.index(of: lower)
        if let found, let expansion = lists.expansion(at: found) {
            for part in expansion { emit(part, range) }
            return
        }
        guard hasApostrophe, let apostrophe = lower.firstIndex(of: "'") else {
            emit(lower, range, found.map { lists.classes(at: $0) } ?? [])
            return
        }
        let stem = String(lower[..<apostrophe])
        let suffix = String(lower[lower.index(after: apostrophe)...])
        if suffix == "t", stem.hasSuffix("n"), stem.count > 1 {
            // "didn't", "wouldn't": the n belongs to "not".
            emit(String(stem.dropLast()), range)
            emit("not", range)
            return
        }
        switch suffix {
        case "m": emit(stem, range); emit("am", range)
        case "re": emit(stem, range); emit("are", range)
        case "ve": emit(stem, range); emit("have", range)
        case "ll": emit(stem, range); emit("will", range)
        case "d":
            emit(stem, range)
            pending.append((words.count, .d))
            emit("would", range)
        case "s":
            emit(stem, range)
            if TextNormalizer.isVerbS.contains(stem) {
                pending.append((words.count, .s))
                emit("is", range)
            }
        case "":
            emit(stem, range)  // "parents'" possessive
        default:
            emit(lower.replacing("'", with: ""), range)
        }
    }

    /// "'d" is "had" before a past participle ("I'd finished", "I'd been")
    /// and "would" otherwise ("I'd like"); "'s" is "has" before a participle
    /// ("he's gone", "she's cheated") and "is" otherwise ("he's angry",
    /// "she's married"). Adverbs between are skipped: "he's never been".
    private mutating func resolveContractions() {
        for (index, contraction) in pending {
            var next = index + 1
            while next < words.count, words[next].sentence == words[index].sentence,
                  TextNormalizer.contractionAdverbs.contains(words[next].text) {
                next += 1
                steps += 1
            }
            guard next < words.count, words[next].sentence == words[index].sentence else { continue }
            let following = words[next].text
            let regularParticiple = following.count > 3 && following.hasSuffix("ed")
            switch contraction {
            case .d:
                if following == "better" || TextNormalizer.irregularParticiples.contains(following) || regularParticiple {
                    words[index].text = "had"
                }
            case .s:
                if TextNormalizer.irregularParticiples.contains(following)
                    || (regularParticiple && !TextNormalizer.adjectivalParticiples.contains(following)) {
                    words[index].text = "has"
                }
            }
        }
    }
}

/// Where each character of a line starts, by position, and the line's end
/// after the last. In plain ASCII character k is byte k, so no table is kept:
/// the index is worked out from the offset (constant time for native strings).
struct CharacterStarts {
    /// One index per character, and the end; nil for plain ASCII.
    let table: [String.Index]?
    let utf8: String.UTF8View

    @inline(__always)
    subscript(k: Int) -> String.Index {
        if let table { return table[k] }
        return utf8.index(utf8.startIndex, offsetBy: k)
    }
}
