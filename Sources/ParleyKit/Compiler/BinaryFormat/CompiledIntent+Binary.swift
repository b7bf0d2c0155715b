extension CompiledIntent: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        switch kind {
        case .intent: writer.writeTag(0)
        case .faq(let faq):
            writer.writeTag(1)
            writer.write(faq)
        case .optionLabel(let option):
            writer.writeTag(2)
            writer.write(option)
        }
        writer.write(location)
        writer.write(captureCount)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        switch try reader.readTag() {
        case 0: kind = .intent
        case 1: kind = .faq(try reader.read())
        case 2: kind = .optionLabel(try reader.read())
        case let tag: throw reader.malformed("intent kind \(tag)")
        }
        location = try reader.read()
        captureCount = try reader.read()
    }
}
