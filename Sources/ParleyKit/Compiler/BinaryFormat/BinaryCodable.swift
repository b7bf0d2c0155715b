/// A value the compiled-dialog format stores. Each type of the compiled
/// dialog conforms in a file of its own (`TYPE+Binary.swift`): a stored
/// field added to a type must be written and read there, and the format's
/// version raised (`CompiledDialog.binaryFormatVersion`). The round-trip
/// test compares every stored field, so a field left out fails it.
protocol BinaryCodable {
    func encode(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError)
}

extension Bool: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeTag(self ? 1 : 0) }
    @inline(__always)
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = false
        case 1: self = true
        case let other: throw reader.malformed("\(other) is not a Boolean")
        }
    }
}

extension Int: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeSigned(Int64(self)) }
    @inline(__always)
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self = try reader.readInt()
    }
}

extension Int32: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeSigned(Int64(self)) }
    @inline(__always)
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self = try reader.readInt32()
    }
}

extension Double: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeUnsigned(bitPattern) }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        self = Double(bitPattern: try reader.readUnsigned())
    }
}

extension String: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeString(self) }
    @inline(__always)
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) { self = try reader.readString() }
}

extension Character: BinaryCodable {
    func encode(to writer: inout BinaryWriter) { writer.writeString(String(self)) }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let text = try reader.readString()
        guard text.count == 1, let character = text.first else { throw reader.malformed("'\(text)' is not one character") }
        self = character
    }
}

extension Array: BinaryCodable where Element: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeCount(count)
        for element in self { element.encode(to: &writer) }
    }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let count = try reader.readCount()
        self = []
        reserveCapacity(count)
        for _ in 0..<count { append(try Element(from: &reader)) }
    }
}

extension Optional: BinaryCodable where Wrapped: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        switch self {
        case .none: writer.writeTag(0)
        case .some(let value):
            writer.writeTag(1)
            value.encode(to: &writer)
        }
    }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        switch try reader.readTag() {
        case 0: self = .none
        case 1: self = .some(try Wrapped(from: &reader))
        case let other: throw reader.malformed("\(other) is not an optional's tag")
        }
    }
}

/// Keys in sorted order, so the bytes do not depend on the hash seed.
extension Dictionary: BinaryCodable where Key: BinaryCodable & Comparable, Value: BinaryCodable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeCount(count)
        for key in keys.sorted() {
            key.encode(to: &writer)
            self[key]!.encode(to: &writer)
        }
    }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let count = try reader.readCount(minimumBytes: 2)
        self.init(minimumCapacity: count)
        for _ in 0..<count {
            let key = try Key(from: &reader)
            guard updateValue(try Value(from: &reader), forKey: key) == nil else {
                throw reader.malformed("the key '\(key)' twice in one dictionary")
            }
        }
    }
}

/// Elements in sorted order, so the bytes do not depend on the hash seed.
extension Set: BinaryCodable where Element: BinaryCodable & Comparable {
    func encode(to writer: inout BinaryWriter) {
        writer.writeCount(count)
        for element in sorted() { element.encode(to: &writer) }
    }
    init(from reader: inout BinaryReader) throws(CompiledDialogFormatError) {
        let count = try reader.readCount()
        self.init(minimumCapacity: count)
        for _ in 0..<count {
            let element = try Element(from: &reader)
            guard insert(element).inserted else { throw reader.malformed("'\(element)' twice in one set") }
        }
    }
}
