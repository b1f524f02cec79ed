/// The platforms whose manifests lendaudit reads.
public enum Platform: String, Sendable, Codable, CaseIterable, Comparable {
    case android, ios, harmonyos, miniprogram

    public static func < (lhs: Platform, rhs: Platform) -> Bool { lhs.rawValue < rhs.rawValue }

    public var displayName: String {
        switch self {
        case .android: "Android"
        case .ios: "iOS"
        case .harmonyos: "HarmonyOS"
        case .miniprogram: "WeChat mini-program"
        }
    }
}

/// One permission an app asks the phone for, read from a manifest.
public struct Permission: Sendable, Hashable, Codable, Comparable {
    public var platform: Platform
    /// The platform's own name: `android.permission.READ_CONTACTS`, `NSContactsUsageDescription`,
    /// `ohos.permission.READ_CONTACTS`, `scope.userLocation`, `getLocation`.
    public var name: String
    /// Personal-information category from the mapping data (`contacts`, `location`, …); nil
    /// until the rules stage maps it, or when the mapping does not know the name.
    public var category: String?
    /// The purpose string the platform shows the user, where it has one.
    public var purpose: String?
    public var location: SourceLocation
    /// Facts that qualify the request, e.g. `maxSdkVersion: 28`, `usedScene.when: always`.
    public var qualifiers: [String: String]

    public init(
        platform: Platform, name: String, category: String? = nil, purpose: String? = nil,
        location: SourceLocation, qualifiers: [String: String] = [:]
    ) {
        self.platform = platform
        self.name = name
        self.category = category
        self.purpose = purpose
        self.location = location
        self.qualifiers = qualifiers
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        (lhs.location, lhs.platform, lhs.name) < (rhs.location, rhs.platform, rhs.name)
    }
}
