import Testing
@testable import parley

/// `ChildProcess`, which `parley graph` runs Graphviz's `dot` with.
@Suite struct ChildProcessTests {
    @Test func feedsInputAndReadsOutputLargerThanAPipe() throws {
        // 1 MB each way: a pipe holds 64 KB, so writing all before reading would block.
        let input = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let run = try ChildProcess.run("/bin/cat", [], input: input)
        #expect(run.status == 0)
        #expect(run.output == input)
        #expect(run.errors == [])
    }

    @Test func keepsOutputAndErrorsApartWithTheExitStatus() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "cat >/dev/null; echo out; echo err >&2; exit 3"], input: Array("x\n".utf8))
        #expect(run.status == 3)
        #expect(run.output == Array("out\n".utf8))
        #expect(run.errors == Array("err\n".utf8))
    }

    @Test func aSignalEndsWith128PlusItsNumber() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "kill -9 $$"], input: [])
        #expect(run.status == 128 + 9)
    }

    @Test func aChildThatReadsNothingDoesNotStopTheWriter() throws {
        let run = try ChildProcess.run("/bin/true", [], input: [UInt8](repeating: 0x41, count: 1 << 20))
        #expect(run.status == 0)
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: ChildProcess.Failure.self) {
            try ChildProcess.run("/nonexistent/dot", [], input: [])
        }
    }
}
