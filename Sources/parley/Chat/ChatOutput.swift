import Foundation

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
        block(text: lines.joined(separator: "\n"))
    }

    /// A block already joined: its lines separated by new lines, none at the end.
    func block(text body: String) {
        guard endedStatus == nil else { return }
        var text = ""
        text.reserveCapacity(body.utf8.count + 3)
        if terminal {
            if afterInput { text.append("\n") }
            text.append(body)
            text.append("\n\n")
            afterInput = false
        } else {
            if wroteBlock { text.append("\n") }
            text.append(body)
            text.append("\n")
        }
        wroteBlock = true
        if let failure = Self.write(text) { endedStatus = failure == EPIPE ? 0 : 1 }
    }

    /// The person entered a line at the prompt.
    func inputEntered() {
        afterInput = true
    }

    /// Writes all of `text` to standard output; the errno that stopped it, or nil.
    static func write(_ text: String) -> Int32? {
        // The string's own bytes, not a copy of them in an array.
        var text = text
        return text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Foundation.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }
}
