import ParleyFiles
import ParleyKit

/// The lines a person typed to one dialog, newest last, one per line, for
/// readline's Up and Ctrl-R. Each line is written as it is entered, so a
/// crash loses nothing; the file never holds more than `limit` lines.
struct HistoryFile {
    let path: String
    static let limit = 1_000
    /// A longer line is kept only this far (the engine reads no further).
    static let longestEntry = 4_000
    /// A history file larger than this is not ours to read.
    static let largestFile = 16 << 20

    /// Lines in the file as far as this process knows.
    private(set) var count = 0

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
            case 0x00..<0x20, 0x7F..<0xA0: continue
            default: scalars.append(scalar)
            }
        }
        let cleaned = TerminalTextTrim.spaces(String(scalars))
        guard !cleaned.isEmpty else { return nil }
        return cleaned.count > longestEntry ? String(cleaned.prefix(longestEntry)) : cleaned
    }

    /// The last `limit` lines of the file, oldest first.
    mutating func load() throws -> [String] {
        let lines = try Self.lines(of: PrivateFiles.read(path, limit: Self.largestFile) ?? [])
        count = lines.count
        return Array(lines.suffix(Self.limit))
    }

    /// Adds `entry` (from `entry(_:)`) to the file, trimming the oldest lines
    /// once there are more than `limit`.
    mutating func append(_ entry: String) throws {
        if count < Self.limit {
            try PrivateFiles.append(entry + "\n", to: path)
            count += 1
            return
        }
        // Full: rewrite with the newest lines, re-reading the file so lines
        // another chat added meanwhile are kept.
        let lines = try Self.lines(of: PrivateFiles.read(path, limit: Self.largestFile) ?? [])
        let kept = Array((lines + [entry]).suffix(Self.limit))
        try PrivateFiles.write(kept.joined(separator: "\n") + "\n", to: path)
        count = kept.count
    }

    /// Deletes the file; the number of lines it had, or nil if there was none.
    mutating func delete() throws -> Int? {
        let lines = (try? PrivateFiles.read(path, limit: Self.largestFile)).flatMap { $0 }.map(Self.lines)
        let deleted = try PrivateFiles.delete(path)
        count = 0
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
}
