extension CompiledCondition: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .truthy(let value):
            writer.writeTag(0)
            writer.write(value)
        case .not(let condition):
            writer.writeTag(1)
            writer.write(condition)
        case .and(let a, let b):
            writer.writeTag(2)
            writer.write(a)
            writer.write(b)
        case .or(let a, let b):
            writer.writeTag(3)
            writer.write(a)
            writer.write(b)
        case .compare(let a, let op, let b):
            writer.writeTag(4)
            writer.write(a)
            writer.write(op)
            writer.write(b)
        case .visited(let state):
            writer.writeTag(5)
            writer.write(state)
        case .heard(let intent):
            writer.writeTag(6)
            writer.write(intent)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self = try reader.nested { reader throws(CompiledDialogFormatError) -> CompiledCondition in
            switch try reader.readTag() {
            case 0: return .truthy(try reader.read())
            case 1: return .not(try reader.read())
            case 2: return .and(try reader.read(), try reader.read())
            case 3: return .or(try reader.read(), try reader.read())
            case 4: return .compare(try reader.read(), try reader.read(), try reader.read())
            case 5: return .visited(try reader.read())
            case 6: return .heard(try reader.read())
            case let tag: throw reader.malformed("condition \(tag)")
            }
        }
    }
}

extension CompiledValue: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .number(let number):
            writer.writeTag(0)
            writer.write(number)
        case .text(let template):
            writer.writeTag(1)
            writer.write(template)
        case .bool(let value):
            writer.writeTag(2)
            writer.write(value)
        case .variable(let name):
            writer.writeTag(3)
            writer.write(name)
        case .visits(let state):
            writer.writeTag(4)
            writer.write(state)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .number(try reader.read())
        case 1: self = .text(try reader.read())
        case 2: self = .bool(try reader.read())
        case 3: self = .variable(try reader.read())
        case 4: self = .visits(try reader.read())
        case let tag: throw reader.malformed("value \(tag)")
        }
    }
}
