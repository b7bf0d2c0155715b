/// Finds the name a writer probably meant, for "did you mean" suggestions.
public enum NearestName {
    /// The candidate closest to `name` in edit distance, if it is close enough
    /// to be a plausible slip (about a third of the name's length, at least 1).
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = max(1, min(3, target.count / 3))
        // Ties go to a name that starts with what was typed ("stat" -> "state"), then alphabetically.
        var best: (distance: Int, notPrefix: Int, name: String)?
        for candidate in candidates where candidate != name {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            if abs(scalars.count - target.count) > limit { continue }
            let distance = editDistance(target, scalars, limit: limit)
            guard distance <= limit else { continue }
            let key = (distance, candidate.lowercased().hasPrefix(name.lowercased()) ? 0 : 1, candidate)
            if best == nil || key < best! { best = key }
        }
        return best?.name
    }

    /// The edit distance between two names, ignoring case, or `limit + 1` if
    /// it is larger than `limit`; the editor's completion ranks near names by it.
    public static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        editDistance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars), limit: limit)
    }

    /// Optimal-string-alignment distance (insertions, deletions, substitutions,
    /// adjacent swaps), giving up early once it exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
