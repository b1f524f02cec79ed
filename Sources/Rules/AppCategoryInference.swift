import Documents

/// Infers that an app is a lending app from its agreements when lendaudit.yml does not say.
///
/// Lending agreements name the loan's mechanics over and over: borrowing, repayment, lenders,
/// overdue debts. Words that other apps use too (征信 in a ride-hailing policy, 分期 in a shop)
/// count half. One stray mention is never enough: the score must reach `threshold`.
public enum AppCategoryInference {
    static let strongSignals: [String] = [
        "借款", "贷款", "还款", "放款", "借贷", "出借人", "借款人", "逾期", "催收", "网贷", "借钱",
        "loan", "borrow", "repay", "lender", "overdue", "pinjaman",
    ].map(TextNormalizer.normalizedString)

    static let weakSignals: [String] = [
        "征信", "信贷", "授信", "额度", "分期", "利率", "年化", "息费", "interest rate", "kredit",
    ].map(TextNormalizer.normalizedString)

    /// In half points: four strong mentions, or the equivalent with weak ones.
    static let threshold = 8

    /// Built once: compiling the automaton's tables is not something to repeat per app.
    static let automaton: TermAutomaton = {
        var automaton = TermAutomaton()
        for signal in strongSignals + weakSignals { _ = automaton.add(Array(signal.unicodeScalars)) }
        automaton.build()
        return automaton
    }()

    public static func infer(from agreements: [Agreement]) -> String? {
        var score = 0
        var occurrences: [TermAutomaton.Occurrence] = []
        for agreement in agreements {
            let clauses = agreement.clauses
            for index in clauses.indices {
                automaton.occurrences(in: clauses.normalized, clauses.normalizedRange(index), into: &occurrences)
                for occurrence in occurrences {
                    score += occurrence.term < strongSignals.count ? 2 : 1
                    if score >= threshold { return "lending" }
                }
            }
        }
        return nil
    }
}
