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
}
