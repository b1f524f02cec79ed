import Findings
import Foundation
@testable import Manifests
import Testing

/// HarmonyOS module.json5 / module.json / config.json and WeChat mini-program app.json.
struct HarmonyAndMiniProgramTests {
    @Test func corpusModuleRequestsArePlacedAtTheirNameKeys() throws {
        let result = try readArtefact("corpus/ohos-contacts-entry-module.json5", as: .harmonyModule)
        #expect(result.format == .harmonyModule)
        #expect(result.permissions.count == 14)
        let contacts = try #require(result.permissions.first { $0.name == "ohos.permission.READ_CONTACTS" })
        #expect(contacts.location == SourceLocation(path: "corpus/ohos-contacts-entry-module.json5", line: 66, column: 9))
        #expect(contacts.category == "contacts")
        #expect(contacts.platform == .harmonyos)
        // No string.json beside the artefact: the reference stays as written.
        #expect(contacts.purpose == "$string:permission_read_write_contacts")
        #expect(result.permissions.first { $0.name == "ohos.permission.READ_CALL_LOG" }?.category == "call-log")
        #expect(result.permissions.first { $0.name == "ohos.permission.VIBRATE" }?.category == nil)
    }

    /// The HarmonyOS layout: entry/src/main/module.json5 beside entry/src/main/resources/.
    @Test func stringReferencesResolveFromTheModulesStringJSON() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("lendaudit-harmony-\(UUID().uuidString)/entry/src/main")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) }
        let strings = folder.appendingPathComponent("resources/base/element")
        try FileManager.default.createDirectory(at: strings, withIntermediateDirectories: true)
        try Data("""
            {"string": [
              {"name": "permission_read_write_contacts", "value": "用于读取和编辑联系人"},
              {"name": "permission_manage_voicemail", "value": "Manage voicemail"}
            ]}
            """.utf8).write(to: strings.appendingPathComponent("string.json"))
        let module = folder.appendingPathComponent("module.json5")
        let bytes = try Artefacts.bytes("corpus/ohos-contacts-entry-module.json5")
        try Data(bytes).write(to: module)

        let result = try ManifestReader.read(bytes, kind: .harmonyModule, path: "app/entry/src/main/module.json5",
                                             absolutePath: module.path, catalogue: Artefacts.catalogue)
        let purposes = Dictionary(result.permissions.map { ($0.name, $0.purpose) }, uniquingKeysWith: { first, _ in first })
        #expect(purposes["ohos.permission.READ_CONTACTS"] == "用于读取和编辑联系人")
        #expect(purposes["ohos.permission.MANAGE_VOICEMAIL"] == "Manage voicemail")
        // Not in string.json: kept as written.
        #expect(purposes["ohos.permission.READ_CALL_LOG"] == "$string:permission_read_write_calllog")
        #expect(result.permissions.allSatisfy { $0.location.path == "app/entry/src/main/module.json5" })
    }

    @Test func usedSceneAndCompiledModuleIdentityAreRead() throws {
        let result = try readInline("""
            {
              app: {bundleName: 'com.acme.loan', versionCode: 1000000, versionName: '1.0.0'},
              module: {
                name: 'entry',
                requestPermissions: [
                  {name: 'ohos.permission.APPROXIMATELY_LOCATION', reason: 'Nearby branches',
                   usedScene: {abilities: ['EntryAbility', 'MapAbility'], when: 'inuse'}},
                  {reason: 'no name: skipped'},
                ],
                definePermissions: [{name: 'com.acme.permission.SYNC'}],
              },
            }
            """, as: .harmonyModule)
        #expect(result.appIdentifier == "com.acme.loan")
        #expect(result.versionCode == "1000000")
        #expect(result.versionName == "1.0.0")
        #expect(result.declaredPermissions == ["com.acme.permission.SYNC"])
        let location = try #require(result.permissions.first)
        #expect(result.permissions.count == 1)
        #expect(location.qualifiers == ["usedScene.abilities": "EntryAbility,MapAbility", "usedScene.when": "inuse"])
        #expect(location.purpose == "Nearby branches")
        #expect(location.category == "location")
        #expect((location.location.line, location.location.column) == (6, 8))
    }

    @Test func legacyConfigJSONIsRead() throws {
        let result = try readInline("""
            {"app": {"bundleName": "com.acme.old", "version": {"code": 3, "name": "1.2"}},
             "module": {"reqPermissions": [
               {"name": "ohos.permission.READ_CONTACTS", "reason": "legacy",
                "usedScene": {"ability": ["com.acme.MainAbility"], "when": "always"}}]}}
            """, as: .harmonyModule)
        #expect(result.names == ["ohos.permission.READ_CONTACTS"])
        #expect(result.permissions.first?.qualifiers["usedScene.abilities"] == "com.acme.MainAbility")
        #expect(result.permissions.first?.qualifiers["usedScene.when"] == "always")
        #expect(result.appIdentifier == "com.acme.old")
        #expect(result.versionCode == "3")
        #expect(result.versionName == "1.2")
    }

    @Test func badModuleFilesAreExplained() {
        #expect(readError(Array("[1]".utf8), as: .harmonyModule)?.reason == "the HarmonyOS module file's top level is not an object")
        #expect(readError(Array("{module: {".utf8), as: .harmonyModule)?.reason
            == "the HarmonyOS module file is not valid JSON5 (line 1, column 11: the document ends where a key was expected)")
        #expect(readError([0xFF, 0xFE, 0x00, 0xD8], as: .harmonyModule)?.reason == "the HarmonyOS module file is not UTF-8 text")
        let deep = Array(("{\"module\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}").utf8)
        #expect(readError(deep, as: .harmonyModule)?.reason.contains("nested more than 512 deep") == true)
    }

    @Test func corpusMiniProgramAsksForNothing() throws {
        let result = try readArtefact("corpus/sxf-wallet-app.json", as: .miniProgramAppJSON)
        #expect(result.permissions.isEmpty)
        #expect(result.format == .miniProgramAppJSON)
        #expect(result.appIdentifier == nil)
    }

    @Test func miniProgramScopesAndPrivateInfosAreRead() throws {
        let result = try readInline("""
            {
              "pages": ["pages/index/index"],
              "permission": {
                "scope.userLocation": {"desc": "你的位置信息将用于推荐附近网点"},
                "scope.userFuzzyLocation": {}
              },
              "requiredPrivateInfos": ["getLocation", "chooseAddress", 42]
            }
            """, as: .miniProgramAppJSON, path: "mp/app.json")
        #expect(result.names == ["scope.userLocation", "scope.userFuzzyLocation", "getLocation", "chooseAddress"])
        #expect(result.permissions.map(\.location.line) == [4, 5, 7, 7])
        #expect(result.permissions.map(\.location.column) == [5, 5, 28, 43])
        #expect(result.permissions[0].purpose == "你的位置信息将用于推荐附近网点")
        #expect(result.permissions[1].purpose == nil)
        #expect(result.permissions.allSatisfy { $0.category == "location" && $0.platform == .miniprogram })
        #expect(result.permissions[2].qualifiers == ["declaredIn": "requiredPrivateInfos"])
    }
}
