/// The matcher's own fields; its index (postings, pattern anchors) is built
/// again on reading by `init(lexicon:intents:entries:)`, a pass over the
/// entries, so it can never disagree with them.
extension IntentMatcher: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(lexicon)
        writer.write(intents)
        writer.write(entries)
        writer.write(clauses)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let lexicon: Lexicon = try reader.read()
        let intents: [MatchableIntent] = try reader.read()
        let entries: [MatchEntry] = try reader.read()
        // Building the index looks up each pattern's words by term number.
        // By index: `for entry in entries` copied each entry (its arrays and
        // strings retained and released), 1.2 M instructions for the trust coach.
        for index in entries.indices {
            guard case .pattern(let elements) = entries[index].shape else { continue }
            guard !elements.isEmpty else { throw reader.malformed("a pattern without elements") }
            for case .word(let term) in elements where term < 0 || Int(term) >= lexicon.termNames.count {
                throw reader.malformed("term \(term) of \(lexicon.termNames.count)")
            }
        }
        self.init(lexicon: lexicon, intents: intents, entries: entries)
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
