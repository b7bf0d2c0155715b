/// Renders diagnostics the way compilers do:
///
///     Dialogs/x.dialog:12:8: error[P010]: unknown state 'menu2'; did you mean 'menu'?
///        12 |   go menu2
///           |      ^~~~~
///
/// Styling (colour) is the caller's business: pass a `Style` that wraps text.
public struct DiagnosticFormatter: Sendable {
    public struct Style: Sendable {
        public var error: @Sendable (String) -> String = { $0 }
        public var warning: @Sendable (String) -> String = { $0 }
        public var note: @Sendable (String) -> String = { $0 }
        public var emphasis: @Sendable (String) -> String = { $0 }
        public var caret: @Sendable (String) -> String = { $0 }
        public init() {}
    }

    /// The text of each file, for showing the offending line.
    public var sources: [String: String]
    public var style: Style

    public init(sources: [String: String], style: Style = Style()) {
        self.sources = sources
        self.style = style
    }

    public func format(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity == .error
            ? style.error("error[\(diagnostic.code.rawValue)]")
            : style.warning("warning[\(diagnostic.code.rawValue)]")
        var lines = ["\(diagnostic.location.map { "\($0): " } ?? "")\(severity): \(style.emphasis(diagnostic.message))"]
        if let location = diagnostic.location { lines += excerpt(location, length: diagnostic.length) }
        for note in diagnostic.notes {
            lines.append("\(note.location.map { "\($0): " } ?? "")\(style.note("note")): \(note.message)")
        }
        for fix in diagnostic.fixIts {
            lines.append("\(fix.location): \(style.note("fix")): \(fix.message)")
        }
        return lines.joined(separator: "\n")
    }

    /// The source line (cleaned of control characters, shortened around the
    /// column if very long) with a caret line under the problem.
    func excerpt(_ location: SourceLocation, length: Int) -> [String] {
        guard let text = sources[location.file], let line = Self.line(location.line, of: text) else { return [] }
        var shown = Array(line.map { $0.isASCII && ($0.asciiValue! < 0x20 || $0.asciiValue! == 0x7F) ? " " : $0 })
        var column = max(1, location.column)
        // Keep long lines readable: a window of 100 characters around the column.
        if shown.count > 120 {
            let start = max(0, min(column - 40, shown.count - 100))
            shown = Array(shown[start..<min(shown.count, start + 100)])
            column -= start
        }
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let caretWidth = max(1, min(length, max(1, shown.count - column + 1)))
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^" + String(repeating: "~", count: caretWidth - 1)
        return ["\(gutter) | \(String(shown))", "\(pad) | \(style.caret(caret))"]
    }

    static func line(_ number: Int, of text: String) -> Substring? {
        var current = 1
        var start = text.startIndex
        while current < number {
            guard let newline = text[start...].firstIndex(of: "\n") else { return nil }
            start = text.index(after: newline)
            current += 1
        }
        let end = text[start...].firstIndex(of: "\n") ?? text.endIndex
        var line = text[start..<end]
        if line.last == "\r" { line = line.dropLast() }
        return line
    }

    /// One JSON object per diagnostic, for tools.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        func quote(_ s: String) -> String { JSONText.quote(s) }
        func location(_ l: SourceLocation?) -> String {
            guard let l else { return "null" }
            return "{\"file\":\(quote(l.file)),\"line\":\(l.line),\"column\":\(l.column)}"
        }
        let items = diagnostics.map { d in
            "{\"code\":\(quote(d.code.rawValue)),\"severity\":\(quote(d.severity.rawValue)),\"message\":\(quote(d.message)),"
                + "\"location\":\(location(d.location)),\"length\":\(d.length),"
                + "\"notes\":[\(d.notes.map { "{\"message\":\(quote($0.message)),\"location\":\(location($0.location))}" }.joined(separator: ","))],"
                + "\"fixIts\":[\(d.fixIts.map { "{\"message\":\(quote($0.message)),\"location\":\(location($0.location)),\"length\":\($0.length),\"replacement\":\(quote($0.replacement))}" }.joined(separator: ","))]}"
        }
        return "[" + items.joined(separator: ",\n") + "]"
    }
}

/// JSON string quoting for JSON written as text (`lint --format json`):
/// `JSONWriter`'s escaping, so there is one.
public enum JSONText {
    public static func quote(_ s: String) -> String {
        var writer = JSONWriter()
        writer.string(s)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
