import Findings
import Foundation

/// Reads a HarmonyOS module manifest into permissions: `module.json5` (source) or `module.json`
/// (compiled, in a HAP) with `module.requestPermissions[]`, and the legacy `config.json` with
/// `module.reqPermissions[]`.
enum HarmonyModuleReader {
    /// Largest string.json read to resolve `$string:` references.
    static let maximumStringFileSize = 16 << 20

    /// `absolutePath` is where the module file is on disk; with it, `$string:name` reasons are
    /// resolved from `resources/base/element/string.json` beside it (the HarmonyOS layout is
    /// `entry/src/main/module.json5` next to `entry/src/main/resources/`). Without it, or when a
    /// name is not found, the reason keeps its `$string:` text.
    static func read(_ bytes: [UInt8], path: String, absolutePath: String?) throws(ManifestError) -> ManifestReadResult {
        let root = try parse(bytes, what: "the HarmonyOS module file")
        guard case .object = root.kind else {
            throw ManifestError("the HarmonyOS module file's top level is not an object")
        }
        let module = root["module"]
        let legacy = module?["requestPermissions"] == nil && module?["reqPermissions"] != nil
        let requests = (legacy ? module?["reqPermissions"] : module?["requestPermissions"])?.array ?? []

        var strings: [String: String]?
        func resolve(_ text: String) -> String {
            guard text.hasPrefix("$string:") else { return text }
            if strings == nil { strings = stringResources(beside: absolutePath) }
            return strings?[String(text.dropFirst("$string:".count))] ?? text
        }

        var permissions: [Permission] = []
        for request in requests {
            guard let nameMember = request.member("name"), let name = nameMember.value.string, !name.isEmpty else { continue }
            var qualifiers: [String: String] = [:]
            if let scene = request["usedScene"] {
                // module.json5 says `abilities`, config.json said `ability`.
                let abilities = (scene["abilities"] ?? scene["ability"])?.array?.compactMap(\.string) ?? []
                if !abilities.isEmpty { qualifiers["usedScene.abilities"] = abilities.joined(separator: ",") }
                if let when = scene["when"]?.string { qualifiers["usedScene.when"] = when }
            }
            permissions.append(Permission(
                platform: .harmonyos,
                name: name,
                purpose: request["reason"]?.string.map(resolve),
                location: SourceLocation(path: path, line: nameMember.keyLine, column: nameMember.keyColumn),
                qualifiers: qualifiers
            ))
        }
        let defined = (module?["definePermissions"] ?? module?["defPermissions"])?.array ?? []
        let app = root["app"]
        // module.json (compiled) carries app.versionName/versionCode; config.json nests them in app.version.
        return ManifestReadResult(
            permissions: permissions,
            format: .harmonyModule,
            appIdentifier: app?["bundleName"]?.string,
            versionName: (app?["versionName"] ?? app?["version"]?["name"])?.scalarText,
            versionCode: (app?["versionCode"] ?? app?["version"]?["code"])?.scalarText,
            declaredPermissions: Array(Set(defined.compactMap { $0["name"]?.string })).sorted()
        )
    }

    /// Parses JSON5 bytes, turning a syntax error into a plain reason.
    static func parse(_ bytes: [UInt8], what: String) throws(ManifestError) -> JSON5Value {
        guard let scalars = TextLines.scalars(of: bytes) else {
            throw ManifestError("\(what) is not UTF-8 text")
        }
        do {
            return try JSON5Parser.parse(scalars)
        } catch {
            throw ManifestError("\(what) is not valid JSON5 (\(error))")
        }
    }

    /// `name -> value` from the module's base string resources, or empty when there are none.
    private static func stringResources(beside absolutePath: String?) -> [String: String] {
        guard let absolutePath else { return [:] }
        let file = URL(fileURLWithPath: absolutePath).deletingLastPathComponent()
            .appendingPathComponent("resources/base/element/string.json")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              let size = attributes[.size] as? NSNumber, size.intValue <= maximumStringFileSize,
              let data = try? Data(contentsOf: file),
              let root = try? parse([UInt8](data), what: "string.json")
        else { return [:] }
        var table: [String: String] = [:]
        for entry in root["string"]?.array ?? [] {
            if let name = entry["name"]?.string, let value = entry["value"]?.string { table[name] = value }
        }
        return table
    }
}
