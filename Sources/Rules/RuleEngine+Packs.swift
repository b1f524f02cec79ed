import Findings

extension RuleEngine {
    /// One finding per clause (or permission) and category across packs too: when rules of other
    /// packs found the same thing, the finding already lists them (`alsoMatched`); this adds their
    /// citations after its own, so a READ_CONTACTS finding of an app audited for China and Google
    /// Play cites both the Chinese norms and the Play policy. Rules of the finding's own pack and
    /// jurisdictions add nothing: within a pack the most specific rule speaks for the others; the
    /// store pack's Google Play and Apple rules are different jurisdictions, so both cite.
    func withOtherPacksCitations(_ findings: [Finding]) -> [Finding] {
        guard findings.contains(where: { !$0.alsoMatched.isEmpty }) else { return findings }
        let descriptors = ruleSet.descriptors
        func rule(_ id: String) -> (rule: Rule, descriptor: RuleDescriptor)? {
            ruleSet.rules.firstIndex { $0.id == id }.map { (ruleSet.rules[$0], descriptors[$0]) }
        }
        return findings.map { finding in
            guard !finding.alsoMatched.isEmpty, let own = rule(finding.ruleId) else { return finding }
            var merged = finding
            for id in finding.alsoMatched {
                guard let other = rule(id),
                      other.rule.pack != own.rule.pack || other.rule.jurisdictions != own.rule.jurisdictions else { continue }
                for norm in other.descriptor.norms where !merged.norms.contains(where: { $0.id == norm.id }) {
                    merged.norms.append(norm)
                }
            }
            return merged
        }
    }
}
