/// Turns an `ElizaScript` into a Parley dialog: one keyword group per
/// keyword with rules, `swap` for ELIZA's word substitutions, `classes` for
/// DLIST tags, the MEMORY rule as `memory`, NONE as the state's `on anything`.
/// The result runs ELIZA's procedure: `clauses , . but`, `matching eliza`,
/// memory chosen by the last word and recalled on every fourth line, and
/// Weizenbaum's four built-in messages for a keyword none of whose patterns fit.
public enum ElizaConverter {
    /// ELIZA's messages for a keyword whose patterns all fail, one per value
    /// of its line counter (the 1966 program's, not the script's).
    static let builtInNoFit = ["PLEASE CONTINUE", "HMMM", "GO ON , PLEASE", "I SEE"]

    /// The dialog text for `script`; `name` becomes the dialog's name and
    /// `source` is named in the opening comment. Throws when a link names a
    /// keyword that has no rules.
    public static func dialog(from script: ElizaScript, name: String, source: String) throws(ElizaScript.Problem) -> String {
        let groupNames = names(for: script.rules.filter(hasRules).map(\.keyword))
        func groupName(_ keyword: String, at position: ElizaScript.Position) throws(ElizaScript.Problem) -> String {
            guard let name = groupNames[keyword] else {
                throw ElizaScript.Problem(message: "\(keyword) is linked to, but has no rules of its own", position: position)
            }
            return name
        }

        var out: [String] = []
        out.append("# \(name): converted by `parley import eliza` from \(source),")
        out.append("# a script in Weizenbaum's ELIZA format (CACM 9(1), 1966), as keyword groups.")
        out.append("")
        out.append("dialog \(name)")
        out.append("start talk")
        out.append("clauses , . but")
        out.append("matching eliza")

        // DLIST tags: tag -> keywords carrying it, in script order.
        var tagWords: [(tag: String, words: [String])] = []
        for rule in script.rules {
            for tag in rule.tags {
                if let i = tagWords.firstIndex(where: { $0.tag == tag }) {
                    tagWords[i].words.append(rule.keyword.lowercased())
                } else {
                    tagWords.append((tag, [rule.keyword.lowercased()]))
                }
            }
        }
        let classNames = names(for: tagWords.map(\.tag))
        // A (/TAG) no keyword carries can never match: a mistake in the script.
        func checkTags(_ terms: [ElizaScript.Term], at position: ElizaScript.Position) throws(ElizaScript.Problem) {
            for case .tags(let tags) in terms where !tags.contains(where: { classNames[$0] != nil }) {
                throw ElizaScript.Problem(message: "no keyword has \(tags.joined(separator: " or ")) in its DLIST, so (/\(tags.joined(separator: " "))) can never match",
                                          position: position)
            }
        }
        for rule in script.rules {
            for transformation in rule.transformations { try checkTags(transformation.decomposition, at: transformation.position) }
        }
        for transformation in script.memory?.transformations ?? [] {
            try checkTags(transformation.decomposition, at: script.memory!.position)
        }
        // A term with several tags takes the words of all of them: a class of its own.
        var combined: [(name: String, words: [String])] = []
        func className(_ tags: [String]) -> String {
            let known = tags.filter { classNames[$0] != nil }
            if known.count == 1 { return classNames[known[0]]! }
            let name = known.isEmpty ? "no-words" : known.map { classNames[$0]! }.joined(separator: "-or-")
            if !combined.contains(where: { $0.name == name }) {
                var words: [String] = []
                for tag in known { for w in tagWords.first(where: { $0.tag == tag })!.words where !words.contains(w) { words.append(w) } }
                combined.append((name, words))
            }
            return name
        }

        var groups: [String] = []
        for rule in script.rules where hasRules(rule) {
            let group = groupNames[rule.keyword]!
            groups.append("")
            groups.append("group \(group)")
            groups.append("  keywords: \(rule.keyword.lowercased())")
            if rule.precedence != 0 { groups.append("  rank: \(rule.precedence)") }
            for transformation in rule.transformations {
                let (pattern, parts) = self.pattern(transformation.decomposition, className: className)
                groups.append("  pattern: \(pattern)")
                for reassembly in transformation.reassemblies {
                    switch reassembly {
                    case .text(let words):
                        groups.append("    - " + text(words, parts: parts))
                    case .newkey:
                        groups.append("    pass")
                    case .link(let target, let at):
                        groups.append("    go \(try groupName(target, at: at))")
                    case .pre(let words, let target, let at):
                        groups.append("    go \(try groupName(target, at: at)) with " + text(words, parts: parts))
                    }
                }
            }
            if let link = rule.link {
                groups.append("  go \(try groupName(link, at: rule.linkPosition ?? rule.position))")
            }
        }

        var memory: [String] = []
        if let rule = script.memory {
            memory.append("")
            memory.append("memory \(try groupName(rule.keyword, at: rule.position))")
            memory.append("  choose: last word")
            memory.append("  recall: every 4")
            for (decomposition, reassembly) in rule.transformations {
                let (pattern, parts) = self.pattern(decomposition, className: className)
                memory.append("  pattern: \(pattern)")
                memory.append("    - " + text(reassembly, parts: parts))
            }
        }

        let classLines = tagWords.map { "  \(classNames[$0.tag]!): \($0.words.joined(separator: ", "))" }
            + combined.map { "  \($0.name): \($0.words.joined(separator: ", "))" }
        if !classLines.isEmpty {
            out.append("")
            out.append("classes")
            out += classLines
        }
        let swaps = script.rules.compactMap { rule in rule.substitute.map { "  \(rule.keyword.lowercased()): \($0.lowercased())" } }
        if !swaps.isEmpty {
            out.append("")
            out.append("swap")
            out += swaps
        }
        out += groups
        out += memory
        out.append("")
        out.append("no fit")
        out += builtInNoFit.map { "  - " + sentence($0.split(separator: " ").map(String.init)) }
        out.append("")
        out.append("state talk")
        out.append("  say " + sentence(script.opening))
        out.append("  on keywords")
        out.append("  on anything")
        if script.none.count == 1 {
            out.append("    say " + sentence(script.none[0]))
        } else {
            out.append("    say in order")
            out += script.none.map { "      - " + sentence($0) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func hasRules(_ rule: ElizaScript.KeywordRule) -> Bool {
        !rule.transformations.isEmpty || rule.link != nil
    }

    /// Parley names for ELIZA words: lower case, other characters as '-',
    /// made unique in order.
    public static func names(for words: [String]) -> [String: String] {
        var out: [String: String] = [:]
        var used = Set<String>()
        for word in words where out[word] == nil {
            var base = String(word.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
            while base.hasSuffix("-") { base.removeLast() }
            if base.first?.isLetter != true { base = "k" + base }
            var name = base
            var n = 2
            while used.contains(name) { name = "\(base)-\(n)"; n += 1 }
            used.insert(name)
            out[word] = name
        }
        return out
    }

    /// The pattern in Parley's form, and what each ELIZA part number becomes
    /// in a reply: `{N}` for a part that captures, the word for a literal.
    static func pattern(_ terms: [ElizaScript.Term], className: ([String]) -> String) -> (String, [String]) {
        var pieces: [String] = []
        var parts: [String] = []
        var capture = 0
        for term in terms {
            switch term {
            case .word(let w):
                pieces.append(w.lowercased())
                parts.append(w.lowercased())
            case .count(let n):
                pieces.append(n == 0 ? "*" : "*\(n)")
                capture += 1
                parts.append("{\(capture)}")
            case .oneOf(let words):
                pieces.append("[" + words.map { $0.lowercased() }.joined(separator: " ") + "]")
                capture += 1
                parts.append("{\(capture)}")
            case .tags(let tags):
                pieces.append("@" + className(tags))
                capture += 1
                parts.append("{\(capture)}")
            }
        }
        // ELIZA patterns fit the whole clause; Parley's float unless anchored.
        if case .count(0)? = terms.first {} else { pieces.insert("^", at: 0) }
        if case .count(0)? = terms.last {} else { pieces.append("$") }
        return (pieces.joined(separator: " "), parts)
    }

    /// A reassembly as reply text: numbers become their parts.
    static func text(_ words: [String], parts: [String]) -> String {
        sentence(words.map { word in
            if let n = Int(word), n >= 1, n <= parts.count { return parts[n - 1] }
            return word
        })
    }

    /// Words in sentence case: lower case, a capital first letter and after a
    /// full stop, and the pronoun I; braces are kept for `{N}` only.
    static func sentence(_ words: [String]) -> String {
        var out: [String] = []
        var capitalize = true
        for word in words {
            var w = word
            if !(w.hasPrefix("{") && w.hasSuffix("}")) {
                w = w.lowercased().replacing("{", with: "{{").replacing("}", with: "}}")
                if w == "i" || w.hasPrefix("i'") { w = "I" + w.dropFirst() }
                if capitalize, let first = w.first { w = first.uppercased() + w.dropFirst() }
            }
            capitalize = w.hasSuffix(".")
            out.append(w)
        }
        return out.joined(separator: " ")
    }
}
