/// One message from the coach.
public struct Reply: Sendable, Equatable, Codable {
    /// The reply's text, placeholders filled in; may hold newlines (a `list`).
    public var text: String
    /// Which statement said it.
    public var kind: ReplyKind
    /// The person quoted, for `quote` replies.
    public var author: String?

    /// A reply of `kind` saying `text`; `author` for quotes.
    public init(text: String, kind: ReplyKind, author: String? = nil) {
        self.text = text
        self.kind = kind
        self.author = author
    }

    /// The reply as one plain line of text; quotes carry their author.
    public var plainText: String {
        guard kind == .quote, let author else { return text }
        return "“\(text)” — \(author)"
    }
}

/// A numbered option on show.
public struct TurnOption: Sendable, Equatable, Codable {
    /// The number the user types to pick it, as text: "1", "2", … in order.
    public var key: String
    /// The option's label, placeholders filled in.
    public var label: String
}

/// The engine's answer to one line (or to opening a conversation).
public struct Turn: Sendable {
    /// The coach's messages, in order.
    public var replies: [Reply]
    /// The options on show after this turn, numbered from 1 (empty: none).
    public var options: [TurnOption]
    /// The state the conversation is in after this turn.
    public var state: String
    /// The intent that decided the turn, or nil (an option, repair, `on anything`).
    public var intent: String? { explanation.intent }
    /// How much of the line that intent explained, in words; nil without an intent.
    public var score: Double? { explanation.score }
    /// The conversation ended in this turn (or had ended): the next line restarts it.
    public var ended: Bool
    /// Why the engine answered as it did: for `/why` and for tests. A turn
    /// made with `explaining: false` (`Engine.respond(to:in:explaining:)`)
    /// keeps only the decision, the handler, the intent and the score: no
    /// evidence and no other candidates.
    public var explanation: Explanation
    /// What the turn touched, for transcript coverage; empty in a turn made
    /// with `explaining: false`.
    var trace: TurnTrace
    /// Every sign of danger the line showed: the intents a `safety` handler
    /// reacts to that matched, whichever handler answered (empty if none, and
    /// in a turn made with `explaining: false`).
    var signs: [String] = []
}

/// States entered, handlers and options fired, intents matched in a turn.
struct TurnTrace: Sendable, Equatable {
    var states: [Int32] = []
    var handlers: [Int32] = []
    var options: [Int32] = []
    /// The intent that decided the turn, if one did.
    var intents: [Int32] = []
}

/// The reasoning behind a turn, in terms a writer can act on. It keeps the
/// raw matches and spells out words and names only when asked, so a turn
/// that nobody explains costs nothing extra.
public struct Explanation: Sendable {
    /// Which part of the engine answered, in the order the engine tries them.
    public enum Decision: Sendable, Equatable {
        case opened
        case resumed
        case restartedAfterEnd
        case safety
        case globalBefore
        case state
        case option(key: String, byLabel: Bool)
        case globalAfter
        case anything
        case repair(level: Int)
    }

    /// One word (or phrase) of the line and the entry it matched.
    public struct Evidence: Sendable, Equatable {
        /// The words of the line that matched, as the user typed them.
        public var words: String
        /// The entry of the intent they matched (a keyword, a synonym or a pattern word).
        public var entry: String
        /// Matched through a typo (one edit away from the entry).
        public var typo: Bool
        /// The words were negated ("not happy") and the intent does not react to negation.
        public var negated: Bool
        /// Points per word this hit gave: 100, or 50 for a typo or a lowered negation.
        public var weight: Int
    }

    struct Candidate: Sendable, Equatable {
        var intent: String
        var rank: Int
        var score: Double
    }

    /// Which part of the engine answered.
    public var decision: Decision
    /// The handler that ran, as written after `on` ("faq", "yes, sure"…).
    public var handler: String?
    /// The match that decided the turn (an intent's, or an option label's).
    var chosen: IntentMatch?
    /// The dialog's intents, naming `chosen` and the matches (empty when
    /// nothing was chosen and the turn is not explained).
    private(set) var intents: [CompiledIntent]
    /// The evidence: the line, every match of it, and the dialog's entries
    /// that the matches' hits name. Kept only in an explained turn
    /// (`keep(line:matches:entries:)`): a front end that never explains (the
    /// bridge) would only free them with the turn (issue 12: destroying the
    /// turn's line, matches and hits was 2,800 instructions a bridge turn).
    /// One reference, not their six: an explanation is copied and destroyed
    /// on its way into the `Turn`, a few times a turn, each of them
    /// retaining or releasing every field (issue 12).
    private(set) var evidenceKept: KeptEvidence?
    /// The line of an explained turn.
    var line: NormalizedLine? { evidenceKept?.line }
    /// Every match of the line, best first; empty unless the turn is explained.
    var matches: [IntentMatch] { evidenceKept?.matches ?? [] }

    /// What an explained turn keeps (see `evidenceKept`).
    final class KeptEvidence: Sendable {
        let line: NormalizedLine
        let matches: [IntentMatch]
        /// The texts of the dialog's entries, which the hits name (`MatchEntries.sources`).
        let entrySources: MatchEntries.Sources

        init(line: NormalizedLine, matches: [IntentMatch], entrySources: MatchEntries.Sources) {
            self.line = line
            self.matches = matches
            self.entrySources = entrySources
        }
    }

    /// A decision; `chosen`, if any, is named from `intents` (the dialog's).
    init(decision: Decision, handler: String? = nil, chosen: IntentMatch? = nil, intents: [CompiledIntent] = []) {
        self.decision = decision
        self.handler = handler
        self.chosen = chosen
        self.intents = chosen == nil ? [] : intents
    }

    /// Keeps the evidence of an explained turn: its line, every match of it
    /// (best first), and the dialog's intents and entries (`IntentMatcher.entries`).
    mutating func keep(line: NormalizedLine, matches: [IntentMatch], intents: [CompiledIntent], entries: MatchEntries) {
        evidenceKept = KeptEvidence(line: line, matches: matches, entrySources: entries.sources)
        self.intents = intents
    }

    /// Whether the deciding match was an option's label rather than an intent.
    var choseOption: Bool { if case .option = decision { true } else { false } }

    /// The intent that decided the turn; nil for options, repair and `on anything`.
    public var intent: String? {
        guard let chosen, !choseOption else { return nil }
        return intents[Int(chosen.intent)].name
    }

    /// How much of the line the deciding match explained, in words.
    public var score: Double? {
        guard let chosen, !choseOption else { return nil }
        return Double(chosen.score) / 100
    }

    /// The words of the line that fired the deciding match, and the entries they matched.
    public var evidence: [Evidence] {
        guard let chosen, let line else { return [] }
        return chosen.hits.map { hit in
            // Contractions give several words one range; show each range once.
            var pieces: [String] = []
            for word in hit.words where word < line.words.count {
                let piece = String(line.display[line.words[word].range])
                if pieces.last != piece { pieces.append(piece) }
            }
            return Evidence(words: pieces.joined(separator: " "), entry: evidenceKept?.entrySources.text(of: Int(hit.entry)) ?? "", typo: hit.typo,
                            negated: hit.negated, weight: hit.weight)
        }
    }

    /// Every intent the line matched, best first (options' labels included).
    var candidates: [Candidate] {
        matches.map { Candidate(intent: intents[Int($0.intent)].name, rank: $0.rank, score: Double($0.score) / 100) }
    }

    /// A short account for people, one line per fact.
    public var summary: [String] {
        var lines: [String] = []
        switch decision {
        case .opened: lines.append("the conversation started")
        case .resumed: lines.append("the conversation was resumed; its question was asked again")
        case .restartedAfterEnd: lines.append("the conversation had ended, so it started again")
        case .safety: lines.append("a safety handler took the line (checked before everything else)")
        case .globalBefore: lines.append("a global handler (before the state's own) took the line")
        case .state: lines.append("the state's own trigger took the line")
        case .option(let key, let byLabel):
            lines.append(byLabel ? "option \(key) was chosen by its label" : "option \(key) was chosen by its number")
        case .globalAfter: lines.append("a global handler (after the state's own) took the line")
        case .anything: lines.append("the state's 'on anything' took the line: nothing more specific matched")
        case .repair(let level): lines.append("nothing matched: repair level \(level)")
        }
        if let intent, let score {
            lines.append("intent '\(intent)' with score \(Self.format(score))" + (handler.map { ", handled by 'on \($0)'" } ?? ""))
        }
        for e in evidence {
            var notes: [String] = []
            if e.typo { notes.append("one typo forgiven, counted half") }
            if e.negated { notes.append(e.weight < 100 && !e.typo ? "negated, counted half" : "negated") }
            lines.append("  \"\(e.words)\" matched '\(e.entry)'" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))"))
        }
        let others = candidates.filter { $0.intent != intent }
        if !others.isEmpty {
            lines.append("also matched: " + others.prefix(5).map { "\($0.intent) (\(Self.format($0.score)))" }.joined(separator: ", "))
        }
        return lines
    }

    static func format(_ score: Double) -> String {
        score == score.rounded() ? String(Int(score)) : String(score)
    }
}
