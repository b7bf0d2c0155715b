extension KeywordScript: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(groups)
        writer.write(keywordGroups)
        writer.write(swaps)
        writer.write(clauses)
        writer.write(exact)
        writer.write(memory)
        writer.write(noFit)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        groups = try reader.read()
        keywordGroups = try reader.read()
        swaps = try reader.read()
        clauses = try reader.read()
        exact = try reader.read()
        memory = try reader.read()
        noFit = try reader.read()
    }
}

extension KeywordGroup: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(rank)
        writer.write(patterns)
        writer.write(fallback)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        rank = try reader.read()
        patterns = try reader.read()
        fallback = try reader.read()
    }
}

extension KeywordMemory: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(group)
        writer.write(choice)
        writer.write(recallEvery)
        writer.write(patterns)
        writer.write(site)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        group = try reader.read()
        choice = try reader.read()
        recallEvery = try reader.read()
        patterns = try reader.read()
        site = try reader.read()
    }
}
