import Documents
import Findings
import Foundation

/// The rules compiled once: all terms of all packs in one automaton, so each clause is scanned
/// once and only the rules whose terms all occur are examined further.
public struct RuleEngine: Sendable {
    /// What a match needs once the clause's terms pass the rule's `TermConditions`. A class: a
    /// struct of arrays cost a retain and a release per array each time one was read.
    final class CompiledClauseRule: Sendable {
        let rule: Int
        /// Set for a contradiction rule's denial: the permission categories it contradicts.
        let contradicts: [String]?
        let groups: [[Int]]
        let unless: [Int]
        let near: Int?
        let negationScope: Int
        let regex: SendableRegex?
        let notIn: [Reading]
        let none: [Int]
        let context: [ClauseContext]

        init(
            rule: Int, contradicts: [String]?, groups: [[Int]], unless: [Int], near: Int?, negationScope: Int, regex: SendableRegex?,
            notIn: [Reading], none: [Int], context: [ClauseContext]
        ) {
            self.rule = rule
            self.contradicts = contradicts
            self.groups = groups
            self.unless = unless
            self.near = near
            self.negationScope = negationScope
            self.regex = regex
            self.notIn = notIn
            self.none = none
            self.context = context
        }
    }

    public let ruleSet: RuleSet
    let automaton: TermAutomaton
    let clauseRules: [CompiledClauseRule]
    /// The clause rules that read a list's lead-in or a table's row (`context:`), by position.
    let contextRules: [Int]
    /// By context rule (aligned with `contextRules`), by term: a bit per group the term belongs to
    /// (at most 64 groups), so a clause's few terms are looked up in an array, not hashed.
    let contextGroupBits: [[UInt64]]
    /// By rule id: how much a clause rule's match asks of a clause, for `onePerClauseAndCategory`.
    let specificity: [String: Int]
    /// By clause rule: what it needs of a clause's terms besides one of its candidate terms.
    private let termConditions: TermConditions
    /// For each term, the clause rules it is a candidate term of: a clause is only checked against
    /// rules one of whose candidate terms (those of the first group, or for a rule with only a
    /// regex, its required literals) occurs in it. Term `t`'s rules are
    /// `rulesByTerm[rulesByTermStart[t]..<rulesByTermStart[t + 1]]`, flat for the same reason as
    /// `TermConditions`.
    private let rulesByTermStart: [Int32]
    private let rulesByTerm: [Int32]
    private let regexOnlyRules: [Int]
    private let descriptors: [RuleDescriptor]

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        var automaton = TermAutomaton()
        var pending: [(rule: Int, contradicts: [String]?, match: ClauseMatch, groups: [[Int]], unless: [Int], none: [Int])] = []
        var disclosures: [(rule: Int, terms: [String: [Int]])] = []
        var manifests: [ManifestRule] = []
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
            case .manifest(let match):
                manifests.append(ManifestRule(rule: index, match: match, dottedPermissions: match.permissions.map { "." + $0 }))
                continue
            }
            pending.append((index, contradicts, match, match.groups.map(ids), ids(match.unless), ids(match.none)))
        }
        var compiled: [CompiledClauseRule] = []
        var conditions = TermConditions()
        // By clause rule: its candidate terms; nil when every clause is a candidate.
        var candidateTerms: [[Int]?] = []
        for rule in pending {
            let regex = rule.match.regex.flatMap(SendableRegex.init(pattern:))
            let regexLiterals = regex.flatMap { RegexLiterals.required($0.expression.pattern) }.map(ids)
            let regexBranches = regex?.screen?.branchLiterals?.map { branch in branch.map(ids) }
            compiled.append(CompiledClauseRule(
                rule: rule.rule, contradicts: rule.contradicts, groups: rule.groups, unless: rule.unless,
                near: rule.match.near, negationScope: rule.match.negationScope, regex: regex, notIn: rule.match.notIn,
                none: rule.none, context: rule.match.context
            ))
            // A rule with only a regex would be a candidate for every clause, and running the regex
            // on every clause dominated scans. When every match of the regex must contain one of a
            // few literals, those literals go into the automaton and the rule is a candidate only
            // where one occurs: the same findings, far fewer regex runs.
            candidateTerms.append(rule.groups.first ?? regexLiterals)
            // The candidate terms occur wherever the rule is checked: their list is left out. Every
            // match of the regex contains one of its required literals, so beside groups they are
            // one more, checked first: they rule out far more clauses than words like 数据 do.
            let literalGroup = rule.groups.isEmpty ? [] : regexLiterals.map { [$0] } ?? []
            conditions.append(groups: literalGroup + rule.groups.dropFirst(), none: rule.none, branches: regexBranches)
        }
        automaton.build()
        var byTerm = [[Int]](repeating: [], count: automaton.termCount)
        var regexOnly: [Int] = []
        for (position, terms) in candidateTerms.enumerated() {
            if let terms {
                for term in Set(terms) { byTerm[term].append(position) }
            } else {
                regexOnly.append(position)
            }
        }
        self.automaton = automaton
        self.clauseRules = compiled
        // A rule with a regex keeps it to the clause itself: context lends term groups only.
        self.specificity = Self.specificity(of: ruleSet.rules)
        self.contextRules = compiled.indices.filter { !compiled[$0].context.isEmpty && compiled[$0].regex == nil }
        let termCount = automaton.termCount
        self.contextGroupBits = contextRules.map { position in
            var bits = [UInt64](repeating: 0, count: termCount)
            for (group, terms) in compiled[position].groups.prefix(64).enumerated() {
                for term in terms { bits[term] |= 1 << UInt64(group) }
            }
            return bits
        }
        self.termConditions = conditions
        var starts: [Int32] = [0]
        for rules in byTerm { starts.append(starts[starts.count - 1] + Int32(rules.count)) }
        self.rulesByTermStart = starts
        self.rulesByTerm = byTerm.flatMap { $0.map { Int32($0) } }
        self.regexOnlyRules = regexOnly
        self.disclosureRules = disclosures
        self.manifestRules = manifests
        self.descriptors = ruleSet.descriptors
    }

    private let disclosureRules: [(rule: Int, terms: [String: [Int]])]

    /// A manifest rule, with `.` put before each of its permission names once rather than for
    /// every permission of every app: `READ_CONTACTS` in a rule matches
    /// `android.permission.READ_CONTACTS` in a manifest.
    private struct ManifestRule {
        let rule: Int
        let match: ManifestMatch
        let dottedPermissions: [String]
    }

    private let manifestRules: [ManifestRule]

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
        findings = Self.onePerClauseAndCategory(findings, specificity: specificity)
        // One finding per permission and category as well: a Google Play rule and a Chinese rule
        // on the same READ_CONTACTS are one finding citing both (see `withOtherPacksCitations`).
        findings += Self.onePerClauseAndCategory(
            manifestFindings(app: app, appCategory: appCategory, permissions: permissions), specificity: specificity)
        findings = withOtherPacksCitations(findings)
        findings += contradictionFindings(contradictions, permissions: permissions)
        if !agreements.isEmpty {
            findings += undisclosedFindings(app: app, appCategory: appCategory, mentioned: mentioned, permissions: permissions)
        }
        // Sorted by index: sorting the findings themselves copied each one, strings and all,
        // through generic value witnesses at every move.
        let order = findings.indices.sorted { Finding.reportOrder(findings[$0], findings[$1]) }
        return order.map { findings[$0] }
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

    func applies(_ ruleIndex: Int, to appCategory: String?) -> Bool {
        let categories = ruleSet.rules[ruleIndex].appCategories
        guard !categories.isEmpty else { return true }
        guard let appCategory else { return false }
        return categories.contains(appCategory)
    }

    func agreementFindings(app: String, appCategory: String?, evidence: AgreementEvidence)
        -> (findings: [Finding], mentioned: Set<Int>, contradictions: [(categories: [String], finding: Finding)])
    {
        var findings: [Finding] = []
        var mentioned = [Bool](repeating: false, count: automaton.termCount)
        var mentionedTerms: [Int] = []
        var contradictions: [(categories: [String], finding: Finding)] = []
        var terms = ClauseTerms(termCount: automaton.termCount)
        var candidates: [Int] = []
        let clauses = evidence.agreement.clauses
        var context = ContextTracker()
        let headings = HeadingCache()
        // Clauses are looked at in the list's shared buffers; a `Clause` is made only for the few
        // that a rule matches.
        for index in clauses.indices {
            automaton.occurrences(in: clauses.normalized, clauses.normalizedRange(index), into: &terms.occurrences)
            if !contextRules.isEmpty {
                context.enter(index, in: clauses)
                context.noteTable(index, in: clauses, occurrences: terms.occurrences)
            }
            // Most clauses hold no term at all: nothing to record, no rule to check.
            if terms.occurrences.isEmpty, regexOnlyRules.isEmpty { continue }
            terms.record()
            if !contextRules.isEmpty {
                // Before the clause's own rules: a rule whose groups all stand in the clause is
                // theirs, one that needs its lead-in or row is this one's, so none is found twice.
                if mayNeedContext(terms) {
                    findings += contextFindings(
                        app: app, appCategory: appCategory, evidence: evidence, index: index, terms: &terms, context: &context,
                        headings: headings)
                }
                context.noteLeadIn(index, in: clauses, terms: terms.terms)
            }
            candidates.removeAll(keepingCapacity: true)
            candidates += regexOnlyRules
            for term in terms.terms {
                for entry in Int(rulesByTermStart[term])..<Int(rulesByTermStart[term + 1]) {
                    candidates.append(Int(rulesByTerm[entry]))
                }
                if !mentioned[term] {
                    mentioned[term] = true
                    mentionedTerms.append(term)
                }
            }
            guard !candidates.isEmpty else { continue }
            // Ascending and without repeats, as iterating a sorted Set was.
            candidates.sort()
            let normalized = clauses.normalized[clauses.normalizedRange(index)]
            var normalizedText: String?
            var readings: ClauseReadings?
            var madeClause: Clause?
            var previous = -1
            for position in candidates where position != previous {
                previous = position
                guard termConditions.allow(position, terms) else { continue }
                let compiled = clauseRules[position]
                guard applies(compiled.rule, to: appCategory) else { continue }
                terms.group()
                guard let ranges = match(compiled, normalized: normalized, terms: terms, normalizedText: &normalizedText, of: { clauses.normalizedText(index) })
                else { continue }
                if !compiled.notIn.isEmpty {
                    // Read only now: a clause is read once, and only when some rule's words are in it.
                    if readings == nil {
                        let text = normalizedText ?? clauses.normalizedText(index)
                        normalizedText = text
                        readings = self.readings(of: index, in: clauses, text: text, headings: headings)
                    }
                    if readings!.first(of: compiled.notIn, matched: ranges) != nil { continue }
                }
                let clause = madeClause ?? clauses[index]
                madeClause = clause
                let highlights = HighlightRange.merged(ranges.map { clause.displayRange(ofNormalized: $0) })
                let found = finding(
                    rule: compiled.rule, app: app,
                    location: SourceLocation(path: evidence.displayPath, line: clause.line, column: clause.column),
                    excerpt: Excerpt(text: clause.text, highlights: highlights),
                    pathInApp: evidence.pathInApp, fingerprintText: normalizedText ?? clause.normalizedText
                )
                if let categories = compiled.contradicts {
                    contradictions.append((categories, found))
                } else {
                    findings.append(found)
                }
            }
        }
        return (findings, Set(mentionedTerms), contradictions)
    }

    /// The normalized ranges that make the match, or nil when the clause does not match; the
    /// clause's terms have passed the rule's `TermConditions`, and are grouped. `normalized` is
    /// the clause's normalized characters; `normalizedText` their string, made by `makeText` the
    /// first time a regex needs it.
    func match(
        _ rule: CompiledClauseRule, normalized: ArraySlice<Unicode.Scalar>, terms: ClauseTerms,
        normalizedText: inout String?, of makeText: () -> String
    ) -> [Range<Int>]? {
        // The screen first: it rules out far more clauses than the groups do.
        if let screen = rule.regex?.screen, !screen.matches(normalized) { return nil }
        let negators = rule.unless.flatMap { terms.occurrences(of: $0) }
        var groups: [[Range<Int>]] = []
        for group in rule.groups {
            let ranges = occurrences(of: group, in: normalized, terms: terms, negators: negators, scope: rule.negationScope)
            guard !ranges.isEmpty else { return nil }
            groups.append(ranges)
        }
        if let regex = rule.regex {
            let text = normalizedText ?? makeText()
            normalizedText = text
            let ranges = regex.matches(in: text, known: regex.screen != nil)
            guard !ranges.isEmpty else { return nil }
            groups.append(ranges)
        }
        guard let window = Self.smallestWindow(groups), Self.fits(window, near: rule.near, in: normalized) else { return nil }
        // Overlapping terms of the same group (手机通讯 / 通讯录) highlight as one word.
        return zip(window, groups).map { chosen, candidates in
            candidates.filter { $0.overlaps(chosen) }.reduce(chosen) { min($0.lowerBound, $1.lowerBound)..<max($0.upperBound, $1.upperBound) }
        }
    }

    /// The occurrences of a group's terms in the clause that no negator cancels.
    func occurrences(
        of group: [Int], in normalized: ArraySlice<Unicode.Scalar>, terms: ClauseTerms, negators: [TermAutomaton.Occurrence], scope: Int
    ) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for term in group {
            for occurrence in terms.occurrences(of: term) where !isNegated(occurrence, by: negators, scope: scope, in: normalized) {
                ranges.append(occurrence.start..<occurrence.end)
            }
        }
        return ranges
    }

    /// Whether the chosen ranges fit in a window `near` characters wide (always, without one).
    /// An enumeration between the terms counts one character per item: in "收集您的姓名、身份证号码、
    /// 银行卡号、…、设备型号以及手机通讯录" the verb governs the last item however long the list is.
    static func fits(_ window: [Range<Int>], near: Int?, in text: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let near else { return true }
        let start = window.map(\.lowerBound).min() ?? 0, end = window.map(\.upperBound).max() ?? 0
        if end - start <= near { return true }
        return end - start - enumerationItemCharacters(in: text, from: start, to: end) <= near
    }

    /// The longest run of characters read as one item of an enumeration ("、"-separated).
    static let enumerationItemLimit = 16

    /// How many characters between `start` and `end` (offsets in `text`) belong to the items of
    /// an enumeration, less one per item: each item ends in "、" and is a short phrase (no other
    /// punctuation, at most `enumerationItemLimit` characters).
    static func enumerationItemCharacters(in text: ArraySlice<Unicode.Scalar>, from start: Int, to end: Int) -> Int {
        var discount = 0
        var itemLength = 0
        for offset in start..<min(end, text.count) {
            let scalar = text[text.startIndex + offset]
            if scalar == "、" {
                if itemLength > 1, itemLength <= enumerationItemLimit { discount += itemLength - 1 }
                itemLength = 0
            } else if phraseBreaks.contains(scalar) || scalar == "\n" {
                itemLength = enumerationItemLimit + 1   // a phrase that ends otherwise is no item
            } else {
                itemLength += 1
            }
        }
        return discount
    }

    /// The readings of clause `index`, worked out as rules ask (see `ClauseReadings`): the clause
    /// before for back-references, the section's title for section readings.
    func readings(of index: Int, in clauses: ClauseList, text: String, headings: HeadingCache) -> ClauseReadings {
        ClauseReadings(
            lexicon: ruleSet.lexicon, normalizedText: text,
            previous: { Self.clausesBefore(index, in: clauses) },
            headingAbove: { headingAbove(index, in: clauses, cache: headings) },
            blockNeighbours: { Self.blockNeighbours(of: index, in: clauses) }
        )
    }

    /// The normalized text of the other clauses of clause `index`'s block or table row, nearest
    /// first on each side, at most `blockReach` each way.
    static func blockNeighbours(of index: Int, in clauses: ClauseList) -> [String] {
        let unit = clauses.structure(index)
        return sameUnit(from: index - 1, step: -1, count: blockReach, as: unit, in: clauses)
            + sameUnit(from: index + 1, step: 1, count: blockReach, as: unit, in: clauses)
    }

    /// The clause before `index`, then up to two more before it in the same block, nearest first:
    /// what a back-reference ("由此", "上述情形") may point to.
    static func clausesBefore(_ index: Int, in clauses: ClauseList) -> [String] {
        guard index > clauses.startIndex else { return [] }
        return [clauses.normalizedText(index - 1)]
            + sameUnit(from: index - 2, step: -1, count: 2, as: clauses.structure(index - 1), in: clauses)
    }

    /// The normalized text of at most `count` clauses from `start` on, one `step` at a time, while
    /// they stand in the same block or table row as `unit`.
    private static func sameUnit(from start: Int, step: Int, count: Int, as unit: ClauseStructure, in clauses: ClauseList) -> [String] {
        var texts: [String] = []
        var index = start
        while texts.count < count, clauses.indices.contains(index), clauses.structure(index).isInSameUnit(as: unit) {
            texts.append(clauses.normalizedText(index))
            index += step
        }
        return texts
    }

    /// How many sentences either side a block's reading reaches: a paragraph, not a page.
    static let blockReach = 8

    /// A negator ending shortly before the occurrence, in the same phrase, cancels it. Positions
    /// count from the start of `text`, a clause's slice of the page's characters.
    func isNegated(
        _ occurrence: TermAutomaton.Occurrence, by negators: [TermAutomaton.Occurrence], scope: Int, in text: ArraySlice<Unicode.Scalar>
    ) -> Bool {
        for negator in negators where negator.end <= occurrence.start && occurrence.start - negator.end <= scope {
            let between = text.startIndex + negator.end..<text.startIndex + occurrence.start
            if !text[between].contains(where: Self.phraseBreaks.contains) { return true }
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
        for manifestRule in manifestRules where applies(manifestRule.rule, to: appCategory) {
            let match = manifestRule.match
            for evidence in permissions {
                let permission = evidence.permission
                if !match.platforms.isEmpty, !match.platforms.contains(permission.platform) { continue }
                if let floor = match.ignoreMaxSdkBelow, let maxSdk = permission.qualifiers["maxSdkVersion"].flatMap({ Int($0) }),
                   maxSdk < floor { continue }
                let byName = zip(match.permissions, manifestRule.dottedPermissions).contains { name, dotted in
                    permission.name == name || permission.name.hasSuffix(dotted)
                }
                let byCategory = permission.category.map(match.categories.contains) ?? false
                guard byName || byCategory else { continue }
                findings.append(permissionFinding(rule: manifestRule.rule, app: app, evidence: evidence))
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

    func finding(
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
