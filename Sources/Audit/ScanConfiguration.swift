import Findings
import Foundation
import Rules
import Yams
import YAMLFiles

/// The config file (`.lendaudit.yml` in the scanned root, or `--config FILE`):
///
/// ```yaml
/// fail_on: high                      # default for --fail-on
/// category: lending                  # apps whose lendaudit.yml gives none (--category wins)
/// disable: [CN-EXAMPLE-RULE]         # rules not run
/// severity:                          # severities changed
///   CN-CONTACTS-READ: critical
/// exclude: ["vendor/*", "*/old/*"]   # paths (relative to the scanned root) not audited
/// suppressions:
///   - rule: CN-LIABILITY-WAIVER-DATA
///     path: "quickcash/*"            # optional glob; default: everywhere
///     fingerprint: 1f3a…             # optional: one finding only
///     reason: Legal reviewed on 2026-10-02; clause removed in 3.3.0   # required
///     expires: 2026-12-31            # optional; after it the suppression stops suppressing
/// ```
public struct ScanConfiguration: Sendable, Equatable {
    public struct SuppressionRule: Sendable, Equatable {
        public var rule: String
        public var path: String?
        public var fingerprint: String?
        public var reason: String
        public var expires: String?
        /// `.lendaudit.yml:12`
        public var source: String
        /// Where the entry is written, for errors that name it.
        public var line = 1
        public var column = 1
    }

    public var file: String?
    public var failOn: String?
    public var disabledRules: [String] = []
    public var severities: [String: Severity] = [:]
    public var excludedPaths: [String] = []
    public var suppressions: [SuppressionRule] = []
    /// The category of apps whose lendaudit.yml gives none; `--category` overrides it.
    public var category: String?
    /// `jurisdictions:` for apps whose lendaudit.yml names none (see `JurisdictionSelection`).
    public var jurisdictions: [String] = []
    /// The roots as typed: reports show paths from where the command ran (`apps/quickcash/x.html`),
    /// while `exclude` and suppression `path` patterns are written relative to the scanned root
    /// (`quickcash/*`). A pattern matches either form.
    public var roots: [String] = []
    /// Where `category` was written, for the error when it is unknown.
    var categoryMark: (line: Int, column: Int) = (1, 1)

    public init() {}

    public static func == (lhs: ScanConfiguration, rhs: ScanConfiguration) -> Bool {
        lhs.file == rhs.file && lhs.failOn == rhs.failOn && lhs.disabledRules == rhs.disabledRules
            && lhs.severities == rhs.severities && lhs.excludedPaths == rhs.excludedPaths
            && lhs.suppressions == rhs.suppressions && lhs.category == rhs.category
            && lhs.jurisdictions == rhs.jurisdictions
    }

    static let keys = ["fail_on", "category", "jurisdictions", "disable", "severity", "exclude", "suppressions"]

    /// Parses a config file; mistakes are errors with file, line and column (exit 2).
    public static func load(path: String) throws(RuleFileError) -> ScanConfiguration {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RuleFileError(file: path, line: 1, column: 1, problem: .message("no such file: the config file was not found"))
        }
        guard !isDirectory.boolValue else {
            throw RuleFileError(file: path, line: 1, column: 1, problem: .message("the config file is a folder, not a file"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(file: path, line: 1, column: 1, problem: .message("the config file cannot be read (permission denied?)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(file: path, line: 1, column: 1, problem: .message("the config file cannot be read as UTF-8 text"))
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(RuleFileError) -> ScanConfiguration {
        var configuration = ScanConfiguration()
        configuration.file = file
        let reader = YAMLReader(file: file)
        guard let node = try reader.compose(text) else { return configuration }
        func fail(_ node: Node, _ problem: RuleFileError.Problem) -> RuleFileError {
            reader.error(node, problem)
        }
        func strings(_ node: Node, _ key: String) throws(RuleFileError) -> [String] {
            if let single = node.string { return [single] }
            guard case .sequence(let sequence) = node else { throw fail(node, .wrongType(key: key, expected: "a list of texts")) }
            var values: [String] = []
            for item in sequence {
                guard let value = item.string else { throw fail(item, .wrongType(key: key, expected: "a list of texts")) }
                values.append(value)
            }
            return values
        }
        guard case .mapping(let mapping) = node else { throw fail(node, .wrongType(key: "config", expected: "a mapping")) }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "fail_on":
                guard let text = value.string?.lowercased(), text == "none" || Severity(rawValue: text) != nil else {
                    throw fail(value, .invalidValue(key: "fail_on", value: value.string ?? "", allowed: Severity.descending.map(\.rawValue) + ["none"]))
                }
                configuration.failOn = text
            case "category":
                guard let text = value.string, !text.isEmpty else { throw fail(value, .wrongType(key: key, expected: "one category, such as lending")) }
                configuration.category = text
                configuration.categoryMark = (value.mark?.line ?? 1, value.mark?.column ?? 1)
            case "jurisdictions":
                configuration.jurisdictions = try strings(value, key)
            case "disable":
                configuration.disabledRules = try strings(value, key)
            case "exclude":
                configuration.excludedPaths = try strings(value, key)
            case "severity":
                guard case .mapping(let entries) = value else { throw fail(value, .wrongType(key: key, expected: "a mapping of rule id to severity")) }
                for (ruleNode, severityNode) in entries {
                    guard let rule = ruleNode.string, let text = severityNode.string, let severity = Severity(rawValue: text) else {
                        throw fail(severityNode, .invalidValue(key: "severity", value: severityNode.string ?? "", allowed: Severity.descending.map(\.rawValue)))
                    }
                    configuration.severities[rule] = severity
                }
            case "suppressions":
                guard case .sequence(let items) = value else { throw fail(value, .wrongType(key: key, expected: "a list")) }
                for item in items {
                    guard case .mapping(let fields) = item else { throw fail(item, .wrongType(key: "suppression", expected: "a mapping")) }
                    var entry = SuppressionRule(rule: "", path: nil, fingerprint: nil, reason: "", expires: nil,
                                                source: "\(URL(fileURLWithPath: file).lastPathComponent):\(item.mark?.line ?? 1)",
                                                line: item.mark?.line ?? 1, column: item.mark?.column ?? 1)
                    for (fieldNode, fieldValue) in fields {
                        let field = fieldNode.string ?? ""
                        guard let text = fieldValue.string else { throw fail(fieldValue, .wrongType(key: field, expected: "text")) }
                        switch field {
                        case "rule": entry.rule = text
                        case "path": entry.path = text
                        case "fingerprint": entry.fingerprint = text
                        case "reason": entry.reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        case "expires":
                            guard Self.isDate(text) else { throw fail(fieldValue, .wrongType(key: "expires", expected: "a date written YYYY-MM-DD")) }
                            entry.expires = text
                        default:
                            throw fail(fieldNode, .unknownKey(field, allowed: ["rule", "path", "fingerprint", "reason", "expires"]))
                        }
                    }
                    guard !entry.rule.isEmpty else { throw fail(item, .missingKey("rule")) }
                    // A suppression without a reason is an unexplained silence: refused.
                    guard !entry.reason.isEmpty else { throw fail(item, .message("a suppression must give a reason (reason: …)")) }
                    configuration.suppressions.append(entry)
                }
            default:
                throw fail(keyNode, .unknownKey(key, allowed: keys))
            }
        }
        return configuration
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// Disables rules and changes severities as configured; unknown rule ids are errors.
    public func apply(to ruleSet: inout RuleSet) throws(RuleFileError) {
        if let category {
            let known = AppCategories.known(ruleCategories: ruleSet.descriptors.flatMap(\.appCategories))
            guard known.contains(category) else {
                throw RuleFileError(
                    file: file ?? "config", line: categoryMark.line, column: categoryMark.column,
                    problem: .message(AppCategories.unknownReason(category, known: known)))
            }
        }
        for id in disabledRules + severities.keys.sorted() where ruleSet.rule(id: id) == nil {
            throw RuleFileError(file: file ?? "config", line: 1, column: 1, problem: .message("the config names the unknown rule '\(id)'"))
        }
        // A misspelt id would suppress nothing, silently, until someone wonders why the finding is back.
        for suppression in suppressions where ruleSet.rule(id: suppression.rule) == nil {
            throw RuleFileError(
                file: file ?? "config", line: suppression.line, column: suppression.column,
                problem: .message("the suppression names the unknown rule '\(suppression.rule)'"))
        }
        let disabled = Set(disabledRules)
        ruleSet.retain { !disabled.contains($0.id) && !$0.aliases.contains(where: disabled.contains) }
        for (id, severity) in severities {
            ruleSet.setSeverity(severity, forRule: id)
        }
    }

    /// Moves the findings a live suppression covers into `suppressed`, and lists the unused ones.
    /// `today` is `YYYY-MM-DD`: a suppression whose `expires` is before it no longer applies.
    public func applySuppressions(to report: inout AuditReport, today: String) {
        var used = Set<Int>()
        for appIndex in report.apps.indices {
            used.formUnion(applySuppressions(to: &report.apps[appIndex], today: today))
        }
        report.unusedSuppressions = unusedSuppressions(used: used, today: today)
    }

    /// One app's part of `applySuppressions`: returns the positions of the suppressions it used.
    public func applySuppressions(to app: inout AppReport, today: String) -> Set<Int> {
        guard !suppressions.isEmpty else { return [] }
        var used = Set<Int>()
        var kept: [Finding] = []
        for finding in app.findings {
            let relative = rootRelative(finding.location.path)
            if let index = suppressions.indices.first(where: { suppressions[$0].covers(finding, relativePath: relative, today: today) }) {
                used.insert(index)
                var suppressed = finding
                let rule = suppressions[index]
                suppressed.suppression = Suppression(reason: rule.reason, expires: rule.expires, source: rule.source)
                app.suppressed.append(suppressed)
            } else {
                kept.append(finding)
            }
        }
        app.findings = kept
        return used
    }

    /// The suppressions whose positions are not in `used`.
    public func unusedSuppressions(used: Set<Int>, today: String) -> [UnusedSuppression] {
        suppressions.indices.filter { !used.contains($0) }.map { index in
            let rule = suppressions[index]
            return UnusedSuppression(rule: rule.rule, path: rule.path, reason: rule.reason, source: rule.source,
                                     expired: rule.isExpired(today: today))
        }
    }

    /// True when `path` (relative to the scanned root) matches an `exclude` pattern.
    public func excludes(_ path: String) -> Bool {
        let relative = rootRelative(path)
        return excludedPaths.contains { pattern in
            Glob.matches(pattern, path) || (relative.map { Glob.matches(pattern, $0) } ?? false)
        }
    }

    /// `path` without the root it starts with, if it starts with one.
    func rootRelative(_ path: String) -> String? {
        for root in roots {
            var prefix = root
            while prefix.count > 1, prefix.hasSuffix("/") { prefix.removeLast() }
            guard prefix != "." else { continue }
            if !prefix.hasSuffix("/") { prefix += "/" }
            if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        }
        return nil
    }
}

extension ScanConfiguration.SuppressionRule {
    func isExpired(today: String) -> Bool {
        guard let expires else { return false }
        return expires < today
    }

    func covers(_ finding: Finding, relativePath: String? = nil, today: String) -> Bool {
        guard finding.ruleId == rule, !isExpired(today: today) else { return false }
        if let fingerprint, fingerprint != finding.fingerprint { return false }
        if let path, !Glob.matches(path, finding.location.path), !(relativePath.map { Glob.matches(path, $0) } ?? false) {
            return false
        }
        return true
    }
}

/// Shell-style patterns: `*` and `?` match any characters, `/` included, so `vendor/*` covers
/// everything below `vendor/`.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        fnmatch(pattern, path, 0) == 0
    }
}
