import Foundation

/// Standard output for the chat, in blocks. On a terminal each block stands
/// between blank lines, apart from the prompt; in a pipe, blocks are
/// separated by one blank line and nothing trails the last.
final class ChatOutput {
    let interactive: Bool
    private var wroteBlock = false

    init(interactive: Bool) {
        self.interactive = interactive
    }

    func block(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        var text = ""
        if interactive {
            text = "\n" + lines.joined(separator: "\n") + "\n"
        } else {
            text = (wroteBlock ? "\n" : "") + lines.joined(separator: "\n") + "\n"
        }
        wroteBlock = true
        Self.write(text)
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
