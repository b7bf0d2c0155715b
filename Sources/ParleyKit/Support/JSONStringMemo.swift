/// The JSON form of recently written long strings (`TextStorageMemo`
/// keeping the bytes `JSONWriter.string` wrote): the bridge's handler
/// writes a turn's fixed texts (replies, option labels, state, intent)
/// through one, so that a text the engine hands out every turn is escaped
/// once (issue 12, `lanes8`: about 200 instructions a reply of the sample
/// dialog).
///
/// Not thread-safe: one memo per thread (each bridge handler has its own).
public typealias JSONStringMemo = TextStorageMemo<[UInt8]>

extension TextStorageMemo where Form == [UInt8] {
    /// An empty memo.
    public convenience init() {
        self.init(placeholder: [])
    }

    /// `writer.string(text)`: the same bytes, copied from the memo when
    /// `text` is one it holds. A miss writes the string the usual way and
    /// keeps a copy of its bytes.
    public func string(_ text: String, into writer: inout JSONWriter) {
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard let entry = Self.entry(of: utf8) else { return writer.string(utf8: utf8) }
            if holds(utf8, at: entry) {
                self[entry].withUnsafeBytes { writer.raw($0) }
                return
            }
            let start = writer.count
            writer.string(utf8: utf8)
            keep(writer.withBytes { Array($0[start...]) }, for: text, utf8: utf8, at: entry)
        }
        if written == nil { writer.string(text) }
    }
}
