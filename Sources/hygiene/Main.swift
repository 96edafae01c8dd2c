import ArgumentParser
import Foundation
import HygieneCLI

/// The executable only hands the arguments to the commands in HygieneCLI; help asked in Dutch is
/// rendered from the Dutch help table first.
@main
struct Main {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let dutch = DutchHelp.help(for: arguments, environment: ProcessInfo.processInfo.environment) {
            FileHandle.standardOutput.write(Data(dutch.utf8))
            return
        }
        await Hygiene.runAsRoot()
    }
}
