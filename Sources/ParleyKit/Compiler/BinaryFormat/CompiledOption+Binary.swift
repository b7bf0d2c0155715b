extension CompiledOption: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(state)
        writer.write(label)
        writer.write(body)
        writer.write(labelIntent)
        writer.write(location)
        writer.write(key)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        state = try reader.read()
        label = try reader.read()
        body = try reader.read()
        labelIntent = try reader.read()
        location = try reader.read()
        key = try reader.read()
    }
}
