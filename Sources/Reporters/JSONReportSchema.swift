import Findings

/// The wire shape of the JSON report, schema 1.x (documented in `docs/json-schema.md`).
///
/// Kept apart from the model so that the model can be refactored without changing the schema,
/// and so that the writer and `JSONReportReader` share one definition. Optional values are
/// always written, as `null`: every documented key is present in every file. Readers accept a
/// missing optional key as well, and ignore keys they do not know (additive minor versions).
enum JSONReportSchema {
    /// Written into every report; readers accept any 1.x.
    static let version = "1.1"
    static let majorVersion = "1"

    struct Report: Codable {
        var schemaVersion: String
        var tool: Tool
        var roots: [String]
        var rulePacks: [RulePack]
        var rules: [Rule]
        /// Derived from `apps` and `inputErrors`; written for consumers, ignored when reading.
        var summary: Summary?
        var apps: [App]
        var inputErrors: [InputErrorEntry]
        /// 1.1: the comparison with `--baseline`, null without one.
        var baseline: Baseline?
        /// 1.1: config-file suppressions that matched nothing.
        var unusedSuppressions: [UnusedSuppression]?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schemaVersion, forKey: .schemaVersion)
            try container.encode(tool, forKey: .tool)
            try container.encode(roots, forKey: .roots)
            try container.encode(rulePacks, forKey: .rulePacks)
            try container.encode(rules, forKey: .rules)
            try container.encode(summary, forKey: .summary)
            try container.encode(apps, forKey: .apps)
            try container.encode(inputErrors, forKey: .inputErrors)
            try container.encode(baseline, forKey: .baseline)
            try container.encode(unusedSuppressions ?? [], forKey: .unusedSuppressions)
        }
    }

    struct Baseline: Codable {
        var file: String
        var unchanged: Int
        var fixed: [BaselineFinding]
    }

    struct BaselineFinding: Codable {
        var ruleId: String
        var title: String
        var app: String
        var path: String
        var line: Int
        var column: Int
        var quote: String
        var fingerprint: String
    }

    struct UnusedSuppression: Codable {
        var rule: String
        var path: String?
        var reason: String
        var source: String
        var expired: Bool

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rule, forKey: .rule)
            try container.encode(path, forKey: .path)
            try container.encode(reason, forKey: .reason)
            try container.encode(source, forKey: .source)
            try container.encode(expired, forKey: .expired)
        }
    }

    struct SuppressionEntry: Codable {
        var reason: String
        var expires: String?
        var source: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reason, forKey: .reason)
            try container.encode(expires, forKey: .expires)
            try container.encode(source, forKey: .source)
        }
    }

    struct Tool: Codable {
        var name: String
        var version: String
    }

    struct RulePack: Codable {
        var name: String
        var ruleCount: Int
        var source: String
    }

    struct Rule: Codable {
        var id: String
        var title: String
        var titleZh: String?
        var category: FindingCategory
        var severity: Severity
        var appliesTo: RuleDescriptor.Scope
        var appCategories: [String]
        var message: String
        var remediation: String
        var norms: [Norm]
        var pack: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(titleZh, forKey: .titleZh)
            try container.encode(category, forKey: .category)
            try container.encode(severity, forKey: .severity)
            try container.encode(appliesTo, forKey: .appliesTo)
            try container.encode(appCategories, forKey: .appCategories)
            try container.encode(message, forKey: .message)
            try container.encode(remediation, forKey: .remediation)
            try container.encode(norms, forKey: .norms)
            try container.encode(pack, forKey: .pack)
        }
    }

    struct Norm: Codable {
        var id: String
        var citation: String
        var titleZh: String?
        var titleEn: String
        var summary: String?
        var url: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(citation, forKey: .citation)
            try container.encode(titleZh, forKey: .titleZh)
            try container.encode(titleEn, forKey: .titleEn)
            try container.encode(summary, forKey: .summary)
            try container.encode(url, forKey: .url)
        }
    }

    struct Summary: Codable {
        var apps: Int
        var documents: Int
        var findings: Int
        /// Every severity, zeros included, so consumers need no default.
        var bySeverity: [String: Int]
        /// Every category of the vocabulary, zeros included.
        var byCategory: [String: Int]
        var inputErrors: Int
    }

    struct App: Codable {
        var name: String
        var path: String
        var version: String?
        var category: String?
        var categoryInferred: Bool
        var jurisdictions: [String]
        var inventory: Inventory
        var findings: [FindingEntry]
        /// 1.1: findings covered by a config-file suppression, each with its reason.
        var suppressed: [FindingEntry]?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(path, forKey: .path)
            try container.encode(version, forKey: .version)
            try container.encode(category, forKey: .category)
            try container.encode(categoryInferred, forKey: .categoryInferred)
            try container.encode(jurisdictions, forKey: .jurisdictions)
            try container.encode(inventory, forKey: .inventory)
            try container.encode(findings, forKey: .findings)
            try container.encode(suppressed ?? [], forKey: .suppressed)
        }
    }

    struct Inventory: Codable {
        var documents: [Document]
        var permissions: [PermissionEntry]
    }

    struct Document: Codable {
        var path: String
        var kind: DocumentSummary.Kind
        var format: String
        var encoding: String?
        var units: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(kind, forKey: .kind)
            try container.encode(format, forKey: .format)
            try container.encode(encoding, forKey: .encoding)
            try container.encode(units, forKey: .units)
        }
    }

    struct PermissionEntry: Codable {
        var platform: Platform
        var name: String
        var category: String?
        var purpose: String?
        var path: String
        var line: Int
        var column: Int
        var qualifiers: [String: String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(platform, forKey: .platform)
            try container.encode(name, forKey: .name)
            try container.encode(category, forKey: .category)
            try container.encode(purpose, forKey: .purpose)
            try container.encode(path, forKey: .path)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(qualifiers, forKey: .qualifiers)
        }
    }

    struct FindingEntry: Codable {
        var ruleId: String
        var category: FindingCategory
        var severity: Severity
        var title: String
        var message: String
        var remediation: String
        var norms: [Norm]
        var app: String
        var path: String
        var line: Int
        var column: Int
        var quote: String
        var highlights: [Highlight]
        var fingerprint: String
        /// 1.1: set on entries of `suppressed`.
        var suppression: SuppressionEntry?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ruleId, forKey: .ruleId)
            try container.encode(category, forKey: .category)
            try container.encode(severity, forKey: .severity)
            try container.encode(title, forKey: .title)
            try container.encode(message, forKey: .message)
            try container.encode(remediation, forKey: .remediation)
            try container.encode(norms, forKey: .norms)
            try container.encode(app, forKey: .app)
            try container.encode(path, forKey: .path)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(quote, forKey: .quote)
            try container.encode(highlights, forKey: .highlights)
            try container.encode(fingerprint, forKey: .fingerprint)
            if let suppression { try container.encode(suppression, forKey: .suppression) }
        }
    }

    struct Highlight: Codable {
        var start: Int
        var end: Int
    }

    struct InputErrorEntry: Codable {
        var path: String
        var app: String?
        var reason: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(app, forKey: .app)
            try container.encode(reason, forKey: .reason)
        }
    }

    /// Just the version, decoded first so that a file of another major version fails with
    /// "unsupported schema version" rather than with whatever field changed.
    struct VersionProbe: Decodable {
        var schemaVersion: String
    }
}
