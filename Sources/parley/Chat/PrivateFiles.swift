import Foundation

/// Files that hold what a person said: created 0600 inside folders created
/// 0700, written whole or not at all, never through a symbolic link planted
/// where the file should be.
enum PrivateFiles {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }

        init(_ path: String, _ reason: String) {
            self.path = path
            self.reason = reason
        }

        init(_ path: String, errno code: Int32) {
            self.init(path, String(cString: strerror(code)))
        }
    }

    /// Creates `path` and any missing parents with mode 0700. An existing
    /// folder must be the user's own; if others may read it, it is narrowed
    /// to 0700 when `tighten` (the chat's own state folder).
    static func makeFolder(_ path: String, tighten: Bool) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw Failure(path, "exists and is not a folder") }
            if tighten {
                guard info.st_uid == getuid() else { throw Failure(path, "belongs to another user") }
                if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 { throw Failure(path, errno: errno) }
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try makeFolder(parent, tighten: false)
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw Failure(path, errno: errno) }
        // The umask may have taken bits away, never added them; 0700 exactly.
        chmod(path, 0o700)
    }

    /// How bytes reach a file: `write(2)`'s shape (descriptor, bytes, count;
    /// the count written or -1 with errno). Tests stand in one that fails part-way.
    typealias Writer = @Sendable (Int32, UnsafeRawPointer, Int) -> Int

    static let systemWriter: Writer = { Foundation.write($0, $1, $2) }

    /// Appends `text` to the file at `path`, creating it 0600; durable when
    /// this returns. Refuses links and files of other users. If writing
    /// fails part-way (a full disk), the file is cut back to its old length:
    /// it never keeps half of `text`.
    static func append(_ text: String, to path: String, writer: Writer = systemWriter) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path, errno: errno) }
        defer { close(descriptor) }
        try checkOwnRegularFile(descriptor, path)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path, errno: errno) }
        do {
            try writeAll(Array(text.utf8), to: descriptor, path, writer: writer)
            guard fsync(descriptor) == 0 else { throw Failure(path, errno: errno) }
        } catch {
            _ = ftruncate(descriptor, info.st_size)
            throw error
        }
    }

    /// The bytes of the file at `path`, or nil if there is none. A file
    /// larger than `limit` is refused rather than read whole.
    static func read(_ path: String, limit: Int) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw Failure(path, errno: errno)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(path, "is not a regular file") }
        guard Int(info.st_size) <= limit else { throw Failure(path, "is larger than \(limit) bytes") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path, errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > limit { throw Failure(path, "is larger than \(limit) bytes") }
        }
        return bytes
    }

    /// Replaces the file at `path` with `text` atomically (a crash leaves the
    /// old file or the new one). A new file is 0600; an existing one keeps
    /// its permissions when `keepMode`, else becomes 0600.
    static func write(_ text: String, to path: String, keepMode: Bool = false) throws {
        let mode: mode_t = keepMode ? AtomicFile.mode(of: path, fallback: 0o600) : 0o600
        do {
            try AtomicFile.write(text, to: path, mode: mode)
        } catch let error as POSIXError {
            throw Failure(path, errno: error.code.rawValue)
        }
    }

    /// Deletes the file at `path`; false if there was none.
    static func delete(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw Failure(path, errno: errno)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func checkOwnRegularFile(_ descriptor: Int32, _ path: String) throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(path, "is not a regular file") }
        guard info.st_uid == getuid() else { throw Failure(path, "belongs to another user") }
        if info.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 { throw Failure(path, errno: errno) }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, _ path: String, writer: Writer) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { writer(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path, errno: errno)
            }
            written += count
        }
    }
}
