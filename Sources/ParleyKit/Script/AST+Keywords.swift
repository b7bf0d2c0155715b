/// The parsed form of keyword scripts in the style of Weizenbaum's ELIZA
/// (CACM 9(1), 1966): keyword groups holding ordered decomposition patterns,
/// each with replies used in turn; word classes, swaps, a memory and the
/// replies for a line no pattern fits. See docs/dialog-language.md, "Keyword groups".

/// `classes` entry: `family: mother, father, sister`; `@family` in a pattern.
public struct WordClassDecl: Hashable, Sendable {
    public var name: Name
    public var words: [String]
}

/// `swap` entry: `my: your`. Keyword groups read the line with these words
/// swapped, so their patterns are written from the coach's side.
public struct SwapDecl: Hashable, Sendable {
    public var from: String
    public var to: [String]
    public var location: SourceLocation
}

/// One part of a decomposition pattern.
public enum DecompositionElement: Hashable, Sendable {
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

public struct DecompositionDecl: Hashable, Sendable {
    public var elements: [DecompositionElement]
    /// `^` before the first element: the pattern starts where the clause starts.
    public var anchoredStart: Bool
    /// `$` after the last element: the pattern ends where the clause ends.
    public var anchoredEnd: Bool
    public var replies: [ReassemblyDecl]
    public var text: String
    public var location: SourceLocation

    /// How many parts capture (`*`, `*N`, `[…]`, `@class`): the highest `{N}` a reply may use.
    public var captureCount: Int {
        elements.filter { if case .word = $0 { false } else { true } }.count
    }
}

/// One reply of a decomposition pattern; they are used in turn.
public enum ReassemblyDecl: Hashable, Sendable {
    /// `- text`: says the text, with `{N}` the pattern's captures.
    case text(Template)
    /// `pass`: this keyword declines; the next keyword of the line is tried (ELIZA's NEWKEY).
    case pass(SourceLocation)
    /// `go GROUP`: the line goes to another group's patterns (ELIZA's `=KEYWORD`).
    case go(Name)
    /// `go GROUP with TEXT`: the line is first rewritten as TEXT (ELIZA's PRE).
    case rewrite(Template, Name)
}

public struct KeywordGroupDecl: Hashable, Sendable {
    public var name: Name
    /// The user's words that bring this group into play, each with where it was written.
    public var keywords: [String]
    public var keywordLocations: [SourceLocation]
    public var rank: Int
    public var patterns: [DecompositionDecl]
    /// `go GROUP` as a field: where the line goes when none of the patterns fits.
    public var fallback: Name?
    public var location: SourceLocation
}

public enum MemoryChoice: String, Hashable, Sendable {
    /// The patterns are used one after the other.
    case inOrder = "in order"
    /// ELIZA's rule: a hash of the line's last word picks the pattern.
    case lastWord = "last word"
}

/// `memory GROUP`: when the group is tried, the line is kept, rewritten by
/// one of the patterns, to be said later on a line that has no keyword.
public struct MemoryDecl: Hashable, Sendable {
    public var group: Name
    public var choice: MemoryChoice
    /// A memory comes back only on every Nth line (the opening is line 1).
    public var recallEvery: Int
    public var patterns: [DecompositionDecl]
    public var location: SourceLocation
}

/// `no fit`: what is said when a group's patterns all fail and it has no `go`:
/// item N on lines N, N + count, … (the opening is line 1).
public struct NoFitDecl: Hashable, Sendable {
    public var replies: [Template]
    public var location: SourceLocation
}

/// `matching exact`: words compared as written, with no stemming, no typo
/// forgiveness and no negation.
public enum MatchingMode: String, Hashable, Sendable, Codable {
    case forgiving, exact
    /// Exact, and `[…]` alternatives in keyword groups compare as the 1966
    /// program did: the word's first six letters against each six-letter
    /// piece of each alternative (so "depressing" fits `[depressed]`).
    case eliza

    public var isExact: Bool { self != .forgiving }
}
