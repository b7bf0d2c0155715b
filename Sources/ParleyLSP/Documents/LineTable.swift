#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit

/// A zero-based LSP position: line, and UTF-16 code units into the line.
public struct LSPPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (a: LSPPosition, b: LSPPosition) -> Bool { (a.line, a.character) < (b.line, b.character) }

    public init?(_ json: JSONValue?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int, line >= 0, character >= 0 else { return nil }
        self.init(line: line, character: character)
    }

    public var json: JSONValue { .object(["line": .int(line), "character": .int(character)]) }
}

public struct LSPRange: Hashable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition

    public init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    public init?(_ json: JSONValue?) {
        guard let start = LSPPosition(json?["start"]), let end = LSPPosition(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    public func contains(_ position: LSPPosition) -> Bool { start <= position && position <= end }
    public func overlaps(_ other: LSPRange) -> Bool { start <= other.end && other.start <= end }

    public var json: JSONValue { .object(["start": start.json, "end": end.json]) }
}

/// A file's text split into lines, for turning Parley locations (1-based
/// lines, character columns) into LSP positions and back.
public struct LineTable: Sendable {
    public let text: String
    /// Each line without its line break ("\n" or "\r\n"), as the compiler
    /// reads it: line 1 without a leading byte order mark.
    public let lines: [Substring]
    /// UTF-16 units before line 1's first character: 1 if the text starts
    /// with U+FEFF, which the compiler drops (`TextFile`) and so does not
    /// count in its columns, but the editor counts in its positions.
    public let firstLineShift: Int

    public init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        // Split on bytes, like the parser's outline, so line numbers agree;
        // memchr for the line ends and a byte test for a "\r" before one (no
        // character joins a "\r" that ends a line). The generic split and
        // `Substring.last` cost 34M instructions for a 16,267-line file
        // (callgrind, 2026-11-30), built twice a re-check; this is a tenth.
        let utf8 = text.utf8
        var lines: [Substring] = []
        _ = utf8.withContiguousStorageIfAvailable { bytes in
            let count = bytes.count
            var offset = 0
            repeat {
                let end = bytes.baseAddress.flatMap { base in
                    memchr(base + offset, 0x0A, count - offset).map { UnsafeRawPointer(base).distance(to: UnsafeRawPointer($0)) }
                } ?? count
                let lineEnd = end > offset && bytes[end - 1] == 0x0D ? end - 1 : end
                lines.append(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: offset)..<utf8.index(utf8.startIndex, offsetBy: lineEnd)]))
                offset = end + 1
            } while offset <= count
        }
        if let first = lines.first, first.unicodeScalars.first == "\u{FEFF}" {
            lines[0] = Substring(first.unicodeScalars.dropFirst())
            firstLineShift = 1
        } else {
            firstLineShift = 0
        }
        self.lines = lines
    }

    /// UTF-16 units before line `number`'s (1-based) first character, in the editor's line.
    func shift(ofLine number: Int) -> Int { number == 1 ? firstLineShift : 0 }

    /// Line `number` (1-based), or an empty line past the end.
    public func line(_ number: Int) -> Substring {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    public func position(line: Int, column: Int) -> LSPPosition {
        LSPPosition(line: max(0, line - 1),
                    character: shift(ofLine: line) + PositionMapping.utf16Offset(ofColumn: column, in: self.line(line)))
    }

    /// The position of a UTF-16 offset into line `number` (1-based) as `lines` holds it.
    public func position(line number: Int, utf16 offset: Int) -> LSPPosition {
        LSPPosition(line: max(0, number - 1), character: shift(ofLine: number) + offset)
    }

    /// The position just after line `number`'s (1-based) last character.
    public func endOfLine(_ number: Int) -> LSPPosition {
        position(line: number, utf16: line(number).utf16.count)
    }

    public func position(_ location: SourceLocation) -> LSPPosition {
        position(line: location.line, column: location.column)
    }

    /// The range of `length` characters from `location`, on its line.
    public func range(_ location: SourceLocation, length: Int) -> LSPRange {
        LSPRange(start: position(location), end: position(line: location.line, column: location.column + max(0, length)))
    }

    /// Parley's (line, column) for an LSP position.
    public func location(_ position: LSPPosition) -> (line: Int, column: Int) {
        let line = position.line + 1
        return (line, PositionMapping.column(ofUTF16Offset: max(0, position.character - shift(ofLine: line)), in: self.line(line)))
    }

    /// The String index of an LSP position in `text`, clamped to the line's end.
    public func index(_ position: LSPPosition) -> String.Index {
        guard position.line < lines.count else { return text.endIndex }
        let shift = shift(ofLine: position.line + 1)
        // Before line 1's byte order mark: the text's start.
        if position.character < shift { return text.startIndex }
        let line = lines[position.line]
        let utf16 = line.utf16
        var offset = min(position.character - shift, utf16.count)
        // An offset between the halves of a surrogate pair rounds down to the pair's start.
        if offset > 0, offset < utf16.count, UTF16.isTrailSurrogate(utf16[utf16.index(utf16.startIndex, offsetBy: offset)]) {
            offset -= 1
        }
        return utf16.index(utf16.startIndex, offsetBy: offset)
    }

    /// The position just after the last character.
    public var end: LSPPosition {
        endOfLine(max(1, lines.count))
    }
}
