import Audit
import Foundation
import Rules

/// Finds and parses the config file; a broken one is exit 2.
enum ConfigLoading {
    static func load(explicit: String?, roots: [String]) throws -> ScanConfiguration {
        var path = explicit
        if path == nil, let root = roots.first {
            var isDirectory: ObjCBool = false
            let candidate = URL(fileURLWithPath: root).appendingPathComponent(".lendaudit.yml").path
            if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue,
               FileManager.default.fileExists(atPath: candidate) {
                path = candidate
            }
        }
        guard let path else { return ScanConfiguration() }
        return try Console.orExit { () throws(RuleFileError) in try ScanConfiguration.load(path: path) }
    }
}
