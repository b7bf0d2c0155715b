#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash leaves either the old file or the new one,
/// never half of each: a temporary file in the same folder, then rename.
public enum AtomicFile {
    /// Replaces `path` with `text`, the new file having permission bits `mode`.
    /// On any failure the temporary file is removed, its descriptor closed, and
    /// the old file is left as it was.
    public static func write(_ text: String, to path: String, mode: mode_t) throws(PrivateFiles.Failure) {
        try write(Array(text.utf8), to: path, mode: mode, sync: { fsync($0) })
    }

    /// Replaces `path` with `bytes` (an image, say), as `write(_:to:mode:)` does text.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(PrivateFiles.Failure) {
        try write(bytes, to: path, mode: mode, sync: { fsync($0) })
    }

    /// `sync` is `fsync`, replaced only by the tests that make it fail.
    static func write(_ text: String, to path: String, mode: mode_t, sync: (Int32) -> Int32) throws(PrivateFiles.Failure) {
        try write(Array(text.utf8), to: path, mode: mode, sync: sync)
    }

    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, sync: (Int32) -> Int32) throws(PrivateFiles.Failure) {
        let folder = PrivateFiles.folder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(folder)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw PrivateFiles.Failure(path, errno: errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var isOpen = true
        var renamed = false
        defer {
            // Every way out closes the descriptor once, fsync failing included.
            if isOpen { close(descriptor) }
            if !renamed { unlink(temporary) }
        }
        fchmod(descriptor, mode)
        try PrivateFiles.writeAll(bytes, to: descriptor, path)
        guard sync(descriptor) == 0 else { throw PrivateFiles.Failure(path, errno: errno) }
        isOpen = false
        guard close(descriptor) == 0 else { throw PrivateFiles.Failure(path, errno: errno) }
        guard rename(temporary, path) == 0 else { throw PrivateFiles.Failure(path, errno: errno) }
        renamed = true
    }

    /// A file's permission bits, or `fallback` if it does not exist.
    public static func mode(of path: String, fallback: mode_t) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : fallback
    }
}
