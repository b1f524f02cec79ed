import Findings
import Yams
import YAMLFiles

/// Maps platform permission names to personal-information categories, from the mapping data in
/// `rules/permissions.yaml`.
public struct PermissionCatalogue: Sendable, Equatable {
    /// The category words a mapping may use; findings and reports rely on exactly these.
    public static let categories: [String] = [
        "accounts", "calendar", "call-log", "camera", "contacts", "installed-apps", "location",
        "microphone", "other-sensitive", "phone-state", "sms", "storage",
    ]

    private var table: [Platform: [String: String]]

    /// A catalogue that knows no names: every permission keeps a nil category.
    public static let empty = PermissionCatalogue(table: [:])

    public init(table: [Platform: [String: String]]) {
        self.table = table
    }

    /// Parses the mapping file: a mapping from platform (`android`, `ios`, `harmonyos`,
    /// `miniprogram`) to a mapping from permission name to category word.
    ///
    /// The text may hold several YAML documents (separated by `---`), read in order: a later
    /// document adds names and replaces the category of names mapped before. That is how a
    /// `--rules` folder's permissions.yaml extends and overrides the bundled one.
    public init(yaml: String, file: String = "permissions.yaml") throws(YAMLFileError) {
        try self.init(files: [(file, yaml)])
    }

    /// Reads mapping files in order, later ones extending and overriding earlier ones; an error
    /// names the file it is in.
    public init(files: [(path: String, contents: String)]) throws(YAMLFileError) {
        var table: [Platform: [String: String]] = [:]
        var sawDocument = false
        for (path, text) in files {
            let reader = YAMLReader(file: path)
            for root in try reader.composeAll(text) {
                sawDocument = true
                try Self.add(root, to: &table, reader: reader)
            }
        }
        guard sawDocument else {
            throw YAMLFileError(file: files.last?.path ?? "permissions.yaml", line: 1, column: 1, problem: .message("the file is empty"))
        }
        self.table = table
    }

    private static func add(_ root: Node, to table: inout [Platform: [String: String]], reader: YAMLReader) throws(YAMLFileError) {
        guard let platforms = root.mapping else {
            throw reader.error(root, .message("expected a mapping from platform to permission names"))
        }
        for (platformNode, namesNode) in platforms {
            let platformName = platformNode.string ?? ""
            guard let platform = Platform(rawValue: platformName) else {
                throw reader.error(platformNode, .message(
                    "unknown platform '\(platformName)' (expected: \(Platform.allCases.map(\.rawValue).joined(separator: ", ")))"
                ))
            }
            guard let names = namesNode.mapping else {
                throw reader.error(namesNode, .message("expected a mapping from permission name to category under '\(platformName)'"))
            }
            var entries = table[platform] ?? [:]
            for (nameNode, categoryNode) in names {
                guard let name = nameNode.string, !name.isEmpty else {
                    throw reader.error(nameNode, .message("a permission name must be a non-empty string"))
                }
                guard let category = categoryNode.string, categories.contains(category) else {
                    throw reader.error(categoryNode, .message(
                        "unknown category '\(categoryNode.string ?? "")' for \(name) (expected: \(categories.joined(separator: ", ")))"
                    ))
                }
                entries[name] = category
            }
            table[platform] = entries
        }
    }

    /// The category of a permission name on a platform, or nil when the mapping does not list it.
    public func category(platform: Platform, name: String) -> String? {
        table[platform]?[name]
    }

    /// Every name mapped for a platform, sorted.
    public func names(platform: Platform) -> [String] {
        (table[platform] ?? [:]).keys.sorted()
    }

    /// Fills each permission's category from the catalogue (names it does not know get nil).
    public func categorize(_ permissions: [Permission]) -> [Permission] {
        permissions.map { permission in
            var permission = permission
            permission.category = category(platform: permission.platform, name: permission.name)
            return permission
        }
    }
}
