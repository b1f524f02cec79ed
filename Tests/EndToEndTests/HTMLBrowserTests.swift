import Foundation
import Testing
import TestSupport

/// Renders the HTML report in a real headless browser (Chromium from Debian: `apt-get install
/// chromium`) and checks what a reader would see. Without Chromium the suite is skipped, and says so.
@Suite(.serialized, .enabled(if: Chromium.path != nil,
                             "Chromium is not installed (apt-get install chromium): the headless-browser test is skipped"))
struct HTMLBrowserTests {
    /// Runs Chromium headless on `file` with `arguments`; returns its standard output and error.
    static func render(_ arguments: [String], file: String) throws -> (stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Chromium.path))
        // A profile of its own, so the test never touches the user's; logging to stderr shows
        // any request the page's policy refused.
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder.path)/profile",
            "--enable-logging=stderr", "--v=0",
        ] + arguments + [file]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + 120) == .timedOut {
            process.terminate()
            finished.wait()
            Issue.record("chromium did not finish in 120 s")
        }
        return (try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    @Test func reportRendersOfflineWithTitleChartsAndFindingsAndFetchesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("findings.html").path
        let run = try BinaryRun.lendaudit(["scan", "fixtures", "--html", page, "--output", "/dev/null", "--fail-on", "none"],
                                          in: TestPackage.root.path)
        #expect(run.status == 0, "\(run.stderr)")

        let (dom, log) = try Self.render(["--dump-dom"], file: page)
        #expect(dom.contains("<title>lendaudit findings</title>"))
        #expect(dom.components(separatedBy: "<svg").count == 4, "three charts")
        #expect(dom.contains("<figure id=\"chart-apps\">"))
        // A known finding, as the reader sees it: the clause, the matched words marked, the rule.
        #expect(dom.contains("如您<mark>拒绝</mark>授权<mark>通讯录</mark>，我们将<mark>无法</mark>为您提供借款服务。"))
        #expect(dom.contains("Breaks CN-REFUSE-WITHOUT-CONTACTS"))
        // Nothing fetched: no element with a source, no script, and no request the policy refused.
        #expect(!dom.contains(" src="))
        #expect(!dom.contains("<script"))
        #expect(!dom.contains("<link"))
        #expect(!log.contains("Refused to"), "\(log)")
    }

    @Test func hostileAppNamesAndClausesStayTextInTheBrowser() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-html-hostile-\(UUID().uuidString)")
        let app = folder.appendingPathComponent("apps/evil\u{202E}lmth.exe")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: \"<script>document.title='owned'</script>\u{202E}Evil\"\ncategory: lending\n"
            .write(to: app.appendingPathComponent("lendaudit.yml"), atomically: true, encoding: .utf8)
        try """
            <html><body><p>如您拒绝授权通讯录，我们将无法为您提供借款服务&lt;/blockquote&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;\u{2066}。</p></body></html>
            """.write(to: app.appendingPathComponent("privacy.html"), atomically: true, encoding: .utf8)
        let page = folder.appendingPathComponent("report.html").path
        let run = try BinaryRun.lendaudit(["scan", "apps", "--format", "html", "--output", page, "--fail-on", "none"], in: folder.path)
        #expect(run.status == 0, "\(run.stderr)")
        let (dom, log) = try Self.render(["--dump-dom"], file: page)
        #expect(dom.contains("<title>lendaudit findings</title>"), "a script changed the title")
        #expect(!dom.contains("<script"))
        #expect(dom.contains("&lt;script&gt;document.title='owned'&lt;/script&gt;"))
        #expect(!dom.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{2066}" })
        #expect(!log.contains("Refused to"), "\(log)")
    }
}

/// Where Debian's Chromium is, if it is installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
