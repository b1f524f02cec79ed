import Foundation
import Testing
import TestSupport

/// A report path may name a device, a FIFO, a process substitution or a link: the report is
/// written through it and the thing itself stays as it was. Only a regular file (or nothing) is
/// replaced. Devices and FIFOs are made in a temporary folder, never the real /dev/null.
@Suite(.serialized) final class OutputDestinationTests {
    let folder: URL
    let fixtures = TestPackage.root.appendingPathComponent("fixtures").path

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lendaudit-outputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func lendaudit(_ arguments: [String]) throws -> BinaryRun {
        try BinaryRun.lendaudit(arguments, in: folder.path)
    }

    /// The Markdown report of fixtures/ as written to a regular file: what every other target must receive.
    func referenceReport() throws -> Data {
        let run = try lendaudit(["scan", fixtures, "--output", path("reference.md"), "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        return try Data(contentsOf: URL(fileURLWithPath: path("reference.md")))
    }

    static func fileType(_ path: String) -> mode_t {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        return status.st_mode & S_IFMT
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments) failed")
    }

    @Test(.enabled(if: getuid() == 0, "mknod needs root"))
    func aCharacterDeviceStaysADevice() throws {
        let device = path("null")
        try Self.run("/usr/bin/mknod", [device, "c", "1", "3"])
        let run = try lendaudit(["scan", fixtures, "--output", device, "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Self.fileType(device) == S_IFCHR, "the device was replaced")
        let merge = try lendaudit(["merge", "--output", device, "--fail-on", "none", try jsonReport()])
        #expect(merge.status == 0, "stderr: \(merge.stderr)")
        #expect(Self.fileType(device) == S_IFCHR, "merge replaced the device")
        let app = fixtures + "/quickcash"
        let diff = try lendaudit(["diff", app, app, "--output", device, "--fail-on", "none"])
        #expect(diff.status == 0, "stderr: \(diff.stderr)")
        #expect(Self.fileType(device) == S_IFCHR, "diff replaced the device")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".lendaudit-") }
        #expect(leftovers.isEmpty, "hidden files left beside the device: \(leftovers)")
    }

    func jsonReport() throws -> String {
        let report = path("report.json")
        let run = try lendaudit(["scan", fixtures, "--format", "json", "--output", report, "--fail-on", "none"])
        #expect(run.status == 0)
        return report
    }

    @Test func aFIFOIsWrittenThroughAndStaysAFIFO() throws {
        let expected = try referenceReport()
        let fifo = path("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        // A reader in another process, as `lendaudit … --output fifo & cat fifo` would have.
        let received = path("received.md")
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat '\(fifo)' > '\(received)'"]
        try reader.run()
        let run = try lendaudit(["scan", fixtures, "--output", fifo, "--fail-on", "none"])
        reader.waitUntilExit()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Self.fileType(fifo) == S_IFIFO)
        #expect(try Data(contentsOf: URL(fileURLWithPath: received)) == expected)
    }

    @Test func aLinkToStandardOutputWritesThereAndStaysALink() throws {
        let expected = try referenceReport()
        let link = path("stdout-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
        let run = try lendaudit(["scan", fixtures, "--output", link, "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Data(run.stdout.utf8) == expected)
        #expect(Self.fileType(link) == S_IFLNK)
    }

    @Test func aLinkToARegularFileKeepsTheLinkAndFillsItsTarget() throws {
        let expected = try referenceReport()
        let target = path("kept.md"), link = path("link.md")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "kept.md")
        let run = try lendaudit(["scan", fixtures, "--output", link, "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Self.fileType(link) == S_IFLNK)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == expected)
    }

    @Test func dashIsStandardOutputAndNoFileIsNamedDash() throws {
        let expected = try referenceReport()
        let run = try lendaudit(["scan", fixtures, "--output", "-", "--fail-on", "none"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(Data(run.stdout.utf8) == expected)
        #expect(!FileManager.default.fileExists(atPath: path("-")))
        let twice = try lendaudit(["scan", fixtures, "--output", "-", "--json", "-"])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("only one report can go to standard output"))
    }

    @Test func aProcessSubstitutionReceivesTheReport() throws {
        let counted = path("count")
        let binary = TestPackage.binary.path
        let script = "'\(binary)' scan '\(fixtures)' --fail-on none --json >(wc -c > '\(counted)') > /dev/null; status=$?; wait; sleep 0.2; exit $status"
        try Self.run("/bin/bash", ["-c", script])
        let count = try String(contentsOfFile: counted, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let json = try Data(contentsOf: URL(fileURLWithPath: try jsonReport()))
        #expect(Int(count) == json.count)
    }

    @Test func foldersAndLinksToNothingAreRefusedWithTheirName() throws {
        let intoFolder = try lendaudit(["scan", fixtures, "--output", folder.path])
        #expect(intoFolder.status == 2)
        #expect(intoFolder.stderr.contains("it is a folder"), "stderr: \(intoFolder.stderr)")
        let dangling = path("dangling.md")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere")
        let run = try lendaudit(["scan", fixtures, "--output", dangling])
        #expect(run.status == 2)
        #expect(run.stderr.contains("dangling.md: it is a symbolic link to nothing"), "stderr: \(run.stderr)")
        #expect(Self.fileType(dangling) == S_IFLNK)
        #expect(!FileManager.default.fileExists(atPath: path("nowhere")))
    }
}
