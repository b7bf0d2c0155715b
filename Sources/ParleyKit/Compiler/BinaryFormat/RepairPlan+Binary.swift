extension RepairPlan: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.write(levels) }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) { levels = try reader.read() }
}
