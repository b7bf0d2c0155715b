import Testing
import ParleyKit

/// `containsUnsafeToShow` reads bytes and decodes only at some lead bytes;
/// these check it against `isUnsafeToShow` scalar by scalar.
@Suite struct ControlCharactersTests {
    /// Every scalar below U+3000 (the whole range the byte test treats
    /// specially, and more) and some above, alone and between letters.
    static let scalars: [Unicode.Scalar] = (0..<0x3000).compactMap(Unicode.Scalar.init)
        + [0xFEFF, 0xFFFD, 0x1F600, 0x1F1EB, 0xE0001, 0x10FFFF].compactMap(Unicode.Scalar.init)

    @Test func agreesWithTheScalarTestForEveryScalar() {
        for scalar in Self.scalars {
            let unsafe = ControlCharacters.isUnsafeToShow(scalar)
            for text in [String(scalar), "a\(scalar)", "\(scalar)z", "’\(scalar)—"] {
                #expect(ControlCharacters.containsUnsafeToShow(text) == unsafe, "U+\(String(scalar.value, radix: 16))")
            }
            let allowingNewLines = unsafe && scalar != "\n"
            #expect(ControlCharacters.containsUnsafeToShow("a\(scalar)b", allowing: 0x0A) == allowingNewLines)
        }
    }

    /// Long text is read eight bytes at a time: each scalar at every offset
    /// of a 24-byte run of ASCII is still found, or still passes.
    @Test func agreesInLongTextAtEveryOffset() {
        let padding = "The quick brown fox runs"
        for scalar in Self.scalars where scalar.value < 0x100 || scalar.value == 0x2028 || scalar.value == 0x2019 {
            let unsafe = ControlCharacters.isUnsafeToShow(scalar)
            for offset in 0...padding.count {
                let text = String(padding.prefix(offset)) + String(scalar) + String(padding.dropFirst(offset)) + padding
                #expect(ControlCharacters.containsUnsafeToShow(text) == unsafe, "U+\(String(scalar.value, radix: 16)) at \(offset)")
                #expect(ControlCharacters.containsUnsafeToShow(text, allowing: 0x0A) == (unsafe && scalar != "\n"))
            }
        }
        #expect(!ControlCharacters.containsUnsafeToShow(String(repeating: "plain ascii text ~ ", count: 9)))
    }

    /// The last bytes, fewer than eight, are read as the eight that end the
    /// text: each scalar at every offset of ASCII text of every length up
    /// to 20 is still found, or still passes, and so are two of them.
    @Test func agreesInTheLastBytesOfTextOfEveryLength() {
        for scalar in Self.scalars where scalar.value < 0x100 || [0x2028, 0x2019, 0x202E, 0x061C].contains(scalar.value) {
            let unsafe = ControlCharacters.isUnsafeToShow(scalar)
            for length in 0...20 {
                let ascii = String(repeating: "x", count: length)
                for offset in 0...length {
                    let text = String(ascii.prefix(offset)) + String(scalar) + String(ascii.dropFirst(offset))
                    #expect(ControlCharacters.containsUnsafeToShow(text) == unsafe, "U+\(String(scalar.value, radix: 16)) at \(offset) of \(length)")
                    #expect(ControlCharacters.containsUnsafeToShow(text, allowing: 0x0A) == (unsafe && scalar != "\n"))
                    let twice = text + "\n" + String(scalar)
                    #expect(ControlCharacters.containsUnsafeToShow(twice, allowing: 0x0A) == (unsafe && scalar != "\n"))
                }
            }
        }
    }

    /// `isPrintableASCII(utf8:)`, eight bytes at a time, against the bytes
    /// one by one: every byte value at every offset of runs of every length
    /// up to 20.
    @Test func printableASCIIIsEveryByteFromSpaceToTilde() {
        for length in 0...20 {
            let tildes = Array(repeating: UInt8(ascii: "~"), count: length)
            #expect(tildes.withUnsafeBufferPointer { ControlCharacters.isPrintableASCII(utf8: $0) })
            for offset in 0..<max(length, 1) where length > 0 {
                for byte in UInt8.min...UInt8.max {
                    var run = Array(repeating: UInt8(ascii: "a"), count: length)
                    run[offset] = byte
                    let printable = run.withUnsafeBufferPointer { ControlCharacters.isPrintableASCII(utf8: $0) }
                    #expect(printable == (byte >= 0x20 && byte <= 0x7E), "\(byte) at \(offset) of \(length)")
                }
            }
        }
    }

    @Test func typographicPunctuationIsSafeAndNearNeighboursAreNot() {
        #expect(!ControlCharacters.containsUnsafeToShow("It’s “fine” — • …"))
        #expect(ControlCharacters.containsUnsafeToShow("It’s \u{202E}fine"))
        #expect(ControlCharacters.containsUnsafeToShow("a\u{2028}b"))
        #expect(ControlCharacters.containsUnsafeToShow("\u{9B}"))
        #expect(ControlCharacters.containsUnsafeToShow("\u{061C}"))
        #expect(!ControlCharacters.containsUnsafeToShow("\u{061B}\u{00A0}\u{2027}\u{202F}\u{2065}\u{206A}"))
    }

    @Test func shownChangesTextOnlyWhenItHoldsAnUnsafeCharacter() {
        for scalar in Self.scalars {
            let text = "a\(scalar)b"
            #expect((ControlCharacters.shown(text) != text) == ControlCharacters.isUnsafeToShow(scalar))
        }
    }
}
