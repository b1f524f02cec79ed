import Findings

/// Finding counts by severity and category, for the summary parts of every format.
struct FindingTally: Sendable {
    private var counts: [FindingCategory: [Severity: Int]] = [:]
    private(set) var total = 0

    init(_ findings: some Sequence<Finding>) {
        for finding in findings {
            counts[finding.category, default: [:]][finding.severity, default: 0] += 1
            total += 1
        }
    }

    func count(_ category: FindingCategory, _ severity: Severity) -> Int {
        counts[category]?[severity] ?? 0
    }

    func count(_ severity: Severity) -> Int {
        counts.values.reduce(0) { $0 + ($1[severity] ?? 0) }
    }

    func count(_ category: FindingCategory) -> Int {
        counts[category]?.values.reduce(0, +) ?? 0
    }

    /// Categories that have findings, in vocabulary order.
    var categoriesWithFindings: [FindingCategory] {
        FindingCategory.allCases.filter { count($0) > 0 }
    }

    var highestSeverity: Severity? {
        Severity.descending.first { count($0) > 0 }
    }
}
