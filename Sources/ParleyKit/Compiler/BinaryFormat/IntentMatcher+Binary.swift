/// The matcher's fields and its index (postings, pattern anchors, the
/// intents that check a reading level, the topic terms) as the compiler
/// built them: stored, not rebuilt, because rebuilding was 6.3 M of the
/// trust coach's 35 M instructions of decoding (callgrind, 2026-11-30).
/// Reading checks that the index fits the entries and the vocabulary it
/// indexes (every number in range, every anchor on a pattern's word), so
/// no bytes make matching trap; like the rest of the format, it does not
/// check that the index is the one `init(lexicon:intents:entries:)` builds.
extension IntentMatcher: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(lexicon)
        writer.write(intents)
        writer.write(entries)
        writer.write(postings)
        writer.writeColumn(patternAnchors)
        writer.writeColumn(readingIntents)
        writer.write(topicTerms)
        writer.write(clauses)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let lexicon: Lexicon = try reader.read()
        let intents: [MatchableIntent] = try reader.read()
        let entries: MatchEntries = try reader.read()
        let terms = lexicon.termNames.count
        let postings: Postings = try reader.read()
        guard postings.count == terms else { throw reader.malformed("postings for \(postings.count) terms of \(terms)") }
        for entry in postings.entries where entry < 0 || Int(entry) >= entries.count {
            throw reader.malformed("entry \(entry) of \(entries.count) in the postings")
        }
        let anchors = try reader.readColumn()
        guard anchors.count == entries.count else { throw reader.malformed("\(anchors.count) anchors for \(entries.count) entries") }
        for index in entries.indices {
            guard case .pattern(let range) = entries[index].shape else {
                guard anchors[index] == -1 else { throw reader.malformed("an anchor for entry \(index), not a pattern") }
                continue
            }
            let elements = entries.elements[Int(range.lowerBound)..<Int(range.upperBound)]
            guard !elements.isEmpty else { throw reader.malformed("a pattern without elements") }
            for case .word(let term) in elements where term < 0 || Int(term) >= terms {
                throw reader.malformed("term \(term) of \(terms)")
            }
            let anchor = Int(anchors[index])
            guard (0..<elements.count).contains(anchor) else { throw reader.malformed("anchor \(anchor) of \(elements.count) elements") }
            guard case .word = elements[elements.startIndex + anchor] else { throw reader.malformed("an anchor on a wildcard") }
        }
        let readingIntents = try reader.readColumn()
        for intent in readingIntents where intent < 0 || Int(intent) >= intents.count {
            throw reader.malformed("intent \(intent) of \(intents.count)")
        }
        let topicTerms: [Bool] = try reader.read()
        guard topicTerms.count == terms else { throw reader.malformed("\(topicTerms.count) topic terms of \(terms)") }
        self.init(lexicon: lexicon, intents: intents, entries: entries, postings: postings,
                  patternAnchors: anchors, readingIntents: readingIntents, topicTerms: topicTerms)
        clauses = try reader.read()
    }
}

extension MatchableIntent: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(rank)
        writer.write(negation)
        writer.write(exact)
        writer.write(reads)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        rank = try reader.read()
        negation = try reader.read()
        exact = try reader.read()
        reads = try reader.read()
    }
}

/// Each term's count, then the entries of all terms in one piece: two
/// columns (`BinaryWriter.writeColumn`), not an array per term.
extension IntentMatcher.Postings: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeColumn((0..<count).map { starts[$0 + 1] - starts[$0] })
        writer.writeColumn(entries)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let counts = try reader.readColumn()
        var starts: [Int32] = [0]
        starts.reserveCapacity(counts.count + 1)
        var total = 0
        for count in counts {
            guard count >= 0 else { throw reader.malformed("\(count) postings of a term") }
            total += Int(count)
            guard total <= Int(Int32.max) else { throw reader.malformed("more than \(Int32.max) postings") }
            starts.append(Int32(total))
        }
        let entries = try reader.readColumn()
        guard entries.count == total else { throw reader.malformed("\(entries.count) postings for terms of \(total)") }
        self.init(starts: starts, entries: entries)
    }
}
