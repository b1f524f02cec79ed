import Testing
@testable import Discovery
import Findings
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Inputs that cannot be audited become errors; the rest of the batch goes on.
struct FileSystemEdgeTests {
    @Test func fileOverTheSizeLimitIsReportedAndLeftOut() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.file("acme/AndroidManifest.xml", String(repeating: "x", count: 2000))
        try tree.file("acme/exact.txt", String(repeating: "x", count: 1024))

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")], options: DiscoveryOptions(maximumFileSize: 1024))

        #expect(result.apps.first?.files.map(\.displayPath) == ["exact.txt", "terms.html"])
        #expect(result.errors == [InputError(
            path: "AndroidManifest.xml",
            app: "acme",
            reason: "the file is 2 KB, over the 1 KB limit; raise it with --max-file-size"
        )])
    }

    /// An APK or IPA is read by seeking to one entry, so its size on disk is no reason to refuse
    /// it: the limit applies to what that entry inflates to, in the manifest reader.
    @Test func archivesAreNotRefusedForTheirSizeOnDisk() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/app.apk", String(repeating: "x", count: 2000))
        try tree.file("acme/app.ipa", String(repeating: "x", count: 2000))
        try tree.file("single.apk", String(repeating: "x", count: 2000))

        let options = DiscoveryOptions(maximumFileSize: 1024)
        let result = Discovery.discover(roots: [tree.path("acme")], options: options)
        // Display paths start with the root as typed.
        #expect(result.apps.first?.files.map(\.displayPath) == ["app.apk", "app.ipa"].map { tree.path("acme/" + $0) })
        #expect(result.errors.isEmpty)
        let single = Discovery.discover(roots: [tree.path("single.apk")], options: options)
        #expect(single.apps.map(\.identity) == ["single"])
        #expect(single.errors.isEmpty)
    }

    @Test func oversizedFileStillMakesItsFolderAnAppFolder() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/AndroidManifest.xml", String(repeating: "x", count: 2000))
        try tree.file("acme/docs/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")], options: DiscoveryOptions(maximumFileSize: 1024))

        // Without the manifest the folder would be a container and "docs" an app of its own.
        #expect(result.apps.map(\.identity) == ["acme"])
        #expect(result.apps.first?.files.map(\.pathInApp) == ["docs/privacy.html"])
    }

    /// Apps are made as the walk leaves their folders, so a problem is given its app afterwards:
    /// the deepest app folder above it, or none when that folder never became an app.
    @Test func problemsBelongToTheDeepestAppFolderAboveThem() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        let oversized = String(repeating: "x", count: 2000)
        try tree.file("market/acme/privacy.html")
        try tree.file("market/acme/docs/old/AndroidManifest.xml", oversized)
        try tree.file("market/acme/lite/lendaudit.yml", "name: Acme Lite\n")
        try tree.file("market/acme/lite/terms.html")
        try tree.file("market/acme/lite/deep/AndroidManifest.xml", oversized)
        try tree.file("market/acme/zeta/AndroidManifest.xml", oversized)
        try tree.file("market/broken/AndroidManifest.xml", oversized)

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")], options: DiscoveryOptions(maximumFileSize: 1024))

        #expect(result.apps.map(\.identity) == ["Acme Lite", "acme"])
        #expect(result.apps.map { $0.files.map(\.displayPath) } == [["acme/lite/terms.html"], ["acme/privacy.html"]])
        let reason = "the file is 2 KB, over the 1 KB limit; raise it with --max-file-size"
        #expect(result.errors == [
            InputError(path: "acme/docs/old/AndroidManifest.xml", app: "acme", reason: reason),
            InputError(path: "acme/lite/deep/AndroidManifest.xml", app: "Acme Lite", reason: reason),
            InputError(path: "acme/zeta/AndroidManifest.xml", app: "acme", reason: reason),
            // An app folder with no usable file is no app: its problem has none.
            InputError(path: "broken/AndroidManifest.xml", app: nil, reason: reason),
        ])
    }

    /// `é` as one character and as `e` + accent are two folders on disk, though equal as Swift
    /// strings: each keeps its own files and its own problems.
    @Test func foldersNamedAlikeInOtherUnicodeFormsStayApart() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/\u{E9}/lendaudit.yml", "name: Composed\n")
        try tree.file("market/\u{E9}/privacy.html")
        try tree.file("market/e\u{301}/lendaudit.yml", "name: Decomposed\n")
        try tree.file("market/e\u{301}/terms.html")
        try tree.file("market/e\u{301}/AndroidManifest.xml", String(repeating: "x", count: 2000))

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")], options: DiscoveryOptions(maximumFileSize: 1024))

        #expect(result.apps.map(\.identity) == ["Composed", "Decomposed"])
        #expect(result.apps.map { $0.files.map(\.pathInApp) } == [["privacy.html"], ["terms.html"]])
        #expect(result.errors.map(\.app) == ["Decomposed"])
    }

    @Test func oversizedSingleFileRootIsAnError() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("big.html", String(repeating: "x", count: 3 * 1024 * 1024))

        let result = Discovery.discoverRootRelative(roots: [tree.path("big.html")], options: DiscoveryOptions(maximumFileSize: 1024 * 1024))

        #expect(result.apps.isEmpty)
        #expect(result.errors.map(\.reason) == ["the file is 3 MB, over the 1 MB limit; raise it with --max-file-size"])
    }

    @Test func defaultSizeLimitIs32MiB() {
        #expect(DiscoveryOptions().maximumFileSize == 32 * 1024 * 1024)
    }

    @Test func unreadableFileIsReportedUnlessThisProcessCanReadAnyway() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.file("acme/secret.html")
        tree.setPermissions("acme/secret.html", 0)

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        // As root, chmod 000 does not stop reading, and then there is nothing to report.
        if tree.canOpen("acme/secret.html") {
            #expect(result.apps.first?.files.map(\.displayPath) == ["secret.html", "terms.html"])
            #expect(result.errors.isEmpty)
        } else {
            #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
            #expect(result.errors == [InputError(path: "secret.html", app: "acme", reason: "the file cannot be read (permission denied)")])
        }
    }

    @Test func unreadableFolderIsReportedUnlessThisProcessCanListAnyway() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.file("acme/locked/more.html")
        tree.setPermissions("acme/locked", 0)

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        if tree.canList("acme/locked") {
            #expect(result.apps.first?.files.map(\.displayPath) == ["locked/more.html", "terms.html"])
            #expect(result.errors.isEmpty)
        } else {
            #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
            #expect(result.errors == [InputError(path: "locked", app: "acme", reason: "the folder cannot be read (permission denied)")])
        }
    }

    @Test func fileNameThatIsNotUTF8IsReportedWithALossyName() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        // "f\xFF.html": auditable by name, but no Swift String path can open it.
        try tree.file(inFolder: "acme", rawName: [0x66, 0xFF] + Array(".html".utf8))
        // "x\xFE.png": not auditable, so ignored silently like any other such file.
        try tree.file(inFolder: "acme", rawName: [0x78, 0xFE] + Array(".png".utf8))
        // A folder so named cannot be entered.
        try tree.folder(inFolder: "acme", rawName: [0x64, 0xC3, 0x28])

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors == [
            InputError(path: "d\u{FFFD}(", app: "acme", reason: "the folder name is not valid UTF-8; rename it (nothing inside it was examined)"),
            InputError(path: "f\u{FFFD}.html", app: "acme", reason: "the file name is not valid UTF-8; rename it"),
        ])
    }

    @Test func namedPipeWithAnAgreementNameIsReportedNotOpened() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        // Opening a FIFO for reading would block discovery forever.
        #expect(mkfifo(tree.path("acme/pipe.txt"), 0o644) == 0)

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors.map(\.reason) == ["the file is a named pipe, not a regular file; skipped"])
    }

    @Test(arguments: [
        (Int64(0), "0 bytes"), (Int64(1), "1 byte"), (Int64(1023), "1023 bytes"), (Int64(1024), "1 KB"), (Int64(2000), "2 KB"),
        (Int64(2560), "2.5 KB"), (Int64(1_048_576), "1 MB"), (Int64(125_829_120), "120 MB"),
        (Int64(33_554_432), "32 MB"), (Int64(3 * 1_073_741_824), "3 GB"),
    ] as [(Int64, String)])
    func sizesReadAtAGlance(_ bytes: Int64, _ text: String) {
        #expect(ByteCount.describe(bytes) == text)
    }

    @Test func sizeJustOverTheLimitIsSpelledExactly() {
        let described = ByteCount.describe(33_554_433, against: 33_554_432)
        #expect(described.size == "33554433 bytes")
        #expect(described.limit == "33554432-byte")
    }
}
