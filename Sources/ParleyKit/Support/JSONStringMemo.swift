/// The JSON form of recently written long strings, found again by the
/// identity of their storage: a dialog's texts are fixed, and the engine
/// hands out the same string for a constant reply, option label or name
/// every turn, so the bytes `JSONWriter.string` made for it the first time
/// are copied instead of scanning and escaping the text again (issue 12,
/// `lanes8`: about 200 instructions a reply of the sample dialog).
///
/// A string is known by where its UTF-8 lies and how long it is. That is
/// safe because each entry keeps its string: while the entry holds the
/// storage, no other string can be stored there, and the storage cannot be
/// changed in place (a string changes its storage in place only when it
/// holds the only reference). Strings of 15 bytes or fewer are small (held
/// in the `String` value itself, with no storage to know them by) and are
/// written as usual, as are strings whose bytes are not contiguous and
/// strings longer than `maximumLength`. A miss writes the string the usual
/// way and keeps its bytes in the entry its address picks, replacing what
/// was there (a fixed number of entries, so a text rendered afresh each
/// turn costs a copy of its bytes and never grows the memo).
///
/// Not thread-safe: one memo per thread (each bridge handler has its own).
public final class JSONStringMemo {
    /// Entries, a power of two.
    static let entryCount = 256
    /// The longest text (UTF-8 bytes) kept: a reply of a few sentences.
    public static let maximumLength = 1024

    /// Per entry: where the text's UTF-8 lies (0: empty), its length, the
    /// text itself (kept so the storage stays its own), and its JSON form.
    private let addresses: UnsafeMutablePointer<UInt>
    private let lengths: UnsafeMutablePointer<Int>
    private let texts: UnsafeMutablePointer<String>
    private let forms: UnsafeMutablePointer<[UInt8]>

    /// An empty memo.
    public init() {
        let count = Self.entryCount
        addresses = .allocate(capacity: count)
        addresses.initialize(repeating: 0, count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        texts = .allocate(capacity: count)
        texts.initialize(repeating: "", count: count)
        forms = .allocate(capacity: count)
        forms.initialize(repeating: [], count: count)
    }

    deinit {
        let count = Self.entryCount
        texts.deinitialize(count: count)
        forms.deinitialize(count: count)
        addresses.deallocate()
        lengths.deallocate()
        texts.deallocate()
        forms.deallocate()
    }

    /// `writer.string(text)`: the same bytes, copied from the memo when
    /// `text` is one it holds.
    public func string(_ text: String, into writer: inout JSONWriter) {
        let length = text.utf8.count
        guard length > 15, length <= Self.maximumLength else { return writer.string(text) }
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            let address = UInt(bitPattern: utf8.baseAddress)
            // Fibonacci hashing of the address: its top 8 bits pick the entry.
            let entry = Int(truncatingIfNeeded: (address &* 0x9E37_79B9_7F4A_7C15) >> 56)
            if addresses[entry] == address, lengths[entry] == length {
                forms[entry].withUnsafeBytes { writer.raw($0) }
                return
            }
            let start = writer.count
            writer.string(utf8: utf8)
            addresses[entry] = address
            lengths[entry] = length
            texts[entry] = text
            writer.withBytes { forms[entry] = Array($0[start...]) }
        }
        if written == nil { writer.string(text) }
    }
}
