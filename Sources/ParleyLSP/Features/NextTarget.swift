import ParleyKit

/// `next` written as a target (`go next`, `-> next`) under the caret. It is
/// a keyword, not a name, so the index holds no occurrence of it: it goes
/// to the state named by the current state's `next STATE` line
/// (docs/dialog-language.md, "Answer classes"). In a state that is one
/// state; in an answer class it is each using state's own; in a `global`
/// or `safety` handler it depends on the state the conversation is in.
struct NextTarget {
    enum Owner {
        case state(StateDecl)
        /// The class's name and the states that use it, in file order.
        case answerClass(String, [StateDecl])
        /// A `global` or `safety` handler, or a block that cannot hold `next`.
        case other
    }

    /// Where the word `next` is.
    var range: LSPRange
    var owner: Owner

    /// The `next` under `position` (line 1-based, as the compiler counts), if the word there is that keyword.
    init?(table: LineTable, line number: Int, position: LSPPosition, index: SymbolIndex) {
        let line = table.line(number)
        let characters = Array(line)
        let caret = position.character - table.shift(ofLine: number)
        // The word under the caret, or just before it.
        var utf16 = 0
        var hit: Int?
        for (i, character) in characters.enumerated() {
            let width = character.utf16.count
            if LanguageServer.isNameCharacter(character), caret >= utf16, caret <= utf16 + width { hit = i; if caret < utf16 + width { break } }
            utf16 += width
        }
        guard let hit else { return nil }
        var start = hit
        while start > 0, LanguageServer.isNameCharacter(characters[start - 1]) { start -= 1 }
        var end = hit + 1
        while end < characters.count, LanguageServer.isNameCharacter(characters[end]) { end += 1 }
        guard String(characters[start..<end]) == "next" else { return nil }
        let before = String(characters[..<start])
        let lead = before.drop { $0 == " " || $0 == "\t" }
        var trimmed = Substring(before)
        while trimmed.last == " " { trimmed = trimmed.dropLast() }
        // `go next` as a statement, or `… -> next` ending a trigger or option; not `next STATE`.
        guard lead.hasPrefix("go ") && lead.dropFirst(2).allSatisfy({ $0 == " " }) || trimmed.hasSuffix("->"),
              characters[end...].allSatisfy({ $0 == " " }) else { return nil }
        let startOffset = characters[..<start].reduce(0) { $0 + $1.utf16.count }
        range = LSPRange(start: table.position(line: number, utf16: startOffset),
                         end: table.position(line: number, utf16: startOffset + 4))
        owner = Self.owner(of: number, table: table, index: index)
    }

    /// The top-level block holding line `number`: the nearest line above at the left margin.
    private static func owner(of number: Int, table: LineTable, index: SymbolIndex) -> Owner {
        var head = number
        while head >= 1 {
            let text = table.line(head)
            if let first = text.first, first != " ", first != "\t", first != "#" { break }
            head -= 1
        }
        guard head >= 1 else { return .other }
        let words = table.line(head).split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 2 else { return .other }
        let name = String(words[1])
        switch words[0] {
        case "state":
            guard let state = index.states[name] else { return .other }
            return .state(state)
        case "answers":
            let users = index.states.values.filter { $0.answerClasses.contains { $0.text == name } }
                .sorted { $0.name.location < $1.name.location }
            return .answerClass(name, users)
        default:
            return .other
        }
    }

    /// The states `next` goes to from here, each with the state it goes from; `to` is nil where that state has no `next`.
    var destinations: [(from: String, to: Name?)] {
        switch owner {
        case .state(let state): [(state.name.text, state.next)]
        case .answerClass(_, let users): users.map { ($0.name.text, $0.next) }
        case .other: []
        }
    }

    /// The definitions of the states it goes to, in file order, each once.
    func definitions(in index: SymbolIndex) -> [Occurrence] {
        var seen = Set<String>()
        var found: [Occurrence] = []
        for case let (_, to?) in destinations where seen.insert(to.text).inserted {
            found += index.definitions(of: SymbolKey(kind: .state, name: to.text))
        }
        return found.sorted { $0.location < $1.location }
    }

    /// What it goes to, in Markdown.
    var hover: String {
        switch owner {
        case .state(let state):
            if let next = state.next {
                return "**next** → state `\(next.text)`\n\nthe state named by `next \(next.text)` in state `\(state.name.text)`"
            }
            return "**next**: the state named by the state's `next STATE` line; state `\(state.name.text)` has none, "
                + "so this is an error (P024)"
        case .answerClass(let name, let users):
            var lines = ["**next**: each state that uses answers `\(name)` goes on to its own `next STATE`", ""]
            if users.isEmpty { lines.append("No state uses answers `\(name)` yet.") }
            for user in users {
                lines.append("- from `\(user.name.text)` " + (user.next.map { "→ `\($0.text)`" } ?? ": no `next` line (P024)"))
            }
            return lines.joined(separator: "\n")
        case .other:
            return "**next**: the state named by the `next STATE` line of the state the conversation is in"
        }
    }
}
