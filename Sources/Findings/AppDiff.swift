/// What a new version of an app adds and removes (`lendaudit diff OLD NEW`).
public struct AppDiff: Sendable, Codable, Equatable {
    public var old: String
    public var new: String
    /// Findings of the new version that the old one did not have: what a CI gate fails on.
    public var added: [Finding]
    /// Findings of the old version that are gone.
    public var removed: [Finding]
    public var unchanged: Int
    public var permissionsAdded: [Permission]
    public var permissionsRemoved: [Permission]
    public var inputErrors: [InputError]

    public init(
        old: String, new: String, added: [Finding], removed: [Finding], unchanged: Int, permissionsAdded: [Permission],
        permissionsRemoved: [Permission], inputErrors: [InputError]
    ) {
        self.old = old
        self.new = new
        self.added = added
        self.removed = removed
        self.unchanged = unchanged
        self.permissionsAdded = permissionsAdded
        self.permissionsRemoved = permissionsRemoved
        self.inputErrors = inputErrors
    }
}
