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

/// Files whose names do not say what they are: sniffed, prefixed, skipped with a reason.
struct ContentSniffingTests {
    @Test func manifestsUnderPrefixedNamesKeepTheirKind() {
        #expect(FileClassifier.kind(forFileName: "easypeso-AndroidManifest.xml") == .androidManifest)
        #expect(FileClassifier.kind(forFileName: "ohos-module.json5") == .harmonyModule)
        #expect(FileClassifier.kind(forFileName: "wallet-app.json") == .miniProgramAppJSON)
        #expect(FileClassifier.kind(forFileName: "wallet_app.json") == .miniProgramAppJSON)
        // A name that merely ends in the same letters is not one.
        #expect(FileClassifier.kind(forFileName: "webapp.json") == nil)
        #expect(FileClassifier.kind(forFileName: "saved.mhtml") == .html)
    }

    @Test func theFirstBytesSayWhatAFileIs() {
        #expect(FileClassifier.kind(sniffing: [0x03, 0x00, 0x08, 0x00, 0x10, 0, 0, 0]) == .androidManifest)
        #expect(FileClassifier.kind(sniffing: Array("<!DOCTYPE html><html>".utf8)) == .html)
        #expect(FileClassifier.kind(sniffing: Array("\u{FEFF}<HTML><BODY>".utf8)) == .html)
        #expect(FileClassifier.kind(sniffing: Array("From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related;".utf8)) == .html)
        #expect(FileClassifier.kind(sniffing: Array("<?xml version=\"1.0\"?><manifest xmlns:android=\"x\">".utf8)) == .androidManifest)
        #expect(FileClassifier.kind(sniffing: Array("<?php echo 1; ?>".utf8)) == nil)
        #expect(FileClassifier.kind(sniffing: [0xFF, 0xFE] + Array("<html>".utf8).flatMap { [$0, 0] }) == .html)
    }

    @Test func skippedFilesSayWhatToDo() {
        #expect(FileClassifier.skipReason(name: "terms.docx", sniffed: false) == "lendaudit does not read .docx files; save the document as HTML or text")
        #expect(FileClassifier.skipReason(name: "x.php", sniffed: true).hasPrefix("named .php but holds no HTML page"))
        #expect(FileClassifier.shouldSniff(name: "agreement.jsp"))
        #expect(!FileClassifier.shouldSniff(name: "logo.png"))
    }

    @Test func companionFoldersBelongToTheirPage() {
        #expect(FileClassifier.companionPage(ofFolder: "x_files", fileNames: ["x.html", "y.html"]) == "x.html")
        #expect(FileClassifier.companionPage(ofFolder: "Policy.files", fileNames: ["Policy.htm"]) == "Policy.htm")
        #expect(FileClassifier.companionPage(ofFolder: "x_files", fileNames: ["y.html"]) == nil)
        #expect(FileClassifier.companionPage(ofFolder: "assets", fileNames: ["assets.html"]) == nil)
    }

    @Test func severalAppsAreToldApartFromOneAppsDocuments() {
        let one: [[String]] = [["privacy.html"], ["terms.html"], ["AndroidManifest.xml"]]
        #expect(AppAssembler.severalApps(one, kinds: [.html, .html, .androidManifest]) == nil)
        let named: [[String]] = [["easypeso-privacy.html"], ["easypeso-terms.html"]]
        #expect(AppAssembler.severalApps(named, kinds: [.html, .html]) == nil)
        let two: [[String]] = [["easypeso-privacy.html"], ["cashwow-terms.html"]]
        #expect(AppAssembler.severalApps(two, kinds: [.html, .html])?.hasPrefix("documents named after different apps") == true)
        let manifests: [[String]] = [["a-AndroidManifest.xml"], ["b-AndroidManifest.xml"]]
        #expect(AppAssembler.severalApps(manifests, kinds: [.androidManifest, .androidManifest])?.hasPrefix("several manifests of one platform") == true)
        // Debug and release manifests in folders of their own are one app's.
        let sources: [[String]] = [["src", "main", "AndroidManifest.xml"], ["src", "debug", "AndroidManifest.xml"]]
        #expect(AppAssembler.severalApps(sources, kinds: [.androidManifest, .androidManifest]) == nil)
        #expect(AppAssembler.stem(of: "用户协议.html") == nil)
        #expect(AppAssembler.stem(of: "v2-privacy.html") == nil)
    }
}
