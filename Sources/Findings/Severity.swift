/// How serious a finding is; ordered so that `critical > info`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case info, low, medium, high, critical

    /// Most severe first: the order reports list them in.
    public static let descending: [Severity] = [.critical, .high, .medium, .low, .info]

    public var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }

    /// "Critical", for headings.
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
