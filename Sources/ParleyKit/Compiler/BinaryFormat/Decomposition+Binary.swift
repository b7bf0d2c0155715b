extension Decomposition: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(elements)
        writer.write(anchoredStart)
        writer.write(anchoredEnd)
        writer.write(replies)
        writer.write(site)
        writer.write(text)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self.init(elements: try reader.read(), anchoredStart: try reader.read(), anchoredEnd: try reader.read(),
                  replies: try reader.read(), site: try reader.read(), text: try reader.read())
    }
}

extension Decomposition.Element: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .word(let word):
            writer.writeTag(0)
            writer.write(word)
        case .any: writer.writeTag(1)
        case .count(let count):
            writer.writeTag(2)
            writer.write(count)
        case .oneOf(let words):
            writer.writeTag(3)
            writer.write(words)
        case .firstSixLetters(let pieces):
            writer.writeTag(4)
            writer.write(pieces)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .word(try reader.read())
        case 1: self = .any
        case 2: self = .count(try reader.read())
        case 3: self = .oneOf(try reader.read())
        case 4: self = .firstSixLetters(try reader.read())
        case let tag: throw reader.malformed("keyword pattern element \(tag)")
        }
    }
}

extension Decomposition.Reply: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .text(let template):
            writer.writeTag(0)
            writer.write(template)
        case .pass: writer.writeTag(1)
        case .go(let group):
            writer.writeTag(2)
            writer.write(group)
        case .rewrite(let template, let group):
            writer.writeTag(3)
            writer.write(template)
            writer.write(group)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .text(try reader.read())
        case 1: self = .pass
        case 2: self = .go(try reader.read())
        case 3: self = .rewrite(try reader.read(), try reader.read())
        case let tag: throw reader.malformed("keyword reply \(tag)")
        }
    }
}
