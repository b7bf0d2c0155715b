extension BenchmarkDialogs {
    /// `generated(intents:)` as a dialog folder: `ROOT/main.dialog` (header,
    /// synonyms, states, repair) and `ROOT/intents/part-NN.dialog`, `perFile`
    /// intents each. Paths are absolute under `root`; the same arguments give
    /// the same files.
    public static func generatedFolder(intents: Int, perFile: Int = 100, root: String) -> [String: String] {
        let lines = generated(intents: intents).split(separator: "\n", omittingEmptySubsequences: false)
        var main: [Substring] = []
        var parts: [[Substring]] = []
        var intentCount = 0
        var inIntent = false
        for line in lines {
            if line.hasPrefix("intent ") {
                if intentCount % max(1, perFile) == 0 { parts.append([]) }
                intentCount += 1
                inIntent = true
            } else if !line.isEmpty && !line.hasPrefix(" ") {
                inIntent = false
            }
            if inIntent { parts[parts.count - 1].append(line) } else { main.append(line) }
        }
        var files = [root + "/main.dialog": main.joined(separator: "\n")]
        for (n, part) in parts.enumerated() {
            files[root + "/intents/part-\(n < 10 ? "0" : "")\(n).dialog"] = part.joined(separator: "\n") + "\n"
        }
        return files
    }
}
