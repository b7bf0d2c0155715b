/// Vocabulary: synonyms, reflections, and the matching fields of intents and FAQs.
extension ScriptParser {
    mutating func parseSynonym(_ line: OutlineLine, into file: inout ScriptFile) {
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'word: other word, another word'", line)
            return
        }
        let canonical = line.text[..<colon].trimmingSpaces
        var alternatives: [(text: String, location: SourceLocation)] = []
        for (piece, pieceLine) in Self.textPieces(line.text[line.text.index(after: colon)...], line) {
            for alternative in piece.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = alternative.trimmingSpaces
                if trimmed.isEmpty { continue }
                alternatives.append((String(trimmed), location(pieceLine, trimmed.startIndex)))
            }
        }
        if canonical.isEmpty || alternatives.isEmpty {
            error(.syntax, "expected 'word: other word, another word'", line)
            return
        }
        file.synonyms.append(SynonymDecl(canonical: String(canonical), alternatives: alternatives.map(\.text),
                                         alternativeLocations: alternatives.map(\.location), location: location(line)))
    }

    mutating func parseReflection(_ line: OutlineLine, into file: inout ScriptFile) {
        rejectChildren(line, after: "a reflection")
        guard let colon = line.text.firstIndex(of: ":") else {
            error(.syntax, "expected 'word: replacement'", line)
            return
        }
        let from = line.text[..<colon].trimmingSpaces
        let to = line.text[line.text.index(after: colon)...].trimmingSpaces
        if from.isEmpty || to.isEmpty {
            error(.syntax, "expected 'word: replacement'", line)
            return
        }
        file.reflections.append(ReflectionDecl(from: String(from), to: String(to), location: location(line)))
    }

    /// Parses one field of an intent (or of a FAQ's matching part); false if the line is not one.
    mutating func parseIntentField(_ line: OutlineLine, into intent: inout IntentDecl) -> Bool {
        let (word, rest) = Self.split(line.text)
        guard let field = Self.fieldName(word) else { return false }
        switch field {
        case "keywords", "keyword":
            intent.keywords += entries(rest, line)
        case "unless":
            intent.unless += entries(rest, line)
        case "pattern":
            rejectChildren(line, after: "a pattern")
            if let pattern = pattern(rest, line) { intent.patterns.append(pattern) }
        case "rank":
            rejectChildren(line, after: "'rank:'")
            if let n = Int(rest) { intent.rank = n } else {
                error(.syntax, "expected a whole number after 'rank:'", line, at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        case "matching":
            rejectChildren(line, after: "'matching:'")
            if let mode = MatchingMode(rawValue: String(rest)) { intent.matching = mode } else {
                error(.syntax, "expected 'exact', 'forgiving' or 'eliza' after 'matching:'", line,
                      at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        case "negated":
            rejectChildren(line, after: "'negated:'")
            if let mode = NegationMode(rawValue: String(rest)) { intent.negation = mode } else {
                error(.syntax, "expected 'ignore', 'lowers' or 'counts' after 'negated:'", line,
                      at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        case "typos":
            rejectChildren(line, after: "'typos:'")
            if let tolerance = TypoTolerance(rawValue: String(rest)) { intent.typos = tolerance } else {
                error(.syntax, "expected 'normal' or 'recall' after 'typos:'", line,
                      at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        case "reads":
            rejectChildren(line, after: "'reads:'")
            if let level = ReadingLevel(rawValue: String(rest)) { intent.reads = level } else {
                error(.syntax, "expected 'nothing' or 'little' after 'reads:'", line,
                      at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            }
        default:
            return false
        }
        return true
    }

    mutating func entries(_ first: Substring, _ line: OutlineLine) -> [EntryDecl] {
        var result: [EntryDecl] = []
        for (text, pieceLine) in Self.textPieces(first, line) {
            let pieces = text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Substring($0) }
            for (i, piece) in pieces.enumerated() {
                let trimmed = piece.trimmingSpaces
                if trimmed.isEmpty {
                    // A trailing comma before a continuation line is fine.
                    if i == pieces.count - 1, pieces.count > 1 { continue }
                    error(.syntax, "empty keyword entry", pieceLine, at: piece.startIndex, length: 1)
                    continue
                }
                let groups = trimmed.utf8.split(separator: UInt8(ascii: "+"), omittingEmptySubsequences: false).map {
                    $0.split(separator: 0x20).map { String(Substring($0)) }
                }
                if groups.contains(where: \.isEmpty) {
                    error(.syntax, "'+' needs words on both sides", pieceLine, at: trimmed.startIndex, length: trimmed.count)
                    continue
                }
                if trimmed.utf8.contains(UInt8(ascii: "*")) {
                    error(.badPattern, "'*' only works in 'pattern:' lines", pieceLine, at: trimmed.startIndex, length: trimmed.count)
                    continue
                }
                result.append(EntryDecl(groups: groups, text: String(trimmed), location: location(pieceLine, trimmed.startIndex)))
            }
        }
        return result
    }

    mutating func pattern(_ text: Substring, _ line: OutlineLine) -> PatternDecl? {
        let body = Self.stripQuotes(text)
        let elements = body.split(separator: " ").map(String.init)
        if elements.isEmpty {
            error(.badPattern, "empty pattern", line, at: line.text.endIndex, length: 1)
            return nil
        }
        if elements.allSatisfy({ $0 == "*" || $0 == "#" }) {
            error(.badPattern, "a pattern of only '*' matches everything; use 'on anything' instead", line, at: body.startIndex, length: body.count)
            return nil
        }
        if let bad = elements.first(where: { $0 != "*" && $0 != "#" && $0.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "#") }) }) {
            error(.badPattern, "'\(bad)': a '*' or '#' must stand alone, with spaces around it", line, at: body.startIndex, length: body.count)
            return nil
        }
        return PatternDecl(elements: elements, text: String(body), location: location(line, body.startIndex))
    }
}
