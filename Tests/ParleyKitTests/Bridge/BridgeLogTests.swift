import Testing
@testable import ParleyBridge
@testable import ParleyKit
@testable import ParleyStore

@Suite struct BridgeLogTests {
    @Test func readsDurations() {
        #expect(IdleDuration.seconds("90s") == 90)
        #expect(IdleDuration.seconds("30m") == 1800)
        #expect(IdleDuration.seconds("12h") == 43_200)
        #expect(IdleDuration.seconds("7d") == 604_800)
        #expect(IdleDuration.seconds("1h30m") == 5400)
        for bad in ["", "10", "5x", "0s", "m", "1.5h", "-3m", "h1", "99999999999999999999d"] {
            #expect(IdleDuration.seconds(bad) == nil, "\(bad)")
        }
    }

    @Test func writesOneEventPerLineWithoutUserText() {
        var event = BridgeEvent()
        event.method = .say
        event.session = "alice"
        event.state = "goal.size"
        event.intent = nil
        event.opened = true
        #expect(BridgeLog.line(for: event, latencyMicroseconds: 42)
            == "parley-bridge level=info event=request method=say session=\(SessionTag.of("alice")) opened=true state=goal.size intent=- latency_us=42")
        var failed = BridgeEvent()
        failed.error = BridgeError(.invalidParams, "params.session is empty;\nsecond line")
        #expect(BridgeLog.level(of: failed) == .warning)
        #expect(BridgeLog.line(for: failed, latencyMicroseconds: 3)
            == #"parley-bridge level=warning event=request code=-32602 error="params.session is empty;\nsecond line" latency_us=3"#)
        failed.error = BridgeError(.storeFailure, "disk full")
        #expect(BridgeLog.level(of: failed) == .error)
        #expect(BridgeLog.level(of: BridgeEvent()) == nil)
    }

    @Test func levelsAreOrdered() {
        #expect(LogLevel.allCases.map(\.name) == ["error", "warning", "info", "debug", "trace"])
        #expect(LogLevel.error < LogLevel.trace)
        #expect(LogLevel(name: "info") == .info)
        #expect(LogLevel(name: "verbose") == nil)
    }
}
