// Enums without payloads, stored by the name of their case (through the
// string table, so each name is written once).

extension BinaryCodable where Self: RawRepresentable, RawValue == String {
    func encode(to writer: inout BinaryWriter) { writer.write(rawValue) }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let name = try reader.readString()
        guard let value = Self(rawValue: name) else { throw reader.malformed("'\(name)' is not a \(Self.self)") }
        self = value
    }
}

extension ReplyKind: BinaryCodable {}
extension CompareOp: BinaryCodable {}
extension GlobalPriority: BinaryCodable {}
extension NegationMode: BinaryCodable {}
extension MemoryChoice: BinaryCodable {}
extension ReadingLevel: BinaryCodable {}

extension VariantMode: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .shuffled: writer.writeTag(0)
        case .ordered: writer.writeTag(1)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .shuffled
        case 1: self = .ordered
        case let tag: throw reader.malformed("variant mode \(tag)")
        }
    }
}
