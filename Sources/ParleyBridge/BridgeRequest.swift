import ParleyKit
import ParleyStore

/// The limits of the bridge protocol (docs/bridge-protocol.md, "Limits").
public enum BridgeLimits {
    /// The longest request line, in bytes, without its line end.
    public static let maximumLineBytes = 1 << 20
    /// The longest session id, in Unicode scalars.
    public static let maximumSessionIDLength = 128
    /// The most requests in one batch: its responses, a turn each, share one line.
    public static let maximumBatchRequests = 100
}

/// JSON-RPC 2.0 error codes, and the one server-defined code the bridge adds.
public enum BridgeErrorCode: Int, Sendable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    /// The session store failed (disk full, file removed…); the turn was not kept.
    case storeFailure = -32000
}

/// The error a request is answered with: JSON-RPC's `error` object.
public struct BridgeError: Error, Sendable, Equatable {
    /// The `code` member.
    public var code: BridgeErrorCode
    /// The `message` member: what was wrong and how to send it right
    /// (docs/bridge-protocol.md lists them); never a user's text.
    public var message: String

    init(_ code: BridgeErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// A request's id, echoed in its response. nil (at the request level) means
/// a notification; `.null` is an explicit `"id": null`, which JSON-RPC
/// allows and answers with id null.
public enum RequestID: Sendable, Equatable {
    case number(String)
    case string(String)
    case null
}

/// The bridge protocol's methods (docs/bridge-protocol.md), by their JSON-RPC name.
public enum BridgeMethod: String, Sendable, CaseIterable {
    case open, say, reset, close, info

    /// The params each method takes, in the order the docs list them.
    var parameterNames: [String] {
        switch self {
        case .open, .reset, .close: ["session"]
        case .say: ["session", "text"]
        case .info: []
        }
    }

    var paramsExample: String {
        switch self {
        case .open, .reset, .close: #"{"session": "ID"}"#
        case .say: #"{"session": "ID", "text": "what the user wrote"}"#
        case .info: "{}"
        }
    }
}

/// A request that passed every check: a known method with valid params.
public struct BridgeRequest: Sendable, Equatable {
    /// The id to echo; nil for a notification.
    public var id: RequestID?
    /// What the request asks for.
    public var method: BridgeMethod
    /// Empty for `info`.
    public var session: String
    /// Only for `say`.
    public var text: String

    /// True without an id: JSON-RPC gives a notification no response.
    public var isNotification: Bool {
        // Not `id == nil`, which copies the id to compare it (an Equatable optional).
        if case .none = id { return true }
        return false
    }
}

/// What one line turned out to be.
public enum ParsedLine: Sendable, Equatable {
    case request(BridgeRequest)
    /// A line that needs an error response; `id` is `.null` where the id is unknown.
    case failure(id: RequestID, BridgeError)
    /// A notification with an error: JSON-RPC gives it no response.
    case silentFailure(BridgeError)
}

/// Turns one line (without its line end) into a request, or into the error
/// its response must carry. Pure; the order of the checks decides which error
/// a line with several faults gets, and is documented in docs/bridge-protocol.md.
public enum BridgeRequestParser {
    /// One line that is a single request (a batch reads as an invalid request here; `BridgeHandler` takes batches).
    public static func parse(_ line: UnsafeBufferPointer<UInt8>) -> ParsedLine {
        if let request = CommonRequestReader.read(line) { return .request(request) }
        switch read(line) {
        case .failure(let error): return .failure(id: .null, error)
        case .success(let value): return parse(value)
        }
    }

    /// The line's JSON value, or the parse error (-32700) its response carries.
    static func read(_ line: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, BridgeError> {
        if let offset = UTF8Check.firstInvalidOffset(line) {
            return .failure(BridgeError(.parseError,
                "the line is not valid UTF-8 (byte \(offset + 1) is 0x\(String(line[offset], radix: 16, uppercase: true))); send UTF-8 text"))
        }
        do {
            return .success(try JSONReader.read(line))
        } catch {
            return .failure(BridgeError(.parseError, "the line is not valid JSON \(error)"))
        }
    }

    /// One request already read as JSON: an element of a batch, or a line's value.
    static func parse(_ value: JSONValue) -> ParsedLine {
        guard case .object(let members) = value else {
            return .failure(id: .null, BridgeError(.invalidRequest,
                "a request must be a JSON object such as {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"open\", \"params\": {\"session\": \"ID\"}}, got \(value.typeName)"))
        }
        var jsonrpc: JSONValue?, idValue: JSONValue?, methodValue: JSONValue?, paramsValue: JSONValue?
        var duplicate: String?
        var unknown: String?
        for member in members {
            switch member.key {
            case "jsonrpc": if jsonrpc != nil { duplicate = duplicate ?? "jsonrpc" }; jsonrpc = member.value
            case "id": if idValue != nil { duplicate = duplicate ?? "id" }; idValue = member.value
            case "method": if methodValue != nil { duplicate = duplicate ?? "method" }; methodValue = member.value
            case "params": if paramsValue != nil { duplicate = duplicate ?? "params" }; paramsValue = member.value
            default: unknown = unknown ?? member.key
            }
        }

        // The id first: every later error can then be answered with it.
        var id: RequestID?
        switch idValue {
        case nil: id = nil
        case .null: id = .null
        case .number(let literal): id = .number(literal)
        case .string(let text): id = .string(text)
        case .some(let other):
            return .failure(id: .null, BridgeError(.invalidRequest, "\"id\" must be a string or a number, got \(other.typeName)"))
        }
        if let duplicate {
            return .failure(id: .null, BridgeError(.invalidRequest, "the member \"\(duplicate)\" appears more than once"))
        }
        let answerID = id ?? .null
        guard case .string("2.0") = jsonrpc else {
            let found = jsonrpc.map { value -> String in
                if case .string(let text) = value { return "\"\(clip(text))\"" }
                return value.typeName
            }
            return .failure(id: answerID, BridgeError(.invalidRequest,
                found.map { "\"jsonrpc\" must be \"2.0\", got \($0)" } ?? "\"jsonrpc\": \"2.0\" is missing"))
        }
        guard let methodValue else {
            return .failure(id: answerID, BridgeError(.invalidRequest,
                "\"method\" is missing; the methods are \(methodList)"))
        }
        guard case .string(let methodName) = methodValue else {
            return .failure(id: answerID, BridgeError(.invalidRequest, "\"method\" must be a string, got \(methodValue.typeName)"))
        }
        if let unknown {
            return .failure(id: answerID, BridgeError(.invalidRequest,
                "unknown member \"\(clip(unknown))\"; a request has only jsonrpc, id, method and params"))
        }
        var params: [JSONMember] = []
        switch paramsValue {
        case nil: break
        case .object(let members): params = members
        case .array:
            return fail(id, BridgeError(.invalidParams, "params must be an object with named members, not an array"))
        case .some(let other):
            return .failure(id: answerID, BridgeError(.invalidRequest, "\"params\" must be an object, got \(other.typeName)"))
        }
        guard let method = BridgeMethod(rawValue: methodName) else {
            let hint = NearestName.suggestion(for: methodName, among: BridgeMethod.allCases.map(\.rawValue))
                .map { "did you mean \"\($0)\"? " } ?? ""
            return fail(id, BridgeError(.methodNotFound, "unknown method \"\(clip(methodName))\"; \(hint)the methods are \(methodList)"))
        }
        switch parseParams(params, for: method, present: paramsValue != nil) {
        case .success(let (session, text)):
            return .request(BridgeRequest(id: id, method: method, session: session, text: text))
        case .failure(let error):
            return fail(id, error)
        }
    }

    /// Method-level errors: answered for a request, silent for a notification.
    private static func fail(_ id: RequestID?, _ error: BridgeError) -> ParsedLine {
        guard let id else { return .silentFailure(error) }
        return .failure(id: id, error)
    }

    private static func parseParams(_ members: [JSONMember], for method: BridgeMethod, present: Bool)
        -> Result<(String, String), BridgeError> {
        // Runs on every request: plain comparisons, no sets or arrays built.
        var session: String?, text: String?
        for member in members {
            let isSession = member.key == "session"
            guard (isSession && method != .info) || (member.key == "text" && method == .say) else {
                let names = method.parameterNames
                let hint = NearestName.suggestion(for: member.key, among: names).map { "did you mean \"\($0)\"? " } ?? ""
                let takes = names.isEmpty ? "\(method.rawValue) takes no params" : "\(method.rawValue) takes \(names.joined(separator: " and "))"
                return .failure(BridgeError(.invalidParams, "unknown parameter \"\(clip(member.key))\"; \(hint)\(takes)"))
            }
            guard (isSession ? session : text) == nil else {
                return .failure(BridgeError(.invalidParams, "params.\(member.key) appears more than once"))
            }
            guard case .string(let value) = member.value else {
                let what = isSession ? "the chat's session id" : "what the user wrote"
                return .failure(BridgeError(.invalidParams, "params.\(member.key) must be a string (\(what)), got \(member.value.typeName)"))
            }
            if isSession { session = value } else { text = value }
        }
        if method == .info { return .success(("", "")) }
        guard let session else {
            let shape = present ? "params has no \"session\"" : "params are missing"
            return .failure(BridgeError(.invalidParams, "\(shape); \(method.rawValue) takes \(method.paramsExample)"))
        }
        if let problem = SessionID.problem(session) {
            return .failure(BridgeError(.invalidParams, "params.session \(problem)"))
        }
        if method == .say {
            guard let text else {
                return .failure(BridgeError(.invalidParams, "params has no \"text\"; say takes \(method.paramsExample)"))
            }
            return .success((session, text))
        }
        return .success((session, ""))
    }

    static var methodList: String { BridgeMethod.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Client text quoted in an error message, cut short so a response stays small.
    static func clip(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 { return String(out) + "…" }
            out.append(ControlCharacters.isUnsafeToShow(scalar) ? "\u{FFFD}" : scalar)
            count += 1
        }
        return String(out)
    }
}

/// The rules for a session id: an opaque string of 1 to 128 printable
/// characters. It is only ever data (a dictionary key, an SQL parameter),
/// never part of a file name or a log line.
public enum SessionID {
    /// Why `id` is not a valid session id ("is empty", …), or nil when it is.
    public static func problem(_ id: String) -> String? {
        var count = 0
        for scalar in id.unicodeScalars {
            count += 1
            if isUnprintable(scalar) {
                let code = String(scalar.value, radix: 16, uppercase: true)
                return "contains a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code) at character \(count)); a session id is 1 to \(BridgeLimits.maximumSessionIDLength) printable characters"
            }
        }
        if count == 0 {
            return "is empty; a session id is 1 to \(BridgeLimits.maximumSessionIDLength) printable characters"
        }
        if count > BridgeLimits.maximumSessionIDLength {
            return "is \(count) characters long; a session id is at most \(BridgeLimits.maximumSessionIDLength) characters"
        }
        return nil
    }

    /// Control characters (C0, DEL, C1), bidirectional formatting characters
    /// and the line and paragraph separators: `ControlCharacters.isUnsafeToShow`.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        ControlCharacters.isUnsafeToShow(scalar)
    }
}
