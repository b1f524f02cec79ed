import Findings

/// Which walked folders are apps, and the draft an app folder is handed over as.
///
/// A folder is an app folder when it holds a lendaudit.yml, or when it holds auditable files
/// directly and no app folder is above it. Everything below an app folder belongs to it, except a
/// sub-folder with its own lendaudit.yml, which is a separate app. Other folders are containers,
/// and their children are examined the same way.
enum AppAssembler {
    /// An app folder and the files that belong to it, before metadata is read.
    struct Draft: Equatable, Sendable {
        var folderPath: [String]
        var absolutePath: String
        /// The config file to read, if any (lendaudit.yml preferred over lendaudit.yaml).
        var configuration: FolderWalker.ConfigurationFile?
        /// Config files present but not read, to tell the user.
        var ignoredConfigurations: [FolderWalker.ConfigurationFile]
        /// One entry per file once the sub-tree is walked, duplicates (the same file reached
        /// twice) removed.
        var files: [FolderWalker.FoundFile]
    }

    /// Whether a folder with these direct entries starts an app (`insideApp`: an app folder is
    /// above it).
    static func startsApp(configurations: [FolderWalker.ConfigurationFile], hasAuditableNames: Bool, insideApp: Bool) -> Bool {
        !configurations.isEmpty || (!insideApp && hasAuditableNames)
    }

    /// A new app folder, its files still to come.
    static func draft(folderPath: [String], absolutePath: String, configurations: [FolderWalker.ConfigurationFile]) -> Draft {
        let ranked = configurations.sorted { rank($0) < rank($1) }
        return Draft(
            folderPath: folderPath, absolutePath: absolutePath, configuration: ranked.first,
            ignoredConfigurations: Array(ranked.dropFirst()), files: []
        )
    }

    /// lendaudit.yml before lendaudit.yaml, then by exact name so the choice is stable.
    private static func rank(_ file: FolderWalker.ConfigurationFile) -> (Int, String) {
        let position = FileClassifier.configurationFileNames.firstIndex(of: file.name.lowercased()) ?? Int.max
        return (position, file.name)
    }

    /// A file reached twice in one app (a link beside its target, a linked folder) is audited
    /// once, at its real place when that is in the app, else at its first linked place.
    static func removingDuplicates(_ files: [FolderWalker.FoundFile]) -> [FolderWalker.FoundFile] {
        let preferredFirst = files.sorted { lhs, rhs in
            if lhs.viaLink != rhs.viaLink { return !lhs.viaLink }
            return lhs.path.lexicographicallyPrecedes(rhs.path)
        }
        var seen: Set<PosixFileSystem.FileID> = []
        return preferredFirst.filter { seen.insert($0.id).inserted }
    }

    // MARK: - Several apps in one folder

    /// Words that name a kind of document, not an app: `privacy.html` and `terms.html` are one
    /// app's, `easypeso-privacy.html` and `cashwow-terms.html` two apps'.
    static let documentWords: Set<String> = [
        "privacy", "policy", "terms", "term", "tos", "eula", "user", "users", "service", "services", "agreement",
        "agreements", "loan", "loans", "contract", "authorization", "authorisation", "consent", "license", "licence",
        "index", "page", "about", "legal", "protocol", "register", "registration", "info", "disclosure", "notice",
        "statement", "rules", "faq", "help", "credit", "borrow", "borrowing", "personal", "data", "information",
        "app", "main", "default", "home", "v", "ver", "version", "new", "old", "latest", "copy", "cn", "en", "zh",
    ]

    /// Why the files of one app folder (paths inside it, and kinds) look like several apps, or
    /// nil. Only files side by side in one folder are compared: an app's sources may well keep a
    /// debug and a release manifest in folders of their own.
    static func severalApps(_ paths: [[String]], kinds: [InputKind]) -> String? {
        var byFolder: [[String]: [(name: String, kind: InputKind)]] = [:]
        for (path, kind) in zip(paths, kinds) {
            guard let name = path.last else { continue }
            byFolder[Array(path.dropLast()), default: []].append((name, kind))
        }
        for folder in byFolder.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let files = byFolder[folder]!.sorted { $0.name < $1.name }
            let place = folder.isEmpty ? "" : " in \(folder.joined(separator: "/"))/"
            for kind in [InputKind.androidManifest, .apk, .infoPlist, .ipa, .harmonyModule, .miniProgramAppJSON] {
                let same = files.filter { $0.kind == kind }
                if same.count > 1 {
                    return "several manifests of one platform side by side\(place) (\(same.map(\.name).joined(separator: ", ")))"
                }
            }
            let agreements = files.filter { $0.kind.isAgreement }
            guard agreements.count > 1 else { continue }
            let stems = agreements.map { stem(of: $0.name) }
            if stems.allSatisfy({ $0 != nil }), Set(stems.compactMap { $0 }).count > 1 {
                return "documents named after different apps side by side\(place) (\(agreements.map(\.name).joined(separator: ", ")))"
            }
        }
        return nil
    }

    /// The first word of a file name when it names an app (`easypeso` in `easypeso-privacy.html`),
    /// nil when it names a kind of document, a version or nothing.
    static func stem(of name: String) -> String? {
        let base = FileClassifier.baseName(of: name).lowercased()
        let first = base.split { $0 == "-" || $0 == "_" || $0 == "." || $0 == " " }.first.map(String.init) ?? ""
        guard first.count >= 2, !documentWords.contains(first), first.contains(where: \.isLetter),
              !first.allSatisfy({ $0.isNumber || $0 == "v" }) else { return nil }
        // Chinese names (用户协议, 隐私政策) are document titles, not app names.
        guard first.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
        return first
    }
}
