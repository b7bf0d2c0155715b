extension MatchEntry: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(intent)
        switch shape {
        case .phrase(let terms):
            writer.writeTag(0)
            writer.write(terms)
        case .allOf(let phrases):
            writer.writeTag(1)
            writer.write(phrases)
        case .pattern(let elements):
            writer.writeTag(2)
            writer.write(elements)
        case .label(let terms, let minimum):
            writer.writeTag(3)
            writer.write(terms)
            writer.write(minimum)
        }
        writer.write(mentionsNegation)
        writer.write(isVeto)
        writer.write(source)
        writer.write(location)
    }

    /// With the concrete reads: 5,695 entries in the trust coach, each with
    /// an array of terms and a location (see `BinaryReader.readInt32s`).
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        intent = try reader.readInt32()
        switch try reader.readTag() {
        case 0: shape = .phrase(try reader.readInt32s())
        case 1:
            let count = try reader.readCount()
            var phrases: [[TermID]] = []
            phrases.reserveCapacity(count)
            for _ in 0..<count { phrases.append(try reader.readInt32s()) }
            shape = .allOf(phrases)
        case 2: shape = .pattern(try reader.read())
        case 3: shape = .label(try reader.readInt32s(), minimum: try reader.readInt())
        case let tag: throw reader.malformed("entry shape \(tag)")
        }
        mentionsNegation = try reader.read()
        isVeto = try reader.read()
        source = try reader.readString()
        switch try reader.readTag() {
        case 0: location = nil
        case 1: location = try SourceLocation(from: &reader)
        case let other: throw reader.malformed("\(other) is not an optional's tag")
        }
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
