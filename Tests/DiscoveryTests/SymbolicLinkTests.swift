import Testing
import Discovery
import Findings

/// Links are followed only inside the scanned folder, never round a loop, and a file is read
/// once per app.
struct SymbolicLinkTests {
    @Test func linkedFileBesideItsTargetIsReadOnce() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.link("acme/docs/terms-copy.html", to: "../terms.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
    }

    @Test func policyLinkedIntoTwoAppsBelongsToBoth() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/.shared/privacy.html")
        try tree.file("market/acme/AndroidManifest.xml", "<manifest/>")
        try tree.link("market/acme/privacy.html", to: "../.shared/privacy.html")
        try tree.link("market/beta/privacy.html", to: "../.shared/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["acme", "beta"])
        #expect(result.apps.first?.files.map(\.displayPath) == ["acme/AndroidManifest.xml", "acme/privacy.html"])
        let linked = try #require(result.apps.last?.files.first)
        #expect(linked.displayPath == "beta/privacy.html")
        #expect(linked.pathInApp == "privacy.html")
        // Later stages open the checked target, not the link.
        #expect(linked.absolutePath == tree.path("market/.shared/privacy.html"))
    }

    @Test func linkedFolderInsideTheRootIsWalkedAtTheLinksPlace() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/acme/AndroidManifest.xml", "<manifest/>")
        try tree.link("market/acme/docs", to: "../common-docs")
        try tree.file("market/common-docs/privacy.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.errors.isEmpty)
        #expect(result.apps.map(\.identity) == ["acme", "common-docs"])
        #expect(result.apps.first?.files.map(\.pathInApp) == ["AndroidManifest.xml", "docs/privacy.html"])
    }

    @Test func fileLinkOutOfTheRootIsReportedNotFollowed() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.link("acme/passwd.txt", to: "/etc/passwd")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors == [InputError(
            path: "passwd.txt",
            app: "acme",
            reason: "symbolic link points outside the scanned folder (→ /etc/passwd); not followed"
        )])
    }

    @Test func folderLinkOutOfTheRootIsReportedNotFollowed() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.file("elsewhere/secret.html")
        try tree.link("acme/relative", to: "../elsewhere")
        try tree.link("acme/absolute", to: tree.path("elsewhere"))

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors.map(\.path) == ["absolute", "relative"])
        #expect(result.errors.allSatisfy { $0.reason.hasPrefix("symbolic link points outside the scanned folder") })
        #expect(result.errors.last?.reason == "symbolic link points outside the scanned folder (→ ../elsewhere); not followed")
    }

    @Test func linkToAnEnclosingFolderIsALoopAndNotFollowed() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.link("acme/docs/up", to: "..")
        try tree.link("acme/here", to: ".")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors == [
            InputError(path: "docs/up", app: "acme", reason: "symbolic link makes a loop (→ ..); not followed"),
            InputError(path: "here", app: "acme", reason: "symbolic link makes a loop (→ .); not followed"),
        ])
    }

    @Test func linksPointingAtEachOtherAreALoop() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.link("acme/a.html", to: "b.html")
        try tree.link("acme/b.html", to: "a.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.map(\.displayPath) == ["terms.html"])
        #expect(result.errors.map(\.reason) == [
            "symbolic link makes a loop (→ b.html); not followed",
            "symbolic link makes a loop (→ a.html); not followed",
        ])
    }

    @Test func crossLinkedFoldersTerminate() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("market/acme/terms.html")
        try tree.file("market/beta/terms.html")
        try tree.link("market/acme/to-beta", to: "../beta")
        try tree.link("market/beta/to-acme", to: "../acme")

        let result = Discovery.discoverRootRelative(roots: [tree.path("market")])

        #expect(result.apps.map(\.identity) == ["acme", "beta"])
        #expect(result.apps.first?.files.map(\.displayPath) == ["acme/terms.html", "acme/to-beta/terms.html"])
        // acme/to-beta/to-acme and beta/to-acme/to-beta lead back to where they started.
        #expect(result.errors.map(\.path) == ["acme/to-beta/to-acme", "beta/to-acme/to-beta"])
        #expect(result.errors.allSatisfy { $0.reason.hasPrefix("symbolic link makes a loop") })
    }

    @Test func danglingLinkIsReported() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("acme/terms.html")
        try tree.link("acme/gone.html", to: "missing.html")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.apps.first?.files.count == 1)
        #expect(result.errors.map(\.reason) == ["symbolic link points to nothing (→ missing.html); skipped"])
    }

    @Test func rootThatIsALinkIsFollowed() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("real/acme-v2/terms.html")
        try tree.link("acme", to: "real/acme-v2")

        let result = Discovery.discoverRootRelative(roots: [tree.path("acme")])

        #expect(result.errors.isEmpty)
        // The name the user typed, not the link's target.
        #expect(result.apps.map(\.identity) == ["acme"])
        #expect(result.apps.first?.files.map(\.absolutePath) == [tree.path("real/acme-v2/terms.html")])
    }
}
