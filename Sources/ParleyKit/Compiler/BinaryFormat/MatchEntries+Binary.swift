/// The matcher's entries as they are stored (`MatchEntries`): per entry its
/// intent, its shape with the length of each of its word lists, and its
/// flags; then the flat arrays in one piece each (the terms, the patterns'
/// elements), every entry's text as one string with each entry's length in
/// bytes, and the places. The ranges are not stored: reading works them out
/// from the lengths, in order, as `MatchEntries.init(_:)` laid them out, so
/// every range lies in its array by construction.
extension MatchEntries: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeCount(count)
        for record in records {
            writer.write(record.intent)
            switch record.shape {
            case .phrase(let range):
                writer.writeTag(0)
                writer.writeCount(range.count)
            case .allOf(let range):
                writer.writeTag(1)
                writer.writeCount(range.count)
                for group in groups[Int(range.lowerBound)..<Int(range.upperBound)] { writer.writeCount(group.count) }
            case .pattern(let range):
                writer.writeTag(2)
                writer.writeCount(range.count)
            case .label(let range, let minimum):
                writer.writeTag(3)
                writer.writeCount(range.count)
                writer.write(minimum)
            }
            writer.writeTag((record.mentionsNegation ? 1 : 0) | (record.isVeto ? 2 : 0))
        }
        writer.write(terms)
        writer.write(elements)
        writer.write(sourceText)
        var start: Int32 = 0
        for end in sourceEnds {
            writer.writeCount(Int(end - start))
            start = end
        }
        writer.write(files)
        for place in places {
            writer.writeCount(Int(place.file + 1))
            guard place.file >= 0 else { continue }
            writer.write(place.line)
            writer.write(place.column)
            writer.write(place.offset)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        // An entry is at least four bytes: intent, shape, a length, flags.
        let count = try reader.readCount(minimumBytes: 4)
        var records: [Entry] = []
        records.reserveCapacity(count)
        var groups: [Range<Int32>] = []
        // The lengths read so far of each flat array: where the next entry's part starts.
        var termCount = 0, elementCount = 0
        func take(_ length: Int, from total: inout Int) throws(CompiledDialogFormatError) -> Range<Int32> {
            // Each length fits the bytes left, but their sum may not fit an Int32.
            guard total + length <= Int(Int32.max) else { throw reader.malformed("more than \(Int32.max) words in the entries") }
            defer { total += length }
            return Int32(total)..<Int32(total + length)
        }
        for _ in 0..<count {
            let intent = try reader.readInt32()
            let shape: Shape
            switch try reader.readTag() {
            case 0: shape = .phrase(try take(try reader.readCount(), from: &termCount))
            case 1:
                let phrases = try reader.readCount()
                let first = Int32(groups.count)
                for _ in 0..<phrases { groups.append(try take(try reader.readCount(), from: &termCount)) }
                shape = .allOf(first..<Int32(groups.count))
            case 2: shape = .pattern(try take(try reader.readCount(), from: &elementCount))
            case 3: shape = .label(try take(try reader.readCount(), from: &termCount), minimum: try reader.readInt32())
            case let tag: throw reader.malformed("entry shape \(tag)")
            }
            let flags = try reader.readTag()
            guard flags < 4 else { throw reader.malformed("entry flags \(flags)") }
            records.append(Entry(intent: intent, shape: shape, mentionsNegation: flags & 1 != 0, isVeto: flags & 2 != 0))
        }
        let terms = try reader.readInt32s()
        guard terms.count == termCount else { throw reader.malformed("\(terms.count) terms for entries of \(termCount)") }
        let elements: [PatternElement] = try reader.read()
        guard elements.count == elementCount else {
            throw reader.malformed("\(elements.count) pattern elements for entries of \(elementCount)")
        }
        var sourceText = try reader.readString()
        var sourceEnds: [Int32] = []
        sourceEnds.reserveCapacity(count)
        var end = 0
        for _ in 0..<count {
            end += try reader.readCount()
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
        var places: [Place] = []
        places.reserveCapacity(count)
        for _ in 0..<count {
            let file = try reader.readCount() - 1
            guard file < files.count else { throw reader.malformed("file \(file) of \(files.count)") }
            guard file >= 0 else {
                places.append(Place(file: -1, line: 0, column: 0, offset: -1))
                continue
            }
            places.append(Place(file: Int32(file), line: try reader.readInt32(), column: try reader.readInt32(),
                                offset: try reader.readInt32()))
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
