import Testing
@testable import ParleyLSP

/// Parley columns (characters, 1-based) against LSP's (UTF-16 units, 0-based).
@Suite struct PositionMappingTests {
    @Test func asciiColumnsAreOffsetByOne() {
        let line: Substring = "  say Hello"
        #expect(PositionMapping.utf16Offset(ofColumn: 1, in: line) == 0)
        #expect(PositionMapping.utf16Offset(ofColumn: 7, in: line) == 6)
        #expect(PositionMapping.column(ofUTF16Offset: 6, in: line) == 7)
    }

    @Test func emojiTakeTwoUnitsButOneColumn() {
        // 😀 is one character, two UTF-16 units (a surrogate pair).
        let line: Substring = "say 😀 {mood}"
        #expect(PositionMapping.utf16Offset(ofColumn: 5, in: line) == 4)
        #expect(PositionMapping.utf16Offset(ofColumn: 6, in: line) == 6)
        #expect(PositionMapping.utf16Offset(ofColumn: 8, in: line) == 8)  // the 'm' of mood
        #expect(PositionMapping.column(ofUTF16Offset: 8, in: line) == 8)
        // Between the two halves of the pair: the emoji's own column.
        #expect(PositionMapping.column(ofUTF16Offset: 5, in: line) == 5)
    }

    @Test func familyEmojiIsOneCharacter() {
        // A ZWJ sequence: one grapheme, 11 UTF-16 units.
        let family = "👨‍👩‍👧‍👦"
        let line = Substring("say \(family) x")
        #expect(family.utf16.count == 11)
        #expect(PositionMapping.utf16Offset(ofColumn: 6, in: line) == 4 + 11)
        #expect(PositionMapping.utf16Offset(ofColumn: 7, in: line) == 4 + 11 + 1)  // x
        #expect(PositionMapping.column(ofUTF16Offset: 16, in: line) == 7)
    }

    @Test func cjkIsOneUnitEach() {
        let line: Substring = "say 你好 {名前}"
        #expect(PositionMapping.utf16Offset(ofColumn: 8, in: line) == 7)  // 名
        #expect(PositionMapping.column(ofUTF16Offset: 7, in: line) == 8)
        // A supplementary-plane ideograph (U+20BB7) takes two units.
        let wide: Substring = "𠮷 go x"
        #expect(PositionMapping.utf16Offset(ofColumn: 3, in: wide) == 3)
        #expect(PositionMapping.column(ofUTF16Offset: 3, in: wide) == 3)
    }

    @Test func combiningMarksBelongToTheirLetter() {
        // "é" written as e + U+0301: one character, two units.
        let line = Substring("say e\u{301}t\u{E9} x")
        #expect(PositionMapping.utf16Offset(ofColumn: 6, in: line) == 6)  // t
        #expect(PositionMapping.utf16Offset(ofColumn: 8, in: line) == 8)  // space after the precomposed é
        #expect(PositionMapping.column(ofUTF16Offset: 5, in: line) == 5)  // on the combining mark
        #expect(PositionMapping.column(ofUTF16Offset: 6, in: line) == 6)
    }

    @Test func pastTheEndExtendsByCharacters() {
        let line: Substring = "go 😀"
        #expect(PositionMapping.utf16Offset(ofColumn: 5, in: line) == 5)
        #expect(PositionMapping.utf16Offset(ofColumn: 7, in: line) == 7)
        #expect(PositionMapping.column(ofUTF16Offset: 5, in: line) == 5)
        #expect(PositionMapping.column(ofUTF16Offset: 9, in: line) == 9)
        #expect(PositionMapping.utf16Offset(ofColumn: 3, in: "") == 2)
    }

    @Test func aTabInTheIndentationCountsTwoColumnsAsTheParserCountsIt() {
        let line = Substring("\tgo x")
        #expect(PositionMapping.utf16Offset(ofColumn: 3, in: line) == 1)  // g
        #expect(PositionMapping.column(ofUTF16Offset: 1, in: line) == 3)
        // A tab later in the line is one character like any other.
        #expect(PositionMapping.utf16Offset(ofColumn: 4, in: "say\tx") == 3)
    }

    @Test func roundTripsEveryCharacterStart() {
        let line: Substring = "  say 😀你e\u{301}👨‍👩‍👧 {x} 𠮷!"
        var utf16 = 0
        var column = 3
        for character in line.dropFirst(2) {
            utf16 += 0
            let offset = PositionMapping.utf16Offset(ofColumn: column, in: line)
            #expect(PositionMapping.column(ofUTF16Offset: offset, in: line) == column)
            utf16 += character.utf16.count
            column += 1
        }
    }

    @Test func lineTableMapsLocationsAndCRLF() {
        let table = LineTable("dialog x\r\nsay 😀 hi\r\n")
        #expect(table.lines.count == 3)
        #expect(table.line(2) == "say 😀 hi")
        let position = table.position(line: 2, column: 7)
        #expect(position == LSPPosition(line: 1, character: 7))
        #expect(table.location(position) == (line: 2, column: 7))
        // An index inside a surrogate pair rounds down to the pair's start.
        let index = table.index(LSPPosition(line: 1, character: 5))
        #expect(table.text[index...].hasPrefix("😀"))
    }
}
