import Testing
@testable import ParleyKit

/// `JSONStringMemo` writes every string exactly as `JSONWriter.string`
/// does: texts it holds, texts it has never seen, short ones, texts that
/// share an entry and push each other out, and texts made afresh at an
/// address an old one had.
@Suite struct JSONStringMemoTests {
    /// What the plain writer gives for `texts`, one after another.
    static func plain(_ texts: [String]) -> [UInt8] {
        var writer = JSONWriter()
        for text in texts { writer.string(text) }
        return writer.bytes
    }

    static func memoized(_ texts: [String], memo: JSONStringMemo = JSONStringMemo()) -> [UInt8] {
        var writer = JSONWriter()
        for text in texts { memo.string(text, into: &writer) }
        return writer.bytes
    }

    static let samples: [String] = [
        "Hello! I'm a small reading coach, a computer program.",
        "short", "", "exactly fifteen", "sixteen bytes!!!",
        "a \"quoted\" word, a back\\slash, a\ttab and a\nnew line in a long text",
        "“Ten pages a day is a book a month.” — A reading teacher",
        "controls \u{01}\u{1F}\u{7F}\u{85} and separators \u{2028}\u{2029} in a long text",
        String(repeating: "long text ", count: 200),
        String(repeating: "too long for the memo ", count: 100),
    ]

    @Test func everyTextIsWrittenAsThePlainWriterWritesIt() {
        // Each text three times: a miss, then hits (the same string values).
        let texts = Self.samples + Self.samples + Self.samples
        #expect(Self.memoized(texts) == Self.plain(texts))
    }

    @Test func textsThatShareAnEntryReplaceEachOther() {
        // Far more long texts than entries, each written twice in a row and
        // again later: every entry is taken over many times.
        let texts = (0..<2_000).map { "a long enough text, number \($0), with \"quotes\"" }
        let order = texts.flatMap { [$0, $0] } + texts.reversed()
        #expect(Self.memoized(order) == Self.plain(order))
    }

    @Test func aTextMadeAfreshIsNeverTakenForAnOldOne() {
        // Texts built anew each round, of one length, dropped after use: their
        // storage comes and goes at the same few addresses, which must never
        // bring back another text's bytes.
        let memo = JSONStringMemo()
        for round in 0..<500 {
            let text = String(repeating: "x", count: 10) + String(round % 10) + " made afresh \(round)"
            #expect(Self.memoized([text], memo: memo) == Self.plain([text]))
        }
    }

    @Test func copiesOfOneTextShareItsEntry() {
        // A string copied (as the engine copies a dialog's constant into a
        // reply) has the same storage: written from the memo.
        let memo = JSONStringMemo()
        let text = Self.samples[5]
        let copy = text
        var writer = JSONWriter()
        memo.string(text, into: &writer)
        memo.string(copy, into: &writer)
        #expect(writer.bytes == Self.plain([text, text]))
    }
}
