import Findings

/// Reads a WeChat mini-program `app.json`: the `permission` scopes it explains to the user
/// (`"scope.userLocation": {"desc": …}`) and its `requiredPrivateInfos` API list.
enum MiniProgramReader {
    static func read(_ bytes: [UInt8], path: String) throws(ManifestError) -> ManifestReadResult {
        let root = try HarmonyModuleReader.parse(bytes, what: "the mini-program app.json")
        guard case .object = root.kind else {
            throw ManifestError("the mini-program app.json's top level is not an object")
        }
        var permissions: [Permission] = []
        if case .object(let scopes)? = root["permission"]?.kind {
            for scope in scopes where !scope.key.isEmpty {
                permissions.append(Permission(
                    platform: .miniprogram,
                    name: scope.key,
                    purpose: scope.value["desc"]?.string,
                    location: SourceLocation(path: path, line: scope.keyLine, column: scope.keyColumn),
                    qualifiers: ["declaredIn": "permission"]
                ))
            }
        }
        for info in root["requiredPrivateInfos"]?.array ?? [] {
            guard let name = info.string, !name.isEmpty else { continue }
            permissions.append(Permission(
                platform: .miniprogram,
                name: name,
                location: SourceLocation(path: path, line: info.line, column: info.column),
                qualifiers: ["declaredIn": "requiredPrivateInfos"]
            ))
        }
        return ManifestReadResult(permissions: permissions, format: .miniProgramAppJSON)
    }
}
