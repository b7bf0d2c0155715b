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
    public var dialog: String?
    public var seed: UInt64 = 0
    public var requests: [String] = []
    public var responses: [String] = []

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
