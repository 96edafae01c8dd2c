import ArgumentParser
import AuditCore
import Foundation
import Safety

/// `--tsa-ca`: the certificate authorities trusted for time stamps besides the system's, for every
/// evidence command that checks or asks for a stamp.
struct TimestampTrustOptions: ParsableArguments {
    @Option(name: .customLong("tsa-ca"), help: ArgumentHelp("A certificate authority to trust for time stamps, besides the system's (PEM; repeatable).",
                                                           valueName: "file"))
    var tsaCA: [String] = []

    var verifier: TimestampVerifier { TimestampVerifier(trustRoots: TimestampTrustRoots(caFiles: tsaCA)) }
}

/// `--identity`: the person's details, for every command that looks for them (pages, passwords, letters).
struct IdentityOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A YAML file with your name, aliases, usernames, street, employer, emails, phones and terms.", valueName: "file"))
    var identity: String?

    /// The identity file given here, or the configuration's.
    func path(_ configuration: Configuration) -> String? { identity ?? configuration.inputs[Identity.inputName].first }

    /// The identity read, or nil when none is given; a file that cannot be read stops the run.
    func load(_ configuration: Configuration) throws -> Identity? { try path(configuration).map { try Identity.load(path: $0) } }
}
