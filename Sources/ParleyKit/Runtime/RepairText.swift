/// Repair must not suggest the very words it failed to understand: a coach
/// that rejects "not sure" and then offers `for example "not sure"` reads as
/// not listening. While a repair runs, a line that quotes the rejected input
/// is not said; among `say one of` variants, another is picked instead.
extension Run {
    /// The text of a `say`, or nil when repair would quote the rejected line.
    mutating func renderSaying(_ spec: TextSpec) -> String? {
        guard let rejected = rejectedLine.map(Self.quotable), !rejected.isEmpty else { return render(spec) }
        switch spec {
        case .single(let template):
            let text = render(template)
            return Self.quotes(text, rejected) ? nil : text
        case .variants(let items, let mode, let site):
            let rendered = items.map { render($0) }
            let excluded = Set(rendered.indices.filter { Self.quotes(rendered[$0], rejected) })
            guard excluded.count < rendered.count else { return nil }
            return rendered[pickVariant(count: items.count, mode: mode, site: site, excluding: excluded)]
        }
    }

    /// The line as it would appear quoted: lower case, without the spaces and
    /// end punctuation around it.
    static func quotable(_ line: String) -> String {
        var text = Substring(line.lowercased())
        while let last = text.last, last == " " || last == "." || last == "!" || last == "?" { text = text.dropLast() }
        while let first = text.first, first == " " { text = text.dropFirst() }
        return String(text)
    }

    /// Whether `text` quotes `phrase` ("…", “…” or '…'), comparing UTF-8 bytes.
    /// Most replies hold no quotation mark and are answered from one look at
    /// their bytes (issue 12: Foundation's `contains`, run on every variant of
    /// every repair reply, was a fifth of a turn on the sample dialog).
    static func quotes(_ text: String, _ phrase: String) -> Bool {
        // `"` and `'`, or the first byte (0xE2) of U+201C and U+2018.
        guard text.utf8.contains(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0xE2 }) else { return false }
        let lower = text.lowercased()
        for (open, close) in [("\"", "\""), ("\u{201C}", "\u{201D}"), ("'", "'"), ("\u{2018}", "\u{2019}")] {
            if contains(lower, open + phrase + close) { return true }
        }
        return false
    }

    /// Whether `needle`'s UTF-8 bytes occur in `haystack`'s. A plain loop over
    /// the bytes: `firstRange(of:)` from the standard library is generic and
    /// was measured slower than Foundation here (it builds type metadata on
    /// each call). At most the two lengths' product, both bounded by a line.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard h.count >= n.count else { return false }
                var start = 0
                while start <= h.count - n.count {
                    var k = 0
                    while k < n.count, h[start + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                    start += 1
                }
                return false
            }
        }
    }
}
