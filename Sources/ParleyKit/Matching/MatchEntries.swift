/// The matcher's entries as `IntentMatcher` stores them: a fixed-size record
/// per entry, and every entry's words, patterns, texts and places in a few
/// flat arrays that the records point into by range. The compiler builds
/// entries one by one as `MatchEntry` values (`init(_:)`), and reads them
/// back the same way (`entry(at:)`).
///
/// Why flat: as `[MatchEntry]`, each of the trust coach's 5,695 entries was
/// an array of terms, a source string and a location: about 1,450
/// instructions and one or more allocations each to decode at start-up,
/// 8.3 M of the decoding thread's 23.2 M instructions (callgrind,
/// 2026-12-01). Flat, decoding is a loop over small records and a handful
/// of arrays, with nothing allocated per entry (docs/performance.md, "Chat
/// start-up"). The source texts and places are read only when an
/// explanation, a tie or a `matching: exact` intent needs them.
struct MatchEntries: Sendable {
    /// One entry's fixed-size part: what matching reads for every posting.
    struct Entry: Sendable, Equatable {
        var intent: Int32
        var shape: Shape
        /// Written with a negation ("not safe"), so negation is part of what it means.
        var mentionsNegation: Bool
        var isVeto: Bool
    }

    /// `MatchEntry.Shape`, with each list of words a range of the flat arrays.
    enum Shape: Sendable, Equatable {
        /// Terms that must appear together, in order: a range of `terms`.
        case phrase(Range<Int32>)
        /// Phrases that must all appear in one sentence, in any order: a
        /// range of `groups`, each group a range of `terms`.
        case allOf(Range<Int32>)
        /// Words and wildcards: a range of `elements`.
        case pattern(Range<Int32>)
        /// An option's label, enough of its words anywhere: a range of `terms`.
        case label(Range<Int32>, minimum: Int32)
    }

    /// A place without its file's name: `file` is a number in `files`, -1
    /// for an entry without a place; `offset` is -1 when not known.
    struct Place: Sendable, Equatable {
        var file: Int32
        var line: Int32
        var column: Int32
        var offset: Int32
    }

    /// Per entry, in entry order.
    private(set) var records: [Entry] = []
    /// The terms of every phrase, group and label, one after another.
    private(set) var terms: [TermID] = []
    /// The phrases of every `allOf` entry, each a range of `terms`.
    private(set) var groups: [Range<Int32>] = []
    /// The elements of every pattern, one after another.
    private(set) var elements: [PatternElement] = []
    /// Every entry's text as the writer wrote it (`Sources`).
    private(set) var sources = Sources(text: "", ends: [])
    /// Per entry, its place; the files' names once each.
    private(set) var places: [Place] = []
    private(set) var files: [String] = []

    init() {}

    /// The same entries, stored flat.
    init(_ entries: [MatchEntry]) {
        records.reserveCapacity(entries.count)
        var sourceText = ""
        var sourceEnds: [Int32] = []
        sourceEnds.reserveCapacity(entries.count)
        places.reserveCapacity(entries.count)
        var fileNumbers: [String: Int32] = [:]
        for entry in entries {
            let shape: Shape
            switch entry.shape {
            case .phrase(let words): shape = .phrase(Self.append(words, to: &terms))
            case .allOf(let phrases):
                let first = Int32(groups.count)
                for phrase in phrases { groups.append(Self.append(phrase, to: &terms)) }
                shape = .allOf(first..<Int32(groups.count))
            case .pattern(let words): shape = .pattern(Self.append(words, to: &elements))
            case .label(let words, let minimum): shape = .label(Self.append(words, to: &terms), minimum: Int32(minimum))
            }
            records.append(Entry(intent: entry.intent, shape: shape, mentionsNegation: entry.mentionsNegation, isVeto: entry.isVeto))
            sourceText += entry.source
            sourceEnds.append(Int32(sourceText.utf8.count))
            if let location = entry.location {
                let file: Int32
                if let known = fileNumbers[location.file] {
                    file = known
                } else {
                    file = Int32(files.count)
                    fileNumbers[location.file] = file
                    files.append(location.file)
                }
                // Clamped: a place past 2^31 lines or bytes is beyond any file the compiler reads.
                places.append(Place(file: file, line: Int32(clamping: location.line), column: Int32(clamping: location.column),
                                    offset: location.offset.map { Int32(clamping: $0) } ?? -1))
            } else {
                places.append(Place(file: -1, line: 0, column: 0, offset: -1))
            }
        }
        sources = Sources(text: sourceText, ends: sourceEnds)
    }

    /// Entries as they were read from the compiled-dialog format
    /// (`MatchEntries+Binary.swift`, which checks that every range lies in
    /// its array and every place's file in `files`).
    init(records: [Entry], terms: [TermID], groups: [Range<Int32>], elements: [PatternElement],
         sourceText: String, sourceEnds: [Int32], places: [Place], files: [String]) {
        self.records = records
        self.terms = terms
        self.groups = groups
        self.elements = elements
        self.sources = Sources(text: sourceText, ends: sourceEnds)
        self.places = places
        self.files = files
    }

    private static func append<T>(_ values: [T], to all: inout [T]) -> Range<Int32> {
        let first = Int32(all.count)
        all += values
        return first..<Int32(all.count)
    }

    var count: Int { records.count }
    var indices: Range<Int> { records.indices }

    /// The fixed-size part of entry `index` (0 ≤ index < count).
    @inline(__always)
    subscript(index: Int) -> Entry { records[index] }

    /// The text entry `index` was compiled from, as its writer wrote it
    /// (`forgive + ask`, `i feel *`): for explanations, ties and `matching: exact`.
    func source(of index: Int) -> String { sources.text(of: index) }

    var sourceText: String { sources.text }
    var sourceEnds: [Int32] { sources.ends }

    /// The entries' texts, one after another: entry `i`'s is the UTF-8 from
    /// `ends[i - 1]` (0 for the first) to `ends[i]`. A class, so that a turn
    /// that keeps them for its explanation (`Explanation`) holds one
    /// reference, and one that does not holds none: a copy of an
    /// explanation with the whole `MatchEntries` in it retained and
    /// released each of its arrays, about 1,000 instructions a bridge turn
    /// (callgrind, 2026-12-01).
    final class Sources: Sendable {
        let text: String
        let ends: [Int32]

        init(text: String, ends: [Int32]) {
            self.text = text
            self.ends = ends
        }

        /// Entry `index`'s text (0 ≤ index < ends.count).
        func text(of index: Int) -> String {
            let start = index == 0 ? 0 : Int(ends[index - 1])
            let utf8 = text.utf8
            // The ends lie on the text's scalar boundaries (the format checks it).
            return String(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: Int(ends[index]))]) ?? ""
        }
    }

    /// Where entry `index` was written, if known.
    func location(of index: Int) -> SourceLocation? {
        let place = places[index]
        guard place.file >= 0 else { return nil }
        return SourceLocation(file: files[Int(place.file)], line: Int(place.line), column: Int(place.column),
                              offset: place.offset < 0 ? nil : Int(place.offset))
    }

    /// The terms of a phrase, group or label (a range of `terms`).
    @inline(__always)
    func terms(_ range: Range<Int32>) -> ArraySlice<TermID> { terms[Int(range.lowerBound)..<Int(range.upperBound)] }

    /// Entry `index` as the compiler built it, its arrays and texts copied out.
    func entry(at index: Int) -> MatchEntry {
        let record = records[index]
        let shape: MatchEntry.Shape
        switch record.shape {
        case .phrase(let range): shape = .phrase(Array(terms(range)))
        case .allOf(let range): shape = .allOf(groups[Int(range.lowerBound)..<Int(range.upperBound)].map { Array(terms($0)) })
        case .pattern(let range): shape = .pattern(Array(elements[Int(range.lowerBound)..<Int(range.upperBound)]))
        case .label(let range, let minimum): shape = .label(Array(terms(range)), minimum: Int(minimum))
        }
        return MatchEntry(intent: record.intent, shape: shape, mentionsNegation: record.mentionsNegation,
                          isVeto: record.isVeto, source: source(of: index), location: location(of: index))
    }

    /// Every entry as the compiler built it (`entry(at:)`).
    var all: [MatchEntry] { indices.map(entry(at:)) }
}
