extension Substring {
    var trimmingSpaces: Substring {
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 { start = bytes.index(after: start) }
        while end > start, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        return self[start..<end]
    }

    /// Space-separated words as slices of self, so their positions are known.
    func splitKeepingIndices() -> [Substring] {
        utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
    }
}
