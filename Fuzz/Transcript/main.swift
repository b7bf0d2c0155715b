// Fuzz target: the transcript parser, and the replay of what it accepts
// against the sample dialog (so fuzzed user lines reach the engine too).
// Built and run by Fuzz/run from the repository's root (docs/fuzzing.md).
import CFuzzer
import Foundation
import ParleyKit

let sample: CompiledDialog = {
    let result = DialogCompiler.compile(path: "Dialogs/sample", warnings: false)
    guard let dialog = result.dialog else { fatalError("run from the repository's root: Dialogs/sample does not compile here") }
    return dialog
}()
let replayer = TranscriptReplayer(dialog: sample)

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch Transcript.parse(text, path: "fuzz.chat") {
    case .success(let transcript):
        // Bounded: a transcript of thousands of turns is valid input, but each
        // turn costs an engine turn; the first 200 are enough to explore.
        guard transcript.turns.count <= 200 else { return 0 }
        let result = replayer.replay(transcript)
        _ = result.report
    case .failure(let error):
        _ = error.description
    }
    return 0
}
exit(status)
