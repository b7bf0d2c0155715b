extension Action: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .say(let text, let kind):
            writer.writeTag(0)
            writer.write(text)
            writer.write(kind)
        case .ask(let text):
            writer.writeTag(1)
            writer.write(text)
        case .quote(let quote):
            writer.writeTag(2)
            writer.write(quote)
        case .answer(let faq):
            writer.writeTag(3)
            writer.write(faq)
        case .list(let list):
            writer.writeTag(4)
            writer.write(list)
        case .set(let variable, let value):
            writer.writeTag(5)
            writer.write(variable)
            writer.write(value)
        case .add(let amount, let variable):
            writer.writeTag(6)
            writer.write(amount)
            writer.write(variable)
        case .remember(let variable):
            writer.writeTag(7)
            writer.write(variable)
        case .rememberReflected(let variable):
            writer.writeTag(8)
            writer.write(variable)
        case .branch(let branches, let otherwise):
            writer.writeTag(9)
            writer.writeCount(branches.count)
            for (condition, body) in branches {
                writer.write(condition)
                writer.write(body)
            }
            writer.write(otherwise)
        case .go(let target):
            writer.writeTag(10)
            writer.write(target)
        case .option(let option):
            writer.writeTag(11)
            writer.write(option)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self = try reader.nested { reader throws(CompiledDialogFormatError) -> Action in
            switch try reader.readTag() {
            case 0: return .say(try reader.read(), try reader.read())
            case 1: return .ask(try reader.read())
            case 2: return .quote(try reader.read())
            case 3: return .answer(try reader.read())
            case 4: return .list(try reader.read())
            case 5: return .set(try reader.read(), try reader.read())
            case 6: return .add(try reader.read(), try reader.read())
            case 7: return .remember(try reader.read())
            case 8: return .rememberReflected(try reader.read())
            case 9:
                let count = try reader.readCount(minimumBytes: 2)
                var branches: [(CompiledCondition, [Action])] = []
                branches.reserveCapacity(count)
                for _ in 0..<count { branches.append((try reader.read(), try reader.read())) }
                return .branch(branches, otherwise: try reader.read())
            case 10: return .go(try reader.read())
            case 11: return .option(try reader.read())
            case let tag: throw reader.malformed("action \(tag)")
            }
        }
    }
}

extension GoTarget: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .state(let state):
            writer.writeTag(0)
            writer.write(state)
        case .back: writer.writeTag(1)
        case .end: writer.writeTag(2)
        case .restart: writer.writeTag(3)
        case .stay: writer.writeTag(4)
        }
    }

    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .state(try reader.read())
        case 1: self = .back
        case 2: self = .end
        case 3: self = .restart
        case 4: self = .stay
        case let tag: throw reader.malformed("go target \(tag)")
        }
    }
}
