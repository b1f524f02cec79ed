import Findings

extension RuleEngine {
    /// One finding per clause (or permission) and category across packs too: when rules of other
    /// packs found the same thing, the finding already lists them (`alsoMatched`); this adds their
    /// citations after its own, so a READ_CONTACTS finding of an app audited for China and Google
    /// Play cites both the Chinese norms and the Play policy. Rules of the finding's own pack add
    /// nothing: within a pack the most specific rule speaks for the others.
    func withOtherPacksCitations(_ findings: [Finding]) -> [Finding] {
        guard findings.contains(where: { !$0.alsoMatched.isEmpty }) else { return findings }
        let descriptors = ruleSet.descriptors
        func descriptor(_ id: String) -> RuleDescriptor? { descriptors.first { $0.id == id } }
        return findings.map { finding in
            guard !finding.alsoMatched.isEmpty, let own = descriptor(finding.ruleId) else { return finding }
            var merged = finding
            for id in finding.alsoMatched {
                guard let other = descriptor(id), other.pack != own.pack else { continue }
                for norm in other.norms where !merged.norms.contains(where: { $0.id == norm.id }) {
                    merged.norms.append(norm)
                }
            }
            return merged
        }
    }
}
