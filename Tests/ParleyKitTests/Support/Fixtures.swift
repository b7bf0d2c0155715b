import Foundation
@testable import ParleyKit
import Testing

/// Files of the package (dialogs, fixtures), found from this source file so
/// tests do not depend on the working directory.
enum Package {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func text(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url(relative)), as: UTF8.self)
    }

    /// Every file under `relative` (recursively), keyed by its package-relative path.
    static func files(under relative: String, suffix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: url(relative).path) else { return [] }
        var found: [String] = []
        while let item = walker.nextObject() as? String {
            if item.hasSuffix(suffix) { found.append(relative + "/" + item) }
        }
        return found.sorted()
    }

    /// A dialog from the package, read into memory under its relative path so
    /// diagnostics name files the same way on every machine.
    static func compile(_ relative: String) throws -> CompileResult {
        var files: [String: String] = [:]
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url(relative).path, isDirectory: &isDirectory)
        let paths = isDirectory.boolValue ? Package.files(under: relative, suffix: ".dialog") : [relative]
        for path in paths {
            // Keep bad bytes as they are: the compiler must see them.
            files[path] = String(decoding: try Data(contentsOf: url(path)), as: UTF8.self)
        }
        return DialogCompiler.compile(path: relative, source: RawFiles(files: files, raw: try paths.reduce(into: [:]) {
            $0[$1] = [UInt8](try Data(contentsOf: url($1)))
        }))
    }

    /// Golden files: compares `actual` with the file, or rewrites the file
    /// when PARLEY_RECORD=1 (then the test fails, so a recording is never silent).
    static func checkGolden(_ actual: String, _ relative: String) throws -> String? {
        let path = url(relative).path
        if ProcessInfo.processInfo.environment["PARLEY_RECORD"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return "recorded \(relative); run again without PARLEY_RECORD"
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "missing golden file \(relative); run with PARLEY_RECORD=1 to create it"
        }
        return expected == actual ? nil : "output differs from \(relative):\n--- expected\n\(expected)\n--- got\n\(actual)"
    }
}

/// Files in memory with their exact bytes (InMemoryDialogFiles holds text only).
struct RawFiles: DialogFileSource {
    var files: [String: String]
    var raw: [String: [UInt8]]

    func contents(of path: String) -> [UInt8]? { raw[DialogPath.normalize(path)] }

    /// The package's files from memory; an absolute path (a fixture's `include
    /// /dev/null`) from the disk, so refusing special files can be shown.
    func read(_ path: String) -> DialogFileRead {
        if let bytes = raw[DialogPath.normalize(path)] { return .bytes(bytes) }
        return path.hasPrefix("/") ? DiskDialogFiles().read(path) : .missing
    }

    func dialogFiles(under path: String) -> [String]? {
        InMemoryDialogFiles(files).dialogFiles(under: path)
    }
}

/// Compiles dialog text given inline in a test.
func compile(_ text: String, path: String = "test.dialog") -> CompileResult {
    DialogCompiler.compile(path: path, source: InMemoryDialogFiles([path: text]))
}

/// Compiles inline dialog text that must have no errors; if it has some,
/// the failure is recorded at the caller's line, not here.
func dialog(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CompiledDialog {
    let result = compile(text)
    guard let dialog = result.dialog else {
        let formatter = DiagnosticFormatter(sources: result.sources)
        let message = result.diagnostics.map(formatter.format).joined(separator: "\n")
        Issue.record("the dialog does not compile:\n\(message)", sourceLocation: sourceLocation)
        throw DialogError(message: message)
    }
    return dialog
}

struct DialogError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A small conversation driver for tests.
struct Conversation {
    let engine: Engine
    var session: Session
    var last: Turn

    init(_ dialog: CompiledDialog, seed: UInt64 = 1) {
        engine = Engine(dialog: dialog)
        (session, last) = engine.start(seed: seed)
    }

    @discardableResult
    mutating func say(_ line: String) -> Turn {
        last = engine.respond(to: line, in: &session)
        return last
    }

    var text: String { last.replies.map(\.plainText).joined(separator: "\n") }
}
