#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading one dialog file gave.
public enum DialogFileRead: Sendable, Equatable {
    case bytes([UInt8])
    /// No such file.
    case missing
    /// The file exists but is not read; the reason completes "cannot read 'PATH': ".
    case refused(String)
}

/// Where dialog files come from: the disk, or text compiled into the binary.
/// The compiler reads through this and nothing else.
public protocol DialogFileSource: Sendable {
    /// The bytes of a file, or nil if there is no such file.
    func contents(of path: String) -> [UInt8]?
    /// The `.dialog` files under a folder, recursively, in name order; nil if `path` is not a folder.
    func dialogFiles(under path: String) -> [String]?
    /// The file's bytes, or why there are none. The default implementation
    /// calls `contents(of:)`; a source that can refuse a file (a device, a
    /// FIFO, a file over the size limit) says why here.
    func read(_ path: String) -> DialogFileRead
}

extension DialogFileSource {
    /// Reads through `contents(of:)`: `.bytes`, or `.missing` when it gives nil.
    public func read(_ path: String) -> DialogFileRead {
        contents(of: path).map(DialogFileRead.bytes) ?? .missing
    }
}

/// Dialog files on disk.
public struct DiskDialogFiles: DialogFileSource {
    /// Files larger than this (64 MiB) are refused before anything is read.
    static let maximumFileSize = 64 << 20

    /// Reads the file system of this process.
    public init() {}

    /// The file's bytes, or nil when it is missing or refused (see `read(_:)`).
    public func contents(of path: String) -> [UInt8]? {
        if case .bytes(let bytes) = read(path) { return bytes }
        return nil
    }

    /// Only regular files are read. The file is opened first (non-blocking, so
    /// a FIFO without a writer cannot hang the open) and checked with `fstat`
    /// on that descriptor, so what is checked is what is read: a path swapped
    /// for a device or a FIFO after the check cannot slip through. The size
    /// limit is checked before reading, and again while reading in case the
    /// file grows.
    public func read(_ path: String) -> DialogFileRead {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .missing }
            return .refused(String(cString: strerror(code)).lowercased())
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .refused(String(cString: strerror(errno)).lowercased()) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .refused("it is a folder, not a dialog file")
        case S_IFIFO: return .refused("it is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: return .refused("it is a device, not a regular file")
        case S_IFSOCK: return .refused("it is a socket, not a regular file")
        default: return .refused("it is not a regular file")
        }
        let tooLarge = DialogFileRead.refused("it is larger than \(Self.maximumFileSize >> 20) MiB, the limit for a dialog file")
        guard status.st_size <= Self.maximumFileSize else { return tooLarge }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard count <= Self.maximumFileSize else { return tooLarge }
                bytes.append(contentsOf: repeatElement(0, count: min(Self.maximumFileSize + 1 - count, max(4096, count))))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return .refused(String(cString: strerror(errno)).lowercased())
            }
            if got == 0 { break }
            count += got
        }
        guard count <= Self.maximumFileSize else { return tooLarge }
        bytes.removeSubrange(count...)
        return .bytes(bytes)
    }

    private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// The `.dialog` files under the folder `path`, recursively, as paths joined
    /// to `path` and sorted by name; nil when `path` is not a folder.
    public func dialogFiles(under path: String) -> [String]? {
        guard Self.isFolder(path) else { return nil }
        let relatives = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return relatives.filter { $0.hasSuffix(".dialog") }.map { DialogPath.join(path, $0) }.sorted()
    }

    /// Whether `path` is a folder, or a link to one.
    public static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}

/// Dialog files held in memory: the built-in dialogs, and tests.
public struct InMemoryDialogFiles: DialogFileSource {
    /// The files, by normalised path (`DialogPath.normalize`), each as its text.
    public var files: [String: String]

    /// `files`: each file's text by path; paths are normalised when looked up.
    public init(_ files: [String: String]) { self.files = files }

    /// The file's text as UTF-8 bytes, or nil when no file has that (normalised) path.
    public func contents(of path: String) -> [UInt8]? {
        files[DialogPath.normalize(path)].map { Array($0.utf8) }
    }

    /// The `.dialog` files whose paths start with the folder `path` + "/",
    /// sorted; nil when `path` is itself a file or holds no dialog file.
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
    /// The folder part of `path` ("." when it has no slash, "/" for a file at the root).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `relative` resolved against the folder `base`, normalised; an absolute
    /// `relative` is returned normalised as it is.
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
