/// The subset of SARIF 2.1.0 lendaudit writes, as `Encodable` values. Optional properties are
/// nil when absent, and the synthesized encoding omits them: the SARIF schema rejects `null`.
struct SARIFLog: Encodable {
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    var schema = SARIFLog.schemaURI
    var version = "2.1.0"
    var runs: [Run]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }

    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var originalUriBaseIds: [String: ArtifactLocation]
        /// Our columns count characters of the decoded text; code points is the SARIF unit closest to that.
        var columnKind = "unicodeCodePoints"
        var results: [Result]
        var properties: RunProperties
    }

    struct RunProperties: Encodable {
        var roots: [String]
        var rulePacks: [RulePack]
    }

    struct RulePack: Encodable {
        var name: String
        var ruleCount: Int
        var source: String
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name: String
        var version: String
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var helpUri: String?
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct Configuration: Encodable {
        var level: String
    }

    struct RuleProperties: Encodable {
        var category: String
        var severity: String
        /// GitHub's security severity, "0.1" to "10.0" as a string; it sorts alerts into critical,
        /// high, medium and low (read only on rules tagged `security`). Absent for `info`.
        var securitySeverity: String?
        /// GitHub's `precision`: very-high, high, medium or low.
        var precision: String
        var tags: [String]
        var norms: [Norm]

        enum CodingKeys: String, CodingKey {
            case category, severity, precision, tags, norms
            case securitySeverity = "security-severity"
        }
    }

    struct Norm: Encodable {
        var id: String
        var citation: String
        var titleZh: String?
        var titleEn: String
        var url: String?
    }

    struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]
        var properties: NotificationProperties
    }

    struct NotificationProperties: Encodable {
        var app: String?
        var reason: String
        /// Set on the notes of files looked at and not read.
        var skipped: Bool?
    }

    struct Result: Encodable {
        var ruleId: String
        /// nil for an absent baseline result whose rule is no longer run.
        var ruleIndex: Int?
        var level: String?
        var message: Message
        var locations: [Location]
        /// Other places the result involves: for a contradiction, the manifest request it contradicts.
        var relatedLocations: [Location]?
        var partialFingerprints: [String: String]
        /// Config-file suppressions: the result stays, marked accepted with its justification.
        var suppressions: [ResultSuppression]?
        /// Set when the scan was compared with a baseline: `new`, `unchanged` (in the baseline
        /// and still found) or `absent` (in the baseline, no longer found).
        var baselineState: String?
        var properties: ResultProperties
    }

    struct ResultSuppression: Encodable {
        var kind: String
        var status: String
        var justification: String
    }

    struct ResultProperties: Encodable {
        /// nil (with `severity`) only on an absent baseline result whose rule is no longer run.
        var category: String?
        var app: String
        var severity: String?
        /// Other rules of the category that matched the same clause; absent when none.
        var alsoMatched: [String]?
    }

    struct Location: Encodable {
        /// Set on related locations, which a result's message may link as `[text](id)`.
        var id: Int?
        var message: Message?
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String?
        var uriBaseId: String?
        var description: Message?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        /// The end of the line the result starts on (lendaudit knows where a clause starts, not
        /// where it ends); set when the file could be read as UTF-8.
        var endLine: Int?
        var endColumn: Int?
        var snippet: Message?
    }
}
