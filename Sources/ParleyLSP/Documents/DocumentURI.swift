#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `file:` URIs (as LSP names documents) and the paths the compiler uses.
public enum DocumentURI {
    /// The path of a `file:` URI, percent-decoded; nil for other schemes.
    public static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.standardizedFileURL.path
        return path.isEmpty ? nil : path
    }

    /// The `file:` URI of an absolute path.
    public static func uri(_ path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
