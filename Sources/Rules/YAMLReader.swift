import Yams

/// Typed access to a composed YAML node that turns every mistake into a `RuleFileError` with the
/// node's line and column.
struct YAMLReader {
    let file: String

    func compose(_ text: String) throws(RuleFileError) -> Node? {
        do {
            // UTF-8 named: Yams' default encoding reads the whole environment on every parse, and
            // prints to standard output (into a report written there) when YAMS_DEFAULT_ENCODING is set.
            return try Yams.Parser(yaml: text, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw RuleFileError(file: file, line: 1, column: 1, problem: .syntax("\(error)"))
        }
    }

    private func syntaxError(_ error: YamlError) -> RuleFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
            return RuleFileError(file: file, line: mark.line, column: mark.column, problem: .syntax(detail))
        case .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
            return RuleFileError(file: file, line: mark.line, column: mark.column, problem: .syntax(detail))
        default:
            return RuleFileError(file: file, line: 1, column: 1, problem: .syntax("\(error)"))
        }
    }

    func error(_ node: Node?, _ problem: RuleFileError.Problem) -> RuleFileError {
        RuleFileError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, problem: problem)
    }

    /// The mapping's pairs, rejecting keys outside `allowed`.
    func mapping(_ node: Node, key: String, allowed: [String]) throws(RuleFileError) -> [(key: String, node: Node, keyNode: Node)] {
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
    func keys(of node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap(\.string)
    }

    func string(_ node: Node, key: String) throws(RuleFileError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, .wrongType(key: key, expected: "text")) }
        return scalar.string
    }

    func nonEmptyString(_ node: Node, key: String) throws(RuleFileError) -> String {
        let value = try string(node, key: key).trimmingWhitespace
        guard !value.isEmpty else { throw error(node, .wrongType(key: key, expected: "non-empty text")) }
        return value
    }

    func int(_ node: Node, key: String) throws(RuleFileError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string), value >= 0 else {
            throw error(node, .wrongType(key: key, expected: "a whole number"))
        }
        return value
    }

    /// A list of texts; a single text is accepted as a list of one.
    func strings(_ node: Node, key: String) throws(RuleFileError) -> [String] {
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

    func sequence(_ node: Node, key: String) throws(RuleFileError) -> [Node] {
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
