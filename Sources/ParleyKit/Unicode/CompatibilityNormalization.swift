#if canImport(_FoundationICU)
import _FoundationICU
#else
import Foundation
#endif

/// Unicode normalisation form KC (UAX #15): compatibility decomposition, then
/// canonical composition ("ﬁ" becomes "fi", "①" "1", "e" and a combining
/// acute "é"). Through ICU, the copy the Swift toolchain ships for
/// Foundation (`_FoundationICU`), where it exists (Linux): Foundation's own
/// `precomposedStringWithCompatibilityMapping` is the one thing ParleyKit
/// needed Foundation for, and linking Foundation costs every start of
/// `parley` its pages and conformance records (docs/performance.md, "Chat
/// start-up"). ICU 76 has Unicode 16.0's data, so it also maps the 36
/// outlined letters and digits U+1CCD6–U+1CCF9 that Foundation's older
/// tables left as they were; every other scalar gives what Foundation gave.
enum CompatibilityNormalization {
    /// `text` in NFKC.
    static func nfkc(_ text: String) -> String {
        #if canImport(_FoundationICU)
        var error = U_ZERO_ERROR
        // A singleton of ICU's; its data is compiled into the library.
        guard let normalizer = swift_unorm2_getNFKCInstance(&error), error.rawValue <= U_ZERO_ERROR.rawValue else {
            preconditionFailure("ICU's NFKC data is missing (error \(error.rawValue))")
        }
        let source = Array(text.utf16)
        // NFKC grows text at most 18 times ("ﷺ"); most text not at all.
        var capacity = source.count + 16
        while true {
            var output = [UInt16](repeating: 0, count: capacity)
            error = U_ZERO_ERROR
            let length = swift_unorm2_normalize(normalizer, source, Int32(source.count), &output, Int32(capacity), &error)
            if error == U_BUFFER_OVERFLOW_ERROR {
                capacity = Int(length)
                continue
            }
            precondition(error.rawValue <= U_ZERO_ERROR.rawValue, "ICU's NFKC failed (error \(error.rawValue))")
            return String(decoding: output[..<Int(length)], as: UTF16.self)
        }
        #else
        return text.precomposedStringWithCompatibilityMapping
        #endif
    }
}
