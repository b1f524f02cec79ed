import Foundation

/// Where the package and the built `lendaudit` binary are, for tests that run it as a user would.
public enum TestPackage {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (SwiftPM builds the executable target for the tests
    /// that depend on it).
    public static var binary: URL {
        let beside = Bundle.main.bundleURL.appendingPathComponent("lendaudit")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let fromExecutable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lendaudit")
        if FileManager.default.isExecutableFile(atPath: fromExecutable.path) { return fromExecutable }
        return root.appendingPathComponent(".build/debug/lendaudit")
    }
}
