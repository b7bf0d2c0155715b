// The dialog's content as data: quotes, FAQs and lists.

extension CompiledQuote: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(author)
        writer.write(text)
        writer.write(notInCare)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        author = try reader.read()
        text = try reader.read()
        notInCare = try reader.read()
    }
}

extension CompiledFAQ: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(question)
        writer.write(answer)
        writer.write(intent)
        writer.write(notInCare)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        question = try reader.read()
        answer = try reader.read()
        intent = try reader.read()
        notInCare = try reader.read()
    }
}

extension CompiledList: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(title)
        writer.write(items)
        writer.write(notInCare)
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        name = try reader.read()
        title = try reader.read()
        items = try reader.read()
        notInCare = try reader.read()
    }
}
