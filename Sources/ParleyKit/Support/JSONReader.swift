/// A JSON value as read from one bridge line.
///
/// Numbers keep the literal as written: the bridge only echoes them (a request
/// id), and echoing the literal gives the client back exactly what it sent,
/// with no rounding through a floating-point type.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in the order written; duplicates are kept so a reader can refuse them.
    case object([JSONMember])

    /// The JSON type's name, for error messages ("expected a string, got a number").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object: its key and value.
public struct JSONMember: Sendable, Equatable {
    /// The member's name, escapes decoded.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// A member named `key` holding `value`.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// Why a line is not JSON, with the byte offset where reading stopped.
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as a sentence.
    public var message: String
    /// Where reading stopped: a byte offset into the line, from 0.
    public var offset: Int
    /// "at byte N: message", N counted from 1.
    public var description: String { "at byte \(offset + 1): \(message)" }
}

/// A strict RFC 8259 reader: one value, nothing after it but whitespace,
/// no comments, no trailing commas, no NaN, no raw control characters in
/// strings, no lone surrogates, nesting at most `maximumDepth` deep (so a line
/// of ten thousand `[` cannot exhaust the stack). Foundation's readers are
/// slow on Linux and lenient in places; the bridge reads every request with this.
public struct JSONReader {
    /// Arrays and objects nest at most this deep (64); deeper input throws `JSONReadError`.
    public static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Reads exactly one JSON value from `bytes`, which must be valid UTF-8
    /// (check with `UTF8Check.firstInvalidOffset` first: the bridge reports
    /// bad UTF-8 as its own error).
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONReadError) -> JSONValue {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        if reader.position < bytes.count {
            throw reader.failure("unexpected text after the JSON value; send one JSON object per line")
        }
        return value
    }

    /// Reads exactly one JSON value from `text`'s UTF-8; throws `JSONReadError` like `read(_:)` on bytes.
    public static func read(_ text: String) throws(JSONReadError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, JSONReadError> = copy.withUTF8 { buffer in
            do throws(JSONReadError) { return .success(try read(buffer)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    // MARK: - Values

    private mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard position < bytes.count else { throw failure("the line ends where a JSON value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default:
            switch word() {
            case "true": position += 4; return .bool(true)
            case "false": position += 5; return .bool(false)
            case "null": position += 4; return .null
            case "": throw failure("expected a JSON value, found \(describeByte())")
            case let other:
                throw failure("unknown word '\(other)'; JSON values are objects, arrays, strings, numbers, true, false and null")
            }
        }
    }

    /// The ASCII letters from here on (at most 20), for literals and for naming what is not one.
    private func word() -> String {
        var end = position
        while end < bytes.count, end - position < 20, (bytes[end] | 0x20) >= UInt8(ascii: "a"), (bytes[end] | 0x20) <= UInt8(ascii: "z") {
            end += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<end]), as: UTF8.self)
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("JSON nested more than \(Self.maximumDepth) levels deep") }
        position += 1
        var members: [JSONMember] = []
        // A request has four members: one allocation, not three as it grows.
        members.reserveCapacity(4)
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            if !members.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                throw failure("a comma before '}' is not allowed in JSON (no trailing commas)")
            }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure("expected a member name in double quotes, found \(describeByte())")
            }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure("expected ':' after the member name, found \(describeByte())") }
            skipWhitespace()
            members.append(JSONMember(key: key, value: try value(depth: depth)))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(members) }
            throw failure("expected ',' or '}' in an object, found \(describeByte())")
        }
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw failure("JSON nested more than \(Self.maximumDepth) levels deep") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            if !elements.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                throw failure("a comma before ']' is not allowed in JSON (no trailing commas)")
            }
            elements.append(try value(depth: depth))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            throw failure("expected ',' or ']' in an array, found \(describeByte())")
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written.
    private mutating func number() throws(JSONReadError) -> String {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        guard position < bytes.count, isDigit(bytes[position]) else { throw failure("expected a digit in a number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw failure("a number cannot start with 0") }
        } else {
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard position < bytes.count, isDigit(bytes[position]) else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func string() throws(JSONReadError) -> String {
        position += 1  // the opening quote
        let start = position
        // Fast path: no escapes, so the text is the bytes as they are.
        position = plainRunEnd(from: position)
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            position += 1
            return text
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(position - start + 64)
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &unescaped)
                // The plain bytes up to the next escape or quote, appended as one run.
                let end = plainRunEnd(from: position)
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<end]))
                position = end
            default:
                throw failure("a control character (U+\(hex4(UInt16(byte)))) must be escaped in a string")
            }
        }
        throw failure("the line ends inside a string (a '\"' is missing)")
    }

    /// Where the run of plain string bytes from `start` ends: the offset of
    /// the first '"', '\\' or control character (below 0x20), or the end.
    /// Eight bytes at a time (a word test for each of the three), as an
    /// editor's whole-text `didChange` is a string of 600 KB with an escape
    /// ("\\n") every line: a byte at a time, with each byte appended alone,
    /// reading it cost 72M instructions (callgrind, 2026-11-30).
    private func plainRunEnd(from start: Int) -> Int {
        let count = bytes.count
        guard start < count, let base = bytes.baseAddress else { return min(start, count) }
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // Nonzero exactly when some byte is zero (quote, backslash) or below 0x20 (word).
            let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
            if found & highs != 0 { break }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return i }
            i += 1
        }
        return count
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONReadError) {
        guard position < bytes.count else { throw failure("the line ends inside an escape") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            // A surrogate that is not half of a pair (JSON text from UTF-16
            // strings cut in the middle of a pair) reads as U+FFFD, as Go's
            // encoding/json does: the request still carries its id and is
            // answered, where a parse error would have to be answered with id
            // null, and clients that match responses by id would wait forever.
            var scalar = UInt32(try hexQuad())
            if (0xD800...0xDBFF).contains(scalar) {
                let afterHigh = position
                if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = UInt32(try hexQuad())
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = afterHigh
                        scalar = 0xFFFD
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00...0xDFFF).contains(scalar) {
                scalar = 0xFFFD
            }
            out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
        default:
            position -= 1
            let shown = byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "(byte 0x\(String(byte, radix: 16, uppercase: true)))"
            throw failure("unknown escape '\\\(shown)'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    private mutating func hexQuad() throws(JSONReadError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw failure("expected four hex digits after \\u") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: - Bytes

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private func describeByte() -> String {
        guard position < bytes.count else { return "the end of the line" }
        let byte = bytes[position]
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func failure(_ message: String) -> JSONReadError { JSONReadError(message: message, offset: position) }

    private func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// UTF-8 validity, checked before JSON is read so bad bytes get their own error.
public enum UTF8Check {
    /// The offset of the first byte that does not start or continue a well-formed
    /// UTF-8 sequence (overlong forms, surrogates and values past U+10FFFF
    /// included), or nil when every byte is fine.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let second = bytes[i + 1]
            guard second >= lower, second <= upper else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
