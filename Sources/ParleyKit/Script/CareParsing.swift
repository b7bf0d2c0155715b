/// Care mode in the language: the `care` block and the `not in care` mark.
/// Kept apart from Parser.swift so that file only gains the lines that call it.
extension ScriptParser {
    /// `not in care` on a line of its own, in a state, quote, FAQ or list.
    static func isNotInCare(_ line: OutlineLine) -> Bool {
        line.text.split(separator: " ", omittingEmptySubsequences: true) == ["not", "in", "care"]
    }

    /// ```
    /// care
    ///   when: care
    ///   instead: care.support
    ///   avoid: couple.*, quote.forgiving
    /// ```
    mutating func parseCare(_ line: OutlineLine, into file: inout ScriptFile) {
        var condition: Condition?
        var instead: Name?
        var avoid: [Name] = []
        for child in line.children {
            let (word, rest) = Self.split(child.text)
            switch Self.fieldName(word) {
            case "when"?:
                rejectChildren(child, after: "'when:'")
                condition = parseCondition(rest, child)
            case "instead"?:
                rejectChildren(child, after: "'instead:'")
                instead = name(rest, child, what: "state")
            case "avoid"?:
                for (piece, pieceLine) in Self.textPieces(rest, child) {
                    for item in piece.split(separator: ",") {
                        let trimmed = item.trimmingSpaces
                        let bare = trimmed.hasSuffix(".*") ? trimmed.dropLast(2) : trimmed
                        guard !trimmed.isEmpty, Self.isName(bare) else {
                            error(.syntax, "expected names of states, quotes, FAQs or lists (or 'prefix.*') after 'avoid:'",
                                  pieceLine, at: trimmed.isEmpty ? piece.startIndex : trimmed.startIndex)
                            continue
                        }
                        avoid.append(Name(String(trimmed), at: location(pieceLine, trimmed.startIndex)))
                    }
                }
            default:
                unexpected(child, expected: "a care field: when:, instead: or avoid:")
            }
        }
        guard let condition else {
            error(.missingField, "'care' needs 'when:' (the condition that puts a conversation in care mode)", line)
            return
        }
        guard let instead else {
            error(.missingField, "'care' needs 'instead:' (the state to go to instead of content not for care mode)", line)
            return
        }
        file.cares.append(CareDecl(condition: condition, instead: instead, avoid: avoid, location: location(line)))
    }
}
