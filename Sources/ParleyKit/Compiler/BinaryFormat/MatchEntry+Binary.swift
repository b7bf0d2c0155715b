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

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        intent = try reader.read()
        switch try reader.readTag() {
        case 0: shape = .phrase(try reader.read())
        case 1: shape = .allOf(try reader.read())
        case 2: shape = .pattern(try reader.read())
        case 3: shape = .label(try reader.read(), minimum: try reader.read())
        case let tag: throw reader.malformed("entry shape \(tag)")
        }
        mentionsNegation = try reader.read()
        isVeto = try reader.read()
        source = try reader.read()
        location = try reader.read()
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
