import Audit
import Foundation
import Rules

/// Finds and parses the config file; a broken one is exit 2.
///
/// Lookup order: `--config FILE`; else `.lendaudit.yml` in the first scanned folder (the folder
/// of a scanned file), then in each folder above it up to the repository root (the first folder
/// that holds `.git`), the nearest one winning. Outside a repository the walk stops at the
/// current folder, when the scanned folder lies below it; it never climbs above both.
enum ConfigLoading {
    static let fileName = ".lendaudit.yml"

    static func load(explicit: String?, roots: [String]) throws -> ScanConfiguration {
        guard let path = explicit ?? roots.first.flatMap(find) else { return ScanConfiguration() }
        return try Console.orExit { () throws(RuleFileError) in try ScanConfiguration.load(path: path) }
    }

    /// The config file that applies to a scanned path, or nil.
    static func find(from root: String) -> String? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory) else { return nil }
        let current = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL.path
        var folder = URL(fileURLWithPath: root).standardizedFileURL
        if !isDirectory.boolValue { folder.deleteLastPathComponent() }
        let underCurrent = folder.path == current || folder.path.hasPrefix(current == "/" ? "/" : current + "/")
        while true {
            let candidate = folder.appendingPathComponent(fileName).path
            if manager.fileExists(atPath: candidate) { return candidate }
            // The repository's root is the last folder looked at; without one, the current folder.
            if manager.fileExists(atPath: folder.appendingPathComponent(".git").path) { return nil }
            if !underCurrent || folder.path == current || folder.path == "/" { return nil }
            folder.deleteLastPathComponent()
        }
    }
}
