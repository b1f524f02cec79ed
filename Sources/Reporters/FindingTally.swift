import Findings

/// Finding counts by severity and category, for the summary parts of every format.
struct FindingTally: Sendable {
    /// Indexed by category (declaration order) then severity (`rank`): one flat array, not a
    /// dictionary of dictionaries.
    private var counts = [Int](repeating: 0, count: FindingCategory.allCases.count * Severity.allCases.count)
    private(set) var total = 0

    init(_ findings: some Sequence<Finding>) {
        for finding in findings {
            counts[Self.slot(finding.category, finding.severity)] += 1
            total += 1
        }
    }

    /// One shared empty tally.
    static let empty = FindingTally([])

    mutating func add(_ other: FindingTally) {
        for index in counts.indices { counts[index] += other.counts[index] }
        total += other.total
    }

    func count(_ category: FindingCategory, _ severity: Severity) -> Int {
        counts[Self.slot(category, severity)]
    }

    func count(_ severity: Severity) -> Int {
        FindingCategory.allCases.reduce(0) { $0 + count($1, severity) }
    }

    func count(_ category: FindingCategory) -> Int {
        Severity.allCases.reduce(0) { $0 + count(category, $1) }
    }

    /// Categories that have findings, in vocabulary order.
    var categoriesWithFindings: [FindingCategory] {
        FindingCategory.allCases.filter { count($0) > 0 }
    }

    var highestSeverity: Severity? {
        Severity.descending.first { count($0) > 0 }
    }

    private static let categoryIndex = Dictionary(uniqueKeysWithValues: FindingCategory.allCases.enumerated().map { ($1, $0) })

    private static func slot(_ category: FindingCategory, _ severity: Severity) -> Int {
        categoryIndex[category]! * Severity.allCases.count + severity.rank
    }
}
