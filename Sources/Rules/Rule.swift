import Findings

/// A rule as its YAML file states it: what it looks for, what it cites, and its examples.
public struct Rule: Sendable {
    public var id: String
    public var aliases: [String]
    public var title: String
    public var titleZh: String?
    public var category: FindingCategory
    public var severity: Severity
    public var appliesTo: RuleDescriptor.Scope
    /// App categories the rule is limited to (`app: {category: lending}`); empty means all apps.
    public var appCategories: [String]
    public var normIds: [String]
    public var message: String
    public var remediation: String
    public var match: RuleMatch
    public var examples: RuleExamples
    /// Where the rule was defined, for errors and example failures.
    public var file: String
    public var line: Int
    /// The pack (folder) the rule belongs to.
    public var pack: String
    /// Jurisdictions of the rule when narrower than its pack's (`jurisdictions:` in the rule
    /// file; e.g. a Google Play rule in the store pack); empty: the pack's.
    public var jurisdictions: [String] = []
}

/// The `match` block, by the kind of evidence it reads.
public enum RuleMatch: Sendable {
    case clause(ClauseMatch)
    case manifest(ManifestMatch)
    case app(AppMatch)
}

/// Matches that join an app's agreements and manifests.
public enum AppMatch: Sendable {
    /// A requested permission whose category no agreement of the app mentions: for each category,
    /// the (normalized) terms that count as mentioning it.
    case undisclosedPermission(disclosures: [String: [String]])
    /// An agreement clause that matches `denial` while the manifest requests a permission of one
    /// of these categories.
    case contradiction(categories: [String], denial: ClauseMatch)

    /// Lines for `rules show`.
    public var documentation: [String] {
        switch self {
        case .undisclosedPermission(let disclosures):
            return ["- a requested permission whose category no agreement mentions:"]
                + disclosures.sorted { $0.key < $1.key }.map { "  - \($0.key): disclosed by \($0.value.joined(separator: " · "))" }
        case .contradiction(let categories, let denial):
            return ["- an agreement clause denies what the manifest requests (\(categories.joined(separator: ", "))); the denial:"]
                + denial.documentation.map { "  " + $0 }
        }
    }
}

extension ClauseMatch {
    /// Lines for `rules show`, one per part of the matcher; a clause rule prints them as they
    /// are, a contradiction rule indented under its denial.
    public var documentation: [String] {
        var lines: [String] = []
        for (index, group) in groups.enumerated() {
            lines.append("- group \(index + 1), any of: \(group.joined(separator: " · "))")
        }
        if let regex { lines.append("- regex: `\(regex)`") }
        if let near { lines.append("- all within \(near) characters") }
        if !unless.isEmpty {
            lines.append("- not when right after (within \(negationScope) characters): \(unless.joined(separator: " · "))")
        }
        if !none.isEmpty { lines.append("- never in a clause containing: \(none.joined(separator: " · "))") }
        if !notIn.isEmpty { lines.append("- not when the clause reads as: \(notIn.map(\.rawValue).joined(separator: " · "))") }
        if !context.isEmpty {
            lines.append("- a group missing from the clause may stand in its \(context.map(\.rawValue).joined(separator: " or "))")
        }
        return lines
    }
}

/// Matches one agreement clause (see `MatcherKinds` for the keys).
public struct ClauseMatch: Sendable {
    /// Every group must occur in the clause; a group occurs when any of its terms does.
    /// Terms are stored normalized.
    public var groups: [[String]]
    /// A regular expression over the normalized clause that must also match.
    public var regex: String?
    /// When set, one occurrence of every group (and the regex) must fit in a window this many
    /// characters wide.
    public var near: Int?
    /// Negators: a term occurrence preceded by one of these within `negationScope` characters of
    /// the same phrase (no comma or semicolon between) does not count.
    public var unless: [String]
    public var negationScope: Int
    /// Exceptions: a clause containing any of these is left alone (lawful phrasings).
    public var none: [String]
    /// Readings under which the matched words are not a finding (`not_in:`): a heading, a
    /// definition, a hypothetical, sharing conditioned on consent… (see `Reading`).
    public var notIn: [Reading] = []
    /// Units beyond the clause where a missing term group may be found (`context:`): a list
    /// item's lead-in, a table cell's row.
    public var context: [ClauseContext] = []
}

/// Where a clause's meaning may continue: "我们收集以下信息：" carries the verb of the items
/// below it; a permission table's row carries the data in one cell and the use in another.
public enum ClauseContext: String, CaseIterable, Sendable {
    case leadIn = "lead-in"
    case tableRow = "table-row"
}

/// Matches requested permissions by platform name or by personal-information category.
public struct ManifestMatch: Sendable {
    public var permissions: [String]
    public var categories: [String]
    public var platforms: [Platform]
    /// A request limited by `android:maxSdkVersion` below this is left alone (e.g. 29 for the
    /// legacy `WRITE_EXTERNAL_STORAGE maxSdkVersion="28"` download pattern).
    public var ignoreMaxSdkBelow: Int?
}

/// The snippets a rule must catch (`↓` marks where a finding must point) and leave alone.
public struct RuleExamples: Sendable {
    public struct Example: Sendable {
        /// The files of the example app; most examples are one `example.html`.
        public var files: [File]
        public var line: Int
        /// The app's category and jurisdictions as its lendaudit.yml would give them
        /// (`app: {category: …, jurisdictions: …}`); without a category the rule's first one is used.
        public var appCategory: String?
        public var jurisdictions: [String]

        public init(files: [File], line: Int, appCategory: String? = nil, jurisdictions: [String] = []) {
            self.files = files
            self.line = line
            self.appCategory = appCategory
            self.jurisdictions = jurisdictions
        }

        public struct File: Sendable {
            /// The name decides the reader: `example.html`, `AndroidManifest.xml`, `Info.plist`…
            public var name: String
            public var text: String
        }

        public var text: String { files.map(\.text).joined(separator: "\n") }
        public var fileName: String { files.first?.name ?? "example.html" }
    }

    public var violating: [Example]
    public var compliant: [Example]
    /// Known gaps: run and reported, never failing.
    public var todo: [Example]
}

extension Rule {
    public func descriptor(catalogue: NormCatalogue) -> RuleDescriptor {
        RuleDescriptor(
            id: id, title: title, titleZh: titleZh, category: category, severity: severity, appliesTo: appliesTo,
            appCategories: appCategories, message: message, remediation: remediation,
            norms: normIds.compactMap { catalogue.citation(for: $0) }, pack: pack
        )
    }
}

/// Printed as written in rule files.
extension ClauseContext: CustomStringConvertible {
    public var description: String { rawValue }
}
