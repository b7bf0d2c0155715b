/// One message from the coach.
public struct Reply: Sendable, Equatable, Codable {
    public var text: String
    public var kind: ReplyKind
    /// The person quoted, for `quote` replies.
    public var author: String?

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
    public var key: String
    public var label: String
}

/// The engine's answer to one line (or to opening a conversation).
public struct Turn: Sendable {
    public var replies: [Reply]
    public var options: [TurnOption]
    /// The state the conversation is in after this turn.
    public var state: String
    /// The intent that decided the turn, or nil (an option number, repair, …).
    public var intent: String?
    /// How much of the line that intent explained, in words; nil without an intent.
    public var score: Double?
    public var ended: Bool
    /// The conversation's variables after this turn.
    public var variables: [String: Value]
    /// Why the engine answered as it did: for `/why` and for tests.
    public var explanation: Explanation
    /// What the turn touched, for transcript coverage.
    public var trace: TurnTrace
}

/// States entered, handlers and options fired, intents matched in a turn.
public struct TurnTrace: Sendable, Equatable {
    public var states: [Int32] = []
    public var handlers: [Int32] = []
    public var options: [Int32] = []
    /// The intent that decided the turn, if one did.
    public var intents: [Int32] = []
}

/// The reasoning behind a turn, in terms a writer can act on.
public struct Explanation: Sendable, Equatable {
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
        public var words: String
        public var entry: String
        public var typo: Bool
        public var negated: Bool
    }

    public struct Candidate: Sendable, Equatable {
        public var intent: String
        public var rank: Int
        public var score: Double
    }

    public var decision: Decision
    /// The handler that ran, as written after `on` ("faq", "yes, sure"…).
    public var handler: String?
    public var intent: String?
    public var score: Double?
    public var evidence: [Evidence] = []
    /// Every intent the line matched, best first.
    public var candidates: [Candidate] = []

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
        if let intent {
            let points = score.map { " with score \(Self.format($0))" } ?? ""
            lines.append("intent '\(intent)'\(points)" + (handler.map { ", handled by 'on \($0)'" } ?? ""))
        }
        for e in evidence {
            var notes: [String] = []
            if e.typo { notes.append("one typo forgiven") }
            if e.negated { notes.append("negated, counted half") }
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
