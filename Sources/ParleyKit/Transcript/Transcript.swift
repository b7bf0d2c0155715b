/// A scripted conversation: what the user says and what the coach must answer.
/// The format is plain text, one thing per line (docs/transcripts.md):
///
///     # a comment
///     dialog ../../Dialogs/sample
///     seed 7
///     bot: Hello!
///     you: hi
///     bot~ Nice to * you*
///       1. Next
///     ? state welcome
public struct Transcript: Sendable {
    public struct Expectation: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// `bot: text`: a reply line, exactly.
            case exact(String)
            /// `bot~ pattern`: a reply line; `*` is any text, case and spacing ignored.
            case loose(String)
        }
        public var kind: Kind
        public var line: Int
    }

    public enum Assertion: Sendable, Equatable {
        case state(String)
        /// nil: no intent decided the turn.
        case intent(String?)
        case variable(String, String)
        case ended(Bool)
    }

    public struct Turn: Sendable {
        /// nil for the opening turn (the greeting).
        public var input: String?
        /// The line of `you:` (or 0 for the opening).
        public var line: Int
        public var replies: [Expectation] = []
        /// Expected options as "N. label"; nil when options are not checked.
        public var options: [String]?
        /// Where the option lines (or "(no options)") are.
        public var optionLines: [Int] = []
        public var assertions: [(assertion: Assertion, line: Int)] = []
    }

    public var path: String
    public var dialog: String?
    public var seed: UInt64
    public var turns: [Turn]
    /// The file's lines, kept so `--update` can rewrite expectations and leave everything else.
    public var lines: [String]

    public static let defaultSeed: UInt64 = 1

    /// No turn expects anything: no reply, no options, no assertion. Such a
    /// transcript passes whatever the coach says; `parley test` warns.
    public var checksNothing: Bool {
        turns.allSatisfy { $0.replies.isEmpty && $0.options == nil && $0.assertions.isEmpty }
    }
}

/// A problem in a transcript file itself.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { "\(path):\(line): \(message)" }

    /// `line` counts from 1.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
}

extension Transcript {
    public static func parse(_ text: String, path: String) -> Result<Transcript, TranscriptError> {
        // Split on bytes: as a Character, "\r\n" is one, and a file with
        // Windows line ends would read as a single line.
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes -> String in
            let line = Substring(bytes)
            return line.utf8.last == 0x0D ? String(line.dropLast()) : String(line)
        }
        var transcript = Transcript(path: path, dialog: nil, seed: defaultSeed, turns: [Turn(input: nil, line: 0)], lines: lines)
        func fail(_ number: Int, _ message: String) -> Result<Transcript, TranscriptError> {
            .failure(TranscriptError(path: path, line: number, message: message))
        }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let trimmed = raw.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let current = transcript.turns.count - 1
            if raw.hasPrefix(" "), let dot = trimmed.firstIndex(of: "."), Int(trimmed[..<dot]) != nil {
                transcript.turns[current].options = (transcript.turns[current].options ?? []) + [String(trimmed)]
                transcript.turns[current].optionLines.append(number)
                continue
            }
            if trimmed == "(no options)" {
                transcript.turns[current].options = []
                transcript.turns[current].optionLines.append(number)
                continue
            }
            if trimmed.hasPrefix("you:") {
                let input = String(trimmed.dropFirst(4).drop { $0 == " " })
                transcript.turns.append(Turn(input: input, line: number))
            } else if trimmed.hasPrefix("bot:") {
                transcript.turns[current].replies.append(.init(kind: .exact(String(trimmed.dropFirst(4).drop { $0 == " " })), line: number))
            } else if trimmed.hasPrefix("bot~") {
                transcript.turns[current].replies.append(.init(kind: .loose(String(trimmed.dropFirst(4).drop { $0 == " " })), line: number))
            } else if trimmed.hasPrefix("?") {
                let body = trimmed.dropFirst().drop { $0 == " " }
                let words = body.split(separator: " ", maxSplits: 1).map(String.init)
                switch words.first {
                case "state"?:
                    guard words.count == 2 else { return fail(number, "expected '? state NAME'") }
                    transcript.turns[current].assertions.append((.state(words[1]), number))
                case "intent"?:
                    guard words.count == 2 else { return fail(number, "expected '? intent NAME' or '? intent none'") }
                    transcript.turns[current].assertions.append((.intent(words[1] == "none" ? nil : words[1]), number))
                case "var"?:
                    guard words.count == 2, let equals = words[1].firstIndex(of: "=") else {
                        return fail(number, "expected '? var NAME = VALUE'")
                    }
                    let name = String(words[1][..<equals].trimmingSpaces)
                    var value = String(words[1][words[1].index(after: equals)...].trimmingSpaces)
                    if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                    transcript.turns[current].assertions.append((.variable(name, value), number))
                case "ended"?:
                    transcript.turns[current].assertions.append((.ended(true), number))
                case "not"? where words.count == 2 && words[1] == "ended":
                    transcript.turns[current].assertions.append((.ended(false), number))
                default:
                    return fail(number, "unknown assertion; expected '? state', '? intent', '? var', '? ended' or '? not ended'")
                }
            } else if trimmed.hasPrefix("dialog ") {
                guard current == 0, transcript.turns[0].replies.isEmpty else {
                    return fail(number, "'dialog' must come before the conversation")
                }
                transcript.dialog = String(trimmed.dropFirst(7).trimmingSpaces)
            } else if trimmed.hasPrefix("seed ") {
                guard current == 0, transcript.turns[0].replies.isEmpty else {
                    return fail(number, "'seed' must come before the conversation")
                }
                guard let seed = UInt64(trimmed.dropFirst(5).trimmingSpaces) else {
                    return fail(number, "expected 'seed N' with N a whole number from 0")
                }
                transcript.seed = seed
            } else {
                return fail(number, "expected 'you:', 'bot:', 'bot~', an option ('  1. label'), '? …', 'dialog', 'seed' or '#'")
            }
        }
        return .success(transcript)
    }
}
