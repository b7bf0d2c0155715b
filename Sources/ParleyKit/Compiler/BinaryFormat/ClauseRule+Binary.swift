extension ClauseRule: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(marks)
        writer.write(words)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self.init(marks: try reader.read(), words: try reader.read())
    }
}
