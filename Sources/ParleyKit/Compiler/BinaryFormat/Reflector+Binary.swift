extension Reflector: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.write(table) }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self.init()
        table = try reader.read()
    }
}
