/// The matcher's entries as they are stored (`MatchEntries`), in columns
/// (`BinaryWriter.writeColumn`): per entry its intent, its shape and flags
/// in one number, the length of its word list (for an `allOf`, its number
/// of phrases); then the `allOf` phrases' lengths and the labels' minimums,
/// each in entry order; the flat arrays (the terms, the patterns' elements),
/// every entry's text as one string with each entry's length in bytes, and
/// the places, a column per field. The ranges are not stored: reading works
/// them out from the lengths, in order, as `MatchEntries.init(_:)` laid them
/// out, so every range lies in its array by construction.
extension MatchEntries: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        var intents: [Int32] = [], shapes: [Int32] = [], lengths: [Int32] = []
        var groupLengths: [Int32] = [], minimums: [Int32] = []
        for record in records {
            intents.append(record.intent)
            let tag: Int32
            switch record.shape {
            case .phrase(let range):
                tag = 0
                lengths.append(Int32(range.count))
            case .allOf(let range):
                tag = 1
                lengths.append(Int32(range.count))
                for group in groups[Int(range.lowerBound)..<Int(range.upperBound)] { groupLengths.append(Int32(group.count)) }
            case .pattern(let range):
                tag = 2
                lengths.append(Int32(range.count))
            case .label(let range, let minimum):
                tag = 3
                lengths.append(Int32(range.count))
                minimums.append(minimum)
            }
            shapes.append(tag | (record.mentionsNegation ? 4 : 0) | (record.isVeto ? 8 : 0))
        }
        writer.writeCount(count)
        writer.writeColumn(intents)
        writer.writeColumn(shapes)
        writer.writeColumn(lengths)
        writer.writeColumn(groupLengths)
        writer.writeColumn(minimums)
        writer.writeColumn(terms)
        writer.write(elements)
        writer.write(sourceText)
        var start: Int32 = 0
        writer.writeColumn(sourceEnds.map { end in
            defer { start = end }
            return end - start
        })
        writer.write(files)
        writer.writeColumn(places.map(\.file))
        writer.writeColumn(places.map(\.line))
        writer.writeColumn(places.map(\.column))
        writer.writeColumn(places.map(\.offset))
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let count = try reader.readCount()
        func column(_ what: String, count expected: Int? = nil) throws(CompiledDialogFormatError) -> [Int32] {
            let values = try reader.readColumn()
            if let expected, values.count != expected {
                throw reader.malformed("\(values.count) \(what) for \(expected) entries")
            }
            return values
        }
        let intents = try column("intents", count: count)
        let shapes = try column("shapes", count: count)
        let lengths = try column("lengths", count: count)
        let groupLengths = try column("phrase lengths")
        let minimums = try column("minimums")
        var records: [Entry] = []
        records.reserveCapacity(count)
        var groups: [Range<Int32>] = []
        groups.reserveCapacity(groupLengths.count)
        // The lengths read so far of each flat array: where the next entry's part starts.
        var termCount = 0, elementCount = 0
        var nextGroup = 0, nextMinimum = 0
        @inline(__always) func take(_ length: Int32, from total: inout Int) throws(CompiledDialogFormatError) -> Range<Int32> {
            // Each length is an Int32, but their sum may not fit one.
            guard length >= 0 else { throw reader.malformed("a length of \(length)") }
            guard total + Int(length) <= Int(Int32.max) else { throw reader.malformed("more than \(Int32.max) words in the entries") }
            defer { total += Int(length) }
            return Int32(total)..<Int32(total + Int(length))
        }
        for index in 0..<count {
            let code = shapes[index], length = lengths[index]
            guard (0..<16).contains(code) else { throw reader.malformed("entry shape \(code)") }
            let shape: Shape
            switch code & 3 {
            case 0: shape = .phrase(try take(length, from: &termCount))
            case 1:
                guard length >= 0, Int(length) <= groupLengths.count - nextGroup else {
                    throw reader.malformed("\(length) phrases of \(groupLengths.count - nextGroup) left")
                }
                let first = Int32(groups.count)
                for _ in 0..<Int(length) {
                    groups.append(try take(groupLengths[nextGroup], from: &termCount))
                    nextGroup += 1
                }
                shape = .allOf(first..<Int32(groups.count))
            case 2: shape = .pattern(try take(length, from: &elementCount))
            default:
                guard nextMinimum < minimums.count else { throw reader.malformed("more labels than minimums") }
                shape = .label(try take(length, from: &termCount), minimum: minimums[nextMinimum])
                nextMinimum += 1
            }
            records.append(Entry(intent: intents[index], shape: shape, mentionsNegation: code & 4 != 0, isVeto: code & 8 != 0))
        }
        guard nextGroup == groupLengths.count else { throw reader.malformed("\(groupLengths.count - nextGroup) phrase lengths left over") }
        guard nextMinimum == minimums.count else { throw reader.malformed("\(minimums.count - nextMinimum) minimums left over") }
        let terms = try reader.readColumn()
        guard terms.count == termCount else { throw reader.malformed("\(terms.count) terms for entries of \(termCount)") }
        let elements: [PatternElement] = try reader.read()
        guard elements.count == elementCount else {
            throw reader.malformed("\(elements.count) pattern elements for entries of \(elementCount)")
        }
        var sourceText = try reader.readString()
        let sourceLengths = try column("text lengths", count: count)
        var sourceEnds: [Int32] = []
        sourceEnds.reserveCapacity(count)
        var end = 0
        for length in sourceLengths {
            guard length >= 0 else { throw reader.malformed("a text of \(length) bytes") }
            end += Int(length)
            sourceEnds.append(Int32(clamping: end))
        }
        // Every end on a scalar's first byte (or the text's end), so each
        // entry's text is whole UTF-8; the last one the text's end.
        let problem = sourceText.withUTF8 { utf8 -> String? in
            for end in sourceEnds where Int(end) > utf8.count || (Int(end) < utf8.count && utf8[Int(end)] & 0xC0 == 0x80) {
                return "an entry's text ending at byte \(end) of \(utf8.count)"
            }
            return end == utf8.count ? nil : "entries' texts of \(end) bytes of \(utf8.count)"
        }
        if let problem { throw reader.malformed(problem) }
        let files: [String] = try reader.read()
        let placeFiles = try column("places", count: count)
        let lines = try column("lines", count: count)
        let columns = try column("columns", count: count)
        let offsets = try column("offsets", count: count)
        var places: [Place] = []
        places.reserveCapacity(count)
        for index in 0..<count {
            let file = placeFiles[index]
            guard file < files.count, file >= -1 else { throw reader.malformed("file \(file) of \(files.count)") }
            guard file >= 0 else {
                places.append(Place(file: -1, line: 0, column: 0, offset: -1))
                continue
            }
            places.append(Place(file: file, line: lines[index], column: columns[index], offset: offsets[index]))
        }
        self.init(records: records, terms: terms, groups: groups, elements: elements,
                  sourceText: sourceText, sourceEnds: sourceEnds, places: places, files: files)
    }
}

extension PatternElement: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .word(let term):
            writer.writeTag(0)
            writer.write(term)
        case .anyWords: writer.writeTag(1)
        case .number: writer.writeTag(2)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .word(try reader.read())
        case 1: self = .anyWords
        case 2: self = .number
        case let tag: throw reader.malformed("pattern element \(tag)")
        }
    }
}
