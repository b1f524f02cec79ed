import Findings

/// What one manifest says: the permissions it requests and the app's identity and version.
public struct ManifestReadResult: Sendable, Equatable {
    /// Requested permissions, sorted by location then name, categories filled from the catalogue.
    public var permissions: [Permission]
    public var format: InputKind
    /// Android package, iOS CFBundleIdentifier, HarmonyOS bundleName; nil when the file has none.
    public var appIdentifier: String?
    /// Android versionName, iOS CFBundleShortVersionString, HarmonyOS versionName.
    public var versionName: String?
    /// Android versionCode, iOS CFBundleVersion, HarmonyOS versionCode.
    public var versionCode: String?
    /// Permissions the app itself defines (Android `<permission>`, HarmonyOS `definePermissions`),
    /// sorted. Defining a permission is not asking for one, so these are not in `permissions`.
    public var declaredPermissions: [String]

    public init(
        permissions: [Permission], format: InputKind, appIdentifier: String? = nil,
        versionName: String? = nil, versionCode: String? = nil, declaredPermissions: [String] = []
    ) {
        self.permissions = permissions
        self.format = format
        self.appIdentifier = appIdentifier
        self.versionName = versionName
        self.versionCode = versionCode
        self.declaredPermissions = declaredPermissions
    }
}
