extension Substring {
    /// Space-separated words as slices of self, so their positions are known.
    func splitKeepingIndices() -> [Substring] {
        utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
    }
}
