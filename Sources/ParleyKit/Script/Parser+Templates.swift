/// Templates: text with `{…}` interpolations, as in `say` lines and content.
extension ScriptParser {
    mutating func template(_ first: Substring, _ line: OutlineLine) -> Template {
        let pieces = Self.textPieces(first, line)
        var parts: [Template.Part] = []
        for (index, (piece, pieceLine)) in pieces.enumerated() {
            var text = piece
            if pieces.count == 1 || index == 0, text.first == "\"" {
                if pieces.count == 1, text.count >= 2, text.last == "\"" { text = text.dropFirst().dropLast() }
            }
            if index > 0 { parts.append(.literal(" ")) }
            parts += templateParts(text, pieceLine)
        }
        if pieces.count > 1, case .literal(let s)? = parts.first, s.hasPrefix("\""),
           case .literal(let e)? = parts.last, e.hasSuffix("\"") {
            parts[0] = .literal(String(s.dropFirst()))
            parts[parts.count - 1] = .literal(String(e.dropLast()))
        }
        return Template(parts: Self.merged(parts), location: location(line, first.startIndex))
    }

    static func merged(_ parts: [Template.Part]) -> [Template.Part] {
        var out: [Template.Part] = []
        for part in parts {
            if case .literal(let s) = part, case .literal(let previous)? = out.last {
                out[out.count - 1] = .literal(previous + s)
            } else if case .literal(let s) = part, s.isEmpty {
                continue
            } else {
                out.append(part)
            }
        }
        return out
    }

    mutating func templateParts(_ text: Substring, _ line: OutlineLine) -> [Template.Part] {
        let path = self.path
        return Self.templateParts(text, diagnostics: &diagnostics) { index in Self.location(line, index, path: path) }
    }

    /// Splits text into literals and `{…}` interpolations. `locate` maps a
    /// position in `text` to a location in the file.
    static func templateParts(_ text: Substring, diagnostics: inout [Diagnostic],
                              locate: (Substring.Index) -> SourceLocation) -> [Template.Part] {
        // Most text has no braces: one literal, without walking its characters.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) {
            return text.isEmpty ? [] : [.literal(String(text))]
        }
        var parts: [Template.Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            if c == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    index = text.index(after: next)
                    continue
                }
                guard let close = text[next...].firstIndex(of: "}") else {
                    diagnostics.append(Diagnostic(.syntax, "missing '}' to close this '{' (write '{{' for a literal brace)",
                                                  at: locate(index)))
                    literal += text[index...]
                    break
                }
                let inner = text[next..<close].trimmingSpaces
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                if let n = Int(inner), n >= 1 {
                    parts.append(.capture(n, locate(index)))
                } else if inner == "input" {
                    parts.append(.input)
                } else if isName(inner) {
                    parts.append(.reference(Name(String(inner), at: locate(next))))
                } else {
                    diagnostics.append(Diagnostic(
                        .syntax, "'{\(inner.prefix(40))}' is not something text can show: use {variable}, {1} for a capture, {input}, or {list.N}",
                        at: locate(index), length: text.distance(from: index, to: close) + 1))
                }
                index = text.index(after: close)
            } else if c == "}" {
                if next < text.endIndex, text[next] == "}" {
                    literal.append("}")
                    index = text.index(after: next)
                } else {
                    diagnostics.append(Diagnostic(.syntax, "a lone '}' (write '}}' for a literal brace)", at: locate(index)))
                    literal.append("}")
                    index = next
                }
            } else {
                literal.append(c)
                index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }
}
