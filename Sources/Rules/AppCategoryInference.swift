import Documents

/// Infers that an app is a lending app from its agreements when lendaudit.yml does not say.
///
/// Lending agreements name the loan's mechanics over and over: borrowing, repayment, credit
/// lines, interest, overdue. One stray mention (a ride-hailing policy that says 分期) is not
/// enough: it takes several distinct signals, each more than once in total.
public enum AppCategoryInference {
    static let lendingSignals: [String] = [
        "借款", "贷款", "还款", "授信", "利率", "逾期", "放款", "借贷", "出借人", "借款人", "年化", "息费",
        "loan", "borrow", "repay", "lender", "interest rate", "overdue", "pinjaman",
    ].map(TextNormalizer.normalizedString)

    /// At least this many distinct signals and twice as many mentions in all.
    static let distinctSignalsNeeded = 3

    /// Built once, not per app.
    static let automaton: TermAutomaton = {
        var automaton = TermAutomaton()
        for signal in lendingSignals { _ = automaton.add(Array(signal.unicodeScalars)) }
        automaton.build()
        return automaton
    }()

    public static func infer(from agreements: [Agreement]) -> String? {
        var seen = Set<Int>()
        var mentions = 0
        for agreement in agreements {
            for clause in agreement.clauses {
                for occurrence in automaton.occurrences(in: clause.normalized) {
                    seen.insert(occurrence.term)
                    mentions += 1
                }
            }
        }
        return seen.count >= distinctSignalsNeeded && mentions >= 2 * distinctSignalsNeeded ? "lending" : nil
    }
}
