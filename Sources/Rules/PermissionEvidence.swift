import Findings

/// A permission of one app with the path inside the app it came from (for fingerprints).
public struct PermissionEvidence: Sendable {
    public var permission: Permission
    public var pathInApp: String

    public init(permission: Permission, pathInApp: String) {
        self.permission = permission
        self.pathInApp = pathInApp
    }
}
