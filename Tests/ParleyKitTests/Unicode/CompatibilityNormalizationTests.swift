import Foundation
import Testing
@testable import ParleyKit

/// NFKC through ICU (`CompatibilityNormalization`) gives what Foundation's
/// `precomposedStringWithCompatibilityMapping`, which it replaced, gave.
@Suite struct CompatibilityNormalizationTests {
    @Test func normalisesCompatibilityAndCanonicalForms() {
        #expect(CompatibilityNormalization.nfkc("ﬁne") == "fine")
        #expect(CompatibilityNormalization.nfkc("ｍｙ　ｂｏｙ") == "my boy")
        #expect(CompatibilityNormalization.nfkc("① ㎏") == "1 kg")
        #expect(CompatibilityNormalization.nfkc("e\u{301}") == "\u{E9}")
        #expect(CompatibilityNormalization.nfkc("ﷺ").unicodeScalars.count == 18)
        #expect(CompatibilityNormalization.nfkc("") == "")
    }

    /// Every scalar of the first two planes, between two letters (so that
    /// composition with a neighbour is tried), as Foundation had it; the
    /// outlined letters and digits of Unicode 16 are the one known change.
    @Test func agreesWithFoundationOnTheFirstTwoPlanes() {
        let unicode16Outlined: ClosedRange<UInt32> = 0x1CCD6...0x1CCF9
        var differing: [String] = []
        for value in UInt32(0xA0)...0x1FFFF where !unicode16Outlined.contains(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            if CompatibilityNormalization.nfkc(text) != text.precomposedStringWithCompatibilityMapping {
                differing.append(String(value, radix: 16))
            }
        }
        #expect(differing == [])
        #expect(CompatibilityNormalization.nfkc("\u{1CCD6}") == "A")
    }
}
