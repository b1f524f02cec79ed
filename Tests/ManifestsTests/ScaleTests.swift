import Findings
@testable import Manifests
import Testing
import TestSupport

/// Large inputs stay linear: a few MB of manifest reads in well under the time a person waits.
/// 20,000 entries under LENDAUDIT_LONG_TESTS=1; 2,000 in the edit-test loop, which still checks
/// that every entry is read with its line.
struct ScaleTests {
    static let count = TestSize.pick(quick: 2_000, long: 20_000)

    static func withinSeconds(_ seconds: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        #expect(clock.now - start < .seconds(seconds))
    }

    @Test func twentyThousandAndroidRequests() throws {
        var text = "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"com.big\">\n"
        for index in 0 ..< Self.count { text += "  <uses-permission android:name=\"com.big.permission.P\(index)\"/>\n" }
        text += "</manifest>\n"
        try Self.withinSeconds(10) {
            let result = try readInline(text, as: .androidManifest)
            #expect(result.permissions.count == Self.count)
            #expect(result.permissions.last?.location.line == Self.count + 1)
        }
    }

    @Test func twentyThousandPlistKeysAndProjectSettings() throws {
        var plist = "<plist version=\"1.0\">\n<dict>\n"
        var project = "buildSettings = {\n"
        for index in 0 ..< Self.count {
            plist += "<key>NSX\(index)UsageDescription</key>\n<string>purpose \(index)</string>\n"
            project += "INFOPLIST_KEY_NSX\(index)UsageDescription = \"purpose \(index)\";\n"
        }
        plist += "</dict>\n</plist>\n"
        project += "};\n"
        try Self.withinSeconds(10) {
            let fromPlist = try readInline(plist, as: .infoPlist)
            let fromProject = try readInline(project, as: .xcodeProject)
            #expect(fromPlist.permissions.count == Self.count)
            #expect(fromProject.permissions.count == Self.count)
        }
    }

    @Test func twentyThousandHarmonyRequests() throws {
        let requests = (0 ..< Self.count).map { "{name: 'ohos.permission.P\($0)', reason: 'r'}" }.joined(separator: ",\n")
        try Self.withinSeconds(10) {
            let result = try readInline("{module: {requestPermissions: [\n\(requests)\n]}}", as: .harmonyModule)
            #expect(result.permissions.count == Self.count)
        }
    }
}
