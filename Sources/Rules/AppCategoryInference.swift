import Documents

/// Infers that an app is a lending app from its agreements when lendaudit.yml does not say.
///
/// Lending agreements name the loan's mechanics over and over: borrowing, repayment, lenders,
/// overdue debts. Words that other apps use too (征信 in a ride-hailing policy, 分期 in a shop)
/// count half. One stray mention is never enough: the score must reach `threshold`.
///
/// A signal counts as a word, not as a substring: 征信 inside 特征信息 (特征 + 信息) and "loan"
/// inside "download" are not loans. A negated mention ("本产品不涉及借贷服务") counts for nothing.
/// The app's own self-description ("X是一款…的应用") weighs most: one that names lending decides,
/// and one that names something else doubles the threshold for the rest of the text.
public enum AppCategoryInference {
    static let strongSignals: [String] = [
        "借款", "贷款", "还款", "放款", "借贷", "出借人", "借款人", "逾期", "催收", "网贷", "借钱",
        "loan", "borrow", "repay", "lender", "overdue", "pinjaman",
    ].map(TextNormalizer.normalizedString)

    static let weakSignals: [String] = [
        "征信", "信贷", "授信", "额度", "分期", "利率", "年化", "息费", "interest rate", "kredit",
    ].map(TextNormalizer.normalizedString)

    /// Longer words that hold a signal across their own word boundary: an occurrence inside one of
    /// these is not the signal (特征信息 is 特征 + 信息, not 征信).
    static let falseCompounds: [String] = [
        "特征信息", "象征信", "特征信", "逾期未使用", "逾期作废", "逾期失效",
    ].map(TextNormalizer.normalizedString)

    /// Words that, shortly before a signal in the same phrase, deny it.
    static let negators: [String] = [
        "不涉及", "不提供", "不属于", "不从事", "不开展", "并非", "不是", "没有", "无任何", "不包含", "不含", "不支持",
        "does not offer", "does not provide", "no ", "not a ",
    ].map(TextNormalizer.normalizedString)

    /// Nouns a self-description names its app as ("是一款…应用").
    static let selfDescriptionLead = ["是一款", "是一个", "是一家", "为一款", "is an app", "is a mobile app", "is an application"]
        .map(TextNormalizer.normalizedString)

    /// Words of a self-description that make it a lending app's.
    static let lendingDescriptions: [String] = [
        "借款", "贷款", "借贷", "信贷", "网贷", "消费金融", "小额", "现金贷", "借钱", "loan", "lending", "credit line", "pinjaman",
    ].map(TextNormalizer.normalizedString)

    /// In half points: four strong mentions, or the equivalent with weak ones.
    static let threshold = 8

    /// How far back (in characters of the same phrase) a negator reaches.
    static let negationReach = 8

    /// Built once: compiling the automaton's tables is not something to repeat per app.
    static let automaton: TermAutomaton = {
        var automaton = TermAutomaton()
        for word in strongSignals + weakSignals + falseCompounds + negators + selfDescriptionLead + lendingDescriptions {
            _ = automaton.add(Array(word.unicodeScalars))
        }
        automaton.build()
        return automaton
    }()

    private enum Kind { case strong, weak, falseCompound, negator, selfDescription, lendingDescription }

    private static let kinds: [Kind] = {
        var kinds: [Kind] = []
        kinds += Array(repeating: .strong, count: strongSignals.count)
        kinds += Array(repeating: .weak, count: weakSignals.count)
        kinds += Array(repeating: .falseCompound, count: falseCompounds.count)
        kinds += Array(repeating: .negator, count: negators.count)
        kinds += Array(repeating: .selfDescription, count: selfDescriptionLead.count)
        kinds += Array(repeating: .lendingDescription, count: lendingDescriptions.count)
        return kinds
    }()

    /// Phrase breaks: a negator does not reach past them.
    static let phraseBreaks: Set<Unicode.Scalar> = [",", ";", ":", "。", "!", "?", ".", "，", "；"]

    public static func infer(from agreements: [Agreement]) -> String? {
        var score = 0
        var selfDescribedOtherwise = false
        var occurrences: [TermAutomaton.Occurrence] = []
        for agreement in agreements {
            let clauses = agreement.clauses
            for index in clauses.indices {
                let range = clauses.normalizedRange(index)
                automaton.occurrences(in: clauses.normalized, range, into: &occurrences)
                guard !occurrences.isEmpty else { continue }
                let text = clauses.normalized[range]
                if let lending = selfDescription(occurrences, in: text) {
                    if lending { return "lending" }
                    selfDescribedOtherwise = true
                }
                for occurrence in occurrences {
                    let kind = kinds[occurrence.term]
                    guard kind == .strong || kind == .weak else { continue }
                    guard isWord(occurrence, among: occurrences, in: text), !isNegated(occurrence, among: occurrences, in: text) else { continue }
                    score += kind == .strong ? 2 : 1
                    if score >= (selfDescribedOtherwise ? 2 * threshold : threshold) { return "lending" }
                }
            }
        }
        return nil
    }

    /// Whether the clause describes the app itself, and if so whether as a lending app: the
    /// lending words must follow the description's lead ("X是一款…借款…的应用").
    private static func selfDescription(_ occurrences: [TermAutomaton.Occurrence], in text: ArraySlice<Unicode.Scalar>) -> Bool? {
        guard let lead = occurrences.first(where: { kinds[$0.term] == .selfDescription }) else { return nil }
        // The description is the phrase that follows the lead: up to the next sentence end.
        let after = text.index(text.startIndex, offsetBy: lead.end)
        let end = text[after...].firstIndex { ["。", ";", "!", "?"].contains($0) } ?? text.endIndex
        let limit = end - text.startIndex
        return occurrences.contains { kinds[$0.term] == .lendingDescription && $0.start >= lead.end && $0.end <= limit && !isNegated($0, among: occurrences, in: text) }
    }

    /// A CJK signal is not the signal inside a longer word that splits it differently; a Latin one
    /// must start a word ("loan", "loans", not "download").
    private static func isWord(_ occurrence: TermAutomaton.Occurrence, among occurrences: [TermAutomaton.Occurrence], in text: ArraySlice<Unicode.Scalar>) -> Bool {
        if occurrences.contains(where: { kinds[$0.term] == .falseCompound && $0.start <= occurrence.start && $0.end >= occurrence.end }) {
            return false
        }
        let first = text[text.startIndex + occurrence.start]
        if first.properties.isAlphabetic, first.value < 0x3000, occurrence.start > 0 {
            let before = text[text.startIndex + occurrence.start - 1]
            if before.properties.isAlphabetic { return false }
        }
        return true
    }

    private static func isNegated(_ occurrence: TermAutomaton.Occurrence, among occurrences: [TermAutomaton.Occurrence], in text: ArraySlice<Unicode.Scalar>) -> Bool {
        occurrences.contains { negator in
            guard kinds[negator.term] == .negator, negator.end <= occurrence.start, occurrence.start - negator.end <= negationReach else { return false }
            let between = text[(text.startIndex + negator.end)..<(text.startIndex + occurrence.start)]
            return !between.contains(where: phraseBreaks.contains)
        }
    }
}
