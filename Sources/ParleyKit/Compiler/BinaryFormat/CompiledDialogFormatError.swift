/// Why bytes could not be read as a compiled dialog
/// (`CompiledDialog(serialised:)`). `offset` is the byte offset, from 0, in
/// the bytes given, where reading stopped.
public enum CompiledDialogFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not start with the format's magic number.
    case notACompiledDialog
    /// Written in another version of the format; it is not read.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// The bytes end before the dialog does.
    case truncated(offset: Int)
    /// The bytes have the right length but do not describe a dialog: `what` says what was wrong.
    case malformed(String, offset: Int)

    /// The error as one sentence, with the byte offset where it has one.
    public var description: String {
        switch self {
        case .notACompiledDialog:
            return "not a compiled dialog (the magic number is missing)"
        case .unsupportedVersion(let found, let supported):
            return "compiled dialog format version \(found), but this build reads version \(supported) only"
        case .truncated(let offset):
            return "compiled dialog truncated at byte \(offset)"
        case .malformed(let what, let offset):
            return "malformed compiled dialog at byte \(offset): \(what)"
        }
    }
}

extension CompiledDialogFormatError {
    /// A fault of the shared byte layout, said as the format's own error.
    init(_ error: ByteReadError) {
        switch error {
        case .truncated(let offset): self = .truncated(offset: offset)
        case .overlongVarint, .invalidUTF8: self = .malformed(error.problem, offset: error.offset)
        }
    }
}
