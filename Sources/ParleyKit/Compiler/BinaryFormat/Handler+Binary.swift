extension Handler: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch scope {
        case .state(let state):
            writer.writeTag(0)
            writer.write(state)
        case .global(let priority):
            writer.writeTag(1)
            writer.write(priority)
        }
        writer.write(triggers)
        writer.write(condition)
        writer.write(body)
        writer.write(location)
        writer.write(label)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: scope = .state(try reader.read())
        case 1: scope = .global(try reader.read())
        case let tag: throw reader.malformed("handler scope \(tag)")
        }
        triggers = try reader.read()
        condition = try reader.read()
        body = try reader.read()
        location = try reader.read()
        label = try reader.read()
    }
}

extension Handler.Trigger: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .intent(let intent):
            writer.writeTag(0)
            writer.write(intent)
        case .anyFAQ: writer.writeTag(1)
        case .anything: writer.writeTag(2)
        case .keywords: writer.writeTag(3)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .intent(try reader.read())
        case 1: self = .anyFAQ
        case 2: self = .anything
        case 3: self = .keywords
        case let tag: throw reader.malformed("trigger \(tag)")
        }
    }
}
