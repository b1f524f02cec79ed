/// Groups a walked folder tree into apps.
///
/// A folder is an app folder when it holds a lendaudit.yml or auditable files directly. Everything
/// below an app folder belongs to it, except a sub-folder with its own lendaudit.yml, which is a
/// separate app. Other folders are containers, and their children are examined the same way.
enum AppAssembler {
    /// An app folder and the files that belong to it, before metadata is read.
    struct Draft: Equatable, Sendable {
        var folderPath: [String]
        var absolutePath: String
        /// The config file to read, if any (lendaudit.yml preferred over lendaudit.yaml).
        var configuration: FolderWalker.ConfigurationFile?
        /// Config files present but not read, to tell the user.
        var ignoredConfigurations: [FolderWalker.ConfigurationFile]
        /// One entry per file, duplicates (the same file reached twice) removed.
        var files: [FolderWalker.FoundFile]
    }

    /// Every app folder under the root, including those that ended up with no files (callers
    /// drop them, but need them to attribute problems below them).
    static func drafts(from folders: [[String]: FolderWalker.Folder]) -> [Draft] {
        var drafts: [Draft] = []
        visit([], owner: nil, folders: folders, drafts: &drafts)
        for index in drafts.indices {
            drafts[index].files = removingDuplicates(drafts[index].files)
        }
        return drafts
    }

    private static func visit(_ path: [String], owner: Int?, folders: [[String]: FolderWalker.Folder], drafts: inout [Draft]) {
        guard let folder = folders[path] else { return }
        var owner = owner
        if !folder.configurations.isEmpty || (owner == nil && folder.hasAuditableNames) {
            let ranked = folder.configurations.sorted { rank($0) < rank($1) }
            drafts.append(Draft(
                folderPath: path,
                absolutePath: folder.absolutePath,
                configuration: ranked.first,
                ignoredConfigurations: Array(ranked.dropFirst()),
                files: []
            ))
            owner = drafts.count - 1
        }
        if let owner { drafts[owner].files += folder.files }
        for child in folder.children {
            visit(path + [child], owner: owner, folders: folders, drafts: &drafts)
        }
    }

    /// lendaudit.yml before lendaudit.yaml, then by exact name so the choice is stable.
    private static func rank(_ file: FolderWalker.ConfigurationFile) -> (Int, String) {
        let position = FileClassifier.configurationFileNames.firstIndex(of: file.name.lowercased()) ?? Int.max
        return (position, file.name)
    }

    /// A file reached twice in one app (a link beside its target, a linked folder) is audited
    /// once, at its real place when that is in the app, else at its first linked place.
    private static func removingDuplicates(_ files: [FolderWalker.FoundFile]) -> [FolderWalker.FoundFile] {
        let preferredFirst = files.sorted { lhs, rhs in
            if lhs.viaLink != rhs.viaLink { return !lhs.viaLink }
            return lhs.path.lexicographicallyPrecedes(rhs.path)
        }
        var seen: Set<PosixFileSystem.FileID> = []
        return preferredFirst.filter { seen.insert($0.id).inserted }
    }
}
