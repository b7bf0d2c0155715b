#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output for the chat, in blocks. On a terminal each block is
/// followed by a blank line, and a blank line sets it apart from the line
/// the person just typed; in a pipe, blocks are separated by one blank line
/// and nothing trails the last.
final class ChatOutput {
    let terminal: Bool
    private var wroteBlock = false
    private var afterInput = false
    /// Set once standard output is gone: the chat's exit status (0 for a
    /// reader that left, as `head` does; 1 for an error). Nothing more is written.
    private(set) var endedStatus: Int32?

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func block(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        block { buffer in
            buffer.append(contentsOf: lines.joined(separator: "\n").utf8)
            return true
        }
    }

    /// A block whose bytes `body` appends (lines separated by new lines,
    /// none at the end; false: nothing to show), written with one `write`
    /// from a buffer kept between blocks.
    func block(_ body: (inout [UInt8]) -> Bool) {
        guard endedStatus == nil else { return }
        buffer.removeAll(keepingCapacity: true)
        if terminal ? afterInput : wroteBlock { buffer.append(0x0A) }
        guard body(&buffer) else { return }
        buffer.append(0x0A)
        if terminal {
            buffer.append(0x0A)
            afterInput = false
        }
        wroteBlock = true
        if let failure = Self.write(buffer) { endedStatus = failure == EPIPE ? 0 : 1 }
    }

    private var buffer: [UInt8] = []

    /// The person entered a line at the prompt.
    func inputEntered() {
        afterInput = true
    }

    /// Writes all of `text` to standard output; the errno that stopped it, or nil.
    static func write(_ text: String) -> Int32? {
        write(Array(text.utf8))
    }

    static func write(_ bytes: [UInt8]) -> Int32? {
        Console.write(bytes, to: 1)
    }
}
