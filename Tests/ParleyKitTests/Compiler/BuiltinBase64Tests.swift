@testable import BuiltinDialogs
import Foundation
import Testing

/// The base64 decoding the built-in dialogs are read with: the bytes
/// Foundation's encoder (which `parley-embed` writes them with) encoded, and
/// nothing for text that is not base64.
@Suite struct BuiltinBase64Tests {
    @Test func decodesWhatFoundationEncodes() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ length &* 17) }
            let text = Data(bytes).base64EncodedString()
            #expect(Base64.decode(text) == bytes, "\(length) bytes: \(text)")
        }
        let every = (0...255).map(UInt8.init)
        #expect(Base64.decode(Data(every).base64EncodedString()) == every)
        #expect(Base64.decode("UEFSTEVZQ0Q=") == Array("PARLEYCD".utf8))
    }

    @Test func refusesWhatIsNotBase64() {
        for text in ["A", "QUJ", "QU=D", "Q===", "====", "QUJD\nQUJD", "QU JQUJD", "QUJ-", "QUJD==", "é123"] {
            #expect(Base64.decode(text) == nil, "\(text)")
        }
    }
}
