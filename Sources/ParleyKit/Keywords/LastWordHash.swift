/// ELIZA's choice of a memory pattern: the SLIP `HASH` function (a mid-square
/// hash) of the last word of the line, as the word was held on the IBM 7094:
/// its last six characters or fewer, in the machine's 6-bit BCD code, left
/// justified and padded with blanks in one 36-bit word. Published in
/// Weizenbaum's CACM 1966 paper only as "a hashing function of the last word";
/// the method is documented with the SLIP sources (Weizenbaum's MIT archive).
enum LastWordHash {
    /// The 7090 BCD code of each character; characters outside the set count as '-'.
    static let codes: [Character: UInt64] = {
        let table: [(Character, UInt64)] = [
            ("0", 0o00), ("1", 0o01), ("2", 0o02), ("3", 0o03), ("4", 0o04), ("5", 0o05), ("6", 0o06), ("7", 0o07),
            ("8", 0o10), ("9", 0o11), ("=", 0o13), ("'", 0o14), ("+", 0o20), ("A", 0o21), ("B", 0o22), ("C", 0o23),
            ("D", 0o24), ("E", 0o25), ("F", 0o26), ("G", 0o27), ("H", 0o30), ("I", 0o31), (".", 0o33), (")", 0o34),
            ("-", 0o40), ("J", 0o41), ("K", 0o42), ("L", 0o43), ("M", 0o44), ("N", 0o45), ("O", 0o46), ("P", 0o47),
            ("Q", 0o50), ("R", 0o51), ("$", 0o53), ("*", 0o54), (" ", 0o60), ("/", 0o61), ("S", 0o62), ("T", 0o63),
            ("U", 0o64), ("V", 0o65), ("W", 0o66), ("X", 0o67), ("Y", 0o70), ("Z", 0o71), (",", 0o73), ("(", 0o74),
        ]
        return Dictionary(uniqueKeysWithValues: table)
    }()

    /// The 36-bit word holding the last chunk (up to six characters) of `word`.
    static func lastChunk(_ word: String) -> UInt64 {
        let characters = Array(word.uppercased())
        let start = characters.isEmpty ? 0 : ((characters.count - 1) / 6) * 6
        var value: UInt64 = 0
        var count = 0
        for c in characters[start...] {
            value = (value << 6) | (codes[c] ?? 0o40)
            count += 1
        }
        while count < 6 {
            value = (value << 6) | 0o60
            count += 1
        }
        return value
    }

    /// SLIP HASH(D, N): the middle N bits of D squared, D taken as a 35-bit
    /// magnitude (the 7094's sign bit is not squared). N from 0 to 15.
    static func hash(_ datum: UInt64, bits: Int) -> UInt64 {
        precondition(bits >= 0 && bits <= 15)
        let d = datum & 0x7_FFFF_FFFF
        // The 70-bit square, as a high and a low half.
        let (high, low) = d.multipliedFullWidth(by: d)
        let shift = 35 - bits / 2
        let shifted = (low >> UInt64(shift)) | (shift == 0 ? 0 : high << UInt64(64 - shift))
        return shifted & ((1 << UInt64(bits)) - 1)
    }

    /// Which of `count` patterns ELIZA picks for a line ending in `word`:
    /// the hash with just enough bits for `count`, wrapped into range.
    static func choice(lastWord word: String, count: Int) -> Int {
        guard count > 1 else { return 0 }
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return Int(hash(lastChunk(word), bits: min(bits, 15))) % count
    }
}
