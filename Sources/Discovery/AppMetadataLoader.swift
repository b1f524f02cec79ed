import Findings
import Yams
import YAMLFiles

/// Reads an app folder's lendaudit.yml into `AppMetadata`, collecting problems instead of failing:
/// a bad config file must not stop its app from being audited.
enum AppMetadataLoader {
    /// The outcome of reading one config file.
    struct Outcome: Equatable, Sendable {
        /// nil when the file could not be parsed at all; otherwise every key that was valid.
        var metadata: AppMetadata?
        /// Problems, each already worded for the user, with a `line N, column M: ` prefix where known.
        var problems: [String]
    }

    static let allowedKeys = ["name", "version", "category", "jurisdictions"]

    static func load(bytes: [UInt8], knownCategories: [String] = AppCategories.builtIn) -> Outcome {
        var bytes = bytes[...]
        // Editors on Windows save a UTF-8 BOM; YAML allows it, libyaml's String path does not need it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return Outcome(metadata: nil, problems: ["the file is not valid UTF-8 text"])
        }
        return load(text: text, knownCategories: knownCategories)
    }

    static func load(text: String, knownCategories: [String] = AppCategories.builtIn) -> Outcome {
        let root: Node?
        do {
            root = try YAMLReader(file: "lendaudit.yml").compose(text)
        } catch {
            return Outcome(metadata: nil, problems: [describe(error)])
        }
        // An empty file is a valid (if pointless) config: all defaults.
        guard let root, !isNull(root) else { return Outcome(metadata: AppMetadata(), problems: []) }
        guard case .mapping(let mapping) = root else {
            return Outcome(
                metadata: nil,
                problems: [at(root.mark) + "expected a mapping of keys (\(allowedKeys.joined(separator: ", "))), found \(describeShape(root))"]
            )
        }

        var metadata = AppMetadata()
        var problems: [String] = []
        var seenKeys: Set<String> = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                problems.append(at(keyNode.mark) + "keys must be plain words, found \(describeShape(keyNode))")
                continue
            }
            // libyaml accepts repeated keys; the later one would silently win.
            guard seenKeys.insert(key).inserted else {
                problems.append(at(keyNode.mark) + "duplicate key '\(key)'; the first one is used")
                continue
            }
            switch key {
            case "name", "version", "category":
                guard let text = scalarText(value, key: key, problems: &problems) else { continue }
                switch key {
                case "name": metadata.name = text
                case "version": metadata.version = text
                default:
                    // A misspelt category (`lendng`) would switch the lending rules off unseen.
                    guard knownCategories.contains(text) else {
                        problems.append(at(value.mark) + AppCategories.unknownReason(text, known: knownCategories))
                        continue
                    }
                    metadata.category = text
                }
            case "jurisdictions":
                metadata.jurisdictions = jurisdictions(value, problems: &problems)
            default:
                problems.append(at(keyNode.mark) + "unknown key '\(key)' (expected: \(allowedKeys.joined(separator: ", ")))")
            }
        }
        return Outcome(metadata: metadata, problems: problems)
    }

    // MARK: - Values

    /// Any scalar is accepted as text (`version: 1.2` resolves to a float, but means "1.2"),
    /// using the characters as written. Null means "not given"; blank text is a mistake.
    private static func scalarText(_ node: Node, key: String, problems: inout [String]) -> String? {
        if isNull(node) { return nil }
        guard let scalar = node.scalar else {
            problems.append(at(node.mark) + "'\(key)' must be a single value, found \(describeShape(node))")
            return nil
        }
        let text = scalar.string.trimmingWhitespace()
        guard !text.isEmpty else {
            problems.append(at(node.mark) + "'\(key)' is empty")
            return nil
        }
        return text
    }

    /// A single string or a list of them; people write `jurisdictions: CN` for one.
    private static func jurisdictions(_ node: Node, problems: inout [String]) -> [String] {
        if isNull(node) { return [] }
        switch node {
        case .scalar:
            return scalarText(node, key: "jurisdictions", problems: &problems).map { [$0] } ?? []
        case .sequence(let sequence):
            var result: [String] = []
            for item in sequence {
                guard let scalar = item.scalar, !isNull(item) else {
                    problems.append(at(item.mark) + "each entry of 'jurisdictions' must be a single value, found \(describeShape(item))")
                    continue
                }
                let text = scalar.string.trimmingWhitespace()
                if !text.isEmpty { result.append(text) }
            }
            return result
        default:
            problems.append(at(node.mark) + "'jurisdictions' must be a value or a list of values, found \(describeShape(node))")
            return []
        }
    }

    // MARK: - Wording

    private static func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    private static func describeShape(_ node: Node) -> String {
        switch node {
        case .scalar: return isNull(node) ? "nothing" : "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private static func at(_ mark: Mark?) -> String {
        guard let mark else { return "" }
        return "line \(mark.line), column \(mark.column): "
    }

    /// The shared reader's syntax error, worded as the report's other input errors: the file is
    /// the input error's path, so the reason leads with the place, then libyaml's own problem.
    private static func describe(_ error: YAMLFileError) -> String {
        let place = "line \(error.line), column \(error.column): "
        guard case .syntax(let problem, _) = error.problem else { return place + error.what }
        if problem.hasPrefix("the file nests") { return place + problem + "; a lendaudit.yml is a flat mapping" }
        return place + "the file is not valid YAML: \(problem)"
    }
}

extension String {
    /// Trims spaces, tabs and newlines at both ends; Foundation-free on purpose.
    fileprivate func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
