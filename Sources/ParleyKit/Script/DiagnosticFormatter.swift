/// Renders diagnostics the way compilers do:
///
///     Dialogs/x.dialog:12:8: error[P010]: unknown state 'menu2'; did you mean 'menu'?
///        12 |   go menu2
///           |      ^~~~~
///
/// Styling (colour) is the caller's business: pass a `Style` that wraps text.
public struct DiagnosticFormatter: Sendable {
    /// Wrappers for each styled part of the output (a colour, for a terminal);
    /// each defaults to leaving the text as it is.
    public struct Style: Sendable {
        /// The "error[Pxxx]" label.
        public var error: @Sendable (String) -> String = { $0 }
        /// The "warning[Pxxx]" label.
        public var warning: @Sendable (String) -> String = { $0 }
        /// The "note" label.
        public var note: @Sendable (String) -> String = { $0 }
        /// The message.
        public var emphasis: @Sendable (String) -> String = { $0 }
        /// The caret line under the quoted source.
        public var caret: @Sendable (String) -> String = { $0 }
        /// No styling.
        public init() {}
    }

    /// The text of each file, for showing the offending line.
    public var sources: [String: String] {
        didSet { lineStarts = Self.lineStarts(of: sources) }
    }
    /// How labels, messages and carets are styled.
    public var style: Style
    /// For each file, the UTF-8 offset where each line starts: finding a
    /// diagnostic's line is a lookup, not a scan from line 1 (which made 300
    /// diagnostics after 3 MB of comments take a minute).
    private var lineStarts: [String: [Int]]

    /// `sources`: each file's text by path, as `CompileResult.sources` gives it.
    public init(sources: [String: String], style: Style = Style()) {
        self.sources = sources
        self.style = style
        self.lineStarts = Self.lineStarts(of: sources)
    }

    /// Lines longer than this many characters are cut to a window around the caret.
    static let screenWidth = 120
    /// The window's size, and how much of it comes before the caret.
    static let windowWidth = 100
    static let windowLead = 40

    /// The diagnostic as lines ending in "\n": "file:line:column: severity[code]: message",
    /// the source line with a caret under `length` characters, then notes and
    /// fix-its. Lines over 120 characters are cut to a window around the caret.
    public func format(_ diagnostic: Diagnostic) -> String {
        let severity = diagnostic.severity == .error
            ? style.error("error[\(diagnostic.code.rawValue)]")
            : style.warning("warning[\(diagnostic.code.rawValue)]")
        // Messages and paths quote the script: nothing in them may reach the terminal as a control.
        func clean(_ text: String) -> String { ControlCharacters.shown(text) }
        var lines = ["\(diagnostic.location.map { "\(clean($0.description)): " } ?? "")\(severity): \(style.emphasis(clean(diagnostic.message)))"]
        if let location = diagnostic.location { lines += excerpt(location, length: diagnostic.length) }
        for note in diagnostic.notes {
            lines.append("\(note.location.map { "\(clean($0.description)): " } ?? "")\(style.note("note")): \(clean(note.message))")
        }
        for fix in diagnostic.fixIts {
            lines.append("\(clean(fix.location.description)): \(style.note("fix")): \(clean(fix.message))")
        }
        return lines.joined(separator: "\n")
    }

    /// The source line with a caret line under the problem. Controls, bidi
    /// overrides and separators are shown as spaces (see `ControlCharacters`).
    /// A line longer than `screenWidth` characters is cut to `windowWidth`
    /// characters around the caret, with "…" where it was cut. The cost is that
    /// of the window, not of the line, when the location has its byte offset.
    func excerpt(_ location: SourceLocation, length: Int) -> [String] {
        guard let text = sources[location.file], let starts = lineStarts[location.file],
              location.line >= 1, location.line <= starts.count else { return [] }
        let utf8 = text.utf8
        let lineStart = utf8.index(utf8.startIndex, offsetBy: starts[location.line - 1])
        var lineEnd = location.line < starts.count
            ? utf8.index(utf8.startIndex, offsetBy: starts[location.line] - 1) : utf8.endIndex
        if lineEnd > lineStart, utf8[utf8.index(before: lineEnd)] == UInt8(ascii: "\r") { lineEnd = utf8.index(before: lineEnd) }
        let line = text[lineStart..<lineEnd]

        // Short lines are shown whole; finding out costs at most screenWidth + 1 characters.
        var short = true
        var counted = 0
        var index = line.startIndex
        while index < line.endIndex {
            counted += 1
            if counted > Self.screenWidth { short = false; break }
            index = line.index(after: index)
        }
        var shown = line
        var column = max(1, location.column)
        var cutBefore = false
        var cutAfter = false
        var available = max(1, counted - column + 1)
        WorkMeter.add(counted)
        if !short {
            let caret = caretIndex(location, in: line, text: text)
            var start = caret
            var lead = 0
            while lead < Self.windowLead, start > line.startIndex { start = line.index(before: start); lead += 1 }
            var end = start
            var width = 0
            while width < Self.windowWidth, end < line.endIndex { end = line.index(after: end); width += 1 }
            WorkMeter.add(lead + width)
            shown = line[start..<end]
            cutBefore = start > line.startIndex
            cutAfter = end < line.endIndex
            column = lead + 1 + (cutBefore ? 1 : 0)
            available = max(1, width - lead)
        }
        let cleaned = (cutBefore ? "…" : "") + ControlCharacters.shown(shown) + (cutAfter ? "…" : "")
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        let caretWidth = max(1, min(length, available))
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^" + String(repeating: "~", count: caretWidth - 1)
        return ["\(gutter) | \(cleaned)", "\(pad) | \(style.caret(caret))"]
    }

    /// Where the caret goes in `line`: from the location's byte offset when it
    /// has one inside the line, else by counting columns from the line's start.
    private func caretIndex(_ location: SourceLocation, in line: Substring, text: String) -> Substring.Index {
        let utf8 = text.utf8
        if let offset = location.offset, offset >= utf8.distance(from: utf8.startIndex, to: line.startIndex),
           offset <= utf8.distance(from: utf8.startIndex, to: line.endIndex) {
            var index = utf8.index(utf8.startIndex, offsetBy: offset)
            // Round down to a scalar boundary (never inside a UTF-8 sequence).
            while index > line.startIndex, index < line.endIndex, utf8[index] & 0xC0 == 0x80 {
                index = utf8.index(before: index)
            }
            return index
        }
        var index = line.startIndex
        var column = 1
        while column < location.column, index < line.endIndex { index = line.index(after: index); column += 1 }
        WorkMeter.add(column)
        return index
    }

    static func lineStarts(of sources: [String: String]) -> [String: [Int]] {
        sources.mapValues { text in
            WorkMeter.add(text.utf8.count)
            var starts = [0]
            var offset = 0
            for byte in text.utf8 {
                offset += 1
                if byte == 0x0A { starts.append(offset) }
            }
            return starts
        }
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
    /// `s` as a JSON string literal, quotes included.
    public static func quote(_ s: String) -> String {
        var writer = JSONWriter()
        writer.string(s)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
