extension CompiledTemplate: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.write(parts) }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) { parts = try reader.read() }
}

extension CompiledTemplate.Part: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .literal(let text):
            writer.writeTag(0)
            writer.write(text)
        case .capture(let number):
            writer.writeTag(1)
            writer.write(number)
        case .input: writer.writeTag(2)
        case .variable(let name):
            writer.writeTag(3)
            writer.write(name)
        case .listItem(let list, let item):
            writer.writeTag(4)
            writer.write(list)
            writer.write(item)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .literal(try reader.read())
        case 1: self = .capture(try reader.read())
        case 2: self = .input
        case 3: self = .variable(try reader.read())
        case 4: self = .listItem(try reader.read(), try reader.read())
        case let tag: throw reader.malformed("template part \(tag)")
        }
    }
}

extension TextSpec: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .single(let template):
            writer.writeTag(0)
            writer.write(template)
        case .variants(let templates, let mode, let site):
            writer.writeTag(1)
            writer.write(templates)
            writer.write(mode)
            writer.write(site)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .single(try reader.read())
        case 1: self = .variants(try reader.read(), try reader.read(), site: try reader.read())
        case let tag: throw reader.malformed("text \(tag)")
        }
    }
}
