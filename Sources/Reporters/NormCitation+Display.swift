import Findings

extension NormCitation {
    /// "个人信息保护法 (Personal Information Protection Law)", either title alone when the other is
    /// missing, or "" when both are.
    var displayTitle: String {
        let english = titleEn.trimmingWhitespace()
        guard let chinese = titleZh?.trimmingWhitespace(), !chinese.isEmpty else { return english }
        return english.isEmpty ? chinese : "\(chinese) (\(english))"
    }
}
