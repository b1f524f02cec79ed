import Testing
@testable import Discovery
import Findings

/// File kinds are decided by name alone; this table is the contract.
struct FileClassifierTests {
    static let table: [(path: String, kind: InputKind?)] = [
        ("privacy.html", .html),
        ("Privacy.HTML", .html),
        ("terms.htm", .html),
        ("loan.xhtml", .html),
        ("agreement.txt", .text),
        ("README.md", nil),
        ("AndroidManifest.xml", .androidManifest),
        ("androidmanifest.XML", .androidManifest),
        ("other.xml", nil),
        ("app-release.apk", .apk),
        ("Loan.APK", .apk),
        ("Info.plist", .infoPlist),
        ("Acme-Info.plist", .infoPlist),
        ("Settings.plist", nil),
        ("Acme.ipa", .ipa),
        ("Acme.xcodeproj/project.pbxproj", .xcodeProject),
        ("build-settings.pbxproj.txt", .xcodeProject),
        ("acme_pbxproj_settings.TXT", .xcodeProject),
        ("entry/src/main/module.json5", .harmonyModule),
        ("module.json", .harmonyModule),
        ("app.json", .miniProgramAppJSON),
        ("AppScope/app.json5", nil),
        ("entry/src/main/resources/base/element/string.json", nil),
        ("string.json", nil),
        ("package.json", nil),
        ("logo.png", nil),
        ("notes", nil),
        ("archive.tar.gz", nil),
        ("lendaudit.yml", nil),
    ]

    @Test(arguments: table)
    func fileKindFollowsItsName(_ row: (path: String, kind: InputKind?)) {
        let components = row.path.split(separator: "/").map(String.init)
        #expect(FileClassifier.kind(forPath: components) == row.kind, "\(row.path)")
    }

    @Test func resourcesOnlyExcludesStringTables() {
        // A privacy page shipped as a raw resource is still an agreement.
        #expect(FileClassifier.kind(forPath: ["resources", "rawfile", "privacy.html"]) == .html)
        #expect(FileClassifier.kind(forPath: ["resources", "base", "element", "string.json"]) == nil)
    }

    @Test(arguments: [".git", ".hidden", ".build", "build", "Build", "node_modules", "DerivedData", "Pods"])
    func buildAndHiddenFoldersAreSkipped(_ name: String) {
        #expect(FileClassifier.isSkipped(name: name))
    }

    @Test(arguments: ["docs", "builds", "android", "pods-notes"])
    func ordinaryFoldersAreNotSkipped(_ name: String) {
        #expect(!FileClassifier.isSkipped(name: name))
    }

    @Test func baseNameDropsOnlyTheLastExtension() {
        #expect(FileClassifier.baseName(of: "terms.html") == "terms")
        #expect(FileClassifier.baseName(of: "Acme-Info.plist") == "Acme-Info")
        #expect(FileClassifier.baseName(of: "a.b.txt") == "a.b")
        #expect(FileClassifier.baseName(of: "noextension") == "noextension")
        #expect(FileClassifier.baseName(of: ".hidden") == ".hidden")
    }
}
