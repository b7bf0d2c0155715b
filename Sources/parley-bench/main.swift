import BuiltinDialogs
import Foundation
import ParleyKit
import ParleyLSP

// parley-bench: the engine's speed, as docs/performance.md reports it.
//
//   swift run -c release parley-bench            # everything
//   swift run -c release parley-bench turns      # time per turn
//   swift run -c release parley-bench compile    # compile time
//   swift run -c release parley-bench lsp        # the language server's re-check after an edit
//   swift run -c release parley-bench lsp 3 folder  # 3 edits, the folder shape only (for callgrind)
//   swift run -c release parley-bench scaling    # compile time as lines and files double
//   swift run -c release parley-bench worst      # 1 MiB lines of hostile content
//   swift run -c release parley-bench turns 2000 # fewer turns per run
//
// Each turn is timed on its own with a monotonic clock; the figures are the
// median and the 99th percentile over many turns, after a warm-up.

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU time used by the calling thread, in nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
}

func format(_ microseconds: Double) -> String { String(format: "%.1f µs", microseconds) }

/// Times `turns` turns of a conversation that cycles through `lines`,
/// starting a fresh session every `restartEvery` lines.
func timeTurns(_ dialog: CompiledDialog, lines: [String], turns: Int, restartEvery: Int = 12) -> (median: Double, p99: Double) {
    let engine = Engine(dialog: dialog)
    var samples: [UInt64] = []
    samples.reserveCapacity(turns)
    var session = engine.start(seed: 1).0
    var sink = 0
    for k in 0..<(turns + turns / 10) {
        if k % restartEvery == 0 { session = engine.start(seed: UInt64(k)).0 }
        let line = lines[k % lines.count]
        let start = nanoseconds()
        let turn = engine.respond(to: line, in: &session)
        let elapsed = nanoseconds() - start
        sink &+= turn.replies.count
        if k >= turns / 10 { samples.append(elapsed) }  // the first tenth warms up
    }
    precondition(sink > 0)
    samples.sort()
    return (percentile(samples, 0.5), percentile(samples, 0.99))
}

func compileOrDie(_ text: String) -> CompiledDialog {
    let result = DialogCompiler.compile(path: "bench.dialog", source: InMemoryDialogFiles(["bench.dialog": text]))
    guard let dialog = result.dialog else { fatalError("benchmark dialog does not compile: \(result.diagnostics)") }
    return dialog
}

/// Lines from the sample dialog's own transcripts: what its users say.
func sampleLines() -> [String] {
    [
        "1", "about twelve pages a day", "that is too many", "yes", "see my goal again", "2",
        "I feel guilty about my reading", "no", "Back", "how long does it take to build a reading habit?",
        "do audiobooks count", "blah blah", "help", "I'm not sure", "go back", "menu", "I want to start a reading habitt",
        "I dont want a plan", "sometimes I want to hurt myself", "yes", "it helps me relax", "I'm done",
    ]
}

/// What people say to the trust coach, from its transcripts: answers,
/// questions, feelings, navigation, and (rarely) a safety sign.
func trustLines() -> [String] {
    [
        "2", "My partner cheated on me", "1", "I feel so lost right now", "next", "I feel hopeful, honestly",
        "He has done this before, and he says sorry every time", "skip", "how long does it take to rebuild trust",
        "I think so, we both want to", "menu", "I cheated on my husband", "I keep wanting to say sorry, but I was stressed",
        "That I chose to lie, again and again", "back", "dunno", "I don't want him to see her ever again",
        "do I have trust issues?", "yes", "a little", "No", "all the time", "I'm not sure", "what causes trust issues",
        "We're trying to fix things together", "Calm mornings, no secrets, laughing again", "are you a real person?",
        "he controls my money and reads my texts", "I'm safe now", "I want honesty from day one", "Maybe, if he really changes",
        "restart", "yes",
    ]
}

let mode = CommandLine.arguments.dropFirst().first ?? "all"
// A second argument sets the turns per run (for a run under valgrind, say).
let turnsPerRun = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 50_000

if mode == "all" || mode == "turns" {
    let sample = BuiltinDialogs.compile("sample").dialog!
    let s = timeTurns(sample, lines: sampleLines(), turns: turnsPerRun)
    print("sample dialog: median \(format(s.median)), p99 \(format(s.p99)) per turn (\(turnsPerRun) turns)")
    let trust = BuiltinDialogs.compile("trust").dialog!
    let t = timeTurns(trust, lines: trustLines(), turns: turnsPerRun, restartEvery: 33)
    print("trust coach: median \(format(t.median)), p99 \(format(t.p99)) per turn (\(turnsPerRun) turns)")
    var medians: [Int: Double] = [:]
    for size in [20, 500, 5_000] {
        let dialog = compileOrDie(BenchmarkDialogs.generated(intents: size))
        let lines = BenchmarkDialogs.lines(intents: size, count: 1_000)
        let t = timeTurns(dialog, lines: lines, turns: turnsPerRun)
        medians[size] = t.median
        print("generated, \(size) intents: median \(format(t.median)), p99 \(format(t.p99)) per turn")
    }
    print(String(format: "5,000 intents cost %.2f× what 20 cost (median)", medians[5_000]! / medians[20]!))
}

if mode == "all" || mode == "compile" {
    var trustTimes: [UInt64] = []
    for _ in 0..<7 {
        let start = nanoseconds()
        _ = BuiltinDialogs.compile("trust").dialog!
        trustTimes.append(nanoseconds() - start)
    }
    trustTimes.sort()
    print(String(format: "compile, trust coach: median %.1f ms", Double(trustTimes[trustTimes.count / 2]) / 1e6))
    let text = BenchmarkDialogs.generated(intents: 5_000)
    var times: [UInt64] = []
    for _ in 0..<7 {
        let start = nanoseconds()
        _ = compileOrDie(text)
        times.append(nanoseconds() - start)
    }
    times.sort()
    print(String(format: "compile, 5,000 intents (%d lines): median %.1f ms, min %.1f ms", text.split(separator: "\n").count,
                 Double(times[times.count / 2]) / 1e6, Double(times[0]) / 1e6))
}

/// Lines of 1 MiB (the bridge's largest request) built to be as slow as
/// possible to read: stacked accents, emoji sequences, invisible characters,
/// dots and numbers, one endless word, mixed scripts.
func worstLines() -> [(name: String, text: String)] {
    let mebibyte = 1 << 20
    func filled(_ unit: String) -> String {
        String(repeating: unit, count: mebibyte / unit.utf8.count)
    }
    var random = UInt64(42)
    var mixed = String.UnicodeScalarView()
    var bytes = 0
    while bytes < mebibyte {
        random = random &* 6364136223846793005 &+ 1442695040888963407
        let value = UInt32(truncatingIfNeeded: random >> 33) % 0x30000
        if let scalar = Unicode.Scalar(value) {
            mixed.append(scalar)
            bytes += String(scalar).utf8.count
        }
    }
    return [
        ("stacked accents (one base letter)", "e" + filled("\u{301}")),
        ("stacked accents (a mark set per letter)", filled("a\u{301}\u{302}\u{303}\u{304}")),
        ("emoji ZWJ sequences", filled("👨\u{200D}👩\u{200D}👧")),
        ("zero-width and soft hyphens", filled("i\u{200B}f\u{00AD}")),
        ("dots and digits", filled("1.2,")),
        ("one endless word", filled("a")),
        ("words and sentences", filled("i feel lost. ")),
        ("random code points", String(mixed)),
    ]
}

if mode == "all" || mode == "worst" {
    let trust = BuiltinDialogs.compile("trust").dialog!
    let engine = Engine(dialog: trust)
    var slowest = 0.0
    for (name, text) in worstLines() {
        var times: [UInt64] = []
        for _ in 0..<5 {
            var session = engine.start(seed: 1).0
            let start = nanoseconds()
            let turn = engine.respond(to: text, in: &session)
            times.append(nanoseconds() - start)
            precondition(!turn.replies.isEmpty)
        }
        times.sort()
        let median = Double(times[times.count / 2]) / 1e6
        slowest = max(slowest, Double(times.last!) / 1e6)
        print("1 MiB line, \(name): " + String(format: "median %.1f ms, max %.1f ms (5 turns)", median, Double(times.last!) / 1e6))
    }
    print(String(format: "slowest 1 MiB line: %.1f ms", slowest))
}

if mode == "all" || mode == "lsp" {
    // LSPBenchmark.swift. Arguments: the edits per run, and `file` or `folder` for one shape only.
    let edits = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 21
    let shape = CommandLine.arguments.dropFirst(3).first
    if shape == nil || shape == "file" { LSPBenchmark.oneFile(edits: edits) }
    if shape == nil || shape == "folder" { LSPBenchmark.folder(edits: edits) }
}

if mode == "all" || mode == "scaling" {
    // Compile (and show every diagnostic, as `parley lint` does) inputs of a
    // size, twice that, four and eight times: linear cost keeps each ratio near 2.
    let bases: [ScalingDialogs.Shape: Int] = [
        .placeholders: 10_000, .keywords: 10_000, .accentedWords: 20_000, .states: 1_000, .commentsThenErrors: 10_000,
    ]
    for shape in ScalingDialogs.Shape.allCases {
        var previous: Double?
        var line = "\(shape.rawValue):"
        for factor in [1, 2, 4, 8] {
            let size = bases[shape]! * factor
            let text = ScalingDialogs.dialog(shape, size: size)
            // CPU time of this thread, the least of 5 runs: on a shared machine
            // wall-clock time mostly measures the other processes.
            var times: [UInt64] = []
            for _ in 0..<5 {
                let start = threadCPUNanoseconds()
                let result = DialogCompiler.compile(path: "s.dialog", source: InMemoryDialogFiles(["s.dialog": text]))
                let formatter = DiagnosticFormatter(sources: result.sources)
                let shown = result.diagnostics.map(formatter.format).joined(separator: "\n")
                precondition(result.dialog != nil || !shown.isEmpty)
                times.append(threadCPUNanoseconds() - start)
            }
            let ms = Double(times.min()!) / 1e6
            line += String(format: " %d (%.2f MB) %.1f ms", size, Double(text.utf8.count) / 1e6, ms)
            if let previous { line += String(format: " (×%.2f)", ms / previous) }
            line += ";"
            previous = ms
        }
        print(line)
    }
}

if mode == "corpus" {
    // Input files for tools/bench/turn-cost.sh: for the sample dialog, the
    // trust coach and keyword dialogs of 20, 500 and 5,000 rules, the lines
    // (NAME.txt, for `parley chat`) and the same lines as bridge requests to
    // one session (NAME.jsonl), plus the keyword dialogs (kwN.dialog).
    //   parley-bench corpus DIR [TURNS]
    guard CommandLine.arguments.count >= 3 else { fatalError("usage: parley-bench corpus DIR [TURNS]") }
    let folder = CommandLine.arguments[2]
    let turns = CommandLine.arguments.dropFirst(3).first.flatMap { Int($0) } ?? 2_000
    func write(_ name: String, _ text: String) {
        FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(text.utf8))
    }
    func writeLines(_ name: String, _ lines: [String]) {
        write(name + ".txt", lines.map { $0 + "\n" }.joined())
        var requests = ""
        for (k, line) in lines.enumerated() {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            requests += "{\"jsonrpc\":\"2.0\",\"id\":\(k + 1),\"method\":\"say\",\"params\":{\"session\":\"s\",\"text\":\"\(escaped)\"}}\n"
        }
        write(name + ".jsonl", requests)
    }
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    writeLines("sample", (0..<turns).map { sampleLines()[$0 % sampleLines().count] })
    writeLines("trust", (0..<turns).map { trustLines()[$0 % trustLines().count] })
    for rules in [20, 500, 5_000] {
        let text = KeywordCorpus.dialog(rules: rules)
        write("kw\(rules).dialog", text)
        let lines = KeywordCorpus.lines(rules: rules, count: turns)
        writeLines("kw\(rules)", lines.map(\.text))
        // The corpus is unambiguous: each line gets its rule's reply (or the fallback).
        let engine = Engine(dialog: compileOrDie(text))
        var session = engine.start(seed: 1).0
        var right = 0
        for (line, rule) in lines {
            let reply = engine.respond(to: line, in: &session).replies.map(\.text).joined(separator: " ")
            let expected = rule.map { "Reply \(KeywordCorpus.ruleName($0)) about" } ?? "I do not understand that."
            if reply.hasPrefix(expected) { right += 1 }
        }
        print("kw\(rules): \(right)/\(turns) replies right in process")
        if right != turns { exit(1) }
    }
}
