import Findings
import Foundation
@testable import Manifests
import Testing

/// iOS Info.plist (XML and binary) and IPA archives.
struct InfoPlistTests {
    static let corpusApps = [
        "cailaiwang-licai", "easypeso", "lendpinoy", "ligtasloan", "pinjamancair", "uangcair",
        "wanzhuandaikuan", "xingdai", "zoompeso",
    ]

    @Test func xmlPlistKeysPointAtTheirKeyTags() throws {
        let result = try readArtefact("corpus/xingdai-Info.plist", as: .infoPlist)
        #expect(result.format == .infoPlist)
        #expect(result.names == ["LSApplicationQueriesSchemes", "NSCameraUsageDescription", "NSPhotoLibraryUsageDescription"])
        let camera = try #require(result.permissions.first { $0.name == "NSCameraUsageDescription" })
        #expect(camera.location == SourceLocation(path: "corpus/xingdai-Info.plist", line: 73, column: 2))
        #expect(camera.purpose == "Used for photos")
        #expect(camera.category == "camera")
        #expect(camera.platform == .ios)
        let schemes = try #require(result.permissions.first { $0.name == "LSApplicationQueriesSchemes" })
        #expect(schemes.location.line == 46)
        #expect(schemes.qualifiers["count"] == "17")
        #expect(schemes.qualifiers["schemes"]?.hasPrefix("mqqOpensdkSSoLogin,mqzone,sinaweibo,alipayauth") == true)
        #expect(schemes.category == "installed-apps")
        #expect(result.appIdentifier == "$(PRODUCT_BUNDLE_IDENTIFIER)")
        #expect(result.versionName == "1.1.0")
        #expect(result.versionCode == "11")
    }

    @Test func easyPesoAsksForContactsAndLocation() throws {
        let result = try readArtefact("corpus/easypeso-Info.plist", as: .infoPlist)
        #expect(result.permissions.count == 5)
        #expect(result.permissions.contains { $0.name == "NSContactsUsageDescription" && $0.category == "contacts" })
        for permission in result.permissions {
            #expect(permission.purpose?.isEmpty == false)
            #expect(permission.location.line > 1)
        }
    }

    /// plistutil's binary conversion of each corpus plist says the same things, placed at 1:1.
    @Test(arguments: corpusApps)
    func binaryPlistAgreesWithItsXMLSource(_ app: String) throws {
        let xml = try readArtefact("corpus/\(app)-Info.plist", as: .infoPlist)
        let binary = try readArtefact("ios/\(app).binary.plist", as: .infoPlist)
        #expect(binary.permissions.map(\.name) == xml.permissions.sorted { $0.name < $1.name }.map(\.name))
        #expect(Set(binary.permissions.map(\.purpose)) == Set(xml.permissions.map(\.purpose)))
        #expect(binary.permissions.allSatisfy { $0.location.line == 1 && $0.location.column == 1 })
        #expect(binary.appIdentifier == xml.appIdentifier)
        #expect(binary.versionName == xml.versionName)
        #expect(binary.versionCode == xml.versionCode)
    }

    @Test func ipaReadsTheAppsOwnInfoPlistOnly() throws {
        let result = try readArtefact("ios/Acme.ipa", as: .ipa)
        let xml = try readArtefact("corpus/xingdai-Info.plist", as: .infoPlist)
        #expect(result.format == .ipa)
        #expect(result.names == xml.names)
        #expect(result.permissions.allSatisfy { $0.location.path == "ios/Acme.ipa!Payload/Acme.app/Info.plist" })
        #expect(!result.permissions.contains { $0.purpose == "extension, not the app" })
    }

    @Test func onlyTopLevelKeysArePermissionsAndPlaced() throws {
        let result = try readInline("""
            <?xml version="1.0" encoding="UTF-8"?>
            <plist version="1.0">
            <dict>
            \t<key>Nested</key>
            \t<dict><key>NSCameraUsageDescription</key><string>nested, ignored</string></dict>
            \t<key>NSCameraUsageDescription</key>
            \t<string>Scan your ID card &amp; face</string>
            \t<!-- <key>NSContactsUsageDescription</key> -->
            \t<key>NSLocationTemporaryUsageDescriptionDictionary</key>
            \t<dict><key>Loan</key><string>Check the branch</string><key>Audit</key><string>Risk</string></dict>
            \t<key>NSMicrophoneUsageDescription</key><true/>
            \t<key>LSApplicationQueriesSchemes</key><array/>
            </dict>
            </plist>
            """, as: .infoPlist, path: "Info.plist")
        #expect(result.names == [
            "NSCameraUsageDescription", "NSLocationTemporaryUsageDescriptionDictionary",
            "NSMicrophoneUsageDescription", "LSApplicationQueriesSchemes",
        ])
        #expect(result.permissions.map(\.location.line) == [6, 9, 11, 12])
        #expect(result.permissions[0].purpose == "Scan your ID card & face")
        #expect(result.permissions[1].purpose == "Audit: Risk; Loan: Check the branch")
        #expect(result.permissions[1].category == "location")
        #expect(result.permissions[2].purpose == nil)
        #expect(result.permissions[3].qualifiers == ["count": "0"])
        #expect(result.permissions[2].location.column == 2)
        #expect(result.permissions[2].location.column == 2)
    }

    @Test func entityDeclarationsAreRefused() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = readError(try Artefacts.bytes("hostile/billion-laughs-Info.plist"), as: .infoPlist)
        #expect(clock.now - start < .seconds(1))
        #expect(error?.reason == "the Info.plist declares XML entities, which real property lists never do; it was not read")
    }

    @Test func entityDeclarationsInUTF16AreRefusedToo() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE plist [<!ENTITY a \"b\">]><plist><dict/></plist>"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(readError(bytes, as: .infoPlist)?.reason.contains("declares XML entities") == true)
    }

    @Test func brokenPlistsAreExplained() {
        #expect(readError(Array("not a plist".utf8), as: .infoPlist)?.reason
            == "the Info.plist is not a valid property list (neither XML nor binary plist)")
        #expect(readError(Array("<plist version=\"1.0\"><array/></plist>".utf8), as: .infoPlist)?.reason
            == "the Info.plist's top level is not a dictionary, so it holds no Info.plist keys")
        #expect(readError([], as: .infoPlist)?.reason == "the Info.plist is empty")
        #expect(readError(Array("bplist00garbage".utf8), as: .infoPlist) != nil)
    }
}
