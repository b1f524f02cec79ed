import Findings
import Foundation
@testable import Manifests
import Testing

/// Text AndroidManifest.xml: real corpus manifests, positions, and entity attacks.
struct AndroidManifestTests {
    static let corpusManifests = [
        "chaojidaikuan", "daikuanchaoshi", "diantu-daikuan", "easypeso", "jiaye-cashloan",
    ]

    @Test(arguments: corpusManifests)
    func corpusManifestRequestsAreRead(_ app: String) throws {
        let path = "corpus/\(app)-AndroidManifest.xml"
        let result = try readArtefact(path, as: .androidManifest)
        let source = try Artefacts.text(path)
        // EasyPeso's Flutter shell asks for nothing in its own manifest (plugins add theirs).
        #expect(result.permissions.isEmpty == (app == "easypeso"))
        #expect(result.format == .androidManifest)
        #expect(result.permissions == result.permissions.sorted())
        // Every permission points at the `<uses-permission` that requests it.
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for permission in result.permissions {
            let line = Array(lines[permission.location.line - 1])
            let at = permission.location.column - 1
            #expect(String(line[at...]).hasPrefix("<uses-permission"), "\(permission.location)")
        }
    }

    @Test func jiayeManifestMatchesItsSource() throws {
        let result = try readArtefact("corpus/jiaye-cashloan-AndroidManifest.xml", as: .androidManifest)
        #expect(result.appIdentifier == "com.jiaye.cashloan")
        let contacts = try #require(result.permissions.first { $0.name == "android.permission.READ_CONTACTS" })
        #expect(contacts.location == SourceLocation(path: "corpus/jiaye-cashloan-AndroidManifest.xml", line: 11, column: 5))
        #expect(contacts.category == "contacts")
        #expect(contacts.platform == .android)
        #expect(result.permissions.first { $0.name == "android.permission.READ_SMS" }?.category == "sms")
        #expect(result.permissions.first { $0.name == "android.permission.INTERNET" }?.category == nil)
    }

    @Test func commentedOutAndNestedRequestsAreNotRequests() throws {
        let result = try readInline("""
            <?xml version="1.0" encoding="utf-8"?>
            <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.acme">
                <!-- <uses-permission android:name="android.permission.READ_CONTACTS"/> -->
                <uses-permission android:name="android.permission.CAMERA"/>
                <permission android:name="com.acme.permission.OWN"/>
                <application><uses-permission android:name="android.permission.READ_SMS"/></application>
            </manifest>
            """, as: .androidManifest)
        #expect(result.names == ["android.permission.CAMERA"])
        #expect(result.declaredPermissions == ["com.acme.permission.OWN"])
    }

    @Test func qualifiersAndVersionsAreRead() throws {
        let result = try readInline("""
            <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.acme"
                android:versionCode="0x10" android:versionName="2.1 版">
              <uses-permission-sdk-23 android:name="android.permission.READ_CONTACTS" android:maxSdkVersion="0x1c"/>
              <uses-permission android:name="android.permission.CAMERA" android:required="false"/>
            </manifest>
            """, as: .androidManifest)
        #expect(result.appIdentifier == "com.acme")
        #expect(result.versionCode == "16")
        #expect(result.versionName == "2.1 版")
        #expect(result.permissions.map(\.qualifiers) == [
            ["sdk23": "true", "maxSdkVersion": "28"],
            ["required": "false"],
        ])
    }

    @Test func anotherPrefixForTheAndroidNamespaceWorks() throws {
        let result = try readInline("""
            <manifest xmlns:a="http://schemas.android.com/apk/res/android" package="com.acme">
              <uses-permission a:name="android.permission.READ_CALL_LOG"/>
            </manifest>
            """, as: .androidManifest)
        #expect(result.names == ["android.permission.READ_CALL_LOG"])
        #expect(result.permissions.first?.category == "call-log")
    }

    @Test func columnsCountCharactersAndSkipTagsInComments() throws {
        let result = try readInline(
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\n"
                + "<!-- <uses-permission android:name=\"x\"/> -->  <uses-permission android:name=\"A\"/><!--通讯录--><uses-permission android:name=\"B\"/>\n"
                + "</manifest>\n",
            as: .androidManifest
        )
        #expect(result.permissions.map(\.location.column) == [47, 92])
        #expect(result.permissions.map(\.location.line) == [2, 2])
    }

    @Test func wrongRootIsRefused() {
        let error = readError(Array("<plist><dict/></plist>".utf8), as: .androidManifest)
        #expect(error?.reason == "the root element is <plist>, not <manifest>: this is not an Android manifest")
    }

    @Test func malformedXMLSaysWhere() {
        let error = readError(Array("<manifest>\n<uses-permission>\n</manifest>".utf8), as: .androidManifest)
        #expect(error?.reason.hasPrefix("the manifest is not well-formed XML (line 3:") == true)
    }

    @Test func emptyManifestIsRefused() {
        #expect(readError([], as: .androidManifest)?.reason == "the manifest is empty")
    }

    @Test(arguments: [
        "hostile/billion-laughs-AndroidManifest.xml",
        "hostile/external-entity-AndroidManifest.xml",
        "hostile/external-dtd-AndroidManifest.xml",
    ])
    func documentTypeDeclarationsAreRefusedBeforeAnyExpansion(_ path: String) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = readError(try Artefacts.bytes(path), as: .androidManifest)
        #expect(clock.now - start < .seconds(1))
        #expect(error?.reason.contains("declares a DOCTYPE") == true)
        // The reason never carries entity text or the contents of a fetched file.
        #expect(error?.reason.contains("lol") == false)
        #expect(error?.reason.contains("root:") == false)
    }

    @Test func deepNestingIsRefusedWithoutCrashing() {
        let bytes = Array(("<manifest>" + String(repeating: "<a>", count: 100_000)
            + String(repeating: "</a>", count: 100_000) + "</manifest>").utf8)
        let error = readError(bytes, as: .androidManifest)
        // The reason names the problem, not libxml2's XML_PARSE_HUGE option.
        #expect(error?.reason == "the manifest nests elements more than 256 deep (line 1), which no real manifest does; it was not read")
    }

    @Test func oversizeManifestIsRefused() {
        let bytes = [UInt8](repeating: 0x20, count: ManifestReader.maximumManifestSize + 1)
        #expect(readError(bytes, as: .androidManifest)?.reason == "the manifest is 16 MB, over the 16 MB limit for a manifest")
    }
}
