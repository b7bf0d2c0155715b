/// The parsed form of dialog scripts, before names are linked. Every node keeps
/// the location it came from so the compiler can point at it.

/// Text with `{…}` interpolations, as written.
public struct Template: Hashable, Sendable {
    /// One piece of a template, in the order written.
    public enum Part: Hashable, Sendable {
        case literal(String)
        /// `{1}`: the Nth wildcard capture of the matched pattern.
        case capture(Int, SourceLocation)
        /// `{input}`: the user's line.
        case input
        /// `{name}`: a variable, or `{list.N}`, resolved by the compiler.
        case reference(Name)
    }

    /// The pieces, in order; literal text between interpolations, with `{{`/`}}` already read as braces.
    public var parts: [Part]
    /// Where the template's text starts.
    public var location: SourceLocation

    /// A template of `parts` written at `location`.
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
                    ? s.replacing("{", with: "{{").replacing("}", with: "}}") : s
            case .capture(let n, _): "{\(n)}"
            case .input: "{input}"
            case .reference(let name): "{\(name.text)}"
            }
        }.joined()
    }
}

/// How `say one of` (shuffled) and `say in order` (ordered) pick among their variants.
public enum VariantMode: Hashable, Sendable {
    /// Random order, no repeats until all were used.
    case shuffled
    /// In the written order, cycling.
    case ordered
}

/// The text of a `say` or `ask`: one template, or variants and how to pick them.
public enum TextSource: Hashable, Sendable {
    case single(Template)
    case variants([Template], VariantMode)
}

/// A value as written in `set` or a condition: a number, text, yes/no, a
/// variable, or `visits STATE` (how often a state was entered).
public indirect enum ValueExpr: Hashable, Sendable {
    case number(Double)
    case text(Template)
    case bool(Bool)
    case variable(Name)
    case visits(Name)
}

/// A comparison in a condition; the raw value is its spelling in a script.
public enum CompareOp: String, Hashable, Sendable {
    case equal = "is", notEqual = "is not", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A condition of `if`, `when` or `care`, as written.
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

/// Where `go` goes: a state, or one of the reserved targets (`back`, `end`,
/// `restart`, `stay`, `next`).
public enum Target: Hashable, Sendable {
    case state(Name)
    case back, end, restart, stay
    /// The state named by the state's own `next STATE` line; resolved per
    /// state, so one answer class can move every question on to its own next one.
    case next
}

/// One statement of a state, trigger, option or repair level, as written;
/// each case names the place the compiler points at when it is wrong.
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

/// One `if` or `else if` arm: its condition and its statements.
public struct Branch: Hashable, Sendable {
    /// The arm's condition.
    public var condition: Condition
    /// The statements run when it holds.
    public var body: [Statement]
}

/// `option LABEL`: a numbered choice shown after the state's replies.
public struct OptionDecl: Hashable, Sendable {
    /// The label as shown, placeholders unfilled.
    public var label: Template
    /// The statements run when the user picks it.
    public var body: [Statement]
    /// Where the `option` line is.
    public var location: SourceLocation
}

/// What an `on` line reacts to: an intent, any FAQ, one FAQ, anything, or the keyword groups.
public enum TriggerKind: Hashable, Sendable {
    case intent(Name)
    case anyFAQ(SourceLocation)
    case faq(Name)
    case anything(SourceLocation)
    /// `on keywords`: the dialog's keyword groups answer the line.
    case keywords(SourceLocation)
}

/// An `on …` trigger: what it reacts to, an optional `when` condition and its statements.
public struct TriggerDecl: Hashable, Sendable {
    /// What it reacts to; `on a, b` reacts to either.
    public var kinds: [TriggerKind]
    /// The `when` condition; nil: always.
    public var condition: Condition?
    /// The statements run when it fires.
    public var body: [Statement]
    /// Where the `on` line is.
    public var location: SourceLocation
}

/// `repair`: what to say when nothing understood a line, by how many lines in a row.
public struct RepairDecl: Hashable, Sendable {
    /// One `level N` block.
    public struct Level: Hashable, Sendable {
        /// N: the number of lines in a row not understood at which it runs, from 1.
        public var number: Int
        /// Its statements.
        public var body: [Statement]
        /// Where the `level` line is.
        public var location: SourceLocation
    }
    /// The levels, in the order written.
    public var levels: [Level]
    /// Where the `repair` line is.
    public var location: SourceLocation
}

/// `state NAME` and what it holds, as written.
public struct StateDecl: Hashable, Sendable {
    /// The state's name and where it is written.
    public var name: Name
    /// `ignore globals`: the dialog's global triggers are not checked in this state (`safety` ones still are).
    public var ignoresGlobals: Bool
    /// The statements run on entering the state.
    public var body: [Statement]
    /// Its `on` triggers, in the order written.
    public var triggers: [TriggerDecl]
    /// Its own `repair`, overriding the dialog's.
    public var repair: RepairDecl?
    /// `not in care`: never entered while care mode is on.
    var notInCare = false
    /// `use answers NAME` lines: answer classes whose triggers this state takes
    /// after its own, in the order written.
    public var answerClasses: [Name] = []
    /// `next STATE`: where `-> next` goes from this state.
    public var next: Name?
}

/// `answers NAME`: a named block of triggers (kinds of answer: an excuse, anger,
/// "I don't know"…) that any state can take with `use answers NAME`.
public struct AnswerClassDecl: Hashable, Sendable {
    /// The class's name and where it is written.
    public var name: Name
    /// Its triggers, in the order written (checked in that order).
    public var triggers: [TriggerDecl]
    /// Where the `answers` line starts.
    public var location: SourceLocation
}

/// One keyword entry: groups joined by `+`, each group a phrase of words.
public struct EntryDecl: Hashable, Sendable {
    /// The `+`-joined groups, each a list of its space-separated words, as written (not yet normalised).
    public var groups: [[String]]
    /// The entry as written.
    public var text: String
    /// Where the entry starts.
    public var location: SourceLocation
}

/// A `pattern:` line: words and `*` wildcards that must cover the line in order.
public struct PatternDecl: Hashable, Sendable {
    /// Words and `*` wildcards, in order.
    public var elements: [String]
    /// The pattern as written.
    public var text: String
    /// Where the pattern starts.
    public var location: SourceLocation
}

/// `negated:`: what a negated word does to the intent (docs/dialog-language.md):
/// `ignore` (the default) does not fire it, `lowers` fires it at half the
/// score, `counts` does not look at negation.
public enum NegationMode: String, Hashable, Sendable, Codable {
    case ignore, lowers, counts
}

/// `intent NAME` and its lines, as written.
public struct IntentDecl: Hashable, Sendable {
    /// The intent's name and where it is written.
    public var name: Name
    /// `keywords:` entries, in the order written.
    public var keywords: [EntryDecl] = []
    /// `pattern:` lines, in the order written.
    public var patterns: [PatternDecl] = []
    /// `unless:` entries: they veto the intent in the clause where they appear.
    public var unless: [EntryDecl] = []
    /// `rank:`: when several intents match, the highest rank wins; 0 when not written.
    public var rank: Int = 0
    /// `negated:`; `.ignore` when not written.
    public var negation: NegationMode = .ignore
    /// `matching: exact`: this intent compares words exactly (no stemming, typos or negation).
    var matching: MatchingMode?
    var typos: TypoTolerance = .normal
    /// `reads: nothing` / `reads: little`: the intent fires on a line the
    /// matcher can read too little of (see `ReadingLevel`).
    var reads: ReadingLevel?
}

/// How readily an intent's words forgive a typo (`typos:`).
enum TypoTolerance: String, Hashable, Sendable {
    /// Unknown words of five letters or more, one edit from a known word.
    case normal
    /// Recall first, for signs of danger: also words of four letters, and
    /// corrections to words of three ("hitt" -> hit).
    case recall
}

/// `quote NAME` with its author and text.
public struct QuoteDecl: Hashable, Sendable {
    /// The quote's name and where it is written.
    public var name: Name
    /// The person quoted, as written after `by`.
    public var author: String
    /// The quoted text.
    public var text: Template
    /// `not in care`: not said while care mode is on.
    var notInCare = false
}

/// `faq NAME`: a question, the answer, and the intent that asks it.
public struct FAQDecl: Hashable, Sendable {
    /// The FAQ's name and where it is written.
    public var name: Name
    /// The question as written, for menus and graphs.
    public var question: String
    /// The `answer` text.
    public var answer: Template
    /// The FAQ's own intent (its keywords and patterns), named like the FAQ.
    public var intent: IntentDecl
    /// `not in care`: not said while care mode is on.
    var notInCare = false
}

/// `list NAME`: a title and items, said by `list NAME`.
public struct ListDecl: Hashable, Sendable {
    /// The list's name and where it is written.
    public var name: Name
    /// The title line, if written.
    public var title: Template?
    /// The items, in the order written; `{NAME.N}` is the Nth, from 1.
    public var items: [Template]
    /// `not in care`: not said while care mode is on.
    var notInCare = false
}

struct SynonymDecl: Hashable, Sendable {
    var canonical: String
    var alternatives: [String]
    var alternativeLocations: [SourceLocation]
    var location: SourceLocation
}

struct ReflectionDecl: Hashable, Sendable {
    var from: String
    var to: String
    var location: SourceLocation
}

/// A header line of a dialog file.
public enum HeaderField: String, Hashable, Sendable {
    case dialog, version, start
    /// `clauses , . but`: what ends a clause for keyword groups and captures.
    case clauses
    /// `matching exact`: the whole dialog compares words exactly.
    case matching
}

/// A header line (`dialog`, `version`, `start`, `clauses`, `matching`) and its value.
public struct HeaderDecl: Hashable, Sendable {
    /// Which header.
    public var field: HeaderField
    /// The value as written, without surrounding quotes.
    public var value: String
    /// Where the header line is.
    public var location: SourceLocation
    /// Where the value starts, for pointing at an unknown start state.
    public var valueLocation: SourceLocation
}

/// `include PATH`: another file that is part of the dialog (read once however often included).
public struct IncludeDecl: Hashable, Sendable {
    /// The path as written (quotes removed), relative to the including file's folder.
    public var path: String
    /// Where the path starts on the `include` line.
    public var location: SourceLocation
}

/// When a `global` block's triggers are checked, relative to the state's own.
public enum GlobalPriority: String, Hashable, Sendable {
    /// Checked before everything, even in states that ignore globals.
    case safety
    case before
    case after
}

/// `safety`, `global before` or `global after`: triggers checked in every state.
public struct GlobalDecl: Hashable, Sendable {
    /// When they are checked.
    public var priority: GlobalPriority
    /// The triggers, in the order written.
    public var triggers: [TriggerDecl]
    /// Where the block's first line is.
    public var location: SourceLocation
}

/// All declarations of one file, in the order written.
public struct ScriptFile: Sendable {
    /// The file's path as given to the parser.
    public var path: String
    /// Its header lines.
    public var headers: [HeaderDecl] = []
    /// Its `include` lines.
    public var includes: [IncludeDecl] = []
    var synonyms: [SynonymDecl] = []
    var reflections: [ReflectionDecl] = []
    /// Its intents.
    public var intents: [IntentDecl] = []
    /// Its quotes.
    public var quotes: [QuoteDecl] = []
    /// Its FAQs.
    public var faqs: [FAQDecl] = []
    /// Its lists.
    public var lists: [ListDecl] = []
    /// Its states.
    public var states: [StateDecl] = []
    /// Its `safety` and `global` blocks.
    public var globals: [GlobalDecl] = []
    /// Its dialog-wide `repair` blocks.
    public var repairs: [RepairDecl] = []
    var wordClasses: [WordClassDecl] = []
    var swaps: [SwapDecl] = []
    var groups: [KeywordGroupDecl] = []
    var memories: [MemoryDecl] = []
    var noFits: [NoFitDecl] = []
    /// Its `care` blocks, in the order written.
    public var cares: [CareDecl] = []
    /// Its `answers NAME` blocks, in the order written.
    public var answerClasses: [AnswerClassDecl] = []

    /// An empty file at `path`; the parser fills it in.
    public init(path: String) { self.path = path }
}

/// `care`: when care mode is on, and where content not for care mode is replaced.
public struct CareDecl: Hashable, Sendable {
    /// `when:`: care mode is on while this holds.
    public var condition: Condition
    /// `instead:`: the state entered instead of one not for care mode.
    public var instead: Name
    /// `avoid:` names of states, quotes, FAQs and lists not for care mode;
    /// `prefix.*` stands for every name under `prefix.`.
    public var avoid: [Name] = []
    /// Where the `care` line starts.
    public var location: SourceLocation
}
