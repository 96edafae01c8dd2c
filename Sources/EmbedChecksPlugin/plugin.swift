import Foundation
import PackagePlugin

/// Embeds every file under the package's top-level `Checks/` folder — the check definitions (YAML), the
/// data they name (JSON, YAML, CSV) and its licence notices (Markdown) — into the `ShippedChecks` module, so the
/// built binary finds its checks from any working directory and any install location.
@main
struct EmbedChecksPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let packageDir = context.package.directoryURL
        let checksDir = packageDir.appending(path: "Checks")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: checksDir, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where ["yaml", "yml", "json", "md", "csv"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedChecks.swift")
        var arguments = [output.path, packageDir.path]
        arguments += inputs.map(\.path)
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) check files",
                executable: try context.tool(named: "embed-checks").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
