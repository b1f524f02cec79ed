import Findings

/// A run of the memo's own words that the Markdown and HTML memos both render: plain text, strong
/// text, code (paths, rule ids in backticks), or a link to a section of the same report.
enum MemoRun: Equatable {
    case text(String)
    case strong(String)
    case code(String)
    case link(String, anchor: String)
}

/// The sentences both memos share, written once: the summary paragraph and the configuration
/// applied. Each reporter escapes and marks up the runs in its own way.
enum MemoSummary {
    /// The verdict and what the findings amount to, in the words of the categories.
    static func verdict(_ report: ReportFrame, ranked: MemoRanking) -> [MemoRun] {
        let tally = report.tally
        var runs: [MemoRun] = []
        if tally.total == 0 {
            runs.append(.text("No findings."))
        } else {
            let affected = report.apps.filter { $0.findings > 0 }.count
            let bySeverity = Severity.descending.filter { tally.count($0) > 0 }.map { "\(tally.count($0)) \($0)" }
            runs.append(.strong(count(tally.total, "finding")))
            runs.append(.text(" in \(affected) of \(count(report.apps.count, "app")): \(bySeverity.joined(separator: ", "))."))
            let total = report.apps.count
            let contacts = report.apps.filter { app in MemoRanking.contactCategories.contains { app.tally.count($0) > 0 } }.count
            if contacts > 0 {
                runs.append(.text(" \(contacts) of \(total) \(total == 1 ? "app" : "apps") read or ask for the address book or "
                    + "contact third parties about the debt."))
            }
            // The three categories met in most apps, with their app counts.
            let common = FindingCategory.allCases
                .map { category in (category, report.apps.filter { $0.tally.count(category) > 0 }.count) }
                .filter { $0.1 > 0 }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
                .prefix(3)
            runs.append(.text(" Most common: "))
            for (index, (category, apps)) in common.enumerated() {
                if index > 0 { runs.append(.text(index == common.count - 1 ? " and " : ", ")) }
                runs.append(.text("\(category.appPhrase) (\(count(apps, "app")), "))
                runs.append(.code(category.rawValue))
                runs.append(.text(")"))
            }
            runs.append(.text("."))
            if let worst = ranked.order.first.map({ report.apps[$0] }), worst.findings > 0 {
                runs.append(.text(" Highest risk: \(worst.name) (\(MarkdownReporter.severityCounts(worst)))."))
            }
        }
        if !report.inputErrors.isEmpty {
            runs.append(.text(" \(count(report.inputErrors.count, "input")) could not be audited; see "))
            runs.append(.link("Inputs that could not be audited", anchor: "inputs-that-could-not-be-audited"))
            runs.append(.text("."))
        }
        let uncategorised = report.apps.filter { $0.category == nil }.count
        if uncategorised > 0 {
            // "No findings" must not read as "clean" when the lending rules never ran.
            runs.append(.text(" Lending rules were not applied to \(count(uncategorised, "app")) whose category is unknown"
                + " (add category: lending to lendaudit.yml or pass --category lending)."))
        }
        if !report.warnings.isEmpty {
            runs.append(.text(" \(count(report.warnings.count, "warning")) about the inputs; see "))
            runs.append(.link("Warnings", anchor: "warnings"))
            runs.append(.text("."))
        }
        if !report.skippedFiles.isEmpty {
            runs.append(.text(" " + SkippedFile.summary(report.skippedFiles) + "; see "))
            runs.append(.link("Files not read", anchor: "files-not-read"))
            runs.append(.text("."))
        }
        return runs
    }

    /// The configuration items (one line each), then what was not checked.
    static func configuration(_ report: ReportFrame) -> (items: [[MemoRun]], notChecked: [MemoRun]) {
        var items: [[MemoRun]] = []
        func list(_ values: [String], code: Bool) -> [MemoRun] {
            guard !values.isEmpty else { return [.text("none")] }
            var runs: [MemoRun] = []
            for (index, value) in values.enumerated() {
                if index > 0 { runs.append(.text(", ")) }
                runs.append(code ? .code(value) : .text(value))
            }
            return runs
        }
        if let applied = report.configuration {
            items.append([.text("Config file: ")] + (applied.file.map { [.code($0)] } ?? [.text("none")]))
            items.append([.text("Disabled rules: ")] + list(applied.disabledRules, code: false))
            items.append([.text("Severity changes: ")] + list(applied.severityChanges.map { change in
                change.rule + " " + (change.from.map { "\($0) → " } ?? "→ ") + change.to.rawValue
            }, code: false))
            items.append([.text("Excluded paths: ")] + list(applied.excludedPaths, code: true))
            items.append([.text("Suppressions in the config: \(applied.suppressions)")])
            items.append([.text("Default category: " + (applied.defaultCategory ?? "none (taken from lendaudit.yml or inferred)"))])
            items.append([.text("Threshold (--fail-on): \(applied.failOn) (\(applied.failOnSource))")])
        } else {
            items.append([.text("Not recorded: this report was assembled from JSON reports, which do not carry the configuration")])
        }
        var notChecked: [MemoRun] = [.text("Not checked: ")]
        var any = false
        let unknown = report.apps.filter { $0.category == nil }
        if !unknown.isEmpty {
            let names = unknown.prefix(20).map(\.name).joined(separator: ", ") + (unknown.count > 20 ? ", …" : "")
            notChecked.append(.text("Lending rules were not applied to \(count(unknown.count, "app")) whose category is unknown (\(names)). "))
            any = true
        }
        if !report.skippedFiles.isEmpty {
            notChecked += [.text(SkippedFile.summary(report.skippedFiles) + " (see "), .link("Files not read", anchor: "files-not-read"), .text("). ")]
            any = true
        }
        if !report.inputErrors.isEmpty {
            notChecked += [
                .text("\(count(report.inputErrors.count, "input")) could not be audited (see "),
                .link("Inputs that could not be audited", anchor: "inputs-that-could-not-be-audited"), .text("). "),
            ]
            any = true
        }
        if let applied = report.configuration, !applied.excludedPaths.isEmpty {
            notChecked.append(.text("Paths matching the exclusions above were not read. "))
            any = true
        }
        if let applied = report.configuration, !applied.disabledRules.isEmpty {
            notChecked.append(.text("The disabled rules above were not run. "))
            any = true
        }
        if !any { notChecked.append(.text("nothing; every input was read and every rule ran where it applies.")) }
        // The last sentence ends the paragraph without a trailing space.
        if case .text(let last) = notChecked[notChecked.count - 1], last.hasSuffix(" ") {
            notChecked[notChecked.count - 1] = .text(String(last.dropLast()))
        }
        return (items, notChecked)
    }

    static func count(_ number: Int, _ noun: String) -> String { MarkdownReporter.count(number, noun) }
}
