import Audit
import Foundation
import Rules
import Testing

/// Every YAML file goes through one reader: its errors name the real file, line and column once.
@Suite struct YAMLFileErrorTests {
    @Test func aConfigSyntaxErrorGivesItsPlaceOnce() throws {
        do {
            _ = try ScanConfiguration.parse("fail_on: high\ndisable: [CN-X\n", file: "conf.yml")
            Issue.record("accepted")
        } catch {
            #expect(error.file == "conf.yml")
            #expect(error.line == 3)
            #expect(error.description.hasPrefix("conf.yml:3:1: error: invalid YAML: "), "\(error.description)")
            // Not "conf.yml:1:1: error: invalid YAML: 3:1: …": the place is said once.
            let after = error.description.dropFirst("conf.yml:3:1: error: invalid YAML: ".count)
            let digits = after.filter(\.isNumber)
            #expect(digits.isEmpty, "\(error.description)")
        }
    }

    @Test func aBadCategoryInAnAddedPermissionMappingNamesThatFile() throws {
        let tree = AuditPipelineTests.Tree()
        try tree.file("mine/permissions.yaml", "android:\n  com.acme.READ_LOANS: loans\n")
        try tree.file("mine/pack/.keep.yaml", "")
        var ruleSet = try RuleSet.bundled()
        let folder = tree.root.appendingPathComponent("mine").path
        try ruleSet.add(directory: folder)
        do {
            _ = try ruleSet.permissionCatalogue()
            Issue.record("accepted")
        } catch {
            #expect(error.file == folder + "/permissions.yaml")
            #expect(error.line == 2)
            #expect(error.description.contains("unknown category 'loans' for com.acme.READ_LOANS"), "\(error.description)")
        }
    }
}
