@testable import ParleyKit
import Testing

/// The matcher's entries stored flat (`MatchEntries`) and its postings
/// (`IntentMatcher.Postings`): what goes in comes back, through the
/// compiled-dialog format too, and bytes whose parts do not fit are refused.
@Suite struct MatchEntriesTests {
    /// Every shape, with and without a place and an offset, texts with
    /// non-ASCII letters and an empty one.
    static let written: [MatchEntry] = [
        MatchEntry(intent: 0, shape: .phrase([3, 4]), mentionsNegation: false, isVeto: false, source: "cheated on",
                   location: SourceLocation(file: "a.dialog", line: 2, column: 5, offset: 30)),
        MatchEntry(intent: 1, shape: .allOf([[1], [2, 3], [5]]), mentionsNegation: true, isVeto: false, source: "not + café + naïve",
                   location: SourceLocation(file: "b.dialog", line: 7, column: 1)),
        MatchEntry(intent: 1, shape: .pattern([.anyWords, .word(6), .number, .word(2)]), mentionsNegation: false, isVeto: true,
                   source: "* feel # 😢", location: nil),
        MatchEntry(intent: 2, shape: .label([7, 8, 7], minimum: 2), mentionsNegation: false, isVeto: false, source: "",
                   location: SourceLocation(file: "a.dialog", line: 40, column: 9, offset: 700)),
        MatchEntry(intent: 3, shape: .phrase([]), mentionsNegation: true, isVeto: true, source: "x",
                   location: SourceLocation(file: "c.dialog", line: 1, column: 1, offset: 0)),
    ]

    /// `MatchEntry` is no `Equatable`: its fields as text, the offset too
    /// (which `SourceLocation`'s own text leaves out).
    static func described(_ entry: MatchEntry) -> String {
        "\(entry) offset \(String(describing: entry.location?.offset))"
    }

    @Test func entriesComeBackAsWritten() {
        let stored = MatchEntries(Self.written)
        #expect(stored.count == Self.written.count)
        #expect(stored.all.map(Self.described) == Self.written.map(Self.described))
        for index in Self.written.indices {
            #expect(stored.source(of: index) == Self.written[index].source)
            #expect(stored[index].intent == Self.written[index].intent)
            #expect(stored[index].isVeto == Self.written[index].isVeto)
        }
        // The label's words, as matching reads them: a range of the flat terms.
        guard case .label(let range, let minimum) = stored[3].shape else {
            Issue.record("not a label: \(stored[3].shape)")
            return
        }
        #expect(Array(stored.terms(range)) == [7, 8, 7] && minimum == 2)
        // Each file's name once.
        #expect(stored.files == ["a.dialog", "b.dialog", "c.dialog"])
    }

    /// Written with `BinaryWriter` and read with `BinaryReader`, string table and all.
    static func roundTrip<T: BinaryCodable>(_ value: T) throws(CompiledDialogFormatError) -> T {
        var writer = BinaryWriter()
        writer.write(value)
        let bytes = writer.stringTable() + writer.body
        return try bytes.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
            var reader = BinaryReader(buffer, from: 0, to: buffer.count)
            try reader.readStringTable()
            let read = try T(from: &reader)
            guard reader.isAtEnd else { throw reader.malformed("bytes after the value") }
            return read
        }
    }

    @Test func entriesAndPostingsRoundTripThroughTheFormat() throws {
        let read = try Self.roundTrip(MatchEntries(Self.written))
        #expect(read.all.map(Self.described) == Self.written.map(Self.described))
        #expect(structuralDifferences(MatchEntries(Self.written), read).isEmpty)

        let lists: [[Int32]] = [[0, 2], [], [1], [], [0, 1, 3, 4]]
        let postings = try Self.roundTrip(IntentMatcher.Postings(lists))
        #expect(postings.lists == lists)
        #expect(postings.count == 5)
        #expect(Array(postings[4]) == [0, 1, 3, 4] && postings[3].isEmpty)
        #expect(try Self.roundTrip(IntentMatcher.Postings([])).count == 0)
    }

    /// Entries whose parts do not fit one another are refused with what was
    /// wrong, never read into ranges outside their arrays.
    @Test func partsThatDoNotFitAreRefused() {
        let good = MatchEntries(Self.written)
        func refused(_ entries: MatchEntries) -> String? {
            do {
                _ = try Self.roundTrip(entries)
                return nil
            } catch {
                guard case .malformed(let what, _) = error else { return "\(error)" }
                return what
            }
        }
        func changed(terms: [TermID]? = nil, elements: [PatternElement]? = nil, sourceText: String? = nil,
                     sourceEnds: [Int32]? = nil, places: [MatchEntries.Place]? = nil) -> MatchEntries {
            MatchEntries(records: good.records, terms: terms ?? good.terms, groups: good.groups,
                         elements: elements ?? good.elements, sourceText: sourceText ?? good.sourceText,
                         sourceEnds: sourceEnds ?? good.sourceEnds, places: places ?? good.places, files: good.files)
        }
        #expect(refused(good) == nil)
        #expect(refused(changed(terms: good.terms.dropLast())) == "\(good.terms.count - 1) terms for entries of \(good.terms.count)")
        #expect(refused(changed(elements: good.elements + [.number]))
            == "\(good.elements.count + 1) pattern elements for entries of \(good.elements.count)")
        // The texts are "cheated on", "not + café + naïve", …: an end inside "é" (two bytes, 0xC3 0xA9).
        let inside = Int32(Array("cheated onnot + caf".utf8).count + 1)
        var ends = good.sourceEnds
        ends[1] = inside
        #expect(refused(changed(sourceEnds: ends)) == "an entry's text ending at byte \(inside) of \(good.sourceText.utf8.count)")
        #expect(refused(changed(sourceText: good.sourceText + "!"))
            == "entries' texts of \(good.sourceText.utf8.count) bytes of \(good.sourceText.utf8.count + 1)")
        var places = good.places
        places[0].file = 3
        #expect(refused(changed(places: places)) == "file 3 of 3")

        // Postings: a column of each term's count, then one of the entries.
        var writer = BinaryWriter()
        writer.writeColumn([Int32(1), 2])
        writer.writeColumn([Int32(0), 1])
        let bytes = writer.stringTable() + writer.body
        #expect(throws: CompiledDialogFormatError.malformed("2 postings for terms of 3", offset: bytes.count)) {
            try bytes.withUnsafeBufferPointer { buffer throws(CompiledDialogFormatError) in
                var reader = BinaryReader(buffer, from: 0, to: buffer.count)
                try reader.readStringTable()
                _ = try IntentMatcher.Postings(from: &reader)
            }
        }
    }
}
