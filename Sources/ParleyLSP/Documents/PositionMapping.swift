/// The one place where Parley columns and LSP columns meet.
///
/// Parley counts columns in characters (grapheme clusters), 1-based, as
/// `SourceLocation` says; a tab in the indentation counts two columns, as the
/// parser counts it (it reports the tab and reads on). LSP counts UTF-16 code
/// units, 0-based (LSP 3.17's default `positionEncoding`, the one every
/// client supports). If Parley's columns change unit (bytes, say), only this
/// type changes.
public enum PositionMapping {
    /// The UTF-16 offset where Parley's `column` starts on `line` (the line's
    /// text without its line break). A column past the end of the line maps
    /// past the end by the same number of characters, so a caret after the
    /// last character still lands there.
    public static func utf16Offset(ofColumn column: Int, in line: Substring) -> Int {
        var result: Int?
        walk(line) { characterColumn, utf16 in
            if characterColumn >= column { result = utf16; return false }
            return true
        } end: { endColumn, utf16 in
            result = utf16 + max(0, column - endColumn)
        }
        return result ?? 0
    }

    /// Parley's column for a UTF-16 offset on `line`. An offset inside a
    /// character (between the two halves of a surrogate pair, or on a
    /// combining mark) maps to that character's column.
    public static func column(ofUTF16Offset offset: Int, in line: Substring) -> Int {
        var result = 1
        walk(line) { characterColumn, utf16 in
            if utf16 > offset { return false }
            result = characterColumn
            return true
        } end: { endColumn, utf16 in
            if offset >= utf16 { result = endColumn + (offset - utf16) }
        }
        return max(1, result)
    }

    /// Calls `visit(column, utf16Offset)` at the start of each character, in
    /// order, until it returns false; then `end(column, utf16Offset)` with
    /// the position just after the last character, unless stopped early.
    private static func walk(_ line: Substring, visit: (Int, Int) -> Bool, end: (Int, Int) -> Void) {
        var column = 1
        var utf16 = 0
        var inIndentation = true
        for character in line {
            if !visit(column, utf16) { return }
            let isTab = character == "\t"
            if character != " " && !isTab { inIndentation = false }
            column += isTab && inIndentation ? 2 : 1
            utf16 += character.utf16.count
        }
        end(column, utf16)
    }
}
