import Findings

/// Walks one root folder and hands over each app folder, with the auditable files that belong to
/// it, as soon as its sub-tree is walked (`AppAssembler` says what makes a folder an app). It holds
/// the app folders on the current path and the sub-folders still to walk beside it, not the whole
/// tree, so its memory does not grow with the number of apps. It never reads a file except to
/// check that it opens.
///
/// A folder's own entries are examined before its sub-folders are walked, so whether it starts an
/// app is known before anything below it is assigned to an app; sub-folders are then walked in
/// name order, plain and linked alike, so links use up `linkedFolderLimit` in walk order.
///
/// Symbolic links are resolved and followed only when their target lies inside the root; a link
/// to a folder that is already on the current path is a loop and is not followed. Each folder
/// reached through a link is walked at the link's place, so a shared policy linked into two apps
/// belongs to both; `AppAssembler` then keeps one copy of a file per app.
struct FolderWalker {
    /// An auditable file, at its logical place under the root.
    struct FoundFile: Equatable, Sendable {
        /// Components from the root to the file, as the user sees them (link names, not targets).
        var path: [String]
        /// The path actually checked: the root's canonical path for plain files, the link's
        /// canonical target for linked ones, so later stages open exactly what was checked.
        var absolutePath: String
        var kind: InputKind
        var id: PosixFileSystem.FileID
        /// Reached through a symbolic link (itself or a linked folder above it).
        var viaLink: Bool
    }

    /// A lendaudit.yml (or .yaml) found in a folder.
    struct ConfigurationFile: Equatable, Sendable {
        var name: String
        var absolutePath: String
    }

    /// What one folder holds directly, and the sub-folders to walk once that is known.
    private struct Folder {
        var files: [FoundFile] = []
        var configurations: [ConfigurationFile] = []
        /// True when some entry has an auditable name, even one we could not use (too large,
        /// unreadable, badly named): whether a folder is an app must not depend on file sizes.
        var hasAuditableNames = false
        var subfolders: [Subfolder] = []
        /// Names of the regular files here, to recognise a page's companion folder.
        var fileNames: [String] = []
        /// Extensions of the documents skipped here that a user would expect audited
        /// (`.docx`, `.pdf`, a `.php` that is no page): a folder of only these is reported.
        var skippedDocuments: [String] = []
    }

    /// A sub-folder waiting to be walked: a plain one, or a link's target, which is checked for
    /// loops and against the link budget only when its turn comes.
    private struct Subfolder {
        var path: [String]
        var absolutePath: String
        var id: PosixFileSystem.FileID
        /// For a link's target, what the link says (for messages); nil for a plain folder.
        var linkText: String?

        var isLink: Bool { linkText != nil }
    }

    /// Something to report, at its logical place under the root.
    struct Problem: Equatable, Sendable {
        var path: [String]
        var reason: String
    }

    /// Bounds the work a tree of cross-linked folders can cause: the loop check stops infinite
    /// walks, but N links to each other's parents would still multiply the walk.
    static let linkedFolderLimit = 4096

    let rootCanonicalPath: String
    let maximumFileSize: Int
    private(set) var problems: [Problem] = []
    /// Files and companion folders looked at and not read, each with its reason: nothing looked
    /// at vanishes from the report.
    private(set) var skipped: [Problem] = []
    private var linkedFoldersLeft = FolderWalker.linkedFolderLimit
    /// The app folders on the current path, innermost last: files go to the last one.
    private var openApps: [AppAssembler.Draft] = []

    init(rootCanonicalPath: String, maximumFileSize: Int) {
        self.rootCanonicalPath = rootCanonicalPath
        self.maximumFileSize = maximumFileSize
    }

    /// Walks the root, whose identity starts the loop-detection chain, calling `appDone` with every
    /// app folder (including those left without a usable file) once its sub-tree is walked.
    mutating func walkRoot(id: PosixFileSystem.FileID, appDone: (AppAssembler.Draft) -> Void) {
        _ = walk(path: [], absolutePath: rootCanonicalPath, ancestors: [id], viaLink: false, appDone: appDone)
    }

    // MARK: - Walking

    /// Returns whether an app folder starts here or below.
    private mutating func walk(
        path: [String], absolutePath: String, ancestors: [PosixFileSystem.FileID], viaLink: Bool,
        appDone: (AppAssembler.Draft) -> Void
    ) -> Bool {
        let entries: [PosixFileSystem.Entry]
        switch PosixFileSystem.entries(ofFolder: absolutePath) {
        case .success(let list): entries = list
        case .failure(let failure):
            problems.append(Problem(path: path, reason: "the folder cannot be read (\(failure.reason))"))
            return false
        }

        var folder = Folder()
        for entry in entries {
            // Hidden entries are skipped by their first byte, before any decoding.
            if entry.name.first == UInt8(ascii: ".") { continue }
            guard let name = String(validating: entry.name, as: UTF8.self) else {
                reportUndecodableName(entry, in: path, folder: &folder)
                continue
            }
            if FileClassifier.isSkipped(name: name) { continue }
            let childPath = path + [name]
            let childAbsolutePath = Self.join(absolutePath, name)
            guard let status = entry.status else {
                // Vanished between readdir and stat, or not examinable: only worth a word if we
                // would have audited it.
                if isAuditable(childPath) {
                    folder.hasAuditableNames = true
                    let reason = entry.statusFailure?.reason ?? "unknown error"
                    problems.append(Problem(path: childPath, reason: "the file cannot be examined (\(reason))"))
                }
                continue
            }
            switch status.kind {
            case .directory:
                folder.subfolders.append(Subfolder(path: childPath, absolutePath: childAbsolutePath, id: status.id, linkText: nil))
            case .regularFile:
                consider(path: childPath, absolutePath: childAbsolutePath, status: status, viaLink: viaLink, folder: &folder)
            case .symbolicLink:
                follow(path: childPath, linkPath: childAbsolutePath, folder: &folder)
            case .other(let what):
                reportIrregular(path: childPath, what: what, folder: &folder)
            }
        }

        // A browser's "web page, complete" saves `x.html` and `x_files/`; Word saves `x.files/`.
        // The folder holds the page's images, scripts and frames: walking it would audit the page
        // (or its frames) a second time.
        folder.subfolders.removeAll { subfolder in
            guard let name = subfolder.path.last,
                  let page = FileClassifier.companionPage(ofFolder: name, fileNames: folder.fileNames) else { return false }
            skipped.append(Problem(
                path: Array(subfolder.path.dropLast()) + [name + "/"],
                reason: "companion folder of \(page) (the images and scripts saved with the page); not audited, so the page is not read twice"
            ))
            return true
        }

        let startsApp = AppAssembler.startsApp(
            configurations: folder.configurations, hasAuditableNames: folder.hasAuditableNames, insideApp: !openApps.isEmpty
        )
        if startsApp {
            openApps.append(AppAssembler.draft(folderPath: path, absolutePath: absolutePath, configurations: folder.configurations))
        }
        if !openApps.isEmpty { openApps[openApps.count - 1].files += folder.files }
        var appBelow = false
        for subfolder in folder.subfolders {
            guard mayEnter(subfolder, ancestors: ancestors) else { continue }
            appBelow = walk(
                path: subfolder.path, absolutePath: subfolder.absolutePath, ancestors: ancestors + [subfolder.id],
                viaLink: viaLink || subfolder.isLink, appDone: appDone
            ) || appBelow
        }
        if startsApp {
            var draft = openApps.removeLast()
            draft.files = AppAssembler.removingDuplicates(draft.files)
            appDone(draft)
        } else if openApps.isEmpty, !appBelow, !path.isEmpty, !folder.skippedDocuments.isEmpty {
            // An app folder whose documents are all in formats lendaudit does not read: the app
            // would otherwise vanish from the report. (The root's own case is worded by Discovery.)
            problems.append(Problem(path: path, reason: Self.nothingReadable(folder.skippedDocuments)))
        }
        return startsApp || appBelow
    }

    /// "no agreement or manifest lendaudit reads here: 2 files it does not read (.docx, .pdf); save them as HTML or text"
    static func nothingReadable(_ extensions: [String]) -> String {
        let kinds = Set(extensions).sorted().map { $0.isEmpty ? "no extension" : "." + $0 }.joined(separator: ", ")
        let count = extensions.count
        return "no agreement or manifest lendaudit reads here: \(count) file\(count == 1 ? "" : "s") it does not read "
            + "(\(kinds)); save agreements as HTML or text"
    }

    /// Plain sub-folders are always entered; a linked one not when it is on the current path (a
    /// loop) or the root's link budget is spent.
    private mutating func mayEnter(_ subfolder: Subfolder, ancestors: [PosixFileSystem.FileID]) -> Bool {
        guard let text = subfolder.linkText else { return true }
        guard !ancestors.contains(subfolder.id) else {
            problems.append(Problem(path: subfolder.path, reason: "symbolic link makes a loop (→ \(text)); not followed"))
            return false
        }
        guard linkedFoldersLeft > 0 else {
            problems.append(Problem(
                path: subfolder.path,
                reason: "symbolic link not followed: over \(Self.linkedFolderLimit) linked folders under this root"
            ))
            return false
        }
        linkedFoldersLeft -= 1
        return true
    }

    /// A regular file (directly, or as a link's target): a config file, an auditable file, or ignored.
    private mutating func consider(
        path: [String], absolutePath: String, status: PosixFileSystem.Status, viaLink: Bool, folder: inout Folder
    ) {
        guard let name = path.last else { return }
        folder.fileNames.append(name)
        if FileClassifier.configurationFileNames.contains(name.lowercased()) {
            folder.configurations.append(ConfigurationFile(name: name, absolutePath: absolutePath))
            return
        }
        guard let kind = FileClassifier.kind(forPath: path) ?? sniff(path: path, absolutePath: absolutePath, folder: &folder) else {
            return
        }
        folder.hasAuditableNames = true
        if let reason = Self.unusableReason(absolutePath: absolutePath, size: status.size, kind: kind, maximumFileSize: maximumFileSize) {
            problems.append(Problem(path: path, reason: reason))
            return
        }
        folder.files.append(FoundFile(path: path, absolutePath: absolutePath, kind: kind, id: status.id, viaLink: viaLink))
    }

    /// The kind of a file its name does not place, from its first bytes (a page saved as `.jsp`,
    /// a binary manifest under another name), or nil after recording it as skipped.
    private mutating func sniff(path: [String], absolutePath: String, folder: inout Folder) -> InputKind? {
        guard let name = path.last else { return nil }
        if name.lowercased().hasSuffix("string.json"), FileClassifier.kind(forPath: path) == nil,
           path.dropLast().contains(where: { $0.lowercased() == "resources" }) {
            // HarmonyOS string tables: read by the manifest stage beside their module.
            return nil
        }
        var sniffed = false
        if FileClassifier.shouldSniff(name: name) {
            sniffed = true
            switch PosixFileSystem.head(of: absolutePath, limit: FileClassifier.sniffLength) {
            case .success(let head):
                if let kind = FileClassifier.kind(sniffing: head) { return kind }
            case .failure(let failure):
                folder.hasAuditableNames = true
                problems.append(Problem(path: path, reason: "the file cannot be read to see what it holds (\(failure.reason))"))
                return nil
            }
        }
        let fileExtension = FileClassifier.pathExtension(of: name.lowercased())
        if FileClassifier.documentExtensions.contains(fileExtension) || FileClassifier.serverPageExtensions.contains(fileExtension) {
            folder.skippedDocuments.append(fileExtension)
        }
        skipped.append(Problem(path: path, reason: FileClassifier.skipReason(name: name, sniffed: sniffed)))
        return nil
    }

    /// Resolves a symbolic link, followed only inside the root. A linked file is considered at once;
    /// a linked folder joins the sub-folders to walk, where `mayEnter` checks it for loops.
    private mutating func follow(path: [String], linkPath: String, folder: inout Folder) {
        let text = PosixFileSystem.linkText(linkPath)
        let target: String
        switch PosixFileSystem.canonicalPath(linkPath) {
        case .success(let resolved): target = resolved
        case .failure(let failure):
            let reason: String
            switch failure.cause {
            case .loop: reason = "symbolic link makes a loop (→ \(text)); not followed"
            case .missing: reason = "symbolic link points to nothing (→ \(text)); skipped"
            case .undecodable: reason = "symbolic link points to a path that is not valid UTF-8 (→ \(text)); not followed"
            default: reason = "symbolic link cannot be resolved (→ \(text)): \(failure.reason); not followed"
            }
            problems.append(Problem(path: path, reason: reason))
            return
        }
        guard Self.isInside(target, folder: rootCanonicalPath) else {
            problems.append(Problem(path: path, reason: "symbolic link points outside the scanned folder (→ \(text)); not followed"))
            return
        }
        let status: PosixFileSystem.Status
        switch PosixFileSystem.status(target) {
        case .success(let found): status = found
        case .failure(let failure):
            problems.append(Problem(path: path, reason: "symbolic link target cannot be examined (→ \(text)): \(failure.reason)"))
            return
        }
        switch status.kind {
        case .directory:
            folder.subfolders.append(Subfolder(path: path, absolutePath: target, id: status.id, linkText: text))
        case .regularFile:
            consider(path: path, absolutePath: target, status: status, viaLink: true, folder: &folder)
        case .symbolicLink:
            // realpath resolved every link, so stat cannot land on one; be safe anyway.
            problems.append(Problem(path: path, reason: "symbolic link cannot be resolved (→ \(text)); not followed"))
        case .other(let what):
            reportIrregular(path: path, what: what, folder: &folder)
        }
    }

    // MARK: - Reporting odd entries

    /// A name that is not UTF-8 cannot become a `String` path that still opens, so we report it
    /// (with a lossy name, U+FFFD for the bad bytes) instead of auditing it. Files lendaudit would
    /// not audit anyway stay silent; folders are always reported, since we cannot look inside.
    private mutating func reportUndecodableName(_ entry: PosixFileSystem.Entry, in path: [String], folder: inout Folder) {
        let lossyName = String(decoding: entry.name, as: UTF8.self)
        if entry.status?.kind == .directory {
            problems.append(Problem(path: path + [lossyName], reason: "the folder name is not valid UTF-8; rename it (nothing inside it was examined)"))
        } else if isAuditable(path + [lossyName]) {
            folder.hasAuditableNames = true
            problems.append(Problem(path: path + [lossyName], reason: "the file name is not valid UTF-8; rename it"))
        }
    }

    private mutating func reportIrregular(path: [String], what: String, folder: inout Folder) {
        guard isAuditable(path) else { return }
        folder.hasAuditableNames = true
        problems.append(Problem(path: path, reason: "the file is \(what), not a regular file; skipped"))
    }

    private func isAuditable(_ path: [String]) -> Bool {
        guard let name = path.last else { return false }
        return FileClassifier.kind(forPath: path) != nil || FileClassifier.configurationFileNames.contains(name.lowercased())
    }

    // MARK: - Helpers shared with single-file roots

    /// Why a regular file cannot be audited (too large, or does not open), or nil when it can.
    /// An APK or IPA is never too large here: it is read by seeking to one entry, and the limit
    /// applies to what that entry inflates to (the manifest reader checks it).
    static func unusableReason(absolutePath: String, size: Int64, kind: InputKind, maximumFileSize: Int) -> String? {
        if size > Int64(maximumFileSize), kind != .apk, kind != .ipa {
            let (actual, limit) = ByteCount.describe(size, against: Int64(maximumFileSize))
            return "the file is \(actual), over the \(limit) limit; raise it with --max-file-size"
        }
        if let failure = PosixFileSystem.checkReadable(absolutePath) {
            return "the file cannot be read (\(failure.reason))"
        }
        return nil
    }

    /// Byte-wise prefix test: `String.hasPrefix` compares canonically equivalent text as equal,
    /// which would let `é` (composed) stand for a different folder spelled `é` (decomposed).
    static func isInside(_ path: String, folder: String) -> Bool {
        if path.utf8.elementsEqual(folder.utf8) { return true }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return path.utf8.starts(with: base.utf8)
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
