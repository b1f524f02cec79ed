import Testing
@testable import Discovery
import Findings

/// Paths start with their root as typed, one root or several, so that `path:line:col` opens from
/// the folder the command ran in; `.` adds nothing.
struct DisplayPathTests {
    @Test func oneRootPrefixesTheRootAsTypedToo() {
        let root = ScanRoot(typed: "fixtures/apps/", severalRoots: false)
        #expect(root.display([]) == "fixtures/apps")
        #expect(root.display(["acme", "privacy.html"]) == "fixtures/apps/acme/privacy.html")
        #expect(root.typed == "fixtures/apps")
        #expect(ScanRoot(typed: ".", severalRoots: false).display(["acme", "privacy.html"]) == "acme/privacy.html")
        #expect(ScanRoot(typed: ".", severalRoots: false).display([]) == ".")
    }

    @Test func severalRootsPrefixTheRootAsTyped() {
        let root = ScanRoot(typed: "fixtures/apps//", severalRoots: true)
        #expect(root.display([]) == "fixtures/apps")
        #expect(root.display(["acme", "privacy.html"]) == "fixtures/apps/acme/privacy.html")
        #expect(ScanRoot(typed: "/", severalRoots: true).display(["etc"]) == "/etc")
        #expect(ScanRoot(typed: ".", severalRoots: true).display(["a.html"]) == "a.html")
        #expect(ScanRoot(typed: "./apps", severalRoots: true).display(["a.html"]) == "./apps/a.html")
    }

    @Test func singleFileRootDisplaysFromItsFolder() {
        let one = ScanRoot(typed: "saved/terms.html", severalRoots: false).forSingleFile()
        #expect(one.display(["terms.html"]) == "saved/terms.html")
        #expect(one.display([]) == "saved")

        let several = ScanRoot(typed: "saved/terms.html", severalRoots: true).forSingleFile()
        #expect(several.display(["terms.html"]) == "saved/terms.html")
        #expect(several.display([]) == "saved")

        let bare = ScanRoot(typed: "terms.html", severalRoots: true).forSingleFile()
        #expect(bare.display(["terms.html"]) == "terms.html")
        #expect(bare.display([]) == ".")
    }

    @Test func rootFolderNameIgnoresDotsButKeepsTypedNames() {
        #expect(ScanRoot(typed: ".", severalRoots: false).folderName(canonicalPath: "/home/me/acme") == "acme")
        #expect(ScanRoot(typed: "./", severalRoots: false).folderName(canonicalPath: "/home/me/acme") == "acme")
        #expect(ScanRoot(typed: "../..", severalRoots: false).folderName(canonicalPath: "/home") == "home")
        #expect(ScanRoot(typed: "apps/acme/.", severalRoots: false).folderName(canonicalPath: "/x/apps/acme") == "acme")
        #expect(ScanRoot(typed: "latest", severalRoots: false).folderName(canonicalPath: "/x/acme-v2") == "latest")
        #expect(ScanRoot(typed: "/", severalRoots: false).folderName(canonicalPath: "/") == "/")
    }

    @Test func severalRootsOnDiskUseTheTypedPrefixes() throws {
        let tree = try TemporaryTree()
        defer { tree.remove() }
        try tree.file("fixtures/apps/acme/privacy.html")
        try tree.file("fixtures/apps/acme/lendaudit.yml", "catgory: lending\n")
        try tree.file("saved/beta.html")
        let appsRoot = tree.path("fixtures/apps")
        let fileRoot = tree.path("saved/beta.html")

        let result = Discovery.discover(roots: [appsRoot + "/", fileRoot, tree.path("nowhere")])

        #expect(result.apps.map(\.identity) == ["acme", "beta"])
        #expect(result.apps.map(\.displayPath) == [appsRoot + "/acme", tree.path("saved")])
        #expect(result.apps.flatMap(\.files).map(\.displayPath) == [appsRoot + "/acme/privacy.html", fileRoot])
        #expect(result.apps.flatMap(\.files).map(\.pathInApp) == ["privacy.html", "beta.html"])
        #expect(result.errors.map(\.path) == [appsRoot + "/acme/lendaudit.yml", tree.path("nowhere")])
    }
}

/// An input file keeps its display path and path in the app as tails of its absolute path when
/// they are; whatever they are, it gives back exactly the bytes it was given.
struct InputFilePathTests {
    @Test(arguments: [
        ("/data/apps/acme/隐私政策.html", "apps/acme/隐私政策.html", "隐私政策.html"),
        ("/data/apps/acme/terms.html", "../x/acme/terms.html", "terms.html"),
        ("/data/apps/acme/terms.html", "/data/apps/acme/terms.html", "/data/apps/acme/terms.html"),
        ("/data/links/target.html", "apps/acme/linked.html", "linked.html"),
        ("/data/apps/caf\u{E9}/t.html", "apps/cafe\u{301}/t.html", "t.html"),
        ("/data/apps/cafe\u{301}/t.html", "apps/cafe\u{301}/t.html", ""),
        ("", "", ""),
    ])
    func pathsComeBackAsGiven(absolute: String, display: String, inApp: String) {
        let file = InputFile(absolutePath: absolute, displayPath: display, pathInApp: inApp, kind: .html)
        #expect(Array(file.absolutePath.utf8) == Array(absolute.utf8))
        #expect(Array(file.displayPath.utf8) == Array(display.utf8))
        #expect(Array(file.pathInApp.utf8) == Array(inApp.utf8))
    }

    @Test func filesAreEqualWhenTheirPathsAndKindAre() {
        let file = InputFile(absolutePath: "/a/b/c.html", displayPath: "b/c.html", pathInApp: "c.html", kind: .html)
        #expect(file == InputFile(absolutePath: "/a/b/c.html", displayPath: "b/c.html", pathInApp: "c.html", kind: .html))
        #expect(file != InputFile(absolutePath: "/a/b/c.html", displayPath: "x/c.html", pathInApp: "c.html", kind: .html))
        #expect(file != InputFile(absolutePath: "/a/b/c.html", displayPath: "b/c.html", pathInApp: "c.html", kind: .text))
        #expect(Set([file, file]).count == 1)
    }
}
