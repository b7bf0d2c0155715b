/// A dialog ready to run: names resolved to indices, text split into parts,
/// intents in an index. Immutable and `Sendable`, so one compiled dialog
/// serves any number of sessions on any number of threads.
public struct CompiledDialog: Sendable {
    public typealias StateID = Int32

    public var name: String
    public var version: String
    public var start: StateID
    public var states: [CompiledState]
    public var stateIDs: [String: StateID]
    public var intents: [CompiledIntent]
    public var matcher: IntentMatcher
    public var quotes: [CompiledQuote]
    public var faqs: [CompiledFAQ]
    public var lists: [CompiledList]
    public var options: [CompiledOption]
    public var handlers: [Handler]
    /// Handler ids, in the order they are checked.
    public var safetyHandlers: HandlerList
    public var beforeHandlers: HandlerList
    public var afterHandlers: HandlerList
    public var repair: RepairPlan?
    public var reflector: Reflector
    /// How many `say one of` / `say in order` sites there are (each keeps a cursor in the session).
    public var variantSites: Int
    /// Every file that went into the dialog, in the order read.
    public var files: [String]
    /// FNV-1a of every file's text, in order, as 16 hex digits: two
    /// compilations have the same fingerprint exactly when they read the same
    /// text. Stored sessions carry it (`Session.fingerprint`).
    public internal(set) var fingerprint = ""
    /// Each option's key (`CompiledOption.key`) to its position in `options`.
    public internal(set) var optionKeys: [String: Int32] = [:]
    /// Every variable a statement, condition or text of the dialog sets or reads.
    public internal(set) var variableNames: Set<String> = []
    /// The keyword groups (`group`, `memory`, `no fit`), if the dialog has any.
    public var keywordScript: KeywordScript? = nil
    /// Care mode, if the dialog declares it (`care`).
    public var care: CareMode? = nil

    /// Intents written by the writer (not FAQs or option labels).
    public var userIntentCount: Int { intents.filter { if case .intent = $0.kind { true } else { false } }.count }

    public func state(named name: String) -> StateID? { stateIDs[name] }
}

public struct CompiledState: Sendable {
    public var name: String
    public var location: SourceLocation
    public var ignoresGlobals: Bool
    public var body: [Action]
    /// The state's own triggers, except `on anything`.
    public var triggers: HandlerList
    /// `on anything` triggers, checked after the global "after" handlers.
    public var fallbacks: [Int32]
    public var repair: RepairPlan?
    /// `on keywords` triggers: the keyword groups answer, after the state's own triggers.
    public var keywordHandlers: [Int32] = []
    /// Marked `not in care`: care mode enters `care.instead` in its place.
    public var notInCare = false
}

public struct CompiledIntent: Sendable {
    public enum Kind: Sendable, Equatable {
        case intent
        case faq(Int32)
        /// The label of an option, matched when the user types it.
        case optionLabel(Int32)
    }
    public var name: String
    public var kind: Kind
    public var location: SourceLocation?
    /// The most `*` any of its patterns has: the highest `{N}` a reply may use.
    public var captureCount: Int
}

public struct CompiledQuote: Sendable {
    public var name: String
    public var author: String
    public var text: CompiledTemplate
    /// Marked `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct CompiledFAQ: Sendable {
    public var name: String
    public var question: String
    public var answer: CompiledTemplate
    public var intent: Int32
    /// Marked `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct CompiledList: Sendable {
    public var name: String
    public var title: CompiledTemplate?
    public var items: [CompiledTemplate]
    /// Marked `not in care`: not said while care mode is on.
    public var notInCare = false
}

public struct CompiledOption: Sendable {
    public var state: CompiledDialog.StateID
    public var label: CompiledTemplate
    public var body: [Action]
    public var labelIntent: Int32
    public var location: SourceLocation
    /// What names the option across edits of the dialog: its state's name and
    /// its label as written (`OptionID.key`).
    public internal(set) var key = ""
}

public struct Handler: Sendable {
    public enum Scope: Sendable, Equatable {
        case state(CompiledDialog.StateID)
        case global(GlobalPriority)
    }
    public enum Trigger: Sendable, Hashable {
        case intent(Int32)
        case anyFAQ
        case anything
        /// `on keywords`: the dialog's keyword groups answer.
        case keywords
    }
    public var scope: Scope
    public var triggers: [Trigger]
    public var condition: CompiledCondition?
    public var body: [Action]
    public var location: SourceLocation
    /// As written after `on`, for graphs, coverage and explanations.
    public var label: String
}

public struct RepairPlan: Sendable {
    public var levels: [[Action]]
}

public enum ReplyKind: String, Sendable, Codable {
    case say, ask, quote, answer, list, repair
}

public indirect enum Action: Sendable {
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

public enum GoTarget: Sendable, Equatable {
    case state(CompiledDialog.StateID)
    case back, end, restart, stay
}

public enum TextSpec: Sendable {
    case single(CompiledTemplate)
    case variants([CompiledTemplate], VariantMode, site: Int32)
}

public struct CompiledTemplate: Sendable {
    public enum Part: Sendable {
        case literal(String)
        case capture(Int)
        case input
        case variable(String)
        case listItem(Int32, Int)
    }
    public var parts: [Part]

    /// Plain text with no interpolation, if that is what it is.
    public var constant: String? {
        if parts.isEmpty { return "" }
        if parts.count == 1, case .literal(let s) = parts[0] { return s }
        return nil
    }
}

public enum CompiledValue: Sendable {
    case number(Double)
    case text(CompiledTemplate)
    case bool(Bool)
    case variable(String)
    case visits(CompiledDialog.StateID)
}

public indirect enum CompiledCondition: Sendable {
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
public struct CareMode: Sendable {
    public var condition: CompiledCondition
    public var instead: CompiledDialog.StateID
    /// The variables the condition reads: kept when the conversation restarts,
    /// so a disclosure is not forgotten by starting over.
    public var variables: [String]
}

/// Handlers in the order they are checked, indexed by the intents they react
/// to, so finding the handler for a match does not scan every handler.
public struct HandlerList: Sendable {
    public internal(set) var ids: [Int32] = []
    /// Intent -> positions in `ids` of the handlers that react to it.
    var byIntent: [Int32: [Int32]] = [:]
    /// Positions of handlers that react to any FAQ.
    var anyFAQ: [Int32] = []

    public init() {}

    public var isEmpty: Bool { ids.isEmpty }

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
    public func reacting(to intent: Int32, isFAQ: Bool) -> [Int32] {
        let direct = byIntent[intent] ?? []
        guard isFAQ, !anyFAQ.isEmpty else { return direct.map { ids[Int($0)] } }
        return (direct + anyFAQ).sorted().map { ids[Int($0)] }
    }
}
