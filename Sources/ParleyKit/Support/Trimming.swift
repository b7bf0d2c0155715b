extension StringProtocol where SubSequence == Substring {
    /// The text without spaces at either end (and, with `tabs`, without tabs).
    /// The one trimming helper: dialogs, transcripts, values, the chat's lines.
    /// Works on UTF-8 bytes and returns a slice, so trimming copies nothing.
    public func trimmed(tabs: Bool = false) -> Substring {
        let text = self[...]
        let bytes = text.utf8
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || (tabs && byte == 0x09) }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, blank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, blank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return text[start..<end]
    }

    /// Without spaces at either end.
    var trimmingSpaces: Substring { trimmed() }
}
