// FoundationEssentials, not Foundation, in every target `parley` links, so
// that Foundation and its ICU data stay out of the binary: fewer pages and
// conformance records for each start to touch (docs/performance.md, "Chat
// start-up").
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

/// Standard output and error, with colour only where it can be seen.
enum Console {
    static func out(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: 1)
    }

    static func error(_ text: String) {
        _ = write(Array((text + "\n").utf8), to: 2)
    }

    /// Writes all of `bytes` to `descriptor`; the errno that stopped it, or nil.
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
    }

    static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

    /// Colour on a terminal, unless NO_COLOR is set, TERM is dumb, or the user said --no-color.
    static func wantsColor(descriptor: Int32, disabled: Bool) -> Bool {
        if disabled { return false }
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal(descriptor)
    }
}

/// ANSI styles; every function is the identity when colour is off.
struct ANSI: Sendable {
    let enabled: Bool

    func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { wrap("1", text) }
    func red(_ text: String) -> String { wrap("1;31", text) }
    func yellow(_ text: String) -> String { wrap("1;33", text) }
    func green(_ text: String) -> String { wrap("1;32", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func italic(_ text: String) -> String { wrap("3", text) }
}

/// read(2), write(2) and exit(3) under names that no type's own `read`,
/// `write` (ChatOutput's, Console's) or `exit` (every ArgumentParser
/// command's) hides.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

func systemExit(_ status: Int32) -> Never {
    exit(status)
}
