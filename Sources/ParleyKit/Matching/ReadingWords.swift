/// The word lists the line reader consults for every word (`TextNormalizer`'s
/// negators, scope enders, abbreviations and expansions) in one open-addressed
/// table keyed by the word's FNV-1a hash: one hash of a few bytes and one
/// comparison per word. Measured (issue 12): the three hashed `Set`/`Dictionary`
/// look-ups it replaces hashed each word three times with SipHash, a fifth of
/// normalising a line. The lists themselves stay in `TextNormalizer`.
/// A class, so a line reader holding it retains one object rather than its
/// three arrays (issue 12: their retains and releases at every line).
final class ReadingWords: Sendable {
    struct Classes: OptionSet, Sendable {
        let rawValue: UInt8
        static let negator = Classes(rawValue: 1)
        static let endsScope = Classes(rawValue: 2)
        static let abbreviation = Classes(rawValue: 4)
    }

    struct Entry: Sendable {
        let word: String
        var classes: Classes
        /// The whole-word expansion (`TextNormalizer.expansions`), if any.
        var expansion: [String]?
    }

    static let shared = ReadingWords()

    private let entries: [Entry]
    /// Positions in `entries`, -1 for an empty slot; a power of two at least twice the entries.
    private let slots: [Int32]
    private let mask: Int
    /// By a word's first byte, a bit per length (63 for 63 bytes or more) of
    /// the words on the lists starting with it: most words of a line are on
    /// no list, and this says so without hashing them (issue 12: the look-up
    /// was 140 instructions a word, the check is about 15).
    private let lengthsByFirstByte: [UInt64]

    init() {
        var byWord: [String: Entry] = [:]
        func add(_ word: String, _ classes: Classes = [], expansion: [String]? = nil) {
            var entry = byWord[word] ?? Entry(word: word, classes: [], expansion: nil)
            entry.classes.formUnion(classes)
            if let expansion { entry.expansion = expansion }
            byWord[word] = entry
        }
        for word in TextNormalizer.negators { add(word, .negator) }
        for word in TextNormalizer.scopeEnders { add(word, .endsScope) }
        for word in TextNormalizer.abbreviations { add(word, .abbreviation) }
        for (word, expansion) in TextNormalizer.expansions { add(word, expansion: expansion) }
        var size = 16
        while size < byWord.count * 2 { size *= 2 }
        let mask = size - 1
        var slots = [Int32](repeating: -1, count: size)
        var entries: [Entry] = []
        var lengthsByFirstByte = [UInt64](repeating: 0, count: 256)
        // Sorted, so the table is laid out the same in every process.
        for word in byWord.keys.sorted() {
            var slot = Self.hash(word) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entries.count)
            entries.append(byWord[word]!)
            lengthsByFirstByte[Int(word.utf8.first!)] |= Self.lengthBit(word.utf8.count)
        }
        self.mask = mask
        self.slots = slots
        self.entries = entries
        self.lengthsByFirstByte = lengthsByFirstByte
    }

    private static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(min(count, 63)) }

    private static func hash(_ word: String) -> Int {
        Int(truncatingIfNeeded: StableHash.fnv1a64(word))
    }

    /// Where `word` (lower case) is among the entries, if it is on any of the
    /// lists. A position rather than the `Entry`, so a look-up copies (and
    /// reference-counts) no string or array.
    func index(of word: String) -> Int? {
        guard let first = word.utf8.first, lengthsByFirstByte[Int(first)] & Self.lengthBit(word.utf8.count) != 0 else {
            return nil
        }
        var slot = Self.hash(word) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if entries[Int(index)].word == word { return Int(index) }
            slot = (slot + 1) & mask
        }
    }

    /// The entry for `word` (lower case), if it is on any of the lists.
    func entry(_ word: String) -> Entry? { index(of: word).map { entries[$0] } }

    func classes(at index: Int) -> Classes { entries[index].classes }
    func expansion(at index: Int) -> [String]? { entries[index].expansion }

    func classes(of word: String) -> Classes { index(of: word).map { entries[$0].classes } ?? [] }
}
