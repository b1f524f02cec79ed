import Findings
@testable import Manifests
import Testing

/// rules/permissions.yaml and the catalogue that reads it.
struct PermissionCatalogueTests {
    @Test func bundledMappingLoadsAndCoversEveryPlatform() {
        for platform in Platform.allCases {
            #expect(!Artefacts.catalogue.names(platform: platform).isEmpty, "\(platform)")
        }
    }

    /// Names from norms.md section 7, one or more per category and platform.
    @Test(arguments: [
        (Platform.android, "android.permission.READ_CONTACTS", "contacts"),
        (.android, "android.permission.GET_ACCOUNTS", "accounts"),
        (.android, "android.permission.READ_CALL_LOG", "call-log"),
        (.android, "android.permission.PROCESS_OUTGOING_CALLS", "call-log"),
        (.android, "android.permission.RECEIVE_WAP_PUSH", "sms"),
        (.android, "android.permission.ACCESS_BACKGROUND_LOCATION", "location"),
        (.android, "android.permission.QUERY_ALL_PACKAGES", "installed-apps"),
        (.android, "android.permission.READ_MEDIA_VISUAL_USER_SELECTED", "storage"),
        (.android, "android.permission.CAMERA", "camera"),
        (.android, "android.permission.RECORD_AUDIO", "microphone"),
        (.android, "com.google.android.gms.permission.AD_ID", "phone-state"),
        (.android, "android.permission.WRITE_CALENDAR", "calendar"),
        (.android, "android.permission.REQUEST_INSTALL_PACKAGES", "other-sensitive"),
        (.ios, "NSContactsUsageDescription", "contacts"),
        (.ios, "NSLocationTemporaryUsageDescriptionDictionary", "location"),
        (.ios, "LSApplicationQueriesSchemes", "installed-apps"),
        (.ios, "NSPhotoLibraryAddUsageDescription", "storage"),
        (.ios, "NSUserTrackingUsageDescription", "phone-state"),
        (.ios, "NSCalendarsWriteOnlyAccessUsageDescription", "calendar"),
        (.ios, "NSFaceIDUsageDescription", "other-sensitive"),
        (.harmonyos, "ohos.permission.READ_CONTACTS", "contacts"),
        (.harmonyos, "ohos.permission.READ_CELL_MESSAGES", "sms"),
        (.harmonyos, "ohos.permission.GET_INSTALLED_BUNDLE_LIST", "installed-apps"),
        (.harmonyos, "ohos.permission.APP_TRACKING_CONSENT", "phone-state"),
        (.harmonyos, "ohos.permission.READ_PASTEBOARD", "other-sensitive"),
        (.miniprogram, "scope.addPhoneContact", "contacts"),
        (.miniprogram, "scope.userLocationBackground", "location"),
        (.miniprogram, "getFuzzyLocation", "location"),
        (.miniprogram, "scope.record", "microphone"),
        (.miniprogram, "scope.werun", "other-sensitive"),
    ])
    func normNamesMapToTheirCategory(_ example: (Platform, String, String)) {
        #expect(Artefacts.catalogue.category(platform: example.0, name: example.1) == example.2)
    }

    @Test func unknownNamesAndOtherPlatformsGetNoCategory() {
        let catalogue = Artefacts.catalogue
        #expect(catalogue.category(platform: .android, name: "android.permission.INTERNET") == nil)
        #expect(catalogue.category(platform: .android, name: "READ_CONTACTS") == nil)
        #expect(catalogue.category(platform: .ios, name: "android.permission.READ_CONTACTS") == nil)
    }

    @Test func everyMappedCategoryIsAVocabularyWord() {
        for platform in Platform.allCases {
            for name in Artefacts.catalogue.names(platform: platform) {
                let category = Artefacts.catalogue.category(platform: platform, name: name)
                #expect(category.map(PermissionCatalogue.categories.contains) == true)
            }
        }
    }

    @Test(arguments: [
        ("android: [a]", "permissions.yaml:1:10: error: expected a mapping from permission name to category under 'android'"),
        ("windows:\n  x: contacts", "permissions.yaml:1:1: error: unknown platform 'windows' (expected: android, ios, harmonyos, miniprogram)"),
        ("ios:\n  NSContactsUsageDescription: address-book",
         "permissions.yaml:2:31: error: unknown category 'address-book' for NSContactsUsageDescription (expected: accounts, calendar, call-log, camera, contacts, installed-apps, location, microphone, other-sensitive, phone-state, sms, storage)"),
        ("- a", "permissions.yaml:1:1: error: expected a mapping from platform to permission names"),
        ("", "permissions.yaml:1:1: error: the file is empty"),
    ])
    func badMappingFilesAreRefusedWithTheirPlace(_ example: (String, String)) {
        do {
            _ = try PermissionCatalogue(yaml: example.0)
            Issue.record("accepted: \(example.0)")
        } catch {
            #expect(error.description == example.1)
        }
    }

    /// A syntax error is refused as such, in the first document or a later one, instead of ending
    /// the file there ("the file is empty", or the documents before it taken alone), at its place.
    @Test(arguments: [
        ("ios: [unclosed\n", "permissions.yaml:2:1: error: invalid YAML"),
        ("android:\n  android.permission.CAMERA: camera\n---\nios: [unclosed\n", "permissions.yaml:5:1: error: invalid YAML"),
    ])
    func syntaxErrorsAreRefusedAsSuch(_ example: (String, String)) {
        do {
            _ = try PermissionCatalogue(yaml: example.0)
            Issue.record("accepted: \(example.0)")
        } catch {
            #expect(error.description.hasPrefix(example.1), "\(error.description)")
        }
    }

    /// An error names the mapping file it is in, not the first one read (a `--rules` folder's
    /// mapping is read after the bundled one).
    @Test func anErrorNamesTheFileItIsIn() {
        do {
            _ = try PermissionCatalogue(files: [("rules/permissions.yaml", Artefacts.mappingYAML), ("mine/permissions.yaml", "android:\n  X: nope\n")])
            Issue.record("accepted")
        } catch {
            #expect(error.file == "mine/permissions.yaml")
            #expect(error.line == 2)
            #expect(error.description.hasPrefix("mine/permissions.yaml:2:6: error: unknown category 'nope' for X"), "\(error.description)")
        }
    }

    /// A `--rules` folder's permissions.yaml, read after the bundled one, extends and overrides
    /// it, whether passed as a separate file or joined as a second YAML document.
    @Test func laterMappingsExtendAndOverride() throws {
        let added = """
            android:
              com.acme.permission.READ_LOANS: other-sensitive
              android.permission.CAMERA: other-sensitive
            """
        for catalogue in [
            try PermissionCatalogue(files: [("rules/permissions.yaml", Artefacts.mappingYAML), ("mine/permissions.yaml", added)]),
            try PermissionCatalogue(yaml: Artefacts.mappingYAML + "\n---\n" + added),
        ] {
            #expect(catalogue.category(platform: .android, name: "com.acme.permission.READ_LOANS") == "other-sensitive")
            #expect(catalogue.category(platform: .android, name: "android.permission.CAMERA") == "other-sensitive")
            #expect(catalogue.category(platform: .android, name: "android.permission.READ_CONTACTS") == "contacts")
            #expect(catalogue.category(platform: .ios, name: "NSContactsUsageDescription") == "contacts")
        }
    }

    @Test func readerFillsCategoriesAndSorts() throws {
        let result = try readInline("""
            <manifest xmlns:android="http://schemas.android.com/apk/res/android">
              <uses-permission android:name="android.permission.READ_SMS"/><uses-permission android:name="android.permission.CAMERA"/>
              <uses-permission android:name="android.permission.INTERNET"/>
            </manifest>
            """, as: .androidManifest)
        #expect(result.permissions.map(\.category) == ["sms", "camera", nil])
        #expect(result.permissions == result.permissions.sorted())
        let uncategorised = try ManifestReader.read(
            Array("{permission: {'scope.camera': {desc: 'x'}}}".utf8), kind: .miniProgramAppJSON,
            path: "app.json", catalogue: .empty
        )
        #expect(uncategorised.permissions.first?.category == nil)
    }

    @Test func agreementsAreNotManifests() {
        #expect(readError([0x61], as: .html)?.reason == "this file is an agreement, not a manifest")
    }
}
