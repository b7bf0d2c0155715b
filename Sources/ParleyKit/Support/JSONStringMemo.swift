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
        // The length first: a short string goes straight to the writer, as
        // do the bytes of a string the memo does not keep.
        let length = text.utf8.count
        guard length >= Self.minimumLength, length <= Self.maximumLength else { return writer.string(text) }
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard let entry = Self.entry(of: utf8) else { return writer.string(utf8: utf8) }
            // A hit copies the form where it lies (read through the
            // subscript, the array was retained and released each time).
            if holds(utf8, at: entry) { return forms[entry].withUnsafeBytes { writer.raw($0) } }
            writeAndKeep(text, utf8: utf8, at: entry, into: &writer)
        }
        if written == nil { writer.string(text) }
    }

    /// A miss: `text` written, and its bytes kept in `entry`, in the array
    /// the entry held (no new array when they fit: a text made afresh each
    /// turn misses each turn). Apart, so that the hit path stays small
    /// enough to be inlined where it is used.
    @inline(never)
    func writeAndKeep(_ text: String, utf8: UnsafeBufferPointer<UInt8>, at entry: Int, into writer: inout JSONWriter) {
        let start = writer.count
        writer.string(utf8: utf8)
        keepKey(of: text, utf8: utf8, at: entry)
        forms[entry].removeAll(keepingCapacity: true)
        writer.withBytes { forms[entry].append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }
}
