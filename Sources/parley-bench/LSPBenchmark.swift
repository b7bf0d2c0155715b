import ParleyKit
import ParleyLSP

/// The language server after an edit: the editor's didChange (the whole
/// text, as JSON), then the re-check the server runs once input is idle:
/// compile the dialog, index its names, and write the diagnostics
/// notifications as JSON. What an editor waits for before it shows them.
/// Two shapes of the same 5,000-intent dialog: one file, and a folder of 51
/// files (100 intents a file, the states in main.dialog).
enum LSPBenchmark {
    static let folderPath = "/parley-bench/generated"

    static func message(_ method: String, _ params: JSONValue, id: Int? = nil) -> [UInt8] {
        var members = [JSONMember(key: "jsonrpc", value: .string("2.0"))]
        if let id { members.append(JSONMember(key: "id", value: .int(id))) }
        members += [JSONMember(key: "method", value: .string(method)), JSONMember(key: "params", value: params)]
        return JSONValue.object(members).serialized
    }

    static func textDocument(_ uri: String, _ extra: [JSONMember]) -> JSONValue {
        .object([JSONMember(key: "uri", value: .string(uri))] + extra)
    }

    static func open(_ server: inout LanguageServer, _ path: String, _ text: String) {
        _ = server.handle(message("textDocument/didOpen", .object([JSONMember(key: "textDocument", value: textDocument(
            DocumentURI.uri(path), [JSONMember(key: "languageId", value: .string("parley")),
                                    JSONMember(key: "version", value: .int(1)), JSONMember(key: "text", value: .string(text))]))])))
    }

    /// Times `edits` edits of the document at `path`: `edited(k)` is its whole text after edit k.
    static func recheck(_ server: inout LanguageServer, path: String, edits: Int,
                        edited: (Int) -> String) -> (wall: [UInt64], cpu: [UInt64]) {
        var times: [UInt64] = []
        var cpuTimes: [UInt64] = []
        var published = 0
        for k in 0..<edits {
            let change = message("textDocument/didChange", .object([
                JSONMember(key: "textDocument", value: textDocument(DocumentURI.uri(path), [JSONMember(key: "version", value: .int(k + 2))])),
                JSONMember(key: "contentChanges", value: .array([.object([JSONMember(key: "text", value: .string(edited(k)))])])),
            ]))
            let start = nanoseconds()
            let startCPU = threadCPUNanoseconds()
            _ = server.handle(change)
            let out = server.flush()
            for notification in out { published += notification.serialized.count }
            cpuTimes.append(threadCPUNanoseconds() - startCPU)
            times.append(nanoseconds() - start)
        }
        precondition(published > 0)
        return (times.sorted(), cpuTimes.sorted())
    }

    static func report(_ what: String, _ samples: (wall: [UInt64], cpu: [UInt64])) {
        let (wall, cpu) = samples
        print(String(format: "lsp, %@: median %.1f ms wall (max %.1f), %.1f ms CPU (max %.1f), %d edits",
                     what, Double(wall[wall.count / 2]) / 1e6, Double(wall.last!) / 1e6,
                     Double(cpu[cpu.count / 2]) / 1e6, Double(cpu.last!) / 1e6, wall.count))
    }

    /// The dialog in one file, 16,267 lines; each edit alternately breaks and
    /// mends a reference in the hub state, so the diagnostics change each time.
    static func oneFile(edits: Int) {
        let path = "/parley-bench/generated.dialog"
        var server = LanguageServer(disk: InMemoryDialogFiles([:]))
        _ = server.handle(message("initialize", .object([JSONMember(key: "capabilities", value: .object([]))]), id: 1))
        let text = BenchmarkDialogs.generated(intents: 5_000)
        open(&server, path, text)
        _ = server.flush()
        let broken = text.replacingOccurrences(of: "on i42 -> topic2", with: "on i42x -> topic2")
        let samples = recheck(&server, path: path, edits: edits) { $0 % 2 == 0 ? broken : text }
        // The full compiler alone on the same text, in the same run: what `parley lint` does.
        var compileTimes: [UInt64] = []
        var compileCPU: [UInt64] = []
        for _ in 0..<max(1, edits / 3) {
            let start = nanoseconds()
            let startCPU = threadCPUNanoseconds()
            _ = DialogCompiler.compile(path: path, source: InMemoryDialogFiles([path: text]))
            compileCPU.append(threadCPUNanoseconds() - startCPU)
            compileTimes.append(nanoseconds() - start)
        }
        compileTimes.sort()
        compileCPU.sort()
        print(String(format: "lsp, the full compiler on the same dialog: median %.1f ms wall, %.1f ms CPU",
                     Double(compileTimes[compileTimes.count / 2]) / 1e6, Double(compileCPU[compileCPU.count / 2]) / 1e6))
        report("re-check after an edit, 5,000 intents in one file (\(text.split(separator: "\n").count) lines)", samples)
        // Requests on the checked dialog: completion of a state, and the file's semantic tokens.
        var requestTimes: [String: UInt64] = [:]
        let hub = text.components(separatedBy: "\n").firstIndex(of: "state hub")!
        let uri = DocumentURI.uri(path)
        for (method, params) in [
            ("textDocument/completion", JSONValue.object([
                JSONMember(key: "textDocument", value: textDocument(uri, [])),
                JSONMember(key: "position", value: .object(["line": .int(hub + 1), "character": .int(12)])),
            ])),
            ("textDocument/semanticTokens/full", .object([JSONMember(key: "textDocument", value: textDocument(uri, []))])),
        ] {
            var samples: [UInt64] = []
            for _ in 0..<7 {
                let start = threadCPUNanoseconds()
                let response = server.handle(message(method, params, id: 2))
                precondition(response.first?["result"] != nil)
                samples.append(threadCPUNanoseconds() - start)
            }
            samples.sort()
            requestTimes[method] = samples[samples.count / 2]
        }
        print(String(format: "lsp, completion in the hub state: median %.1f ms CPU; semantic tokens of the whole file: median %.1f ms CPU",
                     Double(requestTimes["textDocument/completion"]!) / 1e6,
                     Double(requestTimes["textDocument/semanticTokens/full"]!) / 1e6))
    }

    /// The same dialog as a folder: main.dialog (header, synonyms, states)
    /// and intents/part-NN.dialog, 100 intents each. Each edit alternately
    /// renames an intent in one part file and names it back, so the `on` that
    /// uses it in main.dialog breaks and mends.
    static func folder(edits: Int) {
        let files = BenchmarkDialogs.generatedFolder(intents: 5_000, root: folderPath)
        var server = LanguageServer(disk: InMemoryDialogFiles(files))
        _ = server.handle(message("initialize", .object([
            JSONMember(key: "rootUri", value: .string(DocumentURI.uri(folderPath))),
            JSONMember(key: "capabilities", value: .object([])),
        ]), id: 1))
        let main = folderPath + "/main.dialog"
        let part = folderPath + "/intents/part-00.dialog"
        open(&server, main, files[main]!)
        open(&server, part, files[part]!)
        _ = server.flush()
        let text = files[part]!
        let broken = text.replacingOccurrences(of: "intent i42\n", with: "intent i42x\n")
        precondition(broken != text)
        let samples = recheck(&server, path: part, edits: edits) { $0 % 2 == 0 ? broken : text }
        var compileCPU: [UInt64] = []
        for _ in 0..<max(1, edits / 3) {
            let startCPU = threadCPUNanoseconds()
            _ = DialogCompiler.compile(path: folderPath, source: InMemoryDialogFiles(files))
            compileCPU.append(threadCPUNanoseconds() - startCPU)
        }
        compileCPU.sort()
        print(String(format: "lsp, the full compiler on the same folder: median %.1f ms CPU", Double(compileCPU[compileCPU.count / 2]) / 1e6))
        report("re-check after an edit, 5,000 intents in a folder of \(files.count) files", samples)
    }
}
