// Fuzz target: the bridge's request reader, from a byte stream to requests:
// the line framer (fed in chunks whose sizes the input chooses), the UTF-8
// check, the JSON reader and the JSON-RPC request parser. Built and run by
// Fuzz/run (docs/fuzzing.md).
import CFuzzer
import Foundation
import ParleyBridge
import ParleyKit

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let first = input.first else { return 0 }
    // A small line limit, so over-long lines are reached with small inputs.
    var framer = LineFramer(limit: 64 + Int(first) * 4)
    let chunk = 1 + Int(first % 17)
    var start = 1
    var lines = 0
    func handle(_ line: FramedLine) {
        lines += 1
        if case .line(let bytes) = line {
            if case .request(let request) = BridgeRequestParser.parse(bytes) { _ = request.session.utf8.count }
        }
    }
    while start < input.count {
        let end = min(input.count, start + chunk)
        framer.feed(UnsafeBufferPointer(rebasing: input[start..<end])) { line in handle(line); return true }
        start = end
    }
    framer.finish { handle($0) }
    return 0
}
exit(status)
