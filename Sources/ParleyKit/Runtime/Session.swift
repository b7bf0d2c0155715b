/// Everything one conversation has to remember between turns. A plain value:
/// copying it forks the conversation, encoding it saves it. The engine never
/// keeps sessions itself; front ends and stores do.
public struct Session: Sendable, Equatable, Codable {
    /// The current state, by name, so a saved session survives the dialog being edited.
    public var state: String
    /// Earlier states, most recent last, for `back`.
    public var backStack: [String] = []
    public var variables: [String: Value] = [:]
    /// How often each state has been entered.
    public var visits: [String: Int] = [:]
    /// Lines in a row, in this state, that nothing understood.
    public var misses = 0
    /// Per variant site: which variants were used, and the last one.
    public var variants: [Int32: VariantCursor] = [:]
    /// The random generator's state (SplitMix64).
    public var random: UInt64
    /// Options on show, numbered from 1 in this order.
    public var options: [OptionID] = []
    /// The question the current state asked, asked again when the conversation stays.
    public var question: String?
    /// The captures (reflected, as shown) of the match that entered this state,
    /// for its options' labels; a later turn's text never reads them.
    public var captures: [String] = []
    public var ended = false
    /// The fingerprint of the dialog the session was made with or last
    /// checked against (`CompiledDialog.fingerprint`); `Engine.fit` compares
    /// it when a stored session is loaded. Empty in sessions stored before
    /// sessions carried it.
    public var fingerprint = ""
    /// Keyword groups' memory: lines kept to be said later, oldest first.
    public var memories: [String] = []
    /// The user's lines so far in this conversation (the opening is line 1,
    /// so the Nth user line is line N + 1); keyword groups' `recall` and `no fit` count them.
    public var lines = 0

    public init(state: String, seed: UInt64) {
        self.state = state
        self.random = seed
    }

    /// The most states `back` can return through.
    static let backStackLimit = 32

    enum CodingKeys: String, CodingKey {
        case state, backStack, variables, visits, misses, variants, random, options, question, captures, ended, fingerprint
        case memories, lines
    }

    /// Reads saved conversations of every format: one saved before sessions
    /// carried a fingerprint (or keyword groups' memories) reads with an empty one, which `Engine.fit` treats
    /// as another version of the dialog.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(String.self, forKey: .state)
        backStack = try c.decode([String].self, forKey: .backStack)
        variables = try c.decode([String: Value].self, forKey: .variables)
        visits = try c.decode([String: Int].self, forKey: .visits)
        misses = try c.decode(Int.self, forKey: .misses)
        variants = try c.decode([Int32: VariantCursor].self, forKey: .variants)
        random = try c.decode(UInt64.self, forKey: .random)
        options = try c.decode([OptionID].self, forKey: .options)
        question = try c.decodeIfPresent(String.self, forKey: .question)
        captures = try c.decode([String].self, forKey: .captures)
        ended = try c.decode(Bool.self, forKey: .ended)
        fingerprint = try c.decodeIfPresent(String.self, forKey: .fingerprint) ?? ""
        memories = try c.decodeIfPresent([String].self, forKey: .memories) ?? []
        lines = try c.decodeIfPresent(Int.self, forKey: .lines) ?? 0
    }

    mutating func nextRandom() -> UInt64 {
        var generator = SplitMix64(state: random)
        defer { random = generator.state }
        return generator.next()
    }
}

/// SplitMix64: a tiny, fast generator whose whole state is one number, so a
/// session can carry it and replay exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Where a `say one of` / `say in order` site is in its variants.
public struct VariantCursor: Sendable, Equatable, Codable {
    /// Bit i set: variant i was used in this round.
    public var used: UInt64 = 0
    /// The variant shown last, or -1 before the first.
    public var last: Int16 = -1

    public init(used: UInt64 = 0, last: Int16 = -1) {
        self.used = used
        self.last = last
    }
}
