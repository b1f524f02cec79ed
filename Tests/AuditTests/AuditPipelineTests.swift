import Audit
import Findings
import Foundation
import Rules
import Testing

@Suite struct AuditPipelineTests {
    static let pipeline: AuditPipeline = {
        do {
            return try AuditPipeline(ruleSet: try RuleSet.bundled())
        } catch {
            preconditionFailure("bundled rules do not load: \(error)")
        }
    }()

    /// A temporary folder of apps, removed when the test ends.
    final class Tree {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-audit-\(UUID().uuidString)")

        func file(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        deinit { try? FileManager.default.removeItem(at: root) }
    }

    static let lendingText = """
        <p>借款人应按期还款，逾期将产生逾期利息。</p><p>借款利率以借款页面为准。</p>
        <p>放款后请按时还款。</p><p>我们将读取您的通讯录信息，用于风险控制。</p>
        """

    @Test func categoryIsInferredFromLendingTextWhenNotGiven() throws {
        let tree = Tree()
        try tree.file("a/privacy.html", Self.lendingText)
        let report = Self.pipeline.run(roots: [tree.root.path])
        let app = try #require(report.apps.first)
        #expect(app.category == "lending")
        #expect(app.categoryInferred)
        #expect(app.findings.contains { $0.ruleId == "CN-CONTACTS-READ" })
    }

    @Test func lendingRulesStaySilentForAnAppDeclaredNotLending() throws {
        let tree = Tree()
        try tree.file("a/lendaudit.yml", "name: Maps\ncategory: navigation\n")
        try tree.file("a/privacy.html", Self.lendingText)
        let report = Self.pipeline.run(roots: [tree.root.path])
        let app = try #require(report.apps.first)
        #expect(app.category == "navigation")
        #expect(!app.categoryInferred)
        #expect(app.findings.allSatisfy { $0.ruleId != "CN-CONTACTS-READ" })
    }

    @Test func badFilesBecomeInputErrorsAndTheBatchGoesOn() throws {
        let tree = Tree()
        try tree.file("good/privacy.html", Self.lendingText)
        try tree.file("bad/empty.html", "")
        try tree.file("bad/AndroidManifest.xml", "<manifest><uses-permission")
        let report = Self.pipeline.run(roots: [tree.root.path])
        #expect(report.apps.map(\.name).sorted() == ["bad", "good"])
        #expect(report.inputErrors.map(\.path) == ["bad/AndroidManifest.xml", "bad/empty.html"])
        #expect(report.inputErrors.allSatisfy { $0.app == "bad" && !$0.reason.isEmpty })
        #expect(report.apps.first { $0.name == "good" }?.findings.isEmpty == false)
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let tree = Tree()
        for index in 0..<12 {
            try tree.file("app\(index)/privacy.html", Self.lendingText + "<p>第\(index)条。</p>")
        }
        let one = Self.pipeline.run(roots: [tree.root.path], options: AuditOptions(jobs: 1))
        let four = Self.pipeline.run(roots: [tree.root.path], options: AuditOptions(jobs: 4))
        #expect(one == four)
        #expect(one.apps.count == 12)
    }

    @Test func manifestPermissionsAreInventoriedWithCategories() throws {
        let tree = Tree()
        try tree.file("a/lendaudit.yml", "category: lending\n")
        try tree.file("a/AndroidManifest.xml", """
            <manifest xmlns:android="http://schemas.android.com/apk/res/android" package="x.y">
              <uses-permission android:name="android.permission.READ_CONTACTS"/>
            </manifest>
            """)
        let report = Self.pipeline.run(roots: [tree.root.path])
        let permission = try #require(report.apps.first?.permissions.first)
        #expect(permission.name == "android.permission.READ_CONTACTS")
        #expect(permission.category == "contacts")
        #expect(permission.location == SourceLocation(path: "a/AndroidManifest.xml", line: 2, column: 3))
    }
}
