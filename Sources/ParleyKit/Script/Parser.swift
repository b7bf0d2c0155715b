/// Reads one dialog file into a `ScriptFile`. It never stops at the first
/// problem: a line it cannot read is reported and skipped, so one run of
/// `parley lint` shows everything that is wrong.
public struct ScriptParser {
    /// The problems found so far, in the order found.
    public internal(set) var diagnostics: [Diagnostic] = []
    let path: String
    /// One-line triggers kept from the last parse (see `TriggerLinesMemo`); nil: parse every line.
    var triggerLines: TriggerLinesMemo?

    static let topLevelKeywords = [
        "dialog", "version", "start", "include", "synonyms", "reflect", "intent", "quote", "faq", "list",
        "state", "global", "safety", "repair", "care", "answers", "clauses", "matching", "classes", "swap", "group", "memory", "no",
    ]
    static let statementKeywords = [
        "say", "ask", "quote", "answer", "list", "set", "add", "subtract", "remember", "if", "else", "go",
        "back", "end", "restart", "stay", "option", "on", "repair", "ignore", "use", "next",
    ]
    /// The names `go` takes that are not states (`go back`, `go end`…); no state may be named so.
    public static let reservedTargets: Set<String> = ["back", "end", "restart", "stay", "next"]
    /// The session remembers used variants in one 64-bit word per site.
    static let maximumVariants = 64

    /// Parses `text` (already decoded) as the file at `path`: the file's
    /// declarations, and every problem found (a line that cannot be read is
    /// reported and skipped). Never fails; `path` is only used in locations.
    public static func parse(_ text: String, path: String) -> (ScriptFile, [Diagnostic]) {
        var parser = ScriptParser(path: path)
        let outline = Outline.build(text, path: path, diagnostics: &parser.diagnostics)
        var file = ScriptFile(path: path)
        for line in outline { parser.parseTopLevel(line, into: &file) }
        return (file, parser.diagnostics)
    }

    init(path: String) { self.path = path }

    // MARK: - Locations and small helpers

    func location(_ line: OutlineLine, _ index: Substring.Index? = nil) -> SourceLocation {
        Self.location(line, index ?? line.text.startIndex, path: path)
    }

    /// The location of `index` in `line`: its column from the line's column map
    /// (not by counting from the line's start, which made long lines quadratic).
    static func location(_ line: OutlineLine, _ index: Substring.Index, path: String) -> SourceLocation {
        SourceLocation(file: path, line: line.number, column: line.column + line.columns.characters(before: index, in: line.text),
                       offset: line.text.fileOffset(of: index))
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ line: OutlineLine, at index: Substring.Index? = nil,
                        length: Int? = nil, notes: [Diagnostic.Note] = [], fixIts: [Diagnostic.FixIt] = []) {
        let start = index ?? line.text.startIndex
        let span = length ?? max(1, line.columns.characters(from: start, to: line.text.endIndex, in: line.text))
        diagnostics.append(Diagnostic(code, message, at: location(line, start), length: span, notes: notes, fixIts: fixIts))
    }

    /// Splits a line into its first word and the rest (leading spaces skipped).
    static func split(_ text: Substring) -> (word: Substring, rest: Substring) {
        // Spaces are ASCII, so byte positions are character boundaries.
        let bytes = text.utf8
        let end = bytes.firstIndex(of: 0x20) ?? bytes.endIndex
        var start = end
        while start < bytes.endIndex, bytes[start] == 0x20 { start = bytes.index(after: start) }
        return (text[..<end], text[start...])
    }

    /// A field line such as `keywords: a, b`: the field name without its colon.
    static func fieldName(_ word: Substring) -> Substring? {
        word.hasSuffix(":") ? word.dropLast() : nil
    }

    /// The rule for names (docs/dialog-language.md); the editor's rename checks new names with it.
    public static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isLetter else { return false }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
        }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            && text.last != "."
    }

    mutating func name(_ text: Substring, _ line: OutlineLine, what: String) -> Name? {
        let trimmed = text.prefix { $0 != " " }
        guard !trimmed.isEmpty else {
            error(.syntax, "expected the \(what)'s name", line, at: text.startIndex)
            return nil
        }
        guard Self.isName(trimmed) else {
            error(.syntax, "'\(trimmed)' is not a valid name: use letters, digits, '-', '_' and '.', starting with a letter",
                  line, at: trimmed.startIndex, length: trimmed.count)
            return nil
        }
        let after = text[trimmed.endIndex...].drop { $0 == " " }
        if !after.isEmpty {
            error(.syntax, "unexpected text after the \(what)'s name", line, at: after.startIndex)
        }
        return Name(String(trimmed), at: location(line, trimmed.startIndex))
    }

    /// Continuation: the children of a line that cannot have a block are more
    /// of its text. Returns the pieces (each with its line) to be joined.
    static func textPieces(_ first: Substring, _ line: OutlineLine) -> [(Substring, OutlineLine)] {
        var pieces = [(first, line)]
        for child in line.children { pieces += child.flattened.map { ($0.text, $0) } }
        return pieces
    }

    /// The last "->" in a line (a target follows it), found without Foundation.
    static func lastArrow(in text: Substring) -> Range<Substring.Index>? {
        var index = text.endIndex
        while index > text.startIndex {
            let previous = text.index(before: index)
            if text[previous] == ">", previous > text.startIndex, text[text.index(before: previous)] == "-" {
                return text.index(before: previous)..<index
            }
            index = previous
        }
        return nil
    }

    static func stripQuotes(_ text: Substring) -> Substring {
        if text.count >= 2, text.first == "\"", text.last == "\"" { return text.dropFirst().dropLast() }
        return text
    }

    mutating func plainText(_ first: Substring, _ line: OutlineLine) -> String {
        let joined = Self.textPieces(first, line).map { String($0.0) }.joined(separator: " ")
        return String(Self.stripQuotes(Substring(joined)))
    }

    mutating func rejectChildren(_ line: OutlineLine, after what: String) {
        if let child = line.children.first {
            error(.indentation, "nothing can be indented under \(what)", child,
                  fixIts: [])
        }
    }
}
