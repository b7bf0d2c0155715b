/// A variable's value. Stored in sessions; encoded as a plain JSON value.
public enum Value: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case bool(Bool)

    var isTruthy: Bool {
        switch self {
        case .number(let n): n != 0
        case .text(let s): !s.isEmpty
        case .bool(let b): b
        }
    }

    /// The value as a number, when it is one or is text that reads as one.
    public var number: Double? {
        switch self {
        case .number(let n): n
        case .text(let s): Double(s.trimmingSpaces)
        case .bool: nil
        }
    }

    /// As shown in text: whole numbers without a decimal point, yes/no for booleans.
    public var description: String {
        switch self {
        case .number(let n):
            if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .text(let s): return s
        case .bool(let b): return b ? "yes" : "no"
        }
    }

    /// Decodes a JSON boolean, number or string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Double.self) {
            self = .number(n)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Encodes as a JSON boolean, number or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let n): try container.encode(n)
        case .text(let s): try container.encode(s)
        case .bool(let b): try container.encode(b)
        }
    }
}
