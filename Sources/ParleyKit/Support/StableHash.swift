/// FNV-1a, 64 bits: stable across runs and platforms, unlike `Hasher`. The
/// one implementation for session seeds and tags, dialog fingerprints, the
/// chat's file names and the typo index. Not for security.
public enum StableHash {
    /// FNV-1a's 64-bit offset basis: the hash of no bytes.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// One FNV-1a step: `hash` with `value` (a byte, or a Unicode scalar's value) mixed in.
    @inline(__always)
    public static func step(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* prime
    }

    /// FNV-1a over bytes, continuing from `seed`.
    public static func fnv1a64(_ bytes: some Sequence<UInt8>, seed: UInt64 = offsetBasis) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = step(hash, UInt64(byte)) }
        return hash
    }

    /// FNV-1a over a string's UTF-8 bytes, read in place where the string
    /// lends them (the reader hashes every word of a line: the byte iterator
    /// cost about 25 instructions a byte, issue 12).
    public static func fnv1a64(_ text: String) -> UInt64 {
        text.utf8.withContiguousStorageIfAvailable { fnv1a64(utf8: $0) } ?? fnv1a64(text.utf8)
    }

    /// FNV-1a over bytes in memory (a string's UTF-8 where it lies): the
    /// same hash as `fnv1a64(_:seed:)`, not generic, so another module calls
    /// it without going through the generic body (the bridge's lanes hash a
    /// session id straight from the request line, issue 12, `lanes9`).
    public static func fnv1a64(utf8 bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        fnv1a64(bytes)
    }

    /// Sixteen lowercase hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
