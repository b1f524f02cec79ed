import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 7: a batch that mixes good apps with every kind of hostile or broken input must audit
/// every good file, name every bad one with a reason a user can act on (in all four formats),
/// exit 3, finish promptly, write nothing but its outputs and change no input.
///
/// The committed part of the folder is `Tests/EndToEndTests/Hostile/` (built by
/// `scripts/make-hostile-corpus.py`); what git cannot hold (symbolic-link loops, a name that is
/// not UTF-8, a named pipe, an unreadable file, a 33 MB file, 200,000-deep nesting) is made here.
@Suite(.serialized) struct HostileInputTests {
    static let packageRoot = TestPackage.root
    /// Beside this file, so the suite and its folder can move to their own test target together.
    static let committedCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")
    /// Good apps whose findings must come out the same with or without hostile neighbours.
    static let goodFixtures = ["jieqianbao-gbk", "pesoloan-ios", "quickcash", "huidai-collection", "lawful-lender"]
    /// Awkward but valid inputs: each must be audited and give at least one finding.
    static let awkwardApps = ["ok-utf16-bom", "ok-unclosed-markup", "ok-deep-html"]
    static let contactsRefusal = "<p>如您拒绝授权通讯录，我们将无法为您提供借款服务。</p>"
    static let nesting = 200_000
    static let isRoot = geteuid() == 0

    /// Every input that must be reported, with words its reason must contain.
    static var expectedErrors: [String: String] {
        var expected = [
            "bad-android-manifest/AndroidManifest.xml": "not well-formed XML",
            "bad-app-json/app.json": "not valid JSON5",
            "bad-billion-laughs-android/AndroidManifest.xml": "no entity was expanded or fetched",
            "bad-billion-laughs-plist/Info.plist": "declares XML entities",
            "bad-binary-named-html/agreement.html": "binary data, not text",
            "bad-empty/agreement.html": "the file is empty",
            "bad-nul-bytes/agreement.html": "binary data, not text",
            "bad-external-dtd/AndroidManifest.xml": "no entity was expanded or fetched",
            "bad-external-entity/AndroidManifest.xml": "no entity was expanded or fetched",
            "bad-info-plist/Info.plist": "not a valid property list",
            "bad-invalid-utf8/agreement.txt": "not valid UTF-8, GB18030 or Big5",
            "bad-ipa-dot-dot/app.ipa": "climbs out of the archive",
            "bad-lendaudit-yml/lendaudit.yml": "not valid YAML",
            "bad-markup-only/agreement.html": "no readable text",
            "bad-module-json5/entry/src/main/module.json5": "not valid JSON5",
            "bad-zip-absolute/app.apk": "absolute path",
            "bad-zip-bomb-ratio/app.apk": "zip bomb",
            "bad-zip-bomb-size/app.apk": "over the 16 MB limit",
            "bad-zip-corrupt/app.apk": "truncated or damaged",
            "bad-zip-dot-dot/app.apk": "climbs out of the archive",
            "bad-zip-empty/app.apk": "empty ZIP archive",
            "bad-zip-fake/app.apk": "not a readable ZIP archive",
            "bad-zip-lying-size/app.apk": "zip bomb",
            "bad-zip-truncated/app.apk": "not a readable ZIP archive",
            // Made at test time:
            "bad-symlink-loop/a.html": "loop",
            "bad-symlink-loop/b.html": "loop",
            "bad-symlink-loop/self": "loop",
            "bad-symlink-loop/outside.html": "points outside the scanned folder",
            "bad-symlink-loop/gone.html": "points to nothing",
            "bad-name/\u{FFFD}\u{FFFD}.html": "not valid UTF-8; rename it",
            "bad-named-pipe/agreement.html": "named pipe",
            "bad-too-large/agreement.html": "raise it with --max-file-size",
            "bad-deep-xml/AndroidManifest.xml": "more than 256 deep",
            "bad-deep-json5/module.json5": "nested more than 512 deep",
            "bad-deep-app-json/app.json": "nested more than 512 deep",
        ]
        // Root reads a chmod-000 file anyway; then it is simply audited.
        if !isRoot { expected["bad-unreadable/agreement.html"] = "cannot be read" }
        return expected
    }

    @Test func mixedFolderAuditsTheGoodAndNamesEveryBadInputInEveryFormat() throws {
        let work = try Workspace()
        defer { work.remove() }
        try Self.buildMixedFolder(at: work.mixed)
        for fixture in Self.goodFixtures {
            try FileManager.default.copyItem(atPath: Self.packageRoot.appendingPathComponent("fixtures/\(fixture)").path,
                                             toPath: work.clean + "/" + fixture)
        }
        let before = try TreeSnapshot(work.mixed)

        let outputs = work.outputs
        let started = ContinuousClock.now
        let run = try Self.lendaudit(
            ["scan", work.mixed, "--output", outputs + "/report.md", "--json", outputs + "/report.json",
             "--sarif", outputs + "/report.sarif", "--junit", outputs + "/report.xml"],
            in: work.currentFolder, logs: work.logs
        )
        let elapsed = ContinuousClock.now - started

        #expect(run.status == 3, "stderr: \(run.stderr)")
        // Debug build, 2 cores: the whole folder takes about a second; 30 s means something hung.
        #expect(elapsed < .seconds(30), "the scan took \(elapsed)")

        // Inputs unchanged, nothing written beside them or in the working folder, and only the
        // four reports (no leftover temporary files) in the output folder.
        #expect(try TreeSnapshot(work.mixed) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.currentFolder).isEmpty)
        // Archives are read by seeking, never extracted: nothing in the temporary folder either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.temporary).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputs).sorted()
            == ["report.json", "report.md", "report.sarif", "report.xml"])

        // JSON: exactly one error per bad input, each with an actionable reason.
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outputs + "/report.json"))) as? [String: Any]
        let errors = report?["inputErrors"] as? [[String: Any]] ?? []
        // Paths start with the root as typed (here the absolute path of the folder); compared without it.
        let reasons = Dictionary(errors.map { (Self.relative($0["path"] as? String ?? "", to: work.mixed), $0["reason"] as? String ?? "") }, uniquingKeysWith: { $0 + " | " + $1 })
        #expect(errors.count == Self.expectedErrors.count, "errors: \(reasons.keys.sorted())")
        #expect(Set(reasons.keys) == Set(Self.expectedErrors.keys),
                "unexpected: \(Set(reasons.keys).subtracting(Self.expectedErrors.keys).sorted()); missing: \(Set(Self.expectedErrors.keys).subtracting(reasons.keys).sorted())")
        for (path, words) in Self.expectedErrors {
            #expect(reasons[path]?.contains(words) == true, "\(path): \(reasons[path] ?? "no error")")
        }

        // Every format names every bad input and its reason. Markdown, SARIF and JUnit escape
        // some characters, so compare on the reason's expected words and a plain path.
        let markdown = try String(contentsOfFile: outputs + "/report.md", encoding: .utf8)
        let sarif = try String(contentsOfFile: outputs + "/report.sarif", encoding: .utf8)
        let junit = try String(contentsOfFile: outputs + "/report.xml", encoding: .utf8)
        let errorSection = markdown.components(separatedBy: "## Inputs that could not be audited").last ?? ""
        #expect(markdown.contains("## Inputs that could not be audited"))
        for (relativePath, words) in Self.expectedErrors where !relativePath.hasPrefix("bad-name/") {
            let path = work.mixed + "/" + relativePath
            #expect(errorSection.contains(path), "Markdown does not name \(path)")
            #expect(sarif.contains("\"text\" : \"\(path): "), "SARIF has no notification for \(path)")
            #expect(junit.contains("name=\"input: \(path)\""), "JUnit has no error case for \(path)")
            for text in [errorSection, sarif, junit] { #expect(text.contains(words), "\(path): '\(words)' missing from a report") }
        }
        #expect(junit.components(separatedBy: "type=\"input-error\"").count - 1 == Self.expectedErrors.count)
        #expect(sarif.components(separatedBy: "\"level\" : \"error\"").count - 1 >= Self.expectedErrors.count)

        // The good apps' findings are exactly those of a scan without the hostile neighbours.
        let cleanRun = try Self.lendaudit(["scan", work.clean, "--format", "json", "--output", work.logs + "/clean.json"],
                                          in: work.currentFolder, logs: work.logs)
        #expect(cleanRun.status == 1, "stderr: \(cleanRun.stderr)")
        let clean = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work.logs + "/clean.json"))) as? [String: Any]
        let mixedApps = Self.appsByPath(report, root: work.mixed)
        let cleanApps = Self.appsByPath(clean, root: work.clean)
        #expect(cleanApps.count == Self.goodFixtures.count)
        #expect(cleanApps.values.map { ($0["findings"] as? [Any])?.count ?? 0 }.reduce(0, +) > 0, "the good apps should have findings")
        for (path, app) in cleanApps {
            // Compared as canonical JSON: Foundation on Linux cannot compare nested `Any` values.
            #expect(try mixedApps[path].map { try Self.canonical($0, root: work.mixed) } == Self.canonical(app, root: work.clean),
                    "\(path) is reported differently beside hostile inputs")
        }
        for name in Self.awkwardApps {
            #expect(((mixedApps[name]?["findings"] as? [Any])?.count ?? 0) >= 1, "\(name) was not audited")
        }
    }

    @Test func fileOverTheDefaultSizeLimitSaysHowToRaiseItAndIsNotRead() throws {
        let work = try Workspace()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.mixed + "/big", withIntermediateDirectories: true)
        try Self.sparseFile(work.mixed + "/big/agreement.html", size: 32 * 1024 * 1024 + 1)
        let run = try Self.lendaudit(["scan", work.mixed, "--format", "json"], in: work.currentFolder, logs: work.logs)
        #expect(run.status == 3)
        // Both sizes round to 32 MB, so the message gives them in bytes.
        #expect(run.stderr.contains("big/agreement.html: the file is 33554433 bytes, over the 33554432-byte limit; raise it with --max-file-size"),
                "stderr: \(run.stderr)")
        // Raised past it, the same file is read (and, being all NUL bytes, is binary).
        let raised = try Self.lendaudit(["scan", work.mixed, "--format", "json", "--max-file-size", "64"], in: work.currentFolder, logs: work.logs)
        #expect(raised.stderr.contains("big/agreement.html: the file holds binary data"), "stderr: \(raised.stderr)")
    }

    // MARK: - Building the folder

    static func buildMixedFolder(at root: String) throws {
        let files = FileManager.default
        for name in try files.contentsOfDirectory(atPath: committedCorpus.path) {
            try files.copyItem(atPath: committedCorpus.appendingPathComponent(name).path, toPath: root + "/" + name)
        }
        for fixture in goodFixtures {
            try files.copyItem(atPath: packageRoot.appendingPathComponent("fixtures/\(fixture)").path, toPath: root + "/" + fixture)
        }
        func write(_ relative: String, _ text: String) throws {
            let path = root + "/" + relative
            try files.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        func posix(_ result: Int32, _ what: String) throws {
            if result != 0 { throw POSIXError(.init(rawValue: errno) ?? .EIO, userInfo: [NSLocalizedDescriptionKey: what]) }
        }

        // Symbolic links: two files pointing at each other, and a folder pointing at itself.
        try write("bad-symlink-loop/terms.html", contactsRefusal)
        try posix(symlink("b.html", root + "/bad-symlink-loop/a.html"), "symlink a")
        try posix(symlink("a.html", root + "/bad-symlink-loop/b.html"), "symlink b")
        try posix(symlink(".", root + "/bad-symlink-loop/self"), "symlink self")
        // And links that lead out of the scanned folder, or nowhere.
        try posix(symlink("/etc/passwd", root + "/bad-symlink-loop/outside.html"), "symlink outside")
        try posix(symlink("missing.html", root + "/bad-symlink-loop/gone.html"), "symlink dangling")

        // A file name that is not UTF-8 (0xFF 0xFE), as a Latin-1 or GBK file system could give.
        try write("bad-name/terms.html", contactsRefusal)
        let rawName = Array((root + "/bad-name/").utf8) + [0xFF, 0xFE] + Array(".html".utf8)
        let descriptor = open(rawName.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).write(Data(contactsRefusal.utf8))

        // A named pipe with an agreement's name: opening it would block forever.
        try files.createDirectory(atPath: root + "/bad-named-pipe", withIntermediateDirectories: true)
        try posix(mkfifo(root + "/bad-named-pipe/agreement.html", 0o644), "mkfifo")

        // Unreadable (unless this process is root, which reads it anyway).
        try write("bad-unreadable/agreement.html", contactsRefusal)
        try write("bad-unreadable/lendaudit.yml", "name: bad-unreadable\ncategory: lending\n")
        try posix(chmod(root + "/bad-unreadable/agreement.html", 0), "chmod")

        // One byte over the default 32 MiB limit; sparse, so it costs no disk.
        try files.createDirectory(atPath: root + "/bad-too-large", withIntermediateDirectories: true)
        try sparseFile(root + "/bad-too-large/agreement.html", size: 32 * 1024 * 1024 + 1)

        // 200,000 levels: libxml2's HTML parser flattens it (the clause is still found), the XML
        // manifest reader refuses it, the JSON5 readers stop at 512.
        try write("ok-deep-html/lendaudit.yml", "name: ok-deep-html\ncategory: lending\n")
        try write("ok-deep-html/agreement.html", "<html><body>" + String(repeating: "<div>", count: nesting)
            + contactsRefusal + String(repeating: "</div>", count: nesting) + "</body></html>")
        try write("bad-deep-xml/AndroidManifest.xml",
                  "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"deep\">"
                      + "<uses-permission android:name=\"android.permission.READ_CONTACTS\"/>"
                      + String(repeating: "<a>", count: nesting) + String(repeating: "</a>", count: nesting) + "</manifest>")
        try write("bad-deep-json5/module.json5", "{module: {requestPermissions: [{name: 'ohos.permission.READ_CONTACTS'}]}, deep: "
            + String(repeating: "[", count: nesting) + String(repeating: "]", count: nesting) + "}")
        try write("bad-deep-app-json/app.json", "{\"permission\": " + String(repeating: "{\"a\": ", count: nesting) + "1"
            + String(repeating: "}", count: nesting) + "}")
    }

    static func sparseFile(_ path: String, size: Int) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        guard descriptor >= 0, ftruncate(descriptor, off_t(size)) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        close(descriptor)
    }

    static func canonical(_ value: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    /// Apps by their folder, relative to the scanned root (reports show it as typed).
    static func appsByPath(_ report: [String: Any]?, root: String) -> [String: [String: Any]] {
        let apps = report?["apps"] as? [[String: Any]] ?? []
        return Dictionary(apps.map { (relative($0["path"] as? String ?? "", to: root), $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func relative(_ path: String, to root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    /// `canonical` with the root's prefix taken out of every path in the app (messages of
    /// app-level findings quote a manifest's path too).
    static func canonical(_ value: [String: Any], root: String) throws -> String {
        let escaped = root.replacingOccurrences(of: "/", with: "\\/")
        return String(decoding: try canonical(value), as: UTF8.self)
            .replacingOccurrences(of: root + "/", with: "")
            .replacingOccurrences(of: escaped + "\\/", with: "")
    }

    // MARK: - Running the binary

    /// Runs lendaudit in `folder`, its streams logged under `logs`, with a private temporary
    /// folder (so a test can see whether anything was extracted there).
    static func lendaudit(_ arguments: [String], in folder: String, logs: String) throws -> BinaryRun {
        try BinaryRun.lendaudit(
            arguments, in: folder, logs: logs,
            environment: ["TMPDIR": (folder as NSString).deletingLastPathComponent + "/tmp"]
        )
    }

    /// Separate folders for the scanned inputs, a clean copy of the good apps, the working
    /// folder, the outputs and the logs, so each can be checked for stray writes on its own.
    struct Workspace {
        let base: String
        var mixed: String { base + "/mixed" }
        var clean: String { base + "/clean" }
        var currentFolder: String { base + "/cwd" }
        var outputs: String { base + "/out" }
        var logs: String { base + "/logs" }
        /// TMPDIR of the runs (beside `currentFolder`, see `lendaudit(_:in:logs:)`).
        var temporary: String { base + "/tmp" }

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-hostile-\(UUID().uuidString)")
                .resolvingSymlinksInPath().path
            for folder in [mixed, clean, currentFolder, outputs, logs, temporary] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }

        /// Restores permissions first, so the chmod-000 file can be removed by a non-root user.
        func remove() {
            _ = chmod(mixed + "/bad-unreadable/agreement.html", 0o644)
            try? FileManager.default.removeItem(atPath: base)
        }
    }
}

/// Every entry under a folder (not following links): type, mode, size, modification time and,
/// for readable regular files, the bytes. Equal snapshots mean nothing was added, removed,
/// changed or touched. Walks with POSIX calls so names that are not UTF-8 are kept as bytes.
struct TreeSnapshot: Equatable {
    struct Entry: Equatable {
        var mode: UInt32
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
        var link: [UInt8]?
        var contents: Data?
    }

    var entries: [[UInt8]: Entry] = [:]

    init(_ root: String) throws {
        try walk(Array(root.utf8), relative: [])
    }

    private mutating func walk(_ folder: [UInt8], relative: [UInt8]) throws {
        guard let directory = opendir(Self.cPath(folder)) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name != [0x2E], name != [0x2E, 0x2E] { names.append(name) }
        }
        for name in names {
            let path = folder + [0x2F] + name
            let key = relative + [0x2F] + name
            var info = stat()
            guard lstat(Self.cPath(path), &info) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
            #if canImport(Glibc)
            let modified = info.st_mtim
            #else
            let modified = info.st_mtimespec
            #endif
            var entry = Entry(mode: UInt32(info.st_mode), size: Int64(info.st_size), modified: Int(modified.tv_sec),
                              modifiedNanoseconds: Int(modified.tv_nsec))
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                entries[key] = entry
                try walk(path, relative: key)
                continue
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: 4096)
                let count = readlink(Self.cPath(path), &buffer, buffer.count)
                entry.link = count > 0 ? buffer.prefix(count).map { UInt8(bitPattern: $0) } : []
            case S_IFREG:
                // Unreadable files (non-root) keep only their metadata.
                entry.contents = FileManager.default.contents(atPath: String(decoding: path, as: UTF8.self))
            default:
                break   // named pipes: never opened
            }
            entries[key] = entry
        }
    }

    private static func cPath(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
    }
}
