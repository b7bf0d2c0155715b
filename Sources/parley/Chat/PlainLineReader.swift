#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit

/// Reads lines from a pipe or file as bytes, so that no input can stop the
/// chat: invalid UTF-8 becomes U+FFFD, "\r\n" ends a line like "\n", a last
/// line without "\n" still counts, and an endless line is cut short rather
/// than filling memory.
final class PlainLineReader: LineReader {
    /// Bytes of one line beyond this are dropped (the engine reads far fewer).
    static let longestLine = 64 * 1024

    let descriptor: Int32
    /// Shows the prompt before each line: a person at a terminal too plain
    /// for readline (TERM=dumb) still needs to see where to type.
    let prompting: Bool
    private var buffer: [UInt8] = []
    /// Where the unread bytes of `buffer` start. Lines are taken by moving
    /// this on, and the read part is dropped only when more is read (issue
    /// 12: removing each line from the front moved the rest of a 16 KiB read
    /// for every line, 6,300 instructions a line of a piped chat).
    private var start = 0
    /// Where in `buffer` the search for "\n" goes on.
    private var scanned = 0
    private var atEnd = false
    /// Dropping the rest of a line that was too long.
    private var skippingRest = false

    init(descriptor: Int32 = 0, prompting: Bool = false) {
        self.descriptor = descriptor
        self.prompting = prompting
    }

    var isInteractive: Bool { false }

    func readLine(prompt: String, completer: Completer) -> LineEvent {
        if prompting { _ = ChatOutput.write(prompt) }
        while true {
            if let newline = nextNewline() {
                let lineStart = start
                start = newline + 1
                scanned = start
                if skippingRest {
                    skippingRest = false
                    continue
                }
                // Decoded where it lies: no array of the line first (issue 12).
                return .line(buffer.withUnsafeBufferPointer { Self.decode(UnsafeBufferPointer(rebasing: $0[lineStart..<newline])) })
            }
            scanned = buffer.count
            if buffer.count - start > Self.longestLine {
                let line = Array(buffer[start..<(start + Self.longestLine)])
                buffer.removeAll()
                start = 0
                scanned = 0
                let wasSkipping = skippingRest
                skippingRest = true
                if !wasSkipping { return .line(Self.decode(line)) }
                continue
            }
            if atEnd {
                guard start < buffer.count, !skippingRest else { return .endOfInput }
                let line = Array(buffer[start...])
                buffer.removeAll()
                start = 0
                scanned = 0
                return .line(Self.decode(line))
            }
            fill()
        }
    }

    /// Where the next "\n" at or after `scanned` is in `buffer`: libc's
    /// `memchr` (the slice's `firstIndex(of:)` went byte by byte, 450
    /// instructions a line of 100 bytes; issue 12, `chat9`).
    private func nextNewline() -> Int? {
        let from = scanned
        return buffer.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, from < bytes.count else { return nil }
            return memchr(base + from, 0x0A, bytes.count - from).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
        }
    }

    private func fill() {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                // The lines already taken go now, once per read.
                if start > 0 {
                    buffer.removeSubrange(..<start)
                    scanned -= start
                    start = 0
                }
                buffer += chunk[0..<count]
                return
            }
            if count < 0, errno == EINTR { continue }
            // End of input, or an error that ends it (EIO on a hung-up terminal).
            atEnd = true
            return
        }
    }

    static func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var line = bytes
        if line.last == UInt8(ascii: "\r") { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        // A file piped in may begin with a byte order mark; it is not text.
        return TextFile.decode(bytes: line)
    }

    func addToHistory(_ entry: String) {}
    func clearHistory() {}
    func finish() {}
}
