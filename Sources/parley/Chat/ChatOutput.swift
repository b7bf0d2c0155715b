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
        guard !lines.isEmpty, endedStatus == nil else { return }
        var text = ""
        if terminal {
            text = (afterInput ? "\n" : "") + lines.joined(separator: "\n") + "\n\n"
            afterInput = false
        } else {
            text = (wroteBlock ? "\n" : "") + lines.joined(separator: "\n") + "\n"
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
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            bytes = bytes.dropFirst(count)
        }
        return nil
    }
}
