import Testing
@testable import ParleyKit

/// Strings are read in runs of plain bytes, eight at a time: an escape, the
/// closing quote or a control character at any offset of a word must end
/// the run there, and bytes that only look close (0x21, 0x5B…0x5D, 0x1F+1,
/// non-ASCII) must not.
@Suite struct JSONStringRunTests {
    @Test func everyStopByteEndsTheRunAtEveryOffset() throws {
        let fillers = ["a", "é", "😀", "!", "[", "]", " "]
        for filler in fillers {
            for before in 0..<20 {
                for after in 0..<12 {
                    let head = String(repeating: filler, count: before)
                    let tail = String(repeating: "b", count: after)
                    // An escape in the middle, then more text, then the end.
                    for (escaped, meaning) in [("\\n", "\n"), ("\\\"", "\""), ("\\\\", "\\"), ("\\u00e9", "é"), ("\\t", "\t")] {
                        let json = "\"" + head + escaped + tail + escaped + "\""
                        #expect(try JSONReader.read(json) == .string(head + meaning + tail + meaning), "\(json)")
                    }
                    // No escape: the fast path.
                    #expect(try JSONReader.read("\"" + head + tail + "\"") == .string(head + tail))
                    // A raw control character is refused where it is.
                    let bad = "\"" + head + "\u{1F}" + tail + "\""
                    #expect(throws: JSONReadError.self) { try JSONReader.read(bad) }
                    let badAfterEscape = "\"" + head + "\\n" + tail + "\u{0A}\""
                    #expect(throws: JSONReadError.self) { try JSONReader.read(badAfterEscape) }
                }
            }
        }
    }

    @Test func aLongTextReadsBackAsWritten() throws {
        var text = ""
        for k in 0..<3_000 { text += "line \(k) with \"quotes\", a tab\tand é😀 \\ back\n" }
        var writer = JSONWriter()
        writer.value(.object([JSONMember(key: "text", value: .string(text))]))
        let written = writer.bytes
        let read = try written.withUnsafeBufferPointer { try JSONReader.read($0) }
        #expect(read == .object([JSONMember(key: "text", value: .string(text))]))
        // Cut before its closing quote: the string never ends.
        let cut = Array(written.dropLast(2))
        #expect(throws: JSONReadError.self) { try cut.withUnsafeBufferPointer { try JSONReader.read($0) } }
    }
}
