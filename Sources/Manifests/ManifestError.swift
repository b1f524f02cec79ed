/// Why a manifest could not be read, in words a user can act on. It names no path: the caller
/// puts the file's path in front.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
