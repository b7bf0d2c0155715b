#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyFiles
import ParleyKit

/// The lines a person typed to one dialog, newest last, one per line, for
/// readline's Up and Ctrl-R. Each line is written as it is entered, so a
/// crash loses nothing; the file never holds more than about `limit` lines.
///
/// Two chats on one dialog share the file: every change is made under an
/// exclusive `flock` on the file's folder (the file itself is replaced by a
/// rename when trimmed, so it cannot carry the lock), and every read under a
/// shared one. A line is whole or absent: a failed append is cut back, and
/// a torn last line (a chat killed mid-write) is cut off before the next.
struct HistoryFile {
    let path: String
    static let limit = 1_000
    /// A longer line is kept only this far (the engine reads no further).
    static let longestEntry = 4_000
    /// A history file larger than this is not ours to read.
    static let largestFile = 16 << 20

    /// Lines in the file as far as this process knows.
    private(set) var count = 0
    /// The newest line, as far as this process knows: a repeat of it is not kept.
    private(set) var last: String?
    /// How appended bytes reach the file (a stand-in in tests).
    var writer: PrivateFiles.Writer = PrivateFiles.systemWriter

    init(path: String) {
        self.path = path
    }

    /// A typed line as the history keeps it: one line, no control
    /// characters, spaces trimmed, at most `longestEntry` characters; nil if
    /// nothing is left.
    static func entry(_ line: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: scalars.append(" ")
            case _ where ControlCharacters.isControl(scalar): continue
            default: scalars.append(scalar)
            }
        }
        let cleaned = TerminalTextTrim.spaces(String(scalars))
        guard !cleaned.isEmpty else { return nil }
        return cleaned.count > longestEntry ? String(cleaned.prefix(longestEntry)) : cleaned
    }

    /// The entry to keep for a line typed at the prompt, or nil: as bash's
    /// `ignorespace` and `ignoredups`, a line typed with a leading space is
    /// not kept, nor one that repeats `previous` (the newest kept line).
    static func entry(typed line: String, previous: String?) -> String? {
        guard !line.hasPrefix(" "), let entry = entry(line), entry != previous else { return nil }
        return entry
    }

    /// The last `limit` lines of the file, oldest first.
    mutating func load() throws -> [String] {
        let lines = try Self.locked(path, LOCK_SH) { try Self.lines(of: PrivateFiles.read(path, limit: Self.largestFile) ?? []) }
        count = lines.count
        last = lines.last
        return Array(lines.suffix(Self.limit))
    }

    /// Adds `entry` (from `entry(_:)`) to the file, trimming the oldest lines
    /// once there are more than `limit`.
    mutating func append(_ entry: String) throws {
        try Self.locked(path, LOCK_EX) {
            try Self.cutTornLine(path)
            if count < Self.limit {
                try PrivateFiles.append(entry + "\n", to: path, writer: writer)
                count += 1
            } else {
                // Full: rewrite with the newest lines, re-reading the file so
                // lines another chat added meanwhile are kept.
                let lines = try Self.lines(of: PrivateFiles.read(path, limit: Self.largestFile) ?? [])
                let kept = Array((lines + [entry]).suffix(Self.limit))
                try PrivateFiles.write(kept.joined(separator: "\n") + "\n", to: path)
                count = kept.count
            }
        }
        last = entry
    }

    /// Deletes the file; the number of lines it had, or nil if there was none.
    mutating func delete() throws -> Int? {
        let (lines, deleted) = try Self.locked(path, LOCK_EX) {
            let lines = (try? PrivateFiles.read(path, limit: Self.largestFile)).flatMap { $0 }.map(Self.lines)
            return (lines, try PrivateFiles.delete(path))
        }
        count = 0
        last = nil
        return deleted ? (lines?.count ?? 0) : nil
    }

    /// Lines in the file right now (0 if there is none).
    func linesOnDisk() -> Int {
        ((try? PrivateFiles.read(path, limit: Self.largestFile)).flatMap { $0 }).map { Self.lines(of: $0).count } ?? 0
    }

    static func lines(of bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .map { TextFile.decode($0) }
            .compactMap(entry)
    }

    /// Runs `body` holding a `flock` of `kind` on the folder of `path`. A
    /// folder that cannot be opened (not made yet) is not locked: then
    /// there is no file to share either.
    static func locked<T>(_ path: String, _ kind: Int32, _ body: () throws -> T) throws -> T {
        let folder = PrivateFiles.folder(of: path)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, kind) != 0 {
            guard errno == EINTR else { throw PrivateFiles.Failure(folder, errno: errno) }
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Cuts the file back to its last whole line, if its end is a line
    /// without "\n" (a chat killed mid-write, or a disk that filled before
    /// this version cut failed writes back).
    static func cutTornLine(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return }
        var end = Int(info.st_size)
        var byte: UInt8 = 0
        guard pread(descriptor, &byte, 1, off_t(end - 1)) == 1, byte != UInt8(ascii: "\n") else { return }
        // Look back for the last "\n", a block at a time.
        var chunk = [UInt8](repeating: 0, count: 4096)
        var keep = 0
        search: while end > 0 {
            let start = max(0, end - chunk.count)
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, end - start, off_t(start)) }
            guard count == end - start else { throw PrivateFiles.Failure(path, errno: errno) }
            if let newline = chunk[..<count].lastIndex(of: UInt8(ascii: "\n")) {
                keep = start + newline + 1
                break search
            }
            end = start
        }
        guard ftruncate(descriptor, off_t(keep)) == 0 else { throw PrivateFiles.Failure(path, errno: errno) }
    }
}
