import Findings
import Foundation
import Manifests
import YAMLFiles

/// Every rule to run, with the norms catalogue they cite and the permission mapping.
///
/// Layout of a rules folder: `norms.yaml` (catalogue) and `permissions.yaml` (mapping) at the
/// top, and one folder per pack holding one rule per `.yaml` file. A folder given with `--rules`
/// may be such a folder, or a single pack folder.
public struct RuleSet: Sendable {
    public private(set) var rules: [Rule] = []
    public private(set) var catalogue = NormCatalogue()
    /// The cues of clause readings (rules/readings.yaml, then any added).
    public private(set) var lexicon = ReadingLexicon()
    public private(set) var packs: [RulePackSummary] = []
    /// The packs' `pack.yaml` declarations, by pack name (packs without one are absent).
    public private(set) var packDeclarations: [String: PackDeclaration] = [:]
    /// The permission mapping files (rules/permissions.yaml, then any added), for the manifest readers.
    public private(set) var permissionMappings: [(path: String, contents: String)] = []

    public init() {}

    /// The packs built into the binary from the top-level rules/ folder.
    public static func bundled() throws(RuleFileError) -> RuleSet {
        var set = RuleSet()
        try set.add(files: BundledRuleFiles.files.map { ("rules/" + $0.path, $0.contents) }, source: "bundled", root: "rules/")
        return set
    }

    /// The bundled norms catalogue and permission mapping without the bundled packs: what
    /// `rules test DIR` tests DIR's rules against, so that a bundled pack's own folder is not
    /// loaded twice.
    public static func bundledCatalogues() throws(RuleFileError) -> RuleSet {
        var set = RuleSet()
        let catalogues = BundledRuleFiles.files.filter { !$0.path.contains("/") }
        try set.add(files: catalogues.map { ("rules/" + $0.path, $0.contents) }, source: "bundled", root: "rules/")
        return set
    }

    /// The bundled norms catalogue's text, for tests that load rules of their own against it.
    static var bundledNormsText: String? {
        BundledRuleFiles.files.first { $0.path == "norms.yaml" }?.contents
    }

    /// The bundled clause readings' text, for the same tests.
    static var bundledReadingsText: String? {
        BundledRuleFiles.files.first { $0.path == "readings.yaml" }?.contents
    }

    /// Adds the packs of a folder on disk (`--rules DIR`, `rules test DIR`).
    public mutating func add(directory: String) throws(RuleFileError) {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleFileError(file: directory, line: 1, column: 1, problem: .message("no such rules folder"))
        }
        var files: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard ["yaml", "yml"].contains(url.pathExtension), !url.lastPathComponent.hasPrefix(".") else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            let display = (directory.hasSuffix("/") ? directory : directory + "/") + relative
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw RuleFileError(file: display, line: 1, column: 1, problem: .message("the file cannot be read"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleFileError(file: display, line: 1, column: 1, problem: .message("the file is not UTF-8"))
            }
            files.append((display, text))
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        // A folder whose YAML files sit directly in it is one pack, named after the folder.
        let packName = root.lastPathComponent
        try add(files: files.sorted { $0.0 < $1.0 }, source: directory, root: prefix, singlePackName: packName)
    }

    mutating func add(files: [(path: String, contents: String)], source: String, root: String, singlePackName: String? = nil) throws(RuleFileError) {
        // Catalogues first: rules check their norm references against them.
        for (path, contents) in files where isTopLevel(path, root: root, named: "norms") {
            try catalogue.load(yaml: contents, file: path)
        }
        for (path, contents) in files where isTopLevel(path, root: root, named: "permissions") {
            permissionMappings.append((path, contents))
        }
        for (path, contents) in files where isTopLevel(path, root: root, named: "readings") {
            try lexicon.load(yaml: contents, file: path)
        }
        var counts: [String: Int] = [:]
        var definedAt: [String: String] = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, "\($0.file):\($0.line)") })
        for rule in rules {
            for alias in rule.aliases { definedAt[alias] = "\(rule.file):\(rule.line)" }
        }
        for (path, contents) in files {
            let relative = String(path.dropFirst(root.count))
            let components = relative.split(separator: "/")
            let pack: String
            if components.count >= 2 {
                pack = String(components[0])
            } else if let singlePackName, !["norms", "permissions", "readings"].contains(where: { isTopLevel(path, root: root, named: $0) }) {
                pack = singlePackName
            } else {
                continue
            }
            if components.last.map({ $0 == "pack.yaml" || $0 == "pack.yml" }) ?? false {
                packDeclarations[pack] = try PackDeclaration.load(yaml: contents, file: path, pack: pack)
                continue
            }
            let rule = try RuleLoader.load(yaml: contents, file: path, pack: pack, catalogue: catalogue)
            for name in [rule.id] + rule.aliases {
                if let first = definedAt[name] {
                    throw RuleFileError(file: path, line: rule.line, column: 1, problem: .duplicateId(name, firstDefinedAt: first))
                }
                definedAt[name] = "\(path):\(rule.line)"
            }
            rules.append(rule)
            counts[pack, default: 0] += 1
        }
        rules.sort { $0.id < $1.id }
        for (pack, count) in counts.sorted(by: { $0.key < $1.key }) {
            packs.append(RulePackSummary(name: pack, ruleCount: count, source: source))
        }
    }

    private func isTopLevel(_ path: String, root: String, named name: String) -> Bool {
        let relative = path.dropFirst(root.count)
        return relative == "\(name).yaml" || relative == "\(name).yml"
    }

    /// Keeps only the given rules (for `rules test` of one folder, or config filters).
    public mutating func retain(where keep: (Rule) -> Bool) {
        rules.removeAll { !keep($0) }
    }

    /// Changes a rule's severity (config file `severity:`).
    public mutating func setSeverity(_ severity: Severity, forRule id: String) {
        for index in rules.indices where rules[index].id == id || rules[index].aliases.contains(id) {
            rules[index].severity = severity
        }
    }

    public func rule(id: String) -> Rule? {
        rules.first { $0.id == id || $0.aliases.contains(id) }
    }

    /// The permission-to-category mapping the manifest readers use.
    public func permissionCatalogue() throws(RuleFileError) -> PermissionCatalogue {
        try PermissionCatalogue(files: permissionMappings)
    }

    public var descriptors: [RuleDescriptor] { rules.map { $0.descriptor(catalogue: catalogue) } }
}
