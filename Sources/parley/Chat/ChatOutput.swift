import Foundation

/// Standard output for the chat, in blocks. On a terminal each block is
/// followed by a blank line, and a blank line sets it apart from the line
/// the person just typed; in a pipe, blocks are separated by one blank line
/// and nothing trails the last.
final class ChatOutput {
    let interactive: Bool
    private var wroteBlock = false
    private var afterInput = false

    init(interactive: Bool) {
        self.interactive = interactive
    }

    func block(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        var text = ""
        if interactive {
            text = (afterInput ? "\n" : "") + lines.joined(separator: "\n") + "\n\n"
            afterInput = false
        } else {
            text = (wroteBlock ? "\n" : "") + lines.joined(separator: "\n") + "\n"
        }
        wroteBlock = true
        Self.write(text)
    }

    /// The person entered a line at the prompt.
    func inputEntered() {
        afterInput = true
    }

    static func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Foundation.write(1, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                // Standard output is gone (a closed pipe): nothing more can be shown.
                exit(errno == EPIPE ? 0 : 1)
            }
            bytes = bytes.dropFirst(count)
        }
    }
}
