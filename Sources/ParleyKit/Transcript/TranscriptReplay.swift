/// The outcome of replaying one transcript.
public struct TranscriptResult: Sendable {
    /// One turn whose replies, options or assertions differ from the file.
    public struct Failure: Sendable {
        /// 0 for the opening, then 1, 2, … for each `you:` line.
        public var turn: Int
        /// The `you:` line's number in the file (0 for the opening).
        public var line: Int
        /// The `you:` line; nil for the opening.
        public var input: String?
        /// Readable lines: a diff ("- expected", "+ got", "  same") or a sentence.
        public var details: [String]
    }

    /// The transcript's path.
    public var path: String
    /// The turns that failed, in file order; empty when the transcript passed.
    public var failures: [Failure]
    /// The turns the engine gave, the opening first.
    public var turns: [Turn]
    /// The conversation's variables after each of `turns`, index for index.
    public var variables: [[String: Value]]
    /// The file with every failing or unchecked expectation rewritten from
    /// this run, for `parley test --update`.
    public var updatedText: String

    /// No failure.
    public var passed: Bool { failures.isEmpty }

    /// The failures as an indented report, ready to print under the file's name.
    public var report: [String] {
        failures.flatMap { failure -> [String] in
            let head = failure.turn == 0
                ? "opening:"
                : "turn \(failure.turn), line \(failure.line), you: \(failure.input ?? "")"
            return ["  " + head] + failure.details.map { "    " + $0 }
        }
    }
}

/// Replays transcripts against a compiled dialog.
public struct TranscriptReplayer: Sendable {
    /// The engine that replays.
    public let engine: Engine

    /// A replayer for `dialog`.
    public init(dialog: CompiledDialog) { engine = Engine(dialog: dialog) }

    /// The lines a turn shows, as a transcript writes them.
    static func replyLines(_ turn: Turn) -> [String] {
        turn.replies.flatMap { $0.plainText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    static func optionLines(_ turn: Turn) -> [String] {
        turn.options.map { "\($0.key). \($0.label)" }
    }

    /// Replays `transcript`: starts a session with its seed, feeds each `you:` line
    /// and compares replies, options and assertions. Pure; never throws: problems
    /// are failures in the result.
    public func replay(_ transcript: Transcript) -> TranscriptResult {
        var (session, opening) = engine.start(seed: transcript.seed)
        var actual: [Turn] = [opening]
        // The variables after each turn, for `? var` assertions: a Turn does
        // not carry them, so a front end keeping its last turn shares no
        // dictionary with the session (the next write would copy it).
        var variablesAfter: [[String: Value]] = [session.variables]
        for turn in transcript.turns.dropFirst() {
            actual.append(engine.respond(to: turn.input ?? "", in: &session))
            variablesAfter.append(session.variables)
        }
        var failures: [TranscriptResult.Failure] = []
        var rewrite: [Int: [String]] = [:]  // turn index -> new expectation lines
        var assertionRewrites: [Int: String] = [:]  // line -> new text
        for (index, expected) in transcript.turns.enumerated() {
            let got = actual[index]
            var details: [String] = []
            let gotReplies = Self.replyLines(got)
            let gotOptions = Self.optionLines(got)
            let repliesChecked = !expected.replies.isEmpty
            let repliesFail = repliesChecked && !Self.matches(expected.replies.map(\.kind), gotReplies)
            let optionsFail = expected.options.map { $0 != gotOptions } ?? false
            if repliesFail || optionsFail {
                let expectedLines = expected.replies.map(\.kind) + (expected.options ?? []).map { .exact("  " + $0) }
                let gotLines = gotReplies + (expected.options == nil ? [] : gotOptions.map { "  " + $0 })
                details += Self.diff(expectedLines, gotLines)
            }
            if repliesFail || optionsFail || !repliesChecked {
                rewrite[index] = Self.expectationText(gotReplies, gotOptions)
            }
            for (assertion, line) in expected.assertions {
                if let problem = Self.check(assertion, got, variables: variablesAfter[index]) {
                    details.append(problem.message)
                    assertionRewrites[line] = problem.fixed
                }
            }
            if !details.isEmpty {
                failures.append(.init(turn: index, line: expected.line, input: expected.input, details: details))
            }
        }
        return TranscriptResult(path: transcript.path, failures: failures, turns: actual, variables: variablesAfter,
                                updatedText: Self.updated(transcript, rewrite, assertionRewrites))
    }

    // MARK: - Comparing

    static func matches(_ expected: [Transcript.Expectation.Kind], _ got: [String]) -> Bool {
        expected.count == got.count && zip(expected, got).allSatisfy { lineMatches($0, $1) }
    }

    static func lineMatches(_ expected: Transcript.Expectation.Kind, _ got: String) -> Bool {
        switch expected {
        case .exact(let text): return text == got
        case .loose(let pattern): return Glob.matches(pattern, got)
        }
    }

    static func show(_ kind: Transcript.Expectation.Kind) -> String {
        switch kind {
        case .exact(let text): text.hasPrefix("  ") ? text : "bot: " + text
        case .loose(let pattern): "bot~ " + pattern
        }
    }

    /// A line diff: "  " both, "- " expected only, "+ " got only.
    static func diff(_ expected: [Transcript.Expectation.Kind], _ got: [String]) -> [String] {
        let n = expected.count, m = got.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = lineMatches(expected[i], got[j]) ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        func gotLine(_ s: String) -> String { s.hasPrefix("  ") ? s : "bot: " + s }
        while i < n || j < m {
            if i < n, j < m, lineMatches(expected[i], got[j]) {
                out.append("  " + gotLine(got[j]))
                i += 1
                j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                // What was expected first, then what came instead.
                out.append("- " + show(expected[i]))
                i += 1
            } else {
                out.append("+ " + gotLine(got[j]))
                j += 1
            }
        }
        return out
    }

    static func check(_ assertion: Transcript.Assertion, _ turn: Turn, variables: [String: Value])
        -> (message: String, fixed: String)? {
        switch assertion {
        case .state(let name):
            return turn.state == name ? nil : ("state is '\(turn.state)', expected '\(name)'", "? state \(turn.state)")
        case .intent(let name):
            guard turn.intent != name else { return nil }
            return ("intent is \(turn.intent.map { "'\($0)'" } ?? "none"), expected \(name.map { "'\($0)'" } ?? "none")",
                    "? intent \(turn.intent ?? "none")")
        case .ended(let ended):
            guard turn.ended != ended else { return nil }
            return (turn.ended ? "the conversation ended, expected it to go on" : "the conversation did not end",
                    turn.ended ? "? ended" : "? not ended")
        case .variable(let name, let value):
            let got = variables[name]?.description ?? ""
            return got == value ? nil : ("variable \(name) is \"\(got)\", expected \"\(value)\"", "? var \(name) = \"\(got)\"")
        }
    }

    // MARK: - Rewriting

    static func expectationText(_ replies: [String], _ options: [String]) -> [String] {
        replies.map { "bot: " + $0 } + options.map { "  " + $0 }
    }

    /// The transcript with the given turns' expectation lines replaced.
    static func updated(_ transcript: Transcript, _ rewrite: [Int: [String]], _ assertions: [Int: String]) -> String {
        var remove = Set<Int>()
        var insertAfter: [Int: [String]] = [:]  // line number (0 = before the first line) -> lines
        var insertBefore: [Int: [String]] = [:]
        for (index, lines) in rewrite.sorted(by: { $0.key < $1.key }) {
            let turn = transcript.turns[index]
            let old = turn.replies.map(\.line) + turn.optionLines
            remove.formUnion(old)
            if let first = old.min() {
                insertBefore[first, default: []] += lines
            } else if index == 0 {
                // The opening goes just before the first `you:`, or at the end.
                let anchor = transcript.turns.count > 1 ? transcript.turns[1].line : transcript.lines.count + 1
                insertBefore[anchor, default: []] += lines + (transcript.turns.count > 1 ? [""] : [])
            } else {
                insertAfter[turn.line, default: []] += lines
            }
        }
        var out: [String] = []
        for (index, line) in transcript.lines.enumerated() {
            let number = index + 1
            out += insertBefore[number] ?? []
            if !remove.contains(number) { out.append(assertions[number] ?? line) }
            out += insertAfter[number] ?? []
        }
        out += insertBefore[transcript.lines.count + 1] ?? []
        return out.joined(separator: "\n")
    }
}

/// `*` matches any text; case and runs of spaces do not matter.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(squeeze(pattern.lowercased())), t = Array(squeeze(text.lowercased()))
        var pi = 0, ti = 0
        var star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    static func squeeze(_ s: String) -> String {
        s.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
