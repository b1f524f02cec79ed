/// Limits that shape what discovery accepts.
public struct DiscoveryOptions: Sendable, Equatable {
    /// 32 MiB: far above any agreement or manifest, small enough that a stray video is refused.
    public static let defaultMaximumFileSize = 32 * 1024 * 1024

    /// Files larger than this many bytes are reported as input errors and not audited.
    public var maximumFileSize: Int

    public init(maximumFileSize: Int = DiscoveryOptions.defaultMaximumFileSize) {
        self.maximumFileSize = maximumFileSize
    }
}
