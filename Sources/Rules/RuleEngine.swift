import Documents
import Findings
import Foundation

/// An agreement of one app, ready for matching.
public struct AgreementEvidence: Sendable {
    public var displayPath: String
    public var pathInApp: String
    public var agreement: Agreement

    public init(displayPath: String, pathInApp: String, agreement: Agreement) {
        self.displayPath = displayPath
        self.pathInApp = pathInApp
        self.agreement = agreement
    }
}

/// A permission of one app with the path inside the app it came from (for fingerprints).
public struct PermissionEvidence: Sendable {
    public var permission: Permission
    public var pathInApp: String

    public init(permission: Permission, pathInApp: String) {
        self.permission = permission
        self.pathInApp = pathInApp
    }
}

/// The rules compiled once: all terms of all packs in one automaton, so each clause is scanned
/// once and only the rules whose terms all occur are examined further.
public struct RuleEngine: Sendable {
    private struct CompiledClauseRule: Sendable {
        var rule: Int
        /// Set for a contradiction rule's denial: the permission categories it contradicts.
        var contradicts: [String]?
        var groups: [[Int]]
        var unless: [Int]
        var none: [Int]
        var near: Int?
        var negationScope: Int
        var regex: SendableRegex?
    }

    public let ruleSet: RuleSet
    private let automaton: TermAutomaton
    private let clauseRules: [CompiledClauseRule]
    /// For each term, the clause rules that need it: a clause is only checked against rules
    /// whose first group's terms occur in it.
    private let rulesByTerm: [[Int]]
    private let regexOnlyRules: [Int]
    private let descriptors: [RuleDescriptor]

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var automaton = TermAutomaton()
        var compiled: [CompiledClauseRule] = []
        var disclosures: [(rule: Int, terms: [String: [Int]])] = []
        func ids(_ terms: [String]) -> [Int] { terms.map { automaton.add(Array($0.unicodeScalars)) } }
        for (index, rule) in ruleSet.rules.enumerated() {
            let match: ClauseMatch
            var contradicts: [String]?
            switch rule.match {
            case .clause(let clauseMatch):
                match = clauseMatch
            case .app(.contradiction(let categories, let denial)):
                match = denial
                contradicts = categories
            case .app(.undisclosedPermission(let terms)):
                disclosures.append((index, terms.mapValues(ids)))
                continue
            case .manifest:
                continue
            }
            compiled.append(CompiledClauseRule(
                rule: index,
                contradicts: contradicts,
                groups: match.groups.map(ids),
                unless: ids(match.unless),
                none: ids(match.none),
                near: match.near,
                negationScope: match.negationScope,
                regex: match.regex.flatMap { try? NSRegularExpression(pattern: $0) }.map(SendableRegex.init)
            ))
        }
        automaton.build()
        var byTerm = [[Int]](repeating: [], count: automaton.termCount)
        var regexOnly: [Int] = []
        for (position, rule) in compiled.enumerated() {
            if let first = rule.groups.first {
                for term in Set(first) { byTerm[term].append(position) }
            } else {
                regexOnly.append(position)
            }
        }
        self.automaton = automaton
        self.clauseRules = compiled
        self.rulesByTerm = byTerm
        self.regexOnlyRules = regexOnly
        self.disclosureRules = disclosures
        self.descriptors = ruleSet.descriptors
    }

    private let disclosureRules: [(rule: Int, terms: [String: [Int]])]

    /// The findings of one app. `appCategory` filters rules limited to app categories.
    public func findings(
        app: String, appCategory: String?, agreements: [AgreementEvidence], permissions: [PermissionEvidence]
    ) -> [Finding] {
        var findings: [Finding] = []
        var mentioned = Set<Int>()
        var contradictions: [(categories: [String], finding: Finding)] = []
        for evidence in agreements {
            let result = agreementFindings(app: app, appCategory: appCategory, evidence: evidence)
            findings += result.findings
            mentioned.formUnion(result.mentioned)
            contradictions += result.contradictions
        }
        findings += manifestFindings(app: app, appCategory: appCategory, permissions: permissions)
        findings += contradictionFindings(contradictions, permissions: permissions)
        if !agreements.isEmpty {
            findings += undisclosedFindings(app: app, appCategory: appCategory, mentioned: mentioned, permissions: permissions)
        }
        return findings.sorted(by: Finding.reportOrder)
    }

    /// A denial counts only when the manifest asks for what it denies; the finding names the request.
    private func contradictionFindings(_ candidates: [(categories: [String], finding: Finding)], permissions: [PermissionEvidence]) -> [Finding] {
        candidates.compactMap { candidate in
            let requested = permissions.map(\.permission).filter { $0.category.map(candidate.categories.contains) ?? false }.sorted()
            guard let first = requested.first else { return nil }
            var finding = candidate.finding
            let names = Set(requested.map(\.name)).sorted().joined(separator: ", ")
            finding.message += " (the manifest requests \(names) at \(first.location))"
            return finding
        }
    }

    private func undisclosedFindings(app: String, appCategory: String?, mentioned: Set<Int>, permissions: [PermissionEvidence]) -> [Finding] {
        var findings: [Finding] = []
        for (index, terms) in disclosureRules where applies(index, to: appCategory) {
            for evidence in permissions {
                guard let category = evidence.permission.category, let disclosing = terms[category] else { continue }
                guard !disclosing.contains(where: mentioned.contains) else { continue }
                findings.append(permissionFinding(rule: index, app: app, evidence: evidence))
            }
        }
        return findings
    }

    private func applies(_ ruleIndex: Int, to appCategory: String?) -> Bool {
        let categories = ruleSet.rules[ruleIndex].appCategories
        guard !categories.isEmpty else { return true }
        guard let appCategory else { return false }
        return categories.contains(appCategory)
    }

    func agreementFindings(app: String, appCategory: String?, evidence: AgreementEvidence)
        -> (findings: [Finding], mentioned: Set<Int>, contradictions: [(categories: [String], finding: Finding)])
    {
        var findings: [Finding] = []
        var mentioned = Set<Int>()
        var contradictions: [(categories: [String], finding: Finding)] = []
        for clause in evidence.agreement.clauses {
            let occurrences = automaton.occurrences(in: clause.normalized)
            // Most clauses hold no term at all: nothing to record, no rule to check.
            if occurrences.isEmpty, regexOnlyRules.isEmpty { continue }
            var candidates = Set(regexOnlyRules)
            var byTerm: [Int: [TermAutomaton.Occurrence]] = [:]
            for occurrence in occurrences {
                byTerm[occurrence.term, default: []].append(occurrence)
                candidates.formUnion(rulesByTerm[occurrence.term])
                mentioned.insert(occurrence.term)
            }
            guard !candidates.isEmpty else { continue }
            var normalizedText: String?
            for position in candidates.sorted() {
                let compiled = clauseRules[position]
                guard applies(compiled.rule, to: appCategory) else { continue }
                if compiled.regex != nil, normalizedText == nil { normalizedText = clause.normalizedText }
                guard let ranges = match(compiled, clause: clause, byTerm: byTerm, normalizedText: normalizedText) else { continue }
                let highlights = HighlightRange.merged(ranges.map { clause.displayRange(ofNormalized: $0) })
                let found = finding(
                    rule: compiled.rule, app: app,
                    location: SourceLocation(path: evidence.displayPath, line: clause.line, column: clause.column),
                    excerpt: Excerpt(text: clause.text, highlights: highlights),
                    pathInApp: evidence.pathInApp, fingerprintText: clause.normalizedText
                )
                if let categories = compiled.contradicts {
                    contradictions.append((categories, found))
                } else {
                    findings.append(found)
                }
            }
        }
        return (findings, mentioned, contradictions)
    }

    /// The normalized ranges that make the match, or nil when the clause does not match.
    private func match(
        _ rule: CompiledClauseRule, clause: Clause, byTerm: [Int: [TermAutomaton.Occurrence]], normalizedText: String?
    ) -> [Range<Int>]? {
        for term in rule.none where byTerm[term] != nil { return nil }
        let negators = rule.unless.flatMap { byTerm[$0] ?? [] }
        var groups: [[Range<Int>]] = []
        for group in rule.groups {
            var ranges: [Range<Int>] = []
            for term in group {
                for occurrence in byTerm[term] ?? [] where !isNegated(occurrence, by: negators, scope: rule.negationScope, in: clause.normalized) {
                    ranges.append(occurrence.start..<occurrence.end)
                }
            }
            guard !ranges.isEmpty else { return nil }
            groups.append(ranges)
        }
        if let regex = rule.regex, let normalizedText {
            let ranges = regex.matches(in: normalizedText)
            guard !ranges.isEmpty else { return nil }
            groups.append(ranges)
        }
        guard let window = Self.smallestWindow(groups) else { return nil }
        if let near = rule.near {
            let span = (window.map(\.upperBound).max() ?? 0) - (window.map(\.lowerBound).min() ?? 0)
            guard span <= near else { return nil }
        }
        // Overlapping terms of the same group (手机通讯 / 通讯录) highlight as one word.
        return zip(window, groups).map { chosen, candidates in
            candidates.filter { $0.overlaps(chosen) }.reduce(chosen) { min($0.lowerBound, $1.lowerBound)..<max($0.upperBound, $1.upperBound) }
        }
    }

    /// A negator ending shortly before the occurrence, in the same phrase, cancels it.
    private func isNegated(
        _ occurrence: TermAutomaton.Occurrence, by negators: [TermAutomaton.Occurrence], scope: Int, in text: [Unicode.Scalar]
    ) -> Bool {
        for negator in negators where negator.end <= occurrence.start && occurrence.start - negator.end <= scope {
            if !text[negator.end..<occurrence.start].contains(where: Self.phraseBreaks.contains) { return true }
        }
        return false
    }

    /// An enumeration comma (、) keeps the phrase: "不会收集、上传" negates both verbs.
    static let phraseBreaks: Set<Unicode.Scalar> = [",", ";", ":", "。", "!", "?", "."]

    /// One range per group, chosen so the span from the first start to the last end is smallest.
    static func smallestWindow(_ groups: [[Range<Int>]]) -> [Range<Int>]? {
        guard !groups.isEmpty else { return nil }
        var best: (span: Int, ranges: [Range<Int>])?
        for (anchorGroup, candidates) in groups.enumerated() {
            for anchor in candidates.prefix(64) {
                var chosen: [Range<Int>] = []
                var end = anchor.upperBound
                var complete = true
                for (groupIndex, group) in groups.enumerated() {
                    if groupIndex == anchorGroup {
                        chosen.append(anchor)
                        continue
                    }
                    guard let pick = group.filter({ $0.lowerBound >= anchor.lowerBound }).min(by: { $0.upperBound < $1.upperBound }) else {
                        complete = false
                        break
                    }
                    chosen.append(pick)
                    end = max(end, pick.upperBound)
                }
                guard complete else { continue }
                let span = end - anchor.lowerBound
                if best == nil || span < best!.span { best = (span, chosen) }
            }
        }
        return best?.ranges
    }

    func manifestFindings(app: String, appCategory: String?, permissions: [PermissionEvidence]) -> [Finding] {
        var findings: [Finding] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            guard case .manifest(let match) = rule.match, applies(index, to: appCategory) else { continue }
            for evidence in permissions {
                let permission = evidence.permission
                if !match.platforms.isEmpty, !match.platforms.contains(permission.platform) { continue }
                let byName = match.permissions.contains { Self.permissionName(permission.name, matches: $0) }
                let byCategory = permission.category.map(match.categories.contains) ?? false
                guard byName || byCategory else { continue }
                findings.append(permissionFinding(rule: index, app: app, evidence: evidence))
            }
        }
        return findings
    }

    /// A finding on a requested permission: its name (and purpose string) is the quote.
    private func permissionFinding(rule index: Int, app: String, evidence: PermissionEvidence) -> Finding {
        let permission = evidence.permission
        var text = permission.name
        if let purpose = permission.purpose, !purpose.isEmpty { text += " — \(purpose)" }
        return finding(
            rule: index, app: app, location: permission.location,
            excerpt: Excerpt(text: text, highlights: [HighlightRange(start: 0, end: permission.name.unicodeScalars.count)]),
            pathInApp: evidence.pathInApp, fingerprintText: "\(permission.platform.rawValue):\(permission.name)"
        )
    }

    /// `READ_CONTACTS` in a rule matches `android.permission.READ_CONTACTS` in a manifest.
    static func permissionName(_ name: String, matches pattern: String) -> Bool {
        name == pattern || name.hasSuffix("." + pattern)
    }

    private func finding(
        rule index: Int, app: String, location: SourceLocation, excerpt: Excerpt, pathInApp: String, fingerprintText: String
    ) -> Finding {
        let rule = ruleSet.rules[index]
        return Finding(
            ruleId: rule.id, category: rule.category, severity: rule.severity, title: rule.title, message: rule.message,
            remediation: rule.remediation, norms: descriptors[index].norms, app: app, location: location,
            excerpt: excerpt,
            fingerprint: Fingerprint.make(ruleId: rule.id, app: app, pathInApp: pathInApp, normalizedText: fingerprintText)
        )
    }
}

/// NSRegularExpression is immutable once built; it is only read here.
struct SendableRegex: @unchecked Sendable {
    let expression: NSRegularExpression

    init(_ expression: NSRegularExpression) {
        self.expression = expression
    }

    /// Match ranges in Unicode scalars of `text`.
    func matches(in text: String) -> [Range<Int>] {
        // Most clauses do not match: find that out before indexing the text.
        let length = text.utf16.count
        guard expression.firstMatch(in: text, range: NSRange(location: 0, length: length)) != nil else { return [] }
        let utf16 = Array(text.utf16)
        var scalarIndex = [Int](repeating: 0, count: utf16.count + 1)
        var scalars = 0
        for (index, unit) in utf16.enumerated() {
            scalarIndex[index] = scalars
            if !UTF16.isLeadSurrogate(unit) { scalars += 1 }
        }
        scalarIndex[utf16.count] = scalars
        return expression.matches(in: text, range: NSRange(location: 0, length: utf16.count)).map {
            scalarIndex[$0.range.location]..<scalarIndex[$0.range.location + $0.range.length]
        }
    }
}
