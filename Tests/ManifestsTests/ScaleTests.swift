import Findings
@testable import Manifests
import Testing

/// Large inputs stay linear: a few MB of manifest reads in well under the time a person waits.
struct ScaleTests {
    static func withinSeconds(_ seconds: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        #expect(clock.now - start < .seconds(seconds))
    }

    @Test func twentyThousandAndroidRequests() throws {
        var text = "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"com.big\">\n"
        for index in 0 ..< 20_000 { text += "  <uses-permission android:name=\"com.big.permission.P\(index)\"/>\n" }
        text += "</manifest>\n"
        try Self.withinSeconds(10) {
            let result = try readInline(text, as: .androidManifest)
            #expect(result.permissions.count == 20_000)
            #expect(result.permissions.last?.location.line == 20_001)
        }
    }

    @Test func twentyThousandPlistKeysAndProjectSettings() throws {
        var plist = "<plist version=\"1.0\">\n<dict>\n"
        var project = "buildSettings = {\n"
        for index in 0 ..< 20_000 {
            plist += "<key>NSX\(index)UsageDescription</key>\n<string>purpose \(index)</string>\n"
            project += "INFOPLIST_KEY_NSX\(index)UsageDescription = \"purpose \(index)\";\n"
        }
        plist += "</dict>\n</plist>\n"
        project += "};\n"
        try Self.withinSeconds(10) {
            let fromPlist = try readInline(plist, as: .infoPlist)
            let fromProject = try readInline(project, as: .xcodeProject)
            #expect(fromPlist.permissions.count == 20_000)
            #expect(fromProject.permissions.count == 20_000)
        }
    }

    @Test func twentyThousandHarmonyRequests() throws {
        let requests = (0 ..< 20_000).map { "{name: 'ohos.permission.P\($0)', reason: 'r'}" }.joined(separator: ",\n")
        try Self.withinSeconds(10) {
            let result = try readInline("{module: {requestPermissions: [\n\(requests)\n]}}", as: .harmonyModule)
            #expect(result.permissions.count == 20_000)
        }
    }
}
