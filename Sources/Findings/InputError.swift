/// An input that could not be audited, and why, in words the user can act on.
/// It is reported, and the batch goes on.
public struct InputError: Error, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Path relative to the scanned root.
    public var path: String
    /// The app it belongs to, when discovery got that far.
    public var app: String?
    public var reason: String

    public init(path: String, app: String? = nil, reason: String) {
        self.path = path
        self.app = app
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }

    public static func < (lhs: InputError, rhs: InputError) -> Bool {
        (lhs.path, lhs.reason) < (rhs.path, rhs.reason)
    }
}
