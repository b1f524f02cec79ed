import Findings

/// Turns the paths a user gives into apps to audit: the only stage that lists folders.
///
/// Discovery reads the file system and nothing else: it opens files only to check they open,
/// reads only lendaudit.yml, and prints nothing. Everything it could not use is an `InputError`.
public enum Discovery {
    /// Finds the apps under `roots` (files, app folders or folders of apps, possibly nested).
    /// The result is the same for the same tree, whatever order the disk lists folders in.
    public static func discover(roots: [String], options: DiscoveryOptions = .init()) -> DiscoveryResult {
        var apps: [AppBundle] = []
        var errors: [InputError] = []
        var skipped: [SkippedFile] = []
        var scanned: Set<String> = []
        for typed in roots {
            let root = ScanRoot(typed: typed, severalRoots: roots.count > 1)
            let canonical: String
            switch PosixFileSystem.canonicalPath(root.typed) {
            case .success(let path): canonical = path
            case .failure(let failure):
                let reason = failure.cause == .missing ? "no such file or folder" : "cannot be opened (\(failure.reason))"
                errors.append(InputError(path: root.typed, reason: reason))
                continue
            }
            // The same place typed twice (`.` and its full path) would audit everything twice.
            guard scanned.insert(canonical).inserted else { continue }

            let found: (apps: [AppBundle], errors: [InputError], skipped: [SkippedFile])
            switch PosixFileSystem.status(canonical) {
            case .failure(let failure):
                found = ([], [InputError(path: root.typed, reason: "cannot be opened (\(failure.reason))")], [])
            case .success(let status):
                switch status.kind {
                case .directory: found = scanFolder(root, canonicalPath: canonical, id: status.id, options: options)
                case .regularFile: found = scanFile(root, canonicalPath: canonical, size: status.size, options: options)
                case .symbolicLink, .other:
                    found = ([], [InputError(path: root.typed, reason: "not a file or folder; lendaudit reads files and folders")], [])
                }
            }
            apps += found.apps
            errors += found.errors
            skipped += found.skipped
        }
        apps.sort { ($0.identity, $0.displayPath, $0.absolutePath) < ($1.identity, $1.displayPath, $1.absolutePath) }
        // InputError's own order ignores `app`; include it so equal paths and reasons sort stably.
        errors.sort { ($0.path, $0.reason, $0.app ?? "") < ($1.path, $1.reason, $1.app ?? "") }
        return DiscoveryResult(apps: apps, errors: errors, skipped: skipped.sorted())
    }

    // MARK: - A folder root

    private static func scanFolder(
        _ root: ScanRoot, canonicalPath: String, id: PosixFileSystem.FileID, options: DiscoveryOptions
    ) -> (apps: [AppBundle], errors: [InputError], skipped: [SkippedFile]) {
        var walker = FolderWalker(rootCanonicalPath: canonicalPath, maximumFileSize: options.maximumFileSize)
        var apps: [AppBundle] = []
        var errors: [InputError] = []
        // Every app folder, to give each problem to the deepest one above it, and the identity of
        // those that became apps. Keyed by bytes: two names that are the same text in different
        // Unicode forms are two folders, though equal as Swift strings.
        var appFolders: Set<[UInt8]> = []
        var identities: [[UInt8]: String] = [:]
        var emptyApps: [AppAssembler.Draft] = []
        // Each app is made as soon as its folder is walked: the walker does not hold the tree.
        walker.walkRoot(id: id) { draft in
            let key = folderKey(draft.folderPath[...])
            appFolders.insert(key)
            // An app folder without a single usable file is not an app; its config is not even read.
            // When it had a config, or documents lendaudit skipped, it must not vanish unnoticed:
            // unusable auditable files already have their own errors.
            guard !draft.files.isEmpty else {
                emptyApps.append(draft)
                return
            }
            let (metadata, problems) = readConfiguration(of: draft, maximumFileSize: options.maximumFileSize, knownCategories: options.knownCategories)
            let identity = metadata?.name ?? draft.folderPath.last ?? root.folderName(canonicalPath: canonicalPath)
            identities[key] = identity
            errors += problems.map { InputError(path: root.display($0.path), app: identity, reason: $0.reason) }
            let files = draft.files.map { file in
                InputFile(
                    absolutePath: file.absolutePath,
                    displayPath: root.display(file.path),
                    pathInApp: file.path.dropFirst(draft.folderPath.count).joined(separator: "/"),
                    kind: file.kind
                )
            }
            if options.appPerFile {
                // `--app-per-file`: a flat folder of unrelated documents, each its own app.
                for (file, found) in zip(files, draft.files) {
                    apps.append(AppBundle(
                        identity: FileClassifier.baseName(of: found.path.last ?? file.pathInApp),
                        displayPath: file.displayPath, absolutePath: draft.absolutePath, metadata: metadata, files: [file]
                    ))
                }
                return
            }
            var app = AppBundle(
                identity: identity,
                displayPath: root.display(draft.folderPath),
                absolutePath: draft.absolutePath,
                metadata: metadata,
                files: files.sorted { $0.displayPath < $1.displayPath }
            )
            app.severalApps = AppAssembler.severalApps(draft.files.map { Array($0.path.dropFirst(draft.folderPath.count)) }, kinds: draft.files.map(\.kind))
            apps.append(app)
        }

        for problem in walker.problems {
            // The deepest app folder above the problem owns it (a nested app with its own
            // lendaudit.yml owns its sub-tree); none when that folder did not become an app.
            let owner = stride(from: problem.path.count, through: 0, by: -1)
                .lazy.map { folderKey(problem.path.prefix($0)) }
                .first { appFolders.contains($0) }
            errors.append(InputError(path: root.display(problem.path), app: owner.flatMap { identities[$0] }, reason: problem.reason))
        }

        func owner(_ path: [String]) -> String? {
            stride(from: path.count, through: 0, by: -1)
                .lazy.map { folderKey(path.prefix($0)) }
                .first { appFolders.contains($0) }
                .flatMap { identities[$0] }
        }
        let skipped = walker.skipped.map { SkippedFile(path: root.display($0.path), app: owner($0.path), reason: $0.reason) }

        for draft in emptyApps where !draft.folderPath.isEmpty || !apps.isEmpty {
            // Below the root (the root's own case is worded after this loop): an app folder, made
            // one by its lendaudit.yml or its files' names, with nothing lendaudit could read.
            let below = walker.skipped.filter { $0.path.starts(with: draft.folderPath) && !$0.path.last!.hasSuffix("/") }
            let unusable = walker.problems.contains { $0.path.starts(with: draft.folderPath) && $0.path.count > draft.folderPath.count }
            guard !unusable else { continue }
            let reason = below.isEmpty
                ? "this app folder holds no agreement or manifest lendaudit reads"
                : FolderWalker.nothingReadable(below.map { FileClassifier.pathExtension(of: ($0.path.last ?? "").lowercased()) })
            errors.append(InputError(path: root.display(draft.folderPath), reason: reason))
        }

        if apps.isEmpty {
            // When something here was found but unusable, those errors already say why.
            var reason = errors.isEmpty ? "no agreements or manifests found here" : "nothing here could be audited"
            if errors.isEmpty, !skipped.isEmpty {
                reason += " (" + SkippedFile.summary(skipped) + ")"
            }
            errors.append(InputError(path: root.typed, reason: reason))
        }
        return (apps, errors, skipped)
    }

    /// A folder's components as one byte string (`/` cannot occur in a name).
    private static func folderKey(_ components: ArraySlice<String>) -> [UInt8] {
        Array(components.joined(separator: "/").utf8)
    }

    /// Reads the app's lendaudit.yml. Problems never drop the app: it is audited with whatever
    /// keys were valid (all defaults when the file does not parse).
    private static func readConfiguration(
        of draft: AppAssembler.Draft, maximumFileSize: Int, knownCategories: [String]
    ) -> (AppMetadata?, [FolderWalker.Problem]) {
        var problems = draft.ignoredConfigurations.map { ignored in
            FolderWalker.Problem(
                path: draft.folderPath + [ignored.name],
                reason: "ignored: this folder also has \(draft.configuration?.name ?? "another config file"), which is the one read"
            )
        }
        guard let configuration = draft.configuration else { return (nil, problems) }
        let path = draft.folderPath + [configuration.name]
        if case .success(let status) = PosixFileSystem.status(configuration.absolutePath),
           status.size > Int64(maximumFileSize) {
            let (actual, limit) = ByteCount.describe(status.size, against: Int64(maximumFileSize))
            problems.append(FolderWalker.Problem(path: path, reason: "the file is \(actual), over the \(limit) limit; raise it with --max-file-size"))
            return (nil, problems)
        }
        switch PosixFileSystem.contents(of: configuration.absolutePath) {
        case .failure(let failure):
            problems.append(FolderWalker.Problem(path: path, reason: "the file cannot be read (\(failure.reason))"))
            return (nil, problems)
        case .success(let bytes):
            let outcome = AppMetadataLoader.load(bytes: bytes, knownCategories: knownCategories)
            problems += outcome.problems.map { FolderWalker.Problem(path: path, reason: $0) }
            return (outcome.metadata, problems)
        }
    }

    // MARK: - A single-file root

    /// A file given directly is an app of one file, named after the file without its extension.
    /// Its folder's lendaudit.yml is not read: the user picked this one file.
    private static func scanFile(
        _ root: ScanRoot, canonicalPath: String, size: Int64, options: DiscoveryOptions
    ) -> (apps: [AppBundle], errors: [InputError], skipped: [SkippedFile]) {
        let display = root.forSingleFile()
        let typedName = root.lastComponent
        let canonicalName = canonicalPath.split(separator: "/").last.map(String.init) ?? typedName
        // The typed name decides; a link typed under a neutral name falls back to its target's;
        // then the first bytes (a page saved as `.jsp`, a binary manifest under another name).
        var sniffed: InputKind?
        if FileClassifier.kind(forFileName: typedName) == nil, FileClassifier.kind(forFileName: canonicalName) == nil,
           case .success(let head) = PosixFileSystem.head(of: canonicalPath, limit: FileClassifier.sniffLength) {
            sniffed = FileClassifier.kind(sniffing: head)
        }
        guard let kind = FileClassifier.kind(forFileName: typedName) ?? FileClassifier.kind(forFileName: canonicalName) ?? sniffed else {
            // The user named this one file: not reading it leaves the audit incomplete.
            return ([], [InputError(path: root.typed, reason: FileClassifier.skipReason(name: typedName, sniffed: true) + "; " + unsupportedFileReason)], [])
        }
        let identity = FileClassifier.baseName(of: typedName)
        if let reason = FolderWalker.unusableReason(absolutePath: canonicalPath, size: size, kind: kind, maximumFileSize: options.maximumFileSize) {
            return ([], [InputError(path: root.typed, app: identity, reason: reason)], [])
        }
        let folder = canonicalPath.lastIndex(of: "/").map { index in
            index == canonicalPath.startIndex ? "/" : String(canonicalPath[..<index])
        } ?? canonicalPath
        let file = InputFile(absolutePath: canonicalPath, displayPath: display.display([typedName]), pathInApp: typedName, kind: kind)
        let app = AppBundle(identity: identity, displayPath: display.display([]), absolutePath: folder, metadata: nil, files: [file])
        return ([app], [], [])
    }

    static let unsupportedFileReason = "lendaudit audits agreements (.html, .htm, .xhtml, .mht, .mhtml, .txt, and pages saved "
        + "as .jsp, .php, .asp, .shtml) and manifests (AndroidManifest.xml, .apk, Info.plist, .ipa, project.pbxproj, "
        + "module.json5, module.json, app.json, also under a prefixed name such as easypeso-AndroidManifest.xml)"
}
