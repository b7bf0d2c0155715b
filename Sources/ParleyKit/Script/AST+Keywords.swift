/// The parsed form of keyword scripts in the style of Weizenbaum's ELIZA
/// (CACM 9(1), 1966): keyword groups holding ordered decomposition patterns,
/// each with replies used in turn; word classes, swaps, a memory and the
/// replies for a line no pattern fits. See docs/dialog-language.md, "Keyword groups".

/// `classes` entry: `family: mother, father, sister`; `@family` in a pattern.
struct WordClassDecl: Hashable, Sendable {
    var name: Name
    var words: [String]
}

/// `swap` entry: `my: your`. Keyword groups read the line with these words
/// swapped, so their patterns are written from the coach's side.
struct SwapDecl: Hashable, Sendable {
    var from: String
    var to: [String]
    var location: SourceLocation
}

/// One part of a decomposition pattern.
enum DecompositionElement: Hashable, Sendable {
    /// A word that must be there.
    case word(String)
    /// `*`: any words, none or more (captured).
    case any
    /// `*3`: exactly that many words (captured as one).
    case count(Int)
    /// `[want need]`: one of these words (captured).
    case oneOf([String])
    /// `@family`: one word of a class (captured).
    case wordClass(Name)
}

struct DecompositionDecl: Hashable, Sendable {
    var elements: [DecompositionElement]
    /// `^` before the first element: the pattern starts where the clause starts.
    var anchoredStart: Bool
    /// `$` after the last element: the pattern ends where the clause ends.
    var anchoredEnd: Bool
    var replies: [ReassemblyDecl]
    var text: String
    var location: SourceLocation

    /// How many parts capture (`*`, `*N`, `[…]`, `@class`): the highest `{N}` a reply may use.
    var captureCount: Int {
        elements.filter { if case .word = $0 { false } else { true } }.count
    }
}

/// One reply of a decomposition pattern; they are used in turn.
enum ReassemblyDecl: Hashable, Sendable {
    /// `- text`: says the text, with `{N}` the pattern's captures.
    case text(Template)
    /// `pass`: this keyword declines; the next keyword of the line is tried (ELIZA's NEWKEY).
    case pass(SourceLocation)
    /// `go GROUP`: the line goes to another group's patterns (ELIZA's `=KEYWORD`).
    case go(Name)
    /// `go GROUP with TEXT`: the line is first rewritten as TEXT (ELIZA's PRE).
    case rewrite(Template, Name)
}

struct KeywordGroupDecl: Hashable, Sendable {
    var name: Name
    /// The user's words that bring this group into play, each with where it was written.
    var keywords: [String]
    var keywordLocations: [SourceLocation]
    var rank: Int
    var patterns: [DecompositionDecl]
    /// `go GROUP` as a field: where the line goes when none of the patterns fits.
    var fallback: Name?
    var location: SourceLocation
}

enum MemoryChoice: String, Hashable, Sendable {
    /// The patterns are used one after the other.
    case inOrder = "in order"
    /// ELIZA's rule: a hash of the line's last word picks the pattern.
    case lastWord = "last word"
}

/// `memory GROUP`: when the group is tried, the line is kept, rewritten by
/// one of the patterns, to be said later on a line that has no keyword.
struct MemoryDecl: Hashable, Sendable {
    var group: Name
    var choice: MemoryChoice
    /// A memory comes back only on every Nth line (the opening is line 1).
    var recallEvery: Int
    var patterns: [DecompositionDecl]
    var location: SourceLocation
}

/// `no fit`: what is said when a group's patterns all fail and it has no `go`:
/// item N on lines N, N + count, … (the opening is line 1).
struct NoFitDecl: Hashable, Sendable {
    var replies: [Template]
    var location: SourceLocation
}

/// `matching exact`: words compared as written, with no stemming, no typo
/// forgiveness and no negation.
enum MatchingMode: String, Hashable, Sendable, Codable {
    case forgiving, exact
    /// Exact, and `[…]` alternatives in keyword groups compare as the 1966
    /// program did: the word's first six letters against each six-letter
    /// piece of each alternative (so "depressing" fits `[depressed]`).
    case eliza

    var isExact: Bool { self != .forgiving }
}
