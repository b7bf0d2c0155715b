extension SourceLocation: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(file)
        writer.write(line)
        writer.write(column)
        writer.write(offset)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self.init(file: try reader.read(), line: try reader.read(), column: try reader.read(), offset: try reader.read())
    }
}
