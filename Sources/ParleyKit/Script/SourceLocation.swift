/// A place in a dialog file, 1-based.
///
/// Units: `line` counts lines split at `\n`, from 1. `column` counts
/// characters from the start of the line, from 1, where a character is an
/// extended grapheme cluster (Swift's `Character`): "é" written as e + U+0301
/// is one column, an emoji with modifiers is one column (a tab in indentation,
/// itself an error, counts as two).
/// `offset`, when known, is the same place as a UTF-8 byte offset from the
/// start of the text the compiler read (`CompileResult.sources[file]`, which
/// has any leading byte-order mark removed), counted from 0.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file's path as it was given (not resolved), so messages match what the writer typed.
    public var file: String
    /// Line, from 1 (lines split at `\n`).
    public var line: Int
    /// Column, from 1, in characters (extended grapheme clusters) from the start of the line.
    public var column: Int
    /// UTF-8 byte offset of this place in the file's text, from 0; nil where
    /// the producer of the location did not know it. Derived from line and
    /// column, so it takes no part in equality, hashing or order. Tools use it
    /// to find the place without walking the line (see `DiagnosticFormatter`).
    public var offset: Int?

    /// A place: `line` and `column` from 1; `offset`, if known, in UTF-8 bytes from 0.
    public init(file: String, line: Int, column: Int, offset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// "file:line:column", as compilers print places.
    public var description: String { "\(file):\(line):\(column)" }

    /// Same file, line and column; `offset` is not compared.
    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file == b.file && a.line == b.line && a.column == b.column
    }

    /// Hashes file, line and column, as `==` compares them.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(line)
        hasher.combine(column)
    }

    /// By file (as text), then line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// A name as written in a script, with where it was written.
public struct Name: Hashable, Sendable, CustomStringConvertible {
    /// The name as written (a state, an intent, a variable, `list.N`…).
    public var text: String
    /// Where its first character is.
    public var location: SourceLocation

    /// `text` written at `location`.
    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The name's text.
    public var description: String { text }
}
