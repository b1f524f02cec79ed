import Findings

/// A rule file that cannot be used, with the place in it and what was expected.
/// Printed as `rules/cn-pi/x.yaml:7:3: error: unknown key 'sevrity' (expected: category, id, …)`.
public struct RuleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var problem: Problem

    public enum Problem: Sendable, Equatable {
        case syntax(String)
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
        let what: String
        switch problem {
        case .syntax(let detail):
            what = "invalid YAML: \(detail)"
        case .unknownKey(let key, let allowed):
            what = "unknown key '\(key)' (expected: \(allowed.joined(separator: ", ")))"
        case .missingKey(let key):
            what = "missing required key '\(key)'"
        case .wrongType(let key, let expected):
            what = "'\(key)' must be \(expected)"
        case .invalidValue(let key, let value, let allowed):
            what = "'\(value)' is not a valid \(key) (expected one of: \(allowed.joined(separator: ", ")))"
        case .duplicateId(let id, let first):
            what = "rule id '\(id)' is already defined at \(first)"
        case .unknownNorm(let id):
            what = "norm '\(id)' is not in the norms catalogue (rules/norms.yaml)"
        case .invalidRegex(let pattern, let reason):
            what = "regex '\(pattern)' does not compile: \(reason)"
        case .message(let text):
            what = text
        }
        return "\(file):\(line):\(column): error: \(what)"
    }
}
