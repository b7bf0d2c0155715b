/// What one fixed transformation made of recently seen long strings, found
/// again by the identity of their storage: a dialog's texts are fixed, and
/// the engine hands out the same string for a constant reply, option label
/// or name every turn, so what was made of it the first time is used again
/// instead of reading the text again. Its uses: the bridge's JSON form of a
/// text (`JSONStringMemo`, `lanes8`: about 200 instructions a reply of the
/// sample dialog) and the piped chat's check of a reply for control
/// characters (`chat9`: 2,900 instructions a turn of the trust coach).
///
/// A string is known by where its UTF-8 lies and how long it is. That is
/// safe because each entry keeps its string: while the entry holds the
/// storage, no other string can be stored there, and the storage cannot be
/// changed in place (a string changes its storage in place only when it
/// holds the only reference). Strings of fewer than `minimumLength` bytes
/// are small (held in the `String` value itself, with no storage to know
/// them by), and they and strings longer than `maximumLength` are not kept
/// (`entry(of:)` is nil): the caller transforms them itself. A text is
/// replaced by the next one whose address picks its entry (a fixed number of
/// entries, so a text made afresh each turn costs one miss and never grows
/// the memo).
///
/// The parts are inlinable, with no closure, so that a memo used from
/// another module costs what it costs in this one: the first version took
/// closures, which were not inlined across modules and made each of the
/// bridge's misses dearer (`chatmemo`: trust coach 94,350 -> 95,965
/// instructions a turn). A look-up:
///
///     text.utf8.withContiguousStorageIfAvailable { utf8 in
///         guard let entry = TextStorageMemo<Form>.entry(of: utf8) else { ... }  // not kept
///         if memo.holds(utf8, at: entry) { use(memo[entry]) } else { memo.keep(make(utf8), for: text, utf8: utf8, at: entry) }
///     }
///
/// One memo per transformation, and not thread-safe: one memo per thread.
public final class TextStorageMemo<Form> {
    /// Entries, a power of two.
    @usableFromInline static var entryCount: Int { 256 }
    /// The shortest text (UTF-8 bytes) kept: shorter strings have no storage.
    public static var minimumLength: Int { 16 }
    /// The longest text (UTF-8 bytes) kept: a reply of a few sentences.
    public static var maximumLength: Int { 1024 }

    /// Per entry: where the text's UTF-8 lies (0: empty), its length, the
    /// text itself (kept so the storage stays its own), and its form.
    @usableFromInline let addresses: UnsafeMutablePointer<UInt>
    @usableFromInline let lengths: UnsafeMutablePointer<Int>
    @usableFromInline let texts: UnsafeMutablePointer<String>
    @usableFromInline let forms: UnsafeMutablePointer<Form>

    /// An empty memo; `placeholder` is the form of the entries that hold no
    /// text yet (never read: no text's address is 0).
    public init(placeholder: Form) {
        let count = Self.entryCount
        addresses = .allocate(capacity: count)
        addresses.initialize(repeating: 0, count: count)
        lengths = .allocate(capacity: count)
        lengths.initialize(repeating: 0, count: count)
        texts = .allocate(capacity: count)
        texts.initialize(repeating: "", count: count)
        forms = .allocate(capacity: count)
        forms.initialize(repeating: placeholder, count: count)
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

    /// The entry that keeps, or would keep, the text whose UTF-8 is `utf8`
    /// (where `String.UTF8View.withContiguousStorageIfAvailable` lends it);
    /// nil for a length the memo does not keep.
    @inlinable @inline(__always) public static func entry(of utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard utf8.count >= minimumLength, utf8.count <= maximumLength else { return nil }
        // Fibonacci hashing of the address: its top 8 bits pick the entry.
        return Int(truncatingIfNeeded: (UInt(bitPattern: utf8.baseAddress) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Whether `entry` holds the text whose UTF-8 is `utf8`: then `self[entry]` is its form.
    @inlinable @inline(__always) public func holds(_ utf8: UnsafeBufferPointer<UInt8>, at entry: Int) -> Bool {
        addresses[entry] == UInt(bitPattern: utf8.baseAddress) && lengths[entry] == utf8.count
    }

    /// The form kept in `entry`, read where it lies.
    @inlinable public subscript(entry: Int) -> Form {
        unsafeAddress { UnsafePointer(forms + entry) }
    }

    /// Keeps `form` for `text` in `entry` (`entry(of: utf8)`), replacing
    /// what it held. `utf8` must be where `text` itself keeps its UTF-8, as
    /// `text.utf8.withContiguousStorageIfAvailable` lends it.
    @inlinable public func keep(_ form: consuming Form, for text: String, utf8: UnsafeBufferPointer<UInt8>, at entry: Int) {
        keepKey(of: text, utf8: utf8, at: entry)
        forms[entry] = form
    }

    /// `keep` without the form: the entry now names `text`, and its form
    /// must be made `text`'s before it is read.
    @inlinable func keepKey(of text: String, utf8: UnsafeBufferPointer<UInt8>, at entry: Int) {
        addresses[entry] = UInt(bitPattern: utf8.baseAddress)
        lengths[entry] = utf8.count
        texts[entry] = text
    }
}
