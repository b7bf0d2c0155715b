/// Repair must not suggest the very words it failed to understand: a coach
/// that rejects "not sure" and then offers `for example "not sure"` reads as
/// not listening. While a repair runs, a line that quotes the rejected input
/// is not said; among `say one of` variants, another is picked instead.
extension Run {
    /// The text of a `say`, or nil when repair would quote the rejected line.
    mutating func renderSaying(_ spec: TextSpec) -> String? {
        guard let rejected = rejectedLine, !rejected.isEmpty else { return render(spec) }
        switch spec {
        case .single(let template):
            let text = render(template)
            return Self.quotes(text, rejected) ? nil : text
        case .variants(let items, let mode, let site):
            // A plain loop: a closure over `render` copied the whole turn in progress.
            var rendered: [String] = []
            rendered.reserveCapacity(items.count)
            for item in items { rendered.append(render(item)) }
            // Bit k: variant k quotes the line (variants past the 64th are never picked).
            var excluded: UInt64 = 0
            var excludedCount = 0
            for index in rendered.indices where Self.quotes(rendered[index], rejected) {
                excludedCount += 1
                if index < 64 { excluded |= 1 << UInt64(index) }
            }
            guard excludedCount < rendered.count else { return nil }
            return rendered[pickVariant(count: items.count, mode: mode, site: site, excluding: excluded)]
        }
    }

    /// The line as it would appear quoted: lower case, without the spaces and
    /// end punctuation around it.
    static func quotable(_ line: String) -> String {
        // Plain ASCII, the common case, on the bytes: `lowercased()` and the
        // trimming by characters cost 1,200 instructions a repair (issue 12).
        // Each byte trimmed is a character of its own in ASCII, and ASCII
        // lower case is A-Z to a-z, so the result is the same.
        let ascii = line.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x2E || bytes[end - 1] == 0x21 || bytes[end - 1] == 0x3F {
                end -= 1
            }
            var start = 0
            while start < end, bytes[start] == 0x20 { start += 1 }
            return String(unsafeUninitializedCapacity: end - start) { buffer in
                for k in start..<end { buffer[k - start] = bytes[k] &- 0x41 < 26 ? bytes[k] | 0x20 : bytes[k] }
                return end - start
            }
        }
        if let ascii = ascii ?? nil { return ascii }
        var text = Substring(line.lowercased())
        while let last = text.last, last == " " || last == "." || last == "!" || last == "?" { text = text.dropLast() }
        while let first = text.first, first == " " { text = text.dropFirst() }
        return String(text)
    }

    /// Whether `text` quotes `phrase` ("…", “…” or '…'), comparing UTF-8
    /// bytes; `phrase` is in lower case (`quotable`). Most replies hold no
    /// quotation mark and are answered from one look at their bytes (issue
    /// 12: Foundation's `contains`, run on every variant of every repair
    /// reply, was a fifth of a turn on the sample dialog). Otherwise each
    /// place the phrase occurs is checked for a pair of marks around it,
    /// without building the four quoted phrases (issue 12, `hotpath3`).
    ///
    /// A reply in plain ASCII (most) is compared on its own bytes, upper case
    /// read as lower case; only another reply is lower-cased as a whole
    /// first (issue 12: `lowercased()` and the generic byte search were 550
    /// of the 970 instructions a repair turn spent here).
    static func quotes(_ text: String, _ phrase: String) -> Bool {
        var text = text
        let ascii: Bool? = text.withUTF8 { h in
            var marks = false, ascii = true
            for byte in h {
                // `"` and `'`, or the first byte (0xE2) of U+201C and U+2018.
                if byte == 0x22 || byte == 0x27 || byte == 0xE2 { marks = true }
                if byte >= 0x80 { ascii = false }
            }
            return marks ? ascii : nil
        }
        guard let ascii else { return false }
        if !ascii { text = text.lowercased() }
        var phrase = phrase
        return text.withUTF8 { h in
            phrase.withUTF8 { p in
                guard h.count >= p.count else { return false }
                // Only a place right after an opening mark can be quoted: the
                // byte before it is the last of `"`, `'`, “ (E2 80 9C) or ‘
                // (E2 80 98). The phrase is compared only there (issue 12:
                // comparing it at every byte was 2,000 instructions a reply
                // with a mark, 750 of a sample turn).
                var start = 1
                while start <= h.count - p.count {
                    let before = h[start - 1]
                    if before == 0x22 || before == 0x27 || before == 0x9C || before == 0x98 {
                        var k = 0
                        // ASCII A-Z read as a-z; lower-cased text has none left.
                        while k < p.count, (h[start + k] &- 0x41 < 26 ? h[start + k] | 0x20 : h[start + k]) == p[k] { k += 1 }
                        if k == p.count, quoted(h, start, start + p.count) { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }

    /// Whether `h[start..<end]` has an opening mark just before it and the
    /// matching closing mark just after: "…", “…”, '…' or ‘…’.
    private static func quoted(_ h: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func has(_ mark: [UInt8], at position: Int) -> Bool {
            guard position >= 0, position + mark.count <= h.count else { return false }
            for k in mark.indices where h[position + k] != mark[k] { return false }
            return true
        }
        for (open, close) in quoteMarks where has(open, at: start - open.count) && has(close, at: end) { return true }
        return false
    }

    /// The pairs of quotation marks `quotes` looks for, as UTF-8.
    private static let quoteMarks: [([UInt8], [UInt8])] = [("\"", "\""), ("\u{201C}", "\u{201D}"), ("'", "'"), ("\u{2018}", "\u{2019}")]
        .map { (Array($0.0.utf8), Array($0.1.utf8)) }
}
