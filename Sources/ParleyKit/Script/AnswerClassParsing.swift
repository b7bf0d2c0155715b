/// Parsing of answer classes: `answers NAME` at the top level, and a state's
/// `use answers NAME` and `next STATE` lines. Kept apart from Parser.swift so
/// the feature reads in one place.
extension ScriptParser {
    /// `answers NAME` with `on …` triggers below it.
    mutating func parseAnswerClass(_ rest: Substring, _ line: OutlineLine, into file: inout ScriptFile) {
        guard let n = name(rest, line, what: "answer class") else { return }
        let triggers = parseHandlerBlock(line)
        if triggers.isEmpty, line.children.isEmpty {
            error(.missingField, "answer class '\(n.text)' has no triggers: put 'on …' lines below it", line)
        }
        file.answerClasses.append(AnswerClassDecl(name: n, triggers: triggers, location: location(line)))
    }

    /// `use answers NAME` or `next STATE`, directly inside a state.
    mutating func parseStateLink(_ word: Substring, _ rest: Substring, _ line: OutlineLine, into state: inout StateDecl) {
        rejectChildren(line, after: "'\(word)'")
        if word == "next" {
            guard let n = name(rest, line, what: "next state") else { return }
            if state.next != nil {
                error(.duplicate, "state '\(state.name.text)' has two 'next' lines", line)
                return
            }
            state.next = n
            return
        }
        let (what, className) = Self.split(rest)
        guard what == "answers" else {
            error(.syntax, "expected 'use answers NAME'", line, at: rest.isEmpty ? line.text.endIndex : rest.startIndex)
            return
        }
        guard let n = name(className, line, what: "answer class") else { return }
        state.answerClasses.append(n)
    }
}

extension ScriptParser {
    /// `remember NAME` or `remember NAME reflected`.
    mutating func rememberStatement(_ rest: Substring, _ line: OutlineLine) -> Statement? {
        let (variable, after) = Self.split(rest)
        if after == "reflected" {
            return name(variable, line, what: "variable").map(Statement.rememberReflected)
        }
        return name(rest, line, what: "variable").map(Statement.remember)
    }
}
