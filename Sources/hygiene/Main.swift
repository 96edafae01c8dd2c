import ArgumentParser
import HygieneCLI

/// The executable only hands the arguments to the commands in HygieneCLI.
@main
struct Main {
    static func main() async {
        await Hygiene.runAsRoot()
    }
}
