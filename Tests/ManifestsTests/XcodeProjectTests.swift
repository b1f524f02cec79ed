import Findings
import Foundation
@testable import Manifests
import Testing

/// INFOPLIST_KEY_… build settings in project.pbxproj.
struct XcodeProjectTests {
    static let corpusKeyFiles = ["lendpinoy", "ligtasloan", "pesoace", "pinjamancair", "uangcair", "zoompeso"]

    /// The corpus holds the verbatim assignment lines; each line is one permission, at column 1.
    @Test(arguments: corpusKeyFiles)
    func corpusSettingLinesAreRead(_ app: String) throws {
        let path = "corpus/\(app)-pbxproj-infoplist-keys.txt"
        let lines = try Artefacts.text(path).split(separator: "\n").map(String.init)
        let result = try readArtefact(path, as: .xcodeProject)
        #expect(result.format == .xcodeProject)
        #expect(result.permissions.count == lines.count)
        for permission in result.permissions {
            let line = lines[permission.location.line - 1]
            #expect(line.hasPrefix("INFOPLIST_KEY_\(permission.name) = \""))
            #expect(permission.location.column == 1)
            // The purpose is the quoted text with its escapes decoded (PinjamanCair's use \" and \n).
            let quoted = line.drop { $0 != "\"" }.dropFirst().dropLast(2)
            let unescaped = quoted.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\n", with: "\n")
            #expect(permission.purpose == unescaped)
        }
    }

    @Test func escapedQuotesAndNewlinesInCorpusValuesAreDecoded() throws {
        let result = try readArtefact("corpus/pinjamancair-pbxproj-infoplist-keys.txt", as: .xcodeProject)
        let camera = try #require(result.permissions.first { $0.name == "NSCameraUsageDescription" })
        #expect(camera.purpose == "\"Allow camera access to capture your ID or other documents quickly for identity verification.\"\n(You can manage this permission anytime in Settings.)")
    }

    @Test func projectKeysAreDeduplicatedAndIdentityComesFromTheAppTarget() throws {
        let result = try readArtefact("ios/sample.pbxproj", as: .xcodeProject)
        #expect(result.names == [
            "NSCameraUsageDescription", "NSContactsUsageDescription", "NSLocationAlwaysUsageDescription",
            "NSLocationWhenInUseUsageDescription", "NSPhotoLibraryUsageDescription", "NSUserTrackingUsageDescription",
        ])
        // The Debug configuration comes first in the file: its lines are the ones reported.
        #expect(result.permissions.map(\.location.line) == [29, 30, 31, 32, 33, 34])
        #expect(result.permissions.allSatisfy { $0.location.column == 5 })
        #expect(result.appIdentifier == "com.zoompeso.app")
        #expect(result.versionName == "1.0.3")
        #expect(result.versionCode == "14")
        #expect(result.permissions.first { $0.name == "NSContactsUsageDescription" }?.category == "contacts")
    }

    @Test func quotedEscapedAndBareValuesAreDecoded() throws {
        let result = try readInline("""
            buildSettings = {
                INFOPLIST_KEY_NSCameraUsageDescription = "Say \\"cheese\\"\\n\\U4e2d\\t/* not a comment */";
                INFOPLIST_KEY_NSFaceIDUsageDescription = FaceID_unlock; // trailing comment
                /* INFOPLIST_KEY_NSContactsUsageDescription = "commented out"; */
                INFOPLIST_KEY_NSMicrophoneUsageDescription = '单引号 ok';
                INFOPLIST_KEY_CFBundleDisplayName = "not a permission";
            };
            """, as: .xcodeProject)
        #expect(result.names == ["NSCameraUsageDescription", "NSFaceIDUsageDescription", "NSMicrophoneUsageDescription"])
        #expect(result.permissions.map(\.purpose) == ["Say \"cheese\"\n中\t/* not a comment */", "FaceID_unlock", "单引号 ok"])
        #expect(result.permissions.map(\.location.column) == [5, 5, 5])
        #expect(result.permissions[1].category == "other-sensitive")
    }

    @Test func unterminatedStringIsExplained() {
        let error = readError(Array("a = 1;\nINFOPLIST_KEY_NSCameraUsageDescription = \"open".utf8), as: .xcodeProject)
        #expect(error?.reason == "the Xcode project file has a string that never closes (it opens at line 2)")
    }
}
