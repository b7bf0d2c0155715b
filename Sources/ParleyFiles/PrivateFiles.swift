#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that hold what a person said (chat history, saved conversations,
/// recorded transcripts, the bridge's session store): created 0600 inside
/// folders created 0700, written whole or not at all, never through a
/// symbolic link planted where the file should be. The one implementation for
/// every front end and store.
public enum PrivateFiles {
    /// Why a private file or folder could not be made, read or written.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// The file or folder, as given.
        public var path: String
        /// What was wrong, for a person: the system's words for the error
        /// ("Permission denied") or the check that refused the file.
        public var reason: String
        /// "PATH: REASON".
        public var description: String { "\(path): \(reason)" }

        /// A failure of `path` for `reason`.
        public init(_ path: String, _ reason: String) {
            self.path = path
            self.reason = reason
        }

        /// A failure of `path` with the system's message for the errno `code`
        /// (ELOOP, a link where the file should be, said as such).
        public init(_ path: String, errno code: Int32) {
            self.init(path, code == ELOOP ? "is a symbolic link; give the path of the file itself" : String(cString: strerror(code)))
        }
    }

    /// Creates `path` and any missing parents with mode 0700. An existing
    /// folder must be the user's own; if others may read it, it is narrowed
    /// to 0700 when `tighten` (the chat's own state folder).
    public static func makeFolder(_ path: String, tighten: Bool) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw Failure(path, "exists and is not a folder") }
            if tighten {
                guard info.st_uid == getuid() else { throw Failure(path, "belongs to another user") }
                if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 { throw Failure(path, errno: errno) }
            }
            return
        }
        let parent = folder(of: path)
        if parent != path, parent != ".", parent != "/" {
            try makeFolder(parent, tighten: false)
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST { throw Failure(path, errno: errno) }
        // The umask may have taken bits away, never added them; 0700 exactly.
        chmod(path, 0o700)
    }

    /// Opens the file at `path` for reading and writing, creating it 0600
    /// (and missing folders 0700) if needed. Never follows a symbolic link,
    /// dangling or not; refuses anything but a regular file of this user, and
    /// narrows an existing file that others may read to 0600. The caller owns
    /// (and closes) the descriptor.
    public static func open(_ path: String) throws(Failure) -> Int32 {
        guard !path.isEmpty else { throw Failure(path, "the path is empty") }
        let parent = folder(of: path)
        if parent != "." { try makeFolder(parent, tighten: false) }
        let descriptor = systemOpen(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path, errno: errno) }
        do throws(Failure) {
            try checkOwnRegularFile(descriptor, path)
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Checks a file that may exist beside a private one (a log or journal
    /// another library creates by name): if it exists it must be this user's
    /// regular file, not a link, and is narrowed to 0600.
    public static func checkCompanion(_ path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Failure(path, errno: errno)
        }
        guard info.st_mode & S_IFMT != S_IFLNK else { throw Failure(path, "is a symbolic link; remove it") }
        let descriptor = systemOpen(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0)
        guard descriptor >= 0 else { throw Failure(path, errno: errno) }
        defer { close(descriptor) }
        try checkOwnRegularFile(descriptor, path)
    }

    /// How bytes reach a file: `write(2)`'s shape (descriptor, bytes, count;
    /// the count written or -1 with errno). Tests stand in one that fails part-way.
    public typealias Writer = @Sendable (Int32, UnsafeRawPointer, Int) -> Int

    /// `write(2)` itself.
    public static let systemWriter: Writer = { systemWrite($0, $1, $2) }

    /// Appends `text` to the file at `path`, creating it 0600; durable when
    /// this returns. Refuses links and files of other users. If writing
    /// fails part-way (a full disk), the file is cut back to its old length:
    /// it never keeps half of `text`.
    public static func append(_ text: String, to path: String, writer: Writer = systemWriter) throws(Failure) {
        let descriptor = systemOpen(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path, errno: errno) }
        defer { close(descriptor) }
        try checkOwnRegularFile(descriptor, path)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path, errno: errno) }
        do throws(Failure) {
            try writeAll(Array(text.utf8), to: descriptor, path, writer: writer)
            guard fsync(descriptor) == 0 else { throw Failure(path, errno: errno) }
        } catch {
            _ = ftruncate(descriptor, info.st_size)
            throw error
        }
    }

    /// The bytes of the file at `path`, or nil if there is none. A file
    /// larger than `limit` is refused rather than read whole.
    public static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8]? {
        let descriptor = systemOpen(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0)
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
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
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
    public static func write(_ text: String, to path: String, keepMode: Bool = false) throws(Failure) {
        let mode: mode_t = keepMode ? AtomicFile.mode(of: path, fallback: 0o600) : 0o600
        try AtomicFile.write(text, to: path, mode: mode)
    }

    /// Deletes the file at `path`; false if there was none.
    public static func delete(_ path: String) throws(Failure) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw Failure(path, errno: errno)
    }

    /// True when something (a file, a folder, a link, even a dangling one) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// The folder a path is in: "." for a bare name, "/" for a file at the root.
    public static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    private static func checkOwnRegularFile(_ descriptor: Int32, _ path: String) throws(Failure) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure(path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(path, "is not a regular file") }
        guard info.st_uid == getuid() else { throw Failure(path, "belongs to another user") }
        if info.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 { throw Failure(path, errno: errno) }
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, _ path: String,
                         writer: Writer = systemWriter) throws(Failure) {
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

// The C library's calls under names that the static functions above do not shadow.
func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(descriptor, buffer, count) }
func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, buffer, count) }
