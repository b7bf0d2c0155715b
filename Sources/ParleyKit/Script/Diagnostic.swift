/// A problem found in a dialog script, shaped like a compiler's: a stable code,
/// a severity, a location, a message, and optional notes and fix-its.
public struct Diagnostic: Hashable, Sendable {
    /// An error stops a dialog from compiling; a warning does not.
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning, error

        /// A warning sorts before an error.
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    /// A secondary location that explains the main one ("first defined here").
    public struct Note: Hashable, Sendable {
        /// The note, as a sentence (clipped like the diagnostic's message).
        public var message: String
        /// Where the note points; nil for a note about the dialog as a whole.
        public var location: SourceLocation?
        /// A note saying `message` at `location`.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = Diagnostic.clipped(message)
            self.location = location
        }
    }

    /// A suggested edit: replace `length` characters at `location` with `replacement`.
    public struct FixIt: Hashable, Sendable {
        /// What the edit does, as a sentence ("replace with 'menu'").
        public var message: String
        /// Where the replaced text starts.
        public var location: SourceLocation
        /// How many characters (`Character`s, as `SourceLocation.column` counts) it replaces; 0 inserts.
        public var length: Int
        /// The text that goes in their place.
        public var replacement: String
        /// An edit replacing `length` characters at `location` with `replacement`.
        public init(_ message: String, at location: SourceLocation, length: Int, replacement: String) {
            self.message = Diagnostic.clipped(message)
            self.location = location
            self.length = length
            self.replacement = replacement
        }
    }

    /// The stable code (`P001`…): errors are P0xx, warnings P1xx.
    public var code: DiagnosticCode
    /// What is wrong, as a sentence; at most about 400 bytes (a longer one keeps its start and end).
    public var message: String
    /// Where; nil for a problem with no place (a missing file, the dialog as a whole).
    public var location: SourceLocation?
    /// How many characters from `location` the problem covers (for the caret line).
    public var length: Int
    /// Other places that explain this one ("first defined here").
    public var notes: [Note]
    /// Edits that would fix it; an editor offers them as quick fixes.
    public var fixIts: [FixIt]

    /// The code's severity.
    public var severity: Severity { code.severity }

    /// Messages quote the script (names, entries, words), and a script can hold
    /// a name a megabyte long: a message longer than this many bytes keeps its
    /// start and end, with "…" between.
    static let maximumMessageBytes = 400

    static func clipped(_ message: String) -> String {
        guard message.utf8.count > maximumMessageBytes else { return message }
        // Cut at scalar boundaries by byte budget, so one huge grapheme cluster costs no more than its bytes.
        func take(_ scalars: some Sequence<Unicode.Scalar>, budget: Int) -> [Unicode.Scalar] {
            var taken: [Unicode.Scalar] = []
            var bytes = 0
            for scalar in scalars {
                bytes += UTF8.width(scalar)
                if bytes > budget { break }
                taken.append(scalar)
            }
            return taken
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: take(message.unicodeScalars, budget: maximumMessageBytes * 3 / 5))
        out.append("…")
        out.append(contentsOf: take(message.unicodeScalars.reversed(), budget: maximumMessageBytes / 4).reversed())
        return String(out)
    }

    /// A diagnostic of `code` at `location`, covering `length` characters;
    /// `message` and the notes' messages are clipped to about 400 bytes.
    public init(
        _ code: DiagnosticCode, _ message: String, at location: SourceLocation?, length: Int = 1,
        notes: [Note] = [], fixIts: [FixIt] = []
    ) {
        self.code = code
        self.message = Self.clipped(message)
        self.location = location
        self.length = max(1, length)
        self.notes = notes
        self.fixIts = fixIts
    }
}

/// Stable diagnostic codes. Errors are P0xx, warnings P1xx; a code never
/// changes meaning once published (docs/dialog-language.md lists them).
public enum DiagnosticCode: String, Hashable, Sendable, CaseIterable, Codable {
    case unreadableFile = "P001"
    case syntax = "P002"
    case indentation = "P003"
    case missingField = "P004"
    case tooDeep = "P005"
    case unknownState = "P010"
    case unknownIntent = "P011"
    case unknownQuote = "P012"
    case unknownFAQ = "P013"
    case unknownList = "P014"
    case duplicate = "P015"
    case includeCycle = "P016"
    case includeNotFound = "P017"
    case missingHeader = "P018"
    case duplicateHeader = "P019"
    case twoQuestions = "P020"
    case unknownCapture = "P021"
    case badPattern = "P022"
    case careMode = "P023"
    case noNextState = "P024"
    case unknownAnswerClass = "P025"
    case unknownGroup = "P030"
    case unknownWordClass = "P031"
    case keywordConflict = "P032"
    case noKeywordGroups = "P033"

    case unreachableState = "P101"
    case deadEnd = "P102"
    case neverFires = "P103"
    case automaticLoop = "P104"
    case unsetVariable = "P105"
    case unused = "P106"
    case repeatingRepair = "P107"
    case captureNeverSet = "P108"
    case unsafeInCare = "P109"
    case patternNeverFits = "P110"
    case uncertainAnswerStays = "P120"
    /// Not a fault in the script: the file had more diagnostics than are shown.
    /// Numbered apart from the checks' P1xx so that new checks never collide with it.
    case notShown = "P190"

    /// P0xx codes are errors, every other code a warning.
    public var severity: Diagnostic.Severity {
        rawValue.hasPrefix("P0") ? .error : .warning
    }
}

extension Array where Element == Diagnostic {
    var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, line and column; diagnostics without a place come first.
    func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
