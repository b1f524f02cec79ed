import Yams

/// The one way our YAML files are read: rule files, the norms catalogue, permission mappings, the
/// scan config and an app's lendaudit.yml. Typed access to the composed nodes turns every mistake,
/// syntax or schema, into a `YAMLFileError` with the file, line and column it points at.
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) {
        self.file = file
    }

    /// The file's one document, or nil when it has none.
    public func compose(_ text: String) throws(YAMLFileError) -> Node? {
        do {
            // UTF-8 named: Yams' default encoding reads the whole environment on every parse, and
            // prints to standard output (into a report written there) when YAMS_DEFAULT_ENCODING is set.
            return try Yams.Parser(yaml: text, encoding: .utf8).singleRoot()
        } catch {
            throw syntaxError(error)
        }
    }

    /// Every document of the file (separated by `---`), in order.
    public func composeAll(_ text: String) throws(YAMLFileError) -> [Node] {
        var roots: [Node] = []
        do {
            // Document by document, not through `compose_all`'s sequence, which ends quietly at a
            // syntax error instead of throwing it.
            let parser = try Yams.Parser(yaml: text, encoding: .utf8)
            while let root = try parser.nextRoot() { roots.append(root) }
        } catch {
            throw syntaxError(error)
        }
        return roots
    }

    private func syntaxError(_ error: any Error) -> YAMLFileError {
        guard let yamlError = error as? YamlError else {
            return YAMLFileError(file: file, line: 1, column: 1, problem: .syntax("\(error)"))
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            // libyaml stops deep nesting (a stack guard) with advice for C callers; say it plainly.
            if problem.hasPrefix("Maximum nesting level reached") {
                return YAMLFileError(file: file, line: mark.line, column: mark.column, problem: .syntax(
                    "the file nests lists or mappings too deeply (over libyaml's limit)"))
            }
            return YAMLFileError(file: file, line: mark.line, column: mark.column, problem: .syntax(problem, context: context?.text))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            // Yams marks the mapping, not the repeated key.
            return YAMLFileError(file: file, line: context.mark.line, column: context.mark.column, problem: .syntax(
                "duplicate key \(keys) in the mapping that starts here"))
        case .reader(let problem, _, _, _):
            return YAMLFileError(file: file, line: 1, column: 1, problem: .syntax(problem))
        default:
            return YAMLFileError(file: file, line: 1, column: 1, problem: .syntax("\(yamlError)"))
        }
    }

    public func error(_ node: Node?, _ problem: YAMLFileError.Problem) -> YAMLFileError {
        YAMLFileError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, problem: problem)
    }

    /// The mapping's pairs, rejecting keys outside `allowed`.
    public func mapping(_ node: Node, key: String, allowed: [String]) throws(YAMLFileError) -> [(key: String, node: Node, keyNode: Node)] {
        guard case .mapping(let mapping) = node else { throw error(node, .wrongType(key: key, expected: "a mapping")) }
        var pairs: [(key: String, node: Node, keyNode: Node)] = []
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { throw error(keyNode, .wrongType(key: key, expected: "a mapping with text keys")) }
            guard allowed.contains(name) else { throw error(keyNode, .unknownKey(name, allowed: allowed)) }
            pairs.append((name, value, keyNode))
        }
        return pairs
    }

    /// The text keys of a mapping, for mappings whose keys are ids rather than schema words.
    public func keys(of node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap(\.string)
    }

    public func string(_ node: Node, key: String) throws(YAMLFileError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, .wrongType(key: key, expected: "text")) }
        return scalar.string
    }

    public func nonEmptyString(_ node: Node, key: String) throws(YAMLFileError) -> String {
        let value = try string(node, key: key).trimmingWhitespace
        guard !value.isEmpty else { throw error(node, .wrongType(key: key, expected: "non-empty text")) }
        return value
    }

    public func int(_ node: Node, key: String) throws(YAMLFileError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), value >= 0 else {
            throw error(node, .wrongType(key: key, expected: "a whole number"))
        }
        return value
    }

    /// A list of texts; a single text is accepted as a list of one.
    public func strings(_ node: Node, key: String) throws(YAMLFileError) -> [String] {
        switch node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var values: [String] = []
            for item in sequence {
                values.append(try nonEmptyString(item, key: key))
            }
            return values
        default:
            throw error(node, .wrongType(key: key, expected: "text or a list of texts"))
        }
    }

    public func sequence(_ node: Node, key: String) throws(YAMLFileError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, .wrongType(key: key, expected: "a list")) }
        return Array(sequence)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
