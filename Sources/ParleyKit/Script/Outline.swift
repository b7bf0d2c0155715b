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

        var number = 0
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
}
