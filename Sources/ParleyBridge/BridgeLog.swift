import ParleyKit
import ParleyStore

/// How much the bridge says on stderr.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    /// Only failures of the bridge itself (the store, the input).
    case error
    /// Also requests that got an error response.
    case warning
    /// Also one line per request: session tag, method, state, intent, latency.
    case info
    /// Also the bridge's own doings: expiry sweeps, start and stop details.
    case debug
    /// Also every request and response line in full, user text included.
    case trace

    /// The level as `--log-level` takes it and log lines show it: "error" … "trace".
    public var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        case .trace: "trace"
        }
    }

    /// The level called `name` (see `name`), or nil for any other text.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    /// Quieter levels first: `error` < `warning` < … < `trace`.
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
}

/// The bridge's log lines: `key=value` pairs after the level, one event per
/// line, easy to grep and to parse. Below `trace` nothing a user typed and
/// nothing the bot replied appears; sessions are named by their tag.
public enum BridgeLog {
    /// The level at which `event` is worth a line, or nil for none (blank lines).
    public static func level(of event: BridgeEvent) -> LogLevel? {
        // The code alone is read: `event.error != nil` copied the error (an Equatable optional).
        if let code = event.error?.code { return code == .storeFailure ? .error : .warning }
        return event.method == nil ? nil : .info
    }

    /// One line for a handled request (without its line end).
    public static func line(for event: BridgeEvent, latencyMicroseconds: Int) -> String {
        var fields: [(String, String)] = []
        if let method = event.method { fields.append(("method", method.rawValue)) }
        if let tag = event.sessionTag { fields.append(("session", tag)) }
        if event.isNotification { fields.append(("notification", "true")) }
        if event.opened { fields.append(("opened", "true")) }
        if event.repaired { fields.append(("repaired", "true")) }
        if let state = event.state { fields.append(("state", state)) }
        if event.method != nil, event.error == nil, event.method != .close, event.method != .info {
            fields.append(("intent", event.intent ?? "-"))
        }
        if let error = event.error {
            fields.append(("code", String(error.code.rawValue)))
            fields.append(("error", error.message))
        }
        fields.append(("latency_us", String(latencyMicroseconds)))
        return format(level(of: event) ?? .info, "request", fields)
    }

    /// `parley-bridge level=info event=request key=value …`; values with spaces,
    /// quotes or control characters are written as JSON strings.
    public static func format(_ level: LogLevel, _ event: String, _ fields: [(String, String)]) -> String {
        var out = "parley-bridge level=\(level.name) event=\(event)"
        for (key, value) in fields {
            out += " \(key)=\(quoted(value))"
        }
        return out
    }

    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0 != " " && !ControlCharacters.isUnsafeToShow($0) && $0 != "\"" && $0 != "=" && $0 != "\\" }
        return plain ? value : JSONText.quote(value)
    }
}

/// `--ttl` values: a number and a unit, possibly several ("90s", "30m", "12h",
/// "7d", "1h30m").
public enum IdleDuration {
    /// Seconds, or nil when `text` is not such a duration (or is zero).
    public static func seconds(_ text: String) -> Int64? {
        guard let total = parse(text), total > 0 else { return nil }
        return total
    }

    /// Why `text` cannot be a `--ttl`, or nil when it can.
    public static func problem(_ text: String) -> String? {
        switch parse(text) {
        case nil: "--ttl '\(text)' is not a duration; write a number and a unit: 90s, 30m, 12h, 7d or 1h30m"
        case 0?: "--ttl '\(text)' would forget every session before its next line; give at least 1s, or leave --ttl out to keep sessions until they are closed"
        default: nil
        }
    }

    /// Seconds, zero included, or nil when `text` is not a duration.
    static func parse(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: return nil
            }
            guard let amount = Int64(digits) else { return nil }
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow2 else { return nil }
            total = sum
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        return total
    }
}
