import Foundation
import Testing

/// End-to-end: the in-memory bridge, given many lines at once (its lanes run
/// them on two threads), answers byte for byte as with one lane. At
/// `--log-level trace` the bridge runs one lane, so the same lines through it
/// are the reference.
@Suite struct BridgeLaneLoopTests {
    static let utterances = ["hi", "I want to set a goal", "twenty pages", "yes", "I feel nervous about reading",
                             "no", "back", "tell me a quote", "what about audiobooks?", "xyzzy", "3", "2"]

    /// 1,500 say lines over 60 sessions, with barriers of every kind among them.
    static let input: String = {
        var lines: [String] = []
        var session = 0
        for i in 0..<1_500 {
            if i % 11 != 0 { session = (session * 13 + i) % 60 }
            let text = utterances[(i * 5 + session) % utterances.count]
            lines.append(#"{"jsonrpc":"2.0","id":\#(i + 1),"method":"say","params":{"session":"user-\#(session)","text":"\#(text)"}}"#)
            switch i % 257 {
            case 100: lines.append(#"{"jsonrpc":"2.0","id":"info","method":"info"}"#)
            case 150: lines.append(#"{"jsonrpc":"2.0","id":"close","method":"close","params":{"session":"user-\#(session)"}}"#)
            case 180: lines.append(#"[{"jsonrpc":"2.0","id":"b","method":"reset","params":{"session":"user-4"}},{"jsonrpc":"2.0","method":"info"}]"#)
            case 200: lines.append("")
            case 220: lines.append(#"{"jsonrpc":"2.0","method":"say","params":{"session":"user-\#(session)","text":"yes"}}"#)
            case 240: lines.append("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"say\",\"params\":{\"session\":\"user-1\"}}")
            default: break
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// The request lines of a log, without their latency (which differs run to run).
    static func requestLog(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains("event=request") }.map { line in
            String(line.replacingOccurrences(of: #" latency_us=\d+"#, with: "", options: .regularExpression))
        }
    }

    @Test func manyLinesAtOnceAnswerAsOneLaneDoes() throws {
        let oneLane = try ParleyProcess.run(["bridge", "Dialogs/sample", "--seed", "5", "--log-level", "trace"],
                                            input: Self.input)
        let lanes = try ParleyProcess.run(["bridge", "Dialogs/sample", "--seed", "5", "--log-level", "info"],
                                          input: Self.input)
        #expect(oneLane.status == 0 && lanes.status == 0)
        // Two lanes on a machine of two cores or more (the start line says how many).
        #expect(lanes.stderr.contains(ProcessInfo.processInfo.activeProcessorCount >= 2 ? "lanes=2" : "lanes=1"))
        #expect(lanes.stdout.split(separator: "\n").count >= 1_500)
        #expect(lanes.stdout == oneLane.stdout)
        #expect(Self.requestLog(lanes.stderr) == Self.requestLog(oneLane.stderr))
    }
}
