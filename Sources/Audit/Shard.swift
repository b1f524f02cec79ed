import Findings

/// `--shard K/N`: a stable subset of the apps, chosen by a hash of the app identity, so N machines
/// each audit one shard and `lendaudit merge` puts the reports back together.
public struct Shard: Sendable, Equatable {
    /// 1-based, as the user writes it.
    public var index: Int
    public var count: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        self.index = index
        self.count = count
    }

    public func contains(app identity: String) -> Bool {
        Fingerprint.bucket(of: identity, count: count) == index - 1
    }
}
