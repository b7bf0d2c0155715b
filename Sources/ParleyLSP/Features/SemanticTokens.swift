import ParleyKit

/// `textDocument/semanticTokens/full`: the colours of a dialog file. The
/// language is line-based, so a line is read on its own (knowing only the
/// block it is in and whether it continues the text above); the names come
/// from the dialog's index, so a state is coloured as a state wherever it is
/// written, and a name being defined carries the `declaration` modifier.
public enum SemanticTokens {
    public static let types = ["keyword", "comment", "string", "number", "operator", "property", "class", "event",
                               "interface", "struct", "enum", "variable", "parameter", "namespace"]
    public static let modifiers = ["declaration"]

    static var legend: JSONValue {
        .object(["tokenTypes": .array(types.map { .string($0) }), "tokenModifiers": .array(modifiers.map { .string($0) })])
    }

    enum TokenType: Int {
        case keyword, comment, string, number, `operator`, property, `class`, event, interface, `struct`, `enum`, variable,
             parameter, namespace
    }

    static func type(of kind: SymbolKind) -> TokenType {
        switch kind {
        case .state: .class
        case .intent: .event
        case .faq: .interface
        case .quote: .struct
        case .list: .enum
        case .variable: .variable
        case .file: .string
        case .answerClass: .namespace
        case .namePrefix: .namespace
        }
    }

    /// Fields whose value is text (and may go on over the lines below).
    static let textFields: Set<Substring> = ["by:", "text:", "question:", "answer:", "title:"]
    static let codeWords: Set<Substring> = ["if", "and", "or", "not", "visited", "visits", "is", "to", "from", "yes", "no",
                                            "faq", "anything", "back", "end", "restart", "stay", "one", "of", "in", "order",
                                            "globals", "before", "after", "answers"]
    static let operators: Set<Substring> = ["->", "<", "<=", ">", ">=", "(", ")", "+", ",", "-", "*", "#"]

    /// The encoded tokens (LSP's relative five-integer form) of one file.
    public static func encode(_ table: LineTable, occurrences: [Occurrence]) -> [Int] {
        var byLine: [Int: [Occurrence]] = [:]
        for occurrence in occurrences { byLine[occurrence.location.line, default: []].append(occurrence) }
        var data: [Int] = []
        var previousLine = 0
        var previousStart = 0
        var block: Substring = ""
        var textIndent: Int?
        for (offset, line) in table.lines.enumerated() {
            let number = offset + 1
            var painter = LinePainter(line)
            let indent = LineTable.indentation(line)
            let content = line.dropFirst(indent)
            if content.isEmpty { continue }
            if content.first == "#" {
                painter.paint(indent..., .comment)
            } else if let owner = textIndent, indent > owner {
                painter.text(indent...)
            } else {
                textIndent = nil
                if indent == 0 { block = content.prefix { $0 != " " } }
                if painter.lexLine(indent: indent, block: block) { textIndent = indent }
            }
            for occurrence in byLine[number] ?? [] {
                let start = PositionMapping.utf16Offset(ofColumn: occurrence.location.column, in: line)
                let end = PositionMapping.utf16Offset(ofColumn: occurrence.location.column + occurrence.length, in: line)
                painter.paintUTF16(start..<end, type(of: occurrence.kind), declaration: occurrence.isDefinition)
            }
            // The painter counts from the line as the compiler reads it; the
            // editor counts a byte order mark before line 1 too.
            let shift = table.shift(ofLine: number)
            for token in painter.tokens() {
                let start = shift + token.start
                let deltaLine = offset - previousLine
                data += [deltaLine, deltaLine == 0 ? start - previousStart : start, token.length,
                         token.type, token.modifiers]
                previousLine = offset
                previousStart = start
            }
        }
        return data
    }
}

/// Paints one line's characters with token types, later paint winning, and
/// reads the result back as tokens in UTF-16 units.
struct LinePainter {
    let characters: [Character]
    /// UTF-16 offset where each character starts, and one past the end.
    let offsets: [Int]
    /// Per UTF-16 unit: a token number (0 = none); equal numbers side by side form one token.
    var paint: [Int]
    var kinds: [Int: (type: Int, modifiers: Int)] = [:]
    var serial = 0

    init(_ line: Substring) {
        characters = Array(line)
        var offsets: [Int] = []
        var utf16 = 0
        for character in characters {
            offsets.append(utf16)
            utf16 += character.utf16.count
        }
        offsets.append(utf16)
        self.offsets = offsets
        paint = Array(repeating: 0, count: utf16)
    }

    mutating func paintUTF16(_ range: Range<Int>, _ type: SemanticTokens.TokenType, declaration: Bool = false) {
        let range = range.clamped(to: 0..<paint.count)
        guard !range.isEmpty else { return }
        serial += 1
        kinds[serial] = (type.rawValue, declaration ? 1 : 0)
        for i in range { paint[i] = serial }
    }

    /// Paints characters (by index in `characters`).
    mutating func paint(_ range: Range<Int>, _ type: SemanticTokens.TokenType) {
        let range = range.clamped(to: 0..<characters.count)
        guard !range.isEmpty else { return }
        paintUTF16(offsets[range.lowerBound]..<offsets[range.upperBound], type)
    }

    mutating func paint(_ range: PartialRangeFrom<Int>, _ type: SemanticTokens.TokenType) {
        paint(range.lowerBound..<characters.count, type)
    }

    /// Text: a string, with `{…}` interpolations as parameters (names inside are painted later from the index).
    mutating func text(_ range: Range<Int>) {
        var range = range.clamped(to: 0..<characters.count)
        while !range.isEmpty, characters[range.lowerBound] == " " { range = range.lowerBound + 1..<range.upperBound }
        paint(range, .string)
        var i = range.lowerBound
        while i < range.upperBound {
            if characters[i] == "{" {
                if i + 1 < range.upperBound, characters[i + 1] == "{" { i += 2; continue }
                var j = i + 1
                while j < range.upperBound, characters[j] != "}" { j += 1 }
                paint(i..<min(j + 1, range.upperBound), .parameter)
                i = j + 1
            } else {
                i += 1
            }
        }
    }

    mutating func text(_ range: PartialRangeFrom<Int>) { text(range.lowerBound..<characters.count) }

    /// The words of `range`: (start, end) character indices, split at spaces.
    func words(_ range: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, characters[i] == " " { i += 1 }
            let start = i
            while i < range.upperBound, characters[i] != " " { i += 1 }
            if start < i { out.append(start..<i) }
        }
        return out
    }

    func word(_ range: Range<Int>) -> Substring { Substring(String(characters[range])) }

    /// Code: keywords, numbers, operators and quoted text; names are left for the index.
    mutating func code(_ range: Range<Int>) {
        var i = range.lowerBound
        while i < range.upperBound {
            if characters[i] == "\"" {
                var j = i + 1
                while j < range.upperBound, characters[j] != "\"" { j += 1 }
                text(i..<min(j + 1, range.upperBound))
                i = j + 1
                continue
            }
            if characters[i] == " " { i += 1; continue }
            var j = i
            while j < range.upperBound, characters[j] != " ", characters[j] != "\"" { j += 1 }
            var piece = word(i..<j)
            var end = j
            if piece.hasSuffix(","), piece.count > 1 {
                piece = piece.dropLast()
                end -= 1
                paint(end..<j, .operator)
            }
            if SemanticTokens.codeWords.contains(piece) {
                paint(i..<end, .keyword)
            } else if SemanticTokens.operators.contains(piece) {
                paint(i..<end, .operator)
            } else if Double(piece) != nil {
                paint(i..<end, .number)
            }
            i = j
        }
    }

    /// Lexes a line that starts a statement or declaration; returns true if
    /// its text may go on over the lines indented below it.
    mutating func lexLine(indent: Int, block: Substring) -> Bool {
        let words = words(indent..<characters.count)
        guard let first = words.first else { return false }
        let head = word(first)
        let rest = first.upperBound..<characters.count
        if indent == 0 {
            switch head {
            case "dialog", "version", "include":
                paint(first, .keyword)
                text(rest)
                return head != "include"
            case "start", "intent", "quote", "faq", "list", "state", "synonyms", "reflect", "safety", "repair", "care",
                 "answers":
                paint(first, .keyword)
            case "global":
                paint(first, .keyword)
                code(rest)
            default: break
            }
            return false
        }
        if block == "synonyms" || block == "reflect" {
            if let colon = characters[indent...].firstIndex(of: ":") {
                paint(indent..<colon + 1, .property)
                text(colon + 1..<characters.count)
            }
            return false
        }
        if head.hasSuffix(":") {
            paint(first, .property)
            if SemanticTokens.textFields.contains(head) {
                text(rest)
                return true
            }
            switch head {
            case "rank:": code(rest)
            case "negated:": paint(rest, .keyword)
            case "when:", "instead:", "avoid:": code(rest)  // a care block: a condition, names
            default: text(rest)  // keywords:, pattern:, unless:
            }
            return false
        }
        switch head {
        case "-":
            paint(first, .operator)
            text(rest)
            return true
        case "say", "ask":
            paint(first, .keyword)
            let after = words.dropFirst().map(word)
            if after == ["one", "of"] || after == ["in", "order"] { code(rest) } else { text(rest); return true }
        case "option":
            paint(first, .keyword)
            if let arrow = words.firstIndex(where: { word($0) == "->" }) {
                text(first.upperBound..<words[arrow].lowerBound)
                code(words[arrow].lowerBound..<characters.count)
            } else {
                text(rest)
            }
        case "on", "if", "else", "go", "set", "add", "subtract", "remember", "quote", "answer", "list", "back", "end",
             "restart", "stay", "ignore", "level", "repair", "use", "next":
            paint(first, .keyword)
            code(rest)
        default:
            break
        }
        return false
    }

    /// The painted runs as (start, length, type, modifiers), in UTF-16 units.
    func tokens() -> [(start: Int, length: Int, type: Int, modifiers: Int)] {
        var out: [(start: Int, length: Int, type: Int, modifiers: Int)] = []
        var i = 0
        while i < paint.count {
            let id = paint[i]
            var j = i + 1
            while j < paint.count, paint[j] == id { j += 1 }
            if id != 0, let kind = kinds[id] {
                // A run of spaces at the edges of a string is kept: editors show it the same.
                out.append((i, j - i, kind.type, kind.modifiers))
            }
            i = j
        }
        return out
    }
}

extension LanguageServer {
    mutating func semanticTokens(_ params: JSONValue) throws -> JSONValue {
        let path = try documentPath(params)
        guard let snapshot = snapshot(for: path), let table = table(for: path, in: snapshot) else {
            return .object(["data": .array([])])
        }
        let data = SemanticTokens.encode(table, occurrences: snapshot.index.byFile[path] ?? [])
        return .object(["data": .array(data.map { .int($0) })])
    }
}
