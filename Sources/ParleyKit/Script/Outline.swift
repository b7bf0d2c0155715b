/// A file's meaningful lines arranged by indentation: each line owns the lines
/// indented further below it. The parser reads this tree, so it never has to
/// count spaces itself.
struct OutlineLine: Sendable {
    var number: Int
    /// Column (1-based) where the text starts.
    var column: Int
    var text: Substring
    /// Character columns of positions in `text`, built once for the line.
    var columns: ColumnMap
    var children: [OutlineLine] = []
    /// Lines below this one were dropped for nesting too deep (already reported).
    var truncated = false

    /// This line and its descendants, flattened in order; used for continuation text.
    var flattened: [OutlineLine] {
        var out: [OutlineLine] = [self]
        for child in children { out.append(contentsOf: child.flattened) }
        return out
    }
}

enum Outline {
    /// Deeper blocks than this are refused: no dialog needs them, and a
    /// pathological file must not exhaust the stack of the recursive parser.
    static let maximumDepth = 64

    static func build(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> [OutlineLine] {
        build(text[...], firstLine: 1, path: path, diagnostics: &diagnostics)
    }

    /// The outline of `text`, a slice of a file's text starting at the start
    /// of line `firstLine`: the same lines, numbers and byte offsets (counted
    /// from the start of the whole file) as the file's outline gives them.
    /// Exact for a slice that starts the file or starts at a block start
    /// (`isBlockStart`); there the outline holds nothing open, so the slice's
    /// lines are read as the whole file reads them, except that a slice
    /// reports nesting too deep once for itself (the file reports it once).
    static func build(_ text: Substring, firstLine: Int, path: String, diagnostics: inout [Diagnostic]) -> [OutlineLine] {
        var roots: [OutlineLine] = []
        // The chain of open blocks, outermost first, with each block's indent.
        var stack: [(indent: Int, line: OutlineLine)] = []
        var reportedDepth = false

        func closeTop() {
            let (_, done) = stack.removeLast()
            if stack.isEmpty {
                roots.append(done)
            } else {
                stack[stack.count - 1].line.children.append(done)
            }
        }

        var number = firstLine - 1
        // Lines are split on bytes: splitting on Characters walks grapheme
        // clusters, which dominates the cost of reading a large dialog.
        for rawBytes in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let rawLine = Substring(rawBytes)
            number += 1
            var line = rawLine
            let lineOffset = rawLine.fileOffset(of: rawLine.startIndex)
            if line.last == "\r" { line = line.dropLast() }
            // Indentation: spaces count one column; a tab is an error but
            // counts as two so that the rest of the file still parses.
            var indent = 0
            var index = line.startIndex
            var sawTab = false
            while index < line.endIndex, line[index] == " " || line[index] == "\t" {
                if line[index] == "\t" {
                    if !sawTab {
                        diagnostics.append(Diagnostic(
                            .indentation, "tab in indentation; indent with spaces",
                            at: SourceLocation(file: path, line: number, column: indent + 1, offset: lineOffset + line.utf8.distance(from: line.startIndex, to: index)),
                            fixIts: [.init("replace the tab with two spaces",
                                           at: SourceLocation(file: path, line: number, column: indent + 1, offset: lineOffset + line.utf8.distance(from: line.startIndex, to: index)),
                                           length: 1, replacement: "  ")]))
                        sawTab = true
                    }
                    indent += 2
                } else {
                    indent += 1
                }
                index = line.index(after: index)
            }
            var content = line[index...]
            while let last = content.last, last == " " || last == "\t" { content = content.dropLast() }
            if content.isEmpty || content.first == "#" { continue }

            while let top = stack.last, top.indent >= indent { _ = top; closeTop() }
            if stack.count >= maximumDepth {
                // Too deep: report once, and drop this line (and so everything below it).
                if !reportedDepth {
                    diagnostics.append(Diagnostic(
                        .tooDeep, "blocks are nested more than \(maximumDepth) levels deep; the lines below are ignored",
                        at: SourceLocation(file: path, line: number, column: indent + 1, offset: lineOffset + line.utf8.distance(from: line.startIndex, to: index))))
                    reportedDepth = true
                }
                stack[stack.count - 1].line.truncated = true
                continue
            }
            if let parent = stack.last, let sibling = parent.line.children.last {
                let siblingIndent = sibling.column - 1
                if siblingIndent != indent {
                    diagnostics.append(Diagnostic(
                        .indentation,
                        "inconsistent indentation: this line is indented \(indent) spaces, the line above at the same level \(siblingIndent)",
                        at: SourceLocation(file: path, line: number, column: 1, offset: lineOffset), length: max(1, indent),
                        notes: [.init("the earlier line is here", at: SourceLocation(file: path, line: sibling.number, column: sibling.column, offset: sibling.text.fileOffset(of: sibling.text.startIndex)))]))
                }
            } else if stack.isEmpty, let sibling = roots.last, sibling.column - 1 != indent, indent > 0 {
                diagnostics.append(Diagnostic(
                    .indentation, "this line is indented, but there is no block above it to belong to",
                    at: SourceLocation(file: path, line: number, column: 1, offset: lineOffset), length: indent))
            } else if stack.isEmpty, roots.isEmpty, indent > 0 {
                diagnostics.append(Diagnostic(
                    .indentation, "the first line of a file must not be indented",
                    at: SourceLocation(file: path, line: number, column: 1, offset: lineOffset), length: indent))
            }
            stack.append((indent, OutlineLine(number: number, column: indent + 1, text: content, columns: ColumnMap(content))))
        }
        while !stack.isEmpty { closeTop() }
        return roots
    }

    /// Whether `rawLine` (a line of a file without its "\n") starts a
    /// top-level block: a meaningful line at the left margin. Above it the
    /// outline closes every open block, so nothing before it changes how it or
    /// the lines after it are read (`build` decides so, in the same terms:
    /// a trailing "\r" dropped, spaces and tabs as indentation, "#" a comment).
    static func isBlockStart(_ rawLine: Substring) -> Bool {
        let bytes = rawLine.utf8
        guard let first = bytes.first else { return false }
        switch first {
        case 0x20, 0x09:
            // An ASCII byte after it (or none): the space or tab is a character of its own, so indentation.
            if bytes.dropFirst().first.map({ $0 < 0x80 }) ?? true { return false }
            fallthrough
        case 0x23, 0x0D, 0x80...:
            // The first byte may be part of a larger character (a space and a
            // combining mark is not indentation), or "\r" the whole line: decide on characters.
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            guard let character = line.first else { return false }
            return character != "#" && character != " " && character != "\t"
        default: return true
        }
    }
}
