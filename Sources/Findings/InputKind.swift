/// What a discovered file is, decided by its name; the stage that reads it follows from this.
public enum InputKind: String, Sendable, Codable, CaseIterable, Comparable {
    // Agreements
    case html, text
    // Manifests
    case androidManifest = "android-manifest"
    case apk
    case infoPlist = "info-plist"
    case ipa
    case xcodeProject = "xcode-project"
    case harmonyModule = "harmonyos-module"
    case miniProgramAppJSON = "miniprogram-app-json"

    public var isAgreement: Bool { self == .html || self == .text }

    public static func < (lhs: InputKind, rhs: InputKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
