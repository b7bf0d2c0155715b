#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit

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
            buffer.raw(lines.joined(separator: "\n"))
            return true
        }
    }

    /// A block whose bytes `body` appends (lines separated by new lines,
    /// none at the end; false: nothing to show), written with one `write`
    /// from a buffer kept between blocks. The buffer is a `JSONWriter` used
    /// for its bytes only (`raw`): its appends copy through a pointer, where
    /// an `Array`'s cost about 100 instructions each, a dozen a turn of the
    /// trust coach (issue 12, `chat9`).
    func block(_ body: (inout JSONWriter) -> Bool) {
        guard endedStatus == nil else { return }
        let separated = terminal ? afterInput : wroteBlock
        // One access to the buffer for the whole block: each access to a
        // class's property is checked for exclusivity (70 instructions).
        var failure: Int32?
        guard Self.fill(&buffer, separated: separated, blankAfter: terminal, failure: &failure, body) else { return }
        if terminal { afterInput = false }
        wroteBlock = true
        if let failure { endedStatus = failure == EPIPE ? 0 : 1 }
    }

    /// `block`'s bytes made in `buffer` and written (`failure`: the errno
    /// that stopped the write); false when `body` showed nothing.
    private static func fill(_ buffer: inout JSONWriter, separated: Bool, blankAfter: Bool, failure: inout Int32?,
                             _ body: (inout JSONWriter) -> Bool) -> Bool {
        buffer.removeAll()
        if separated { buffer.raw("\n" as StaticString) }
        guard body(&buffer) else { return false }
        buffer.raw(blankAfter ? "\n\n" as StaticString : "\n" as StaticString)
        failure = buffer.withBytes { Console.write($0, to: 1) }
        return true
    }

    private var buffer = JSONWriter()

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
