import Foundation
import ParleyKit

/// A conversation saved by `/save`, continued by `--resume`: the engine's
/// session, and a fingerprint of the dialog it belongs to, because a session
/// refers to the dialog's states and options and means nothing to another
/// version of it.
struct SavedConversation: Codable {
    static let currentFormat = 1
    /// A saved file larger than this is not a saved conversation.
    static let largestFile = 4 << 20

    var format: Int
    var dialog: String
    var fingerprint: String
    var session: Session

    enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case otherDialog(String)
        case dialogChanged(String)

        var description: String {
            switch self {
            case .unreadable(let path, let reason):
                "cannot read the saved conversation \(path): \(reason)"
            case .otherDialog(let path):
                "the saved conversation \(path) belongs to another dialog"
            case .dialogChanged(let path):
                "the dialog has changed since the conversation in \(path) was saved, so it cannot be continued"
            }
        }
    }

    /// The fingerprint of a compiled dialog: every file that went into it, in order.
    static func fingerprint(of result: CompileResult) -> String {
        var hash = Fingerprint.fnv1a([])
        for file in result.dialog?.files ?? result.sources.keys.sorted() {
            hash = Fingerprint.fnv1a(Array((result.sources[file] ?? "").utf8) + [0], seed: hash)
        }
        return Fingerprint.hex(hash)
    }

    static func save(_ session: Session, dialog: String, fingerprint: String, to path: String) throws {
        let saved = SavedConversation(format: currentFormat, dialog: dialog, fingerprint: fingerprint, session: session)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(saved)
        try PrivateFiles.write(String(decoding: data, as: UTF8.self) + "\n", to: path)
    }

    /// The saved session, nil if none is saved; an error if the file cannot
    /// be used with this dialog.
    static func load(from path: String, dialog: String, fingerprint: String, compiled: CompiledDialog) throws -> Session? {
        let bytes: [UInt8]
        do {
            guard let read = try PrivateFiles.read(path, limit: largestFile) else { return nil }
            bytes = read
        } catch let failure as PrivateFiles.Failure {
            throw LoadError.unreadable(path, failure.reason)
        }
        let saved: SavedConversation
        do {
            saved = try JSONDecoder().decode(SavedConversation.self, from: Data(bytes))
        } catch {
            throw LoadError.unreadable(path, "it is not a saved conversation (\(Self.describe(error)))")
        }
        guard saved.format == currentFormat else { throw LoadError.unreadable(path, "unknown format \(saved.format)") }
        guard saved.dialog == dialog else { throw LoadError.otherDialog(path) }
        guard saved.fingerprint == fingerprint, fits(saved.session, compiled) else { throw LoadError.dialogChanged(path) }
        return saved.session
    }

    /// Whether every state and option the session names exists in `dialog`,
    /// so resuming cannot index past the dialog's tables.
    static func fits(_ session: Session, _ dialog: CompiledDialog) -> Bool {
        dialog.stateIDs[session.state] != nil
            && session.backStack.allSatisfy { dialog.stateIDs[$0] != nil }
            && session.options.allSatisfy { $0 >= 0 && Int($0) < dialog.options.count }
            && session.variants.keys.allSatisfy { $0 >= 0 && Int($0) < dialog.variantSites }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.keyNotFound(_, let context),
             DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription
        default:
            return "unreadable JSON"
        }
    }
}
