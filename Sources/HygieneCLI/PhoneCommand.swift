import ArgumentParser
import AuditCore
import Foundation
import Phone
import ShippedChecks

/// `hygiene phone`: what goes with reading a phone (the scan itself is `hygiene audit --phone android|ios`).
struct PhoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phone",
        abstract: "Check a phone (Android or iPhone) for stalkerware and signs of monitoring: how to connect it, and how to lock it again afterwards.",
        discussion: """
            The scan itself is 'hygiene audit --phone android' (over USB debugging with adb) or 'hygiene audit \
            --phone ios' (an iPhone over USB with libimobiledevice); it changes nothing on the phone. 'hygiene phone \
            guide' explains, step by step, how to let this computer in, what to keep as evidence, Safety Check on \
            an iPhone, and how to close everything again when the scan is done.

            Exit status: 0 done, 2 the guide's data file does not read (named with its line), 64 a usage error.
            """,
        subcommands: [Guide.self],
        defaultSubcommand: Guide.self)

    /// `hygiene phone guide`: the steps before, during and after a phone scan.
    struct Guide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "guide",
            abstract: "How to let this computer read the phone, run the scan and close it all again (Android and iPhone).")

        @OptionGroup var common: CommonOptions

        @Option(name: .long, help: "Output format: text, markdown, html or json.")
        var format: OutputFormat = .text

        @Option(name: .long, help: ArgumentHelp("Show only these sections (repeatable): before, enable, check, afterwards, helper, iphone-connect, iphone-evidence, iphone-safety-check, iphone-afterwards.", valueName: "id"))
        var section: [String] = []

        /// Where the guide is among the shipped check files.
        static let path = "Checks/phone/guide.yaml"

        func run() async throws {
            try await reportingErrors {
                let environment = common.environment
                let configuration = try common.loadConfiguration()
                let language = common.language(configuration)
                let guide = try Self.shippedGuide()
                if let unknown = section.first(where: { guide.section($0) == nil }) {
                    throw ValidationError(PhoneFamilyWords.noSection(unknown, guide.sections.map(\.id))(language))
                }
                environment.output.write(try guide.render(
                    format, language: language, sections: section.isEmpty ? nil : section,
                    color: format == .text && environment.useColor, width: environment.terminalWidth))
            }
        }

        /// The guide shipped in `Checks/phone/guide.yaml`, embedded in the binary.
        static func shippedGuide(_ files: [(path: String, text: String)] = ShippedChecks.files) throws -> PhoneGuide {
            guard let file = files.first(where: { $0.path == path }) else { throw PhoneGuideError.missing(path: path) }
            return try PhoneGuide(file: CheckDataFile(path: file.path, text: file.text))
        }
    }
}
