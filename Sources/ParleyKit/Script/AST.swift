/// The parsed form of dialog scripts, before names are linked. Every node keeps
/// the location it came from so the compiler can point at it.

/// Text with `{…}` interpolations, as written.
public struct Template: Hashable, Sendable {
    public enum Part: Hashable, Sendable {
        case literal(String)
        /// `{1}`: the Nth wildcard capture of the matched pattern.
        case capture(Int, SourceLocation)
        /// `{input}`: the user's line.
        case input
        /// `{name}`: a variable, or `{list.N}`, resolved by the compiler.
        case reference(Name)
    }

    public var parts: [Part]
    public var location: SourceLocation

    public init(parts: [Part], location: SourceLocation) {
        self.parts = parts
        self.location = location
    }

    /// The text with interpolations shown as written; for messages and graphs.
    public var source: String {
        parts.map { part in
            switch part {
            case .literal(let s):
                s.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") })
                    ? s.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}") : s
            case .capture(let n, _): "{\(n)}"
            case .input: "{input}"
            case .reference(let name): "{\(name.text)}"
            }
        }.joined()
    }
}

public enum VariantMode: Hashable, Sendable {
    /// Random order, no repeats until all were used.
    case shuffled
    /// In the written order, cycling.
    case ordered
}

public enum TextSource: Hashable, Sendable {
    case single(Template)
    case variants([Template], VariantMode)
}

public indirect enum ValueExpr: Hashable, Sendable {
    case number(Double)
    case text(Template)
    case bool(Bool)
    case variable(Name)
    case visits(Name)
}

public enum CompareOp: String, Hashable, Sendable {
    case equal = "is", notEqual = "is not", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

public indirect enum Condition: Hashable, Sendable {
    case truthy(ValueExpr)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case compare(ValueExpr, CompareOp, ValueExpr)
    case visited(Name)
    /// `heard INTENT`: the intent matched the line this turn answers (any rank).
    case heard(Name)
}

public enum Target: Hashable, Sendable {
    case state(Name)
    case back, end, restart, stay
    /// The state named by the state's own `next STATE` line; resolved per
    /// state, so one answer class can move every question on to its own next one.
    case next
}

public indirect enum Statement: Hashable, Sendable {
    case say(TextSource, SourceLocation)
    case ask(TextSource, SourceLocation)
    case quote(Name)
    case answer(Name?, SourceLocation)
    case list(Name)
    case set(Name, ValueExpr)
    case add(Double, Name)
    case remember(Name)
    /// `remember NAME reflected`: the line with I/you swapped, to say back.
    case rememberReflected(Name)
    case branch([Branch], otherwise: [Statement]?, SourceLocation)
    case go(Target, SourceLocation)
    case option(OptionDecl)
}

public struct Branch: Hashable, Sendable {
    public var condition: Condition
    public var body: [Statement]
}

public struct OptionDecl: Hashable, Sendable {
    public var label: Template
    public var body: [Statement]
    public var location: SourceLocation
}

public enum TriggerKind: Hashable, Sendable {
    case intent(Name)
    case anyFAQ(SourceLocation)
    case faq(Name)
    case anything(SourceLocation)
    /// `on keywords`: the dialog's keyword groups answer the line.
    case keywords(SourceLocation)
}

public struct TriggerDecl: Hashable, Sendable {
    public var kinds: [TriggerKind]
    public var condition: Condition?
    public var body: [Statement]
    public var location: SourceLocation
}

public struct RepairDecl: Hashable, Sendable {
    public struct Level: Hashable, Sendable {
        public var number: Int
        public var body: [Statement]
        public var location: SourceLocation
    }
    public var levels: [Level]
    public var location: SourceLocation
}

public struct StateDecl: Hashable, Sendable {
    public var name: Name
    public var ignoresGlobals: Bool
    public var body: [Statement]
    public var triggers: [TriggerDecl]
    public var repair: RepairDecl?
    /// `not in care`: never entered while care mode is on.
    public var notInCare = false
    /// `use answers NAME` lines: answer classes whose triggers this state takes
    /// after its own.
    public var answerClasses: [Name] = []
    /// `next STATE`: where `-> next` goes from this state.
    public var next: Name?
}

/// `answers NAME`: a named block of triggers (kinds of answer: an excuse, anger,
/// "I don't know"…) that any state can take with `use answers NAME`.
public struct AnswerClassDecl: Hashable, Sendable {
    public var name: Name
    public var triggers: [TriggerDecl]
    public var location: SourceLocation
}

/// One keyword entry: groups joined by `+`, each group a phrase of words.
public struct EntryDecl: Hashable, Sendable {
    public var groups: [[String]]
    public var text: String
    public var location: SourceLocation
}

public struct PatternDecl: Hashable, Sendable {
    /// Words and `*` wildcards, in order.
    public var elements: [String]
    public var text: String
    public var location: SourceLocation
}

public enum NegationMode: String, Hashable, Sendable, Codable {
    case ignore, lowers, counts
}

public struct IntentDecl: Hashable, Sendable {
    public var name: Name
    public var keywords: [EntryDecl] = []
    public var patterns: [PatternDecl] = []
    public var unless: [EntryDecl] = []
    public var rank: Int = 0
    public var negation: NegationMode = .ignore
    /// `matching: exact`: this intent compares words exactly (no stemming, typos or negation).
    public var matching: MatchingMode?
    public var typos: TypoTolerance = .normal
    /// `reads: nothing` / `reads: little`: the intent fires on a line the
    /// matcher can read too little of (see `ReadingLevel`).
    public var reads: ReadingLevel?
}

/// How readily an intent's words forgive a typo (`typos:`).
public enum TypoTolerance: String, Hashable, Sendable {
    /// Unknown words of five letters or more, one edit from a known word.
    case normal
    /// Recall first, for signs of danger: also words of four letters, and
    /// corrections to words of three ("hitt" -> hit).
    case recall
}

public struct QuoteDecl: Hashable, Sendable {
    public var name: Name
    public var author: String
    public var text: Template
    /// `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct FAQDecl: Hashable, Sendable {
    public var name: Name
    public var question: String
    public var answer: Template
    public var intent: IntentDecl
    /// `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct ListDecl: Hashable, Sendable {
    public var name: Name
    public var title: Template?
    public var items: [Template]
    /// `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct SynonymDecl: Hashable, Sendable {
    public var canonical: String
    public var alternatives: [String]
    public var alternativeLocations: [SourceLocation]
    public var location: SourceLocation
}

public struct ReflectionDecl: Hashable, Sendable {
    public var from: String
    public var to: String
    public var location: SourceLocation
}

public enum HeaderField: String, Hashable, Sendable {
    case dialog, version, start
    /// `clauses , . but`: what ends a clause for keyword groups and captures.
    case clauses
    /// `matching exact`: the whole dialog compares words exactly.
    case matching
}

public struct HeaderDecl: Hashable, Sendable {
    public var field: HeaderField
    public var value: String
    public var location: SourceLocation
    /// Where the value starts, for pointing at an unknown start state.
    public var valueLocation: SourceLocation
}

public struct IncludeDecl: Hashable, Sendable {
    public var path: String
    public var location: SourceLocation
}

public enum GlobalPriority: String, Hashable, Sendable {
    /// Checked before everything, even in states that ignore globals.
    case safety
    case before
    case after
}

public struct GlobalDecl: Hashable, Sendable {
    public var priority: GlobalPriority
    public var triggers: [TriggerDecl]
    public var location: SourceLocation
}

/// All declarations of one file, in the order written.
public struct ScriptFile: Sendable {
    public var path: String
    public var headers: [HeaderDecl] = []
    public var includes: [IncludeDecl] = []
    public var synonyms: [SynonymDecl] = []
    public var reflections: [ReflectionDecl] = []
    public var intents: [IntentDecl] = []
    public var quotes: [QuoteDecl] = []
    public var faqs: [FAQDecl] = []
    public var lists: [ListDecl] = []
    public var states: [StateDecl] = []
    public var globals: [GlobalDecl] = []
    public var repairs: [RepairDecl] = []
    public var wordClasses: [WordClassDecl] = []
    public var swaps: [SwapDecl] = []
    public var groups: [KeywordGroupDecl] = []
    public var memories: [MemoryDecl] = []
    public var noFits: [NoFitDecl] = []
    public var cares: [CareDecl] = []
    public var answerClasses: [AnswerClassDecl] = []

    public init(path: String) { self.path = path }
}

/// `care`: when care mode is on, and where content not for care mode is replaced.
public struct CareDecl: Hashable, Sendable {
    public var condition: Condition
    public var instead: Name
    /// `avoid:` names of states, quotes, FAQs and lists not for care mode;
    /// `prefix.*` stands for every name under `prefix.`.
    public var avoid: [Name] = []
    public var location: SourceLocation
}
