import ParleyKit

/// Reading and building LSP messages on ParleyKit's JSON value (the bridge's
/// strict reader and writer), so the project has one JSON implementation.
extension JSONValue {
    /// The member `key` of an object (the first, if repeated); nil for anything else.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A whole number that fits an Int; LSP positions and versions are such.
    public var int: Int? {
        if case .number(let literal) = self {
            if let n = Int(literal) { return n }
            if let d = Double(literal), d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public static func int(_ n: Int) -> JSONValue { .number(String(n)) }

    /// An object from key-value pairs in order; nil values are left out.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { JSONMember(key: key, value: $0) } })
    }

    /// Compact JSON text.
    public var serialized: [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }
}
