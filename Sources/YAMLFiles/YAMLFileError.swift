/// A YAML file of ours (rule, norms, permission mapping, config, lendaudit.yml) that cannot be
/// used, with the place in it and what was expected. Printed as
/// `rules/cn-pi/x.yaml:7:3: error: unknown key 'sevrity' (expected: category, id, …)`.
public struct YAMLFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var problem: Problem

    public enum Problem: Sendable, Equatable {
        /// libyaml's problem, and what it was doing (`while scanning a simple key`) when it has it.
        case syntax(String, context: String? = nil)
        case unknownKey(String, allowed: [String])
        case missingKey(String)
        case wrongType(key: String, expected: String)
        case invalidValue(key: String, value: String, allowed: [String])
        case duplicateId(String, firstDefinedAt: String)
        case unknownNorm(String)
        case invalidRegex(String, reason: String)
        case message(String)
    }

    public init(file: String, line: Int, column: Int, problem: Problem) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "\(file):\(line):\(column): error: \(what)"
    }

    /// The problem alone, without the place.
    public var what: String {
        switch problem {
        case .syntax(let detail, let context):
            "invalid YAML: " + [context, detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; ")
        case .unknownKey(let key, let allowed):
            "unknown key '\(key)' (expected: \(allowed.joined(separator: ", ")))"
        case .missingKey(let key):
            "missing required key '\(key)'"
        case .wrongType(let key, let expected):
            "'\(key)' must be \(expected)"
        case .invalidValue(let key, let value, let allowed):
            "'\(value)' is not a valid \(key) (expected one of: \(allowed.joined(separator: ", ")))"
        case .duplicateId(let id, let first):
            "rule id '\(id)' is already defined at \(first)"
        case .unknownNorm(let id):
            "norm '\(id)' is not in the norms catalogue (rules/norms.yaml)"
        case .invalidRegex(let pattern, let reason):
            "regex '\(pattern)' does not compile: \(reason)"
        case .message(let text):
            text
        }
    }
}
