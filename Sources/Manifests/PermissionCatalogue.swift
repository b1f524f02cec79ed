import Findings
import Yams

/// Maps platform permission names to personal-information categories, from the mapping data in
/// `rules/permissions.yaml`.
public struct PermissionCatalogue: Sendable, Equatable {
    /// The category words a mapping may use; findings and reports rely on exactly these.
    public static let categories: [String] = [
        "accounts", "calendar", "call-log", "camera", "contacts", "installed-apps", "location",
        "microphone", "other-sensitive", "phone-state", "sms", "storage",
    ]

    /// Why a mapping file was refused, with the line it points at.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int?
        public var message: String

        public var description: String {
            line.map { "line \($0): \(message)" } ?? message
        }
    }

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
    public init(yaml: String) throws(LoadError) {
        try self.init(yamlDocuments: [yaml])
    }

    /// Reads mapping files in order, later ones extending and overriding earlier ones.
    public init(yamlDocuments: [String]) throws(LoadError) {
        var table: [Platform: [String: String]] = [:]
        var sawDocument = false
        for text in yamlDocuments {
            var roots: [Node] = []
            do {
                // UTF-8 named: Yams' default encoding reads the whole environment on every parse, and
                // prints to standard output (into a report written there) when YAMS_DEFAULT_ENCODING is set.
                // Document by document, not through `compose_all`'s sequence, which ends quietly at
                // a syntax error instead of throwing it.
                let parser = try Yams.Parser(yaml: text, encoding: .utf8)
                while let root = try parser.nextRoot() { roots.append(root) }
            } catch {
                throw LoadError(line: nil, message: "not valid YAML: \(error)")
            }
            for root in roots {
                sawDocument = true
                try Self.add(root, to: &table)
            }
        }
        guard sawDocument else { throw LoadError(line: nil, message: "the file is empty") }
        self.table = table
    }

    private static func add(_ root: Node, to table: inout [Platform: [String: String]]) throws(LoadError) {
        guard let platforms = root.mapping else {
            throw LoadError(line: root.mark?.line, message: "expected a mapping from platform to permission names")
        }
        for (platformNode, namesNode) in platforms {
            let platformName = platformNode.string ?? ""
            guard let platform = Platform(rawValue: platformName) else {
                throw LoadError(
                    line: platformNode.mark?.line,
                    message: "unknown platform '\(platformName)' (expected: \(Platform.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            guard let names = namesNode.mapping else {
                throw LoadError(line: namesNode.mark?.line, message: "expected a mapping from permission name to category under '\(platformName)'")
            }
            var entries = table[platform] ?? [:]
            for (nameNode, categoryNode) in names {
                guard let name = nameNode.string, !name.isEmpty else {
                    throw LoadError(line: nameNode.mark?.line, message: "a permission name must be a non-empty string")
                }
                guard let category = categoryNode.string, categories.contains(category) else {
                    throw LoadError(
                        line: categoryNode.mark?.line,
                        message: "unknown category '\(categoryNode.string ?? "")' for \(name) (expected: \(categories.joined(separator: ", ")))"
                    )
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
