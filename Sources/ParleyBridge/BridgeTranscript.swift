import ParleyKit
import ParleyStore

/// A recorded bridge session: the request lines a client sent and the response
/// lines the bridge must write back, byte for byte, in order. The files live in
/// Fixtures/bridge/ (`*.bridge`) and are replayed by the tests, through the
/// handler and through the real `parley bridge` process.
///
///     # a comment
///     dialog ../../Dialogs/sample      the dialog, relative to the file (default: the built-in one)
///     seed 7                           the bridge's --seed (default 0)
///     > {"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"}}
///     < {"jsonrpc":"2.0","id":1,"result":{…}}
///     >                                an empty request line
///
/// Requests and responses are matched by order alone, so a request that gets
/// no response (a notification, an empty line) is simply not followed by one.
public struct BridgeTranscript: Sendable, Equatable {
    /// The `dialog` line's path, relative to the transcript's folder; nil: the built-in dialog.
    public var dialog: String?
    /// The `seed` line's value, the bridge's `--seed`; 0 without one.
    public var seed: UInt64 = 0
    /// The request lines (`> `), in order, without their prefix.
    public var requests: [String] = []
    /// The response lines (`< `), in order, without their prefix.
    public var responses: [String] = []

    /// Reads a transcript's `text`; `path` names the file in errors. A line
    /// that is none of the forms above, or a seed that is not a whole number
    /// from 0 to 2^64 - 1, is a `TranscriptError` with its line number.
    public static func parse(_ text: String, path: String) -> Result<BridgeTranscript, TranscriptError> {
        var transcript = BridgeTranscript()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == ">" {
                transcript.requests.append("")
            } else if line.hasPrefix("> ") {
                transcript.requests.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("< ") {
                transcript.responses.append(String(line.dropFirst(2)))
            } else if line.hasPrefix("dialog ") {
                transcript.dialog = String(line.dropFirst("dialog ".count))
            } else if line.hasPrefix("seed ") {
                guard let seed = UInt64(line.dropFirst("seed ".count)) else {
                    return .failure(TranscriptError(path: path, line: number, message: "a seed is a whole number from 0 to \(UInt64.max)"))
                }
                transcript.seed = seed
            } else {
                return .failure(TranscriptError(path: path, line: number,
                    message: "expected '> request', '< response', 'dialog PATH', 'seed N', a '#' comment or a blank line"))
            }
        }
        return .success(transcript)
    }
}
