/// The vocabulary with its typo index as built: the index is stored, not
/// rebuilt, because building it (hashing every key's deletions and sorting)
/// is most of what loading would otherwise cost.
extension Lexicon: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(termsByStem)
        writer.write(termNames)
        writer.writeCount(phraseSynonyms.count)
        for first in phraseSynonyms.keys.sorted() {
            writer.write(first)
            let options = phraseSynonyms[first]!
            writer.writeCount(options.count)
            for option in options {
                writer.write(option.rest)
                writer.write(option.term)
            }
        }
        writer.writeFixedWidth(typoNeighbours)
        writer.writeCount(typoKeys.count)
        for key in typoKeys {
            writer.write(String(String.UnicodeScalarView(typoKeyScalars[Int(key.scalars.lowerBound)..<Int(key.scalars.upperBound)])))
            writer.write(key.term)
            writer.write(key.recall)
        }
        writer.write(longestTypoKey)
        // The written keyword words and their analyses (`KeywordWords`), with
        // the table's slots as built: loading copies them, it hashes nothing.
        writer.write(keywordWords.words)
        for analysis in keywordWords.analyses {
            writer.write(analysis.stem)
            writer.write(analysis.term)
            writer.write(analysis.startsPhrase)
        }
        writer.writeFixedWidth(keywordWords.slots)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self.init()
        termsByStem = try reader.read()
        termNames = try reader.read()
        let synonymCount = try reader.readCount(minimumBytes: 2)
        phraseSynonyms.reserveCapacity(synonymCount)
        for _ in 0..<synonymCount {
            let first: String = try reader.read()
            let count = try reader.readCount(minimumBytes: 2)
            var options: [(rest: [String], term: TermID)] = []
            options.reserveCapacity(count)
            for _ in 0..<count { options.append((try reader.read(), try reader.read())) }
            guard phraseSynonyms.updateValue(options, forKey: first) == nil else {
                throw reader.malformed("the phrase synonym '\(first)' twice")
            }
        }
        typoNeighbours = try reader.readFixedWidth()
        let keyCount = try reader.readCount(minimumBytes: 3)
        typoKeys.reserveCapacity(keyCount)
        // Each key's scalars appended to the one array of them, nothing allocated per key.
        typoKeyScalars.reserveCapacity(keyCount * 8)
        for _ in 0..<keyCount {
            let key: String = try reader.read()
            let first = typoKeyScalars.count
            for scalar in key.unicodeScalars { typoKeyScalars.append(scalar) }
            guard typoKeyScalars.count <= Int(Int32.max) else { throw reader.malformed("typo keys of more than \(Int32.max) letters") }
            typoKeys.append(TypoKey(scalars: Int32(first)..<Int32(typoKeyScalars.count), term: try reader.read(), recall: try reader.read()))
        }
        longestTypoKey = try reader.read()
        let words: [String] = try reader.read()
        var analyses: [WordAnalysis] = []
        analyses.reserveCapacity(words.count)
        for _ in words.indices {
            analyses.append(WordAnalysis(stem: try reader.read(), term: try reader.read(), typo: -1,
                                         startsPhrase: try reader.read()))
        }
        guard let table = KeywordWords(words: words, analyses: analyses, slots: try reader.readFixedWidth()) else {
            throw reader.malformed("a table of \(words.count) keyword words that does not fit its slots")
        }
        keywordWords = table
    }
}
