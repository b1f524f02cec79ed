import Findings

// Conversions between the model and the wire shape, in both directions, side by side so that a
// field added to one direction is visibly missing from the other.

extension JSONReportSchema.Report {
    /// Everything but the apps, which are written one by one between the frame's parts.
    init(_ report: ReportFrame, gate: Gate?) {
        let tally = report.tally
        self.init(
            schemaVersion: JSONReportSchema.version,
            tool: .init(name: report.tool.name, version: report.tool.version),
            roots: report.roots,
            rulePacks: report.rulePacks.map { .init(name: $0.name, ruleCount: $0.ruleCount, source: $0.source) },
            rules: report.rules.map(JSONReportSchema.Rule.init),
            summary: .init(
                apps: report.apps.count,
                documents: report.documentCount,
                findings: tally.total,
                bySeverity: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, tally.count($0)) }),
                byCategory: Dictionary(
                    uniqueKeysWithValues: FindingCategory.allCases.map { ($0.rawValue, tally.count($0)) }),
                inputErrors: report.inputErrors.count,
                warnings: report.warnings.count,
                skippedFiles: report.skippedFiles.count),
            apps: [],
            inputErrors: report.inputErrors.map { .init(path: $0.path, app: $0.app, reason: $0.reason) },
            baseline: report.baseline.map { baseline in
                .init(file: baseline.file, unchanged: baseline.unchanged, fixed: baseline.fixed.map {
                    .init(ruleId: $0.ruleId, title: $0.title, app: $0.app, path: $0.location.path, line: $0.location.line,
                          column: $0.location.column, quote: $0.quote, fingerprint: $0.fingerprint)
                })
            },
            unusedSuppressions: report.unusedSuppressions.map {
                .init(rule: $0.rule, path: $0.path, reason: $0.reason, source: $0.source, expired: $0.expired)
            },
            warnings: report.warnings.map { .init(path: $0.path, app: $0.app, reason: $0.reason) },
            skippedFiles: report.skippedFiles.map { .init(path: $0.path, app: $0.app, reason: $0.reason) },
            failOn: gate?.text,
            shard: report.shard.map { .init(index: $0.index, count: $0.count) })
    }

    var model: AuditReport {
        AuditReport(
            tool: ToolInfo(name: tool.name, version: tool.version),
            roots: roots,
            rulePacks: rulePacks.map { RulePackSummary(name: $0.name, ruleCount: $0.ruleCount, source: $0.source) },
            rules: rules.map(\.model),
            apps: apps.map(\.model),
            inputErrors: inputErrors.map { InputError(path: $0.path, app: $0.app, reason: $0.reason) },
            baseline: baseline.map { baseline in
                BaselineComparison(file: baseline.file, unchanged: baseline.unchanged, fixed: baseline.fixed.map {
                    BaselineEntry(ruleId: $0.ruleId, title: $0.title, app: $0.app,
                                  location: SourceLocation(path: $0.path, line: $0.line, column: $0.column),
                                  quote: $0.quote, fingerprint: $0.fingerprint)
                })
            },
            unusedSuppressions: unusedSuppressions.map {
                UnusedSuppression(rule: $0.rule, path: $0.path, reason: $0.reason, source: $0.source, expired: $0.expired)
            },
            warnings: warnings.map { InputWarning(path: $0.path, app: $0.app, reason: $0.reason) },
            skippedFiles: skippedFiles.map { SkippedFile(path: $0.path, app: $0.app, reason: $0.reason) },
            shard: shard.map { ShardNumber(index: $0.index, count: $0.count) })
    }
}

extension JSONReportSchema.Rule {
    init(_ rule: RuleDescriptor) {
        self.init(
            id: rule.id, title: rule.title, titleZh: rule.titleZh, category: rule.category, severity: rule.severity,
            appliesTo: rule.appliesTo, appCategories: rule.appCategories, message: rule.message,
            remediation: rule.remediation, norms: rule.norms.map(JSONReportSchema.Norm.init), pack: rule.pack)
    }

    var model: RuleDescriptor {
        RuleDescriptor(
            id: id, title: title, titleZh: titleZh, category: category, severity: severity, appliesTo: appliesTo,
            appCategories: appCategories, message: message, remediation: remediation, norms: norms.map(\.model),
            pack: pack)
    }
}

extension JSONReportSchema.Norm {
    init(_ norm: NormCitation) {
        self.init(
            id: norm.id, citation: norm.citation, titleZh: norm.titleZh, titleEn: norm.titleEn,
            summary: norm.summary, url: norm.url)
    }

    var model: NormCitation {
        NormCitation(id: id, citation: citation, titleZh: titleZh, titleEn: titleEn, summary: summary, url: url)
    }
}

extension JSONReportSchema.App {
    init(_ app: AppReport) {
        self.init(
            name: app.name, path: app.path, version: app.version, category: app.category,
            categoryInferred: app.categoryInferred, jurisdictions: app.jurisdictions,
            jurisdictionsApplied: app.jurisdictionsApplied, packs: app.packs,
            inventory: .init(
                documents: app.documents.map {
                    .init(path: $0.path, kind: $0.kind, format: $0.format, encoding: $0.encoding, units: $0.units)
                },
                permissions: app.permissions.map(JSONReportSchema.PermissionEntry.init)),
            findings: app.findings.map(JSONReportSchema.FindingEntry.init),
            suppressed: app.suppressed.map(JSONReportSchema.FindingEntry.init),
            baselined: app.baselined.map(JSONReportSchema.FindingEntry.init))
    }

    var model: AppReport {
        var app = AppReport(
            name: name, path: path, version: version, category: category, categoryInferred: categoryInferred,
            jurisdictions: jurisdictions,
            documents: inventory.documents.map {
                DocumentSummary(path: $0.path, kind: $0.kind, format: $0.format, encoding: $0.encoding, units: $0.units)
            },
            permissions: inventory.permissions.map(\.model),
            findings: findings.map(\.model),
            suppressed: suppressed.map(\.model),
            baselined: baselined.map(\.model))
        app.jurisdictionsApplied = jurisdictionsApplied
        app.packs = packs
        return app
    }
}

extension JSONReportSchema.PermissionEntry {
    init(_ permission: Permission) {
        self.init(
            platform: permission.platform, name: permission.name, category: permission.category,
            purpose: permission.purpose, path: permission.location.path, line: permission.location.line,
            column: permission.location.column, qualifiers: permission.qualifiers)
    }

    var model: Permission {
        Permission(
            platform: platform, name: name, category: category, purpose: purpose,
            location: SourceLocation(path: path, line: line, column: column), qualifiers: qualifiers)
    }
}

extension JSONReportSchema.FindingEntry {
    init(_ finding: Finding) {
        self.init(
            ruleId: finding.ruleId, category: finding.category, severity: finding.severity, title: finding.title,
            message: finding.message, remediation: finding.remediation,
            norms: finding.norms.map(JSONReportSchema.Norm.init), app: finding.app, path: finding.location.path,
            line: finding.location.line, column: finding.location.column, quote: finding.excerpt.text,
            highlights: finding.excerpt.highlights.map { .init(start: $0.start, end: $0.end) },
            fingerprint: finding.fingerprint,
            suppression: finding.suppression.map { .init(reason: $0.reason, expires: $0.expires, source: $0.source) },
            alsoMatched: finding.alsoMatched.isEmpty ? nil : finding.alsoMatched)
    }

    var model: Finding {
        var finding = Finding(
            ruleId: ruleId, category: category, severity: severity, title: title, message: message,
            remediation: remediation, norms: norms.map(\.model), app: app,
            location: SourceLocation(path: path, line: line, column: column),
            excerpt: Excerpt(text: quote, highlights: highlights.map { HighlightRange(start: $0.start, end: $0.end) }),
            fingerprint: fingerprint,
            suppression: suppression.map { Suppression(reason: $0.reason, expires: $0.expires, source: $0.source) })
        finding.alsoMatched = alsoMatched ?? []
        return finding
    }
}
