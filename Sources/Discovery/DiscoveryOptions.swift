import Findings

/// Limits that shape what discovery accepts.
public struct DiscoveryOptions: Sendable, Equatable {
    /// 32 MiB: far above any agreement or manifest, small enough that a stray video is refused.
    public static let defaultMaximumFileSize = 32 * 1024 * 1024

    /// Files larger than this many bytes are reported as input errors and not audited.
    public var maximumFileSize: Int
    /// `--app-per-file`: every file of an app folder is an app of its own (flat folders of
    /// unrelated documents).
    public var appPerFile: Bool
    /// Categories a lendaudit.yml may name; another value is reported and not used.
    public var knownCategories: [String]

    public init(
        maximumFileSize: Int = DiscoveryOptions.defaultMaximumFileSize, appPerFile: Bool = false,
        knownCategories: [String] = AppCategories.builtIn
    ) {
        self.maximumFileSize = maximumFileSize
        self.appPerFile = appPerFile
        self.knownCategories = knownCategories
    }
}
