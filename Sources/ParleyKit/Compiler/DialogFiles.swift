import Foundation

/// Where dialog files come from: the disk, or text compiled into the binary.
/// The compiler reads through this and nothing else.
public protocol DialogFileSource: Sendable {
    /// The bytes of a file, or nil if there is no such file.
    func contents(of path: String) -> [UInt8]?
    /// The `.dialog` files under a folder, recursively, in name order; nil if `path` is not a folder.
    func dialogFiles(under path: String) -> [String]?
}

/// Dialog files on disk.
public struct DiskDialogFiles: DialogFileSource {
    /// Files larger than this are refused rather than read into memory.
    public static let maximumFileSize = 64 << 20

    public init() {}

    public func contents(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        guard let data = try? handle.read(upToCount: Self.maximumFileSize + 1) else { return [] }
        return [UInt8](data)
    }

    public func dialogFiles(under path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".dialog") { files.append(DialogPath.join(path, relative)) }
        }
        return files.sorted()
    }
}

/// Dialog files held in memory: the built-in dialogs, and tests.
public struct InMemoryDialogFiles: DialogFileSource {
    public var files: [String: String]

    public init(_ files: [String: String]) { self.files = files }

    public func contents(of path: String) -> [UInt8]? {
        files[DialogPath.normalize(path)].map { Array($0.utf8) }
    }

    public func dialogFiles(under path: String) -> [String]? {
        let folder = DialogPath.normalize(path)
        let prefix = folder.isEmpty || folder == "." ? "" : folder + "/"
        if files[folder] != nil { return nil }
        let found = files.keys.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".dialog") }.sorted()
        return found.isEmpty ? nil : found
    }
}

/// Path arithmetic on strings, so includes resolve the same way on disk and in memory.
public enum DialogPath {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        if base == "." || base.isEmpty { return normalize(relative) }
        return normalize(base.hasSuffix("/") ? base + relative : base + "/" + relative)
    }

    /// Removes `.` and `name/..` steps and doubled slashes.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
