import Testing
@testable import ParleyKit

@Suite struct BridgeJSONTests {
    func read(_ text: String) throws -> JSONValue { try JSONReader.read(text) }

    func readError(_ text: String) -> String? {
        do {
            _ = try JSONReader.read(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try read(#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value == .object([
            JSONMember(key: "a", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])),
            JSONMember(key: "b", value: .string("x\"\\/\u{8}\u{C}\n\r\té😀")),
            JSONMember(key: "c", value: .object([])),
        ]))
    }

    /// Text cut in the middle of a UTF-16 pair: U+FFFD, so the request keeps its id.
    @Test func readsALoneSurrogateAsTheReplacementCharacter() throws {
        #expect(try read(#""a\ud800""#) == .string("a\u{FFFD}"))
        #expect(try read(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try read(#""\udc00b""#) == .string("\u{FFFD}b"))
        #expect(try read(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try read(#""\ud800\ud800\udc00""#) == .string("\u{FFFD}𐀀"))
    }

    @Test func keepsNumberLiteralsAsWritten() throws {
        #expect(try read("12345678901234567890123") == .number("12345678901234567890123"))
        #expect(try read("0.10") == .number("0.10"))
        #expect(try read("-0") == .number("-0"))
    }

    @Test func keepsDuplicateMembersForTheCallerToRefuse() throws {
        #expect(try read(#"{"a":1,"a":2}"#) == .object([JSONMember(key: "a", value: .number("1")), JSONMember(key: "a", value: .number("2"))]))
    }

    @Test(arguments: [
        ("", "the line ends where a JSON value was expected"),
        ("{", "expected a member name in double quotes, found the end of the line"),
        (#"{"a":1,}"#, "a comma before '}' is not allowed in JSON (no trailing commas)"),
        ("[1,]", "a comma before ']' is not allowed in JSON (no trailing commas)"),
        ("[]]", "unexpected text after the JSON value; send one JSON object per line"),
        ("[,1]", "expected a JSON value, found ','"),
        ("01", "a number cannot start with 0"),
        ("1.", "expected a digit after '.'"),
        ("1e", "expected a digit in the exponent"),
        ("-", "expected a digit in a number"),
        ("NaN", "unknown word 'NaN'; JSON values are objects, arrays, strings, numbers, true, false and null"),
        ("tru", "unknown word 'tru'; JSON values are objects, arrays, strings, numbers, true, false and null"),
        ("nullx", "unknown word 'nullx'; JSON values are objects, arrays, strings, numbers, true, false and null"),
        ("null1", "unexpected text after the JSON value; send one JSON object per line"),
        (#""abc"#, "the line ends inside a string (a '\"' is missing)"),
        ("\"a\tb\"", "a control character (U+0009) must be escaped in a string"),
        (#""\x""#, "unknown escape '\\x'; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
        (#""\u12""#, "expected four hex digits after \\u"),
        ("{} {}", "unexpected text after the JSON value; send one JSON object per line"),
        (#"{"a" 1}"#, "expected ':' after the member name, found '1'"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}' in an object, found '\"'"),
        ("[1 2]", "expected ',' or ']' in an array, found '2'"),
        ("// comment", "expected a JSON value, found '/'"),
    ])
    func refusesWhatRFC8259Refuses(_ text: String, _ message: String) {
        #expect(readError(text) == message)
    }

    @Test func reportsWhereReadingStopped() {
        do {
            _ = try JSONReader.read(#"{"a": 01}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 7)
            #expect(error.description == "at byte 8: a number cannot start with 0")
        }
    }

    @Test func limitsNestingInsteadOfOverflowingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(readError(deep) == "JSON nested more than 64 levels deep")
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try read(ok)
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(readError(tooDeep) == "JSON nested more than 64 levels deep")
    }

    @Test func writesStringsThatReadBackTheSame() throws {
        let samples = ["", "plain", "quote \" backslash \\ slash /", "\u{0}\u{1}\u{1F}\n\r\t\u{8}\u{C}", "é 😀 \u{2028}\u{2029} \u{7F}",
                       String(repeating: "long ", count: 1000)]
        for sample in samples {
            var writer = JSONWriter()
            writer.string(sample)
            let text = String(decoding: writer.bytes, as: UTF8.self)
            #expect(try read(text) == .string(sample))
            #expect(!text.contains("\n") && !text.contains("\u{2028}"))
        }
    }

    /// The escaper reads eight bytes at a time while they need no escape
    /// (hotpath3): a character that needs one, or a non-ASCII one, is found
    /// at every offset within and across those eight bytes, and every byte
    /// value from 0 to 127 is written as the byte-at-a-time rule says.
    @Test func findsEscapesAtEveryOffsetOfAWord() throws {
        func expected(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{8}": out += "\\b"
                case "\u{C}": out += "\\f"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default:
                    if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let specials = (0..<128).map { String(UnicodeScalar(UInt8($0))) } + ["\u{85}", "\u{A0}", "é", "\u{2028}", "\u{2029}", "—", "😀"]
        var writer = JSONWriter()
        // Strings of every length around a word, the last bytes read as one (bridgeio).
        for special in specials {
            for (offset, total) in (1...18).flatMap({ total in (0..<total).map { ($0, total) } }) {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: total - 1 - offset)
                writer.removeAll()
                writer.string(text)
                let written = String(decoding: writer.bytes, as: UTF8.self)
                #expect(written == expected(text), "\(Array(special.unicodeScalars)) at \(offset)")
                #expect(try JSONReader.read(written) == .string(text))
            }
        }
    }

    /// The writer's room grows past its first 1 KiB, for raw text and strings alike, and `removeAll` starts over.
    @Test func growsPastItsFirstRoom() {
        var writer = JSONWriter()
        let long = String(repeating: "0123456789", count: 300)
        writer.raw(long)
        writer.string(long)
        writer.integer(-5)
        #expect(writer.bytes == Array((long + "\"" + long + "\"-5").utf8))
        writer.removeAll()
        writer.raw("{}")
        #expect(writer.bytes == Array("{}".utf8))
    }

    /// The writer's bytes are its own (bridgeio: a buffer written through a
    /// pointer): a copy that writes does not change the original, nor the
    /// original the copy; `removeAll(after:)` takes back what came after a
    /// mark; `withBytes` shows what `bytes` copies; a string of controls,
    /// six bytes each when written, fits however long it is.
    @Test func aCopyWritesItsOwnBytes() throws {
        var writer = JSONWriter()
        writer.raw("[1" as StaticString)
        var copy = writer
        copy.raw(",2]" as StaticString)
        writer.raw("]" as StaticString)
        #expect(writer.bytes == Array("[1]".utf8))
        #expect(copy.bytes == Array("[1,2]".utf8))
        let mark = copy.count
        copy.string("gone")
        copy.removeAll(after: mark)
        #expect(copy.bytes == Array("[1,2]".utf8))
        #expect(copy.withBytes { Array($0) } == copy.bytes)
        var controls = JSONWriter()
        let text = String(repeating: "\u{1}\u{85}\u{2028}", count: 700)
        controls.string(text)
        #expect(controls.count == 2 + 700 * 18)
        #expect(try JSONReader.read(String(decoding: controls.bytes, as: UTF8.self)) == .string(text))
        var empty = JSONWriter()
        empty.string("")
        #expect(empty.bytes == Array(#""""#.utf8))
    }

    @Test func writesControlCharactersAsEscapes() {
        var writer = JSONWriter()
        writer.string("a\u{0}\u{1F}\n\u{2028}")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #""a\u0000\u001f\n\u2028""#)
    }

    /// One escaper for the bridge and `lint --format json`: DEL and the C1
    /// controls are escaped too, so JSON in a terminal or log carries no control sequence.
    @Test func oneEscaperEscapesC0DelAndC1Controls() throws {
        let sample = "a\u{7F}b\u{85}c\u{9F}\u{A0}é\u{2028}\"\\\u{1B}[2J"
        var writer = JSONWriter()
        writer.string(sample)
        let written = String(decoding: writer.bytes, as: UTF8.self)
        #expect(written == #""a\u007fb\u0085c\u009f"# + "\u{A0}é" + #"\u2028\"\\\u001b[2J""#)
        #expect(JSONText.quote(sample) == written)
        #expect(try JSONReader.read(written) == .string(sample))
    }

    @Test func writesNumbersInShortForm() {
        var writer = JSONWriter()
        for value in [1.0, 0.5, -3.0, 1e20, Double.nan, Double.infinity] {
            writer.number(value)
            writer.raw(",")
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "1,0.5,-3,1e+20,null,null,")
    }

    /// `integer` writes its digits itself (no `String` per number): every
    /// magnitude, the sign, and the ends of `Int`'s range.
    @Test func writesIntegersInDecimal() {
        let values = [0, 7, -7, 10, 99, 100, -1_000_000, 1_234_567_890, Int.max, Int.min]
        var writer = JSONWriter()
        for value in values {
            writer.integer(value)
            writer.raw(",")
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == values.map { "\($0)," }.joined())
    }

    /// Raw text, literal or not, goes in byte for byte (the literal's overload
    /// copies the string's UTF-8 at once).
    @Test func writesRawTextAsItIs() {
        var writer = JSONWriter()
        let made = String(repeating: "é", count: 20) + "}"
        writer.raw(#"{"a":"#)
        writer.raw(made)
        writer.raw("")
        #expect(writer.bytes == Array(#"{"a":"#.utf8) + Array(made.utf8))
    }

    @Test(arguments: [
        ([0x61, 0x62], nil),
        ([0xC3, 0xA9], nil),
        ([0xF0, 0x9F, 0x98, 0x80], nil),
        ([0xEF, 0xBF, 0xBF], nil),
        ([0x61, 0xFF], 1),
        ([0xC0, 0x80], 0),  // overlong NUL
        ([0xE0, 0x80, 0x80], 0),  // overlong
        ([0xED, 0xA0, 0x80], 0),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0x61, 0xE2, 0x82], 1),  // cut short
        ([0x80], 0),  // a lone continuation byte
        ([0xC3, 0x28], 0),
    ] as [([UInt8], Int?)])
    func findsInvalidUTF8(_ bytes: [UInt8], _ offset: Int?) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) } == offset)
    }
}
