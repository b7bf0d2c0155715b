// Fuzz target: the dialog compiler, from bytes to formatted diagnostics.
// Built and run by Fuzz/run (docs/fuzzing.md). Besides crashes, traps and
// timeouts, it fails on a broken promise of issue 17: more diagnostics than
// the cap, a shown line longer than a screen or a quoted message allows, or
// a control character or bidi override in what a terminal would be shown.
import CFuzzer
import Foundation
import ParleyKit

/// The input as the main file, and again as `other.dialog` so that includes,
/// include cycles and duplicate definitions across files are reached too.
struct FuzzFiles: DialogFileSource {
    let bytes: [UInt8]
    func contents(of path: String) -> [UInt8]? {
        switch DialogPath.normalize(path) {
        case "fuzz.dialog", "other.dialog": bytes
        default: nil
        }
    }
    func dialogFiles(under path: String) -> [String]? { nil }
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = DialogCompiler.compile(path: "fuzz.dialog", source: FuzzFiles(bytes: bytes))
    check(result.diagnostics.count <= 3 * (DialogCompiler.maximumDiagnosticsPerFile + 1),
          "\(result.diagnostics.count) diagnostics")
    let formatter = DiagnosticFormatter(sources: result.sources)
    for diagnostic in result.diagnostics {
        for line in formatter.format(diagnostic).split(separator: "\n") {
            check(line.count <= 600, "a shown line of \(line.count) characters")
            check(!line.unicodeScalars.contains(where: ControlCharacters.isUnsafeToShow), "a control character was shown")
        }
    }
    _ = DiagnosticFormatter.json(result.diagnostics)
    return 0
}
exit(status)
