import ArgumentParser
import AuditCore
import Exposure
import Foundation

/// `hygiene removal-request`: prints a GDPR article 17 letter to send to a site owner.
struct RemovalRequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removal-request",
        abstract: "Print a letter asking a site owner to erase your personal data (GDPR art. 17).",
        discussion: "Nothing is sent: copy the letter into an e-mail or the site's contact form. Use --lang nl for Dutch.")

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("url"), help: ArgumentHelp("The page that shows your data (repeatable).", valueName: "address"))
    var urls: [String] = []

    @Option(name: .customLong("kind"), help: ArgumentHelp("What the page shows (repeatable): \(RemovalRequest.knownKinds.joined(separator: ", ")).", valueName: "kind"))
    var kinds: [String] = []

    @Option(name: .long, help: "The name to sign with (default: the name in the identity file, if any).")
    var name: String?

    @OptionGroup var person: IdentityOptions

    func run() async throws {
        let environment = CLIEnvironment.current
        try await reportingErrors {
            let configuration = try common.loadConfiguration()
            let language = common.language(configuration)
            let known = RemovalRequest.knownKinds.joined(separator: ", ")
            for kind in kinds where !RemovalRequest.knownKinds.contains(kind) {
                throw ValidationError(LocalizedText(en: "--kind \(kind): not one of \(known)",
                                                    nl: "--kind \(kind): kies uit \(known)")(language))
            }
            var signature = name
            if signature == nil, let path = person.path(configuration) {
                signature = try Identity.load(path: path).name
            }
            let letter = RemovalRequest(urls: urls, kinds: kinds, name: signature, date: environment.now())
            environment.output.write(try letter.render(language))
        }
    }
}
