import ParleyKit

/// Reads the two requests a chat sends on almost every line, `say` and
/// `open`, written in the one shape clients and the bench write them:
///
///     {"jsonrpc":"2.0","id":ID,"method":"say","params":{"session":"S","text":"T"}}
///     {"jsonrpc":"2.0","id":ID,"method":"open","params":{"session":"S"}}
///
/// with no whitespace, ID an integer or a string, and strings without escapes.
/// It builds the `BridgeRequest` straight from the bytes, without the
/// `JSONValue` tree (an array of members, each a boxed enum) that
/// `JSONReader` and `BridgeRequestParser.parse(_:)` build and take apart,
/// about 4,300 instructions a `say` (issue 12).
///
/// It never answers differently from the general path: any line that differs
/// from the shape in a single byte (other order, spaces, escapes, a fraction
/// in the id, an invalid session id, bytes that are not UTF-8, text after
/// the object) gives nil, and the caller reads it the general way, so every
/// error still comes from one implementation.
enum CommonRequestReader {
    /// The request `line` (without its line end) holds, or nil when the line
    /// is not in the common shape and must be read by `BridgeRequestParser`.
    static func read(_ line: UnsafeBufferPointer<UInt8>) -> BridgeRequest? {
        scan(line)?.request(in: line)
    }

    /// Where the parts of the request `line` holds lie, or nil when the line
    /// is not in the common shape: every check `read` makes, but no string
    /// made. The lanes' front end scans each line to find its session's lane
    /// and leaves the strings to the lane that runs it (`CommonLine.request(in:)`).
    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> CommonLine? {
        var cursor = Cursor(bytes: line)
        guard cursor.skip(#"{"jsonrpc":"2.0","id":"#), let (id, idIsString) = cursor.id() else { return nil }
        let method: BridgeMethod
        if cursor.skip(#","method":"say","params":{"session":""#) {
            method = .say
        } else if cursor.skip(#","method":"open","params":{"session":""#) {
            method = .open
        } else {
            return nil
        }
        guard let (session, plain) = cursor.string() else { return nil }
        // A session id of printable ASCII is valid if it is 1 to 128 bytes long.
        if plain ? !(1...BridgeLimits.maximumSessionIDLength).contains(session.count)
                 : SessionID.problem(String(decoding: UnsafeBufferPointer(rebasing: line[session]), as: UTF8.self)) != nil {
            return nil
        }
        var text = session.upperBound..<session.upperBound
        if method == .say {
            guard cursor.skip(#","text":""#), let (said, _) = cursor.string() else { return nil }
            text = said
        }
        guard cursor.skip("}}"), cursor.position == line.count else { return nil }
        return CommonLine(method: method, idIsString: idIsString, id: id, session: session, text: text)
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        /// Steps over `literal` if the bytes here are exactly it. Compares
        /// eight bytes at a time: the literals are most of a request's bytes
        /// (issue 12: byte by byte they were 800 instructions a `say`).
        @inline(__always)
        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard count > 0 else { return true }
            guard bytes.count - position >= count else { return false }
            let here = UnsafeRawPointer(bytes.baseAddress! + position)
            let expected = UnsafeRawPointer(literal.utf8Start)
            var offset = 0
            while count - offset >= 8 {
                guard here.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == expected.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
                offset += 8
            }
            while offset < count {
                guard here.load(fromByteOffset: offset, as: UInt8.self) == expected.load(fromByteOffset: offset, as: UInt8.self) else {
                    return false
                }
                offset += 1
            }
            position += count
            return true
        }

        /// An id: `-?(0|[1-9][0-9]*)` kept as written, as `JSONReader` keeps
        /// a number's literal, or a string without escapes (its content);
        /// where it lies, and whether it is a string.
        mutating func id() -> (Range<Int>, isString: Bool)? {
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: "\"") {
                position += 1
                return string().map { ($0.range, true) }
            }
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            let firstDigit = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            let digits = position - firstDigit
            guard digits > 0, digits == 1 || bytes[firstDigit] != UInt8(ascii: "0") else { return nil }
            return (start..<position, false)
        }

        /// A string after its opening quote: where the bytes up to the
        /// closing quote lie, if none is a backslash or a control character
        /// and they are valid UTF-8; the closing quote is stepped over. `plain`: every
        /// byte is printable ASCII (`JSONWriter.isPlain`). Eight bytes at a
        /// time while they are, and then no UTF-8 check is needed (issue 12:
        /// the byte-at-a-time scan and the check were 500 instructions a `say`).
        mutating func string() -> (range: Range<Int>, plain: Bool)? {
            let start = position
            let count = bytes.count
            guard let base = bytes.baseAddress else { return nil }
            var plain = true
            while true {
                while count - position >= 8,
                      JSONWriter.isPlain(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)) {
                    position += 8
                }
                guard position < count else { return nil }
                let byte = base[position]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                if byte >= 0x7F { plain = false }
                position += 1
            }
            let content = UnsafeBufferPointer(start: base + start, count: position - start)
            if !plain, UTF8Check.firstInvalidOffset(content) != nil { return nil }
            position += 1
            return (start..<(position - 1), plain)
        }
    }
}

/// Where the parts of a line in the common shape lie (offsets from the
/// line's first byte), as `CommonRequestReader.scan` found them. The lanes
/// keep it beside the line's bytes: the loop's thread, which reads every
/// line of both lanes, made each line's three strings, about 480
/// instructions a `say` of its 1,230 for reading a line; each lane now makes
/// those of its own lines (issue 12, `lanes9`).
struct CommonLine {
    var method: BridgeMethod
    /// The id is a string (`id` is its content), not a number (`id` is its literal).
    var idIsString: Bool
    var id: Range<Int>
    var session: Range<Int>
    /// Empty for `open`.
    var text: Range<Int>

    /// The request, its strings made from `line`, the line this was scanned from.
    func request(in line: UnsafeBufferPointer<UInt8>) -> BridgeRequest {
        func string(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        }
        let idText = string(id)
        return BridgeRequest(id: idIsString ? .string(idText) : .number(idText), method: method,
                             session: string(session), text: method == .say ? string(text) : "")
    }
}
