import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyKit
import ParleyLSP

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol over stdin/stdout, for editors.",
        discussion: """
            LSP 3.17 with Content-Length framing: diagnostics as you type (the same as 'parley lint'), \
            go to definition, references, completion, hover, outline, workspace symbols, rename, \
            quick fixes and semantic highlighting. Editors start it themselves; see docs/editors.md.
            """
    )

    @Flag(help: "Talk over stdin/stdout (the only transport; accepted because many editors pass it).")
    var stdio = false

    func run() throws {
        throw ExitCode(LSPLoop().run())
    }
}

/// The server's stdin/stdout loop: reads framed messages, answers each in
/// order, and re-checks edited dialogs when no more input is waiting, so a
/// burst of edits is compiled once. Ends at `exit`, end of input, a signal
/// or a closed stdout.
struct LSPLoop {
    func run() -> Int32 {
        TerminationSignal.install()
        signal(SIGPIPE, SIG_IGN)
        var server = LanguageServer()
        var framer = MessageFramer()
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { buffer.deallocate() }

        func send(_ messages: [JSONValue]) -> Bool {
            for message in messages {
                guard Console.write(MessageFramer.frame(message.serialized), to: 1) == nil else { return false }
            }
            return true
        }
        func log(_ text: String) { _ = Console.write(Array("parley lsp: \(text)\n".utf8), to: 2) }

        var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0)]
        while true {
            // Answer every whole message already read.
            while true {
                let body: [UInt8]?
                do {
                    body = try framer.next()
                } catch {
                    log("\(error); skipping to the next message")
                    continue
                }
                guard let body else { break }
                guard send(server.handle(body)) else { return 1 }
                if let code = server.exitCode { return code }
            }
            if TerminationSignal.wasReceived { return 1 }
            // Nothing more waiting: re-check what was edited. The check must
            // not be skipped when poll fails (a signal, EINTR): blocking below
            // would then hold the diagnostics until the editor sends more.
            var idle = descriptors
            let waiting = poll(&idle, nfds_t(idle.count), 0)
            if waiting < 0 {
                if errno == EINTR { continue }
                log("poll: \(String(cString: strerror(errno)))")
                return 1
            }
            if waiting == 0 {
                guard send(server.flush()) else { return 1 }
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                log("poll: \(String(cString: strerror(errno)))")
                return 1
            }
            if descriptors[1].revents != 0 { return 1 }
            let count = read(0, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                log("reading stdin: \(String(cString: strerror(errno)))")
                return 1
            }
            // End of input without 'exit': the editor has gone.
            if count == 0 { return server.exitCode ?? 1 }
            framer.append(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }
}
