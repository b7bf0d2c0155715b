extension CareMode: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(condition)
        writer.write(instead)
        writer.write(variables)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        condition = try reader.read()
        instead = try reader.read()
        variables = try reader.read()
    }
}
