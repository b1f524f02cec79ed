import Findings

/// The apps found under the scanned paths, and the inputs that could not be used.
public struct DiscoveryResult: Sendable, Equatable {
    /// Sorted by (identity, displayPath); each app's files sorted by displayPath.
    public var apps: [AppBundle]
    /// Sorted; each says where and why, and the batch goes on without that input.
    public var errors: [InputError]
    /// Files and companion folders looked at and not read, sorted; each with its reason.
    public var skipped: [SkippedFile]

    public init(apps: [AppBundle], errors: [InputError], skipped: [SkippedFile] = []) {
        self.apps = apps
        self.errors = errors
        self.skipped = skipped
    }
}
