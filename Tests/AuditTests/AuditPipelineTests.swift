@testable import Audit
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
        // Paths start with the root as typed.
        #expect(report.inputErrors.map(\.path) == ["bad/AndroidManifest.xml", "bad/empty.html"].map { tree.root.path + "/" + $0 })
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
        #expect(permission.location == SourceLocation(path: tree.root.path + "/a/AndroidManifest.xml", line: 2, column: 3))
    }

    @Test func handoffGivesResultsInIndexOrderAndWorkersStayWithinTheWindow() {
        let count = 200
        let window = 3
        let handoff = OrderedHandoff<Int>(count: count, window: window)
        let taken = Counter()
        let group = DispatchGroup()
        for worker in 0..<4 {
            group.enter()
            Thread {
                while let index = handoff.claim() {
                    // Never more than `window` indices past the oldest result not yet taken (the
                    // consumer counts a result just after taking it, hence the 1).
                    #expect(index < taken.value + 1 + window)
                    if (index + worker) % 7 == 0 { usleep(200) }
                    handoff.store(index * 10, at: index)
                }
                group.leave()
            }.start()
        }
        var results: [Int] = []
        while let value = handoff.next() {
            results.append(value)
            taken.increment()
        }
        group.wait()
        #expect(results == (0..<count).map { $0 * 10 })
    }

    @Test func handoffLetsWaitingWorkersGoWhenTheConsumerStops() {
        let handoff = OrderedHandoff<Int>(count: 100, window: 2)
        let group = DispatchGroup()
        group.enter()
        Thread {
            while let index = handoff.claim() { handoff.store(index, at: index) }
            group.leave()
        }.start()
        #expect(handoff.next() == 0)
        handoff.cancel()
        #expect(group.wait(timeout: .now() + 10) == .success)
    }

    @Test func aConsumerThatThrowsStopsTheAudit() throws {
        let tree = Tree()
        for index in 0..<6 {
            try tree.file("app\(index)/privacy.txt", "我们将读取您的通讯录。")
        }
        struct Stop: Error {}
        let plan = Self.pipeline.plan(roots: [tree.root.path], options: AuditOptions(jobs: 2))
        var seen: [String] = []
        #expect(throws: Stop.self) {
            try Self.pipeline.audit(plan, options: AuditOptions(jobs: 2), process: { $0.report.name }) { name in
                seen.append(name)
                if seen.count == 2 { throw Stop() }
            }
        }
        #expect(seen == ["app0", "app1"])
    }

    @Test func progressCountsFilesUpToTheTotal() throws {
        let tree = Tree()
        for index in 0..<5 {
            try tree.file("app\(index)/privacy.txt", "我们将读取您的通讯录。")
            if index % 2 == 0 { try tree.file("app\(index)/terms.txt", "借款人应按期还款。") }
        }
        let calls = Calls()
        var options = AuditOptions(jobs: 2)
        options.progress = { done, total in calls.record(done, total) }
        _ = Self.pipeline.run(roots: [tree.root.path], options: options)
        let seen = calls.values
        #expect(seen.count == 5)
        #expect(seen.allSatisfy { $0.1 == 8 })
        // One call per app, each with a larger count of files done, the last with all of them.
        let done = seen.map(\.0).sorted()
        #expect(Set(done).count == done.count)
        #expect(done.last == 8)
    }

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [(Int, Int)] = []
        var values: [(Int, Int)] { lock.withLock { recorded } }
        func record(_ done: Int, _ total: Int) { lock.withLock { recorded.append((done, total)) } }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var value: Int { lock.withLock { count } }
        func increment() { lock.withLock { count += 1 } }
    }
}
