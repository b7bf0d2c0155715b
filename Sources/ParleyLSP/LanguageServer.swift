#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyKit

/// The language server's state and request handling, without any I/O of
/// its own (beyond reading dialog files): the `parley lsp` command feeds it
/// message bodies and writes out what it returns.
///
/// Edits only mark a dialog as changed; `flush()` re-checks the changed
/// dialogs and returns their diagnostics. The command calls it when no more
/// input is waiting, so a burst of keystrokes costs one compile, not one each.
public struct LanguageServer {
    /// An open document: the editor's text, which wins over the file on disk.
    public struct Document: Sendable {
        public var uri: String
        public var path: String
        public var version: Int?
        public var table: LineTable
    }

    public private(set) var documents: [String: Document] = [:]
    private var snapshots: [String: DialogSnapshot] = [:]
    /// Each open dialog's parsed files, kept so an edit re-parses only the file it changed.
    private(set) var parsedFiles: [String: ParsedFiles] = [:]
    /// Dialogs read from disk only (none of their files open), for navigation and workspace symbols.
    private var closedSnapshots: [String: DialogSnapshot] = [:]
    /// The dialogs found under the workspace folders, once looked for.
    private var workspaceRoots: Set<String>?
    /// Dialogs edited since they were last compiled.
    private var dirty: Set<String> = []
    /// Dialogs compiled but whose diagnostics are not yet sent.
    private var unpublished: Set<String> = []
    /// The files each dialog last sent diagnostics for (to clear them when fixed).
    private var published: [String: Set<String>] = [:]
    private var rootOfPath: [String: String] = [:]
    private var workspaceFolders: [String] = []
    private var initialized = false
    /// The client can watch files for us (`workspace.didChangeWatchedFiles.dynamicRegistration`).
    private var clientWatchesFiles = false
    private var shutdownRequested = false
    private let disk: any DialogFileSource

    /// Set once the client sent `exit`: 0 after a `shutdown`, 1 without.
    public private(set) var exitCode: Int32?

    public init(disk: any DialogFileSource = DiskDialogFiles()) {
        self.disk = disk
    }

    // MARK: - Messages

    /// Handles one message body; returns the messages to send (a response
    /// for a request, possibly notifications).
    public mutating func handle(_ body: [UInt8]) -> [JSONValue] {
        let parsed: Result<JSONValue, JSONReadError>? = body.withUnsafeBufferPointer { buffer in
            if UTF8Check.firstInvalidOffset(buffer) != nil { return nil }
            do throws(JSONReadError) { return .success(try JSONReader.read(buffer)) } catch { return .failure(error) }
        }
        guard let parsed else {
            return [Self.errorResponse(id: .null, code: -32700, message: "parse error: the message is not valid UTF-8")]
        }
        guard case .success(let message) = parsed else {
            if case .failure(let error) = parsed {
                return [Self.errorResponse(id: .null, code: -32700, message: "parse error \(error)")]
            }
            return []
        }
        return handle(message: message)
    }

    public mutating func handle(message: JSONValue) -> [JSONValue] {
        guard case .object = message else {
            return [Self.errorResponse(id: .null, code: -32600, message: "a message must be a JSON object")]
        }
        let id = message["id"]
        guard let method = message["method"]?.string else {
            // A response to a request of ours (we send none that need answers), or junk.
            return id == nil ? [Self.errorResponse(id: .null, code: -32600, message: "a message without 'method'")] : []
        }
        let params = message["params"] ?? .null
        guard let id else {
            notification(method, params)
            // Dialog files changed outside the editor (another program, a
            // checkout) are re-read on workspace/didChangeWatchedFiles, which
            // most clients send only for globs the server registers.
            if method == "initialized" && clientWatchesFiles { return [Self.watchDialogFiles] }
            return []
        }
        if !initialized && method != "initialize" {
            return [Self.errorResponse(id: id, code: -32002, message: "the server is not initialized yet; send 'initialize' first")]
        }
        if shutdownRequested {
            return [Self.errorResponse(id: id, code: -32600, message: "the server is shutting down; only 'exit' is accepted")]
        }
        do {
            let result = try request(method, params)
            return [.object(["jsonrpc": .string("2.0"), "id": id, "result": result])]
        } catch let failure as RequestFailure {
            return [Self.errorResponse(id: id, code: failure.code, message: failure.message)]
        } catch {
            return [Self.errorResponse(id: id, code: -32603, message: "internal error: \(error)")]
        }
    }

    static func errorResponse(id: JSONValue, code: Int, message: String) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id,
                 "error": .object(["code": .int(code), "message": .string(message)])])
    }

    static func notificationMessage(_ method: String, _ params: JSONValue) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }

    private mutating func request(_ method: String, _ params: JSONValue) throws -> JSONValue {
        switch method {
        case "initialize": return initialize(params)
        case "shutdown":
            shutdownRequested = true
            return .null
        case "textDocument/definition": return try definition(params)
        case "textDocument/references": return try references(params)
        case "textDocument/hover": return try hover(params)
        case "textDocument/completion": return try completion(params)
        case "textDocument/documentSymbol": return try documentSymbols(params)
        case "textDocument/codeAction": return try codeActions(params)
        case "textDocument/prepareRename": return try prepareRename(params)
        case "textDocument/rename": return try rename(params)
        case "textDocument/semanticTokens/full": return try semanticTokens(params)
        case "workspace/symbol": return try workspaceSymbols(params)
        default: throw RequestFailure(code: -32601, message: "unknown method '\(method)'")
        }
    }

    private mutating func notification(_ method: String, _ params: JSONValue) {
        switch method {
        case "initialized": break
        case "exit": exitCode = shutdownRequested ? 0 : 1
        case "textDocument/didOpen":
            guard let item = params["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string,
                  let path = DocumentURI.path(uri) else { return }
            documents[path] = Document(uri: uri, path: path, version: item["version"]?.int, table: LineTable(text))
            markChanged(path)
        case "textDocument/didChange":
            guard let uri = params["textDocument"]?["uri"]?.string, let path = DocumentURI.path(uri),
                  var document = documents[path], let changes = params["contentChanges"]?.array else { return }
            for change in changes {
                guard let text = change["text"]?.string else { continue }
                if let range = LSPRange(change["range"]) {
                    let table = document.table
                    var updated = table.text
                    let start = table.index(range.start)
                    let end = max(start, table.index(range.end))
                    updated.replaceSubrange(start..<end, with: text)
                    document.table = LineTable(updated)
                } else {
                    document.table = LineTable(text)
                }
            }
            document.version = params["textDocument"]?["version"]?.int ?? document.version
            let changed = document.table.text != documents[path]?.table.text
            documents[path] = document
            // Some clients send the same text again (on save, on focus): nothing to re-check.
            if changed { markChanged(path) }
        case "textDocument/didClose":
            guard let uri = params["textDocument"]?["uri"]?.string, let path = DocumentURI.path(uri) else { return }
            documents[path] = nil
            markChanged(path)
        case "textDocument/didSave":
            // The saved text is the open text, already checked; only dialogs read from disk are stale.
            closedSnapshots.removeAll()
            workspaceRoots = nil
        case "workspace/didChangeWatchedFiles":
            // Files changed on disk (another program, a checkout): re-read every dialog.
            rootOfPath.removeAll()
            closedSnapshots.removeAll()
            workspaceRoots = nil
            dirty.formUnion(snapshots.keys)
        default: break  // Including $/cancelRequest: every request is answered before the next is read.
        }
    }

    private mutating func markChanged(_ path: String) {
        dirty.insert(root(of: path))
    }

    // MARK: - Compiling

    /// Re-checks every changed dialog and returns its diagnostics
    /// (`textDocument/publishDiagnostics`, one per file, clearing fixed files).
    public mutating func flush() -> [JSONValue] {
        for root in dirty { compile(root) }
        var out: [JSONValue] = []
        for root in unpublished.sorted() { out += publish(root) }
        unpublished.removeAll()
        return out
    }

    private mutating func compile(_ root: String) {
        dirty.remove(root)
        unpublished.insert(root)
        guard documents.keys.contains(where: { self.root(of: $0) == root }) else {
            // No document of this dialog is open any more: forget it.
            snapshots[root] = nil
            parsedFiles[root] = nil
            return
        }
        var overlay: [String: String] = [:]
        for (path, document) in documents { overlay[path] = document.table.text }
        var parsed = parsedFiles.removeValue(forKey: root) ?? ParsedFiles()
        let previous = snapshots.removeValue(forKey: root)
        snapshots[root] = DialogSnapshot(root: root, source: OverlayDialogFiles(overlay: overlay, base: disk),
                                         parsed: &parsed, previous: previous, open: documents.mapValues(\.table))
        parsedFiles[root] = parsed
    }

    /// The compiled dialog a file belongs to, compiled now if it changed.
    mutating func snapshot(for path: String) -> DialogSnapshot? { snapshot(root: root(of: path)) }

    mutating func snapshot(root: String) -> DialogSnapshot? {
        if documents.keys.contains(where: { self.root(of: $0) == root }) {
            if dirty.contains(root) || snapshots[root] == nil { compile(root) }
            return snapshots[root]
        }
        // A dialog with no open document (the editor asks about a file it has
        // not opened, or searches the workspace): as it is on disk, kept until the disk changes.
        if let known = closedSnapshots[root] { return known }
        var parsed = ParsedFiles()
        let snapshot = DialogSnapshot(root: root, source: OverlayDialogFiles(overlay: [:], base: disk), parsed: &parsed)
        closedSnapshots[root] = snapshot
        return snapshot
    }

    /// The table of lines for a file: the open document's, else the compiled text.
    func table(for path: String, in snapshot: DialogSnapshot?) -> LineTable? {
        documents[path]?.table ?? snapshot?.tables[path]
    }

    func uri(for path: String) -> String { documents[path]?.uri ?? DocumentURI.uri(path) }

    private mutating func publish(_ root: String) -> [JSONValue] {
        var byFile: [String: [JSONValue]] = [:]
        if let snapshot = snapshots[root] {
            for file in snapshot.files { byFile[file] = [] }
            let fallbackFile = documents.keys.sorted().first { self.root(of: $0) == root } ?? snapshot.files.first ?? root
            for diagnostic in snapshot.result.diagnostics {
                let file = diagnostic.location?.file ?? fallbackFile
                let table = table(for: file, in: snapshot) ?? LineTable("")
                byFile[file, default: []].append(lspDiagnostic(diagnostic, table: table, snapshot: snapshot))
            }
        }
        for file in published[root] ?? [] where byFile[file] == nil { byFile[file] = [] }
        published[root] = Set(byFile.filter { !$0.value.isEmpty }.keys)
        return byFile.keys.sorted().map { file in
            Self.notificationMessage("textDocument/publishDiagnostics", .object([
                "uri": .string(uri(for: file)),
                "version": documents[file]?.version.map { .int($0) },
                "diagnostics": .array(byFile[file]!),
            ]))
        }
    }

    // MARK: - Which dialog a file belongs to

    /// A file belongs to the dialog of its folder, widened upwards while the
    /// parent folder has `.dialog` files too (Dialogs/trust/tracks belongs to
    /// Dialogs/trust), never above a workspace folder. A folder in which
    /// several files each declare a `dialog` header is a folder of separate
    /// dialogs (like Fixtures/bad): there, a file is a dialog of its own.
    mutating func root(of path: String) -> String {
        if let known = rootOfPath[path] { return known }
        let folder = DialogPath.directory(of: path)
        var root = folder
        if headerCount(in: folder) >= 2 {
            root = path
        } else {
            while !workspaceFolders.contains(root) {
                let parent = DialogPath.directory(of: root)
                guard parent != root, parent != "/", hasDialogFiles(parent), isInsideWorkspace(parent) else { break }
                root = parent
            }
        }
        rootOfPath[path] = root
        return root
    }

    private func isInsideWorkspace(_ path: String) -> Bool {
        workspaceFolders.isEmpty || workspaceFolders.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    private func dialogFilesDirectly(in folder: String) -> [String] {
        let onDisk = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".dialog") }.map { DialogPath.join(folder, $0) }
        let open = documents.keys.filter { DialogPath.directory(of: $0) == folder && $0.hasSuffix(".dialog") }
        return Array(Set(onDisk + open))
    }

    private func hasDialogFiles(_ folder: String) -> Bool { !dialogFilesDirectly(in: folder).isEmpty }

    private func headerCount(in folder: String) -> Int {
        dialogFilesDirectly(in: folder).filter { file in
            let text = documents[file]?.table.text ?? disk.contents(of: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasPrefix("dialog ") }
        }.count
    }

    // MARK: - initialize

    private mutating func initialize(_ params: JSONValue) -> JSONValue {
        initialized = true
        clientWatchesFiles = params["capabilities"]?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.bool == true
        var folders: [String] = []
        for folder in params["workspaceFolders"]?.array ?? [] {
            if let uri = folder["uri"]?.string, let path = DocumentURI.path(uri) { folders.append(path) }
        }
        if folders.isEmpty, let uri = params["rootUri"]?.string, let path = DocumentURI.path(uri) { folders.append(path) }
        workspaceFolders = folders.map(DialogPath.normalize)
        return .object([
            "capabilities": .object([
                "positionEncoding": .string("utf-16"),
                "textDocumentSync": .object(["openClose": .bool(true), "change": .int(2),
                                             "save": .object(["includeText": .bool(false)])]),
                "definitionProvider": .bool(true),
                "referencesProvider": .bool(true),
                "hoverProvider": .bool(true),
                "completionProvider": .object([
                    "triggerCharacters": .array([" ", "{", ">", ",", "."].map { .string($0) }),
                ]),
                "documentSymbolProvider": .bool(true),
                "workspaceSymbolProvider": .bool(true),
                "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
                "renameProvider": .object(["prepareProvider": .bool(true)]),
                "semanticTokensProvider": .object([
                    "legend": SemanticTokens.legend,
                    "full": .bool(true),
                ]),
            ]),
            "serverInfo": .object(["name": .string("parley"), "version": .string(LanguageServer.version)]),
        ])
    }

    public static let version = "0.1.0"

    /// The `client/registerCapability` request asking the client to report changes to `.dialog` files.
    static let watchDialogFiles: JSONValue = .object([
        "jsonrpc": .string("2.0"), "id": .string("parley-watch-dialog-files"), "method": .string("client/registerCapability"),
        "params": .object(["registrations": .array([.object([
            "id": .string("parley-dialog-files"), "method": .string("workspace/didChangeWatchedFiles"),
            "registerOptions": .object(["watchers": .array([.object(["globPattern": .string("**/*.dialog")])])]),
        ])])]),
    ])

    // MARK: - Parameters

    /// The document and position of a `TextDocumentPositionParams`, in Parley's terms.
    mutating func position(_ params: JSONValue) throws -> (path: String, snapshot: DialogSnapshot, table: LineTable,
                                                           position: LSPPosition, line: Int, column: Int) {
        let path = try documentPath(params)
        guard let position = LSPPosition(params["position"]) else {
            throw RequestFailure(code: -32602, message: "'position' must be {line, character} with whole numbers of 0 or more")
        }
        guard let snapshot = snapshot(for: path), let table = table(for: path, in: snapshot) else {
            throw RequestFailure(code: -32803, message: "'\(path)' is not part of a dialog that could be read")
        }
        let (line, column) = table.location(position)
        return (path, snapshot, table, position, line, column)
    }

    func documentPath(_ params: JSONValue) throws -> String {
        guard let uri = params["textDocument"]?["uri"]?.string else {
            throw RequestFailure(code: -32602, message: "'textDocument.uri' is missing")
        }
        guard let path = DocumentURI.path(uri) else {
            throw RequestFailure(code: -32602, message: "'\(uri)' is not a file: URI; Parley reads dialogs from files")
        }
        return path
    }

    /// An LSP Location for a Parley occurrence.
    func location(_ occurrence: Occurrence, in snapshot: DialogSnapshot) -> JSONValue {
        let file = occurrence.location.file
        let range = table(for: file, in: snapshot)?.range(occurrence.location, length: occurrence.length)
            ?? LSPRange(start: .init(line: 0, character: 0), end: .init(line: 0, character: 0))
        return .object(["uri": .string(uri(for: file)), "range": range.json])
    }

    /// Every dialog the server knows: compiled ones, and those found in the workspace folders.
    mutating func allSnapshots() -> [DialogSnapshot] {
        if workspaceRoots == nil {
            var found = Set<String>()
            for folder in workspaceFolders {
                // Hidden folders (.build, .git) hold no dialogs of the project.
                for file in disk.dialogFiles(under: folder) ?? [] where !file.contains("/.") { found.insert(root(of: file)) }
            }
            workspaceRoots = found
        }
        return workspaceRoots!.union(snapshots.keys).sorted().compactMap { snapshot(root: $0) }
    }
}

/// A request that cannot be answered, with the JSON-RPC error to send.
struct RequestFailure: Error {
    var code: Int
    var message: String
}
