/// The LSP base protocol's framing: each message is a header block
/// (`Content-Length: N`, optionally `Content-Type`, each line ending in CRLF,
/// then an empty line) followed by N bytes of JSON. The framer takes bytes as
/// they arrive and hands out whole message bodies; it does no I/O itself.
public struct MessageFramer: Sendable {
    /// A body larger than this is refused: no dialog edit comes near it, and
    /// a wrong length must not make the server buffer without end.
    public static let maximumBodySize = 64 << 20
    /// A header block longer than this is not a header.
    public static let maximumHeaderSize = 8 << 10

    public enum FramingError: Error, Equatable, CustomStringConvertible {
        case missingContentLength
        case badContentLength(String)
        case bodyTooLarge(Int)
        case headerTooLong

        public var description: String {
            switch self {
            case .missingContentLength: "a message header without Content-Length"
            case .badContentLength(let v): "Content-Length '\(v.prefix(40))' is not a length in bytes"
            case .bodyTooLarge(let n): "a message of \(n) bytes is larger than the \(MessageFramer.maximumBodySize) allowed"
            case .headerTooLong: "a message header longer than \(MessageFramer.maximumHeaderSize) bytes"
            }
        }
    }

    private var buffer: [UInt8] = []
    private var start = 0
    private var pendingLength: Int?
    /// Bytes of a refused body still to come: dropped as they arrive, never buffered.
    private var skipping = 0
    /// The largest body accepted; `maximumBodySize` but in tests.
    let bodyLimit: Int

    public init() { bodyLimit = Self.maximumBodySize }

    /// A framer refusing bodies over `bodyLimit` bytes (tests use a small one).
    public init(bodyLimit: Int) { self.bodyLimit = bodyLimit }

    /// True when no partial message is waiting for more bytes (nor the rest of a refused one).
    public var isEmpty: Bool { start == buffer.count && pendingLength == nil && skipping == 0 }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0, start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        if skipping > 0 {
            // The rest of a refused body: drop it without holding it.
            let dropped = min(skipping, bytes.count)
            skipping -= dropped
            buffer.append(contentsOf: bytes.dropFirst(dropped))
            return
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole body, nil if more bytes are needed. After an error the
    /// offending header has been dropped, so reading can go on with the next
    /// message; after `bodyTooLarge` the body is dropped too, as its bytes
    /// arrive (one error for the whole message, not one per buffer of it).
    public mutating func next() throws(FramingError) -> [UInt8]? {
        if skipping > 0 { return nil }
        if pendingLength == nil {
            guard let end = headerEnd() else {
                if buffer.count - start > Self.maximumHeaderSize {
                    start = buffer.count
                    throw .headerTooLong
                }
                return nil
            }
            let header = String(decoding: buffer[start..<end], as: UTF8.self)
            start = end + 4
            var length: Int?
            for line in header.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: " ").lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: " ")
                if name == "content-length" {
                    guard let n = Int(value), n >= 0 else { throw .badContentLength(value) }
                    length = n
                }
            }
            guard let length else { throw .missingContentLength }
            guard length <= bodyLimit else {
                let here = min(length, buffer.count - start)
                start += here
                skipping = length - here
                if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
                throw .bodyTooLarge(length)
            }
            pendingLength = length
        }
        guard let length = pendingLength, buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<start + length])
        start += length
        pendingLength = nil
        if start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        return body
    }

    private func headerEnd() -> Int? {
        var i = start
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// A body with its header, ready to write.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
