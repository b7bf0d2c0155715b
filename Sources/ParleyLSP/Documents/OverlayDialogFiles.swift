import ParleyKit

/// Dialog files as an editor sees them: the text of open documents (saved or
/// not) over the files on disk. The compiler reads a dialog folder through
/// this, so diagnostics follow what the writer is typing.
public struct OverlayDialogFiles: DialogFileSource {
    /// Open documents' text by absolute, normalized path.
    public var overlay: [String: String]
    public var base: any DialogFileSource

    public init(overlay: [String: String], base: any DialogFileSource = DiskDialogFiles()) {
        self.overlay = overlay
        self.base = base
    }

    public func contents(of path: String) -> [UInt8]? {
        if let text = overlay[DialogPath.normalize(path)] { return Array(text.utf8) }
        return base.contents(of: path)
    }

    public func dialogFiles(under path: String) -> [String]? {
        let folder = DialogPath.normalize(path)
        if overlay[folder] != nil { return nil }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let unsaved = overlay.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".dialog") }
        guard let onDisk = base.dialogFiles(under: path) else { return unsaved.isEmpty ? nil : unsaved.sorted() }
        return Set(onDisk.map(DialogPath.normalize) + unsaved).sorted()
    }
}
