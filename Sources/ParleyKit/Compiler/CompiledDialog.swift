/// A dialog ready to run: names resolved to indices, text split into parts,
/// intents in an index. Immutable and `Sendable`, so one compiled dialog
/// serves any number of sessions on any number of threads.
public struct CompiledDialog: Sendable {
    typealias StateID = Int32

    /// The name after `dialog` in the main file.
    public internal(set) var name: String
    /// The text after `version`, or "" when the dialog declares none.
    public internal(set) var version: String
    var start: StateID
    /// Every state, in the order defined (files in the order read); a state's
    /// position here is its id in `Coverage.states`.
    public internal(set) var states: [CompiledState]
    var stateIDs: [String: StateID]
    var intents: [CompiledIntent]
    var matcher: IntentMatcher
    var quotes: [CompiledQuote]
    var faqs: [CompiledFAQ]
    var lists: [CompiledList]
    var options: [CompiledOption]
    var handlers: [Handler]
    /// Handler ids, in the order they are checked.
    var safetyHandlers: HandlerList
    var beforeHandlers: HandlerList
    var afterHandlers: HandlerList
    var repair: RepairPlan?
    var reflector: Reflector
    /// How many `say one of` / `say in order` sites there are (each keeps a cursor in the session).
    var variantSites: Int
    /// Every file that went into the dialog, in the order read.
    public internal(set) var files: [String]
    /// FNV-1a of every file's text, in order, as 16 hex digits: two
    /// compilations have the same fingerprint exactly when they read the same
    /// text. Stored sessions carry it (`Session.fingerprint`).
    public internal(set) var fingerprint = ""
    /// Each option's key (`CompiledOption.key`) to its position in `options`.
    public internal(set) var optionKeys: [String: Int32] = [:]
    /// Every variable a statement, condition or text of the dialog sets or reads.
    var variableNames: Set<String> = []
    /// The keyword groups (`group`, `memory`, `no fit`), if the dialog has any.
    var keywordScript: KeywordScript? = nil
    /// Care mode, if the dialog declares it (`care`).
    var care: CareMode? = nil

    /// Intents written by the writer (not FAQs or option labels).
    public var userIntentCount: Int { intents.filter { if case .intent = $0.kind { true } else { false } }.count }

    func state(named name: String) -> StateID? { stateIDs[name] }
}

/// One state of a compiled dialog: its body and triggers with names resolved.
/// Opaque outside ParleyKit; `CompiledDialog.states.count` counts them.
public struct CompiledState: Sendable {
    var name: String
    var location: SourceLocation
    var ignoresGlobals: Bool
    var body: [Action]
    /// The state's own triggers, except `on anything`.
    var triggers: HandlerList
    /// `on anything` triggers, checked after the global "after" handlers.
    var fallbacks: [Int32]
    var repair: RepairPlan?
    /// `on keywords` triggers: the keyword groups answer, after the state's own triggers.
    var keywordHandlers: [Int32] = []
    /// Marked `not in care`: care mode enters `care.instead` in its place.
    var notInCare = false
}

struct CompiledIntent: Sendable {
    enum Kind: Sendable, Equatable {
        case intent
        case faq(Int32)
        /// The label of an option, matched when the user types it.
        case optionLabel(Int32)
    }
    var name: String
    var kind: Kind
    var location: SourceLocation?
    /// The most `*` any of its patterns has: the highest `{N}` a reply may use.
    var captureCount: Int
}

struct CompiledQuote: Sendable {
    var name: String
    var author: String
    var text: CompiledTemplate
    /// Marked `not in care`: not said while care mode is on.
    var notInCare = false
}

struct CompiledFAQ: Sendable {
    var name: String
    var question: String
    var answer: CompiledTemplate
    var intent: Int32
    /// Marked `not in care`: not said while care mode is on.
    var notInCare = false
}

struct CompiledList: Sendable {
    var name: String
    var title: CompiledTemplate?
    var items: [CompiledTemplate]
    /// Marked `not in care`: not said while care mode is on.
    var notInCare = false
}

struct CompiledOption: Sendable {
    var state: CompiledDialog.StateID
    var label: CompiledTemplate
    var body: [Action]
    var labelIntent: Int32
    var location: SourceLocation
    /// What names the option across edits of the dialog: its state's name and
    /// its label as written (`OptionID.key`).
    var key = ""
}

struct Handler: Sendable {
    enum Scope: Sendable, Equatable {
        case state(CompiledDialog.StateID)
        case global(GlobalPriority)
    }
    enum Trigger: Sendable, Hashable {
        case intent(Int32)
        case anyFAQ
        case anything
        /// `on keywords`: the dialog's keyword groups answer.
        case keywords
    }
    var scope: Scope
    var triggers: [Trigger]
    var condition: CompiledCondition?
    var body: [Action]
    var location: SourceLocation
    /// As written after `on`, for graphs, coverage and explanations.
    var label: String
}

struct RepairPlan: Sendable {
    var levels: [[Action]]
}

/// What a reply is, by the statement that said it (`say`, `ask`, `quote`,
/// `answer` for a FAQ, `list`, `repair`); front ends style replies by it.
public enum ReplyKind: String, Sendable, Codable {
    case say, ask, quote, answer, list, repair
}

// Not `indirect`: a branch's bodies are arrays, boxed already. Indirect,
// every action was a heap box of its own, an allocation each when a
// compiled dialog is decoded (2,900 of the trust coach's at start-up,
// about 0.65 M instructions; docs/performance.md, "Chat start-up", `start8`).
enum Action: Sendable {
    case say(TextSpec, ReplyKind)
    case ask(TextSpec)
    case quote(Int32)
    /// nil: the FAQ whose intent was matched.
    case answer(Int32?)
    case list(Int32)
    case set(String, CompiledValue)
    case add(Double, String)
    case remember(String)
    /// Keeps the line reflected (I/you swapped), without end punctuation.
    case rememberReflected(String)
    case branch([(CompiledCondition, [Action])], otherwise: [Action]?)
    case go(GoTarget)
    case option(Int32)
}

enum GoTarget: Sendable, Equatable {
    case state(CompiledDialog.StateID)
    case back, end, restart, stay
}

enum TextSpec: Sendable {
    case single(CompiledTemplate)
    case variants([CompiledTemplate], VariantMode, site: Int32)
}

struct CompiledTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        case capture(Int)
        case input
        case variable(String)
        case listItem(Int32, Int)
    }
    var parts: [Part]

    /// Plain text with no interpolation, if that is what it is.
    var constant: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .literal(let s) = parts[0] { return s }
        return nil
    }
}

enum CompiledValue: Sendable {
    case number(Double)
    case text(CompiledTemplate)
    case bool(Bool)
    case variable(String)
    case visits(CompiledDialog.StateID)
}

indirect enum CompiledCondition: Sendable {
    case truthy(CompiledValue)
    case not(CompiledCondition)
    case and(CompiledCondition, CompiledCondition)
    case or(CompiledCondition, CompiledCondition)
    case compare(CompiledValue, CompareOp, CompiledValue)
    case visited(CompiledDialog.StateID)
    /// The intent matched the line this turn answers.
    case heard(Int32)
}

/// Care mode (`care`): while `condition` holds, content marked `not in care`
/// is not offered and a state so marked is replaced by `instead`.
struct CareMode: Sendable {
    var condition: CompiledCondition
    var instead: CompiledDialog.StateID
    /// The variables the condition reads: kept when the conversation restarts,
    /// so a disclosure is not forgotten by starting over.
    var variables: [String]
}

/// Handlers in the order they are checked, indexed by the intents they react
/// to, so finding the handler for a match does not scan every handler.
struct HandlerList: Sendable {
    var ids: [Int32] = []
    /// Intent -> positions in `ids` of the handlers that react to it.
    var byIntent: [Int32: [Int32]] = [:]
    /// Positions of handlers that react to any FAQ.
    var anyFAQ: [Int32] = []

    init() {}

    var isEmpty: Bool { ids.isEmpty }

    mutating func append(_ id: Int32, _ handler: Handler) {
        let position = Int32(ids.count)
        ids.append(id)
        for trigger in handler.triggers {
            switch trigger {
            case .intent(let intent):
                if byIntent[intent]?.last != position { byIntent[intent, default: []].append(position) }
            case .anyFAQ: anyFAQ.append(position)
            case .anything, .keywords: break
            }
        }
    }

    /// The handlers reacting to `intent`, in order; FAQ intents also reach `on faq`.
    func reacting(to intent: Int32, isFAQ: Bool) -> [Int32] {
        let direct = byIntent[intent] ?? []
        guard isFAQ, !anyFAQ.isEmpty else { return direct.map { ids[Int($0)] } }
        return (direct + anyFAQ).sorted().map { ids[Int($0)] }
    }
}
