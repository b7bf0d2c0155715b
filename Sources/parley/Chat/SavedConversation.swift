#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ParleyFiles
import ParleyKit

/// A conversation saved by `/save`, continued by `--resume`: the engine's
/// session, and the fingerprint of the dialog it belongs to. The session is
/// checked against the dialog by the library (`Engine.fit`), as the bridge
/// checks every stored session.
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
                "the dialog has changed since the conversation in \(path) was saved, and the state it was in no longer exists, so it cannot be continued"
            }
        }
    }

    /// The fingerprint of a compiled dialog (`CompiledDialog.fingerprint`).
    static func fingerprint(of result: CompileResult) -> String {
        result.dialog?.fingerprint ?? ""
    }

    static func save(_ session: Session, dialog: String, fingerprint: String, to path: String) throws {
        let saved = SavedConversation(format: currentFormat, dialog: dialog, fingerprint: fingerprint, session: session)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(saved)
        try PrivateFiles.write(String(decoding: data, as: UTF8.self) + "\n", to: path)
    }

    /// The saved session, nil if none is saved; an error if the file cannot
    /// be used with this dialog. A session saved under another version of the
    /// dialog is repaired as `Engine.fit` says; one whose state is gone is refused.
    static func load(from path: String, dialog: String, compiled: CompiledDialog) throws -> Session? {
        let bytes: [UInt8]
        do {
            guard let read = try PrivateFiles.read(path, limit: largestFile) else { return nil }
            bytes = read
        } catch let failure as PrivateFiles.Failure {
            throw LoadError.unreadable(path, failure.reason)
        }
        let saved: SavedConversation
        do {
            saved = try JSONDecoder().decode(SavedConversation.self, from: Data(TextFile.decode(bytes).utf8))
        } catch {
            throw LoadError.unreadable(path, "it is not a saved conversation (\(Self.describe(error)))")
        }
        guard saved.format == currentFormat else { throw LoadError.unreadable(path, "unknown format \(saved.format)") }
        guard saved.dialog == dialog else { throw LoadError.otherDialog(path) }
        var session = saved.session
        // Saved before sessions carried the fingerprint themselves.
        if session.fingerprint.isEmpty { session.fingerprint = saved.fingerprint }
        switch Engine(dialog: compiled).fit(session) {
        case .ready(let fitted, _): return fitted
        case .startOver: throw LoadError.dialogChanged(path)
        }
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
