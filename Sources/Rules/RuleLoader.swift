import Documents
import Findings
import Foundation
import Yams
import YAMLFiles

/// Turns one rule file into a `Rule`, checking every key against the schema.
enum RuleLoader {
    static let ruleKeys = [
        "id", "aliases", "title", "title_zh", "category", "severity", "applies_to", "app", "norms", "message",
        "remediation", "match", "examples", "jurisdictions",
    ]

    static func load(yaml text: String, file: String, pack: String, catalogue: NormCatalogue) throws(RuleFileError) -> Rule {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else {
            throw RuleFileError(file: file, line: 1, column: 1, problem: .message("the rule file is empty"))
        }
        let pairs = try reader.mapping(root, key: "rule", allowed: ruleKeys)
        var values: [String: Node] = [:]
        for (key, node, _) in pairs { values[key] = node }
        func required(_ key: String) throws(RuleFileError) -> Node {
            guard let node = values[key] else { throw reader.error(root, .missingKey(key)) }
            return node
        }

        let idNode = try required("id")
        let id = try reader.nonEmptyString(idNode, key: "id")
        guard id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }) else {
            throw reader.error(idNode, .message("rule id '\(id)' must be upper-case letters, digits and hyphens"))
        }
        let categoryNode = try required("category")
        let categoryText = try reader.string(categoryNode, key: "category")
        guard let category = FindingCategory(rawValue: categoryText) else {
            throw reader.error(categoryNode, .invalidValue(key: "category", value: categoryText, allowed: FindingCategory.allCases.map(\.rawValue)))
        }
        let severityNode = try required("severity")
        let severityText = try reader.string(severityNode, key: "severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw reader.error(severityNode, .invalidValue(key: "severity", value: severityText, allowed: Severity.descending.map(\.rawValue)))
        }
        let scopeNode = try required("applies_to")
        let scopeText = try reader.string(scopeNode, key: "applies_to")
        guard let scope = RuleDescriptor.Scope(rawValue: scopeText) else {
            throw reader.error(scopeNode, .invalidValue(key: "applies_to", value: scopeText, allowed: RuleDescriptor.Scope.allCases.map(\.rawValue)))
        }

        var appCategories: [String] = []
        if let appNode = values["app"] {
            for (key, node, _) in try reader.mapping(appNode, key: "app", allowed: ["category"]) {
                appCategories = try reader.strings(node, key: key)
            }
        }

        let normsNode = try required("norms")
        let normIds = try reader.strings(normsNode, key: "norms")
        guard !normIds.isEmpty else { throw reader.error(normsNode, .message("a rule must cite at least one norm")) }
        for normId in normIds where catalogue.citation(for: normId) == nil {
            throw reader.error(normsNode, .unknownNorm(normId))
        }

        let match = try loadMatch(try required("match"), scope: scope, reader: reader)
        let examples = try loadExamples(try required("examples"), reader: reader)
        if examples.violating.isEmpty || examples.compliant.isEmpty {
            throw reader.error(values["examples"], .message("a rule needs at least one violating and one compliant example"))
        }

        return Rule(
            id: id,
            aliases: try values["aliases"].map { node throws(RuleFileError) in try reader.strings(node, key: "aliases") } ?? [],
            title: try reader.nonEmptyString(try required("title"), key: "title"),
            titleZh: try values["title_zh"].map { node throws(RuleFileError) in try reader.nonEmptyString(node, key: "title_zh") },
            category: category,
            severity: severity,
            appliesTo: scope,
            appCategories: appCategories,
            normIds: normIds,
            message: try reader.nonEmptyString(try required("message"), key: "message"),
            remediation: try reader.nonEmptyString(try required("remediation"), key: "remediation"),
            match: match,
            examples: examples,
            file: file,
            line: root.mark?.line ?? 1,
            pack: pack,
            jurisdictions: try values["jurisdictions"].map { node throws(RuleFileError) in
                try reader.strings(node, key: "jurisdictions").map { $0.uppercased() }
            } ?? []
        )
    }

    private static func loadMatch(_ node: Node, scope: RuleDescriptor.Scope, reader: YAMLReader) throws(RuleFileError) -> RuleMatch {
        switch scope {
        case .agreement:
            return .clause(try loadClauseMatch(node, reader: reader))
        case .manifest:
            return .manifest(try loadManifestMatch(node, reader: reader))
        case .app:
            return .app(try loadAppMatch(node, reader: reader))
        }
    }

    private static func loadAppMatch(_ node: Node, reader: YAMLReader) throws(RuleFileError) -> AppMatch {
        let pairs = try reader.mapping(node, key: "match", allowed: MatcherKinds.appKeys)
        guard pairs.count == 1, let (key, value, _) = pairs.first else {
            throw reader.error(node, .message("an app matcher needs exactly one of: \(MatcherKinds.appKeys.joined(separator: ", "))"))
        }
        if key == "undisclosed_permission" {
            var disclosures: [String: [String]] = [:]
            for (category, terms, _) in try reader.mapping(value, key: key, allowed: reader.keys(of: value)) {
                disclosures[category] = try reader.strings(terms, key: category).map(TextNormalizer.normalizedString)
            }
            guard !disclosures.isEmpty else { throw reader.error(value, .message("'undisclosed_permission' needs at least one category")) }
            return .undisclosedPermission(disclosures: disclosures)
        }
        var categories: [String] = []
        var denial: ClauseMatch?
        for (field, fieldValue, _) in try reader.mapping(value, key: key, allowed: ["permission_category", "denial"]) {
            if field == "permission_category" {
                categories = try reader.strings(fieldValue, key: field)
            } else {
                denial = try loadClauseMatch(fieldValue, reader: reader)
            }
        }
        guard !categories.isEmpty else { throw reader.error(value, .missingKey("permission_category")) }
        guard let denial else { throw reader.error(value, .missingKey("denial")) }
        return .contradiction(categories: categories, denial: denial)
    }

    static func loadClauseMatch(_ node: Node, reader: YAMLReader) throws(RuleFileError) -> ClauseMatch {
        var match = ClauseMatch(groups: [], regex: nil, near: nil, unless: [], negationScope: 6, none: [])
        func terms(_ node: Node, _ key: String) throws(RuleFileError) -> [String] {
            let values = try reader.strings(node, key: key).map(TextNormalizer.normalizedString)
            if let empty = values.firstIndex(where: \.isEmpty) {
                throw reader.error(node, .message("'\(key)' has a term that is empty after normalization (item \(empty + 1))"))
            }
            return values
        }
        for (key, value, _) in try reader.mapping(node, key: "match", allowed: MatcherKinds.clauseKeys) {
            switch key {
            case "all":
                for group in try reader.sequence(value, key: "all") {
                    match.groups.append(try terms(group, "all"))
                }
            case "any":
                match.groups.append(try terms(value, "any"))
            case "near":
                match.near = try reader.int(value, key: "near")
            case "regex":
                let pattern = try reader.nonEmptyString(value, key: "regex")
                do {
                    _ = try NSRegularExpression(pattern: pattern)
                } catch {
                    throw reader.error(value, .invalidRegex(pattern, reason: "\(error.localizedDescription)"))
                }
                match.regex = pattern
            case "unless":
                match.unless = try terms(value, "unless")
            case "negation_scope":
                match.negationScope = try reader.int(value, key: "negation_scope")
            case "context":
                for name in try reader.strings(value, key: key) {
                    guard let context = ClauseContext(rawValue: name) else {
                        throw reader.error(value, .invalidValue(key: key, value: name, allowed: ClauseContext.allCases.map(\.rawValue)))
                    }
                    match.context.append(context)
                }
            case "not_in":
                for name in try reader.strings(value, key: key) {
                    guard let reading = Reading(rawValue: name) else {
                        throw reader.error(value, .invalidValue(key: key, value: name, allowed: Reading.allCases.map(\.rawValue)))
                    }
                    match.notIn.append(reading)
                }
            default:
                match.none = try terms(value, "none")
            }
        }
        if match.groups.isEmpty, match.regex == nil {
            throw reader.error(node, .message("a clause matcher needs 'all', 'any' or 'regex'"))
        }
        return match
    }

    private static func loadManifestMatch(_ node: Node, reader: YAMLReader) throws(RuleFileError) -> ManifestMatch {
        var match = ManifestMatch(permissions: [], categories: [], platforms: [], ignoreMaxSdkBelow: nil)
        for (key, value, _) in try reader.mapping(node, key: "match", allowed: MatcherKinds.manifestKeys) {
            switch key {
            case "permission":
                match.permissions = try reader.strings(value, key: key)
            case "permission_category":
                match.categories = try reader.strings(value, key: key)
            case "ignore_max_sdk_below":
                match.ignoreMaxSdkBelow = try reader.int(value, key: key)
            default:
                for name in try reader.strings(value, key: key) {
                    guard let platform = Platform(rawValue: name) else {
                        throw reader.error(value, .invalidValue(key: "platform", value: name, allowed: Platform.allCases.map(\.rawValue)))
                    }
                    match.platforms.append(platform)
                }
            }
        }
        if match.permissions.isEmpty, match.categories.isEmpty {
            throw reader.error(node, .message("a manifest matcher needs 'permission' or 'permission_category'"))
        }
        return match
    }

    private static func exampleFile(_ node: Node, reader: YAMLReader, allowed: [String] = ["file", "text"]) throws(RuleFileError) -> RuleExamples.Example.File {
        var text: String?
        var name = "example.html"
        for (field, value, _) in try reader.mapping(node, key: "example", allowed: allowed) {
            if field == "app" { continue }
            if field == "file" { name = try reader.nonEmptyString(value, key: "file") } else { text = try reader.string(value, key: "text") }
        }
        guard let text else { throw reader.error(node, .missingKey("text")) }
        return .init(name: name, text: text)
    }

    private static func loadExamples(_ node: Node, reader: YAMLReader) throws(RuleFileError) -> RuleExamples {
        var examples = RuleExamples(violating: [], compliant: [], todo: [])
        for (key, value, _) in try reader.mapping(node, key: "examples", allowed: ["violating", "compliant", "todo"]) {
            var list: [RuleExamples.Example] = []
            for item in try reader.sequence(value, key: key) {
                let line = item.mark?.line ?? 1
                guard case .mapping = item else {
                    list.append(.init(files: [.init(name: "example.html", text: try reader.string(item, key: key))], line: line))
                    continue
                }
                var fields = try reader.mapping(item, key: key, allowed: ["file", "text", "files", "app"])
                var example = RuleExamples.Example(files: [], line: line)
                if let app = fields.first(where: { $0.key == "app" }) {
                    fields.removeAll { $0.key == "app" }
                    for (field, value, _) in try reader.mapping(app.node, key: "app", allowed: ["category", "jurisdictions"]) {
                        if field == "category" {
                            example.appCategory = try reader.nonEmptyString(value, key: field)
                        } else {
                            example.jurisdictions = try reader.strings(value, key: field)
                        }
                    }
                }
                if let files = fields.first(where: { $0.key == "files" }) {
                    for entry in try reader.sequence(files.node, key: "files") {
                        example.files.append(try exampleFile(entry, reader: reader))
                    }
                } else {
                    example.files = [try exampleFile(item, reader: reader, allowed: ["file", "text", "app"])]
                }
                list.append(example)
            }
            switch key {
            case "violating": examples.violating = list
            case "compliant": examples.compliant = list
            default: examples.todo = list
            }
        }
        return examples
    }
}

/// The matcher kinds a rule's `match` block may use, listed once: the loader checks keys
/// against them and `rules show` documents them.
public enum MatcherKinds {
    public struct Kind: Sendable {
        public var key: String
        public var appliesTo: RuleDescriptor.Scope
        public var meaning: String
    }

    public static let all: [Kind] = [
        Kind(key: "all", appliesTo: .agreement, meaning: "list of term groups; every group must occur in the clause"),
        Kind(key: "any", appliesTo: .agreement, meaning: "one more term group; any of its terms must occur"),
        Kind(key: "near", appliesTo: .agreement, meaning: "the matched terms must fit in a window of N characters"),
        Kind(key: "regex", appliesTo: .agreement, meaning: "a regular expression over the normalized clause that must match"),
        Kind(key: "unless", appliesTo: .agreement, meaning: "negators: a term right after one of these (same phrase) does not count"),
        Kind(key: "negation_scope", appliesTo: .agreement, meaning: "how many characters a negator reaches (default 6)"),
        Kind(key: "none", appliesTo: .agreement, meaning: "exceptions: a clause containing any of these is left alone"),
        Kind(key: "context", appliesTo: .agreement, meaning: "lead-in, table-row: a term group missing from a list item may stand in the list's lead-in (a clause ending in a colon that announces it), one missing from a table cell in another cell of its row"),
        Kind(key: "not_in", appliesTo: .agreement, meaning: "readings under which the match is no finding: \(Reading.allCases.map(\.rawValue).joined(separator: ", ")) (cues in rules/readings.yaml)"),
        Kind(key: "permission", appliesTo: .manifest, meaning: "platform permission names that trigger the rule"),
        Kind(key: "permission_category", appliesTo: .manifest, meaning: "personal-information categories that trigger the rule"),
        Kind(key: "platform", appliesTo: .manifest, meaning: "limit to these platforms (android, ios, harmonyos, miniprogram)"),
        Kind(key: "ignore_max_sdk_below", appliesTo: .manifest, meaning: "leave alone a request whose android:maxSdkVersion is below N"),
        Kind(key: "undisclosed_permission", appliesTo: .app, meaning: "per category, the terms that disclose it; a requested permission no agreement discloses"),
        Kind(key: "contradiction", appliesTo: .app, meaning: "permission_category + denial (a clause matcher): an agreement denies what the manifest requests"),
    ]

    static var clauseKeys: [String] { all.filter { $0.appliesTo == .agreement }.map(\.key) }
    static var manifestKeys: [String] { all.filter { $0.appliesTo == .manifest }.map(\.key) }
    static var appKeys: [String] { all.filter { $0.appliesTo == .app }.map(\.key) }
}
