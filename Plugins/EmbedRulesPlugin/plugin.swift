import Foundation
import PackagePlugin

/// Embeds the top-level rules/ folder into the target that uses the plugin, so the built binary
/// works from any working folder. SwiftPM cannot bundle resources from outside a target's folder.
@main
struct EmbedRulesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledRuleFiles.swift")
        var inputs: [URL] = []
        if let enumerator = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding rule packs from rules/",
                executable: try context.tool(named: "EmbedRules").url,
                arguments: [rules.path, output.path],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output]
            ),
        ]
    }
}
