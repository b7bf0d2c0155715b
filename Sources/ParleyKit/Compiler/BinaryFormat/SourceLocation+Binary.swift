/// Read field by field with the concrete reads (a location per matcher entry
/// and per action: through the protocol, about 400 instructions each).
extension SourceLocation: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(file)
        writer.write(line)
        writer.write(column)
        writer.write(offset)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let file = try reader.readString()
        let line = try reader.readInt()
        let column = try reader.readInt()
        let offset: Int?
        switch try reader.readTag() {
        case 0: offset = nil
        case 1: offset = try reader.readInt()
        case let other: throw reader.malformed("\(other) is not an optional's tag")
        }
        self.init(file: file, line: line, column: column, offset: offset)
    }
}
