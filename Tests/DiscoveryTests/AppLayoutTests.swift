import Testing
import Discovery
import Findings

/// How roots become apps: single files, app folders, folders of apps, nested containers.
struct AppLayoutTests {
    @Test func singleFileRootIsAnAppOfOneFile() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("saved/Loan Terms.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("saved/Loan Terms.html")])

        #expect(result.errors.isEmpty)
        #expect(result.apps == [
            AppBundle(
                identity: "Loan Terms",
                displayPath: ".",
                absolutePath: tree.path("saved"),
                metadata: nil,
                files: [InputFile(
                    absolutePath: tree.path("saved/Loan Terms.html"),
                    displayPath: "Loan Terms.html",
                    pathInApp: "Loan Terms.html",
                    kind: .html
                )]
            ),
        ])
    }

    @Test func singleFileRootOfAnotherKindIsAnError() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("logo.png", "png")

        let result = Discovery.discoverRootRelative(roots: [tree.path("logo.png")])

        #expect(result.apps.isEmpty)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.path == tree.path("logo.png"))
        #expect(result.errors.first?.reason.hasPrefix("not an agreement or manifest (.png") == true)
        #expect(result.errors.first?.reason.contains("lendaudit audits agreements") == true)
    }

    @Test func appFolderRootIsOneAppShownAsDot() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")
        try tree.file("acme/android/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/logo.png", "png")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        let app = try #require(result.apps.first)
        #expect(result.apps.count == 1)
        #expect(app.identity == "acme")
        #expect(app.displayPath == ".")
        #expect(app.absolutePath == tree.path("acme"))
        #expect(app.files.map(\.displayPath) == ["android/AndroidManifest.xml", "privacy.html"])
        #expect(app.files.map(\.pathInApp) == ["android/AndroidManifest.xml", "privacy.html"])
        #expect(app.files.map(\.kind) == [.androidManifest, .html])
        #expect(app.files.map(\.absolutePath) == [tree.path("acme/android/AndroidManifest.xml"), tree.path("acme/privacy.html")])
    }

    @Test func folderOfAppsGivesOneAppPerFolder() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/acme/privacy.html")
        try tree.file("market/beta/terms.txt", "terms")
        try tree.file("market/beta/ios/Info.plist", "<plist/>")
        try tree.file("market/notes.docx", "ignored")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["acme", "beta"])
        #expect(result.apps.map(\.displayPath) == ["acme", "beta"])
        #expect(result.apps.last?.files.map(\.displayPath) == ["beta/ios/Info.plist", "beta/terms.txt"])
        #expect(result.apps.last?.files.map(\.pathInApp) == ["ios/Info.plist", "terms.txt"])
    }

    @Test func nestedContainersAreExaminedAllTheWayDown() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/cn/vendor-a/acme/privacy.html")
        try tree.file("market/cn/vendor-b/beta/AndroidManifest.xml", "<manifest/>")
        try tree.folder("market/hk/empty-vendor")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["acme", "beta"])
        #expect(result.apps.map(\.displayPath) == ["cn/vendor-a/acme", "cn/vendor-b/beta"])
        #expect(result.apps.first?.files.map(\.pathInApp) == ["privacy.html"])
    }

    @Test func configFileMakesAFolderOneAppEvenWithFilesOnlyBelow() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/lendaudit.yml", "name: Acme Loans\n")
        try tree.file("acme/android/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/docs/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["Acme Loans"])
        #expect(result.apps.first?.files.map(\.pathInApp) == ["android/AndroidManifest.xml", "docs/privacy.html"])
    }

    @Test func withoutConfigFileSubfoldersOfAContainerAreSeparateApps() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/android/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/docs/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.map(\.identity) == ["android", "docs"])
    }

    @Test func subfolderWithItsOwnConfigIsASeparateApp() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")
        try tree.file("acme/docs/more.html")
        try tree.file("acme/lite/lendaudit.yml", "name: Acme Lite\n")
        try tree.file("acme/lite/terms.html")
        try tree.file("acme/lite/docs/faq.txt", "faq")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["Acme Lite", "acme"])
        #expect(result.apps.map(\.displayPath) == ["lite", "."])
        #expect(result.apps.first?.files.map(\.displayPath) == ["lite/docs/faq.txt", "lite/terms.html"])
        #expect(result.apps.first?.files.map(\.pathInApp) == ["docs/faq.txt", "terms.html"])
        #expect(result.apps.last?.files.map(\.displayPath) == ["docs/more.html", "privacy.html"])
    }

    @Test func hiddenAndBuildFoldersAreSkipped() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")
        try tree.file("acme/.hidden-terms.html")
        try tree.file("acme/.git/description.html")
        try tree.file("acme/.build/debug/x.html")
        try tree.file("acme/build/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/app/build/intermediates/merged_manifests/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/app/src/main/AndroidManifest.xml", "<manifest/>")
        try tree.file("acme/node_modules/pkg/README.md", "readme")
        try tree.file("acme/ios/DerivedData/Info.plist", "<plist/>")
        try tree.file("acme/ios/Pods/Pod/Info.plist", "<plist/>")
        try tree.file("acme/ios/Acme/Info.plist", "<plist/>")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.first?.files.map(\.displayPath) == [
            "app/src/main/AndroidManifest.xml", "ios/Acme/Info.plist", "privacy.html",
        ])
    }

    @Test func hiddenRootTypedByTheUserIsStillScanned() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file(".saved/acme/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path(".saved")])

        #expect(result.apps.map(\.identity) == ["acme"])
    }

    @Test func folderWithNothingAuditableIsAnError() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/acme/logo.png", "png")
        // A config file alone does not make an app, but the app folder it names is not dropped
        // without a word: it is an input that could not be audited.
        try tree.file("market/beta/lendaudit.yml", "name: Beta\n")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.apps.isEmpty)
        #expect(result.errors == [
            InputError(path: tree.path("market"), reason: "nothing here could be audited"),
            InputError(path: "beta", reason: "this app folder holds no agreement or manifest lendaudit reads"),
        ].sorted())
        // The picture is looked at and listed, not silently dropped.
        #expect(result.skipped == [SkippedFile(path: "acme/logo.png", reason: "not an agreement or manifest (.png)")])
    }

    @Test func missingRootIsAnError() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }

        let result = Discovery.discoverRootRelative(roots: [tree.path("nowhere") + "/"])

        #expect(result.apps.isEmpty)
        #expect(result.errors == [InputError(path: tree.path("nowhere"), reason: "no such file or folder")])
    }

    @Test func rootTypedWithDotIsNamedAfterTheRealFolder() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")
        try tree.folder("acme/sub")

        let dotted = Discovery.discoverRootRelative(roots: [tree.path("acme") + "/."])
        let parent = Discovery.discoverRootRelative(roots: [tree.path("acme/sub") + "/.."])

        #expect(dotted.apps.map(\.identity) == ["acme"])
        #expect(parent.apps.map(\.identity) == ["acme"])
    }

    @Test func sameRootTwiceIsScannedOnce() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme"), tree.path("acme") + "/"])

        #expect(result.apps.count == 1)
        #expect(result.errors.isEmpty)
    }

    @Test func resultIsTheSameOnEveryRun() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        for app in ["zeta", "alpha", "mid"] {
            for file in ["b.html", "a.txt", "c/AndroidManifest.xml"] {
                try tree.file("market/\(app)/\(file)")
            }
        }
        try tree.link("market/alpha/escape.html", to: "/etc/hostname")

        let first = Discovery.discoverRootRelative(roots: [tree.path("market")])
        let second = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(first == second)
        #expect(first.apps.map(\.identity) == ["alpha", "mid", "zeta"])
        #expect(first.apps.first?.files.map(\.displayPath) == ["alpha/a.txt", "alpha/b.html", "alpha/c/AndroidManifest.xml"])
    }
}
