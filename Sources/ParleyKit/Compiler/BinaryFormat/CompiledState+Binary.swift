extension CompiledState: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(location)
        writer.write(ignoresGlobals)
        writer.write(body)
        writer.write(triggers)
        writer.write(fallbacks)
        writer.write(repair)
        writer.write(keywordHandlers)
        writer.write(notInCare)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        location = try reader.read()
        ignoresGlobals = try reader.read()
        body = try reader.read()
        triggers = try reader.read()
        fallbacks = try reader.read()
        repair = try reader.read()
        keywordHandlers = try reader.read()
        notInCare = try reader.read()
    }
}
