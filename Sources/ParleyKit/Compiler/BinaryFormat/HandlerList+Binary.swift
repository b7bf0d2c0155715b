extension HandlerList: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(ids)
        writer.write(byIntent)
        writer.write(anyFAQ)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        ids = try reader.read()
        byIntent = try reader.read()
        anyFAQ = try reader.read()
    }
}
