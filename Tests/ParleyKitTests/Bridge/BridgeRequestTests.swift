import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

@Suite struct BridgeRequestTests {
    func parse(_ line: String) -> ParsedLine {
        var line = line
        return line.withUTF8 { BridgeRequestParser.parse($0) }
    }

    func parse(bytes: [UInt8]) -> ParsedLine {
        bytes.withUnsafeBufferPointer { BridgeRequestParser.parse($0) }
    }

    @Test func readsEachMethod() {
        #expect(parse(#"{"jsonrpc":"2.0","id":1,"method":"open","params":{"session":"a"}}"#)
            == .request(BridgeRequest(id: .number("1"), method: .open, session: "a", text: "")))
        #expect(parse(#"{"params":{"text":"hi","session":"a"},"method":"say","id":"x","jsonrpc":"2.0"}"#)
            == .request(BridgeRequest(id: .string("x"), method: .say, session: "a", text: "hi")))
        #expect(parse(#"{"jsonrpc":"2.0","id":null,"method":"reset","params":{"session":"a"}}"#)
            == .request(BridgeRequest(id: .null, method: .reset, session: "a", text: "")))
        #expect(parse(#"{"jsonrpc":"2.0","method":"close","params":{"session":"a"}}"#)
            == .request(BridgeRequest(id: nil, method: .close, session: "a", text: "")))
        #expect(parse(#"{"jsonrpc":"2.0","id":2,"method":"info"}"#)
            == .request(BridgeRequest(id: .number("2"), method: .info, session: "", text: "")))
        #expect(parse(#"{"jsonrpc":"2.0","id":2,"method":"info","params":{}}"#)
            == .request(BridgeRequest(id: .number("2"), method: .info, session: "", text: "")))
    }

    func error(_ line: String) -> (RequestID, BridgeErrorCode, String)? {
        guard case .failure(let id, let error) = parse(line) else { return nil }
        return (id, error.code, error.message)
    }

    @Test func answersStructuralErrorsWithIdNullWhenTheIdIsUnknown() {
        let cases: [(String, BridgeErrorCode, String)] = [
            ("hello", .parseError, "the line is not valid JSON at byte 1: unknown word 'hello'; JSON values are objects, arrays, strings, numbers, true, false and null"),
            (#"{"jsonrpc":"2.0","id":1,"method":"open""#, .parseError,
             "the line is not valid JSON at byte 40: expected ',' or '}' in an object, found the end of the line"),
            ("42", .invalidRequest, #"a request must be a JSON object such as {"jsonrpc": "2.0", "id": 1, "method": "open", "params": {"session": "ID"}}, got a number"#),
            (#"[{"jsonrpc":"2.0"}]"#, .invalidRequest, #"a request must be a JSON object such as {"jsonrpc": "2.0", "id": 1, "method": "open", "params": {"session": "ID"}}, got an array"#),
            (#"{"jsonrpc":"2.0","id":{},"method":"open"}"#, .invalidRequest, #""id" must be a string or a number, got an object"#),
            (#"{"jsonrpc":"2.0","id":true,"method":"open"}"#, .invalidRequest, #""id" must be a string or a number, got a boolean"#),
            (#"{"jsonrpc":"2.0","id":1,"id":2,"method":"info"}"#, .invalidRequest, #"the member "id" appears more than once"#),
            (#"{"method":"info"}"#, .invalidRequest, #""jsonrpc": "2.0" is missing"#),
        ]
        for (line, code, message) in cases {
            let found = error(line)
            #expect(found?.0 == .null, "\(line)")
            #expect(found?.1 == code, "\(line)")
            #expect(found?.2 == message, "\(line)")
        }
    }

    @Test func answersWithTheIdOnceItIsKnown() {
        let cases: [(String, BridgeErrorCode, String)] = [
            (#"{"id":7,"method":"info"}"#, .invalidRequest, #""jsonrpc": "2.0" is missing"#),
            (#"{"jsonrpc":"1.0","id":7,"method":"info"}"#, .invalidRequest, #""jsonrpc" must be "2.0", got "1.0""#),
            (#"{"jsonrpc":2,"id":7,"method":"info"}"#, .invalidRequest, #""jsonrpc" must be "2.0", got a number"#),
            (#"{"jsonrpc":"2.0","id":7}"#, .invalidRequest, #""method" is missing; the methods are open, say, reset, close, info"#),
            (#"{"jsonrpc":"2.0","id":7,"method":5}"#, .invalidRequest, #""method" must be a string, got a number"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"info","extra":1}"#, .invalidRequest,
             #"unknown member "extra"; a request has only jsonrpc, id, method and params"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":"a"}"#, .invalidRequest, #""params" must be an object, got a string"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":["a"]}"#, .invalidParams, "params must be an object with named members, not an array"),
            (#"{"jsonrpc":"2.0","id":7,"method":"hello"}"#, .methodNotFound, #"unknown method "hello"; the methods are open, say, reset, close, info"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"opne","params":{"session":"a"}}"#, .methodNotFound,
             #"unknown method "opne"; did you mean "open"? the methods are open, say, reset, close, info"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"open"}"#, .invalidParams, #"params are missing; open takes {"session": "ID"}"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"say","params":{"text":"hi"}}"#, .invalidParams,
             #"params has no "session"; say takes {"session": "ID", "text": "what the user wrote"}"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"say","params":{"session":"a"}}"#, .invalidParams,
             #"params has no "text"; say takes {"session": "ID", "text": "what the user wrote"}"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"say","params":{"session":1,"text":"hi"}}"#, .invalidParams,
             "params.session must be a string (the chat's session id), got a number"),
            (#"{"jsonrpc":"2.0","id":7,"method":"say","params":{"session":"a","text":null}}"#, .invalidParams,
             "params.text must be a string (what the user wrote), got null"),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":{"session":"a","text":"x"}}"#, .invalidParams,
             #"unknown parameter "text"; open takes session"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"info","params":{"session":"a"}}"#, .invalidParams,
             #"unknown parameter "session"; info takes no params"#),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":{"session":"a","session":"b"}}"#, .invalidParams,
             "params.session appears more than once"),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":{"session":""}}"#, .invalidParams,
             "params.session is empty; a session id is 1 to 128 printable characters"),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":{"session":"a\nb"}}"#, .invalidParams,
             "params.session contains a control character (U+000A at character 2); a session id is 1 to 128 printable characters"),
            (#"{"jsonrpc":"2.0","id":7,"method":"open","params":{"session":"\u0085"}}"#, .invalidParams,
             "params.session contains a control character (U+0085 at character 1); a session id is 1 to 128 printable characters"),
            (#"{"jsonrpc":"2.0","id":"7","method":"open","params":{"session":"\#(String(repeating: "x", count: 129))"}}"#, .invalidParams,
             "params.session is 129 characters long; a session id is at most 128 characters"),
        ]
        for (line, code, message) in cases {
            let found = error(line)
            #expect(found?.0 == (line.contains(#""id":"7""#) ? .string("7") : .number("7")), "\(line)")
            #expect(found?.1 == code, "\(line)")
            #expect(found?.2 == message, "\(line)")
        }
    }

    @Test func acceptsSessionIDsAtTheLimitsAndInAnyScript() {
        for id in ["x", String(repeating: "é", count: 128), "telegram:123456789", "👩‍👩‍👧 family", " spaces ", "matrix:@a:example.org/!room"] {
            #expect(SessionID.problem(id) == nil, "\(id)")
        }
        #expect(SessionID.problem(String(repeating: "é", count: 129)) != nil)
        #expect(SessionID.problem("tab\there") != nil)
        #expect(SessionID.problem("del\u{7F}") != nil)
        #expect(SessionID.problem("line\u{2028}separator") != nil)
    }

    @Test func notificationsWithMethodErrorsAreSilent() {
        #expect(parse(#"{"jsonrpc":"2.0","method":"nope"}"#)
            == .silentFailure(BridgeError(.methodNotFound, #"unknown method "nope"; the methods are open, say, reset, close, info"#)))
        guard case .silentFailure(let silent) = parse(#"{"jsonrpc":"2.0","method":"say","params":{"session":""}}"#) else {
            Issue.record("expected a silent failure")
            return
        }
        #expect(silent.code == .invalidParams)
        // A structurally invalid request is answered even without an id (JSON-RPC 2.0, section 5).
        #expect(error(#"{"jsonrpc":"2.0","method":7}"#)?.1 == .invalidRequest)
    }

    @Test func reportsInvalidUTF8BeforeReadingJSON() {
        var bytes = Array(#"{"jsonrpc":"2.0","id":1,"method":"say","params":{"session":"a","text":"caf"#.utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array(#""}}"#.utf8)
        guard case .failure(let id, let error) = parse(bytes: bytes) else {
            Issue.record("expected an error")
            return
        }
        #expect(id == .null)
        #expect(error.code == .parseError)
        #expect(error.message == "the line is not valid UTF-8 (byte 75 is 0xE9); send UTF-8 text")
    }

    @Test func clipsClientTextQuotedInMessages() {
        let long = String(repeating: "m", count: 500)
        let found = error(#"{"jsonrpc":"2.0","id":1,"method":"\#(long)"}"#)
        #expect(found?.2.contains(String(repeating: "m", count: 40) + "…") == true)
        #expect(found?.2.contains(String(repeating: "m", count: 41)) == false)
    }
}
