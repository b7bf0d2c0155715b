#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit
import ParleyStore

/// One line, as the framer hands it over.
public enum FramedLine {
    /// A line without its line end (`\n`, or `\r\n`). The bytes are only valid
    /// during the call.
    case line(UnsafeBufferPointer<UInt8>)
    /// A line longer than the limit: its bytes were dropped as they came, only
    /// their number was kept.
    case overlong(byteCount: Int)
}

/// Splits a byte stream into lines of at most `limit` bytes, not counting the
/// line end. Between chunks it keeps at most one partial line of at most
/// `limit` + 1 bytes; a line that grows past that is dropped as it streams in
/// and reported once its end is reached, so a client sending gigabytes without
/// a newline cannot make the bridge hold them.
public struct LineFramer {
    /// The longest line kept, in bytes, without its line end.
    let limit: Int
    private var partial: [UInt8] = []
    /// Bytes of an over-long line seen so far; nil while the line is within the limit.
    private var overlongCount: Int?

    /// Bytes held for a line whose end has not come yet (at most `limit` + 1).
    var bufferedByteCount: Int { partial.count }

    /// A framer for lines of at most `limit` bytes (1 MiB by default, the protocol's limit).
    public init(limit: Int = BridgeLimits.maximumLineBytes) {
        self.limit = limit
    }

    /// Feeds a chunk; calls `body` for every line completed by it. `body`
    /// returns false to stop, and then `feed` returns false and the rest of
    /// the chunk is dropped (the bridge stops reading when it shuts down).
    @discardableResult
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (FramedLine) throws -> Bool) rethrows -> Bool {
        var start = 0
        while start < chunk.count {
            guard let newline = firstNewline(chunk, from: start) else {
                append(UnsafeBufferPointer(rebasing: chunk[start...]))
                return true
            }
            let piece = UnsafeBufferPointer(rebasing: chunk[start..<newline])
            start = newline + 1
            if let count = overlongCount {
                overlongCount = nil
                if try !body(.overlong(byteCount: count + piece.count)) { return false }
            } else if partial.isEmpty {
                if try !emit(piece, body) { return false }
            } else if partial.count + piece.count > limit + 1 {
                let total = partial.count + piece.count
                partial.removeAll(keepingCapacity: false)
                if try !body(.overlong(byteCount: total)) { return false }
            } else {
                partial.append(contentsOf: piece)
                let keepGoing = try partial.withUnsafeBufferPointer { try emit($0, body) }
                partial.removeAll(keepingCapacity: partial.capacity <= 1 << 16)
                if !keepGoing { return false }
            }
        }
        return true
    }

    /// At the end of the input: the last line, if it had no line end.
    public mutating func finish(_ body: (FramedLine) throws -> Void) rethrows {
        if let count = overlongCount {
            overlongCount = nil
            try body(.overlong(byteCount: count))
        } else if !partial.isEmpty {
            _ = try partial.withUnsafeBufferPointer { try emit($0) { try body($0); return true } }
            partial.removeAll(keepingCapacity: false)
        }
    }

    /// A complete line: within the limit once its `\r` is trimmed, or over it.
    private func emit(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (FramedLine) throws -> Bool) rethrows -> Bool {
        let line = trimmingCarriageReturn(bytes)
        return try body(line.count > limit ? .overlong(byteCount: bytes.count) : .line(line))
    }

    /// Bytes of a line whose end has not come yet. One byte past the limit is
    /// kept so a `\r` before the `\n` does not count against it.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let count = overlongCount {
            overlongCount = count + bytes.count
        } else if partial.count + bytes.count > limit + 1 {
            overlongCount = partial.count + bytes.count
            partial.removeAll(keepingCapacity: false)
        } else {
            partial.append(contentsOf: bytes)
        }
    }

    /// libc's `memchr`, which glibc vectorises: a request line is a hundred
    /// bytes or more, and a byte-at-a-time loop was 600 instructions a `say`
    /// (issue 12).
    private func firstNewline(_ chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, start < chunk.count,
              let found = memchr(base + start, 0x0A, chunk.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private func trimmingCarriageReturn(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let last = line.last, last == 0x0D else { return line }
        return UnsafeBufferPointer(rebasing: line[..<(line.count - 1)])
    }
}
