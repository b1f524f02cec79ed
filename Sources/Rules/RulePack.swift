import Findings
import YAMLFiles

/// What a pack folder's `pack.yaml` declares: which jurisdictions' norms its rules apply, so that
/// an app declared for the Philippines gets the Philippine pack and not the Chinese one.
///
/// A jurisdiction is a market (`CN`, `IN`, `ID`, `PH`, `KE`, `NG`: ISO 3166 codes) or an app store
/// (`GOOGLE-PLAY`, `APPLE`) whose policy binds every app it distributes, whatever the market.
/// A pack folder without `pack.yaml` declares nothing and its rules run for every app (packs
/// added with `--rules` keep working as before).
public struct PackDeclaration: Sendable, Equatable {
    public var name: String
    public var title: String
    public var jurisdictions: [String]
    /// Store jurisdictions this pack defines, with the platform whose apps the store distributes:
    /// an app with an Android manifest is a Google Play app unless its declaration says otherwise.
    public var storePlatforms: [String: Platform]
    /// Apps of this pack's markets reach users through the app stores (Google Play asks loan apps
    /// of these countries for the licence): declaring the market also brings in the store packs
    /// of the platforms found, unless the declaration names a store itself.
    public var withStores: Bool
    /// Where the pack's norms come from, for `rules list` and the README table.
    public var sources: [String]

    public init(name: String, title: String, jurisdictions: [String], storePlatforms: [String: Platform] = [:], withStores: Bool = false, sources: [String] = []) {
        self.name = name
        self.title = title
        self.jurisdictions = jurisdictions
        self.storePlatforms = storePlatforms
        self.withStores = withStores
        self.sources = sources
    }

    static let keys = ["title", "jurisdictions", "store_platforms", "with_stores", "sources"]

    static func load(yaml text: String, file: String, pack: String) throws(RuleFileError) -> PackDeclaration {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(text) else {
            throw RuleFileError(file: file, line: 1, column: 1, problem: .message("the pack file is empty"))
        }
        var declaration = PackDeclaration(name: pack, title: pack, jurisdictions: [])
        for (key, node, _) in try reader.mapping(root, key: "pack", allowed: keys) {
            switch key {
            case "title":
                declaration.title = try reader.nonEmptyString(node, key: key)
            case "jurisdictions":
                declaration.jurisdictions = try reader.strings(node, key: key).map { $0.uppercased() }
            case "with_stores":
                guard let value = node.bool else { throw reader.error(node, .wrongType(key: key, expected: "true or false")) }
                declaration.withStores = value
            case "sources":
                declaration.sources = try reader.strings(node, key: key)
            default:
                for (store, platformNode, _) in try reader.mapping(node, key: key, allowed: reader.keys(of: node)) {
                    let name = try reader.string(platformNode, key: store)
                    guard let platform = Platform(rawValue: name) else {
                        throw reader.error(platformNode, .invalidValue(key: store, value: name, allowed: Platform.allCases.map(\.rawValue)))
                    }
                    declaration.storePlatforms[store.uppercased()] = platform
                }
            }
        }
        guard !declaration.jurisdictions.isEmpty else {
            throw reader.error(root, .message("a pack must declare at least one jurisdiction ('jurisdictions: [CN]')"))
        }
        for store in declaration.storePlatforms.keys where !declaration.jurisdictions.contains(store) {
            throw reader.error(root, .message("store '\(store)' in 'store_platforms' is not one of the pack's jurisdictions"))
        }
        return declaration
    }
}

/// Which jurisdictions apply to one app, and so which rules run for it.
public struct JurisdictionSelection: Sendable, Equatable {
    /// The jurisdictions chosen for the app (upper case, sorted).
    public var jurisdictions: [String]

    /// `declared`: `--jurisdiction`, else the app's lendaudit.yml, else the config file; empty
    /// when none says. Without a declaration an app gets CN (the bundled default market) and the
    /// stores of its platforms. A declaration is taken as it stands, plus the stores of the
    /// platforms found when it names a market whose pack says `with_stores` and names no store.
    public init(declared: [String], platforms: Set<Platform>, packs: [PackDeclaration]) {
        var stores: [String: Platform] = [:]
        for pack in packs { stores.merge(pack.storePlatforms) { first, _ in first } }
        let storesFound = stores.filter { platforms.contains($0.value) }.map(\.key)
        var chosen = Set(declared.map { $0.uppercased() })
        if chosen.isEmpty {
            chosen = ["CN"]
            chosen.formUnion(storesFound)
        } else if !chosen.contains(where: { stores[$0] != nil }),
                  packs.contains(where: { $0.withStores && !chosen.isDisjoint(with: $0.jurisdictions) }) {
            chosen.formUnion(storesFound)
        }
        jurisdictions = chosen.sorted()
    }

    /// Every jurisdiction some pack declares, for checking what a user typed.
    public static func known(in packs: [PackDeclaration]) -> [String] {
        Set(packs.flatMap(\.jurisdictions)).sorted()
    }

    /// Whether a rule runs: a rule of a pack that declares nothing always does; otherwise one of
    /// its jurisdictions (its own `jurisdictions:`, else its pack's) must be chosen.
    public func includes(_ rule: Rule, packs: [String: PackDeclaration]) -> Bool {
        let own = rule.jurisdictions.isEmpty ? packs[rule.pack]?.jurisdictions ?? [] : rule.jurisdictions
        guard !own.isEmpty else { return true }
        return own.contains(where: jurisdictions.contains)
    }
}

extension Platform {
    /// The platform a manifest of this kind belongs to; nil for agreements.
    public init?(manifestKind kind: InputKind) {
        switch kind {
        case .androidManifest, .apk: self = .android
        case .infoPlist, .ipa, .xcodeProject: self = .ios
        case .harmonyModule: self = .harmonyos
        case .miniProgramAppJSON: self = .miniprogram
        case .html, .text: return nil
        }
    }
}
