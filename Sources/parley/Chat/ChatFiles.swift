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

/// Where the chat keeps a dialog's history and saved conversation:
/// `$XDG_STATE_HOME/parley/` (default `~/.local/state/parley/`), one pair of
/// files per dialog, named by a key that is never raw user text.
struct ChatFiles {
    /// The state folder, `…/parley`.
    let folder: String
    /// The dialog's key: the built-in dialog's name, or a name and hash
    /// derived from the dialog's real path.
    let key: String

    var historyPath: String { folder + "/" + key + ".history" }
    var sessionPath: String { folder + "/" + key + ".session.json" }

    /// The state folder from the environment, or nil when there is no home
    /// to put it in. A relative XDG_STATE_HOME is ignored, as the XDG base
    /// directory specification says.
    static func folder(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/parley"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/state/parley"
        }
        return nil
    }

    /// The key of a built-in dialog.
    static func key(builtin name: String) -> String {
        safeName(name)
    }

    /// The key of a dialog on disk: its name (made safe) and a hash of its
    /// real path, so two folders both called "coach" keep separate files.
    static func key(dialogPath path: String) -> String {
        let real = realPath(path) ?? path
        let base = URL(fileURLWithPath: real).lastPathComponent
        let name = safeName(base.hasSuffix(".dialog") ? String(base.dropLast(7)) : base)
        return name + "-" + StableHash.hex(StableHash.fnv1a64(real.utf8))
    }

    /// Letters, digits, "-" and "_" only; at most 40 of them.
    static func safeName(_ text: String) -> String {
        let allowed = text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                ? Character(scalar) : "_"
        }
        let name = String(allowed.prefix(40))
        return name.isEmpty || name.hasPrefix("-") ? "dialog" + name : name
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
